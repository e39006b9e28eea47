"""One ResponseSelector ranks all answers; the answer given belongs to the topic DIET chose."""
from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.antwoord_per_onderwerp import AntwoordPerOnderwerp, antwoord_binnen


def _selector():
    return {
        "all_retrieval_intents": ["adv_taken", "melden_discriminatie"],
        "default": {
            "response": {"intent_response_key": "melden_discriminatie/waar_melden",
                         "utter_action": "utter_melden_discriminatie/waar_melden",
                         "confidence": 0.6},
            "ranking": [
                {"intent_response_key": "melden_discriminatie/waar_melden", "confidence": 0.6},
                {"intent_response_key": "adv_taken/klacht_of_melding", "confidence": 0.3},
                {"intent_response_key": "adv_taken/wat_doet_adv", "confidence": 0.1},
            ],
        },
    }


def test_the_answer_comes_from_the_topic_not_from_the_overall_best():
    smal = antwoord_binnen(_selector()["default"], "adv_taken")
    assert smal["response"]["intent_response_key"] == "adv_taken/klacht_of_melding"
    assert smal["response"]["utter_action"] == "utter_adv_taken/klacht_of_melding"
    assert [r["intent_response_key"] for r in smal["ranking"]] == [
        "adv_taken/klacht_of_melding", "adv_taken/wat_doet_adv"]


def test_every_topic_gets_its_own_key_where_rasa_and_the_actions_read_it():
    message = Message(data={"text": "x", "response_selector": _selector()})
    AntwoordPerOnderwerp().process([message])
    selectors = message.get("response_selector")
    assert selectors["adv_taken"]["response"]["intent_response_key"] == "adv_taken/klacht_of_melding"
    assert selectors["melden_discriminatie"]["response"]["intent_response_key"] == \
        "melden_discriminatie/waar_melden"
    assert selectors["default"] == _selector()["default"]


def test_a_topic_without_ranked_answers_is_left_out():
    assert antwoord_binnen(_selector()["default"], "monitoring") is None
