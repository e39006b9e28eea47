"""Privacy end to end on the real servers (SQLite profile): messages with planted personal data
over REST (also a form's typed answer) and the intranet channel; afterwards the whole tracker
store file and the logs of the Rasa server and the action server hold none of the values.

The planted values come from tests/privacy/pii_corpus.yml (fictitious)."""
from __future__ import annotations

import uuid

import pytest
import requests
import yaml

from bot.channels.intranet import maak_token
from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.e2e

AANTAL = 25  # messages from the corpus, every kind among them


def _berichten():
    corpus = yaml.safe_load((PROJECT_ROOT / "tests" / "privacy" / "pii_corpus.yml")
                            .read_text(encoding="utf-8"))["berichten"]
    gekozen, soorten = [], set()
    for b in corpus:
        nieuw = {i["soort"] for i in b["pii"]} - soorten - {"TELEFOON_ORGANISATIE"}
        if nieuw or len(gekozen) < AANTAL:
            gekozen.append(b)
            soorten |= nieuw
        if len(gekozen) >= AANTAL and soorten >= {"BSN", "E-MAIL", "TELEFOON", "IBAN", "POSTCODE",
                                                   "ADRES", "NAAM", "GEBOORTEDATUM"}:
            break
    return gekozen


def test_no_planted_value_reaches_the_store_or_the_logs(stack, chat_with, intranet_geheim):
    berichten = _berichten()
    # values the redactor finds on this corpus (recall < 1 for names is measured by the gate)
    from bot.privacy import redigeer

    geplant = {i["waarde"] for b in berichten for i in b["pii"]
               if i["soort"] != "TELEFOON_ORGANISATIE" and len(i["waarde"]) >= 5
               and i["waarde"] not in redigeer(b["tekst"]).tekst}
    assert len(geplant) >= 30
    logs = {naam: stack.log_dir / f"{naam}.log" for naam in ("rasa", "actions")}
    begin = {naam: pad.stat().st_size for naam, pad in logs.items()}

    for i, b in enumerate(berichten[:-3]):
        if i % 10 == 0:  # a few conversations: one person does not send 30 messages in seconds
            chat = chat_with(stack)  # (the rate limit would stop that; see test_limiet.py)
        antwoord = chat.send(b["tekst"])
        assert antwoord
        if redigeer(b["tekst"]).geredigeerd:  # the reply first says it was not kept
            assert antwoord[0]["text"] == stack_tekst("persoonsgegevens_verwijderd")
    # a form: the typed answer to "where did it happen?" carries a name and a phone number
    chat.send("Help mij kiezen waar ik moet melden")
    chat.send(berichten[-3]["tekst"])
    # REST metadata beyond the allow-list is not stored
    r = requests.post(stack.rest_webhook, timeout=60, json={
        "sender": chat.sender, "message": berichten[-2]["tekst"],
        "metadata": {"doelgroep": "inwoner", "telefoon": "0612345678", "naam": "Kees Extra"}})
    assert r.status_code == 200
    # the intranet channel
    token = maak_token(f"privacy-{uuid.uuid4().hex[:6]}", intranet_geheim)
    r = requests.post(stack.intranet_webhook, timeout=60, json={"message": berichten[-1]["tekst"]},
                      headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200

    db = stack.settings.tracker_db
    opgeslagen = "".join(p.read_bytes().decode("utf-8", errors="replace")
                         for p in (db, db.with_name(db.name + "-wal")) if p.exists())
    assert chat.sender in opgeslagen  # the conversation is there, with the tags ...
    assert "[TELEFOON]" in opgeslagen and "[NAAM]" in opgeslagen
    gevonden = sorted(w for w in geplant | {"0612345678", "Kees Extra"} if w in opgeslagen)
    assert not gevonden, f"in de tracker store: {gevonden}"  # ... its personal data is not
    for naam, pad in logs.items():
        with open(pad, "rb") as fh:
            fh.seek(begin[naam])
            nieuw = fh.read().decode("utf-8", errors="replace")
        assert not [w for w in geplant if w in nieuw], f"in {naam}.log"


def test_verwijder_mijn_gesprek_erases_it_from_the_store(stack, chat_with):
    chat = chat_with(stack)
    assert chat.send("Waar kan ik discriminatie melden?")
    assert chat.stored_events()
    antwoord = chat.send("verwijder mijn gesprek")
    assert [m["text"] for m in antwoord] == [stack_tekst("gesprek_gewist")]
    assert chat.stored_events() == []
    # the assistant keeps working: a new question starts a new conversation
    assert chat.send("Wat doet een antidiscriminatievoorziening?")


def stack_tekst(sleutel: str) -> str:
    from bot.teksten import platte_teksten

    return platte_teksten(PROJECT_ROOT / "data" / "teksten" / "kanaal.yml")[sleutel]
