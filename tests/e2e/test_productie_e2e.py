"""The production profile for real: two Rasa replicas on PostgreSQL (tracker store) and Redis
(lock store), one action server. Conversations are checked where they are kept: in PostgreSQL.

The tests run in file order: the crash and restart tests come last and leave two healthy
replicas behind them.
"""
from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from bot.belasting import VRAGEN, Gesprekken
from bot.teksten import platte_teksten

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def apology(settings) -> str:
    return platte_teksten(settings.texts_dir / "kanaal.yml")["verwerking_mislukt"]


def stored(productie, sender: str) -> list:
    """(type_name, data) of one conversation's events in PostgreSQL, in stored order."""
    con = productie.pg_connect()
    try:
        with con.cursor() as cur:
            cur.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
            return [(t, json.loads(d)) for t, d in cur.fetchall()]
    finally:
        con.close()


def user_texts(events) -> list:
    return [d["text"] for t, d in events if t == "user"]


def bot_text(events) -> str:
    """All bot texts of a conversation as one string: Rasa stores a response as one event and
    the REST channel sends it as one message per paragraph."""
    return "\n\n".join(d.get("text") or "" for t, d in events if t == "bot")


def seen_text(replies) -> str:
    return "\n\n".join(m.get("text") or "" for m in replies)


def send(productie, replica: int, sender: str, text: str) -> list:
    r = requests.post(productie.replica_webhook(replica), json={"sender": sender, "message": text},
                      timeout=90)
    assert r.status_code == 200, r.text
    return r.json()


def assert_one_consistent_tracker(productie, conversations) -> None:
    """Every turn that was sent is stored once, in order; every reply the user saw is stored
    once, in order."""
    for turns in conversations:
        events = stored(productie, turns[0].gesprek)
        assert user_texts(events) == [b.tekst for b in turns], turns[0].gesprek
        seen = [m for b in turns for m in b.antwoorden]
        assert bot_text(events) == seen_text(seen), turns[0].gesprek


def test_turns_alternating_between_replicas_share_one_tracker(productie, apology):
    sender = f"wissel-{uuid.uuid4().hex[:8]}"
    sent, seen = [], []
    for i, text in enumerate(VRAGEN[:4]):
        replies = send(productie, i % 2, sender, text)
        sent.append(text)
        seen += replies
        assert replies and all(m.get("text") != apology for m in replies), replies
    # "en regisseren?" and "waar staat dat?" only work with the previous turn, which the
    # other replica handled.
    assert "naming & faming" in seen_text(seen)
    assert any((m.get("text") or "").startswith("Bron: ") for m in seen)
    events = stored(productie, sender)
    assert user_texts(events) == sent
    assert bot_text(events) == seen_text(seen)


def test_50_conversations_of_10_turns_through_both_replicas(productie, apology):
    load = Gesprekken([productie.replica_webhook(0), productie.replica_webhook(1)], prefix="last50")
    conversations = load.draai(gesprekken=50, beurten=10)
    turns = [b for g in conversations for b in g]
    failed = [(b.gesprek, b.nummer, b.fout, b.status) for b in turns if not b.gelukt]
    assert not failed, failed[:5]
    assert not [b for b in turns if any(m.get("text") == apology for m in b.antwoorden)]
    assert {b.replica for b in turns} == {0, 1}
    con = productie.pg_connect()
    with con.cursor() as cur:
        cur.execute("SELECT count(*) FROM events WHERE type_name = 'user' AND sender_id LIKE %s",
                    (load.prefix + "-%",))
        assert cur.fetchone()[0] == 500
    con.close()
    assert_one_consistent_tracker(productie, conversations)


def test_a_retried_turn_is_stored_once_and_answered_the_same(productie):
    sender = f"herhaal-{uuid.uuid4().hex[:8]}"
    body = {"sender": sender, "message": "Waar kan ik discriminatie melden?", "message_id": "m-1"}
    first = requests.post(productie.replica_webhook(0), json=body, timeout=90).json()
    again = requests.post(productie.replica_webhook(1), json=body, timeout=90).json()
    assert again == first
    assert user_texts(stored(productie, sender)) == [body["message"]]


def test_session_expiry_starts_a_new_session_and_keeps_history(productie):
    sender = f"sessie-{uuid.uuid4().hex[:8]}"
    send(productie, 0, sender, "Waar kan ik discriminatie melden?")
    send(productie, 1, sender, "ja")
    # Make the conversation two hours old (session_expiration_time in domain.yml is 60 minutes).
    con = productie.pg_connect()
    with con, con.cursor() as cur:
        cur.execute("SELECT id, data FROM events WHERE sender_id = %s", (sender,))
        for event_id, data in cur.fetchall():
            event = json.loads(data)
            event["timestamp"] -= 7200
            cur.execute("UPDATE events SET data = %s, timestamp = %s WHERE id = %s",
                        (json.dumps(event), event["timestamp"], event_id))
    con.close()
    replies = send(productie, 0, sender, "Wat is de Wga?")
    assert any("28 januari 2010" in (m.get("text") or "") for m in replies), replies
    events = stored(productie, sender)
    assert user_texts(events) == ["Waar kan ik discriminatie melden?", "ja", "Wat is de Wga?"]
    starts = [i for i, (t, d) in enumerate(events) if t == "session_started"]
    assert len(starts) == 2, "het oude gesprek had een nieuwe sessie moeten krijgen"
    assert user_texts(events[starts[1]:]) == ["Wat is de Wga?"]


def test_action_server_down_gives_a_dutch_apology_then_recovers(productie, apology):
    sender = f"actie-{uuid.uuid4().hex[:8]}"
    assert "Ik ben een chatbot" in send(productie, 0, sender, "ik wil een medewerker spreken")[0]["text"]
    productie.kill("actions", signal.SIGKILL)
    try:
        replies = send(productie, 1, sender, "ik wil een medewerker spreken")
        assert [m.get("text") for m in replies] == [apology]
    finally:
        productie.start_actions()
    replies = send(productie, 0, sender, "ik wil een medewerker spreken")
    assert "Ik ben een chatbot" in replies[0]["text"]
    assert user_texts(stored(productie, sender)) == ["ik wil een medewerker spreken"] * 3


def test_kill_9_of_a_replica_under_load(productie, apology):
    load = Gesprekken([productie.replica_webhook(0), productie.replica_webhook(1)],
                      failover=True, prefix="crash")
    result = {}
    runner = threading.Thread(target=lambda: result.update(c=load.draai(gesprekken=20, beurten=10)))
    runner.start()
    deadline = time.monotonic() + 120
    while load.klaar < 40 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert load.klaar >= 40, "de belasting kwam niet op gang"
    productie.kill(productie.replica_name(1), signal.SIGKILL)
    runner.join(timeout=400)
    assert not runner.is_alive()
    conversations = result["c"]
    turns = [b for g in conversations for b in g]
    # The other replica kept answering: every turn answered, none with the apology.
    failed = [(b.gesprek, b.nummer, b.fout) for b in turns if not b.gelukt]
    assert not failed, failed[:5]
    assert not [b for b in turns if any(m.get("text") == apology for m in b.antwoorden)]
    assert any(b.pogingen > 1 for b in turns), "geen beurt ging over naar de andere replica"
    # No conversation lost or duplicated a turn.
    for turns_of_one in conversations:
        events = stored(productie, turns_of_one[0].gesprek)
        assert user_texts(events) == [b.tekst for b in turns_of_one], turns_of_one[0].gesprek

    # The restarted replica continues an existing conversation where it stood.
    productie.start_replica(1)
    sender = conversations[0][0].gesprek
    before = user_texts(stored(productie, sender))
    replies = send(productie, 1, sender, "Wat is de Wga?")
    assert any("28 januari 2010" in (m.get("text") or "") for m in replies)
    source = send(productie, 1, sender, "waar staat dat?")
    assert "Bron: Wet gemeentelijke antidiscriminatievoorzieningen" in seen_text(source), source
    assert user_texts(stored(productie, sender)) == before + ["Wat is de Wga?", "waar staat dat?"]


def _pg_cluster() -> list:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir())
    assert versions, "geen PostgreSQL-cluster in /etc/postgresql"
    return ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main"]


def test_postgresql_restart_needs_no_bot_restart(productie, apology):
    sender = f"pg-{uuid.uuid4().hex[:8]}"
    send(productie, 0, sender, "Waar kan ik discriminatie melden?")
    send(productie, 1, sender, "ja")
    try:
        subprocess.run([*_pg_cluster(), "restart"], check=True, timeout=120)
    finally:
        for _ in range(60):
            if subprocess.run(["pg_isready", "-h", productie.settings.pg_host, "-p",
                               str(productie.settings.pg_port)], capture_output=True).returncode == 0:
                break
            subprocess.run([*_pg_cluster(), "start"], capture_output=True, timeout=120)
            time.sleep(1)
    # Both replicas had pooled connections to the old server; both answer at once.
    for replica in (0, 1):
        replies = send(productie, replica, sender, "Wat is de Wga?")
        assert [m.get("text") for m in replies] != [apology]
        assert any("28 januari 2010" in (m.get("text") or "") for m in replies), replies
    assert user_texts(stored(productie, sender)) == [
        "Waar kan ik discriminatie melden?", "ja", "Wat is de Wga?", "Wat is de Wga?"]
