"""AntwoordRangschikker: the char/word-n-gram model ranks answers (the shipped pipeline), and
with DIET x ResponseSelector before it the three opinions are combined (the former pipeline)."""
from __future__ import annotations

import numpy as np
import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.antwoord_rangschikker import (
    AntwoordRangschikker,
    antwoord_binnen,
    combineer,
    per_onderwerp,
)

KENNIS = ["adv_taken", "melden_discriminatie"]


class VasteKansen:
    """Stands in for the char-n-gram model: fixed probabilities per label."""

    def __init__(self, kansen):
        self.classes_ = np.array(list(kansen))
        self._kansen = np.array([list(kansen.values())])

    def predict_proba(self, teksten):
        return self._kansen


def _message(diet, selector):
    return Message(data={
        "text": "waar kan ik terecht als ik gediscrimineerd word",
        "intent": {"name": max(diet, key=diet.get), "confidence": max(diet.values())},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in diet.items()],
        "response_selector": {
            "all_retrieval_intents": KENNIS,
            "default": {"response": {}, "ranking": [
                {"intent_response_key": k, "confidence": c} for k, c in selector.items()]},
        },
    })


def _rangschikker(kansen, gewicht=0.5):
    return AntwoordRangschikker({"gewicht_diet": gewicht}, None, None, VasteKansen(kansen),
                                set(KENNIS))


def test_without_diet_the_char_model_alone_picks_topic_and_answer():
    """The shipped pipeline: no DIET, no ResponseSelector; the topic is the sum of its answers
    and its best answer is written where utter_<topic> reads it."""
    message = Message(data={"text": "wat doet een adv eigenlijk voor mij"})
    _rangschikker({"adv_taken/wat_doet_adv": 0.3, "adv_taken/wat_adv_voor_inwoner": 0.35,
                   "melden_discriminatie/waar_melden": 0.25, "groet": 0.1},
                  gewicht=0.4).process([message])
    assert message.get("intent")["name"] == "adv_taken"
    assert message.get("intent")["confidence"] == pytest.approx(0.65)
    assert [r["name"] for r in message.get("intent_ranking")] == [
        "adv_taken", "melden_discriminatie", "groet"]
    selectors = message.get("response_selector")
    assert selectors["all_retrieval_intents"] == KENNIS
    assert selectors["adv_taken"]["response"]["utter_action"] == \
        "utter_adv_taken/wat_adv_voor_inwoner"
    assert selectors["melden_discriminatie"]["response"]["intent_response_key"] == \
        "melden_discriminatie/waar_melden"


def test_scores_split_a_topic_by_the_selector_and_add_the_second_opinion():
    scores = combineer(
        diet={"melden_discriminatie": 0.8, "groet": 0.2},
        selector={"melden_discriminatie/waar_melden": 0.6, "melden_discriminatie/politie": 0.2,
                  "adv_taken/wat_doet_adv": 0.2},
        teken={"melden_discriminatie/politie": 1.0},
        kennis=KENNIS, gewicht_diet=0.5)
    assert scores["melden_discriminatie/waar_melden"] == pytest.approx(0.5 * 0.8 * 0.75)
    assert scores["melden_discriminatie/politie"] == pytest.approx(0.5 * 0.8 * 0.25 + 0.5)
    assert scores["groet"] == pytest.approx(0.1)
    assert "adv_taken/wat_doet_adv" not in scores  # DIET gave the topic nothing
    assert per_onderwerp(scores)["melden_discriminatie"] == pytest.approx(0.9)


def test_when_both_models_disagree_the_stronger_combined_answer_wins():
    """DIET is fairly sure of one topic; the second model is very sure of an answer in another:
    the sum decides, and the answer given belongs to the winning topic."""
    message = _message(
        diet={"melden_discriminatie": 0.55, "adv_taken": 0.45},
        selector={"melden_discriminatie/waar_melden": 0.5, "adv_taken/klacht_of_melding": 0.3,
                  "adv_taken/wat_doet_adv": 0.2})
    _rangschikker({"adv_taken/klacht_of_melding": 0.9, "melden_discriminatie/waar_melden": 0.1}
                  ).process([message])
    assert message.get("intent")["name"] == "adv_taken"
    assert message.get("intent")["confidence"] == pytest.approx(0.5 * 0.45 + 0.5 * 0.9)
    assert [r["name"] for r in message.get("intent_ranking")] == ["adv_taken",
                                                                  "melden_discriminatie"]
    selectors = message.get("response_selector")
    assert selectors["adv_taken"]["response"]["intent_response_key"] == \
        "adv_taken/klacht_of_melding"
    assert selectors["adv_taken"]["response"]["utter_action"] == "utter_adv_taken/klacht_of_melding"
    assert selectors["melden_discriminatie"]["response"]["intent_response_key"] == \
        "melden_discriminatie/waar_melden"
    assert selectors["default"]["ranking"][0]["intent_response_key"] == \
        "melden_discriminatie/waar_melden"  # the selector's own output is kept


def test_with_weight_one_it_is_diet_and_the_selector_alone():
    message = _message(
        diet={"melden_discriminatie": 0.55, "adv_taken": 0.45},
        selector={"melden_discriminatie/waar_melden": 0.5, "adv_taken/klacht_of_melding": 0.5})
    _rangschikker({"adv_taken/klacht_of_melding": 1.0}, gewicht=1.0).process([message])
    assert message.get("intent")["name"] == "melden_discriminatie"
    assert message.get("intent")["confidence"] == pytest.approx(0.55)


def test_the_answer_within_a_topic_is_normalised_to_that_topic():
    smal = antwoord_binnen({"adv_taken/wat_doet_adv": 0.1, "adv_taken/klacht_of_melding": 0.3,
                            "melden_discriminatie/politie": 0.6}, "adv_taken")
    assert smal["response"]["intent_response_key"] == "adv_taken/klacht_of_melding"
    assert smal["response"]["confidence"] == pytest.approx(0.75)
    assert [r["intent_response_key"] for r in smal["ranking"]] == [
        "adv_taken/klacht_of_melding", "adv_taken/wat_doet_adv"]
    assert antwoord_binnen({"groet": 1.0}, "adv_taken") is None


def test_a_button_payload_is_left_as_rasa_parsed_it():
    message = _message(diet={"groet": 1.0}, selector={})
    message.set("text", "/groet")
    _rangschikker({"adv_taken/wat_doet_adv": 1.0}).process([message])
    assert message.get("intent") == {"name": "groet", "confidence": 1.0}


@pytest.mark.parametrize("tekst", ["", "/groet"])
def test_without_diet_an_empty_message_or_payload_gets_no_intent_rather_than_none_at_all(tekst):
    """The FallbackClassifier after the ranker reads message["intent"]: it must exist."""
    message = Message(data={"text": tekst})
    _rangschikker({"adv_taken/wat_doet_adv": 1.0}).process([message])
    assert message.get("intent") == {"name": None, "confidence": 0.0}
    assert message.get("intent_ranking") == []
