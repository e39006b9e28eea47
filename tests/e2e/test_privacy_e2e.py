"""Privacy end to end on the real servers, on SQLite and on PostgreSQL: messages with planted
personal data over REST (also a form's typed answer), the intranet channel and the widget's
socket; afterwards the whole tracker store and the logs of every process hold none of the values.
Also: a failing action leaves no conversation text in the logs.

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


def _plant_over_elk_kanaal(stack, chat_with, intranet_geheim, widget_gesprek):
    """Messages with planted personal data over REST (several conversations, a form's typed
    answer, metadata beyond the allow-list), the intranet and the widget. Returns the planted
    values the redactor finds (recall < 1 for names is measured by the gate), the REST chat and
    the log sizes before."""
    from bot.privacy import redigeer

    berichten = _berichten()
    geplant = {i["waarde"] for b in berichten for i in b["pii"]
               if i["soort"] != "TELEFOON_ORGANISATIE" and len(i["waarde"]) >= 5
               and i["waarde"] not in redigeer(b["tekst"]).tekst}
    assert len(geplant) >= 30
    for i, b in enumerate(berichten[:-4]):
        if i % 10 == 0:  # a few conversations: one person does not send 30 messages in seconds
            chat = chat_with(stack)  # (the rate limit would stop that; see test_limiet.py)
        antwoord = chat.send(b["tekst"])
        assert antwoord
        if redigeer(b["tekst"]).geredigeerd:  # the reply first says it was not kept
            assert antwoord[0]["text"] == stack_tekst("persoonsgegevens_verwijderd")
    # a form: the typed answer to "where did it happen?" carries a name and a phone number
    chat.send("Help mij kiezen waar ik moet melden")
    chat.send(berichten[-4]["tekst"])
    # REST metadata beyond the allow-list is not stored
    r = requests.post(stack.rest_webhook, timeout=60, json={
        "sender": chat.sender, "message": berichten[-3]["tekst"],
        "metadata": {"doelgroep": "inwoner", "telefoon": "0612345678", "naam": "Kees Extra"}})
    assert r.status_code == 200
    # the intranet channel
    token = maak_token(f"privacy-{uuid.uuid4().hex[:6]}", intranet_geheim)
    r = requests.post(stack.intranet_webhook, timeout=60, json={"message": berichten[-2]["tekst"]},
                      headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    # the widget
    assert widget_gesprek(stack, [berichten[-1]["tekst"]])
    return geplant | {"0612345678", "Kees Extra"}, chat


def _nieuw_in_logs(stack, begin) -> dict:
    nieuw = {}
    for pad in sorted(stack.log_dir.glob("*.log")):
        with open(pad, "rb") as fh:
            fh.seek(begin.get(pad.name, 0))
            nieuw[pad.name] = fh.read().decode("utf-8", errors="replace")
    return nieuw


def _logmaten(stack) -> dict:
    return {pad.name: pad.stat().st_size for pad in stack.log_dir.glob("*.log")}


def _geen_geplante_waarde(opgeslagen: str, logs: dict, geplant: set, chat) -> None:
    assert chat.sender in opgeslagen  # the conversation is there, with the tags ...
    assert "[TELEFOON]" in opgeslagen and "[NAAM]" in opgeslagen
    gevonden = sorted(w for w in geplant if w in opgeslagen)
    assert not gevonden, f"in de tracker store: {gevonden}"  # ... its personal data is not
    for naam, tekst in logs.items():
        assert not [w for w in geplant if w in tekst], f"in {naam}"


def test_no_planted_value_reaches_the_store_or_the_logs(stack, chat_with, intranet_geheim,
                                                        widget_gesprek):
    """SQLite profile: the whole store file (and its write-ahead log) and every process log."""
    begin = _logmaten(stack)
    geplant, chat = _plant_over_elk_kanaal(stack, chat_with, intranet_geheim, widget_gesprek)
    db = stack.settings.tracker_db
    opgeslagen = "".join(p.read_bytes().decode("utf-8", errors="replace")
                         for p in (db, db.with_name(db.name + "-wal")) if p.exists())
    logs = _nieuw_in_logs(stack, begin)
    assert {"rasa.log", "actions.log"} <= set(logs)
    _geen_geplante_waarde(opgeslagen, logs, geplant, chat)


def test_no_planted_value_reaches_postgresql_or_the_logs(productie, chat_with, intranet_geheim,
                                                         widget_gesprek):
    """Production profile (two replicas, PostgreSQL, Redis): every row of every table of the
    conversations' database, as text, and the logs of both replicas and the action server."""
    begin = _logmaten(productie)
    geplant, chat = _plant_over_elk_kanaal(productie, chat_with, intranet_geheim, widget_gesprek)
    con = productie.pg_connect()
    try:
        with con.cursor() as cur:
            cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
            tabellen = [r[0] for r in cur.fetchall()]
            rijen = []
            for tabel in tabellen:
                cur.execute(f'SELECT t::text FROM "{tabel}" t')
                rijen += [r[0] for r in cur.fetchall()]
    finally:
        con.close()
    assert "events" in tabellen
    logs = _nieuw_in_logs(productie, begin)
    assert {"rasa-1.log", "rasa-2.log", "actions.log"} <= set(logs)
    _geen_geplante_waarde("\n".join(rijen), logs, geplant, chat)


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


# --- an action that fails --------------------------------------------------------------------

@pytest.fixture(scope="module")
def kapot_profiel(settings, start_stack, tmp_path_factory):
    """A stack whose municipality profile breaks while it runs (a bad edit on disk): the action
    that first reads it then fails for real, and rasa-sdk answers Rasa with a 500 whose body
    echoes the whole tracker, every message of the conversation in it."""
    import shutil

    tmp = tmp_path_factory.mktemp("kapot")
    data = tmp / "data"
    shutil.copytree(settings.data_dir, data)
    s = start_stack(tmp, data_dir=data)
    (data / "gemeenten" / f"{settings.gemeente}.yml").write_text("naam: [kapot", encoding="utf-8")
    yield s
    s.stop()


def test_a_failing_action_leaves_no_message_text_in_the_logs(kapot_profiel, chat_with):
    """Issue 15 item 4: no message text in the logs at INFO or above, also when an action fails.
    A resident's story (religion: special-category data, which redaction does not remove) must
    not reach the log through the action server's error body."""
    verhaal = "Mijn buurman scheldt mij elke ochtend uit omdat ik een hoofddoek draag"
    logs = {naam: kapot_profiel.log_dir / f"{naam}.log" for naam in ("rasa", "actions")}
    begin = {naam: pad.stat().st_size for naam, pad in logs.items()}
    chat = chat_with(kapot_profiel)
    assert chat.send(verhaal)
    antwoord = chat.send("ik wil een medewerker spreken")  # reads the broken profile
    assert [m.get("text") for m in antwoord] != []  # the resident still gets a reply
    nieuw = {}
    for naam, pad in logs.items():
        with open(pad, "rb") as fh:
            fh.seek(begin[naam])
            nieuw[naam] = fh.read().decode("utf-8", errors="replace")
    # the failure is in the logs (so this test sees a real one), its error body left out ...
    from bot.log_filter import WEGGELATEN

    assert "action_medewerker_spreken" in nieuw["rasa"], nieuw["rasa"][-2000:]
    assert WEGGELATEN in nieuw["rasa"]
    assert "Exception" in nieuw["actions"] or "Error" in nieuw["actions"]
    # ... the conversation is not
    for naam, tekst in nieuw.items():
        assert "hoofddoek" not in tekst and "buurman" not in tekst, f"gesprekstekst in {naam}.log"
