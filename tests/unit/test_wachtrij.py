"""bot/wachtrij.py: at most N messages processed by Rasa at once, the rest in order of arrival."""
import asyncio
from types import SimpleNamespace

import pytest
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.processor import MessageProcessor

from bot import wachtrij
from bot.wachtrij import Beurtwachtrij


async def test_never_more_than_max_at_once_and_first_come_first_served():
    rij = Beurtwachtrij(2)
    bezig, max_bezig, volgorde = 0, 0, []

    async def bericht(i: int) -> None:
        nonlocal bezig, max_bezig
        async with rij.beurt():
            volgorde.append(i)
            bezig += 1
            max_bezig = max(max_bezig, bezig)
            for _ in range(3):  # several awaits, as a turn in Rasa has
                await asyncio.sleep(0)
            bezig -= 1

    await asyncio.gather(*(bericht(i) for i in range(10)))
    assert max_bezig == 2
    assert volgorde == list(range(10))
    assert rij.bezig == 0 and rij.wachtend == 0


async def test_a_cancelled_waiter_gives_up_its_place_without_losing_one():
    rij = Beurtwachtrij(1)
    eerste_binnen, loslaten = asyncio.Event(), asyncio.Event()

    async def eerste() -> None:
        async with rij.beurt():
            eerste_binnen.set()
            await loslaten.wait()

    async def wacht() -> None:
        async with rij.beurt():
            raise AssertionError("een geannuleerde wachtende kwam toch binnen")

    t1 = asyncio.create_task(eerste())
    await eerste_binnen.wait()
    t2 = asyncio.create_task(wacht())
    await asyncio.sleep(0)
    assert rij.wachtend == 1
    t2.cancel()
    with pytest.raises(asyncio.CancelledError):
        await t2
    loslaten.set()
    await t1
    # the place is free again: a new message gets in at once
    async with rij.beurt():
        assert rij.bezig == 1
    assert rij.bezig == 0


async def test_a_place_handed_over_just_before_a_cancel_is_passed_on():
    rij = Beurtwachtrij(1)
    binnen = []

    async def bericht(naam: str) -> None:
        async with rij.beurt():
            binnen.append(naam)
            await asyncio.Event().wait()

    async with rij.beurt():
        t2 = asyncio.create_task(bericht("b"))
        t3 = asyncio.create_task(bericht("c"))
        await asyncio.sleep(0)
        assert rij.wachtend == 2
    # leaving the block handed the place to "b"; "b" is cancelled before it ever runs
    t2.cancel()
    with pytest.raises(asyncio.CancelledError):
        await t2
    await asyncio.sleep(0)
    assert binnen == ["c"]
    t3.cancel()


def test_zero_means_no_gate_and_one_is_the_least(monkeypatch):
    async def verwerk(self, message):
        return []

    monkeypatch.setattr(MessageProcessor, "handle_message", verwerk)
    wachtrij.install(2)
    assert MessageProcessor.handle_message is not verwerk
    wachtrij.install(0)  # Rasa's own processing again, not a gate around a gate
    assert MessageProcessor.handle_message is verwerk
    with pytest.raises(ValueError):
        Beurtwachtrij(0)


@pytest.fixture
def agent(monkeypatch):
    """Rasa's Agent.handle_message (conversation lock, then the processor) over a processor whose
    own work is a stub that counts how many messages it handles at once; the gate (size 1)
    installed around it as the server installs it."""
    stand = {"bezig": 0, "max": 0}

    async def verwerk(self, message):
        stand["bezig"] += 1
        stand["max"] = max(stand["max"], stand["bezig"])
        await asyncio.sleep(0.01)
        stand["bezig"] -= 1
        return [{"recipient_id": message.sender_id, "text": "antwoord"}]

    monkeypatch.setattr(MessageProcessor, "handle_message", verwerk)
    wachtrij.install(1)
    nep = SimpleNamespace(is_ready=lambda: True, lock_store=InMemoryLockStore(),
                          processor=object.__new__(MessageProcessor))
    return nep, stand


async def test_rasa_processes_one_message_at_a_time_through_the_gate(agent):
    nep, stand = agent
    antwoorden = await asyncio.gather(*(
        Agent.handle_message(nep, UserMessage("vraag", sender_id=f"g{i}")) for i in range(5)))
    assert stand["max"] == 1
    assert [a[0]["recipient_id"] for a in antwoorden] == [f"g{i}" for i in range(5)]


async def test_a_message_waiting_for_its_conversations_lock_holds_no_place(agent):
    """As a dead replica's ticket in production: conversation X's lock is held elsewhere. Its
    message waits for the lock without taking the only place, so Y is answered meanwhile."""
    nep, _ = agent
    vast, los = asyncio.Event(), asyncio.Event()

    async def elders():
        async with nep.lock_store.lock("X"):
            vast.set()
            await los.wait()

    houder = asyncio.create_task(elders())
    await vast.wait()
    x = asyncio.create_task(Agent.handle_message(nep, UserMessage("vraag", sender_id="X")))
    await asyncio.sleep(0.05)
    y = await asyncio.wait_for(Agent.handle_message(nep, UserMessage("vraag", sender_id="Y")), 2)
    assert y[0]["recipient_id"] == "Y" and not x.done()
    los.set()
    await houder
    assert (await asyncio.wait_for(x, 5))[0]["recipient_id"] == "X"
