"""Helpers for the python-socketio clients of the end-to-end tests (the widget's channel)."""
from __future__ import annotations


async def sluit_socket(client) -> None:
    """Close a python-socketio test client that polls. ``client.disconnect()`` waits for the
    long-poll still open at the server, which the server answers only at its next ping (~20 s
    per client, 85 s for one test of four sockets); closing the engine.io connection without
    waiting ends the session at the server the same way (its disconnect handler runs)."""
    if client.connected:
        await client.eio.disconnect(abort=True)
