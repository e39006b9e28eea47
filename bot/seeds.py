"""Robust to retraining: train with several random seeds, run the test stories and the NLU
gate on each model (`make test-seeds`).

A fixed seed does not make TensorFlow training identical on another machine, so a model
trained elsewhere behaves like a model trained here with another seed. A story or gate that
passes for one seed only is a coin toss on CI; this command shows it before CI does.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import yaml

from bot.evaluate import evaluate_model, gate_failures, knoppen_fouten, train
from bot.settings import PROJECT_ROOT, Settings

STORIES = PROJECT_ROOT / "tests" / "stories"
HELDOUT = PROJECT_ROOT / "tests" / "nlu_heldout"
ECHTE_VRAGEN = PROJECT_ROOT / "tests" / "echte_vragen"


def _met_seed(config: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The pipeline components and policies of a config that have a ``random_seed``."""
    return [s for s in [*config.get("pipeline", []), *config.get("policies", [])]
            if "random_seed" in s]


def derive_seed_config(base: Dict[str, Any], seed: int) -> Dict[str, Any]:
    """The base config with ``random_seed`` set to ``seed`` wherever a component has one."""
    config = json.loads(json.dumps(base))  # deep copy of plain YAML data
    stappen = _met_seed(config)
    if not stappen:
        raise ValueError("geen component met random_seed in de config")
    for step in stappen:
        step["random_seed"] = seed
    return config


def seeds_in_config(config_path: Path) -> List[int]:
    """The distinct random seeds a config trains with (printed by `make train`/`make test`)."""
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    return sorted({int(s["random_seed"]) for s in _met_seed(config)})


def run_stories(model: Path, out_dir: Path) -> Dict[str, Any]:
    """`rasa test core --e2e` on tests/stories; which stories failed.

    Without ``--fail-on-prediction-errors`` (which `make test` uses): that flag stops at the
    first wrong prediction, and here every failing story is worth seeing.
    """
    cmd = [sys.executable, "-m", "rasa", "test", "core", "--e2e", "--model", str(model),
           "--stories", str(STORIES), "--out", str(out_dir)]
    result = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True)
    failed_file = out_dir / "failed_test_stories.yml"
    failed: List[str] = []
    if failed_file.exists():
        data = yaml.safe_load(failed_file.read_text(encoding="utf-8")) or {}
        failed = [s.get("story", "?") for s in data.get("stories") or []]
    report_file = out_dir / "story_report.json"
    if result.returncode != 0 or not report_file.exists():
        fout = " / ".join(result.stderr.strip().splitlines()[-3:])
        return {"total": 0, "passed": 0,
                "failed": [f"rasa test stopte met exitcode {result.returncode}: {fout}"]}
    verhalen = json.loads(report_file.read_text())["conversation_accuracy"]
    return {"total": verhalen["total"], "passed": verhalen["correct"], "failed": failed}


def run_seeds(seeds: List[int], base_config: Path, out_dir: Path) -> List[Dict[str, Any]]:
    base = yaml.safe_load(base_config.read_text(encoding="utf-8"))
    rows = []
    for seed in seeds:
        seed_dir = out_dir / f"seed-{seed}"
        seed_dir.mkdir(parents=True, exist_ok=True)
        config = seed_dir / "config.yml"
        config.write_text(yaml.safe_dump(derive_seed_config(base, seed), sort_keys=False),
                          encoding="utf-8")
        print(f"seed {seed}: trainen ...", flush=True)
        seconds = train(config, seed_dir, "model")
        model = seed_dir / "model.tar.gz"
        print(f"seed {seed}: testverhalen ...", flush=True)
        stories = run_stories(model, seed_dir / "stories")
        print(f"seed {seed}: held-out set ...", flush=True)
        report = evaluate_model(model, HELDOUT, seed_dir / "heldout")
        print(f"seed {seed}: knoppen en echte vragen ...", flush=True)
        knoppen = _knoppen_fouten(model)
        echt = _echte_vragen(model, seed_dir / "echte_vragen")
        row = {
            "seed": seed,
            "train_seconds": round(seconds),
            "stories_passed": stories["passed"],
            "stories_total": stories["total"],
            "stories_failed": stories["failed"],
            **{k: round(report[k], 3) for k in (
                "intent_macro_f1", "response_accuracy", "out_of_scope_recall",
                "in_scope_fallback_rate")},
            "echt_eerste_goed": echt["eerste_antwoord_goed"],
            "echt_een_klik": echt["binnen_een_klik"],
            "echt_buiten_domein": echt["buiten_domein_herkend"],
            "gate_failures": gate_failures(report) + [
                f"knop {k} ({v!r}) -> {p} {z}" for k, v, p, z in knoppen],
        }
        rows.append(row)
        print(format_row(row), flush=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "seeds.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    table = "\n".join([HEADER, "|" + "---|" * 11, *(format_row(r) for r in rows)])
    (out_dir / "seeds.md").write_text(table + "\n", encoding="utf-8")
    print("\n" + table)
    return rows


HEADER = ("| seed | train (s) | testverhalen | macro-F1 | deelantwoord | buiten_domein-recall "
          "| fallback | echt: 1e antwoord goed | echt: na één klik | echt: buiten domein "
          "| poorten |")


def _knoppen_fouten(model: Path) -> List[Any]:
    from actions.verduidelijking import knop_vragen, laad_teksten

    teksten = laad_teksten(Settings.from_env().texts_dir / "verduidelijking.yml")
    return knoppen_fouten(model, knop_vragen(teksten))


def _echte_vragen(model: Path, out_dir: Path) -> Dict[str, Any]:
    """The real-question figures of the test part (tests/echte_vragen/, never tuned on)."""
    from bot.echte_vragen import TEST, laad, meet

    return meet(model, laad(ECHTE_VRAGEN), out_dir)[TEST]


def format_row(r: Dict[str, Any]) -> str:
    poorten = "gehaald" if not r["gate_failures"] else "NIET: " + "; ".join(r["gate_failures"])
    return (f"| {r['seed']} | {r['train_seconds']} | {r['stories_passed']}/{r['stories_total']} "
            f"| {r['intent_macro_f1']:.3f} | {r['response_accuracy']:.3f} "
            f"| {r['out_of_scope_recall']:.3f} | {r['in_scope_fallback_rate']:.1%} "
            f"| {r['echt_eerste_goed']:.0%} | {r['echt_een_klik']:.0%} "
            f"| {r['echt_buiten_domein']:.0%} | {poorten} |")


def all_passed(rows: List[Dict[str, Any]]) -> bool:
    return all(not r["stories_failed"] and not r["gate_failures"] for r in rows)

