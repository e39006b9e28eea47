"""action_feedback: "Had u hier iets aan?" -> stored with the turn; "nee" offers a way on."""
from __future__ import annotations

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import MEDEWERKER_PAYLOAD, ActionFeedback


@pytest.fixture
def action(settings):
    return ActionFeedback(settings.texts_dir)


@pytest.fixture
def teksten(settings):
    return yaml.safe_load((settings.texts_dir / "feedback.yml").read_text(encoding="utf-8"))


def _slots(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def test_yes_is_stored_with_the_answer_it_is_about(action, make_tracker, user_turn, domain_dict, teksten):
    tracker = make_tracker("/feedback_ja", "feedback_ja", history=[
        user_turn("wat doet een adv", "adv_taken", "adv_taken/wat_doet_adv")])
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain_dict)
    assert _slots(events) == {"feedback_antwoord": "adv_taken/wat_doet_adv", "feedback_oordeel": "ja"}
    assert dispatcher.messages[0]["text"] == teksten["ja"]


async def test_no_offers_related_topics_and_a_person(action, make_tracker, user_turn, domain_dict, teksten):
    tracker = make_tracker("nee, daar heb ik niks aan", "feedback_nee", history=[
        user_turn("moet de gemeente de adv betalen", "adv_financiering",
                  "adv_financiering/moet_gemeente_betalen")])
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain_dict)
    assert _slots(events) == {"feedback_antwoord": "adv_financiering/moet_gemeente_betalen",
                              "feedback_oordeel": "nee"}
    msg = dispatcher.messages[0]
    assert msg["text"] == teksten["nee"]
    assert [b["title"] for b in msg["buttons"]] == ["Wat een ADV doet", "Grondwet en wet", "Iemand spreken"]
    assert msg["buttons"][-1]["payload"] == MEDEWERKER_PAYLOAD
    assert "medewerker_spreken" in domain_dict["intents"]


async def test_feedback_follows_the_latest_answer_even_from_a_follow_up(action, make_tracker, user_turn, domain_dict):
    tracker = make_tracker("ja", "feedback_ja", history=[
        user_turn("wat is agenderen", "rollen_gemeente", "rollen_gemeente/agenderen"),
        {"event": "slot", "name": "laatste_antwoord", "value": "rollen_gemeente/voorbeelden"}])
    events = await action.run(CollectingDispatcher(), tracker, domain_dict)
    assert _slots(events)["feedback_antwoord"] == "rollen_gemeente/voorbeelden"


async def test_yes_without_any_answer_stores_nothing(action, make_tracker, domain_dict, teksten):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, make_tracker("ja", "feedback_ja"), domain_dict)
    assert events == []
    assert dispatcher.messages[0]["text"] == teksten["geen_antwoord"]


def test_every_topic_has_related_topics_with_titles(teksten, settings, domain_dict):
    onderwerpen = yaml.safe_load((settings.texts_dir / "verduidelijking.yml").read_text(encoding="utf-8"))["onderwerpen"]
    kennis = {r.removeprefix("utter_").split("/")[0] for r in domain_dict["responses"] if "/" in r}
    assert set(teksten["verwant"]) == kennis and kennis <= set(onderwerpen)
    for topic, related in teksten["verwant"].items():
        assert related and topic not in related and set(related) <= set(onderwerpen)
    for slot in ("feedback_antwoord", "feedback_oordeel", "laatste_antwoord"):
        assert slot in domain_dict["slots"]
