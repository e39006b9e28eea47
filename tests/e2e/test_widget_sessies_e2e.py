"""Widget sessions belong to the socket that holds their signed id: a socket cannot send into a
session it does not own, a forged or guessed id gets a new session, and resuming with the
signed id (a reload) moves the session to the new socket (python-socketio client, real server)."""
from __future__ import annotations

import asyncio

import pytest
import socketio

from socket_klant import sluit_socket

pytestmark = pytest.mark.e2e


async def _verbind(stack, sessie=None):
    client = socketio.AsyncClient()
    bevestigd: asyncio.Future = asyncio.get_running_loop().create_future()
    antwoorden: list = []
    client.on("session_confirm", lambda sid: bevestigd.done() or bevestigd.set_result(sid))
    client.on("bot_uttered", lambda data: antwoorden.append(data))
    await client.connect(stack.rasa_url, socketio_path="/socket.io",
                         headers={"Origin": stack.settings.web_url}, transports=["polling"])
    await client.emit("session_request", {"session_id": sessie} if sessie else {})
    return client, await asyncio.wait_for(bevestigd, 30), antwoorden


async def test_a_socket_cannot_write_into_someone_elses_session_nor_forge_one(stack):
    a, sessie_a, antwoorden_a = await _verbind(stack)
    b, sessie_b, antwoorden_b = await _verbind(stack)
    assert sessie_b != sessie_a
    # B names A's session: refused, nothing reaches A's room or B
    await b.emit("user_uttered", {"session_id": sessie_a, "message": "wat is agenderen"})
    await asyncio.sleep(5)
    assert antwoorden_a == [] and antwoorden_b == []
    # a forged or guessed id is not resumed
    vals = "0" * 32 + "-" + "0" * 16
    d, vervalst, _ = await _verbind(stack, sessie=vals)
    assert vervalst != vals
    # A itself is answered, so the channel works
    await a.emit("user_uttered", {"session_id": sessie_a, "message": "wat is agenderen"})
    for _ in range(60):
        if antwoorden_a:
            break
        await asyncio.sleep(1)
    assert antwoorden_a
    # a reload: the signed id is resumed by the new socket, which then owns it alone
    c, sessie_c, antwoorden_c = await _verbind(stack, sessie=sessie_a)
    assert sessie_c == sessie_a
    voor = len(antwoorden_a)
    await a.emit("user_uttered", {"session_id": sessie_a, "message": "wat is regisseren"})
    await asyncio.sleep(5)
    assert len(antwoorden_a) == voor and antwoorden_c == []  # the old socket is out
    for client in (a, b, c, d):
        await sluit_socket(client)
