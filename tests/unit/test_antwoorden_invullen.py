"""Every response of the domain is sent without an interpolation error.

Rasa fills ``{name}`` in a response (text, buttons, payloads) with the slot of that name; a
``{...}`` that is no slot makes it log an ERROR with a stack trace on every send, which an
operator's alerting would page on. JSON in a button payload must therefore be written ``{{ }}``.
"""
from __future__ import annotations

from structlog.testing import capture_logs


def test_no_response_logs_an_interpolation_error(rasa_domain, invullen):
    fouten = []
    for naam, varianten in rasa_domain.responses.items():
        for variant in varianten:
            with capture_logs() as logs:
                invullen(variant)
            fouten += [(naam, log.get("response")) for log in logs if log["log_level"] == "error"]
    assert not fouten, f"antwoorden met een {{...}} die geen slot is: {fouten}"


def test_button_payloads_with_entities_arrive_as_json(verzonden_knoppen):
    knoppen = verzonden_knoppen("utter_ask_thema")
    assert {"title": "Wonen", "payload": '/afdeling_zoeken{"thema": "wonen"}'} in knoppen
    knoppen = verzonden_knoppen("utter_ask_melding_geweld")
    assert knoppen[0] == {"title": "Ja", "payload": '/melding_route{"melding_geweld": "ja"}'}
