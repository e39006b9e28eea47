"""bot/channels/wachtrij.py: at most N messages in Rasa at once, the rest in order of arrival."""
import asyncio
import dataclasses
import json

import pytest

from bot.channels import wachtrij as wachtrij_module
from bot.channels.rest import VeiligeRestInput
from bot.channels.wachtrij import Beurtwachtrij, in_de_rij


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


def test_zero_means_no_gate_and_one_is_the_least():
    assert not isinstance(in_de_rij(0), type(Beurtwachtrij(1).beurt()))
    with pytest.raises(ValueError):
        Beurtwachtrij(0)


async def test_the_rest_channel_hands_messages_to_rasa_through_the_gate(settings, monkeypatch):
    monkeypatch.setattr(wachtrij_module, "_WACHTRIJ", None)
    kanaal = VeiligeRestInput(dataclasses.replace(settings, max_gelijktijdig=1))
    bezig, max_bezig = 0, 0

    async def rasa(message) -> None:
        nonlocal bezig, max_bezig
        bezig += 1
        max_bezig = max(max_bezig, bezig)
        await asyncio.sleep(0.01)
        await message.output_channel.send_text_message(message.sender_id, "antwoord")
        bezig -= 1

    antwoorden = await asyncio.gather(*(
        kanaal.answer(rasa, f"gesprek{i}", "Waar meld ik discriminatie?", None) for i in range(4)))
    assert max_bezig == 1
    assert all(json.loads(a.body)[0]["text"] == "antwoord" for a in antwoorden)
