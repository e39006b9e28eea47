"""A real Sanic app with the project's channels mounted as Rasa mounts them, driven over ASGI
(no sockets, no Rasa): ``NepRasa`` stands in for Rasa and answers one fixed text. Used by the
in-process fuzz tests and the channel tests."""
from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional, Tuple

RASA_ANTWOORD = "ANTWOORD VAN RASA"


class NepRasa:
    """Stands in for Rasa: records what it got and answers one fixed text."""

    def __init__(self) -> None:
        self.berichten: List[Any] = []

    async def __call__(self, message: Any) -> None:
        self.berichten.append(message)
        await message.output_channel.send_text_message(message.sender_id, RASA_ANTWOORD)


class AsgiKlant:
    """HTTP requests into a real Sanic app over ASGI, on one event loop of its own."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self._lifespan: Optional[asyncio.Task] = None
        self._stop = asyncio.Event()

    def start(self) -> None:
        gestart = self.loop.create_future()

        async def receive() -> Dict[str, Any]:
            if not gestart.done():
                return {"type": "lifespan.startup"}
            await self._stop.wait()
            return {"type": "lifespan.shutdown"}

        async def send(message: Dict[str, Any]) -> None:
            if message["type"].startswith("lifespan.startup") and not gestart.done():
                gestart.set_result(message["type"])

        async def lifespan() -> None:
            await self.app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)

        self._lifespan = self.loop.create_task(lifespan())
        assert self.loop.run_until_complete(gestart) == "lifespan.startup.complete"

    def stop(self) -> None:
        self._stop.set()
        if self._lifespan is not None:
            self.loop.run_until_complete(asyncio.wait([self._lifespan], timeout=5))
        taken = asyncio.all_tasks(self.loop)  # the retention loop the blueprint started
        for taak in taken:
            taak.cancel()
        self.loop.run_until_complete(asyncio.gather(*taken, return_exceptions=True))
        self.loop.close()

    def post(self, path: str, body: bytes, headers: Tuple[Tuple[bytes, bytes], ...] = ()
             ) -> Tuple[int, bytes]:
        return self.loop.run_until_complete(self._post(path, body, headers))

    async def _post(self, path: str, body: bytes, headers: Tuple[Tuple[bytes, bytes], ...]
                    ) -> Tuple[int, bytes]:
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
            "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
            "root_path": "", "client": ("127.0.0.1", 40000), "server": ("127.0.0.1", 5005),
            "headers": [(b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()), *headers],
        }
        te_lezen = [{"type": "http.request", "body": body, "more_body": False}]
        verzonden: List[Dict[str, Any]] = []

        async def receive() -> Dict[str, Any]:
            return te_lezen.pop(0) if te_lezen else {"type": "http.disconnect"}

        async def send(message: Dict[str, Any]) -> None:
            verzonden.append(message)

        await self.app(scope, receive, send)
        status = next(m["status"] for m in verzonden if m["type"] == "http.response.start")
        return status, b"".join(m.get("body", b"") for m in verzonden
                                if m["type"] == "http.response.body")
