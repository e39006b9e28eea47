"""action_validate_slot_mappings: the audience comes from the channel's metadata."""
from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.doelgroep import ActionDoelgroep


async def _run(tracker, domain_dict):
    return await ActionDoelgroep().run(CollectingDispatcher(), tracker, domain_dict)


async def test_widget_metadata_sets_resident(make_tracker, domain_dict):
    events = await _run(make_tracker("hoi", "groet", metadata={"doelgroep": "inwoner"}), domain_dict)
    assert {"event": "slot", "timestamp": None, "name": "doelgroep", "value": "inwoner"} in events


async def test_intranet_metadata_sets_civil_servant(make_tracker, domain_dict):
    events = await _run(make_tracker("hoi", "groet", metadata={"doelgroep": "ambtenaar"}), domain_dict)
    assert [e["value"] for e in events if e.get("name") == "doelgroep"] == ["ambtenaar"]


async def test_no_or_unknown_metadata_sets_nothing(make_tracker, domain_dict):
    assert not [e for e in await _run(make_tracker("hoi", "groet"), domain_dict)
                if e.get("name") == "doelgroep"]
    assert not [e for e in await _run(make_tracker("hoi", "groet", metadata={"doelgroep": "hacker"}),
                                      domain_dict) if e.get("name") == "doelgroep"]


def test_resident_variants_are_conditioned_on_the_slot(domain_dict):
    variants = domain_dict["responses"]["utter_rollen_gemeente/overzicht"]
    conditions = [v.get("condition") for v in variants]
    assert [{"type": "slot", "name": "doelgroep", "value": "inwoner"}] in conditions
    assert None in conditions  # a default for civil servants and unknown audiences
    assert "action_validate_slot_mappings" in domain_dict["actions"]
