"""Many conversations at once over the REST channel: used by the production tests and by
``python -m bot benchmark``.

Every conversation sends its turns one after another; conversations run in parallel threads.
Turn ``i`` of conversation ``g`` goes to replica ``(g + i) % n``, so consecutive turns of one
conversation alternate between replicas. With ``failover`` a turn whose replica does not
answer (connection refused or reset, HTTP 5xx) is sent again, with the same ``message_id``,
to the next replica — what a load balancer in front of the replicas does. The simulated users
are civil servants (metadata ``doelgroep: ambtenaar``, as the intranet channel sets it), so the
assistant does not first ask whether they are residents: every run measures the same turns.
"""
from __future__ import annotations

import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, List, Optional

import requests

# Ten Dutch turns of the kind users send (knowledge questions, a follow-up, feedback).
VRAGEN = [
    "Welke rollen kan een gemeente hebben bij de aanpak van discriminatie?",
    "en regisseren?",
    "Moet mijn gemeente een antidiscriminatievoorziening betalen?",
    "waar staat dat?",
    "Waar kan ik discriminatie melden?",
    "ja",
    "Wat doet Rotterdam tegen discriminatie?",
    "Wat is de Wga?",
    "hoe wordt de adv gefinancierd",
    "nee",
]


@dataclass
class Beurt:
    gesprek: str
    nummer: int
    tekst: str
    antwoorden: List[dict] = field(default_factory=list)
    status: Optional[int] = None
    fout: Optional[str] = None
    pogingen: int = 0
    replica: Optional[int] = None  # the replica that answered
    duur: float = 0.0
    verloop: List[str] = field(default_factory=list)  # per attempt: replica, outcome, seconds

    @property
    def gelukt(self) -> bool:
        return self.status == 200 and bool(self.antwoorden)


class Gesprekken:
    def __init__(self, webhooks: List[str], failover: bool = False, timeout: float = 90.0,
                 prefix: str = "last") -> None:
        self.webhooks = webhooks
        self.failover = failover
        self.timeout = timeout
        self.prefix = f"{prefix}-{uuid.uuid4().hex[:8]}"
        self.klaar = 0
        self._teller = threading.Lock()

    def beurt(self, session: requests.Session, gesprek: str, nummer: int, tekst: str,
              voorkeur: int) -> Beurt:
        result = Beurt(gesprek, nummer, tekst)
        n = len(self.webhooks)
        volgorde = [(voorkeur + k) % n for k in range(n if self.failover else 1)]
        start = time.perf_counter()
        for replica in volgorde:
            result.pogingen += 1
            begin = time.perf_counter()
            try:
                r = session.post(
                    self.webhooks[replica],
                    json={"sender": gesprek, "message": tekst, "message_id": f"{gesprek}-{nummer}",
                          "metadata": {"doelgroep": "ambtenaar"}},
                    timeout=self.timeout,
                )
            except requests.RequestException as exc:
                result.fout = f"{type(exc).__name__} op replica {replica}"
                result.verloop.append(f"{replica}:{type(exc).__name__}:{time.perf_counter() - begin:.1f}s")
                continue
            result.verloop.append(f"{replica}:{r.status_code}:{time.perf_counter() - begin:.1f}s")
            result.status, result.replica = r.status_code, replica
            if r.status_code >= 500:
                result.fout = f"HTTP {r.status_code} op replica {replica}"
                continue
            result.antwoorden = r.json() if r.status_code == 200 else []
            result.fout = None if r.status_code == 200 else f"HTTP {r.status_code}"
            break
        result.duur = time.perf_counter() - start
        with self._teller:
            self.klaar += 1
        return result

    def gesprek(self, index: int, beurten: int) -> List[Beurt]:
        gesprek = f"{self.prefix}-{index}"
        with requests.Session() as session:
            return [
                self.beurt(session, gesprek, i, VRAGEN[i % len(VRAGEN)], (index + i) % len(self.webhooks))
                for i in range(beurten)
            ]

    def draai(self, gesprekken: int, beurten: int) -> List[List[Beurt]]:
        """``gesprekken`` conversations at the same time, ``beurten`` turns each."""
        with ThreadPoolExecutor(max_workers=gesprekken) as pool:
            return list(pool.map(lambda g: self.gesprek(g, beurten), range(gesprekken)))


def percentiel(waarden: List[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``waarden``."""
    ordered = sorted(waarden)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def samenvatting(resultaten: List[List[Beurt]], wandtijd: float) -> dict:
    beurten = [b for g in resultaten for b in g]
    duren = [b.duur for b in beurten]
    return {
        "beurten": len(beurten),
        "fouten": sum(not b.gelukt for b in beurten),
        "doorvoer": len(beurten) / wandtijd if wandtijd else float("nan"),
        "p50_ms": 1000 * statistics.median(duren) if duren else float("nan"),
        "p95_ms": 1000 * percentiel(duren, 95),
        "wandtijd_s": wandtijd,
    }


def tijd(functie: Callable[[], List[List[Beurt]]]):
    start = time.perf_counter()
    resultaat = functie()
    return resultaat, time.perf_counter() - start
