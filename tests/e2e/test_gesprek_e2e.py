"""End to end: follow-ups, two questions in one, feedback and the two-stage fallback, over REST."""
from __future__ import annotations

import pytest
import yaml

pytestmark = pytest.mark.e2e

FEEDBACK = "Had u hier iets aan?"


@pytest.fixture(scope="module")
def verduidelijking(settings):
    return yaml.safe_load((settings.texts_dir / "verduidelijking.yml").read_text(encoding="utf-8"))


def bron_regels(text: str) -> list:
    return [r for r in text.splitlines() if r.startswith("Bron: ")]


def test_follow_ups_use_the_previous_answer(chat):
    chat.send("welke rollen kan de gemeente hebben bij discriminatie")  # asks the audience once
    assert "Agenderen" in chat.answer("ik ben ambtenaar")
    # "en regisseren?" is understood on its own
    assert "naming & faming" in chat.answer("en regisseren?")
    example = chat.answer("geef eens een voorbeeld")
    assert "Voorbeelden per rol" in example and bron_regels(example)
    source = chat.text("waar staat dat?")
    bronnen = bron_regels(source)
    assert bronnen and "movisie" in source.lower()
    assert source.splitlines()[0] == ("Mijn vorige antwoord komt uit deze bronnen:" if len(bronnen) > 1
                                      else "Mijn vorige antwoord komt uit deze bron:")
    assert FEEDBACK not in source  # repeating a source is not a new answer


def test_and_for_residents_after_an_answer_for_civil_servants(chat):
    chat.answer("Wat doet een antidiscriminatievoorziening?")
    text = chat.answer("en voor inwoners?")
    assert "Dan kunt u terecht bij een ADV" in text
    assert bron_regels(text)


def test_follow_up_without_context_asks_for_the_question_first(chat):
    chat.text("hallo")
    assert "Stel eerst uw vraag" in chat.text("waar staat dat?")


def test_two_questions_in_one_message_get_both_answers(chat):
    text = chat.answer("wat is agenderen en moeten we de ADV betalen?")
    assert text.startswith("U stelde 2 vragen.")
    assert "**Agenderen**" in text           # first answer
    assert "gemeentefonds" in text           # second answer
    assert len(bron_regels(text)) >= 2


def test_feedback_no_is_stored_with_the_turn_and_offers_a_person(chat):
    chat.answer("hoe wordt de adv gefinancierd")
    messages = chat.send("/feedback_nee")
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[-1] == "Iemand spreken" and len(titles) == 3
    events = chat.stored_events()
    user_idx = max(i for i, (t, _) in enumerate(events) if t == "user")
    assert events[user_idx][1]["parse_data"]["intent"]["name"] == "feedback_nee"
    slots = {d["name"]: d["value"] for t, d in events[user_idx:] if t == "slot"}
    assert slots["feedback_oordeel"] == "nee"
    assert slots["feedback_antwoord"] == "adv_financiering/hoe_gefinancierd"
    # the button leads to the way to a person
    assert "Discriminatie.nl" in chat.text(messages[0]["buttons"][-1]["payload"])


def test_feedback_yes(chat):
    chat.answer("waar kan ik discriminatie melden")
    assert "Fijn" in chat.text("ja hoor")


def test_two_stage_fallback_first_step_in_dutch_with_a_way_on(chat, verduidelijking):
    """Which answers an unclear message suggests depends on the trained model (other data,
    another ranking); what the user relies on does not: a Dutch question, and a way on."""
    messages = chat.send("blorp fnargle zzz")
    assert messages[0]["text"] in (verduidelijking["vraag"], verduidelijking["geen_suggesties"])
    if messages[0]["text"] == verduidelijking["vraag"]:
        buttons = messages[0]["buttons"]
        titels = {o["titel"] for o in verduidelijking["onderwerpen"].values()} | {
            o["titel"] for o in verduidelijking["antwoorden"].values()}
        assert buttons[-1] == {"title": "Iets anders", "payload": "/out_of_scope"}
        assert 2 <= len(buttons) <= 4 and {b["title"] for b in buttons[:-1]} <= titels


@pytest.mark.parametrize("onderwerp", ["rollen_gemeente", "grondwet_en_wet", "adv_taken",
                                       "adv_financiering", "voorbeelden_gemeenten",
                                       "verantwoordelijkheid_organisatie",
                                       "melden_discriminatie", "monitoring"])
def test_every_clarification_button_gives_that_topics_answer(chat, verduidelijking, onderwerp):
    """A click on a "Bedoelt u …?" button sends the topic's example question: it must end the
    fallback with an answer with its source, whichever topics were offered."""
    knop = verduidelijking["onderwerpen"][onderwerp]
    chat.send("blorp fnargle zzz")
    eerste = chat.send(knop["vraag"])
    if eerste and eerste[0].get("text", "").startswith("Bent u inwoner"):
        # plain REST names no audience: the answer for this topic asks it once first
        text = chat.answer("Ik werk bij de gemeente")
    else:
        assert eerste and eerste[-1].get("text") == "Had u hier iets aan?", eerste
        text = "\n\n".join(m.get("text", "") for m in eerste[:-1])
    assert bron_regels(text)


def test_two_stage_fallback_rephrase_then_way_out(chat, verduidelijking):
    chat.send("blorp fnargle zzz")
    assert chat.text("/out_of_scope") == verduidelijking["anders_stellen"]
    again = chat.send("qwrtz blorp")
    assert again[0]["text"] in (verduidelijking["vraag"], verduidelijking["geen_suggesties"])
    out = chat.text("/out_of_scope")
    assert out.startswith(verduidelijking["opgeven"])
    assert "Discriminatie.nl" in out
    # and the conversation goes on normally
    assert "Discriminatie.nl" in chat.answer("Waar kan ik discriminatie melden?")


def test_two_unclear_messages_in_a_row_lead_to_the_way_out(chat, verduidelijking):
    chat.send("blorp fnargle zzz")
    out = chat.text("zzz qwrtz")
    assert out.startswith(verduidelijking["opgeven"])


@pytest.mark.parametrize("text", ["Nerede ayrımcılık bildirebilirim?", "Gdzie mogę zgłosić dyskryminację?"])
def test_other_languages_without_a_dutch_word_get_the_bilingual_reply(chat, text):
    assert "I only speak Dutch" in chat.text(text)


def test_a_resident_in_the_widget_gets_the_reservation_with_buttons(stack, widget_gesprek, settings):
    """The widget channel (socket.io) carries the reservation and its buttons as it carries
    "Bedoelt u …?" (quick replies, a question to the user): each button a question, ja/nee last."""
    from bot.verduidelijking import knop_vragen, laad_teksten

    teksten = laad_teksten(settings.texts_dir / "verduidelijking.yml")
    berichten = widget_gesprek(
        stack, ["Welke stappen zet de gemeente tegen uitsluiting van nieuwkomers in de wijk?"])
    assert any("Bron:" in (b.get("text") or "") for b in berichten[:-1]), berichten
    voorbehoud = berichten[-1]
    assert voorbehoud["text"] == teksten.voorbehoud
    payloads = [k["payload"] for k in voorbehoud["quick_replies"]]
    assert payloads[-2:] == ["/feedback_ja", "/feedback_nee"]
    assert payloads[:-2] and set(payloads[:-2]) <= set(knop_vragen(teksten).values())
