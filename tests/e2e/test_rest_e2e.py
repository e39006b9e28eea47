"""End to end over REST against really started servers: Dutch answers with their source."""
from __future__ import annotations

import json

import pytest
import requests

from bot.teksten import platte_teksten

pytestmark = pytest.mark.e2e


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def test_roles_question_from_the_issue(chat):
    # plain REST does not say who is asking, and this answer has a resident variant
    assert "Bent u inwoner of werkt u bij de gemeente?" in chat.text(
        "Welke rollen kan een gemeente hebben bij de aanpak van discriminatie?")
    text = chat.answer("Ik werk bij de gemeente")
    for rol in ("Agenderen", "Faciliteren", "Regisseren"):
        assert rol in text
    assert last_line(text).startswith("Bron: ")
    assert "movisie.nl" in text


@pytest.mark.parametrize(
    "question, must_contain",
    [
        ("Waar kan ik discriminatie melden?", "Discriminatie.nl"),
        ("moet mijn gemeente een adv betalen", "gemeentefonds"),
        ("Wat is de Wga?", "28 januari 2010"),
        ("Wat doet Rotterdam tegen discriminatie?", "bonding"),
        ("wat is regisseren", "naming & faming"),
    ],
)
def test_knowledge_answers_carry_a_source(chat, question, must_contain):
    text = chat.answer(question)
    assert must_contain in text
    assert last_line(text).startswith("Bron: ")


def test_out_of_scope_is_redirected_without_a_sourced_fact(chat):
    text = chat.text("Hoe vraag ik een nieuw paspoort aan?")
    assert "alleen vragen over de aanpak van discriminatie" in text
    assert "Bron:" not in text


def test_english_gets_a_dutch_and_english_explanation(chat):
    text = chat.text("Hello, I was discriminated against at work. Where can I report it?")
    assert "Ik spreek alleen Nederlands" in text and "I only speak Dutch" in text


def test_abuse_gets_a_calm_reply_and_the_conversation_goes_on(chat):
    assert "help u graag verder" in chat.text("stomme kutbot")
    assert "Discriminatie.nl" in chat.text("Waar kan ik discriminatie melden?")


def test_small_talk(chat):
    groet = chat.text("hallo")
    assert "digitale assistent" in groet
    # Says what it is (EU AI Act art. 50) and how to reach a person.
    assert "geen mens" in groet and "medewerker spreken" in groet
    assert "chatbot" in chat.text("ben je een bot?")
    assert "Graag gedaan" in chat.text("bedankt!")


def test_low_confidence_asks_instead_of_guessing(chat, settings):
    """The custom action runs on the action server and answers in Dutch."""
    import yaml

    teksten = yaml.safe_load((settings.texts_dir / "verduidelijking.yml").read_text())
    messages = chat.send("blorp fnargle zzz")
    assert messages, "geen antwoord"
    assert messages[0]["text"] in (teksten["vraag"], teksten["geen_suggesties"])
    for button in messages[0].get("buttons", []):
        assert "_" not in button["title"]
    assert "Bron:" not in json.dumps(messages)


def test_an_unsure_but_likely_answer_is_given_with_reservation_and_other_answers(chat, settings):
    """bot/nlu/voorbehoud.py + bot/nlg.py: the model's best answer (confidence about 0.32, between
    the 0.25 of the reservation and the 0.35 of the clarification), then "not sure" with the next
    answers as buttons; one click on one of them gives that answer."""
    from bot.verduidelijking import knop_vragen, laad_teksten

    teksten = laad_teksten(settings.texts_dir / "verduidelijking.yml")
    vraag = "Welke stappen zet de gemeente tegen uitsluiting van nieuwkomers in de wijk?"
    messages = chat.send(vraag, doelgroep="ambtenaar")
    *antwoord, voorbehoud = messages
    antwoord = "\n\n".join(m.get("text", "") for m in antwoord)
    assert last_line(antwoord).startswith("Bron: "), messages
    assert voorbehoud["text"] == teksten.voorbehoud
    payloads = [b["payload"] for b in voorbehoud["buttons"]]
    assert payloads[-2:] == ["/feedback_ja", "/feedback_nee"]
    alternatieven = payloads[:-2]
    assert 1 <= len(alternatieven) <= 2 and set(alternatieven) <= set(knop_vragen(teksten).values())
    volgende = chat.send(alternatieven[0], doelgroep="ambtenaar")
    assert volgende[-1]["text"] == "Had u hier iets aan?"  # sure now: no reservation
    tekst = "\n\n".join(m.get("text", "") for m in volgende[:-1])
    assert last_line(tekst).startswith("Bron: ") and tekst != antwoord


def test_the_reservation_comes_after_the_audience_question_too(chat, settings):
    """Plain REST names no audience: this answer has a resident variant, so the assistant first
    asks who is asking; the answer that follows still says it is not sure."""
    from bot.verduidelijking import laad_teksten

    teksten = laad_teksten(settings.texts_dir / "verduidelijking.yml")
    vraag = "Welke stappen zet de gemeente tegen uitsluiting van nieuwkomers in de wijk?"
    assert "Bent u inwoner of werkt u bij de gemeente?" in chat.text(vraag)
    *antwoord, voorbehoud = chat.send("Ik werk bij de gemeente")
    assert last_line("\n\n".join(m.get("text", "") for m in antwoord)).startswith("Bron: ")
    assert voorbehoud["text"] == teksten.voorbehoud


def test_conversation_is_stored_in_sqlite(chat):
    chat.text("hallo")
    chat.text("Wat doet een antidiscriminatievoorziening?")
    assert chat.stored_user_texts() == ["hallo", "Wat doet een antidiscriminatievoorziening?"]


class TestBadInput:
    @pytest.fixture(scope="class")
    def texts(self, settings):
        return platte_teksten(settings.texts_dir / "kanaal.yml")

    def test_empty_and_emoji_only_get_a_dutch_reply(self, chat, texts):
        for message in ("", "   ", "😀🙏👍"):
            reply = chat.send(message)
            assert reply == [{"recipient_id": chat.sender, "text": texts["bericht_leeg"]}]

    def test_20000_characters_get_te_lang(self, chat, texts, settings):
        reply = chat.send("discriminatie " * 1430)  # ~20.000 tekens
        assert reply[0]["text"] == texts["bericht_te_lang"].format(
            max_tekens=settings.max_message_chars)

    def test_wrong_json_is_400_in_dutch(self, chat, texts):
        r = chat.post_raw(b'{"sender": "x", "message": ')
        assert r.status_code == 400
        assert r.json()["fout"] == texts["geen_json"]

    def test_missing_sender_is_400_not_the_shared_default_conversation(self, chat, texts):
        r = requests.post(chat.stack.rest_webhook, json={"message": "hallo"}, timeout=30)
        assert r.status_code == 400
        assert r.json()["fout"] == texts["sender_ontbreekt"]

    def test_huge_body_is_413(self, chat):
        r = chat.post_raw(json.dumps({"sender": "x", "message": "a" * 100_000}).encode())
        assert r.status_code == 413
        assert "te groot" in r.json()["fout"]

    def test_a_very_large_body_is_refused_by_the_server_before_it_is_buffered(self, chat):
        r = chat.post_raw(b"x" * (8 * chat.stack.settings.max_body_bytes))
        assert r.status_code == 413
        assert chat.send("Wat doet een antidiscriminatievoorziening?")  # and it keeps answering

    def test_binary_body_is_400(self, chat):
        r = chat.post_raw(b"\x00\xff\xfe\x89PNG", content_type="application/octet-stream")
        assert r.status_code == 400

    def test_rejected_input_loses_no_state_and_server_keeps_serving(self, chat):
        chat.text("hallo")
        chat.send("")
        chat.send("x" * 20_000)
        chat.post_raw(b"{kapot")
        text = chat.text("Waar kan ik discriminatie melden?")
        assert "Discriminatie.nl" in text
        assert chat.stored_user_texts() == ["hallo", "Waar kan ik discriminatie melden?"]


def test_the_action_server_is_not_reachable_on_a_non_loopback_address(stack):
    """rasa-sdk listens on 0.0.0.0 by default, without authentication; here only on loopback."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing address
        eigen_adres = s.getsockname()[0]
    assert not eigen_adres.startswith("127."), "geen netwerkadres buiten loopback gevonden"
    assert requests.get(f"http://127.0.0.1:{stack.settings.actions_port}/health", timeout=10).ok
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"http://{eigen_adres}:{stack.settings.actions_port}/health", timeout=5)
