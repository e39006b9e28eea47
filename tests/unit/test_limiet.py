"""Rate limits: a token bucket per conversation and per client address, on every channel."""
from __future__ import annotations

import json

from bot.channels.limiet import Limieten, Snelheidslimiet
from bot.channels.rest import VeiligeRestInput


class Klok:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def test_a_burst_then_the_rate():
    klok = Klok()
    limiet = Snelheidslimiet(per_minuut=60, burst=3, klok=klok)
    assert [limiet.toegestaan("a") for _ in range(4)] == [True, True, True, False]
    assert limiet.toegestaan("b")  # another key has its own bucket
    klok.t += 1.0  # one second: one new token
    assert limiet.toegestaan("a") and not limiet.toegestaan("a")


def test_the_address_limit_covers_many_conversations_but_not_loopback():
    klok = Klok()
    limieten = Limieten(per_gesprek=(60, 100), per_adres=(60, 5), klok=klok)
    assert all(limieten.toegestaan(f"gesprek-{i}", "203.0.113.9") for i in range(5))
    assert not limieten.toegestaan("gesprek-nieuw", "203.0.113.9")
    assert limieten.toegestaan("gesprek-nieuw", "198.51.100.1")
    assert all(limieten.toegestaan(f"lokaal-{i}", "127.0.0.1") for i in range(50))


def test_the_oldest_buckets_are_dropped_beyond_the_maximum():
    limiet = Snelheidslimiet(per_minuut=1, burst=1, max_sleutels=2)
    for sleutel in ("a", "b", "c"):
        limiet.toegestaan(sleutel)
    assert list(limiet._emmers) == ["b", "c"]


async def test_the_rest_channel_answers_429_in_dutch_without_reaching_rasa(settings):
    import dataclasses

    channel = VeiligeRestInput(dataclasses.replace(settings, limiet_gesprek_burst=2,
                                                   limiet_gesprek_per_minuut=1))
    bereikt = []

    async def rasa(message):
        bereikt.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, "Antwoord")

    statussen = [(await channel.answer(rasa, "flood", "wat is agenderen", None,
                                       adres="203.0.113.7")).status for _ in range(3)]
    assert statussen == [200, 200, 429]
    reply = await channel.answer(rasa, "flood", "wat is agenderen", None, adres="203.0.113.7")
    assert json.loads(reply.body)[0]["text"] == channel.texts["te_veel_berichten"]
    assert len(bereikt) == 2
    # another conversation is not affected
    assert (await channel.answer(rasa, "rustig", "wat is agenderen", None,
                                 adres="203.0.113.8")).status == 200
