"""The production profile's stores against the machine's real Redis (CI checks it runs)."""
from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.stores import HerstellendeRedisLockStore


@pytest.fixture
def endpoint(settings):
    prefix = f"unit{uuid.uuid4().hex[:10]}"
    config = EndpointConfig(url=settings.redis_host, port=settings.redis_port, db=settings.redis_db,
                            key_prefix=prefix, type="bot.stores.HerstellendeRedisLockStore")
    yield config
    import redis

    r = redis.Redis(host=settings.redis_host, port=settings.redis_port, db=settings.redis_db)
    for key in r.scan_iter(f"{prefix}:*"):
        r.delete(key)


async def _after_a_dead_holder(store) -> None:
    """A replica took the lock and died (its ticket is never released); 0.1 s later the next
    message for the conversation arrives on another replica and waits."""
    store.issue_ticket("gesprek", 1.0)
    await asyncio.sleep(0.1)
    async with store.lock("gesprek", lock_lifetime=1.0, wait_time_in_seconds=1.5):
        pass


async def test_rasas_lock_never_comes_free_when_the_waiters_ticket_expires(endpoint):
    store = RedisLockStore(host=endpoint.url, **endpoint.kwargs)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(_after_a_dead_holder(store), timeout=6)


async def test_our_lock_store_gets_the_lock_after_the_dead_ticket_expires(endpoint):
    store = HerstellendeRedisLockStore(endpoint)
    start = time.monotonic()
    await asyncio.wait_for(_after_a_dead_holder(store), timeout=6)
    assert 0.9 < time.monotonic() - start < 4
    # Released: the next message gets the lock at once.
    start = time.monotonic()
    async with store.lock("gesprek", lock_lifetime=1.0):
        pass
    assert time.monotonic() - start < 0.5
    assert store.get_lock("gesprek") is None


async def test_our_lock_store_still_serialises_a_conversation(endpoint):
    store = HerstellendeRedisLockStore(endpoint)
    order = []

    async def turn(name: str) -> None:
        async with store.lock("gesprek", lock_lifetime=10, wait_time_in_seconds=0.05):
            order.append(f"{name} in")
            await asyncio.sleep(0.2)
            order.append(f"{name} uit")

    await asyncio.gather(turn("a"), turn("b"))
    assert order in (["a in", "a uit", "b in", "b uit"], ["b in", "b uit", "a in", "a uit"])


def test_the_production_endpoints_use_these_stores():
    import yaml

    from bot.settings import PROJECT_ROOT

    config = yaml.safe_load((PROJECT_ROOT / "endpoints.production.yml").read_text())
    assert config["lock_store"]["type"] == "bot.stores.HerstellendeRedisLockStore"
    assert config["tracker_store"]["type"] == "bot.stores.HerverbindendeSQLTrackerStore"
    assert config["tracker_store"]["dialect"] == "postgresql"
