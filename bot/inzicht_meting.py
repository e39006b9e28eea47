"""How long the policy report takes on a month of real size (issue 17: 10,000 conversations in
PostgreSQL, under a minute). ``python -m bot inzicht-meting`` (``make inzicht-meting``).

A database of its own is made on the configured PostgreSQL (BOT_PG_*), Rasa's SQLTrackerStore
creates its table, and 10,000 conversations of a month are written into it as rows of the
events Rasa stores (user turns with intent, answer and audience; feedback slots; a place for the
report route; some not-understood questions): three turns each on average. Then the report is
built three times as ``make inzicht`` builds it (read, count, HTML, PDF, CSV) and the fastest
and slowest time are reported; the database is dropped afterwards. A benchmark, not a test.
"""
from __future__ import annotations

import json
import random
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

from bot.settings import Settings

GESPREKKEN = 10_000
VAN, TOT = date(2026, 11, 1), date(2026, 11, 30)
ANTWOORDEN = [("melden_discriminatie", "melden_discriminatie/waar_melden"),
              ("adv_taken", "adv_taken/wat_adv_voor_inwoner"),
              ("rollen_gemeente", "rollen_gemeente/overzicht"),
              ("adv_financiering", "adv_financiering/moet_gemeente_betalen"),
              ("grondwet_en_wet", "grondwet_en_wet/artikel1"),
              ("buiten_domein", ""), ("nlu_fallback", "")]
ONBEGREPEN = ["hoe lang duurt een klacht bij de adv", "hoelang duurt een klacht bij de adv",
              "mag mijn werkgever mijn hoofddoek verbieden", "wat is het weer morgen"]


def _rijen(gesprekken: int, seed: int = 20261201) -> Iterator[Tuple[str, str, float, str, str]]:
    """(sender_id, type_name, timestamp, intent_name, data) as Rasa's SQLTrackerStore stores them."""
    kans = random.Random(seed)
    begin = datetime.combine(VAN, datetime.min.time(), tzinfo=timezone.utc).timestamp()
    duur = (TOT - VAN + timedelta(days=1)).total_seconds()
    for g in range(gesprekken):
        afzender = f"meting-{g}"
        t = begin + kans.random() * (duur - 3600)
        doelgroep = kans.choice(["inwoner", "inwoner", "ambtenaar"])
        kanaal = "socketio" if doelgroep == "inwoner" else kans.choice(["intranet", "rest"])
        for _ in range(kans.randint(1, 5)):
            intent, antwoord = kans.choice(ANTWOORDEN)
            tekst = kans.choice(ONBEGREPEN) if not antwoord else f"vraag over {intent}"
            event = {"event": "user", "timestamp": t, "text": tekst, "input_channel": kanaal,
                     "metadata": {"doelgroep": doelgroep},
                     "parse_data": {"intent": {"name": intent, "confidence": 0.9,
                                               **({"full_retrieval_intent_name": antwoord}
                                                  if antwoord else {})}}}
            yield afzender, "user", t, intent, json.dumps(event)
            if antwoord and kans.random() < 0.3:
                for naam, waarde in (("feedback_antwoord", antwoord),
                                     ("feedback_oordeel", kans.choice(["ja", "ja", "nee"]))):
                    t += 5
                    yield afzender, "slot", t, "", json.dumps(
                        {"event": "slot", "timestamp": t, "name": naam, "value": waarde})
            if intent == "melden_discriminatie" and kans.random() < 0.2:
                t += 5
                yield afzender, "slot", t, "", json.dumps(
                    {"event": "slot", "timestamp": t, "name": "melding_plaats",
                     "value": kans.choice(["werk", "online", "straat"])})
            t += 30


def vul(engine, gesprekken: int = GESPREKKEN) -> int:
    """Write the conversations into the events table (made by Rasa's own store); the row count."""
    import sqlalchemy as sa

    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    rijen = [{"sender_id": s, "type_name": soort, "timestamp": t, "intent_name": i,
              "action_name": None, "data": d} for s, soort, t, i, d in _rijen(gesprekken)]
    with engine.begin() as verbinding:
        for i in range(0, len(rijen), 5000):
            verbinding.execute(events.insert(), rijen[i:i + 5000])
    return len(rijen)


def meet(settings: Settings, gesprekken: int = GESPREKKEN, keer: int = 3) -> Dict:
    import psycopg2
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    from bot.inzicht import maak_rapport

    db = f"assistent_inzicht_{uuid.uuid4().hex[:8]}"
    beheer = psycopg2.connect(host=settings.pg_host, port=settings.pg_port, user=settings.pg_user,
                              password=settings.pg_password or None, dbname=settings.pg_login_db)
    beheer.autocommit = True
    with beheer.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{db}"')
    try:
        store = SQLTrackerStore(Domain.empty(), dialect="postgresql", host=settings.pg_host,
                                port=settings.pg_port, db=db, username=settings.pg_user,
                                password=settings.pg_password, login_db=settings.pg_login_db)
        begin = time.perf_counter()
        rijen = vul(store.engine, gesprekken)
        vullen = time.perf_counter() - begin
        tijden: List[float] = []
        with tempfile.TemporaryDirectory(prefix="inzicht-meting-") as tmp:
            for _ in range(keer):
                begin = time.perf_counter()
                pagina = maak_rapport(store.engine, VAN, TOT, Path(tmp))
                tijden.append(time.perf_counter() - begin)
            html = pagina.read_text(encoding="utf-8")
        store.engine.dispose()
    finally:
        with beheer.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        beheer.close()
    return {"gesprekken": gesprekken, "rijen": rijen, "vullen_s": round(vullen, 1),
            "rapport_s": [round(t, 2) for t in tijden], "html_bytes": len(html)}


def run_inzicht_meting(settings: Settings, out_dir: Path) -> int:
    uitkomst = meet(settings)
    def nl(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    regel = (f"inzicht: {nl(uitkomst['gesprekken'])} gesprekken ({nl(uitkomst['rijen'])} events) in "
             f"PostgreSQL; rapport (lezen, tellen, HTML, PDF, CSV) in "
             f"{min(uitkomst['rapport_s']):.1f}–{max(uitkomst['rapport_s']):.1f} s "
             f"(doel: onder 60 s)")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "resultaat.json").write_text(json.dumps(uitkomst, indent=2), encoding="utf-8")
    (out_dir / "resultaat.md").write_text(
        f"Gemeten {time.strftime('%Y-%m-%d %H:%M')}, `make inzicht-meting`\n\n{regel}\n", encoding="utf-8")
    print(regel, flush=True)
    return 0 if max(uitkomst["rapport_s"]) < 60 else 1
