"""`make benchmark`: the production profile against the single-process SQLite default, in
one run, on this machine.

Both set-ups start in turn (never at the same time, so they do not share the two cores), with
their own temporary tracker database; for every level of concurrency N, N conversations of
``beurten`` Dutch turns each run at once (bot.belasting). Reported per set-up and level:
throughput (turns per second of wall time), p50/p95 latency per turn, errors, and after the
load the RSS of every process. Results go to reports/benchmark/ (markdown + JSON).
"""
from __future__ import annotations

import dataclasses
import json
import os
import platform
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List

from bot.belasting import Gesprekken, samenvatting, tijd
from bot.serve import ProductieStack, Stack, vrije_poort
from bot.settings import Settings


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


def _meet(naam: str, stack: Stack, webhooks: List[str], gelijktijdig: List[int],
          beurten: int) -> Dict:
    stack.start(timeout=400)
    try:
        Gesprekken(webhooks, prefix="opwarmen").draai(gesprekken=4, beurten=4)
        niveaus = []
        for n in gelijktijdig:
            load = Gesprekken(webhooks, prefix=f"n{n}")
            resultaten, wandtijd = tijd(lambda: load.draai(gesprekken=n, beurten=beurten))
            niveaus.append({"gelijktijdig": n, **samenvatting(resultaten, wandtijd)})
            print(f"  {naam}: {n} gesprekken x {beurten} beurten -> "
                  f"{niveaus[-1]['doorvoer']:.1f} beurten/s, p50 {niveaus[-1]['p50_ms']:.0f} ms, "
                  f"p95 {niveaus[-1]['p95_ms']:.0f} ms, fouten {niveaus[-1]['fouten']}", flush=True)
        rss = {proces: round(rss_mb(stack.pid(proces))) for proces in stack.process_names()}
        return {"opstelling": naam, "niveaus": niveaus, "rss_mb": rss}
    finally:
        stack.stop()


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
    regels += ["", "| opstelling | RSS per proces na de belasting |", "|---|---|"]
    for m in metingen:
        regels.append(f"| {m['opstelling']} | "
                      + ", ".join(f"{p} {mb} MB" for p, mb in m["rss_mb"].items()) + " |")
    return "\n".join(regels)


def run_benchmark(settings: Settings, gelijktijdig: List[int], beurten: int, out_dir: Path) -> int:
    eigen = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory(prefix="benchmark-") as tmp:
        basis = dataclasses.replace(
            settings, actions_port=vrije_poort(), web_port=vrije_poort(), api_token=None,
            tracker_db=Path(tmp) / "tracker.db",
        )
        sqlite = Stack(dataclasses.replace(basis, rasa_port=vrije_poort()), log_dir=Path(tmp) / "sqlite")
        productie = ProductieStack(
            dataclasses.replace(basis, replica_ports_raw=f"{vrije_poort()},{vrije_poort()}",
                                pg_db=f"assistent_benchmark_{eigen}", redis_prefix=f"bench{eigen}"),
            log_dir=Path(tmp) / "productie",
        )
        metingen = [
            _meet("SQLite, 1 Rasa-proces (make run)", sqlite, [sqlite.rest_webhook],
                  gelijktijdig, beurten),
        ]
        try:
            metingen.append(_meet(
                "PostgreSQL + Redis, 2 replica's (make run-production)", productie,
                [productie.replica_webhook(i) for i in range(len(productie.settings.replica_ports))],
                gelijktijdig, beurten))
        finally:
            productie.drop_database()
    tabel = _tabel(metingen, beurten)
    out_dir.mkdir(parents=True, exist_ok=True)
    kop = (f"Gemeten {time.strftime('%Y-%m-%d %H:%M')} op {platform.node()} "
           f"({os.cpu_count()} cores), `make benchmark`\n\n")
    (out_dir / "resultaat.md").write_text(kop + tabel + "\n", encoding="utf-8")
    (out_dir / "resultaat.json").write_text(json.dumps(metingen, indent=2), encoding="utf-8")
    print("\n" + tabel + f"\n\nOpgeslagen in {out_dir}/resultaat.md", flush=True)
    return 1 if any(n["fouten"] for m in metingen for n in m["niveaus"]) else 0
