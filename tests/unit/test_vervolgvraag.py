"""action_vervolgvraag: follow-ups use the previous answer as context."""
from __future__ import annotations

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.context import bron_regels, laatste_antwoord_uit
from actions.vervolgvraag import SOORTEN, ActionVervolgvraag, kies_vervolg


@pytest.fixture
def action(settings):
    return ActionVervolgvraag(settings.texts_dir)


@pytest.fixture
def data(settings):
    return yaml.safe_load((settings.texts_dir / "vervolgvraag.yml").read_text(encoding="utf-8"))


@pytest.fixture
def sub_answers(domain_dict):
    return sorted(k[len("utter_"):] for k in domain_dict["responses"] if "/" in k)


async def _run(action, tracker, domain_dict):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain_dict)
    return dispatcher.messages, events


async def test_example_after_roles_overview_is_the_examples_per_role(action, make_tracker, user_turn, domain_dict, data):
    tracker = make_tracker("geef eens een voorbeeld", "vervolgvraag_voorbeeld", history=[
        user_turn("welke rollen heeft de gemeente", "rollen_gemeente", "rollen_gemeente/overzicht")])
    messages, events = await _run(action, tracker, domain_dict)
    assert messages[0]["text"] == data["teksten"]["inleiding"]["voorbeeld"]
    assert messages[1]["response"] == "utter_rollen_gemeente/voorbeelden"
    assert messages[2]["response"] == "utter_feedback_vraag"
    assert events == [{"event": "slot", "timestamp": None, "name": "laatste_antwoord",
                       "value": "rollen_gemeente/voorbeelden"}]


async def test_second_example_follows_on_the_first_not_the_original_question(action, make_tracker, user_turn, domain_dict):
    history = [
        user_turn("wat deed leiden", "voorbeelden_gemeenten", "voorbeelden_gemeenten/leiden"),
        {"event": "slot", "name": "laatste_antwoord", "value": "voorbeelden_gemeenten/rotterdam"},
    ]
    tracker = make_tracker("nog een voorbeeld?", "vervolgvraag_voorbeeld", history=history)
    messages, _ = await _run(action, tracker, domain_dict)
    assert messages[1]["response"] == "utter_voorbeelden_gemeenten/utrecht"


async def test_new_question_after_a_follow_up_is_the_new_context(action, make_tracker, user_turn, domain_dict):
    history = [
        {"event": "slot", "name": "laatste_antwoord", "value": "voorbeelden_gemeenten/rotterdam"},
        user_turn("wat doet een adv", "adv_taken", "adv_taken/wat_doet_adv"),
    ]
    tracker = make_tracker("en voor inwoners?", "vervolgvraag_inwoners", history=history)
    messages, _ = await _run(action, tracker, domain_dict)
    assert messages[1]["response"] == "utter_adv_taken/wat_adv_voor_inwoner"


async def test_where_does_it_say_that_gives_every_source_of_the_previous_answer(action, make_tracker, user_turn, domain_dict, data):
    tracker = make_tracker("waar staat dat?", "vervolgvraag_bron", history=[
        user_turn("wat doet een adv", "adv_taken", "adv_taken/wat_doet_adv")])
    messages, events = await _run(action, tracker, domain_dict)
    text = messages[0]["text"]
    answer = domain_dict["responses"]["utter_adv_taken/wat_doet_adv"][0]["text"]
    expected = [r.strip() for r in answer.splitlines() if r.startswith("Bron:")]
    assert len(expected) >= 2
    assert text.splitlines() == [data["teksten"]["bronnen"], *expected]
    assert events == []


async def test_an_answer_with_one_source_is_introduced_in_the_singular(action, make_tracker, user_turn, domain_dict, data):
    tracker = make_tracker("waar staat dat?", "vervolgvraag_bron", history=[
        user_turn("online discriminatie", "melden_discriminatie", "melden_discriminatie/online")])
    messages, _ = await _run(action, tracker, domain_dict)
    answer = domain_dict["responses"]["utter_melden_discriminatie/online"][0]["text"]
    expected = [r.strip() for r in answer.splitlines() if r.startswith("Bron:")]
    assert len(expected) == 1
    assert messages[0]["text"].splitlines() == [data["teksten"]["bron"], *expected]


@pytest.mark.parametrize("intent", sorted(SOORTEN))
async def test_without_a_previous_answer_the_user_is_asked_to_ask_first(action, make_tracker, domain_dict, data, intent):
    tracker = make_tracker("waar staat dat?", intent, history=[
        {"event": "user", "text": "hallo", "parse_data": {"intent": {"name": "groet"}}}])
    messages, events = await _run(action, tracker, domain_dict)
    if intent == "vervolgvraag_inwoners":  # "en voor inwoners?" has a sensible default
        assert messages[1]["response"] == "utter_melden_discriminatie/waar_melden"
    else:
        assert [m["text"] for m in messages] == [data["teksten"]["geen_context"]]
        assert events == []


@pytest.mark.parametrize("soort", ["voorbeeld", "uitleg", "inwoners"])
def test_every_answer_leads_to_another_existing_answer(data, sub_answers, soort):
    for key in sub_answers:
        target = kies_vervolg(data["verwijzingen"], soort, key)
        assert target in sub_answers, (soort, key, target)
        if soort != "inwoners" or key.startswith("adv_taken") or key.startswith("melden"):
            assert target != key, (soort, key)


def test_every_answer_has_a_source_to_point_to(domain_dict, sub_answers):
    for key in sub_answers:
        assert bron_regels(domain_dict, key), key


def test_context_ignores_turns_that_were_not_knowledge_questions(user_turn):
    events = [
        user_turn("wat is agenderen", "rollen_gemeente", "rollen_gemeente/agenderen"),
        {"event": "bot", "text": "Had u hier iets aan?"},
        user_turn("nee", "feedback_nee"),
        user_turn("hallo", "groet"),
    ]
    assert laatste_antwoord_uit(events) == "rollen_gemeente/agenderen"
    assert laatste_antwoord_uit([user_turn("hallo", "groet")]) is None


def test_texts_are_read_lazily(tmp_path):
    action = ActionVervolgvraag(tmp_path)  # no file there: constructing must not read
    assert action.name() == "action_vervolgvraag"


async def test_sources_of_an_answer_an_action_composed(action, make_tracker, user_turn, domain_dict, data):
    """The report route keeps its sources in laatste_bronnen: "Meer bronnen" and "waar staat dat?"
    give them, until a later answer from the responses takes over."""
    route = {"event": "slot", "name": "laatste_bronnen", "value": "Bron: a — https://a\nBron: b — https://b"}
    kennis = user_turn("wat doet een adv", "adv_taken", "adv_taken/wat_doet_adv")

    messages, _ = await _run(action, make_tracker("Meer bronnen", "vervolgvraag_bron", history=[route]), domain_dict)
    assert messages[0]["text"].splitlines() == [data["teksten"]["bronnen"], "Bron: a — https://a", "Bron: b — https://b"]

    messages, _ = await _run(action, make_tracker("waar staat dat?", "vervolgvraag_bron",
                                                  history=[route, kennis]), domain_dict)
    assert messages[0]["text"].splitlines()[1:] == bron_regels(domain_dict, "adv_taken/wat_doet_adv").splitlines()

    leeg = {"event": "slot", "name": "laatste_bronnen", "value": None}  # a stopped route
    messages, _ = await _run(action, make_tracker("waar staat dat?", "vervolgvraag_bron",
                                                  history=[kennis, route, leeg]), domain_dict)
    assert messages[0]["text"].splitlines()[1:] == bron_regels(domain_dict, "adv_taken/wat_doet_adv").splitlines()
