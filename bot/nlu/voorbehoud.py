"""AntwoordMetVoorbehoud: give the likely answer with a reservation instead of only asking.

Rasa's FallbackClassifier turns every message below its threshold (0.35), or with two
intents within ``ambiguity_threshold`` of each other, into ``nlu_fallback``: the user gets
"Bedoelt u …?" with buttons and no answer yet. On the real questions of the tuning part that
was the largest single kind of miss (36 of 65 in-scope questions that did not get their
answer first), while the model's best answer was often right.

This component, after the FallbackClassifier, the out-of-scope and the several-questions
components, takes such a fallback back when the best intent is a knowledge topic (one with
answers under ``response_selector``) with at least ``min_zekerheid``: the intent becomes that
topic again (its best answer is already where Rasa's answer action reads it) and the parse
data gets ``voorbehoud`` (topic, answer key, confidence). The answer is given as usual; the
question after it ("Had u hier iets aan?") then says that the assistant is not sure and offers
the next most likely answers as buttons (bot/nlg.py, texts in data/teksten/verduidelijking.yml),
so a user whose question it was not still gets there in one click.

The same reservation, without changing the intent, for an answer whose own probability (its
topic's confidence times its share within the topic) is below ``min_zekerheid_antwoord``: the
topic was sure enough, the answer within it (or across two close topics) was not, and a wrong
sub-answer left the user without the right one a click away.

Left as they are: fallbacks below ``min_zekerheid`` (the clarification, as before),
fallbacks whose best intent is not a knowledge topic (out of scope, small talk, a person, the
report route), and "/intent" payloads. A message without a single known word is made a
fallback again by ``OnbekendeWoordenFallback``, which comes after this component.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.onbekende_woorden import FALLBACK_INTENT
from bot.verduidelijking import SELECTOR, VOORBEHOUD, gegeven_antwoord


def _voorbehoud(onderwerp: str, antwoord: Optional[str], zekerheid: float) -> Dict[str, Any]:
    return {"onderwerp": onderwerp, "antwoord": antwoord, "zekerheid": round(zekerheid, 3)}


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class AntwoordMetVoorbehoud(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Below this confidence of the best knowledge topic the assistant only asks.
        # Below this probability of the answer given (topic x answer) it says it is not sure.
        return {"min_zekerheid": 0.25, "min_zekerheid_antwoord": 0.35}

    def __init__(self, config: Dict[Text, Any]) -> None:
        config = {**self.get_default_config(), **config}
        self._min = float(config["min_zekerheid"])
        self._min_antwoord = float(config["min_zekerheid_antwoord"])

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "AntwoordMetVoorbehoud":
        return cls(config)

    def _terugnemen(self, message: Message) -> Optional[Dict[str, Any]]:
        """A fallback whose best intent is a knowledge topic with at least ``min_zekerheid``:
        that topic becomes the intent again; returns the reservation. Otherwise None."""
        if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != FALLBACK_INTENT:
            return None
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                   if r.get(INTENT_NAME_KEY) != FALLBACK_INTENT]
        selectors = message.get(SELECTOR) or {}
        if not ranking:
            return None
        beste = ranking[0]
        naam, zekerheid = beste.get(INTENT_NAME_KEY), float(beste.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
        if naam not in (selectors.get("all_retrieval_intents") or []) or naam not in selectors \
                or zekerheid < self._min:
            return None
        message.set(INTENT, beste, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return _voorbehoud(naam, gegeven_antwoord({SELECTOR: selectors}, naam), zekerheid)

    def _onzeker_antwoord(self, message: Message) -> Optional[Dict[str, Any]]:
        """A knowledge answer given (no fallback) whose own probability (topic x its share in
        the topic) is below ``min_zekerheid_antwoord``: the reservation. Otherwise None."""
        intent = message.get(INTENT) or {}
        naam = intent.get(INTENT_NAME_KEY)
        selectors = message.get(SELECTOR) or {}
        if naam not in (selectors.get("all_retrieval_intents") or []):
            return None
        antwoord = gegeven_antwoord({SELECTOR: selectors}, naam)
        aandeel = next((float(r.get("confidence") or 0.0)
                        for r in (selectors.get(naam) or {}).get("ranking") or []
                        if r.get("intent_response_key") == antwoord), None)
        if antwoord is None or aandeel is None:
            return None
        zekerheid = float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0) * aandeel
        return _voorbehoud(naam, antwoord, zekerheid) if zekerheid < self._min_antwoord else None

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            tekst = message.get(TEXT) or ""
            if not tekst or tekst.startswith("/"):  # "/intent" payloads: a button, not a question
                continue
            voorbehoud = self._terugnemen(message) or self._onzeker_antwoord(message)
            if voorbehoud is not None:
                message.set(VOORBEHOUD, voorbehoud, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
