"""Flood measurement (issue 16): does one flooding client slow down everyone else?

``python -m bot vloed`` (``make vloed``) starts the assistant as ``make run`` does (SQLite, one
Rasa process, the rate limits of bot/settings.py as they are) and runs 10 normal conversations
of 10 turns over REST three times, the same turns each time:

1. alone (the baseline);
2. beside one client that sends 50 messages a second in **one** conversation (the limit per
   conversation stops it);
3. beside one client that sends 50 messages a second, each in a **new** conversation, from
   another address (127.0.0.2; the limit per client address stops it — 127.0.0.1 itself counts
   as this machine and has no address limit, so the normal conversations come from there).

Reported per run: the normal conversations' p50, p95 and errors, and what the flood got (200,
429, other). Goal: p95 within 2x of the baseline, no error for a normal conversation. Written to
``reports/vloed/`` (resultaat.md, resultaat.json); a benchmark, not a timed test.
"""
from __future__ import annotations

import json
import os
import platform
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Optional

import requests
from requests.adapters import HTTPAdapter

from bot.belasting import Gesprekken, samenvatting, tijd
from bot.serve import Stack, losse_stack
from bot.settings import Settings

NORMAAL_GESPREKKEN = 10
NORMAAL_BEURTEN = 10
PER_SECONDE = 50
VLOED_VRAAG = "Waar kan ik discriminatie melden?"
MAX_VERHOUDING = 2.0


class _BronAdapter(HTTPAdapter):
    """Connections from a given local address (127.0.0.2 is loopback too, but another client)."""

    def __init__(self, bron: str) -> None:
        self.bron = bron
        super().__init__(pool_maxsize=100)

    def init_poolmanager(self, *args, **kwargs):  # noqa: ANN002, ANN003 - requests' own signature
        kwargs["source_address"] = (self.bron, 0)
        return super().init_poolmanager(*args, **kwargs)


class Vloed:
    """``per_seconde`` POSTs a second to ``webhook`` until :meth:`stop`, whatever the answers."""

    def __init__(self, webhook: str, per_seconde: int = PER_SECONDE, bron: str = "127.0.0.1",
                 nieuw_gesprek_per_bericht: bool = False) -> None:
        self.webhook, self.per_seconde, self.bron = webhook, per_seconde, bron
        self.nieuw_gesprek_per_bericht = nieuw_gesprek_per_bericht
        self.statussen: Counter = Counter()
        self.verstuurd = 0
        self._stop = threading.Event()
        self._draad: Optional[threading.Thread] = None
        self._sessie = requests.Session()
        self._sessie.mount("http://", _BronAdapter(bron))
        self._teller = threading.Lock()

    def _stuur(self, nummer: int) -> None:
        afzender = f"vloed-{nummer}" if self.nieuw_gesprek_per_bericht else "vloed"
        try:
            r = self._sessie.post(self.webhook, json={"sender": afzender, "message": VLOED_VRAAG},
                                  timeout=120)
            uitkomst = str(r.status_code)
        except requests.RequestException as exc:
            uitkomst = type(exc).__name__
        with self._teller:
            self.statussen[uitkomst] += 1

    def _draai(self) -> None:
        with ThreadPoolExecutor(max_workers=100) as pool:
            begin = time.monotonic()
            while not self._stop.is_set():
                pool.submit(self._stuur, self.verstuurd)
                self.verstuurd += 1
                volgende = begin + self.verstuurd / self.per_seconde
                time.sleep(max(0.0, volgende - time.monotonic()))

    def start(self) -> "Vloed":
        self._draad = threading.Thread(target=self._draai, daemon=True)
        self._draad.start()
        return self

    def stop(self) -> Dict:
        self._stop.set()
        if self._draad is not None:
            self._draad.join()
        return {"verstuurd": self.verstuurd, "per_seconde": self.per_seconde, "bron": self.bron,
                "statussen": dict(self.statussen)}


def _normaal(webhook: str, naam: str) -> Dict:
    load = Gesprekken([webhook], prefix=naam)
    resultaten, wandtijd = tijd(lambda: load.draai(gesprekken=NORMAAL_GESPREKKEN,
                                                   beurten=NORMAAL_BEURTEN))
    return samenvatting(resultaten, wandtijd)


def meet(stack: Stack) -> List[Dict]:
    webhook = stack.rest_webhook
    Gesprekken([webhook], prefix="opwarmen").draai(gesprekken=4, beurten=4)
    runs = [{"run": "zonder vloed", "normaal": _normaal(webhook, "basis"), "vloed": None}]
    for naam, bron, nieuw in [("vloed in één gesprek (127.0.0.1)", "127.0.0.1", False),
                              ("vloed, elk bericht een nieuw gesprek (127.0.0.2)", "127.0.0.2", True)]:
        vloed = Vloed(webhook, bron=bron, nieuw_gesprek_per_bericht=nieuw).start()
        time.sleep(2)  # the flood is on before the normal conversations start
        try:
            normaal = _normaal(webhook, f"normaal-{bron}")
        finally:
            uitkomst = vloed.stop()
        runs.append({"run": naam, "normaal": normaal, "vloed": uitkomst})
        time.sleep(5)  # accepted flood messages still in Rasa finish before the next run
    basis = runs[0]["normaal"]["p95_ms"]
    for run in runs:
        run["p95_verhouding"] = run["normaal"]["p95_ms"] / basis
    return runs


def tabel(runs: List[Dict]) -> str:
    regels = [f"| run | normale gesprekken ({NORMAAL_GESPREKKEN} x {NORMAAL_BEURTEN} beurten): p50 | p95 "
              "| p95 / zonder vloed | fouten | vloed: verstuurd | 200 | 429 | anders |",
              "|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        n, v = run["normaal"], run["vloed"] or {}
        statussen = dict(v.get("statussen") or {})
        anders = sum(a for s, a in statussen.items() if s not in ("200", "429"))
        regels.append(
            f"| {run['run']} | {n['p50_ms']:.0f} ms | {n['p95_ms']:.0f} ms | "
            f"{run['p95_verhouding']:.2f}x | {n['fouten']} | {v.get('verstuurd', '-')} | "
            f"{statussen.get('200', '-') if v else '-'} | {statussen.get('429', '-') if v else '-'} | "
            f"{anders if v else '-'} |")
    return "\n".join(regels)


def run_vloed(settings: Settings, out_dir: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="vloed-") as tmp:
        stack = losse_stack(settings, Path(tmp), "vloed")
        stack.start(timeout=600)
        try:
            runs = meet(stack)
        finally:
            stack.stop()
    uitslag = tabel(runs)
    gehaald = all(r["p95_verhouding"] <= MAX_VERHOUDING and r["normaal"]["fouten"] == 0 for r in runs)
    regel = ("vloed: " + "; ".join(f"{r['run']}: p95 {r['p95_verhouding']:.2f}x, "
                                   f"fouten {r['normaal']['fouten']}" for r in runs[1:])
             + f" — doel (≤ {MAX_VERHOUDING:.0f}x, 0 fouten) {'gehaald' if gehaald else 'NIET gehaald'}")
    out_dir.mkdir(parents=True, exist_ok=True)
    kop = (f"Gemeten {time.strftime('%Y-%m-%d %H:%M')} op {platform.node()} "
           f"({os.cpu_count()} cores), `make vloed`\n\n")
    (out_dir / "resultaat.md").write_text(kop + uitslag + "\n\n" + regel + "\n", encoding="utf-8")
    (out_dir / "resultaat.json").write_text(json.dumps(runs, indent=2), encoding="utf-8")
    print("\n" + uitslag + "\n\n" + regel, flush=True)
    return 0 if gehaald else 1
