"""action_kennis_antwoord + validate_doelgroep_form: ask the audience once, only when it matters."""
from __future__ import annotations

import glob

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.doelgroep import ValidateDoelgroepForm
from actions.kennis_antwoord import ActionKennisAntwoord, gestelde_vraag, hangt_af_van_doelgroep
from bot.settings import PROJECT_ROOT


def _parse(sleutel):
    onderwerp = sleutel.split("/")[0]
    return {"response_selector": {onderwerp: {"response": {"intent_response_key": sleutel}}}}


def _tracker(make_tracker, sleutel, **kw):
    return make_tracker("vraag", sleutel.split("/")[0], extra=_parse(sleutel), **kw)


async def _run(settings, tracker, domain_dict):
    dispatcher = CollectingDispatcher()
    events = await ActionKennisAntwoord(settings.texts_dir).run(dispatcher, tracker, domain_dict)
    return dispatcher.messages, events


async def test_answer_with_a_resident_variant_asks_the_audience_first(settings, make_tracker, domain_dict):
    messages, events = await _run(settings, _tracker(make_tracker, "rollen_gemeente/overzicht"), domain_dict)
    assert messages == []
    assert events == [{"event": "followup", "timestamp": None, "name": "doelgroep_form"}]


@pytest.mark.parametrize("slots", [{"doelgroep": "inwoner"}, {"doelgroep": "ambtenaar"},
                                   {"doelgroep_gevraagd": True}])
async def test_known_or_already_asked_audience_answers_at_once(settings, make_tracker, domain_dict, slots):
    messages, events = await _run(settings, _tracker(make_tracker, "rollen_gemeente/overzicht", slots=slots),
                                  domain_dict)
    assert [m["response"] for m in messages] == ["utter_rollen_gemeente/overzicht", "utter_feedback_vraag"]
    assert events[0]["name"] == "laatste_antwoord" and events[0]["value"] == "rollen_gemeente/overzicht"


async def test_channel_metadata_counts_as_known(settings, make_tracker, domain_dict):
    messages, _ = await _run(settings, _tracker(make_tracker, "verantwoordelijkheid_organisatie/hele_gemeente",
                                                metadata={"doelgroep": "ambtenaar"}), domain_dict)
    assert messages[0]["response"] == "utter_verantwoordelijkheid_organisatie/hele_gemeente"


async def test_answer_without_a_variant_never_asks(settings, make_tracker, domain_dict):
    messages, _ = await _run(settings, _tracker(make_tracker, "rollen_gemeente/agenderen"), domain_dict)
    assert [m["response"] for m in messages] == ["utter_rollen_gemeente/agenderen", "utter_feedback_vraag"]


def test_after_the_form_the_question_before_it_is_answered():
    vraag = {"event": "user", "text": "wat moet de gemeente doen", "parse_data": {
        "intent": {"name": "rollen_gemeente"}, **_parse("rollen_gemeente/overzicht")}}
    antwoord = {"event": "user", "text": "Ik ben inwoner", "parse_data": {
        "intent": {"name": "melden_discriminatie"}, **_parse("melden_discriminatie/waar_melden")}}
    events = [vraag, {"event": "action", "name": "action_kennis_antwoord"},
              {"event": "active_loop", "name": "doelgroep_form"}, antwoord,
              {"event": "slot", "name": "doelgroep", "value": "inwoner"},
              {"event": "active_loop", "name": None}]
    assert gestelde_vraag(events) == "rollen_gemeente/overzicht"
    assert gestelde_vraag([vraag]) == "rollen_gemeente/overzicht"
    # the user asked another question instead of naming the audience: that one is answered
    andere = {"event": "user", "text": "en regisseren?", "parse_data": {
        "intent": {"name": "rollen_gemeente"}, **_parse("rollen_gemeente/regisseren")}}
    events_andere = events[:3] + [andere, {"event": "active_loop", "name": None}]
    assert gestelde_vraag(events_andere, nieuwe_vraag_in_form=True) == "rollen_gemeente/regisseren"
    assert gestelde_vraag(events_andere) == "rollen_gemeente/overzicht"
    # an old form earlier in the conversation does not count for a new question
    assert gestelde_vraag(events + [{"event": "action", "name": "action_listen"}, antwoord]) == \
        "melden_discriminatie/waar_melden"


def test_every_answer_that_depends_on_the_audience_goes_through_the_action(domain_dict):
    """A resident variant on a topic whose rule still uses utter_<topic> would never be asked for."""
    regels = {}
    for pad in glob.glob(str(PROJECT_ROOT / "data" / "rules" / "*.yml")):
        for regel in yaml.safe_load(open(pad, encoding="utf-8")).get("rules") or []:
            stappen = regel.get("steps") or []
            if stappen and "intent" in stappen[0] and len(stappen) > 1:
                regels[stappen[0]["intent"]] = stappen[1].get("action")
    afhankelijk = {naam[len("utter_"):].split("/")[0] for naam in domain_dict["responses"]
                   if "/" in naam and hangt_af_van_doelgroep(domain_dict, naam[len("utter_"):])}
    assert afhankelijk >= {"rollen_gemeente", "verantwoordelijkheid_organisatie"}
    for onderwerp in afhankelijk:
        assert regels[onderwerp] == "action_kennis_antwoord", onderwerp


@pytest.mark.parametrize("tekst, doelgroep", [
    ("Ik ben inwoner", "inwoner"), ("ik woon hier", "inwoner"), ("bewoner", "inwoner"),
    ("Ik werk bij de gemeente", "ambtenaar"), ("ambtenaar", "ambtenaar"),
    ("ik ben beleidsmedewerker", "ambtenaar"), ("ik ben inwoner van de gemeente", "inwoner"),
])
async def test_audience_answers(settings, make_tracker, domain_dict, tekst, doelgroep):
    result = await ValidateDoelgroepForm(settings.texts_dir).validate_doelgroep_antwoord(
        tekst, CollectingDispatcher(), make_tracker(tekst, "groet"), domain_dict)
    assert result == {"doelgroep_antwoord": doelgroep, "doelgroep_gevraagd": True, "doelgroep": doelgroep}


@pytest.mark.parametrize("tekst", ["maakt niet uit", "stoppen", "wat doet een adv", ""])
async def test_anything_else_gives_the_general_answer_and_is_not_asked_again(settings, make_tracker,
                                                                             domain_dict, tekst):
    result = await ValidateDoelgroepForm(settings.texts_dir).validate_doelgroep_antwoord(
        tekst, CollectingDispatcher(), make_tracker(tekst, "groet"), domain_dict)
    assert result == {"doelgroep_antwoord": "onbekend", "doelgroep_gevraagd": True}


def test_the_question_has_two_buttons_with_plain_text(domain_dict):
    vraag = domain_dict["responses"]["utter_ask_doelgroep_antwoord"][0]
    assert vraag["text"].startswith("Bent u inwoner of werkt u bij de gemeente?")
    assert [b["payload"] for b in vraag["buttons"]] == ["Ik ben inwoner", "Ik werk bij de gemeente"]
