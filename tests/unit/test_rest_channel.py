"""Input validation of the REST channel (the HTTP behaviour is tested end to end)."""
from __future__ import annotations

import json

import pytest

from bot.channels.rest import RejectedInput, VeiligeRestInput, classify_text, parse_body
from bot.texts import load_texts


def body(obj) -> bytes:
    return json.dumps(obj).encode()


def test_valid_body():
    assert parse_body(body({"sender": "abc-1", "message": "hoi"}), 65536) == ("abc-1", "hoi", None)


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
        (body({"sender": "abc"}), 400, "message_ontbreekt"),
        (body({"sender": "abc", "message": ["hoi"]}), 400, "message_ontbreekt"),
        (body({"sender": "abc", "message": "hoi", "metadata": "x"}), 400, "metadata_ongeldig"),
        (b"x" * 70000, 413, "body_te_groot"),
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
    texts = load_texts(settings.texts_dir / "kanaal.yml")
    keys = {"geen_json", "geen_json_object", "sender_ontbreekt", "message_ontbreekt",
            "metadata_ongeldig", "body_te_groot", "bericht_te_lang", "bericht_leeg",
            "verwerking_mislukt"}
    assert keys <= set(texts)
    assert "{max_tekens}" in texts["bericht_te_lang"]


def test_channel_keeps_rasa_rest_url_name(settings):
    channel = VeiligeRestInput(settings)
    assert channel.name() == "rest"
    assert channel.url_prefix() == "rest"
