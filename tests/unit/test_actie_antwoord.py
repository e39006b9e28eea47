"""bot/actie_antwoord.py: the action server's answers are checked as Rasa checks them, with the
schema itself checked once instead of once per answer."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import actie_antwoord

GOED = {"events": [{"event": "slot", "name": "doelgroep", "value": "inwoner"}],
        "responses": [{"text": "Had u hier iets aan?", "buttons": [{"title": "Ja", "payload": "/ja"}]}]}
FOUT = [{"events": [{"event": "bestaat_niet"}]}, {"events": "geen lijst"},
        {"responses": [1, 2]}]


@pytest.fixture
def rasa_eigen():
    """Rasa's own check, and the patched one; RemoteAction restored afterwards."""
    eigen = RemoteAction._validate_action_result
    actie_antwoord._validator.cache_clear()
    actie_antwoord.install()
    yield eigen
    RemoteAction._validate_action_result = eigen


def test_a_valid_answer_passes_both_checks(rasa_eigen):
    actie = RemoteAction("action_feedback", None)
    assert rasa_eigen(actie, GOED) is True
    assert actie._validate_action_result(GOED) is True


@pytest.mark.parametrize("antwoord", FOUT)
def test_a_wrong_answer_fails_with_rasas_own_message(rasa_eigen, antwoord):
    actie = RemoteAction("action_feedback", None)
    with pytest.raises(ValidationError) as rasa_fout:
        rasa_eigen(actie, antwoord)
    with pytest.raises(ValidationError) as onze_fout:
        actie._validate_action_result(antwoord)
    assert onze_fout.value.message == rasa_fout.value.message
    assert "Failed to validate Action server response" in onze_fout.value.message


def test_the_schema_itself_is_checked_once_not_per_answer(rasa_eigen, monkeypatch):
    from jsonschema.validators import validator_for

    soort = validator_for(RemoteAction.action_response_format_spec())
    tellingen = []
    echte = soort.check_schema.__func__
    monkeypatch.setattr(soort, "check_schema",
                        classmethod(lambda cls, s, *a, **k: (tellingen.append(1), echte(cls, s, *a, **k))[1]))
    actie = RemoteAction("action_feedback", None)
    for _ in range(5):
        actie._validate_action_result(GOED)
    assert len(tellingen) == 1
