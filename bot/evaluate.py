"""Evaluate a trained model on the held-out NLU set, and compare pipelines on it.

The held-out set (tests/nlu_heldout/) is written separately from the training data and
never trained on. Metrics:

* intent macro-F1 over the gold intents (a prediction of ``nlu_fallback`` counts as wrong);
* response-selector accuracy on retrieval examples (full ``intent/key`` right);
* out-of-scope (``buiten_domein``) precision and recall;
* fallback rate on in-scope questions.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

from bot.settings import PROJECT_ROOT

OUT_OF_SCOPE = "buiten_domein"
FALLBACK = "nlu_fallback"
RASA_DATA = ["data/nlu", "data/rules", "data/stories", "data/responses"]

# The NLU gate (tests/gate/ in CI).
MIN_INTENT_MACRO_F1 = 0.92
MIN_OUT_OF_SCOPE_RECALL = 0.95
MAX_IN_SCOPE_FALLBACK_RATE = 0.10  # i.e. >= 90 % answered without fallback


def gate_failures(report: Dict[str, Any]) -> List[str]:
    """The gates a held-out report misses, in Dutch; empty when all are met."""
    fouten = []
    if report["intent_macro_f1"] < MIN_INTENT_MACRO_F1:
        fouten.append(f"macro-F1 {report['intent_macro_f1']:.3f} < {MIN_INTENT_MACRO_F1}")
    if report["out_of_scope_recall"] < MIN_OUT_OF_SCOPE_RECALL:
        fouten.append(f"buiten_domein-recall {report['out_of_scope_recall']:.3f} "
                      f"< {MIN_OUT_OF_SCOPE_RECALL}")
    if report["in_scope_fallback_rate"] > MAX_IN_SCOPE_FALLBACK_RATE:
        fouten.append(f"fallback {report['in_scope_fallback_rate']:.1%} "
                      f"> {MAX_IN_SCOPE_FALLBACK_RATE:.0%}")
    return fouten


MIN_KNOP_ZEKERHEID = 0.7  # a clarification button's question; the fallback asks at < 0.45


def knoppen_fouten(model: Path, knoppen: Dict[str, str]) -> List[Tuple[str, str, str, float]]:
    """Clarification buttons (answer key or intent -> the question the button sends) that the
    model does not send surely to their own answer: (key, question, predicted, confidence)."""
    import asyncio

    sleutels = list(knoppen)
    parses = asyncio.run(_parse_all(model, [knoppen[k] for k in sleutels]))
    fout = []
    for sleutel, parse in zip(sleutels, parses):
        label = _predicted_label(parse)
        zeker = float(parse["intent"]["confidence"])
        goed = label == sleutel if "/" in sleutel else label.split("/")[0] == sleutel
        if not goed or zeker < MIN_KNOP_ZEKERHEID:
            fout.append((sleutel, knoppen[sleutel], label, round(zeker, 3)))
    return fout


def load_heldout(path: Path) -> List[Tuple[str, str]]:
    """(text, gold label) pairs; label is ``intent/key`` for retrieval intents."""
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT

    data = load_data(str(path))
    pairs = []
    for msg in data.intent_examples:
        label = msg.get(INTENT_RESPONSE_KEY) or msg.get(INTENT)
        pairs.append((msg.get(TEXT), label))
    return pairs


def _predicted_label(parse: Dict[str, Any]) -> str:
    intent = (parse.get("intent") or {}).get("name") or FALLBACK
    selector = parse.get("response_selector") or {}
    for key in (intent, "default"):
        response = (selector.get(key) or {}).get("response") or {}
        full = response.get("intent_response_key")
        if full and full.split("/")[0] == intent:
            return full
    return intent


async def _parse_all(model: Path, texts: List[str]) -> List[Dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(t) for t in texts]


def score(gold: List[str], pred: List[str]) -> Dict[str, Any]:
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    gold_base = [g.split("/")[0] for g in gold]
    pred_base = [p.split("/")[0] for p in pred]
    labels = sorted(set(gold_base))
    macro_f1 = f1_score(gold_base, pred_base, labels=labels, average="macro", zero_division=0)
    p, r, f, s = precision_recall_fscore_support(
        gold_base, pred_base, labels=labels, zero_division=0
    )
    per_intent = {
        lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
        for i, lab in enumerate(labels)
    }
    retrieval = [(g, q) for g, q in zip(gold, pred) if "/" in g]
    in_scope = [q for g, q in zip(gold_base, pred_base) if g != OUT_OF_SCOPE]
    oos = per_intent.get(OUT_OF_SCOPE, {})
    return {
        "n": len(gold),
        "intent_macro_f1": float(macro_f1),
        "intent_accuracy": sum(g == q for g, q in zip(gold_base, pred_base)) / max(len(gold), 1),
        "response_accuracy": sum(g == q for g, q in retrieval) / max(len(retrieval), 1),
        "out_of_scope_precision": oos.get("precision", 0.0),
        "out_of_scope_recall": oos.get("recall", 0.0),
        "in_scope_fallback_rate": sum(q == FALLBACK for q in in_scope) / max(len(in_scope), 1),
        "per_intent": per_intent,
    }


def _confusion_png(gold: List[str], pred: List[str], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import ConfusionMatrixDisplay

    gold_base = [g.split("/")[0] for g in gold]
    pred_base = [p.split("/")[0] for p in pred]
    labels = sorted(set(gold_base) | set(pred_base))
    fig, ax = plt.subplots(figsize=(11, 10))
    ConfusionMatrixDisplay.from_predictions(
        gold_base, pred_base, labels=labels, ax=ax, xticks_rotation=75, colorbar=False
    )
    ax.set_title("Held-out set: intent (rij = juist, kolom = voorspeld)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def evaluate_model(model: Path, heldout: Path, out_dir: Path) -> Dict[str, Any]:
    pairs = load_heldout(heldout)
    texts = [t for t, _ in pairs]
    gold = [g for _, g in pairs]
    started = time.monotonic()
    parses = asyncio.run(_parse_all(model, texts))
    pred = [_predicted_label(p) for p in parses]
    report = score(gold, pred)
    report["model"] = str(model)
    report["parse_seconds"] = round(time.monotonic() - started, 1)
    errors = [
        {"text": t, "gold": g, "predicted": q,
         "confidence": round(float((p.get("intent") or {}).get("confidence") or 0.0), 3)}
        for t, g, q, p in zip(texts, gold, pred, parses) if g != q
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    (out_dir / "errors.json").write_text(json.dumps(errors, indent=2, ensure_ascii=False))
    _confusion_png(gold, pred, out_dir / "confusion_matrix.png")
    report["errors"] = errors
    return report


def print_report(report: Dict[str, Any]) -> None:
    print(f"held-out voorbeelden      : {report['n']}")
    print(f"intent macro-F1           : {report['intent_macro_f1']:.3f}")
    print(f"intent accuracy           : {report['intent_accuracy']:.3f}")
    print(f"deelantwoord accuracy     : {report['response_accuracy']:.3f}")
    print(f"buiten_domein precision   : {report['out_of_scope_precision']:.3f}")
    print(f"buiten_domein recall      : {report['out_of_scope_recall']:.3f}")
    print(f"fallback op in-scope      : {report['in_scope_fallback_rate']:.3f}")
    print(f"fouten                    : {len(report.get('errors', []))}")


def train(config: Path, out_dir: Path, name: str) -> float:
    """Train a full model with ``config``; return wall-clock seconds."""
    cmd = [
        sys.executable, "-m", "rasa", "train",
        "--config", str(config), "--domain", "domain.yml",
        "--data", *RASA_DATA,
        "--out", str(out_dir), "--fixed-model-name", name, "--force",
    ]
    # A fresh training cache per run, so every config is timed cold (as on CI).
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2",
               RASA_CACHE_DIRECTORY=str(out_dir / f"cache-{name}"))
    started = time.monotonic()
    subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.monotonic() - started


SPACY_MET_LEMMA_DIR = ".cache/spacy-nl-met-lemma"
VARIANTS = ("spacy", "spacy_met_lemma", "whitespace", "met_diet")

# The pipeline before 2026-12-02 (TensorFlow): DIET and one ResponseSelector before the ranker,
# which then combines their opinion with the char model's (gewicht_diet), fallback at 0.45.
MET_DIET = [
    {"name": "LexicalSyntacticFeaturizer"},
    {"name": "CountVectorsFeaturizer"},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5},
    {"name": "DIETClassifier", "epochs": 40, "entity_recognition": False,
     "constrain_similarities": True, "random_seed": 1},
    {"name": "ResponseSelector", "epochs": 50, "constrain_similarities": True,
     "ranking_length": 0, "random_seed": 1},
]


def derive_config(base: Dict[str, Any], variant: str) -> Dict[str, Any]:
    """The base config (config.yml) with only the tokenisation changed for ``variant``, or
    (``met_diet``) with the former TensorFlow classifiers put back before the ranker.

    Deriving instead of keeping copies keeps every other setting identical, so a comparison
    measures the one change alone.
    """
    if variant not in VARIANTS:
        raise ValueError(f"onbekende variant {variant!r}; kies uit {', '.join(VARIANTS)}")
    config = json.loads(json.dumps(base))  # deep copy of plain YAML data
    pipeline = config["pipeline"]
    names = [step["name"] for step in pipeline]
    spacy_nlp = names.index("SpacyNLP")
    if variant == "spacy_met_lemma":
        pipeline[spacy_nlp]["model"] = SPACY_MET_LEMMA_DIR
    elif variant == "whitespace":
        tokenizer = names.index("SpacyTokenizer")
        pipeline[spacy_nlp:tokenizer + 1] = [{"name": "WhitespaceTokenizer"}]
    elif variant == "met_diet":
        ranker = next(i for i, n in enumerate(names) if n.endswith("AntwoordRangschikker"))
        pipeline[ranker] = {**pipeline[ranker], "gewicht_diet": 0.4}
        pipeline[ranker:ranker] = json.loads(json.dumps(MET_DIET))
        for step in pipeline:
            if step["name"] == "FallbackClassifier":
                step["threshold"] = 0.45
    return config


def write_variants(base_config: Path, variants: List[str], out_dir: Path) -> List[Path]:
    import yaml

    base = yaml.safe_load(base_config.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for variant in variants:
        path = out_dir / f"{variant}.yml"
        path.write_text(yaml.safe_dump(derive_config(base, variant), sort_keys=False),
                        encoding="utf-8")
        paths.append(path)
    return paths


def compare_pipelines(configs: List[Path], heldout: Path, out_dir: Path) -> List[Dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for config in configs:
            name = config.stem
            seconds = train(config, Path(tmp), name)
            report = evaluate_model(Path(tmp) / f"{name}.tar.gz", heldout, out_dir / name)
            rows.append({
                "config": str(config),
                "train_seconds": round(seconds, 1),
                **{k: round(v, 3) for k, v in report.items()
                   if k in ("intent_macro_f1", "intent_accuracy", "response_accuracy",
                            "out_of_scope_precision", "out_of_scope_recall",
                            "in_scope_fallback_rate")},
            })
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "comparison.json").write_text(json.dumps(rows, indent=2))
    header = "| config | train s | macro-F1 | acc | response acc | OOS P | OOS R | fallback |"
    print(header)
    print("|" + "---|" * 8)
    for r in rows:
        print(f"| {r['config']} | {r['train_seconds']} | {r['intent_macro_f1']} | "
              f"{r['intent_accuracy']} | {r['response_accuracy']} | "
              f"{r['out_of_scope_precision']} | {r['out_of_scope_recall']} | "
              f"{r['in_scope_fallback_rate']} |")
    return rows
