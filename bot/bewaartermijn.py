"""Retention and erasure of conversations in the SQL tracker store (SQLite and PostgreSQL).

Rasa Open Source keeps every event forever. Here:
- ``opschonen``: conversations whose last event is older than the retention period
  (``BOT_BEWAARTERMIJN_DAGEN``, default 30) are deleted, events and all. Before that, what the
  policy report needs is counted into ``gesprek_cijfers`` (day, audience, intent, answer key,
  number of messages): no text, no conversation id, no time finer than a day.
- ``wis``: one conversation deleted on request (`python -m bot privacy wis --gesprek ID`).
The running server cleans up at start and then daily (bot.channels.rest registers it); the
command `python -m bot privacy opschonen` does the same by hand.

Works on Rasa's own ``events`` table (sender_id, type_name, timestamp, data) through SQLAlchemy,
so the same code serves SQLite and PostgreSQL.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, Optional, Tuple

import sqlalchemy as sa

SECONDEN_PER_DAG = 86400
STANDAARD_DAGEN = 30

_metadata = sa.MetaData()
GESPREK_CIJFERS = sa.Table(
    "gesprek_cijfers", _metadata,
    sa.Column("dag", sa.String(10), primary_key=True),        # YYYY-MM-DD
    sa.Column("doelgroep", sa.String(32), primary_key=True),
    sa.Column("intent", sa.String(128), primary_key=True),
    sa.Column("antwoord", sa.String(255), primary_key=True),  # answer key or ""
    sa.Column("berichten", sa.Integer, nullable=False),
)


@dataclass(frozen=True)
class Opgeschoond:
    gesprekken: int
    events: int


def _events(engine: sa.engine.Engine) -> sa.Table:
    return sa.Table("events", sa.MetaData(), autoload_with=engine)


def _cijfers_van(rijen: Iterable[Tuple[str, float, Optional[str]]]) -> Counter:
    """(day, audience, intent, answer) -> number of user messages, from user events."""
    teller: Counter = Counter()
    for type_name, tijd, data in rijen:
        if type_name != "user":
            continue
        try:
            event = json.loads(data or "{}")
        except json.JSONDecodeError:
            continue
        parse = event.get("parse_data") or {}
        intent = (parse.get("intent") or {}).get("name") or ""
        antwoord = (parse.get("intent") or {}).get("full_retrieval_intent_name") or ""
        doelgroep = (event.get("metadata") or {}).get("doelgroep") or ""
        dag = datetime.fromtimestamp(tijd, tz=timezone.utc).strftime("%Y-%m-%d")
        teller[(dag, str(doelgroep)[:32], intent[:128], antwoord[:255])] += 1
    return teller


def _tel_op(verbinding: Any, teller: Counter) -> None:
    for (dag, doelgroep, intent, antwoord), aantal in teller.items():
        sleutel = ((GESPREK_CIJFERS.c.dag == dag) & (GESPREK_CIJFERS.c.doelgroep == doelgroep)
                   & (GESPREK_CIJFERS.c.intent == intent)
                   & (GESPREK_CIJFERS.c.antwoord == antwoord))
        bijgewerkt = verbinding.execute(
            GESPREK_CIJFERS.update().where(sleutel)
            .values(berichten=GESPREK_CIJFERS.c.berichten + aantal))
        if bijgewerkt.rowcount == 0:
            verbinding.execute(GESPREK_CIJFERS.insert().values(
                dag=dag, doelgroep=doelgroep, intent=intent, antwoord=antwoord, berichten=aantal))


def opschonen(engine: sa.engine.Engine, dagen: int = STANDAARD_DAGEN,
              nu: Optional[float] = None) -> Opgeschoond:
    """Delete every conversation whose last event is older than ``dagen`` days; count its
    user messages into ``gesprek_cijfers`` first. Safe to run from several replicas."""
    if dagen < 1:
        raise ValueError("de bewaartermijn is ten minste 1 dag")
    grens = (time.time() if nu is None else nu) - dagen * SECONDEN_PER_DAG
    if not sa.inspect(engine).has_table("events"):
        return Opgeschoond(0, 0)
    events = _events(engine)
    _metadata.create_all(engine, tables=[GESPREK_CIJFERS])
    oud = (sa.select(events.c.sender_id).group_by(events.c.sender_id)
           .having(sa.func.max(events.c.timestamp) < grens))
    gesprekken = events_weg = 0
    with engine.begin() as verbinding:
        afzenders = [r[0] for r in verbinding.execute(oud)]
        for afzender in afzenders:
            rijen = verbinding.execute(
                sa.select(events.c.type_name, events.c.timestamp, events.c.data)
                .where(events.c.sender_id == afzender)).all()
            _tel_op(verbinding, _cijfers_van(rijen))
            events_weg += verbinding.execute(
                events.delete().where(events.c.sender_id == afzender)).rowcount
            gesprekken += 1
    return Opgeschoond(gesprekken, events_weg)


def wis(engine: sa.engine.Engine, gesprek_id: str) -> int:
    """Delete one conversation now (the resident's request); the number of events removed."""
    if not sa.inspect(engine).has_table("events"):
        return 0
    events = _events(engine)
    with engine.begin() as verbinding:
        return verbinding.execute(events.delete().where(events.c.sender_id == gesprek_id)).rowcount


def cijfers(engine: sa.engine.Engine) -> Dict[Tuple[str, str, str, str], int]:
    """The kept aggregate counts (for the policy report)."""
    if not sa.inspect(engine).has_table("gesprek_cijfers"):
        return {}
    with engine.connect() as verbinding:
        return {(r.dag, r.doelgroep, r.intent, r.antwoord): r.berichten
                for r in verbinding.execute(sa.select(GESPREK_CIJFERS))}


def sql_engine(tracker_store: Any) -> Optional[sa.engine.Engine]:
    """The SQLAlchemy engine of Rasa's (possibly wrapped) SQL tracker store, else None."""
    from bot.stores import onder_wrappers

    engine = getattr(onder_wrappers(tracker_store), "engine", None)
    return engine if isinstance(engine, sa.engine.Engine) else None


async def opschonen_in_server(app: Any, dagen: int) -> Optional[Opgeschoond]:
    """One clean-up of the running server's tracker store, off the event loop; never raises
    (a failed clean-up is logged without any conversation content and tried again later)."""
    import asyncio
    import logging

    logger = logging.getLogger(__name__)
    agent = getattr(app.ctx, "agent", None)
    engine = sql_engine(getattr(agent, "tracker_store", None))
    if engine is None:
        return None
    try:
        resultaat = await asyncio.get_running_loop().run_in_executor(
            None, opschonen, engine, dagen)
    except Exception as fout:  # noqa: BLE001 - the server keeps running; next round retries
        logger.error("Bewaartermijn: opschonen mislukt (%s)", type(fout).__name__)
        return None
    if resultaat.gesprekken:
        logger.info("Bewaartermijn %d dagen: %d gesprekken verwijderd", dagen, resultaat.gesprekken)
    return resultaat


def registreer(blueprint: Any, dagen: int) -> None:
    """Clean up when the server has started and then every day."""
    import asyncio

    async def lus(app: Any) -> None:
        while True:
            await opschonen_in_server(app, dagen)
            await asyncio.sleep(SECONDEN_PER_DAG)

    @blueprint.listener("after_server_start")
    async def start(app: Any, _loop: Any) -> None:
        app.add_task(lus(app))
