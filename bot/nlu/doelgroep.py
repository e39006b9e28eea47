"""DoelgroepUitKanaal: the audience the channel sent along becomes the entity ``doelgroep``.

The widget marks every message ``{"doelgroep": "inwoner"}``, the intranet channel
``{"doelgroep": "ambtenaar"}`` (message metadata). This component turns that into an entity,
and the slot ``doelgroep`` fills itself from it (a ``from_entity`` mapping in domain.yml):
Rasa's own slot filling, inside the Rasa process. Before, a custom
``action_validate_slot_mappings`` did it, which cost an HTTP round trip to the action server
with the whole tracker after every user message.

Without such metadata (plain REST) nothing is added, so the slot keeps its value and nothing
is guessed; any other value is ignored.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.themas import DOELGROEPEN

ENTITEIT = "doelgroep"


def doelgroep_van(message: Message) -> str | None:
    waarde = (message.get("metadata") or {}).get(ENTITEIT)
    return waarde if waarde in DOELGROEPEN else None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class DoelgroepUitKanaal(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DoelgroepUitKanaal":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            waarde = doelgroep_van(message)
            if waarde is None:
                continue
            entiteiten = [e for e in message.get(ENTITIES) or [] if e.get("entity") != ENTITEIT]
            lengte = len(message.get(TEXT) or "")
            entiteiten.append({"entity": ENTITEIT, "value": waarde, "start": lengte,
                               "end": lengte, "confidence_entity": 1.0,
                               "extractor": self.__class__.__name__})
            message.set(ENTITIES, entiteiten, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
