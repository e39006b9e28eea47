"""Stores for the production profile (endpoints.production.yml).

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
import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, List, Text

import sqlalchemy as sa
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)


class HerverbindendeSQLTrackerStore(SQLTrackerStore):
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

