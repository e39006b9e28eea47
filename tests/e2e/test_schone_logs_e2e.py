"""Normal use leaves no ERROR in the server logs: operators alert on them.

One conversation passes through every response of the domain that has buttons (found from the
domain, so a new one is covered too), clicking the buttons as the widget does; afterwards the
lines the Rasa server and the action server wrote during the test contain no ERROR and no
stack trace.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def _knoppen(berichten):
    return [b for m in berichten for b in m.get("buttons") or []]


def test_every_response_with_buttons_is_sent_without_an_error_in_the_logs(stack, chat_with, rasa_domain):
    logs = {naam: stack.log_dir / f"{naam}.log" for naam in ("rasa", "actions")}
    begin = {naam: pad.stat().st_size for naam, pad in logs.items()}
    met_knoppen = {naam: {v["text"].strip() for v in varianten}
                   for naam, varianten in rasa_domain.responses.items()
                   if any(v.get("buttons") for v in varianten)}

    ontvangen = []
    chat = chat_with(stack)
    for bericht in [
        "/mogelijkheden",
        # no audience on plain REST: the assistant asks it (buttons), then answers
        "Welke rollen kan een gemeente hebben bij de aanpak van discriminatie?",
        "Ik werk bij de gemeente",
        "/feedback_nee",
        "Waar kan ik discriminatie melden?",   # answer with the button "Help mij kiezen ..."
        "/melding_route",
        '/melding_route{"melding_plaats": "online"}',
        '/melding_route{"melding_geweld": "nee"}',
        "/afdeling_zoeken",
        '/afdeling_zoeken{"thema": "wonen"}',
        "/feedback_ja",
    ]:
        antwoord = chat.send(bericht)
        assert antwoord, f"geen antwoord op {bericht!r}"
        ontvangen += antwoord
        # every button that arrives carries a usable payload, never a template
        for knop in _knoppen(antwoord):
            assert "{0[" not in knop["payload"] and "{{" not in knop["payload"], knop

    teksten = {m.get("text", "").strip() for m in ontvangen}
    niet_gezien = [naam for naam, varianten in met_knoppen.items() if not varianten & teksten]
    assert not niet_gezien, f"antwoorden met knoppen die het gesprek niet bereikte: {niet_gezien}"
    betalingen = [k["payload"] for k in _knoppen(ontvangen)]
    assert '/afdeling_zoeken{"thema": "wonen"}' in betalingen

    for naam, pad in logs.items():
        with open(pad, "rb") as fh:
            fh.seek(begin[naam])
            nieuw = fh.read().decode("utf-8", errors="replace")
        fouten = [r for r in nieuw.splitlines() if " ERROR " in r or r.startswith("Traceback")]
        assert not fouten, f"{naam}.log:\n" + "\n".join(fouten[:20])
