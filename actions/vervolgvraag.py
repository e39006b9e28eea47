"""action_vervolgvraag: follow-up questions about the previous answer.

"geef eens een voorbeeld", "wat bedoel je daarmee?", "en voor inwoners?" lead to the answer
that data/teksten/vervolgvraag.yml maps the previous answer to; "waar staat dat?" repeats
every source line of the previous answer (also what the "Meer bronnen" button under a
resident's answer asks, bot/nlg.py). After a new answer it asks "Had u hier iets aan?"
(utter_feedback_vraag), like the rules do after every factual answer. Without a previous answer the user is asked to ask
the question first.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import (
    FEEDBACK_VRAAG,
    SLOT_LAATSTE_ANTWOORD,
    antwoord_actie,
    bron_regels,
    laatste_antwoord,
    laatste_bronnen_uit,
    laatste_intent,
)
from bot.teksten import Teksten

SOORTEN = {
    "vervolgvraag_voorbeeld": "voorbeeld",
    "vervolgvraag_uitleg": "uitleg",
    "vervolgvraag_inwoners": "inwoners",
    "vervolgvraag_bron": "bron",
}


def kies_vervolg(verwijzingen: Dict[str, Dict[str, str]], soort: str,
                 vorige: Optional[str]) -> Optional[str]:
    """The answer a follow-up leads to: exact key, then topic, then 'standaard'."""
    tabel = verwijzingen.get(soort) or {}
    if vorige:
        if vorige in tabel:
            return tabel[vorige]
        onderwerp = vorige.split("/")[0]
        if onderwerp in tabel:
            return tabel[onderwerp]
    return tabel.get("standaard")


class ActionVervolgvraag(Action):
    def __init__(self, teksten_dir: Optional[Path] = None) -> None:
        self._teksten = Teksten("vervolgvraag.yml", teksten_dir)

    def name(self) -> Text:
        return "action_vervolgvraag"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        data = self._teksten.data()
        teksten = data["teksten"]
        soort = SOORTEN.get(laatste_intent(tracker) or "")
        vorige = laatste_antwoord(tracker)

        if soort == "bron":
            bron = laatste_bronnen_uit(tracker.events)  # an answer an action composed
            if bron is None and vorige is None:
                dispatcher.utter_message(text=teksten["geen_context"])
                return []
            bron = bron or bron_regels(domain, vorige)
            if not bron:
                dispatcher.utter_message(text=teksten["geen_bron"])
                return []
            inleiding = teksten["bronnen"] if "\n" in bron else teksten["bron"]
            dispatcher.utter_message(text=f"{inleiding}\n{bron}")
            return []

        if soort is None or (vorige is None and soort != "inwoners"):
            dispatcher.utter_message(text=teksten["geen_context"])
            return []

        doel = kies_vervolg(data["verwijzingen"], soort, vorige)
        if doel is None:
            dispatcher.utter_message(text=teksten["geen_context"])
            return []
        dispatcher.utter_message(text=teksten["inleiding"][soort])
        dispatcher.utter_message(response=antwoord_actie(doel))
        dispatcher.utter_message(response=FEEDBACK_VRAAG)
        return [SlotSet(SLOT_LAATSTE_ANTWOORD, doel)]
