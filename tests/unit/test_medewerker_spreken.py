"""action_medewerker_spreken: the way to a person comes from the municipality profile."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.medewerker_spreken import ActionMedewerkerSpreken


def _action(settings, slug):
    return ActionMedewerkerSpreken(settings.texts_dir, settings.gemeenten_dir / f"{slug}.yml")


async def _text(action, tracker, domain_dict):
    dispatcher = CollectingDispatcher()
    assert await action.run(dispatcher, tracker, domain_dict) == []
    return dispatcher.messages[0]["text"]


@pytest.mark.parametrize("slug, adv", [("voorbeeldgemeente", "Discriminatie.nl"), ("rotterdam", "RADAR")])
async def test_resident_gets_the_municipalitys_adv(settings, make_tracker, domain_dict, slug, adv):
    text = await _text(_action(settings, slug), make_tracker("ik wil iemand spreken", "medewerker_spreken",
                                                             slots={"doelgroep": "inwoner"}), domain_dict)
    assert adv in text
    assert "beleidsadviseur" not in text
    assert text.splitlines()[-1].startswith("Bron: ")


async def test_civil_servant_gets_the_policy_advisor_not_the_adv(settings, make_tracker, domain_dict):
    text = await _text(_action(settings, "rotterdam"), make_tracker(
        "wie kan ik bellen", "medewerker_spreken", slots={"doelgroep": "ambtenaar"}), domain_dict)
    assert "beleidsadviseur" in text and "RADAR" not in text


async def test_unknown_audience_gets_both_and_nothing_invented(settings, make_tracker, domain_dict):
    text = await _text(_action(settings, "leiden"), make_tracker("medewerker", "medewerker_spreken"), domain_dict)
    assert "Discriminatie.nl" in text and "beleidsadviseur" in text
    assert "website van uw gemeente" in text  # Leiden's general contact is unknown: no number made up
    assert "Leiden" in text


async def test_filled_in_contact_details_are_used(settings, make_tracker, domain_dict, tmp_path):
    import yaml
    data = yaml.safe_load((settings.gemeenten_dir / "voorbeeldgemeente.yml").read_text(encoding="utf-8"))
    data["algemeen_contact"]["telefoon"] = "14 0123"
    data["beleidsadviseur"].update(naam="A. Jansen", contact={"email": "a.jansen@voorbeeld.nl"})
    pad = tmp_path / "eigen.yml"
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = await _text(ActionMedewerkerSpreken(settings.texts_dir, pad),
                       make_tracker("medewerker", "medewerker_spreken"), domain_dict)
    assert "telefoon 14 0123" in text and "A. Jansen" in text and "a.jansen@voorbeeld.nl" in text


async def test_the_intranet_channel_metadata_makes_it_a_civil_servant(settings, make_tracker, domain_dict):
    text = await _text(_action(settings, "rotterdam"), make_tracker(
        "medewerker", "medewerker_spreken", metadata={"doelgroep": "ambtenaar"}), domain_dict)
    assert "beleidsadviseur" in text and "RADAR" not in text
