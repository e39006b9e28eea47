"""Every factual answer names its source, and every source is one of the knowledge facts."""
from __future__ import annotations

import re

import pytest

BRON_RE = re.compile(r"^Bron: (?P<title>.+) — (?P<url>\S+)$")

# Claims the knowledge README says could NOT be confirmed; no answer may state them.
ONBEVESTIGD = [
    "Besluit gemeentelijke antidiscriminatievoorzieningen",
    "0900",
    "decentralisatie-uitkering",
]
ROTTERDAM_PROJECT = "Rotterdam voorbij discriminatie"


def _texts(rasa_domain, prefix_filter):
    out = {}
    for name, variants in rasa_domain.responses.items():
        if prefix_filter(name):
            out[name] = [v["text"] for v in variants]
    return out


@pytest.fixture(scope="module")
def kennis_antwoorden(rasa_domain):
    answers = _texts(rasa_domain, lambda n: "/" in n)
    assert len(answers) >= 25
    return answers


@pytest.fixture(scope="module")
def bronnen(facts):
    return {(f["source_title"], f["source_url"]) for f in facts}


def test_every_factual_answer_ends_with_known_sources(kennis_antwoorden, bronnen):
    for name, texts in kennis_antwoorden.items():
        for text in texts:
            lines = text.strip().splitlines()
            bron_lines = []
            for line in reversed(lines):
                if not line.startswith("Bron: "):
                    break
                bron_lines.append(line)
            assert bron_lines, f"{name}: laatste regel moet 'Bron: <titel> — <url>' zijn"
            for line in bron_lines:
                m = BRON_RE.match(line)
                assert m, f"{name}: bronregel heeft niet de vorm 'Bron: <titel> — <url>': {line}"
                assert (m["title"], m["url"]) in bronnen, f"{name}: bron niet in facts.yml: {line}"


def test_no_unconfirmed_claims(rasa_domain):
    for name, variants in rasa_domain.responses.items():
        for v in variants:
            for claim in ONBEVESTIGD:
                assert claim not in v.get("text", ""), f"{name} noemt onbevestigde claim {claim!r}"


def test_rotterdam_project_never_attributed_to_radar_alone(kennis_antwoorden):
    for name, texts in kennis_antwoorden.items():
        for text in texts:
            if ROTTERDAM_PROJECT in text:
                assert "Art.1" in text and "gemeente" in text, name


def test_yearly_figures_name_their_year(kennis_antwoorden):
    for text in kennis_antwoorden["utter_adv_taken/wat_doet_adv"]:
        assert "19 ADV's" in text and "2025" in text


def test_out_of_scope_and_small_talk_state_no_sourced_fact(rasa_domain):
    for name in ("utter_buiten_domein", "utter_groet", "utter_bedankt", "utter_afscheid",
                 "utter_niet_nederlands", "utter_scheldwoorden"):
        for v in rasa_domain.responses[name]:
            assert "Bron:" not in v["text"]


def test_every_retrieval_sub_intent_has_an_answer_and_vice_versa(nlu_data, kennis_antwoorden):
    from rasa.shared.nlu.constants import INTENT_RESPONSE_KEY

    keys = {m.get(INTENT_RESPONSE_KEY) for m in nlu_data.intent_examples if m.get(INTENT_RESPONSE_KEY)}
    answered = {name[len("utter_"):] for name in kennis_antwoorden}
    assert keys == answered


def test_at_least_25_training_examples_per_intent(nlu_data):
    from collections import Counter

    counts = Counter(m.get("intent") for m in nlu_data.intent_examples)
    too_few = {i: n for i, n in counts.items() if n < 25}
    assert not too_few, f"minder dan 25 voorbeelden: {too_few}"


def test_every_fact_is_reachable_through_an_answer(facts, kennis_antwoorden):
    """Every fact of the knowledge base is behind at least one answer (its source is cited)."""
    cited = "\n".join(t for texts in kennis_antwoorden.values() for t in texts)
    missing = [f["id"] for f in facts if f["source_url"] not in cited]
    assert not missing, f"feiten zonder antwoord: {missing}"
