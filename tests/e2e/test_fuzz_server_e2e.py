"""Fuzzing the really started servers (issue 16): the same hypothesis strategies as the in-process
fuzz tests (tests/fuzz_strategieen.py), now sent to the running Rasa server with its action server
and tracker store, over all three channels: raw bodies to REST, any Authorization header and body
to the intranet webhook, any event data on the widget's socket.io connection.

Afterwards: no response was 500 or above, no process wrote a traceback, the assistant still
answers a normal Dutch question, and no message the server rejected as invalid reached the
tracker store. ``BOT_FUZZ_SERVER_VOORBEELDEN`` payloads in all (split over the three channels):
1,000 in ``make test``, 10,000 in ``make fuzz``. Inputs are the same on every run
(``derandomize``)."""
from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import uuid

import pytest
import requests
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hsettings

from fuzz_strategieen import BODY, WIDGET_DATA, autorisatie
from socket_klant import sluit_socket

pytestmark = pytest.mark.e2e

VOORBEELDEN = int(os.environ.get("BOT_FUZZ_SERVER_VOORBEELDEN", "1000"))
PER_KANAAL = hsettings(max_examples=max(1, VOORBEELDEN // 3), derandomize=True, database=None,
                       deadline=None, suppress_health_check=list(HealthCheck))
TOEGESTANE_STATUS = {200, 400, 401, 403, 413, 429}
ONGELDIG = {400, 413}  # rejected as invalid input (not: rate limited, refused token)


def _bericht(body: bytes):
    """The message text in a body, if the body is a JSON object with one."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    tekst = data.get("message") if isinstance(data, dict) else None
    return tekst if isinstance(tekst, str) else None


class _Widget:
    """A socket.io client on the widget channel that reconnects only where the server may close
    the connection: after a packet over the body limit. Its event loop runs in a thread of its
    own, so the client answers the server's pings while hypothesis makes the next input."""

    def __init__(self, stack) -> None:
        import threading

        self.stack = stack
        self.loop = asyncio.new_event_loop()
        self._draad = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._draad.start()
        self.client = None
        self.sessie = None
        self.verbindingen = 0
        self.te_groot = False  # a packet over the limit since the last connect
        self.teksten: set = set()  # every message text sent (the widget may take any of them)
        self._verbind()

    def _doe(self, coro, timeout: float = 60):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def _verbind(self) -> None:
        import socketio

        self.client = socketio.AsyncClient()
        sessie: concurrent.futures.Future = concurrent.futures.Future()
        self.client.on("session_confirm", lambda sid: sessie.done() or sessie.set_result(sid))
        self._doe(self.client.connect(
            self.stack.rasa_url, socketio_path="/socket.io",
            headers={"Origin": self.stack.settings.web_url}, transports=["polling"]))
        self._doe(self.client.emit("session_request", {}))
        self.sessie = sessie.result(30)
        self.verbindingen += 1
        self.te_groot = False

    def _opnieuw_als_terecht_gesloten(self) -> None:
        if self.te_groot:
            self._doe(asyncio.sleep(0.3))  # the server closes it
        if not self.client.connected:
            assert self.te_groot, "verbinding gesloten zonder pakket boven de limiet"
            self._verbind()

    def stuur(self, data) -> None:
        from socketio.exceptions import BadNamespaceError

        if isinstance(data, dict) and data.get("session_id") == "EIGEN":
            data = {**data, "session_id": self.sessie}
        if isinstance(data, dict) and isinstance(data.get("message"), str):
            self.teksten.add(data["message"].strip())
        self._opnieuw_als_terecht_gesloten()
        if len(json.dumps(["user_uttered", data]).encode()) > self.stack.settings.max_body_bytes - 100:
            self.te_groot = True
        try:
            self._doe(self.client.emit("user_uttered", data))
            # one event per request, as a browser sends them: a polling client batches what is
            # queued, and engine.io closes a connection that sends more than 16 in one request
            self._doe(self.client.eio.queue.join())
        except BadNamespaceError:
            pass  # closed while sending; checked before the next packet
        self._opnieuw_als_terecht_gesloten()

    def sluit(self) -> None:
        if self.client is not None and self.client.connected:
            self._doe(sluit_socket(self.client))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._draad.join(10)


def test_fuzzing_the_real_servers_over_every_channel(stack):
    logs = {p.name: p.stat().st_size for p in stack.log_dir.glob("*.log")}
    statussen: dict = {}
    afgewezen, aangenomen = set(), set()

    def post(url: str, body: bytes, headers: dict) -> None:
        r = requests.post(url, data=body, headers={"Content-Type": "application/json", **headers},
                          timeout=120)
        statussen[r.status_code] = statussen.get(r.status_code, 0) + 1
        assert r.status_code in TOEGESTANE_STATUS, (r.status_code, r.text[:300])
        assert "Traceback" not in r.text
        tekst = _bericht(body)
        if tekst and len(tekst.strip()) >= 12:
            (afgewezen if r.status_code in ONGELDIG else aangenomen).add(tekst.strip())

    @PER_KANAAL
    @given(body=BODY)
    def rest(body: bytes) -> None:
        post(stack.rest_webhook, body, {})

    @PER_KANAAL
    @given(auth=autorisatie(geheim=stack.settings.intranet_jwt_secret), body=BODY)
    def intranet(auth, body: bytes) -> None:
        # sent as the bytes a client would put on the wire; a header with a line break or a
        # leading space cannot be sent as one header at all (requests refuses it)
        kop = {"Authorization": auth.encode("utf-8", "surrogatepass")} if isinstance(auth, str) else {}
        try:
            post(stack.intranet_webhook, body, kop)
        except requests.exceptions.InvalidHeader:
            assume(False)

    rest()
    intranet()

    # the widget: a socket, any event data (its own session id sometimes). The server closes a
    # connection whose packet is over the body limit (engine.io); then the next one is opened.
    widget = _Widget(stack)

    @PER_KANAAL
    @given(data=WIDGET_DATA)
    def widget_fuzz(data) -> None:
        widget.stuur(data)

    try:
        widget_fuzz()
    finally:
        widget.sluit()
    assert widget.verbindingen >= 1

    # the assistant still answers a normal question
    r = requests.post(stack.rest_webhook, timeout=120, json={
        "sender": f"na-fuzz-{uuid.uuid4().hex[:8]}", "message": "Waar kan ik discriminatie melden?"})
    assert r.status_code == 200 and any("Bron:" in (m.get("text") or "") for m in r.json())
    # no process wrote a traceback
    for pad in sorted(stack.log_dir.glob("*.log")):
        with open(pad, "rb") as fh:
            fh.seek(logs.get(pad.name, 0))
            nieuw = fh.read().decode("utf-8", errors="replace")
        assert "Traceback" not in nieuw, f"{pad.name}: {nieuw[nieuw.find('Traceback') - 500:][:2000]}"
    # nothing rejected as invalid reached the tracker store (compared with every stored message)
    import sqlite3

    con = sqlite3.connect(stack.settings.tracker_db)
    try:
        opgeslagen = {(json.loads(d).get("text") or "").strip()
                      for (d,) in con.execute("SELECT data FROM events WHERE type_name = 'user'")}
    finally:
        con.close()
    bereikt = sorted((afgewezen - aangenomen - widget.teksten) & opgeslagen)
    assert not bereikt, bereikt[:3]
    assert sum(statussen.values()) >= 2 * (VOORBEELDEN // 3) and statussen.get(200, 0) > 0, statussen
