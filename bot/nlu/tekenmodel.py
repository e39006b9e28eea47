"""A small char-n-gram logistic regression over the NLU training data (labels: full intents).

Shared by MeerdereVragenHerkenner (classifies each clause of a message) and
BuitenDomeinHerkenner (a second opinion on out-of-scope). Different features and a different
model family than DIET, so its mistakes are not DIET's mistakes.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, Optional, Set, Text, Tuple

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.training_data import TrainingData


def nieuw_model() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True),
        LogisticRegression(C=20.0, max_iter=3000),
    )


def train_model(training_data: TrainingData, skip_intents: Iterable[str] = ()) -> Any:
    skip = set(skip_intents)
    teksten, labels = [], []
    for example in training_data.intent_examples:
        if example.get(INTENT) in skip:
            continue
        teksten.append(example.get(TEXT))
        labels.append(example.get_full_intent())
    return nieuw_model().fit(teksten, labels)


class TekenmodelComponent(GraphComponent):
    """Base for NLU components that keep a char-n-gram model (see ``train_model``) and the set
    of knowledge (retrieval) intents: one way to train, persist and load them."""

    MODEL_FILE = "tekenmodel.joblib"
    SKIP_INTENTS: Tuple[str, ...] = ("meerdere_vragen",)

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage,
                 resource: Resource, model: Any = None,
                 kennis: Optional[Set[str]] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model
        self.kennis: Set[str] = kennis or set()

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext) -> "TekenmodelComponent":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self.kennis = set(training_data.retrieval_intents)
        self.model = train_model(training_data, skip_intents=self.SKIP_INTENTS)
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump({"model": self.model, "kennis": sorted(self.kennis)},
                        directory / self.MODEL_FILE)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage,
             resource: Resource, execution_context: ExecutionContext, **kwargs: Any
             ) -> "TekenmodelComponent":
        with model_storage.read_from(resource) as directory:
            opgeslagen = joblib.load(directory / cls.MODEL_FILE)
        return cls(config, model_storage, resource, opgeslagen["model"], set(opgeslagen["kennis"]))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
