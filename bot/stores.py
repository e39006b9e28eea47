"""Tracker stores and lock store that the Rasa server loads (endpoints.yml, endpoints.production.yml).

VensterSQLTrackerStore: Rasa's SQLTrackerStore that hands the server only the recent part of a
long conversation. Rasa reads every event of the session for every message, deserialises each
(looking its class up among all Event subclasses) and has the policies compute a state for each
of them several times per message: profiled at turn 200 of one conversation (1,178 events), a
message took 18x as long as at turn 10, half in deserialising, half in the policies' states.
Here ``retrieve`` reads the last ``tracker_venster`` events (from an ``action_listen``, so a
turn is never cut) and, from the events before them, only what makes the state: the session
start, the slots' last values, the active form. The policies look back three turns at most and
the actions a few turns, so they see what they saw before. Saving writes only the events added
after the window was read; ``retrieve_full_tracker`` (the HTTP API, reports) still reads all.
A session that fits in the window is built from that first query's rows (before, Rasa's own
retrieve read them again) and saved without counting its stored events first.

HerverbindendeSQLTrackerStore: Rasa's SQLTrackerStore that survives a PostgreSQL restart.

Rasa's SQLTrackerStore keeps pooled connections; after the database restarts, each of them
is dead and the next request that takes one fails. With ``pool_pre_ping`` SQLAlchemy tests a
connection before handing it out and replaces a dead one, so the bot reconnects by itself.
(Rasa also rebuilds the engine without its pool settings when ``login_db`` is used; this
class rebuilds it once more with them.)

HerstellendeRedisLockStore: Rasa's RedisLockStore without a dead end. Rasa hands out tickets
that expire ``lock_lifetime`` seconds after they were *issued*, also while they wait. When a
replica dies holding a conversation's lock, the next message for that conversation (on
another replica) waits for the dead ticket to expire; if its own ticket expires before it
looks again (it looks once a second), the queue is empty, Rasa's ``now_serving`` says 0, and
the waiter can never acquire the lock — the request hangs until Sanic answers 503 after 60 s
(measured in tests/e2e/test_productie_e2e.py before this fix). Here a waiter whose ticket
expired takes a new one at the end of the queue and keeps waiting; the ticket it holds at
the end is the one that is released.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Dict, Iterator, List, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

# Event types before the window that still shape the state.
TOESTAND = ("session_started", "slot", "active_loop", "reset_slots", "restart")
# Attribute on a windowed tracker: how many of its events are already stored.
OPGESLAGEN = "_bot_opgeslagen"


def toestand_voor_venster(ervoor: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The events that rebuild the state the events before the window left behind: the last
    session start, each slot's last value, the active form (none after a reset or restart)."""
    start: Optional[Dict[str, Any]] = None
    slots: Dict[str, Dict[str, Any]] = {}
    lus: Optional[Dict[str, Any]] = None
    for event in ervoor:
        soort = event.get("event")
        if soort in ("session_started", "restart"):
            start, slots, lus = (event if soort == "session_started" else None), {}, None
        elif soort == "reset_slots":
            slots = {}
        elif soort == "slot":
            slots[event["name"]] = event
        elif soort == "active_loop":
            lus = event if event.get("name") else None
    return [e for e in (start, *slots.values(), lus) if e is not None]


def event_rij(sender_id: Text, event: Any) -> Dict[str, Any]:
    """The row Rasa's SQLTrackerStore.save writes for an event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def onder_wrappers(tracker_store: Any) -> Any:
    """The configured tracker store under Rasa's wrappers (FailSafeTrackerStore,
    AwaitableTrackerStore), for what only the store itself offers (its engine, one-query
    checks)."""
    store = tracker_store
    while getattr(store, "_tracker_store", None) is not None:
        store = store._tracker_store
    return store


class VensterMixin:
    """``retrieve`` and saving for a windowed tracker (see the module docstring)."""

    venster: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from bot.settings import Settings

        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.venster = Settings.from_env().tracker_venster

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        if self.venster <= 0:
            return await super().retrieve(sender_id)  # type: ignore[misc]
        e = self.SQLEvent  # type: ignore[attr-defined]
        with self.session_scope() as session:  # type: ignore[attr-defined]
            basis = self._event_query(  # type: ignore[attr-defined]
                session, sender_id, fetch_events_from_all_sessions=False)
            # The last venster + 1 events only: O(window), not O(session).
            laatste = (basis.with_entities(e.id, e.type_name, e.action_name, e.data)
                       .order_by(None).order_by(e.id.desc()).limit(self.venster + 1).all())[::-1]
            if len(laatste) <= self.venster:
                # The whole session fits in the window: these rows are what Rasa would read
                # (one query, not a second one for the same rows).
                if not laatste or self.domain is None:  # type: ignore[attr-defined]
                    return await super().retrieve(sender_id)  # type: ignore[misc]
                return self._tracker(sender_id, [json.loads(r.data) for r in laatste])
            begin = next((r for r in laatste[1:] if r.type_name == "action"
                          and r.action_name == "action_listen"), None)
            if begin is None:
                return await super().retrieve(sender_id)  # type: ignore[misc]
            # Before the window, only the latest event of each kind shapes the state (the latest
            # value per slot, the latest form, session start, reset, restart): a few rows.
            grens = begin.id
            laatste_per_soort, lus = self._toestand_ids(basis, grens)
            if lus is not None:
                # A form or the two-stage fallback was active at the window's start: the window
                # starts before it was activated, so the loop sees its whole history (without
                # it the fallback reverts past the window and replays the message for ever).
                grens = (basis.filter(e.id < lus, e.type_name == "action",
                                      e.action_name == "action_listen")
                         .order_by(None).with_entities(sa.func.max(e.id)).scalar())
                if grens is None:
                    return await super().retrieve(sender_id)  # type: ignore[misc]
                laatste_per_soort, _ = self._toestand_ids(basis, grens)
            rijen = basis.filter(sa.or_(e.id >= grens,
                                        e.id.in_(list(laatste_per_soort.values())))).all()
            ervoor = [json.loads(r.data) for r in rijen if r.id < grens]
            events = toestand_voor_venster(ervoor)
            events += [json.loads(r.data) for r in rijen if r.id >= grens]
        return self._tracker(sender_id, events)

    def _tracker(self, sender_id: Text, events: List[Dict[str, Any]]) -> DialogueStateTracker:
        """The tracker of these events, remembering how many are stored (saving then writes
        only the events after them, without counting the stored ones first)."""
        tracker = DialogueStateTracker.from_dict(sender_id, events,
                                                 self.domain.slots)  # type: ignore[attr-defined]
        setattr(tracker, OPGESLAGEN, len(tracker.events))
        return tracker

    def bericht_misschien_opgeslagen(self, sender_id: Text, message_id: str) -> bool:
        """False when no stored user message of this conversation carries ``message_id``: one
        indexed query instead of reading the tracker (the REST channel asks this for every turn
        that has a message_id, to answer a retried turn from the store). True may be a false
        positive (LIKE's ``_`` matches any character); the caller then reads the tracker."""
        e = self.SQLEvent  # type: ignore[attr-defined]
        patroon = f'%"message_id": {json.dumps(message_id)}%'
        with self.session_scope() as session:  # type: ignore[attr-defined]
            return session.query(e.id).filter(
                e.sender_id == sender_id, e.type_name == "user", e.data.like(patroon)
            ).first() is not None

    def _toestand_ids(self, basis: Any, grens: int) -> Tuple[Dict[Any, int], Optional[int]]:
        """Ids of the latest event of each state kind before ``grens`` (per slot name for
        slots), and the id of the latest active_loop event if it left a loop active."""
        e = self.SQLEvent  # type: ignore[attr-defined]
        soorten = (basis.filter(e.id < grens, e.type_name.in_(TOESTAND)).order_by(None)
                   .with_entities(e.type_name, e.action_name, sa.func.max(e.id))
                   .group_by(e.type_name, e.action_name).all())
        ids: Dict[Any, int] = {}
        lus: Tuple[int, Optional[str]] = (0, None)
        for soort, naam, hoogste in soorten:
            sleutel = (soort, naam) if soort == "slot" else soort
            ids[sleutel] = max(hoogste, ids.get(sleutel, 0))
            if soort == "active_loop" and hoogste > lus[0]:
                lus = (hoogste, naam)
        # A restart or session start after the loop's activation ends it too.
        einde = max(ids.get("restart", 0), ids.get("session_started", 0))
        actief = lus[1] is not None and lus[0] > einde
        return ids, (lus[0] if actief else None)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's ``save`` with one INSERT for all new events of the turn (SQLAlchemy Core,
        executemany) instead of one ORM object per event: the same rows in the same order,
        without the ORM's unit of work (8 % of the Rasa process's busy CPU under load,
        docs/snelheid.md, session 11)."""
        await self.stream_events(tracker)  # type: ignore[attr-defined]
        tabel = self.SQLEvent.__table__  # type: ignore[attr-defined]
        with self.session_scope() as session:  # type: ignore[attr-defined]
            rijen = [event_rij(tracker.sender_id, event)
                     for event in self._additional_events(session, tracker)]
            if rijen:
                session.execute(tabel.insert(), rijen)
            session.commit()

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        opgeslagen = getattr(tracker, OPGESLAGEN, None)
        if opgeslagen is None:
            return super()._additional_events(session, tracker)  # type: ignore[misc]
        nieuw = list(itertools.islice(tracker.events, opgeslagen, len(tracker.events)))
        setattr(tracker, OPGESLAGEN, len(tracker.events))
        return iter(nieuw)


class VensterSQLTrackerStore(VensterMixin, SQLTrackerStore):
    """``type: bot.stores.VensterSQLTrackerStore`` in endpoints.yml (SQLite by default)."""


class HerverbindendeSQLTrackerStore(VensterMixin, SQLTrackerStore):
    """``type: bot.stores.HerverbindendeSQLTrackerStore`` in endpoints.production.yml."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)


class HerstellendeRedisLockStore(RedisLockStore):
    """``type: bot.stores.HerstellendeRedisLockStore`` in endpoints.production.yml."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa builds a lock store named by module path with the endpoint config only.
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: Text,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        held = [self.issue_ticket(conversation_id, lock_lifetime)]
        try:
            yield await self._wait_for_turn(conversation_id, held, lock_lifetime, wait_time_in_seconds)
        finally:
            self.cleanup(conversation_id, held[0])

    async def _wait_for_turn(self, conversation_id: Text, held: List[int],
                             lock_lifetime: float, wait_time_in_seconds: float) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)
            if lock is not None and not lock.is_locked(held[0]):
                return lock
            if lock is None or lock._ticket_for_ticket_number(held[0]) is None:
                # Our ticket expired while we waited (or the lock is gone): queue again.
                logger.debug("Ticket %s for %s expired while waiting; queueing again.",
                             held[0], conversation_id)
                held[0] = self.issue_ticket(conversation_id, lock_lifetime)
                continue
            await asyncio.sleep(wait_time_in_seconds)
            self.update_lock(conversation_id)

