"""AntwoordPerOnderwerp: one ResponseSelector ranks every answer; the answer given belongs to
the topic (retrieval intent) that DIET chose.

One ResponseSelector over all retrieval intents is one TensorFlow model instead of one per topic:
training, loading and every message cost a fraction. Its ranking spans all answers, so the best
answer may belong to another topic than the intent; this component, right after the selector,
writes for the predicted topic the best-ranked answer *of that topic* under the topic's own key
(``response_selector[<topic>]``, where Rasa's answer action and the actions read it), so a
sub-answer never comes from another topic. The selector's own output stays under ``default``.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message

SELECTOR = "response_selector"
DEFAULT = "default"


def antwoord_binnen(selector: Dict[str, Any], onderwerp: str) -> Optional[Dict[str, Any]]:
    """The selector output narrowed to ``onderwerp``: best answer of that topic, its ranking."""
    ranking = [r for r in (selector.get("ranking") or [])
               if str(r.get("intent_response_key", "")).split("/")[0] == onderwerp]
    if not ranking:
        return None
    beste = max(ranking, key=lambda r: r.get("confidence") or 0.0)
    sleutel = beste["intent_response_key"]
    return {
        "response": {
            "responses": None,  # Rasa's answer action reads the utter action, not this
            "confidence": beste.get("confidence"),
            "intent_response_key": sleutel,
            "utter_action": f"utter_{sleutel}",
        },
        "ranking": ranking,
    }


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class AntwoordPerOnderwerp(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "AntwoordPerOnderwerp":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            selectors = message.get(SELECTOR) or {}
            default = selectors.get(DEFAULT)
            if not default:
                continue
            for onderwerp in selectors.get("all_retrieval_intents") or []:
                smal = antwoord_binnen(default, onderwerp)
                if smal:
                    selectors[onderwerp] = smal
            message.set(SELECTOR, selectors, add_to_output=True)
        return messages
