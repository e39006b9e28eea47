"""OnbekendeWoordenFallback: ask instead of guess when no word of the message is known.

A classifier is overconfident on text it has never seen anything like ("blorp fnargle zzz"
came out as ``afscheid`` with high confidence): with no known word its features are nearly
empty and it still picks a winner. This component remembers the vocabulary of
the training data and, when a message contains letters but not a single known word,
sets the intent to ``nlu_fallback`` (as Rasa's FallbackClassifier does), keeping the
ranking behind it so the clarification action can still suggest likely topics.

A message without a known word that does contain common words of another language
("Nerede ayrımcılık bildirebilirim?", "Gdzie mogę zgłosić dyskryminację?") is not gibberish
but another language: it gets ``niet_nederlands``, so the user hears in Dutch and English what
the assistant speaks and covers. Signs of another language: a letter Dutch does not use
(ł, ğ, ñ, ß …) or another script, or a common word from the stop-word lists that ship with
spaCy's language classes (installed with spaCy, nothing is downloaded). The Dutch vocabulary
is that of the training data without the niet_nederlands examples.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Set, Text

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
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

FALLBACK_INTENT = "nlu_fallback"
NIET_NEDERLANDS_INTENT = "niet_nederlands"
VOCAB_FILE = "woordenschat.json"


def vreemde_stopwoorden(talen: List[str]) -> Set[str]:
    """Stop words of the given spaCy languages (e.g. ``["en", "tr"]``), lower-cased."""
    import importlib

    woorden: Set[str] = set()
    for taal in talen:
        module = importlib.import_module(f"spacy.lang.{taal}.stop_words")
        woorden.update(w.lower() for w in module.STOP_WORDS)
    return woorden


# Letters that Dutch does not use but Polish, Turkish, Spanish, German, Romanian … do.
VREEMDE_LETTERS = set("ąćęłńśźżğışçñßăâțșőűøå¿¡")


def _ander_schrift(ch: str) -> bool:
    """A letter from a non-Latin script (Arabic, Cyrillic, Greek, CJK, …)."""
    import unicodedata

    if not ch.isalpha() or ch.isascii():
        return False
    return "LATIN" not in unicodedata.name(ch, "")


def _words(message: Message) -> List[str]:
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    return [t.text.lower() for t in tokens if any(ch.isalpha() for ch in t.text)]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class OnbekendeWoordenFallback(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # A message needs at least this many known words to be classified normally.
        # An unknown message with at least `min_foreign_stop_words` stop words of one of
        # `foreign_languages` (and at least two words) is treated as another language.
        return {
            "min_known_words": 1,
            "min_foreign_stop_words": 1,
            "foreign_languages": ["en", "de", "fr", "es", "it", "pt", "tr", "pl", "ro",
                                  "ar", "ru", "uk", "id"],
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: Optional[Set[str]] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary: Set[str] = vocabulary or set()
        self._foreign: Optional[Set[str]] = None

    @property
    def foreign_stop_words(self) -> Set[str]:
        if self._foreign is None:
            self._foreign = vreemde_stopwoorden(self._config["foreign_languages"]) - self.vocabulary
        return self._foreign

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "OnbekendeWoordenFallback":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        # Dutch vocabulary: the English etc. examples of niet_nederlands do not count.
        vocabulary: Set[str] = set()
        for example in training_data.training_examples:
            if example.get(INTENT) == NIET_NEDERLANDS_INTENT:
                continue
            vocabulary.update(_words(example))
        self.vocabulary = vocabulary
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCAB_FILE).write_text(
                json.dumps(sorted(vocabulary), ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "OnbekendeWoordenFallback":
        with model_storage.read_from(resource) as directory:
            vocabulary = set(json.loads((directory / VOCAB_FILE).read_text(encoding="utf-8")))
        return cls(config, model_storage, resource, vocabulary)

    def is_unknown(self, message: Message) -> bool:
        words = _words(message)
        if not words:
            return False  # nothing to judge (e.g. "/intent" payloads, numbers only)
        known = sum(1 for w in words if w in self.vocabulary)
        return known < self._config["min_known_words"]

    def looks_foreign(self, message: Message) -> bool:
        words = _words(message)
        if len(words) < 2:
            return False
        if any(ch in VREEMDE_LETTERS or _ander_schrift(ch) for w in words for ch in w):
            return True
        foreign = sum(1 for w in words if w in self.foreign_stop_words)
        return foreign >= self._config["min_foreign_stop_words"]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.data.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) == NIET_NEDERLANDS_INTENT or not self.is_unknown(message):
                continue
            gekozen = NIET_NEDERLANDS_INTENT if self.looks_foreign(message) else FALLBACK_INTENT
            if intent.get(INTENT_NAME_KEY) == gekozen:
                continue
            fallback = {INTENT_NAME_KEY: gekozen, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.data[INTENT] = fallback
            ranking = message.data.get(INTENT_RANKING_KEY) or []
            message.data[INTENT_RANKING_KEY] = [fallback, *ranking]
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
