"""First come, first served: at most ``max_tegelijk`` user messages processed by Rasa at once.

Without it, fifty conversations that each send a message are fifty coroutines in Rasa's event
loop at once; every await (lock, tracker store, action server) puts a turn at the back of the
loop's queue, so all turns share the CPU and a turn that needs more work (a custom action, two
action-server calls) takes proportionally longer: under load the slowest turns wait several
times the average. With a FIFO gate a message waits its turn once and is then processed with
few others beside it: the same throughput, a wait that depends on how many came before it, not
on how much work it needs. Measured in docs/snelheid.md (``make benchmark``).

One gate per process around ``MessageProcessor.handle_message``, which Rasa calls once it holds
the conversation's lock: every channel (REST, intranet, widget, Rasa's HTTP API) goes through
it, and a message that waits for its conversation's lock (another message of the same
conversation, or a dead replica's ticket in production) does not hold a place meanwhile.
:func:`install` puts it there (``python -m bot rasa``, bot/cli.py) with the size from
``BOT_MAX_GELIJKTIJDIG`` (bot/settings.py; 0: no gate, as Rasa does).
"""
from __future__ import annotations

import asyncio
import functools
from collections import deque
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Callable, Deque, Optional


class Beurtwachtrij:
    def __init__(self, max_tegelijk: int) -> None:
        if max_tegelijk < 1:
            raise ValueError("max_tegelijk moet minstens 1 zijn")
        self.max_tegelijk = max_tegelijk
        self._vrij = max_tegelijk
        self._wachtend: Deque["asyncio.Future[None]"] = deque()

    @property
    def bezig(self) -> int:
        return self.max_tegelijk - self._vrij

    @property
    def wachtend(self) -> int:
        return sum(not f.done() for f in self._wachtend)

    @asynccontextmanager
    async def beurt(self) -> AsyncIterator[None]:
        """Wait for a free place (in order of arrival), hold it while the block runs."""
        if self._vrij > 0 and not self._wachtend:
            self._vrij -= 1
        else:
            wacht: "asyncio.Future[None]" = asyncio.get_running_loop().create_future()
            self._wachtend.append(wacht)
            try:
                await wacht
            except asyncio.CancelledError:
                if wacht.done() and not wacht.cancelled():
                    self._vrijgeven()  # the place was handed over just before the cancel
                else:
                    wacht.cancel()
                raise
        try:
            yield
        finally:
            self._vrijgeven()

    def _vrijgeven(self) -> None:
        """Hand the place to the first one still waiting, else free it."""
        while self._wachtend:
            volgende = self._wachtend.popleft()
            if not volgende.done():
                volgende.set_result(None)
                return
        self._vrij += 1


def install(max_tegelijk: Optional[int] = None) -> None:
    """Put one gate of ``max_tegelijk`` places around Rasa's message processing in this process
    (``max_tegelijk`` < 1: Rasa's own processing, no gate). Installing again replaces the gate."""
    from rasa.core.processor import MessageProcessor

    if max_tegelijk is None:
        from bot.settings import Settings

        max_tegelijk = Settings.from_env().max_gelijktijdig
    verwerk: Callable[..., Any] = MessageProcessor.handle_message
    verwerk = getattr(verwerk, "_bot_zonder_wachtrij", verwerk)
    if max_tegelijk < 1:
        MessageProcessor.handle_message = verwerk  # type: ignore[method-assign]
        return
    rij = Beurtwachtrij(max_tegelijk)

    @functools.wraps(verwerk)
    async def handle_message(self: Any, message: Any) -> Any:
        async with rij.beurt():
            return await verwerk(self, message)

    handle_message._bot_zonder_wachtrij = verwerk  # type: ignore[attr-defined]
    MessageProcessor.handle_message = handle_message  # type: ignore[method-assign]
