"""Retention and erasure on Rasa's real SQLTrackerStore, on SQLite and on PostgreSQL.

PostgreSQL is a service of the CI machine (.ci/run starts it); without it this test fails, it
is never skipped.
"""
from __future__ import annotations

import time
import uuid

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.bewaartermijn import cijfers, opschonen, wis

DAG = 86400
NU = time.time()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path, settings):
    domain = Domain.empty()
    if request.param == "sqlite":
        yield SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
        return
    db = f"bewaar_{uuid.uuid4().hex[:8]}"
    store = SQLTrackerStore(domain, dialect="postgresql", host=settings.pg_host,
                            port=settings.pg_port, db=db, username=settings.pg_user,
                            password=settings.pg_password, login_db=settings.pg_login_db)
    yield store
    store.engine.dispose()
    beheer = sa.create_engine(
        f"postgresql://{settings.pg_user}:{settings.pg_password}@{settings.pg_host}:"
        f"{settings.pg_port}/{settings.pg_login_db}", isolation_level="AUTOCOMMIT")
    with beheer.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{db}"'))
    beheer.dispose()


async def _gesprek(store, sender, dagen_geleden, doelgroep="inwoner"):
    t = NU - dagen_geleden * DAG
    tracker = DialogueStateTracker.from_events(sender, [
        ActionExecuted("action_listen", timestamp=t),
        UserUttered("Waar kan ik discriminatie melden?", timestamp=t + 1,
                    intent={"name": "melden_discriminatie", "confidence": 0.9,
                            "full_retrieval_intent_name": "melden_discriminatie/waar_melden"},
                    parse_data={"intent": {"name": "melden_discriminatie", "confidence": 0.9,
                                           "full_retrieval_intent_name":
                                               "melden_discriminatie/waar_melden"}},
                    metadata={"doelgroep": doelgroep}),
        BotUttered("Bij de ADV.", timestamp=t + 2),
    ])
    await store.save(tracker)


def _afzenders(store):
    with store.engine.connect() as c:
        return {r[0] for r in c.execute(sa.text("SELECT DISTINCT sender_id FROM events"))}


async def test_old_conversations_go_fresh_ones_stay_and_the_counts_remain(store):
    await _gesprek(store, "oud-1", 45)
    await _gesprek(store, "oud-2", 31, doelgroep="ambtenaar")
    await _gesprek(store, "vers", 2)
    resultaat = opschonen(store.engine, dagen=30, nu=NU)
    assert resultaat.gesprekken == 2 and resultaat.events == 6
    assert _afzenders(store) == {"vers"}
    kept = cijfers(store.engine)
    assert sum(kept.values()) == 2
    assert {k[1] for k in kept} == {"inwoner", "ambtenaar"}
    assert all(k[3] == "melden_discriminatie/waar_melden" for k in kept)
    # no text and no conversation id in what is kept
    with store.engine.connect() as c:
        rijen = [tuple(r) for r in c.execute(sa.text("SELECT * FROM gesprek_cijfers"))]
    assert not any("oud-" in str(v) or "melden?" in str(v) for r in rijen for v in r)
    # running again changes nothing; counts are not doubled
    assert opschonen(store.engine, dagen=30, nu=NU).gesprekken == 0
    assert sum(cijfers(store.engine).values()) == 2


async def test_a_conversation_still_in_use_is_kept_whole(store):
    await _gesprek(store, "lang", 40)
    tracker = await store.retrieve("lang")
    tracker.update(UserUttered("nog een vraag", timestamp=NU - DAG))
    await store.save(tracker)
    assert opschonen(store.engine, dagen=30, nu=NU).gesprekken == 0
    assert _afzenders(store) == {"lang"}


async def test_erasure_removes_exactly_one_conversation(store):
    await _gesprek(store, "wis-mij", 1)
    await _gesprek(store, "blijf", 1)
    assert wis(store.engine, "wis-mij") == 3
    assert _afzenders(store) == {"blijf"}
    assert wis(store.engine, "bestaat-niet") == 0


def test_a_retention_of_zero_days_is_refused(store):
    with pytest.raises(ValueError):
        opschonen(store.engine, dagen=0)


async def test_the_running_server_cleans_its_own_store(store):
    """What the REST channel's start-up listener runs: on the server's own (wrapped) store."""
    from types import SimpleNamespace

    from rasa.core.tracker_store import AwaitableTrackerStore

    from bot.bewaartermijn import opschonen_in_server

    await _gesprek(store, "oud", 60)
    await _gesprek(store, "vers", 0)
    app = SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(
        tracker_store=AwaitableTrackerStore(store))))
    resultaat = await opschonen_in_server(app, 30)
    assert resultaat.gesprekken == 1 and _afzenders(store) == {"vers"}


def test_the_rest_channel_registers_the_daily_clean_up(settings):
    from bot.channels.rest import VeiligeRestInput

    async def niets(_):
        return None

    bp = VeiligeRestInput(settings).blueprint(niets)
    assert any(getattr(f, "__name__", "") == "start" for f in
               [l.listener for l in getattr(bp, "_future_listeners", [])])
