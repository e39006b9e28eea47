"""The responses as Rasa picks them, with fewer source lines for residents.

``InwonerNLG`` is Rasa's own response generator (variants, conditions, slot filling) with one
step after it: when the slot ``doelgroep`` is ``inwoner`` (the widget, or a resident who said so)
an answer shows at most ``MAX_BRONNEN_INWONER`` of its ``Bron:`` lines, and gets a button
"Meer bronnen" that asks for all of them (bot/bronnen.py). Civil servants and callers that named
no audience get every source, as written in data/responses/.

And one step for an answer given with reservation (bot/nlu/voorbehoud.py: the assistant was
not sure, but the best answer was likely enough to give): the question after the answer
("Had u hier iets aan?", ``utter_feedback_vraag``) then first says so and offers the next most
likely answers as buttons with their short titles, before its own ja/nee buttons (texts and
button questions from data/teksten/verduidelijking.yml, the same buttons "Bedoelt u …?"
shows), also when the audience question came between the question and its answer. The answer
itself is not changed.

Loaded by Rasa from endpoints.yml (``nlg: type: bot.nlg.InwonerNLG``); after a model is loaded
Rasa gives it that model's responses, as it does its own generator.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.trackers import DialogueStateTracker

from bot.beurten import GEEN_DOELGROEP, SLOT_ANTWOORD, beantwoorde_beurt
from bot.bronnen import INWONER, MeerBronnen, beperk_bronnen
from bot.teksten import Teksten
from bot.verduidelijking import alternatieven, knoppen, teksten_uit

FEEDBACK_VRAAG = "utter_feedback_vraag"


def beantwoorde_vraag(tracker: DialogueStateTracker) -> Dict[Text, Any]:
    """The parse data of the user turn the answer before the feedback question answered: the
    one action_kennis_antwoord answers (bot.beurten), usually the latest message."""
    from rasa.shared.core.events import ActiveLoop, UserUttered

    actief: Optional[str] = None
    beurten = []
    for event in tracker.events:
        if isinstance(event, ActiveLoop):
            actief = event.name
        elif isinstance(event, UserUttered):
            beurten.append((event.parse_data, actief))
    return beantwoorde_beurt(beurten, tracker.get_slot(SLOT_ANTWOORD) == GEEN_DOELGROEP) or {}


class InwonerNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Any = None, domain: Any = None, **_: Any) -> None:
        super().__init__(domain.responses if domain is not None else {})
        self._meer_bronnen = MeerBronnen()
        self._verduidelijking = Teksten("verduidelijking.yml")

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker,
                       output_channel: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
        bericht = await super().generate(utter_action, tracker, output_channel, **kwargs)
        if bericht is None:
            return bericht
        if utter_action == FEEDBACK_VRAAG:
            return self.met_voorbehoud(bericht, beantwoorde_vraag(tracker))
        if tracker.get_slot("doelgroep") != INWONER:
            return bericht
        return self.voor_inwoner(bericht)

    def met_voorbehoud(self, bericht: Dict[Text, Any], parse: Dict[Text, Any]) -> Dict[Text, Any]:
        """The feedback question after an answer given with reservation: "not sure" and the
        next answers as buttons; after any other answer unchanged."""
        teksten = teksten_uit(self._verduidelijking.data())
        sleutels = alternatieven(parse, teksten)
        if not sleutels:
            return bericht
        return {**bericht, "text": teksten.voorbehoud,
                "buttons": [o.knop() for o in knoppen(sleutels, teksten)]
                + list(bericht.get("buttons") or [])}

    def voor_inwoner(self, bericht: Dict[Text, Any]) -> Dict[Text, Any]:
        tekst, weggelaten = beperk_bronnen(bericht.get("text") or "")
        if not weggelaten:
            return bericht
        knoppen: List[Dict[Text, Any]] = list(bericht.get("buttons") or [])
        return {**bericht, "text": tekst, "buttons": knoppen + [self._meer_bronnen.knop()]}
