"""Two-stage fallback in Dutch: "Bedoelt u …?" with readable titles, rephrase, way to a person."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from rasa_sdk.events import UserUtteranceReverted

from actions.verduidelijking import (
    IETS_ANDERS_PAYLOAD,
    ActionVerduidelijking,
    ActionVraagAndersStellen,
    ActionWegNaarMens,
)
from bot.verduidelijking import MAX_SUGGESTIES, laad_teksten

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


def _selector(**rankings):
    return {onderwerp: {"ranking": [{"intent_response_key": f"{onderwerp}/{k}", "confidence": c}
                                     for k, c in antwoorden]}
            for onderwerp, antwoorden in rankings.items()}


async def test_offers_most_likely_answers_as_dutch_buttons(action, teksten, make_tracker, domain_dict):
    """The buttons are answers, not topics: a topic's confidence is split over its answers, so
    two answers of one likely topic can beat a less likely topic."""
    tracker = make_tracker(
        "hoe zit het met dat geld voor dat meldpunt",
        intent="nlu_fallback",
        ranking=[
            {"name": "nlu_fallback", "confidence": 0.45},
            {"name": "adv_financiering", "confidence": 0.5},
            {"name": "buiten_domein", "confidence": 0.2},
            {"name": "adv_taken", "confidence": 0.15},
            {"name": "groet", "confidence": 0.1},
            {"name": "afdeling_zoeken", "confidence": 0.05},
        ],
        extra={"response_selector": _selector(
            adv_financiering=[("moet_gemeente_betalen", 0.6), ("hoe_gefinancierd", 0.35),
                              ("plannen_2027", 0.05)],
            adv_taken=[("wat_doet_adv", 0.9), ("klacht_of_melding", 0.1)])},
    )
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain_dict)

    assert events == []
    assert len(dispatcher.messages) == 1
    msg = dispatcher.messages[0]
    assert msg["text"] == teksten.vraag
    titles = [b["title"] for b in msg["buttons"]]
    assert titles == ["Moet de gemeente de ADV betalen?", "Hoe een ADV betaald wordt",
                      "Wat een ADV doet", "Iets anders"]
    assert len(titles) == MAX_SUGGESTIES + 1
    payloads = [b["payload"] for b in msg["buttons"]]
    assert payloads[:3] == [teksten.antwoorden["adv_financiering/moet_gemeente_betalen"].vraag,
                            teksten.antwoorden["adv_financiering/hoe_gefinancierd"].vraag,
                            teksten.antwoorden["adv_taken/wat_doet_adv"].vraag]
    # "Iets anders" tells Rasa's two-stage fallback that none of them fitted
    assert payloads[-1] == IETS_ANDERS_PAYLOAD == "/out_of_scope"
    # never an intent name shown; buttons send a question the assistant understands
    for b in msg["buttons"]:
        assert "_" not in b["title"]
    for p in payloads[:-1]:
        assert not p.startswith("/")


async def test_an_intent_without_answers_is_offered_by_its_own_title(action, teksten, make_tracker,
                                                                     domain_dict):
    tracker = make_tracker(
        "wie gaat over woningen", intent="nlu_fallback",
        ranking=[{"name": "nlu_fallback", "confidence": 0.45},
                 {"name": "afdeling_zoeken", "confidence": 0.4},
                 {"name": "rollen_gemeente", "confidence": 0.3}],
        extra={"response_selector": _selector(rollen_gemeente=[("regisseren", 1.0)])})
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, domain_dict)
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == [
        teksten.onderwerpen["afdeling_zoeken"].titel, "Regisseren", "Iets anders"]


async def test_a_topic_without_selector_output_falls_back_to_its_topic_title(
        action, make_tracker, domain_dict):
    tracker = make_tracker("regie?", intent="nlu_fallback",
                           ranking=[{"name": "rollen_gemeente", "confidence": 0.4}])
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, domain_dict)
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == [
        "De rollen van de gemeente", "Iets anders"]


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
    assert KENNIS_INTENTS <= set(teksten.onderwerpen)
    antwoorden = {r.removeprefix("utter_") for r in domain_dict["responses"] if "/" in r}
    assert set(teksten.antwoorden) == antwoorden  # every answer has a title and a question
    for keuze in teksten.antwoorden.values():
        assert "_" not in keuze.titel and len(keuze.titel) <= 60
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
