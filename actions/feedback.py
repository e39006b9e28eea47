"""action_feedback: the user's answer to "Had u hier iets aan?" after a factual answer.

The judgement is stored with the turn, as two slot events right after the user's "ja"/"nee":
``feedback_antwoord`` (which answer, e.g. ``adv_taken/wat_doet_adv``) and ``feedback_oordeel``
(``ja`` or ``nee``); the tracker store keeps them with the conversation. "nee" offers a
rephrase, two related topics and a way to reach a person.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import laatste_antwoord, laatste_intent
from bot.teksten import Teksten

OORDELEN = {"feedback_ja": "ja", "feedback_nee": "nee"}
MEDEWERKER_PAYLOAD = "/medewerker_spreken"


class ActionFeedback(Action):
    def __init__(self, teksten_dir: Optional[Path] = None) -> None:
        self._teksten = Teksten("feedback.yml", teksten_dir)
        self._onderwerpen = Teksten("verduidelijking.yml", teksten_dir)

    def name(self) -> Text:
        return "action_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        teksten = self._teksten.data()
        oordeel = OORDELEN.get(laatste_intent(tracker) or "")
        antwoord = laatste_antwoord(tracker)
        if oordeel is None or antwoord is None:
            dispatcher.utter_message(text=teksten["geen_antwoord"])
            return []
        if oordeel == "ja":
            dispatcher.utter_message(text=teksten["ja"])
        else:
            onderwerpen = self._onderwerpen.data()["onderwerpen"]
            verwant = teksten["verwant"].get(antwoord.split("/")[0], [])
            knoppen = [{"title": onderwerpen[o]["titel"], "payload": onderwerpen[o]["vraag"]}
                       for o in verwant if o in onderwerpen]
            knoppen.append({"title": teksten["medewerker"], "payload": MEDEWERKER_PAYLOAD})
            dispatcher.utter_message(text=teksten["nee"], buttons=knoppen)
        return [SlotSet("feedback_antwoord", antwoord), SlotSet("feedback_oordeel", oordeel)]
