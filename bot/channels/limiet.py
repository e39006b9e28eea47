"""Rate limits for every channel: a token bucket per conversation and per client address.

One script must not take the assistant down for everyone. Each key (a conversation id, a client
address) gets ``per_minuut`` messages a minute with bursts up to ``burst``; beyond that the
channel answers in Dutch ("u stuurt te veel berichten tegelijk", HTTP 429 on REST and intranet,
a widget message) without passing the message to Rasa. Buckets live in the process (one per
Rasa replica), at most ``max_sleutels`` of them, least recently used dropped first.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Tuple


LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@dataclass
class _Emmer:
    tokens: float
    bijgewerkt: float


class Snelheidslimiet:
    def __init__(self, per_minuut: float, burst: int, max_sleutels: int = 50_000,
                 klok: Callable[[], float] = time.monotonic) -> None:
        self.per_seconde = per_minuut / 60.0
        self.burst = float(burst)
        self.max_sleutels = max_sleutels
        self._klok = klok
        self._emmers: "OrderedDict[str, _Emmer]" = OrderedDict()

    def toegestaan(self, sleutel: str) -> bool:
        """Take one token for ``sleutel``; False when its bucket is empty."""
        nu = self._klok()
        emmer = self._emmers.pop(sleutel, None) or _Emmer(self.burst, nu)
        emmer.tokens = min(self.burst, emmer.tokens + (nu - emmer.bijgewerkt) * self.per_seconde)
        emmer.bijgewerkt = nu
        self._emmers[sleutel] = emmer
        while len(self._emmers) > self.max_sleutels:
            self._emmers.popitem(last=False)
        if emmer.tokens < 1.0:
            return False
        emmer.tokens -= 1.0
        return True


class Limieten:
    """Per conversation and per client address; a message passes only when both allow it."""

    def __init__(self, per_gesprek: Tuple[float, int], per_adres: Tuple[float, int],
                 klok: Callable[[], float] = time.monotonic) -> None:
        self.gesprek = Snelheidslimiet(*per_gesprek, klok=klok)
        self.adres = Snelheidslimiet(*per_adres, klok=klok)

    def toegestaan(self, gesprek: str, adres: Optional[str]) -> bool:
        sleutels: Iterable[Tuple[Snelheidslimiet, str]] = [(self.gesprek, gesprek)]
        # Loopback is this machine (tests, the benchmark, a local proxy): no address limit.
        if adres and adres not in LOOPBACK:
            sleutels = [*sleutels, (self.adres, adres)]
        return all([limiet.toegestaan(sleutel) for limiet, sleutel in sleutels])


def uit_settings(settings: object) -> Limieten:
    return Limieten(
        per_gesprek=(getattr(settings, "limiet_gesprek_per_minuut"), getattr(settings, "limiet_gesprek_burst")),
        per_adres=(getattr(settings, "limiet_adres_per_minuut"), getattr(settings, "limiet_adres_burst")),
    )
