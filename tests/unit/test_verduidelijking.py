"""Two-stage fallback in Dutch: "Bedoelt u …?" with readable titles, rephrase, way to a person."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from rasa_sdk.events import UserUtteranceReverted

from actions.verduidelijking import (
    IETS_ANDERS_PAYLOAD,
    MAX_SUGGESTIES,
    ActionVerduidelijking,
    ActionVraagAndersStellen,
    ActionWegNaarMens,
    laad_teksten,
)

KENNIS_INTENTS = {
    "rollen_gemeente", "grondwet_en_wet", "adv_taken", "adv_financiering",
    "voorbeelden_gemeenten", "verantwoordelijkheid_organisatie",
    "melden_discriminatie", "monitoring",
}


@pytest.fixture
def action(settings):
    return ActionVerduidelijking(settings.texts_dir)


@pytest.fixture
def teksten(settings):
    return laad_teksten(settings.texts_dir / "verduidelijking.yml")


async def test_offers_most_likely_topics_as_dutch_buttons(action, teksten, make_tracker, domain_dict):
    tracker = make_tracker(
        "hoe zit het met dat geld voor dat meldpunt",
        intent="nlu_fallback",
        ranking=[
            {"name": "nlu_fallback", "confidence": 0.45},
            {"name": "adv_financiering", "confidence": 0.31},
            {"name": "buiten_domein", "confidence": 0.2},
            {"name": "adv_taken", "confidence": 0.15},
            {"name": "groet", "confidence": 0.1},
            {"name": "melden_discriminatie", "confidence": 0.05},
            {"name": "monitoring", "confidence": 0.04},
        ],
    )
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain_dict)

    assert events == []
    assert len(dispatcher.messages) == 1
    msg = dispatcher.messages[0]
    assert msg["text"] == teksten.vraag
    titles = [b["title"] for b in msg["buttons"]]
    assert titles == ["Financiering van de ADV", "Wat een ADV doet", "Discriminatie melden", "Iets anders"]
    assert len(titles) == MAX_SUGGESTIES + 1
    payloads = [b["payload"] for b in msg["buttons"]]
    assert payloads[0] == "Hoe wordt een ADV gefinancierd?"
    # "Iets anders" tells Rasa's two-stage fallback that none of them fitted
    assert payloads[-1] == IETS_ANDERS_PAYLOAD == "/out_of_scope"
    # never an intent name shown; topic buttons send a question the assistant understands
    for b in msg["buttons"]:
        assert "_" not in b["title"]
    for p in payloads[:-1]:
        assert not p.startswith("/")


async def test_retrieval_intent_names_in_ranking_map_to_their_topic(action, make_tracker, domain_dict):
    tracker = make_tracker(
        "regie?", intent="nlu_fallback",
        ranking=[{"name": "rollen_gemeente/regisseren", "confidence": 0.4}],
    )
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, domain_dict)
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["De rollen van de gemeente", "Iets anders"]


async def test_without_in_scope_candidates_asks_to_rephrase(action, teksten, make_tracker, domain_dict):
    tracker = make_tracker(
        "asdfgh", intent="nlu_fallback",
        ranking=[{"name": "nlu_fallback", "confidence": 0.4}, {"name": "buiten_domein", "confidence": 0.3}],
    )
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, domain_dict)
    assert dispatcher.messages[0]["text"] == teksten.geen_suggesties
    assert not dispatcher.messages[0]["buttons"]


async def test_empty_ranking_as_core_fallback(action, teksten, make_tracker, domain_dict):
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, make_tracker("iets", intent=None, ranking=[]), domain_dict)
    assert dispatcher.messages[0]["text"] == teksten.geen_suggesties


def test_every_knowledge_topic_has_a_title_and_question(teksten, domain_dict):
    domain_intents = {i if isinstance(i, str) else next(iter(i)) for i in domain_dict["intents"]}
    assert KENNIS_INTENTS <= domain_intents
    assert set(teksten.onderwerpen) == KENNIS_INTENTS
    for name in ("action_default_ask_affirmation", "action_default_ask_rephrase", "action_default_fallback"):
        assert name in domain_dict["actions"]


async def test_second_step_asks_to_rephrase(settings, teksten, make_tracker, domain_dict):
    dispatcher = CollectingDispatcher()
    action = ActionVraagAndersStellen(settings.texts_dir)
    assert action.name() == "action_default_ask_rephrase"
    assert await action.run(dispatcher, make_tracker("/out_of_scope", "out_of_scope"), domain_dict) == []
    assert dispatcher.messages[0]["text"] == teksten.anders_stellen


async def test_last_step_gives_up_and_shows_the_way_to_a_person(settings, teksten, make_tracker, domain_dict):
    dispatcher = CollectingDispatcher()
    action = ActionWegNaarMens(settings.texts_dir)
    assert action.name() == "action_default_fallback"
    events = await action.run(dispatcher, make_tracker("blorp", "nlu_fallback"), domain_dict)
    assert events == [UserUtteranceReverted()]
    assert dispatcher.messages[0]["text"] == teksten.opgeven
    assert "Discriminatie.nl" in dispatcher.messages[1]["text"]  # the default profile's ADV
    assert "Bron:" in dispatcher.messages[1]["text"]


def test_texts_are_loaded_lazily_not_at_import(tmp_path):
    # Constructing the action (as the SDK does at start-up) reads no file.
    action = ActionVerduidelijking(tmp_path)
    assert action.name() == "action_default_ask_affirmation"
    with pytest.raises(FileNotFoundError):
        action.teksten()
