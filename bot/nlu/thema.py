"""ThemaHerkenner: the theme of a department question, as entity ``thema``.

"Welke afdeling gaat over discriminatie op de woningmarkt?" asks for the department that
owns *wonen*. The theme comes from the theme names and the synonyms in the NLU data (bot.themas.ThemaTabel);
the entity's value is the table word that matched ("woning" in "huurwoning"), which Rasa's
EntitySynonymMapper, next in the pipeline, turns into the theme name the profiles use.

Only department questions get the entity: a theme word in another question ("wat doet een
ADV bij discriminatie op school") changes nothing. A message the classifier gives to
``verantwoordelijkheid_organisatie`` (or leaves unsure with that or ``afdeling_zoeken`` on
top) that names a theme *and* asks who to go to ("bij wie", "welke afdeling", "aanspreekpunt")
is a department question: the intent becomes ``afdeling_zoeken``. "Horen onderwijs en wonen
ook bij de aanpak?" names themes without asking who, and keeps its answer about the whole
organisation.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.themas import ThemaTabel, vraagt_naar_wie

INTENT_AFDELING = "afdeling_zoeken"
INTENT_ORGANISATIE = "verantwoordelijkheid_organisatie"
FALLBACK_INTENT = "nlu_fallback"
ENTITEIT = "thema"
TABEL_FILE = "thematabel.json"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True
)
class ThemaHerkenner(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage,
                 resource: Resource, tabel: Optional[ThemaTabel] = None) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.tabel = tabel or ThemaTabel({})

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ThemaHerkenner":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self.tabel = ThemaTabel.uit_synoniemen(training_data.entity_synonyms)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / TABEL_FILE).write_text(
                json.dumps(self.tabel.woorden, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "ThemaHerkenner":
        with model_storage.read_from(resource) as directory:
            woorden = json.loads((directory / TABEL_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, ThemaTabel(woorden))

    def _bovenste(self, message: Message) -> Optional[Dict[str, Any]]:
        intent = message.get(INTENT) or {}
        if intent.get(INTENT_NAME_KEY) != FALLBACK_INTENT:
            return intent
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                   if r.get(INTENT_NAME_KEY) != FALLBACK_INTENT]
        return ranking[0] if ranking else None

    def verwerk(self, message: Message) -> None:
        tekst = message.get(TEXT) or ""
        intent = message.get(INTENT) or {}
        naam = intent.get(INTENT_NAME_KEY)
        bovenste = None
        if naam != INTENT_AFDELING:
            bovenste = self._bovenste(message)
            if not (bovenste and bovenste.get(INTENT_NAME_KEY) in (INTENT_AFDELING, INTENT_ORGANISATIE)
                    and vraagt_naar_wie(tekst)):
                return  # most messages: no table lookup at all
        treffer = self.tabel.vind(tekst)
        if treffer is None:
            return
        if bovenste is not None:
            message.set(INTENT, {INTENT_NAME_KEY: INTENT_AFDELING,
                                 PREDICTED_CONFIDENCE_KEY: bovenste.get(PREDICTED_CONFIDENCE_KEY)},
                        add_to_output=True)
        entiteiten = [e for e in message.get(ENTITIES) or [] if e.get("entity") != ENTITEIT]
        entiteiten.append({
            "entity": ENTITEIT, "start": treffer.start, "end": treffer.end,
            "value": treffer.sleutel, "confidence_entity": 1.0,
            "extractor": self.__class__.__name__,
        })
        message.set(ENTITIES, entiteiten, add_to_output=True)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self.verwerk(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
