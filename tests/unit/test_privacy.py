"""bot/privacy.py: personal data out of a message before it is stored, logged or classified."""
from __future__ import annotations

import json

import pytest

from bot.channels.rest import VeiligeRestInput
from bot.privacy import (
    Redacteur,
    elfproef,
    iban_geldig,
    redigeer,
    toegestane_metadata,
)


def test_bsn_elfproef():
    assert elfproef("123456782")
    assert not elfproef("123456789")
    assert not elfproef("000000000") and not elfproef("12345678")


def test_iban_mod_97():
    assert iban_geldig("NL91ABNA0417164300")
    assert iban_geldig("NL91 ABNA 0417 1643 00")
    assert not iban_geldig("NL92ABNA0417164300")
    assert not iban_geldig("artikel 1")


@pytest.mark.parametrize("tekst, verwacht", [
    ("mijn bsn is 123456782", "mijn bsn is [BSN]"),
    ("bsn 1234.56.782 graag", "bsn [BSN] graag"),
    ("bel 06-12345678 of +31 6 12345678", "bel [TELEFOON] of [TELEFOON]"),
    ("vaste lijn 071-5123456.", "vaste lijn [TELEFOON]."),
    ("mail J.deVries@Hotmail.nl", "mail [E-MAIL]"),
    ("rekening NL91 ABNA 0417 1643 00 graag", "rekening [IBAN] graag"),
    ("postcode 2311 EZ", "postcode [POSTCODE]"),
    ("ik woon op de Kerkstraat 12a", "ik woon op de [ADRES]"),
    ("ik woon laan van meerdervoort 123a", "ik woon [ADRES]"),
    # streets without a street suffix: after "ik woon (op)" or before a postcode
    ("ik woon op Esplanade 40 sinds kort", "ik woon op [ADRES] sinds kort"),
    ("gegevens: Wolfskuil 18, 6512 AB Nijmegen", "gegevens: [ADRES], [POSTCODE] Nijmegen"),
    ("ik heet fatima el amrani en ik ben gediscrimineerd", "ik heet [NAAM] en ik ben gediscrimineerd"),
    ("geboren op 12-03-1985", "geboren op [GEBOORTEDATUM]"),
])
def test_each_kind_is_replaced_by_its_tag(tekst, verwacht):
    assert redigeer(tekst).tekst == verwacht


def test_a_story_with_several_kinds():
    r = redigeer("Ik ben Jan de Vries, bsn 123456782, mijn nummer 06-12345678. Ik woon op "
                 "Kerkstraat 12, 1234 AB Amsterdam en mijn buurman scheldt mij uit.")
    for waarde in ("Jan de Vries", "123456782", "06-12345678", "Kerkstraat 12", "1234 AB"):
        assert waarde not in r.tekst
    assert "Amsterdam" in r.tekst and "buurman scheldt mij uit" in r.tekst
    assert {"[NAAM]", "[BSN]", "[TELEFOON]", "[ADRES]", "[POSTCODE]"} <= set(r.soorten)
    assert r.geredigeerd


@pytest.mark.parametrize("tekst", [
    "Wat staat er in artikel 1 van de Grondwet?",
    "Wat zegt de Wga 2009 over een ADV?",
    "Wij hebben 0,5 fte voor antidiscriminatiebeleid, en in 2027 en 2028?",
    "Wat doet Leiden tegen racisme? En Rotterdam?",
    "ongeveer 37,5 cent per inwoner via het gemeentefonds",
    "art. 137c Sr, groep 8, lijn 3, bus 12, 20 procent, op 12 maart",
    "hoeveel meldingen waren er in 2023",
    "welk bedrag is 6000000 euro",
    # organisation names deduce took for a person (real council questions)
    "Waar kunnen inwoners na het opheffen van het Bureau Discriminatiezaken Hollands Midden terecht?",
    "Diverse aanbieders vallen onder het juk van Maastricht University.",
])
def test_domain_numbers_and_places_are_kept(tekst):
    r = redigeer(tekst)
    assert r.tekst == tekst and not r.geredigeerd


def test_deduce_runs_without_the_big_lookup_tries_it_does_not_need():
    """Streets, hospitals and care institutions (tags not kept) are not loaded: 1.1 GB less
    per process (docs/snelheid.md); place names stay so a place is not taken for a surname."""
    from bot.privacy import DEDUCE_LIJSTEN_UIT, maak_deduce

    deduce = maak_deduce()
    geladen = set(deduce.lookup_structs.keys())
    assert not geladen & DEDUCE_LIJSTEN_UIT
    assert {"first_name", "surname", "placename"} <= geladen
    assert redigeer("Gaat gemeente Westland de taken overnemen?").tekst == (
        "Gaat gemeente Westland de taken overnemen?")


def test_a_number_that_fails_its_checksum_is_no_bsn_or_iban():
    assert "[BSN]" not in redigeer("ordernummer 123456789").soorten
    assert "[IBAN]" not in redigeer("code NL92ABNA0417164300").soorten


def test_without_deduce_the_own_patterns_still_work():
    r = Redacteur(met_deduce=False).redigeer("bel 0612345678, bsn 123456782")
    assert r.tekst == "bel [TELEFOON], bsn [BSN]"


def test_only_used_metadata_is_kept():
    assert toegestane_metadata({"doelgroep": "inwoner", "ip": "1.2.3.4", "naam": "Jan"}) == {
        "doelgroep": "inwoner"}
    assert toegestane_metadata({"doelgroep": {"x": 1}}) == {}
    assert toegestane_metadata(None) == {}


async def test_the_rest_channel_passes_only_redacted_text_and_says_so(settings):
    ontvangen = []

    async def rasa(message):
        ontvangen.append(message)
        await message.output_channel.send_text_message(message.sender_id, "Antwoord")

    channel = VeiligeRestInput(settings)
    reply = await channel.answer(rasa, "klant", "Ik ben Piet Jansen, bel 0612345678. Waar meld ik?",
                                 {"doelgroep": "inwoner", "telefoon": "0612345678"})
    assert ontvangen[0].text == "Ik ben [NAAM], bel [TELEFOON]. Waar meld ik?"
    assert ontvangen[0].metadata == {"doelgroep": "inwoner"}
    berichten = json.loads(reply.body)
    assert berichten[0]["text"] == channel.texts["persoonsgegevens_verwijderd"]
    assert berichten[1]["text"] == "Antwoord"
    assert "Piet" not in reply.body.decode() and "0612345678" not in reply.body.decode()


async def test_no_notice_without_personal_data(settings):
    async def rasa(message):
        await message.output_channel.send_text_message(message.sender_id, "Antwoord")

    reply = await VeiligeRestInput(settings).answer(rasa, "klant", "Waar meld ik discriminatie?", None)
    assert [m["text"] for m in json.loads(reply.body)] == ["Antwoord"]


@pytest.mark.parametrize("tekst, wissen", [
    ("verwijder mijn gesprek", True),
    ("Wis al mijn gegevens aub", True),
    ("vergeet dit gesprek!", True),
    ("ik wil dat mijn gesprek verwijderd wordt", True),
    ("Kan de gemeente een discriminerende post verwijderen?", False),
    ("wis mijn gesprek met de huisbaas niet, maar waar meld ik dit?", False),
    ("hoe verwijder ik mijn gegevens bij de ADV?", False),
])
def test_a_request_to_erase_the_conversation_is_recognised(tekst, wissen):
    from bot.privacy import wil_gesprek_wissen

    assert wil_gesprek_wissen(tekst) is wissen


async def test_the_rest_channel_erases_the_conversation_on_request(settings, tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    for sender in ("ik", "ander"):
        await store.save(DialogueStateTracker.from_events(sender, [UserUttered("[NAAM] hier")]))

    async def rasa_mag_niet(message):
        raise AssertionError("een wisverzoek gaat niet naar Rasa")

    channel = VeiligeRestInput(settings)
    reply = await channel.answer(rasa_mag_niet, "ik", "verwijder mijn gesprek", None,
                                 tracker_store=store)
    assert json.loads(reply.body)[0]["text"] == channel.texts["gesprek_gewist"]
    assert (await store.retrieve("ik")) is None
    assert (await store.retrieve("ander")) is not None
    # without a SQL store the assistant says it cannot, and what happens instead
    reply = await channel.answer(rasa_mag_niet, "ik", "wis mijn gegevens", None)
    assert json.loads(reply.body)[0]["text"] == channel.texts["gesprek_wissen_kan_niet"]
