"""The audience question on plain REST.

The slot ``doelgroep`` normally comes from the channel: the widget marks its messages
``doelgroep=inwoner``, the intranet channel ``ambtenaar``; bot.nlu.doelgroep turns that metadata
into an entity that fills the slot inside Rasa (no action-server call per message). Answers
with a resident variant (conditional responses on ``doelgroep``) then fit the user.

``validate_doelgroep_form``: on plain REST, for an answer that depends on it, the assistant
asks once "Bent u inwoner of werkt u bij de gemeente?" (actions.kennis_antwoord). The typed or
clicked answer sets ``doelgroep`` (words in data/teksten/doelgroep.yml); anything else gives
the general answer, and ``doelgroep_gevraagd`` makes sure the question is not asked again.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.beurten import GEEN_DOELGROEP, SLOT_ANTWOORD
from bot.teksten import Teksten
from bot.themas import Woordtabel


SLOT_GEVRAAGD = "doelgroep_gevraagd"


class ValidateDoelgroepForm(FormValidationAction):
    def __init__(self, teksten_dir: Optional[Path] = None) -> None:
        self._teksten = Teksten("doelgroep.yml", teksten_dir)
        self._tabel: Optional[Woordtabel] = None

    def name(self) -> Text:
        return "validate_doelgroep_form"

    def kies(self, tekst: str) -> Optional[str]:
        if self._tabel is None:
            self._tabel = Woordtabel.uit_lijsten(self._teksten.data()["woorden"])
        treffer = self._tabel.vind(tekst)
        return treffer.label if treffer else None

    async def validate_doelgroep_antwoord(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                          tracker: Tracker, domain: Dict[Text, Any]) -> Dict[Text, Any]:
        keuze = self.kies(str(slot_value or ""))
        uitkomst: Dict[Text, Any] = {SLOT_ANTWOORD: keuze or GEEN_DOELGROEP, SLOT_GEVRAAGD: True}
        if keuze:
            uitkomst["doelgroep"] = keuze
        return uitkomst
