"""Source lines (``Bron: <titel> — <url>``) of an answer, and how many a resident sees.

Shared by the Rasa server (bot/nlg.py cuts the responses) and the actions that compose an
answer themselves (action_melding_route): a resident sees at most ``MAX_BRONNEN_INWONER`` source
lines, the rest behind the button "Meer bronnen" (data/teksten/vervolgvraag.yml), which sends
the follow-up ``vervolgvraag_bron``; action_vervolgvraag answers it with every source.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Tuple

from bot.teksten import Teksten

BRON = "Bron:"
MAX_BRONNEN_INWONER = 2
MEER_BRONNEN_PAYLOAD = "/vervolgvraag_bron"
INWONER = "inwoner"


def bronregels(tekst: str) -> List[str]:
    return [r.strip() for r in tekst.splitlines() if r.strip().startswith(BRON)]


def beperk_bronnen(tekst: str, maximum: int = MAX_BRONNEN_INWONER) -> Tuple[str, int]:
    """The text with only its first ``maximum`` source lines, and how many were left out."""
    regels = tekst.split("\n")
    posities = [i for i, r in enumerate(regels) if r.strip().startswith(BRON)]
    weg = set(posities[maximum:])
    if not weg:
        return tekst, 0
    return "\n".join(r for i, r in enumerate(regels) if i not in weg), len(weg)


class MeerBronnen:
    """The "Meer bronnen" button, its title read from data/teksten/vervolgvraag.yml on first use."""

    def __init__(self, teksten_dir: Optional[Path] = None) -> None:
        self._teksten = Teksten("vervolgvraag.yml", teksten_dir)

    def knop(self) -> Dict[str, str]:
        return {"title": self._teksten.data()["teksten"]["meer_bronnen_knop"],
                "payload": MEER_BRONNEN_PAYLOAD}
