"""action_validate_slot_mappings: the audience (slot ``doelgroep``) comes from the channel.

Rasa runs this action after every user message. The widget marks its messages
``doelgroep=inwoner``, the intranet channel ``ambtenaar`` (metadata of the user message);
answers with a resident variant (conditional responses on ``doelgroep``) then fit the user.
Without such metadata (plain REST) the slot keeps its value, so nothing is guessed.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from actions.context import doelgroep_uit_metadata


class ActionDoelgroep(ValidationAction):
    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def extract_doelgroep(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: Dict[Text, Any]) -> Dict[Text, Any]:
        waarde = doelgroep_uit_metadata(tracker)
        if waarde is None or waarde == tracker.get_slot("doelgroep"):
            return {}
        return {"doelgroep": waarde}
