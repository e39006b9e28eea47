"""Start the real action server and Rasa server once for the end-to-end tests."""
from __future__ import annotations

import dataclasses
import sqlite3
import uuid
from pathlib import Path

import pytest
import requests

from bot.serve import ProductieStack, Stack, vrije_poort
from socket_klant import sluit_socket


_free_port = vrije_poort


INTRANET_GEHEIM = "e2e-intranet-geheim-" + uuid.uuid4().hex


def _start_or_show_logs(s: Stack, log_dir: Path, timeout: float) -> None:
    """Start ``s``; if that fails, print the end of every process log before re-raising."""
    try:
        s.start(timeout=timeout)
    except Exception:
        for log in log_dir.glob("*.log"):
            print(f"--- {log.name} ---\n{log.read_text(errors='replace')[-4000:]}")
        raise


def _start(settings, model_path, tmp: Path, **overrides) -> Stack:
    test_settings = dataclasses.replace(
        settings,
        rasa_port=_free_port(),
        actions_port=_free_port(),
        web_port=_free_port(),
        tracker_db=tmp / "tracker.db",
        model_path=model_path,
        api_token=None,
        intranet_jwt_secret=INTRANET_GEHEIM,
        **overrides,
    )
    s = Stack(test_settings, log_dir=tmp / "logs")
    _start_or_show_logs(s, tmp / "logs", timeout=300)
    return s


@pytest.fixture(scope="session")
def stack(settings, model_path, tmp_path_factory):
    s = _start(settings, model_path, tmp_path_factory.mktemp("stack"))
    yield s
    s.stop()


@pytest.fixture(scope="session")
def stack_for(settings, model_path, tmp_path_factory):
    """Start (once per session) a stack with other settings, e.g. ``stack_for(gemeente="rotterdam")``."""
    started = {}

    def _get(**overrides) -> Stack:
        key = tuple(sorted(overrides.items()))
        if key not in started:
            started[key] = _start(settings, model_path, tmp_path_factory.mktemp("stack"), **overrides)
        return started[key]

    yield _get
    for s in started.values():
        s.stop()


@pytest.fixture(scope="session")
def start_stack(settings, model_path):
    """Start a stack with other settings in ``tmp``; the caller stops it (module-scoped stacks
    free their memory when their tests are done)."""
    def _go(tmp: Path, **overrides) -> Stack:
        return _start(settings, model_path, tmp, **overrides)

    return _go


@pytest.fixture(scope="session")
def productie(settings, model_path, tmp_path_factory):
    """The production profile for real: action server + two Rasa replicas on the machine's
    PostgreSQL and Redis, in a database and under a Redis prefix of its own (dropped after)."""
    tmp = tmp_path_factory.mktemp("productie")
    eigen = uuid.uuid4().hex[:10]
    test_settings = dataclasses.replace(
        settings,
        actions_port=_free_port(),
        web_port=_free_port(),
        replica_ports_raw=f"{_free_port()},{_free_port()}",
        tracker_db=tmp / "ongebruikt.db",
        model_path=model_path,
        api_token=None,
        intranet_jwt_secret=INTRANET_GEHEIM,
        pg_db=f"assistent_e2e_{eigen}",
        redis_prefix=f"e2e{eigen}",
        # A killed replica's lock on a conversation expires after this many seconds (Rasa's
        # default is 60); short here so the crash test does not wait a minute.
        lock_lifetime=10,
    )
    s = ProductieStack(test_settings, log_dir=tmp / "logs")
    try:
        _start_or_show_logs(s, tmp / "logs", timeout=400)
    except Exception:
        try:
            s.drop_database()
        except Exception as exc:  # noqa: BLE001 - the start error is the one to report
            print(f"opruimen mislukt: {exc}")
        raise
    yield s
    s.stop()
    s.drop_database()


class Chat:
    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.sender = f"e2e-{uuid.uuid4().hex[:12]}"

    def post_raw(self, data: bytes, content_type: str = "application/json") -> requests.Response:
        return requests.post(self.stack.rest_webhook, data=data,
                             headers={"Content-Type": content_type}, timeout=60)

    def send(self, text: str, doelgroep: str | None = None) -> list:
        """One message over REST; ``doelgroep`` as the widget or the intranet would send it."""
        body = {"sender": self.sender, "message": text}
        if doelgroep:
            body["metadata"] = {"doelgroep": doelgroep}
        r = requests.post(self.stack.rest_webhook, json=body, timeout=60)
        assert r.status_code == 200, r.text
        return r.json()

    def text(self, message: str) -> str:
        return "\n\n".join(m.get("text", "") for m in self.send(message))

    def answer(self, message: str) -> str:
        """A factual answer: its text, without the "Had u hier iets aan?" that must follow it."""
        messages = self.send(message)
        assert messages, f"geen antwoord op {message!r}"
        feedback = messages[-1]
        assert feedback.get("text") == "Had u hier iets aan?", messages
        assert [b["payload"] for b in feedback.get("buttons", [])] == ["/feedback_ja", "/feedback_nee"]
        return "\n\n".join(m.get("text", "") for m in messages[:-1])

    def stored_events(self) -> list:
        """(type, data) of this conversation's events in the SQLite tracker store, in order."""
        import json

        con = sqlite3.connect(self.stack.settings.tracker_db)
        try:
            rows = con.execute(
                "SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id",
                (self.sender,),
            ).fetchall()
        finally:
            con.close()
        return [(t, json.loads(d)) for t, d in rows]

    def stored_user_texts(self) -> list:
        """User messages of this conversation as stored in the SQLite tracker store."""
        import json

        con = sqlite3.connect(self.stack.settings.tracker_db)
        try:
            rows = con.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
                (self.sender,),
            ).fetchall()
        finally:
            con.close()
        return [json.loads(r[0]).get("text") for r in rows]


@pytest.fixture
def chat(stack) -> Chat:
    return Chat(stack)


@pytest.fixture
def intranet_geheim() -> str:
    return INTRANET_GEHEIM


@pytest.fixture
def chat_with():
    """A new conversation on a given stack."""
    return Chat


async def _widget_gesprek(stack: Stack, teksten: list) -> list:
    """Messages in one widget session over its socket.io channel (python-socketio client), each
    after the replies to the one before; all replies."""
    import asyncio

    import socketio

    client = socketio.AsyncClient()
    sessie: asyncio.Future = asyncio.get_running_loop().create_future()
    antwoorden: list = []
    client.on("session_confirm", lambda sid: sessie.done() or sessie.set_result(sid))
    client.on("bot_uttered", antwoorden.append)
    await client.connect(stack.rasa_url, socketio_path="/socket.io",
                         headers={"Origin": stack.settings.web_url}, transports=["polling"])
    await client.emit("session_request", {})
    eigen = await asyncio.wait_for(sessie, 30)
    for tekst in teksten:
        voor = len(antwoorden)
        await client.emit("user_uttered", {"session_id": eigen, "message": tekst})
        for _ in range(240):
            if len(antwoorden) > voor:
                break
            await asyncio.sleep(0.25)
        await asyncio.sleep(1.0)  # the rest of this turn's replies
    await sluit_socket(client)
    return antwoorden


@pytest.fixture
def widget_gesprek():
    """``widget_gesprek(stack, ["vraag", ...])``: one widget session, its replies."""
    import asyncio

    return lambda stack, teksten: asyncio.run(_widget_gesprek(stack, teksten))
