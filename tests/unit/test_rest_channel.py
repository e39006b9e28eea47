"""Input validation of the REST channel (the HTTP behaviour is tested end to end)."""
from __future__ import annotations

import json

import pytest

from bot.channels.invoer import RejectedInput, classify_text, parse_body
from bot.channels.rest import VeiligeRestInput, stored_replies
from bot.teksten import platte_teksten


def body(obj) -> bytes:
    return json.dumps(obj).encode()


def test_valid_body():
    assert parse_body(body({"sender": "abc-1", "message": "hoi"}), 65536) == ("abc-1", "hoi", None, None)


def test_message_id_is_passed_on():
    assert parse_body(body({"sender": "abc", "message": "hoi", "message_id": "beurt-3"}), 65536) \
        == ("abc", "hoi", None, "beurt-3")


def test_stored_replies_of_a_retried_turn():
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

    knoppen = [{"title": "Ja", "payload": "/feedback_ja"}]
    events = [
        UserUttered("eerste", message_id="m1"),
        BotUttered("antwoord 1"),
        ActionExecuted("action_listen"),
        UserUttered("tweede", message_id="m2"),
        BotUttered("antwoord 2\n\nBron: X"),
        BotUttered("Had u hier iets aan?", data={"buttons": knoppen}),
        UserUttered("derde", message_id="m3"),
        BotUttered("antwoord 3"),
    ]
    replies = stored_replies(events, "m2")
    assert [(r["text"], r.get("buttons")) for r in replies] == [
        ("antwoord 2\n\nBron: X", None), ("Had u hier iets aan?", knoppen)]
    assert [r["text"] for r in stored_replies(events, "m1")] == ["antwoord 1"]
    assert stored_replies(events, "m9") is None
    # A turn that was stored but got no reply yet is still a known turn: no second processing.
    assert stored_replies([UserUttered("x", message_id="m4")], "m4") == []


async def test_a_retried_turn_gets_the_stored_replies_as_rasa_sent_them(settings):
    from rasa.shared.core.events import BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker.from_events("klant", [
        UserUttered("vraag", message_id="m1"),
        BotUttered("deel 1\n\nBron: X"),
        BotUttered("Had u hier iets aan?", data={"buttons": [{"title": "Ja", "payload": "/feedback_ja"}]}),
    ])

    class Store:
        async def retrieve(self, sender):
            return tracker

    async def must_not_process(message):
        raise AssertionError("een herhaalde beurt is opnieuw verwerkt")

    channel = VeiligeRestInput(settings)
    reply = await channel.answer(must_not_process, "klant", "vraag", None, "m1", Store())
    assert json.loads(reply.body) == [
        {"recipient_id": "klant", "text": "deel 1"},
        {"recipient_id": "klant", "text": "Bron: X"},
        {"recipient_id": "klant", "text": "Had u hier iets aan?",
         "buttons": [{"title": "Ja", "payload": "/feedback_ja"}]},
    ]


@pytest.mark.parametrize(
    "raw, status, key",
    [
        (b"{niet: json", 400, "geen_json"),
        (b"\xff\xfe\x00binair", 400, "geen_json"),
        (b"[1, 2]", 400, "geen_json_object"),
        (body({"message": "hoi"}), 400, "sender_ontbreekt"),
        (body({"sender": "", "message": "hoi"}), 400, "sender_ontbreekt"),
        (body({"sender": 12, "message": "hoi"}), 400, "sender_ontbreekt"),
        (body({"sender": "a/../b", "message": "hoi"}), 400, "sender_ontbreekt"),
        (body({"sender": "x" * 129, "message": "hoi"}), 400, "sender_ontbreekt"),
        (body({"sender": "abc\n", "message": "hoi"}), 400, "sender_ontbreekt"),
        (body({"sender": "intranet-0123abcd", "message": "hoi"}), 403, "sender_ander_kanaal"),
        (body({"sender": "Widget-0123abcd", "message": "hoi"}), 403, "sender_ander_kanaal"),
        (body({"sender": "abc", "message": "hoi", "message_id": "m1\n"}), 400, "message_id_ongeldig"),
        (body({"sender": "abc"}), 400, "message_ontbreekt"),
        (body({"sender": "abc", "message": ["hoi"]}), 400, "message_ontbreekt"),
        (body({"sender": "abc", "message": "hoi", "metadata": "x"}), 400, "metadata_ongeldig"),
        (body({"sender": "abc", "message": "hoi", "message_id": 7}), 400, "message_id_ongeldig"),
        (body({"sender": "abc", "message": "hoi", "message_id": "a b"}), 400, "message_id_ongeldig"),
        (b"x" * 70000, 413, "body_te_groot"),
        # found by the fuzz test (test_fuzz_invoer.py); both were a 500 with a stack trace
        (b"[" * 2000 + b"]" * 2000, 400, "json_te_complex"),
        (b'{"sender": "abc", "message": "hoi", "n": ' + b"9" * 4301 + b"}", 400, "json_te_complex"),
    ],
)
def test_rejected_bodies(raw, status, key):
    with pytest.raises(RejectedInput) as err:
        parse_body(raw, 65536)
    assert (err.value.status, err.value.key) == (status, key)


@pytest.mark.parametrize(
    "text, key",
    [
        ("", "bericht_leeg"),
        ("   \n\t", "bericht_leeg"),
        ("😀🙏👍", "bericht_leeg"),
        ("?!...", "bericht_leeg"),
        ("a" * 2001, "bericht_te_lang"),
        ("waar meld ik discriminatie", None),
        ("a" * 2000, None),
        ("ADV 😀", None),
    ],
)
def test_classify_text(text, key):
    assert classify_text(text, 2000) == key


def test_every_reply_key_has_a_dutch_text(settings):
    texts = platte_teksten(settings.texts_dir / "kanaal.yml")
    keys = {"geen_json", "geen_json_object", "sender_ontbreekt", "message_ontbreekt",
            "metadata_ongeldig", "body_te_groot", "bericht_te_lang", "bericht_leeg",
            "verwerking_mislukt"}
    assert keys <= set(texts)
    assert "{max_tekens}" in texts["bericht_te_lang"]


def test_channel_keeps_rasa_rest_url_name(settings):
    channel = VeiligeRestInput(settings)
    assert channel.name() == "rest"
    assert channel.url_prefix() == "rest"


# --- BOT_REST_TOKEN: REST open for integrators, or closed behind a shared token --------------

@pytest.fixture
def rest_met_token(settings):
    """The REST and intranet channels in a real Sanic app over ASGI, with BOT_REST_TOKEN set."""
    import dataclasses
    import os
    import time

    from sanic import Sanic

    from bot.channels.intranet import IntranetInput
    from sanic_harnas import AsgiKlant, NepRasa

    token = "rest-token-" + "t" * 40
    s = dataclasses.replace(settings, rest_token=token, intranet_jwt_secret="i" * 40)
    Sanic.test_mode = True
    app = Sanic(f"rest_token_{os.getpid()}_{int(time.time() * 1000)}")
    rasa = NepRasa()
    app.blueprint(VeiligeRestInput(s).blueprint(rasa), url_prefix="/webhooks/rest")
    app.blueprint(IntranetInput(s).blueprint(rasa), url_prefix="/webhooks/intranet")
    klant = AsgiKlant(app)
    klant.start()
    yield klant, rasa, token, s
    klant.stop()


def test_with_a_rest_token_only_requests_that_carry_it_reach_rasa(rest_met_token, settings):
    import json

    klant, rasa, token, _ = rest_met_token
    body = json.dumps({"sender": "integratie-1", "message": "wat is agenderen"}).encode()
    texts = platte_teksten(settings.texts_dir / "kanaal.yml")
    for kop in [(), ((b"authorization", b"Bearer verkeerd"),),
                ((b"authorization", token.encode()),),  # without "Bearer "
                ((b"authorization", f"Bearer {token}x".encode()),)]:
        status, antwoord = klant.post("/webhooks/rest/webhook", body, kop)
        assert status == 401 and json.loads(antwoord) == {
            "fout": texts["rest_token_ongeldig"], "code": "rest_token_ongeldig"}
    assert rasa.berichten == []
    status, _ = klant.post("/webhooks/rest/webhook", body,
                           ((b"authorization", f"Bearer {token}".encode()),))
    assert status == 200 and len(rasa.berichten) == 1


def test_the_rest_token_does_not_touch_the_intranet(rest_met_token):
    """The intranet keeps its own check (a JWT), not the REST token."""
    import json

    from bot.channels.intranet import maak_token

    klant, rasa, _, s = rest_met_token
    jwt_token = maak_token("marie", s.intranet_jwt_secret)
    status, _ = klant.post("/webhooks/intranet/webhook", json.dumps({"message": "wat is agenderen"}).encode(),
                           ((b"authorization", f"Bearer {jwt_token}".encode()),))
    assert status == 200 and len(rasa.berichten) == 1


def test_without_a_rest_token_rest_stays_open():
    from bot.channels.rest import rest_token_geldig

    assert rest_token_geldig(None, None) and rest_token_geldig("Bearer x", None)
    assert not rest_token_geldig(None, "geheim") and not rest_token_geldig("Bearer \ud800", "geheim")
    assert rest_token_geldig("Bearer geheim", "geheim")


def test_the_stored_turn_check_finds_the_windowed_store_under_rasas_wrappers(tmp_path):
    """Rasa wraps the configured store (AwaitableTrackerStore, FailSafeTrackerStore); the
    one-query check must reach ours through both, and say 'maybe' for any other store."""
    import asyncio

    from rasa.core.tracker_store import (AwaitableTrackerStore, FailSafeTrackerStore,
                                         InMemoryTrackerStore)
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.channels.rest import _misschien_opgeslagen
    from bot.stores import VensterSQLTrackerStore

    domain = Domain.empty()
    eigen = VensterSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    asyncio.run(eigen.save(DialogueStateTracker.from_events(
        "g", [UserUttered("hoi", message_id="m-1")])))
    verpakt = FailSafeTrackerStore(AwaitableTrackerStore(eigen))
    assert _misschien_opgeslagen(verpakt, "g", "m-1")
    assert not _misschien_opgeslagen(verpakt, "g", "m-2")
    assert _misschien_opgeslagen(FailSafeTrackerStore(InMemoryTrackerStore(domain)), "g", "m-2")
