"""End to end: the intranet channel only answers a valid token, per person, as a civil servant."""
from __future__ import annotations

import json
import sqlite3
import time

import jwt
import pytest
import requests

from bot.channels.intranet import gespreks_id, maak_token

pytestmark = pytest.mark.e2e


def _post(stack, token, body, raw=None):
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = raw if raw is not None else json.dumps(body).encode()
    return requests.post(stack.intranet_webhook, data=data, headers=headers, timeout=60)


def _events(stack, sender, chat_with):
    chat = chat_with(stack)
    chat.sender = sender
    return chat.stored_events()


def _event_count(stack):
    con = sqlite3.connect(stack.settings.tracker_db)
    try:
        return con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    finally:
        con.close()


def test_valid_token_gets_an_answer_as_civil_servant(stack, intranet_geheim, chat_with):
    token = maak_token("jan.jansen@voorbeeldgemeente.nl", intranet_geheim)
    r = _post(stack, token, {"message": "ik wil een medewerker spreken"})
    assert r.status_code == 200, r.text
    text = "\n".join(m.get("text", "") for m in r.json())
    assert "beleidsadviseur" in text and "Discriminatie.nl" not in text  # civil servant, not resident
    sender = gespreks_id("jan.jansen@voorbeeldgemeente.nl", intranet_geheim)
    users = [d for t, d in _events(stack, sender, chat_with) if t == "user"]
    assert users[-1]["text"] == "ik wil een medewerker spreken"
    assert users[-1]["metadata"]["doelgroep"] == "ambtenaar"
    assert users[-1]["input_channel"] == "intranet"


def test_the_same_request_on_the_rest_channel_gets_both_audiences(chat):
    text = chat.text("ik wil een medewerker spreken")
    assert "Discriminatie.nl" in text and "beleidsadviseur" in text


@pytest.mark.parametrize("kind", ["missing", "expired", "forged", "hs512", "none", "garbage"])
def test_bad_tokens_get_401_in_dutch_and_reach_no_tracker(stack, intranet_geheim, kind):
    now = int(time.time())
    tokens = {
        "missing": None,
        "expired": jwt.encode({"sub": "jan", "exp": now - 5}, intranet_geheim, algorithm="HS256"),
        "forged": jwt.encode({"sub": "jan", "exp": now + 60}, "geraden-geheim-van-32-tekens-lang!!", algorithm="HS256"),
        "hs512": jwt.encode({"sub": "jan", "exp": now + 60}, intranet_geheim, algorithm="HS512"),
        "none": jwt.encode({"sub": "jan", "exp": now + 60}, None, algorithm="none"),
        "garbage": "abc.def.ghi",
    }
    before = _event_count(stack)
    r = _post(stack, tokens[kind], {"message": "Waar kan ik discriminatie melden?"})
    assert r.status_code == 401
    body = r.json()
    assert body["code"] in ("token_ontbreekt", "token_verlopen", "token_ongeldig")
    assert "aangemeld" in body["fout"] or "aanmelding" in body["fout"].lower()
    assert _event_count(stack) == before


def test_nobody_reaches_another_persons_conversation(stack, intranet_geheim, chat_with):
    jan = maak_token("jan", intranet_geheim)
    piet = maak_token("piet", intranet_geheim)
    assert _post(stack, jan, {"message": "wat is agenderen"}).status_code == 200
    jan_id = gespreks_id("jan", intranet_geheim)
    # Piet names Jan's conversation id in the body: it is ignored, the token decides.
    assert _post(stack, piet, {"sender": jan_id, "message": "wat is regisseren"}).status_code == 200
    jan_texts = [d["text"] for t, d in _events(stack, jan_id, chat_with) if t == "user"]
    piet_id = gespreks_id("piet", intranet_geheim)
    piet_texts = [d["text"] for t, d in _events(stack, piet_id, chat_with) if t == "user"]
    assert jan_texts == ["wat is agenderen"]
    assert piet_texts == ["wat is regisseren"]


def test_rest_cannot_write_into_an_intranet_conversation(stack, intranet_geheim, chat_with):
    """Whoever learns an intranet id (e.g. from a log) cannot use it on the open REST channel."""
    jan_id = gespreks_id("jan-rest", intranet_geheim)
    assert _post(stack, maak_token("jan-rest", intranet_geheim),
                 {"message": "wat is agenderen"}).status_code == 200
    for sender in (jan_id, jan_id.upper(), "widget-0123456789abcdef"):
        r = requests.post(stack.rest_webhook, json={"sender": sender, "message": "wat is regisseren"},
                          timeout=60)
        assert r.status_code == 403 and r.json()["code"] == "sender_ander_kanaal"
    assert [d["text"] for t, d in _events(stack, jan_id, chat_with) if t == "user"] == [
        "wat is agenderen"]


def test_limits_apply_on_the_intranet_too(stack, intranet_geheim):
    token = maak_token("kees", intranet_geheim)
    assert _post(stack, token, None, raw=b"{kapot").status_code == 400
    assert _post(stack, token, None, raw=b"x" * (stack.settings.max_body_bytes + 1)).status_code == 413
    r = _post(stack, token, {"message": "x " * 1500})
    assert r.status_code == 200 and "te lang" in r.json()[0]["text"]


def test_the_same_question_gets_each_audience_its_answer(stack, intranet_geheim, chat):
    vraag = "Welke rollen kan een gemeente hebben bij de aanpak van discriminatie?"
    r = _post(stack, maak_token("ambtenaar-rollen", intranet_geheim), {"message": vraag})
    ambtenaar = "\n".join(m.get("text", "") for m in r.json())
    assert "Agenderen" in ambtenaar and "Voor u als inwoner" not in ambtenaar
    r = requests.post(stack.rest_webhook, json={"sender": chat.sender, "message": vraag,
                                                "metadata": {"doelgroep": "inwoner"}}, timeout=60)
    inwoner = "\n".join(m.get("text", "") for m in r.json())
    assert "Voor u als inwoner" in inwoner and "Discriminatie.nl" in inwoner
    assert "Bron: " in inwoner


def test_the_inzicht_page_is_for_policy_makers_only(stack, intranet_geheim, chat):
    """Issue 17: /inzicht on the demo site — 401 without a token, 403 without rol: beleid, and
    the report of the conversations in the store for a policy maker."""
    from datetime import date

    assert chat.answer("Waar kan ik discriminatie melden?")  # a question in today's report
    url = f"{stack.settings.web_url}/inzicht"
    vandaag = date.today().isoformat()
    r = requests.get(url, timeout=30)
    assert r.status_code == 401 and r.headers["WWW-Authenticate"] == "Bearer"
    zonder_rol = maak_token("medewerker-1", intranet_geheim)
    r = requests.get(url, headers={"Authorization": f"Bearer {zonder_rol}"}, timeout=30)
    assert r.status_code == 403 and "rol beleid" in r.text
    beleid = maak_token("beleid-1", intranet_geheim, rol="beleid")
    r = requests.get(url, params={"van": vandaag, "tot": vandaag}, timeout=60,
                     headers={"Authorization": f"Bearer {beleid}"})
    assert r.status_code == 200 and f"{vandaag} tot en met {vandaag}" in r.text
    assert "melden_discriminatie" in r.text  # the question asked above is counted
    assert chat.sender not in r.text  # no conversation id in the report
