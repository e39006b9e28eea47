"""MeerdereVragenHerkenner: two (or more) questions in one message get all their answers.

"wat is agenderen en moeten we de ADV betalen?" holds two knowledge questions. A classifier gives one
intent per message, so this component splits the message into clauses at sentence ends and
at "en"/"of"/"maar" followed by a question word ("… en moeten we …"), classifies each clause
with a small char-n-gram logistic regression trained on the same NLU data (labels: the full
retrieval keys such as ``adv_financiering/moet_gemeente_betalen``, and the other intents), and
when at least two clauses are confident knowledge questions with different answers it sets
the intent to ``meerdere_vragen`` and adds the answer keys, in order, as ``meerdere_vragen``
to the parse data. action_meerdere_vragen gives those answers one after another.

When the classifier predicts ``meerdere_vragen`` (the former DIET pipeline did) (it has a few training examples so the intent
exists in the data) but fewer than two clauses are recognised, the next intent in its
ranking is used instead (its confidence renormalised to "given that it is not
meerdere_vragen"), or ``nlu_fallback`` when that is still not confident: only this
component decides that a message holds several questions.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.tekenmodel import TekenmodelComponent

INTENT_MEERDERE_VRAGEN = "meerdere_vragen"
FALLBACK_INTENT = "nlu_fallback"

# A new question starts after "en"/"of"/"maar (ook)" when one of these words follows.
VRAAGWOORDEN = (
    "wat wie waar waarom wanneer hoe hoeveel welke welk moet moeten mag mogen kan kunnen kun "
    "is zijn heeft hebben doet doen wordt worden geldt gelden bestaat bestaan zit zitten "
    "krijgt krijgen betaalt betalen staat staan werkt werken"
).split()
_SPLITS_ZIN = re.compile(r"(?<=[?!.;])\s+")
_SPLITS_VOEGWOORD = re.compile(
    r",?\s+(?:en|of|maar|en ook|maar ook)\s+(?=(?:" + "|".join(VRAAGWOORDEN) + r")\b)",
    re.IGNORECASE,
)


_VERZOEKWOORDEN = {"vertel", "geef", "leg", "noem", "zeg"}
_VOORLOPERS = {"en", "of", "maar", "ook", "dan"}


def splits_vragen(tekst: str) -> List[str]:
    """Clauses that may each be a question; a clause needs at least two words."""
    delen: List[str] = []
    for zin in _SPLITS_ZIN.split(tekst.strip()):
        delen.extend(_SPLITS_VOEGWOORD.split(zin))
    return [d.strip(" ,;") for d in delen if len(re.findall(r"\w+", d)) >= 2]


def is_vraag(deel: str) -> bool:
    """A question or request ("…?", "wat …", "moeten we …", "leg uit …"), not a statement."""
    if deel.rstrip().endswith("?"):
        return True
    woorden = [w.lower() for w in re.findall(r"\w+", deel)]
    while woorden and woorden[0] in _VOORLOPERS:
        woorden = woorden[1:]
    return bool(woorden) and (woorden[0] in VRAAGWOORDEN or woorden[0] in _VERZOEKWOORDEN)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class MeerdereVragenHerkenner(TekenmodelComponent):
    MODEL_FILE = "meerdere_vragen.joblib"
    SKIP_INTENTS = (INTENT_MEERDERE_VRAGEN,)

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # A clause counts as a knowledge question when its topic gets at least this probability.
        # When the classifier says meerdere_vragen but the clauses do not confirm it, its next intent
        # is used if it reaches `fallback_threshold`, otherwise nlu_fallback (ask, don't guess).
        return {"min_confidence": 0.45, "max_vragen": 3, "fallback_threshold": 0.45}

    def _sleutel(self, deel: str) -> Optional[str]:
        """The answer key of one clause, if it is confidently a knowledge question."""
        kansen = self.model.predict_proba([deel])[0]
        per_onderwerp: Dict[str, float] = {}
        beste: Dict[str, Tuple[float, str]] = {}
        for label, kans in zip(self.model.classes_, kansen):
            onderwerp = label.split("/")[0]
            per_onderwerp[onderwerp] = per_onderwerp.get(onderwerp, 0.0) + kans
            if kans > beste.get(onderwerp, (-1.0, ""))[0]:
                beste[onderwerp] = (kans, label)
        onderwerp = max(per_onderwerp, key=per_onderwerp.get)
        if onderwerp not in self.kennis or per_onderwerp[onderwerp] < self._config["min_confidence"]:
            return None
        return beste[onderwerp][1]

    def vragen_in(self, tekst: str) -> List[str]:
        """The distinct answer keys of the knowledge questions in ``tekst``, in order."""
        if self.model is None:
            return []
        sleutels: List[str] = []
        delen = splits_vragen(tekst)
        if len(delen) < 2:
            return []
        for deel in delen:
            if not is_vraag(deel):
                continue
            sleutel = self._sleutel(deel)
            if sleutel and sleutel not in sleutels:
                sleutels.append(sleutel)
        return sleutels[: self._config["max_vragen"]]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            tekst = message.get(TEXT) or ""
            if tekst.startswith("/"):
                continue
            sleutels = self.vragen_in(tekst)
            ranking = [r for r in (message.get(INTENT_RANKING_KEY) or [])
                       if r.get(INTENT_NAME_KEY) != INTENT_MEERDERE_VRAGEN]
            if len(sleutels) >= 2:
                gekozen = {INTENT_NAME_KEY: INTENT_MEERDERE_VRAGEN, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, gekozen, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [gekozen, *ranking], add_to_output=True)
                message.set(INTENT_MEERDERE_VRAGEN, sleutels, add_to_output=True)
            elif (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == INTENT_MEERDERE_VRAGEN:
                # The classifier's confidence in the next intent, given that it is not meerdere_vragen.
                rest = 1.0 - float((message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0)
                ranking = [{**r, PREDICTED_CONFIDENCE_KEY: min(1.0, float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) / rest)}
                           if rest > 0 else r for r in ranking]
                volgende = ranking[0] if ranking else None
                if volgende is None or (volgende.get(PREDICTED_CONFIDENCE_KEY) or 0.0) < self._config["fallback_threshold"]:
                    volgende = {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
                    ranking = [volgende, *ranking]
                message.set(INTENT, volgende, add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

