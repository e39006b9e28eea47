"""A small char-n-gram logistic regression over the NLU training data (labels: full intents).

Shared by MeerdereVragenHerkenner (classifies each clause of a message) and
BuitenDomeinHerkenner (a second opinion on out-of-scope). Different features and a different
model family than DIET, so its mistakes are not DIET's mistakes.
"""
from __future__ import annotations

from typing import Any, Iterable

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
