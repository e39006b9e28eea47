"""AntwoordRangschikker: the intent classifier of the pipeline; it ranks answers, not topics.

Every answer key (``adv_taken/wat_doet_adv``) and every other intent gets one score from the
char- and word-n-gram logistic regression of bot.nlu.tekenmodel (trained on the examples and on
the sentences of the answer texts, labels: the full answer keys):

    score(answer a) = P_teken(a)        score(intent i) = P_teken(i)

The intent becomes the topic with the highest summed score (its confidence that sum, so the
FallbackClassifier after it judges the certainty of the topic); the intent ranking holds the
topic scores, and for every topic the best answer *of that topic* is written under
``response_selector[<topic>]``, where Rasa's answer action (``utter_<topic>``) and the actions
read it, with that topic's answers as its ranking.

With DIET and a ResponseSelector before it in the pipeline (the former config, kept measurable
by ``make compare-pipelines``), it combines the three opinions per answer key:
``w * P_DIET(t) * P_RS(a | t) + (1 - w) * P_teken(a)`` with ``w`` = ``gewicht_diet``.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Dict, List, Optional, Text

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

SELECTOR = "response_selector"
DEFAULT = "default"
MAX_RANKING = 10


def onderwerp_van(sleutel: str) -> str:
    return sleutel.split("/")[0]


def combineer(diet: Dict[str, float], selector: Dict[str, float], teken: Dict[str, float],
              kennis: List[str], gewicht_diet: float) -> Dict[str, float]:
    """One score per answer key (retrieval topics) or intent (everything else)."""
    binnen: Dict[str, Dict[str, float]] = defaultdict(dict)
    for sleutel, kans in selector.items():
        binnen[onderwerp_van(sleutel)][sleutel] = kans
    scores: Dict[str, float] = defaultdict(float)
    for naam, kans in diet.items():
        antwoorden = binnen.get(naam) if naam in kennis else None
        if antwoorden:
            totaal = sum(antwoorden.values()) or 1.0
            for sleutel, k in antwoorden.items():
                scores[sleutel] += gewicht_diet * kans * k / totaal
        else:
            scores[naam] += gewicht_diet * kans
    for label, kans in teken.items():
        scores[label] += (1.0 - gewicht_diet) * kans
    return dict(scores)


def per_onderwerp(scores: Dict[str, float]) -> Dict[str, float]:
    totaal: Dict[str, float] = defaultdict(float)
    for label, score in scores.items():
        totaal[onderwerp_van(label)] += score
    return dict(totaal)


def antwoord_binnen(scores: Dict[str, float], onderwerp: str) -> Optional[Dict[str, Any]]:
    """The best-scored answer of ``onderwerp`` in the shape of Rasa's selector output."""
    ranking = sorted(((s, k) for k, s in scores.items()
                      if "/" in k and onderwerp_van(k) == onderwerp), reverse=True)
    if not ranking:
        return None
    totaal = sum(s for s, _ in ranking) or 1.0
    beste_score, beste = ranking[0]
    return {
        "response": {
            "responses": None,  # Rasa's answer action reads the utter action, not this
            "confidence": beste_score / totaal,
            "intent_response_key": beste,
            "utter_action": f"utter_{beste}",
        },
        "ranking": [{"intent_response_key": k, "confidence": s / totaal} for s, k in ranking],
    }


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class AntwoordRangschikker(TekenmodelComponent):
    MODEL_FILE = "antwoord_rangschikker.joblib"
    SKIP_INTENTS = ("meerdere_vragen",)

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"gewicht_diet": 0.4}

    def teken_kansen(self, tekst: str) -> Dict[str, float]:
        if self.model is None:
            return {}
        return dict(zip(self.model.classes_, map(float, self.model.predict_proba([tekst])[0])))

    def verwerk(self, message: Message) -> None:
        tekst = message.get(TEXT) or ""
        if not tekst or tekst.startswith("/") or self.model is None:
            # Nothing to rank ("/intent" payloads are Rasa's RegexMessageHandler's): like DIET
            # on an empty message, no intent, so the FallbackClassifier has one to judge.
            if message.get(INTENT) is None:
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0},
                            add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
            return
        ranking = message.get(INTENT_RANKING_KEY) or []
        diet = {r[INTENT_NAME_KEY]: float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
                for r in ranking}
        selectors = message.get(SELECTOR) or {}
        selector = {r["intent_response_key"]: float(r.get("confidence") or 0.0)
                    for r in (selectors.get(DEFAULT) or {}).get("ranking") or []}
        kennis = sorted(selectors.get("all_retrieval_intents") or self.kennis)
        # Without DIET in the pipeline the char model is the only opinion.
        gewicht = float(self._config["gewicht_diet"]) if diet else 0.0
        scores = combineer(diet, selector, self.teken_kansen(tekst), kennis, gewicht)
        onderwerpen = sorted(per_onderwerp(scores).items(), key=lambda x: -x[1])
        nieuwe_ranking = [{INTENT_NAME_KEY: naam, PREDICTED_CONFIDENCE_KEY: score}
                          for naam, score in onderwerpen[:MAX_RANKING]]
        message.set(INTENT, nieuwe_ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, nieuwe_ranking, add_to_output=True)
        selectors.setdefault("all_retrieval_intents", kennis)
        for onderwerp in kennis:
            smal = antwoord_binnen(scores, onderwerp)
            if smal:
                selectors[onderwerp] = smal
        message.set(SELECTOR, selectors, add_to_output=True)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self.verwerk(message)
        return messages
