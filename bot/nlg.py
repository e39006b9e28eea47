"""The responses as Rasa picks them, with fewer source lines for residents.

``InwonerNLG`` is Rasa's own response generator (variants, conditions, slot filling) with one
step after it: when the slot ``doelgroep`` is ``inwoner`` (the widget, or a resident who said so)
an answer shows at most ``MAX_BRONNEN_INWONER`` of its ``Bron:`` lines, and gets a button
"Meer bronnen" that asks for all of them (bot/bronnen.py). Civil servants and callers that named
no audience get every source, as written in data/responses/.

Loaded by Rasa from endpoints.yml (``nlg: type: bot.nlg.InwonerNLG``); after a model is loaded
Rasa gives it that model's responses, as it does its own generator.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.trackers import DialogueStateTracker

from bot.bronnen import INWONER, MeerBronnen, beperk_bronnen


class InwonerNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Any = None, domain: Any = None, **_: Any) -> None:
        super().__init__(domain.responses if domain is not None else {})
        self._meer_bronnen = MeerBronnen()

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker,
                       output_channel: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
        bericht = await super().generate(utter_action, tracker, output_channel, **kwargs)
        if bericht is None or tracker.get_slot("doelgroep") != INWONER:
            return bericht
        return self.voor_inwoner(bericht)

    def voor_inwoner(self, bericht: Dict[Text, Any]) -> Dict[Text, Any]:
        tekst, weggelaten = beperk_bronnen(bericht.get("text") or "")
        if not weggelaten:
            return bericht
        knoppen: List[Dict[Text, Any]] = list(bericht.get("buttons") or [])
        return {**bericht, "text": tekst, "buttons": knoppen + [self._meer_bronnen.knop()]}
