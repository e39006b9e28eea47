"""What the two short forms (afdeling_form, melding_form) share: stopping and interruptions.

A form slot is filled from the typed text too (``from_text``), so every answer reaches the
validation. A stop word ("stoppen", "laat maar"; data/teksten/formulieren.yml) ends the form
with GESTOPT; another knowledge question (the answer ranker chose an answer for it) ends
it with ANDERE_VRAAG. Either value fills every slot of the form, so the form is done and its
action says that it stopped instead of answering.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from rasa_sdk import Tracker

from bot.beurten import antwoord_sleutel
from bot.teksten import Teksten

GESTOPT = "gestopt"
ANDERE_VRAAG = "andere_vraag"
GEEN_ANTWOORD = (GESTOPT, ANDERE_VRAAG)


def normaal(tekst: str) -> str:
    """Lower case, words only: "Laat maar!" -> "laat maar"."""
    return " ".join(re.findall(r"\w+", (tekst or "").lower()))


class Onderbreking:
    def __init__(self, teksten_dir: Optional[Path] = None) -> None:
        self._teksten = Teksten("formulieren.yml", teksten_dir)

    def is_stopwoord(self, tekst: str) -> bool:
        return normaal(tekst) in {normaal(w) for w in self._teksten.data()["stopwoorden"]}

    def van(self, tekst: str, tracker: Tracker) -> Optional[str]:
        """GESTOPT, ANDERE_VRAAG, or None when the text is an answer to the form's question."""
        if self.is_stopwoord(tekst):
            return GESTOPT
        if antwoord_sleutel(tracker.latest_message or {}):
            return ANDERE_VRAAG
        return None
