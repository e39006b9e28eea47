"""The audience comes from the channel's metadata: DoelgroepUitKanaal makes it an entity that
fills the slot ``doelgroep`` (domain.yml); the audience question on plain REST is below."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.doelgroep import DoelgroepUitKanaal


def _entiteiten(metadata, text="hoi"):
    message = Message(data={"text": text, "metadata": metadata,
                            "entities": [{"entity": "thema", "value": "wonen"}]})
    DoelgroepUitKanaal().process([message])
    return message.get("entities")


@pytest.mark.parametrize("doelgroep", ["inwoner", "ambtenaar"])
def test_the_channels_audience_becomes_the_entity(doelgroep):
    entiteiten = _entiteiten({"doelgroep": doelgroep}, "waar meld ik discriminatie")
    assert {"entity": "thema", "value": "wonen"} in entiteiten  # others are kept
    gevonden = [e for e in entiteiten if e["entity"] == "doelgroep"]
    assert [e["value"] for e in gevonden] == [doelgroep]
    assert gevonden[0]["extractor"] == "DoelgroepUitKanaal"


@pytest.mark.parametrize("metadata", [None, {}, {"doelgroep": "hacker"}, {"doelgroep": ["inwoner"]},
                                      {"andere": "inwoner"}])
def test_no_or_unknown_metadata_adds_nothing(metadata):
    assert _entiteiten(metadata) == [{"entity": "thema", "value": "wonen"}]


def test_resident_variants_are_conditioned_on_the_slot(domain_dict):
    variants = domain_dict["responses"]["utter_rollen_gemeente/overzicht"]
    conditions = [v.get("condition") for v in variants]
    assert [{"type": "slot", "name": "doelgroep", "value": "inwoner"}] in conditions
    assert None in conditions  # a default for civil servants and unknown audiences
    # Filled by Rasa from the entity, not by an action-server call after every message.
    assert domain_dict["slots"]["doelgroep"]["mappings"] == [{"type": "from_entity", "entity": "doelgroep"}]
    assert "action_validate_slot_mappings" not in domain_dict["actions"]
