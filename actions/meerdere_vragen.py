"""action_meerdere_vragen: answer every question of a message that holds several.

The NLU component bot.nlu.meerdere_vragen puts the answer keys, in the order the user asked,
into the parse data under ``meerdere_vragen``; this action gives those answers one after
another (each with its own source), asks "Had u hier iets aan?" and remembers the last one for follow-up questions.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import FEEDBACK_VRAAG, SLOT_LAATSTE_ANTWOORD, antwoord_actie
from bot.teksten import Teksten


class ActionMeerdereVragen(Action):
    def __init__(self, teksten_dir: Optional[Path] = None) -> None:
        self._teksten = Teksten("meerdere_vragen.yml", teksten_dir)

    def name(self) -> Text:
        return "action_meerdere_vragen"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        teksten = self._teksten.data()
        bekend = set((domain.get("responses") or {}))
        sleutels = [s for s in (tracker.latest_message.get("meerdere_vragen") or [])
                    if antwoord_actie(s) in bekend]
        if not sleutels:
            dispatcher.utter_message(text=teksten["niet_gevonden"])
            return []
        if len(sleutels) > 1:
            dispatcher.utter_message(text=teksten["inleiding"].format(aantal=len(sleutels)))
        for sleutel in sleutels:
            dispatcher.utter_message(response=antwoord_actie(sleutel))
        dispatcher.utter_message(response=FEEDBACK_VRAAG)
        return [SlotSet(SLOT_LAATSTE_ANTWOORD, sleutels[-1])]
