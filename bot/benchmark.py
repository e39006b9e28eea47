"""`make benchmark`: this project's config against Rasa's default config, and the production
profile, in one run, on this machine.

The **anchor** is this project's data and domain trained with Rasa's default config (no
pipeline and no policies in config.yml: what `rasa init` leaves, so Rasa fills in its
defaults; no custom components; Rasa's own SQL tracker store). It is trained by the benchmark itself, once per version of the
data and domain (kept in .cache/benchmark/, keyed by a hash of config, domain and data), and
measured in the same run as the shipped config. With ``--train`` the shipped config.yml is also
trained cold in the same run (else the trained model from `make train` is measured and its
training time is not reported).

Every set-up starts in turn (never two at once, so they do not share the two cores), with its
own temporary tracker database. Measured per set-up, with the same Dutch turns (bot.belasting):

* start: from starting the processes to the first answer;
* throughput (turns per second of wall time) and p50/p95 latency per turn with 1, 10 and 50
  conversations at once (``beurten`` turns each);
* one long conversation: the mean latency of turns 191-200 over that of turns 6-15;
* the RSS of the Rasa process after the load.

Results go to reports/benchmark/: resultaat.md (table), resultaat.json and latentie.png
(latency against concurrency). The last printed line sums up the shipped config against the
anchor in one line. Benchmarks report figures; no test gates on time.
"""
from __future__ import annotations

import dataclasses
import json
import os
import platform
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from bot.belasting import Gesprekken, samenvatting, tijd
from bot.modelhash import schrijf_hash
from bot.serve import ProductieStack, Stack, vrije_poort
from bot.settings import PROJECT_ROOT, Settings

# Rasa's default config: no pipeline, no policies -> Rasa uses its own defaults.
ANKER_CONFIG = "recipe: default.v1\nassistant_id: anker-rasa-standaard\nlanguage: nl\n"
LANG_GESPREK = 200
VROEG = range(5, 15)      # turns 6-15 of the long conversation
LAAT = range(190, 200)    # turns 191-200


def rss_mb(pid: int) -> float:
    """Resident memory of a process and everything in its process group, in MB."""
    total_kb = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getpgid(int(entry)) != pid:
                continue
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return total_kb / 1024


def train_model(config: Path, out_dir: Path, naam: str) -> float:
    """Train cold (own Rasa cache); write the hash the stack checks; return seconds."""
    from bot.evaluate import train

    seconden = train(config, out_dir, naam)
    model = out_dir / f"{naam}.tar.gz"
    schrijf_hash(model, model.with_name(model.name + ".sha256"))
    return seconden


def rasa_eigen_tracker_store(pad: Path) -> Path:
    """endpoints.yml with Rasa's own SQLTrackerStore (``type: SQL``) instead of the project's
    windowed store, and Rasa's own response generator: the anchor is Rasa as it comes, on the
    same SQLite and action server."""
    import yaml

    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["tracker_store"]["type"] = "SQL"
    endpoints.pop("nlg", None)
    pad.write_text(yaml.safe_dump(endpoints, sort_keys=False), encoding="utf-8")
    return pad


def anker_sleutel() -> str:
    """Fingerprint of what the anchor is trained from: its config, the domain and the data."""
    import hashlib

    from bot.evaluate import RASA_DATA

    digest = hashlib.sha256(ANKER_CONFIG.encode())
    bestanden = [PROJECT_ROOT / "domain.yml"] + sorted(
        p for map_ in RASA_DATA for p in (PROJECT_ROOT / map_).rglob("*.yml"))
    for pad in bestanden:
        digest.update(str(pad.relative_to(PROJECT_ROOT)).encode())
        digest.update(pad.read_bytes())
    return digest.hexdigest()[:16]


def anker_model(cache_dir: Path) -> Tuple[Path, float]:
    """The anchor model and its (cold) training time: trained once per data version and kept in
    ``cache_dir`` (a build output), so a second run measures without training it again."""
    map_ = cache_dir / f"anker-{anker_sleutel()}"
    model, tijd_pad = map_ / "anker.tar.gz", map_ / "training_s.txt"
    if model.exists() and tijd_pad.exists():
        print(f"Anker uit de cache: {model}", flush=True)
        return model, float(tijd_pad.read_text())
    map_.mkdir(parents=True, exist_ok=True)
    config = map_ / "anker-config.yml"
    config.write_text(ANKER_CONFIG, encoding="utf-8")
    print("Anker trainen: deze data met Rasa's standaardconfig ...", flush=True)
    seconden = train_model(config, map_, "anker")
    tijd_pad.write_text(f"{seconden:.1f}")
    print(f"  anker getraind in {seconden:.0f} s", flush=True)
    return model, seconden


def lang_gesprek_verhouding(webhook: str, beurten: int = LANG_GESPREK) -> Dict[str, float]:
    """Latency late in one long conversation over latency early in it."""
    gesprek = Gesprekken([webhook], prefix="lang").gesprek(0, beurten)
    fouten = [b for b in gesprek if not b.gelukt]
    if fouten:
        raise RuntimeError(f"lang gesprek: {len(fouten)} beurten zonder antwoord "
                           f"(eerste: beurt {fouten[0].nummer}, {fouten[0].fout})")
    vroeg = statistics.mean(gesprek[i].duur for i in VROEG)
    laat = statistics.mean(gesprek[i].duur for i in LAAT if i < len(gesprek))
    return {"vroeg_ms": vroeg * 1000, "laat_ms": laat * 1000, "verhouding": laat / vroeg,
            "fouten": sum(not b.gelukt for b in gesprek)}


def _eerste_antwoord(webhook: str, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        beurt = Gesprekken([webhook], prefix="start").gesprek(0, 1)[0]
        if beurt.gelukt:
            return
        time.sleep(0.2)
    raise RuntimeError("geen eerste antwoord")


def _meet(naam: str, stack: Stack, webhooks: List[str], gelijktijdig: List[int],
          beurten: int, lang: bool = True) -> Dict:
    begin = time.monotonic()
    stack.start(timeout=600)
    try:
        _eerste_antwoord(webhooks[0])
        start_s = time.monotonic() - begin
        print(f"  {naam}: eerste antwoord na {start_s:.1f} s", flush=True)
        Gesprekken(webhooks, prefix="opwarmen").draai(gesprekken=4, beurten=4)
        niveaus = []
        for n in gelijktijdig:
            load = Gesprekken(webhooks, prefix=f"n{n}")
            resultaten, wandtijd = tijd(lambda: load.draai(gesprekken=n, beurten=beurten))
            niveaus.append({"gelijktijdig": n, **samenvatting(resultaten, wandtijd)})
            print(f"  {naam}: {n} gesprekken x {beurten} beurten -> "
                  f"{niveaus[-1]['doorvoer']:.1f} beurten/s, p50 {niveaus[-1]['p50_ms']:.0f} ms, "
                  f"p95 {niveaus[-1]['p95_ms']:.0f} ms, fouten {niveaus[-1]['fouten']}", flush=True)
        lang_gesprek = lang_gesprek_verhouding(webhooks[0]) if lang else None
        if lang_gesprek:
            print(f"  {naam}: lang gesprek, beurt 191-200 / 6-15 = "
                  f"{lang_gesprek['verhouding']:.2f}x", flush=True)
        rss = {proces: round(rss_mb(stack.pid(proces))) for proces in stack.process_names()}
        return {"opstelling": naam, "start_s": round(start_s, 1), "niveaus": niveaus,
                "lang_gesprek": lang_gesprek, "rss_mb": rss}
    finally:
        stack.stop()


def _niveau(meting: Dict, n: int) -> Optional[Dict]:
    return next((x for x in meting["niveaus"] if x["gelijktijdig"] == n), None)


def _tabel(metingen: List[Dict], beurten: int) -> str:
    regels = [
        f"| opstelling | gesprekken tegelijk (x {beurten} beurten) | beurten/s | p50 | p95 | fouten |",
        "|---|---|---|---|---|---|",
    ]
    for m in metingen:
        for n in m["niveaus"]:
            regels.append(
                f"| {m['opstelling']} | {n['gelijktijdig']} | {n['doorvoer']:.1f} | "
                f"{n['p50_ms']:.0f} ms | {n['p95_ms']:.0f} ms | {n['fouten']} |"
            )
    regels += ["", "| opstelling | training | start -> eerste antwoord | lang gesprek (beurt 191-200 / 6-15) "
               "| RSS per proces na de belasting |", "|---|---|---|---|---|"]
    for m in metingen:
        lang = m.get("lang_gesprek")
        training = f"{m['training_s']:.0f} s" if m.get("training_s") else "-"
        regels.append(
            f"| {m['opstelling']} | {training} | {m['start_s']:.1f} s | "
            + (f"{lang['verhouding']:.2f}x ({lang['vroeg_ms']:.0f} -> {lang['laat_ms']:.0f} ms)"
               if lang else "-")
            + " | " + ", ".join(f"{p} {mb} MB" for p, mb in m["rss_mb"].items()) + " |")
    return "\n".join(regels)


def samenvattingsregel(eigen: Dict, anker: Dict) -> str:
    """`benchmark: c50 throughput 2.7x default config; c50 p95 840 ms; ...` (the issue's form)."""
    hoogste = max(n["gelijktijdig"] for n in eigen["niveaus"])
    e50, a50 = _niveau(eigen, hoogste), _niveau(anker, hoogste)
    e1, a1 = _niveau(eigen, 1), _niveau(anker, 1)
    delen = [f"c{hoogste} throughput {e50['doorvoer'] / a50['doorvoer']:.2f}x default config",
             f"c{hoogste} p95 {e50['p95_ms']:.0f} ms"]
    if e1 and a1:
        delen.append(f"c1 p50 {e1['p50_ms'] / a1['p50_ms']:.2f}x")
    if eigen.get("lang_gesprek"):
        delen.append(f"long {eigen['lang_gesprek']['verhouding']:.2f}x")
    delen.append(f"RSS {eigen['rss_mb'].get('rasa', 0)} MB")
    delen.append(f"start {eigen['start_s']:.0f} s")
    if eigen.get("training_s"):
        delen.append(f"train {eigen['training_s']:.0f} s")
    return "benchmark: " + "; ".join(delen)


def _plot(metingen: List[Dict], pad: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for m in metingen:
        x = [n["gelijktijdig"] for n in m["niveaus"]]
        lijn, = ax.plot(x, [n["p95_ms"] for n in m["niveaus"]], marker="o", label=f"{m['opstelling']} p95")
        ax.plot(x, [n["p50_ms"] for n in m["niveaus"]], marker=".", linestyle="--",
                color=lijn.get_color(), label=f"{m['opstelling']} p50")
    ax.set_xlabel("gesprekken tegelijk")
    ax.set_ylabel("latentie per beurt (ms)")
    ax.set_yscale("log")
    ax.set_title("Latentie tegen gelijktijdigheid (REST, zelfde beurten)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(pad, dpi=100)
    plt.close(fig)


def run_benchmark(settings: Settings, gelijktijdig: List[int], beurten: int, out_dir: Path,
                  train: bool = False, productie: bool = True,
                  cache_dir: Path = PROJECT_ROOT / ".cache" / "benchmark") -> int:
    eigen = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory(prefix="benchmark-") as tmp:
        tmp_pad = Path(tmp)
        anker_pad, anker_training = anker_model(cache_dir)
        eigen_model, eigen_training = settings.model_path, None
        if train:
            print("config.yml koud trainen ...", flush=True)
            eigen_training = train_model(PROJECT_ROOT / "config.yml", tmp_pad, "eigen")
            eigen_model = tmp_pad / "eigen.tar.gz"
            print(f"  config.yml getraind in {eigen_training:.0f} s", flush=True)

        def basis(model: Path, naam: str) -> Settings:
            # The benchmark measures the assistant, not the rate limiter: one conversation of
            # 200 turns in half a minute would be limited after 20 (60/min, burst 20).
            return dataclasses.replace(
                settings, actions_port=vrije_poort(), web_port=vrije_poort(), api_token=None,
                rasa_port=vrije_poort(), model_path=model, tracker_db=tmp_pad / f"{naam}.db",
                limiet_gesprek_per_minuut=LANG_GESPREK * 100, limiet_gesprek_burst=LANG_GESPREK * 2)

        anker = Stack(basis(anker_pad, "anker"), log_dir=tmp_pad / "anker")
        anker.endpoints_file = str(rasa_eigen_tracker_store(tmp_pad / "anker-endpoints.yml"))
        anker.rasa_zoals_geleverd = True
        sqlite = Stack(basis(eigen_model, "eigen"), log_dir=tmp_pad / "eigen")
        metingen = [
            {**_meet("Rasa-standaardconfig (anker)", anker, [anker.rest_webhook], gelijktijdig, beurten),
             "training_s": anker_training},
            {**_meet("config.yml, SQLite, 1 Rasa-proces (make run)", sqlite, [sqlite.rest_webhook],
                     gelijktijdig, beurten), "training_s": eigen_training},
        ]
        if productie:
            prod = ProductieStack(
                dataclasses.replace(basis(eigen_model, "productie"),
                                    replica_ports_raw=f"{vrije_poort()},{vrije_poort()}",
                                    pg_db=f"assistent_benchmark_{eigen}", redis_prefix=f"bench{eigen}"),
                log_dir=tmp_pad / "productie",
            )
            try:
                metingen.append(_meet(
                    "config.yml, PostgreSQL + Redis, 2 replica's (make run-production)", prod,
                    [prod.replica_webhook(i) for i in range(len(prod.settings.replica_ports))],
                    gelijktijdig, beurten, lang=False))
            finally:
                prod.drop_database()
    tabel = _tabel(metingen, beurten)
    regel = samenvattingsregel(metingen[1], metingen[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    kop = (f"Gemeten {time.strftime('%Y-%m-%d %H:%M')} op {platform.node()} "
           f"({os.cpu_count()} cores), `make benchmark`\n\n")
    (out_dir / "resultaat.md").write_text(kop + tabel + "\n\n" + regel + "\n", encoding="utf-8")
    (out_dir / "resultaat.json").write_text(json.dumps(metingen, indent=2), encoding="utf-8")
    _plot(metingen, out_dir / "latentie.png")
    print("\n" + tabel + f"\n\nOpgeslagen in {out_dir}/ (resultaat.md, latentie.png)", flush=True)
    print(regel, flush=True)
    return 1 if any(n["fouten"] for m in metingen for n in m["niveaus"]) else 0
