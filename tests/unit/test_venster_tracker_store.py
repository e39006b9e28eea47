"""VensterSQLTrackerStore: a long conversation is read as its recent window plus its state, and
nothing is lost or stored twice (bot/stores.py)."""
from __future__ import annotations

import asyncio
import uuid

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (ActionExecuted, ActiveLoop, AllSlotsReset, BotUttered,
                                     SessionStarted, SlotSet, UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.stores import VensterSQLTrackerStore, toestand_voor_venster

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [vraag]
slots:
  laatste_antwoord: {type: text, mappings: [{type: custom}]}
  thema: {type: text, mappings: [{type: custom}]}
  requested_slot: {type: text, mappings: [{type: custom}]}
forms:
  afdeling_form: {required_slots: [thema]}
responses:
  utter_x: [{text: x}]
""")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, settings):
    """Where both stores write: a SQLite file, or a fresh PostgreSQL database (dropped after)."""
    if request.param == "sqlite":
        yield {"dialect": "sqlite", "db": str(tmp_path / "t.db")}
        return
    db = f"venster_{uuid.uuid4().hex[:8]}"
    yield {"dialect": "postgresql", "host": settings.pg_host, "port": settings.pg_port, "db": db,
           "username": settings.pg_user, "password": settings.pg_password,
           "login_db": settings.pg_login_db}
    beheer = sa.create_engine(
        f"postgresql://{settings.pg_user}:{settings.pg_password}@{settings.pg_host}:"
        f"{settings.pg_port}/{settings.pg_login_db}", isolation_level="AUTOCOMMIT")
    with beheer.connect() as c:
        c.execute(sa.text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          f"WHERE datname = '{db}' AND pid <> pg_backend_pid()"))
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{db}"'))
    beheer.dispose()


def _store(database, venster):
    store = VensterSQLTrackerStore(domain=DOMAIN, **database)
    store.venster = venster
    return store


def _beurt(i):
    return [UserUttered(f"vraag {i}", {"name": "vraag", "confidence": 1.0}),
            ActionExecuted("utter_x"), BotUttered(f"antwoord {i}"),
            SlotSet("laatste_antwoord", f"a{i}"), ActionExecuted("action_listen")]


def _lang_gesprek(store, beurten, met_thema_vooraan=True):
    """Saved turn by turn, as the server does: retrieve, add events, save."""
    tracker = DialogueStateTracker.from_events("g", [
        ActionExecuted("action_session_start"), SessionStarted(),
        ActionExecuted("action_listen")], DOMAIN.slots)
    if met_thema_vooraan:
        tracker.update_with_events([SlotSet("thema", "wonen"), ActiveLoop("afdeling_form"),
                                    SlotSet("requested_slot", "thema"), ActiveLoop(None),
                                    SlotSet("requested_slot", None)], DOMAIN)
    asyncio.run(store.save(tracker))
    _verder(store, range(beurten))


def test_a_long_conversation_is_read_as_its_window_with_the_same_state(database):
    store = _store(database, venster=30)
    _lang_gesprek(store, beurten=40)
    kort = asyncio.run(store.retrieve("g"))
    vol = asyncio.run(store.retrieve_full_tracker("g"))
    assert len(vol.events) == 3 + 5 + 40 * 5
    assert len(kort.events) <= 30 + 5  # the window plus session start, the slots, the closed form
    assert kort.current_slot_values() == vol.current_slot_values()
    assert kort.current_slot_values()["thema"] == "wonen"
    assert kort.active_loop_name is None and vol.active_loop_name is None
    assert kort.latest_message.text == "vraag 39" and kort.latest_action_name == "action_listen"
    # the window starts at a turn boundary: the first event after the state is action_listen
    eerste = next(e for e in kort.events if not isinstance(e, (SessionStarted, SlotSet, ActiveLoop)))
    assert isinstance(eerste, ActionExecuted) and eerste.action_name == "action_listen"


def test_saving_a_windowed_tracker_stores_each_new_event_once(database):
    store = _store(database, venster=30)
    _lang_gesprek(store, beurten=40)
    tracker = asyncio.run(store.retrieve("g"))
    tracker.update_with_events(_beurt(40), DOMAIN)
    asyncio.run(store.save(tracker))
    tracker.update_with_events(_beurt(41), DOMAIN)  # saved twice in one message, as Rasa does
    asyncio.run(store.save(tracker))
    vol = asyncio.run(store.retrieve_full_tracker("g"))
    teksten = [e.text for e in vol.events if isinstance(e, UserUttered)]
    assert teksten == [f"vraag {i}" for i in range(42)]
    assert len(vol.events) == 3 + 5 + 42 * 5


def _zoals_rasa(database):
    """Rasa's own SQLTrackerStore on the same database: the latest session, every event."""
    rasa = SQLTrackerStore(domain=DOMAIN, **database)
    events = [e.as_dict() for e in asyncio.run(rasa.retrieve("g")).events]
    rasa.engine.dispose()
    return events


@pytest.mark.parametrize("venster,beurten", [(30, 3), (0, 40)])
def test_a_short_conversation_or_window_zero_is_read_as_rasa_reads_it(database, venster, beurten):
    store = _store(database, venster=venster)
    _lang_gesprek(store, beurten=beurten)
    assert [e.as_dict() for e in asyncio.run(store.retrieve("g")).events] == _zoals_rasa(database)
    # each event stored exactly once: start (3), theme and form (5), five per turn
    assert len(asyncio.run(store.retrieve_full_tracker("g")).events) == 3 + 5 + 5 * beurten


def test_the_state_before_the_window_respects_resets_and_closed_forms():
    ervoor = [e.as_dict() for e in (
        SessionStarted(), SlotSet("thema", "wonen"), ActiveLoop("afdeling_form"), AllSlotsReset(),
        SlotSet("laatste_antwoord", "a1"), SlotSet("laatste_antwoord", "a2"), ActiveLoop(None))]
    toestand = toestand_voor_venster(ervoor)
    assert [e["event"] for e in toestand] == ["session_started", "slot"]
    assert toestand[1]["name"] == "laatste_antwoord" and toestand[1]["value"] == "a2"


def test_a_loop_active_at_the_window_start_is_read_from_its_activation(database):
    """The two-stage fallback (or a form) started before the window and is still active: the
    window starts before its activation, so the fallback can revert to the message that started
    it (cut off, it replayed that message for ever)."""
    store = _store(database, venster=30)
    _lang_gesprek(store, beurten=10, met_thema_vooraan=False)
    tracker = asyncio.run(store.retrieve("g"))
    tracker.update_with_events([
        UserUttered("blorp", {"name": "nlu_fallback", "confidence": 1.0}),
        ActiveLoop("action_two_stage_fallback"), ActionExecuted("action_two_stage_fallback"),
        ActionExecuted("action_listen")], DOMAIN)
    asyncio.run(store.save(tracker))
    _verder(store, beurten=range(10, 18))  # eight more turns, the loop still active
    kort = asyncio.run(store.retrieve("g"))
    assert kort.active_loop_name == "action_two_stage_fallback"
    assert "blorp" in [e.text for e in kort.events if isinstance(e, UserUttered)]
    assert len(kort.events) > 30  # the window grew to hold the loop's start


def _verder(store, beurten):
    for i in beurten:
        tracker = asyncio.run(store.retrieve("g"))
        tracker.update_with_events(_beurt(i), DOMAIN)
        asyncio.run(store.save(tracker))


def test_whether_a_message_id_is_stored_is_one_query_per_conversation(database):
    """The REST channel asks this for every turn with a message_id (a retried turn is answered
    from the store): it must find a stored id, and not one of another conversation or none."""
    store = _store(database, venster=30)
    tracker = DialogueStateTracker.from_events("g", [
        ActionExecuted("action_listen"),
        UserUttered("vraag", {"name": "vraag", "confidence": 1.0}, message_id="beurt-7")],
        DOMAIN.slots)
    asyncio.run(store.save(tracker))
    assert store.bericht_misschien_opgeslagen("g", "beurt-7")
    assert not store.bericht_misschien_opgeslagen("g", "beurt-8")
    assert not store.bericht_misschien_opgeslagen("ander-gesprek", "beurt-7")
    assert not store.bericht_misschien_opgeslagen("g", "beurt")  # a prefix is not the id


def test_saving_writes_the_rows_rasa_writes_in_the_same_order(database):
    """One INSERT for the turn's events (bot/stores.py save): column for column what Rasa's
    own save writes for the same tracker, ids in the events' order."""
    events = [ActionExecuted("action_session_start"), SessionStarted(),
              ActionExecuted("action_listen"), *(e for i in range(3) for e in _beurt(i))]

    def tracker(sender):
        return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)

    rasa = SQLTrackerStore(domain=DOMAIN, **database)
    asyncio.run(rasa.save(tracker("rasa")))
    store = _store(database, venster=30)
    asyncio.run(store.save(tracker("eigen")))
    e = rasa.SQLEvent
    with rasa.session_scope() as session:
        def rijen(sender):
            return [tuple(r) for r in session.query(
                e.type_name, e.timestamp, e.intent_name, e.action_name, e.data)
                .filter(e.sender_id == sender).order_by(e.id)]
        assert rijen("eigen") == rijen("rasa")
        assert len(rijen("eigen")) == 3 + 3 * 5
    rasa.engine.dispose()
