"""A small char- and word-n-gram logistic regression over the NLU training data (labels: full intents).

Trained on the NLU examples and on the sentences of the answer texts themselves. It is the
answer model of the pipeline: AntwoordRangschikker ranks every answer with it,
MeerdereVragenHerkenner classifies each clause of a message with it and BuitenDomeinHerkenner
asks it how likely out-of-scope is. No TensorFlow: it trains in seconds, loads in well under
one, and logistic regression (newton-cg) has no random seed.

The three components train the same model on the same data, so one process keeps **one** copy:
trained once (keyed by a fingerprint of the examples), loaded once (the fingerprint is stored
beside each copy), and each text is classified once per message (``GedeeldModel`` remembers the
last few texts). Measured in docs/snelheid.md.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from typing import Any, Dict, Iterable, List, Optional, Set, Text, Tuple

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.training_data import TrainingData


def nieuw_model() -> Any:
    """Char n-grams (typos, word forms) and word uni- and bigrams (policy vocabulary)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    return make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True),
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
        ),
        # newton-cg: the same optimum as lbfgs (probabilities within 1e-4 on every question) in
        # 12.7 instead of 21 s; lbfgs spent two thirds of its time in scipy's L-BFGS-B itself on
        # 1.5 million weights (docs/snelheid.md, session 11).
        LogisticRegression(C=20.0, solver="newton-cg", max_iter=3000),
    )


_BRON_RE = re.compile(r"^\s*Bron\b", re.IGNORECASE)
_ZIN_RE = re.compile(r"(?<=[.?!:])\s+")
MIN_ZIN_WOORDEN = 4


def antwoord_zinnen(training_data: TrainingData) -> List[Tuple[str, str]]:
    """(sentence, answer key) for every sentence of every answer text (retrieval responses,
    the source lines left out): a question that uses an answer's own words ("niet geoormerkt",
    "Berenschot", "NCDR") then points to that answer, as a retriever over the answers would."""
    paren: List[Tuple[str, str]] = []
    for naam, varianten in sorted((training_data.responses or {}).items()):
        sleutel = naam.removeprefix("utter_")
        if "/" not in sleutel:
            continue
        for variant in varianten:
            for regel in (variant.get("text") or "").splitlines():
                regel = regel.strip(" -*").replace("**", "")
                if not regel or _BRON_RE.match(regel):
                    continue
                for zin in _ZIN_RE.split(regel):
                    if len(zin.split()) >= MIN_ZIN_WOORDEN:
                        paren.append((zin.strip(), sleutel))
    return paren


def zonder_kopie_per_bericht(pipeline: Any) -> Any:
    """Store the regression's weights column-major, the same numbers.

    sklearn scores a message as ``X @ coef_.T``; for a sparse ``X`` scipy needs the dense side
    C-contiguous and otherwise copies it, so with row-major ``coef_`` every message copied the
    whole weight matrix (classes x ~50,000 n-grams, 20 MB): 60 % of a prediction, growing with
    every training example (profile in docs/snelheid.md, session 12). Column-major ``coef_``
    makes ``coef_.T`` C-contiguous: no copy, identical probabilities."""
    import numpy as np

    regressie = pipeline[-1]
    if getattr(regressie, "coef_", None) is not None:
        regressie.coef_ = np.asfortranarray(regressie.coef_)
    return pipeline


class GedeeldModel:
    """The trained pipeline with ``classes_`` and ``predict_proba`` like sklearn's, remembering
    the probabilities of the last ``ONTHOUDEN`` texts: the ranker, the out-of-scope check and
    the clause splitter ask about the same message one after the other."""

    ONTHOUDEN = 32

    def __init__(self, pipeline: Any, vingerafdruk: str) -> None:
        self.pipeline = zonder_kopie_per_bericht(pipeline)
        self.vingerafdruk = vingerafdruk
        self.classes_ = pipeline.classes_
        self._laatste: "OrderedDict[str, Any]" = OrderedDict()
        self._slot = threading.Lock()

    def predict_proba(self, teksten: List[str]) -> Any:
        import numpy as np

        rijen = []
        for tekst in teksten:
            with self._slot:
                rij = self._laatste.get(tekst)
                if rij is not None:
                    self._laatste.move_to_end(tekst)
            if rij is None:
                rij = self.pipeline.predict_proba([tekst])[0]
                with self._slot:
                    self._laatste[tekst] = rij
                    while len(self._laatste) > self.ONTHOUDEN:
                        self._laatste.popitem(last=False)
            rijen.append(rij)
        return np.vstack(rijen)


# One model per fingerprint per process (at most two: the old and the new after a model swap).
_MODELLEN: "OrderedDict[str, GedeeldModel]" = OrderedDict()
_MODELLEN_SLOT = threading.Lock()
MAX_MODELLEN = 2


def _bewaar(model: GedeeldModel) -> GedeeldModel:
    with _MODELLEN_SLOT:
        _MODELLEN[model.vingerafdruk] = model
        while len(_MODELLEN) > MAX_MODELLEN:
            _MODELLEN.popitem(last=False)
    return model


def _gevonden(vingerafdruk: str) -> Optional[GedeeldModel]:
    with _MODELLEN_SLOT:
        return _MODELLEN.get(vingerafdruk)


def vingerafdruk(teksten: List[str], labels: List[str]) -> str:
    inhoud = json.dumps([nieuw_model().get_params(deep=True).__repr__(), teksten, labels])
    return hashlib.sha256(inhoud.encode("utf-8")).hexdigest()


def train_model(training_data: TrainingData, skip_intents: Iterable[str] = ()) -> GedeeldModel:
    """The char model for these examples; trained only if this process has not trained it yet."""
    skip = set(skip_intents)
    teksten, labels = [], []
    for example in training_data.intent_examples:
        if example.get(INTENT) in skip:
            continue
        teksten.append(example.get(TEXT))
        labels.append(example.get_full_intent())
    getraind = set(labels)  # only answers that have examples (a topic that is trained)
    for zin, label in antwoord_zinnen(training_data):
        if label in getraind:
            teksten.append(zin)
            labels.append(label)
    sleutel = vingerafdruk(teksten, labels)
    return _gevonden(sleutel) or _bewaar(GedeeldModel(nieuw_model().fit(teksten, labels), sleutel))


class TekenmodelComponent(GraphComponent):
    """Base for NLU components that keep a char-n-gram model (see ``train_model``) and the set
    of knowledge (retrieval) intents: one way to train, persist and load them."""

    MODEL_FILE = "tekenmodel.joblib"
    VINGERAFDRUK_FILE = "vingerafdruk.txt"
    KENNIS_FILE = "kennis.json"
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
            joblib.dump(self.model.pipeline, directory / self.MODEL_FILE)
            (directory / self.KENNIS_FILE).write_text(json.dumps(sorted(self.kennis)))
            (directory / self.VINGERAFDRUK_FILE).write_text(self.model.vingerafdruk)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage,
             resource: Resource, execution_context: ExecutionContext, **kwargs: Any
             ) -> "TekenmodelComponent":
        with model_storage.read_from(resource) as directory:
            sleutel = (directory / cls.VINGERAFDRUK_FILE).read_text().strip()
            model = _gevonden(sleutel)
            if model is None:
                model = _bewaar(GedeeldModel(joblib.load(directory / cls.MODEL_FILE), sleutel))
            kennis = json.loads((directory / cls.KENNIS_FILE).read_text())
        return cls(config, model_storage, resource, model, set(kennis))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
