"""Fuzzing the front door (issue 16) with hypothesis: the input handling of the REST, intranet
and widget channels, and the redaction every channel runs, with random, unicode, binary, huge
and deeply nested input, wrong JSON shapes, odd sender ids, odd metadata and odd tokens.

What a user relies on, for every input:
* no exception escapes: the channel answers with a Dutch text or a clear HTTP status
  (400/401/403/413/429), never a 500 or a stack trace;
* an error never echoes the user's text: every error body is exactly one of the Dutch texts in
  data/teksten/kanaal.yml, and every reply is either such a text or Rasa's own answer;
* a rejected message never reaches Rasa (so never the tracker store);
* what reaches Rasa is redacted, and the redaction removes a planted BSN (elfproef), e-mail
  address or phone number, replaces only what it must, and never grows the text beyond its tags;
* ids are checked with ``fullmatch`` ("abc\\n" is no id).

By default each test runs a modest, fixed set of examples (``derandomize=True``: the same inputs
on every run and machine). ``make fuzz`` sets ``BOT_FUZZ_VOORBEELDEN=10000``. The REST and
intranet handlers run inside a real Sanic app over ASGI (no sockets, no Rasa server); the widget's
socket.io handlers are called as python-socketio calls them.
"""
from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import re
import time
from typing import Any, Dict, List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from bot.channels.intranet import IntranetInput, OngeldigToken, controleer_token
from bot.channels.limiet import Limieten, Snelheidslimiet
from bot.channels.invoer import SENDER_RE, RejectedInput, classify_text, parse_body
from bot.channels.rest import VeiligeRestInput
from bot.privacy import (BSN, EMAIL, TELEFOON, Redacteur, elfproef, redacteur,
                         toegestane_metadata)
from bot.settings import Settings
from bot.teksten import platte_teksten
from sanic_harnas import RASA_ANTWOORD, AsgiKlant, NepRasa
from fuzz_strategieen import (BODY, ELK_TEKEN, GEHEIM, JSON_WAARDE, METADATA, NL_TEKST,
                              SENDER, TEKST, WIDGET_DATA, autorisatie)

VOORBEELDEN = int(os.environ.get("BOT_FUZZ_VOORBEELDEN", "100"))
FUZZ = hsettings(max_examples=VOORBEELDEN, derandomize=True, database=None, deadline=None,
                 suppress_health_check=list(HealthCheck), print_blob=True)

TOEGESTANE_STATUS = {200, 400, 401, 403, 413, 429}


# strategies: tests/fuzz_strategieen.py (also used against the real servers)

# --------------------------------------------------------------------------- helpers

@pytest.fixture(scope="module")
def fuzz_settings(settings: Settings) -> Settings:
    # Rate limits so high that the fuzz reaches the checks behind them (they have their own
    # tests below and in test_limiet.py); an intranet secret so that channel works.
    return dataclasses.replace(settings, intranet_jwt_secret=GEHEIM,
                               limiet_gesprek_per_minuut=10**9, limiet_gesprek_burst=10**9,
                               limiet_adres_per_minuut=10**9, limiet_adres_burst=10**9)


@pytest.fixture(scope="module")
def teksten(settings: Settings) -> Dict[str, str]:
    return platte_teksten(settings.texts_dir / "kanaal.yml")


def _toegestane_antwoorden(teksten: Dict[str, str], max_tekens: int) -> set:
    return {t.format(max_tekens=max_tekens) for t in teksten.values()} | {RASA_ANTWOORD}


@pytest.fixture(scope="module")
def server(fuzz_settings: Settings):
    """The REST and intranet blueprints in one Sanic app, as Rasa mounts them."""
    from sanic import Sanic

    Sanic.test_mode = True
    app = Sanic(f"fuzz_{os.getpid()}_{int(time.time() * 1000)}")
    rasa = NepRasa()
    rest, intranet = VeiligeRestInput(fuzz_settings), IntranetInput(fuzz_settings)
    app.blueprint(rest.blueprint(rasa), url_prefix="/webhooks/rest")
    app.blueprint(intranet.blueprint(rasa), url_prefix="/webhooks/intranet")
    redacteur().laad()
    klant = AsgiKlant(app)
    klant.start()
    yield klant, rasa
    klant.stop()


def _controleer_antwoord(status: int, body: bytes, teksten: Dict[str, str],
                         toegestaan: set, rasa: NepRasa, voor: int) -> Optional[List[Dict]]:
    """The properties every HTTP answer must have; returns the replies of a 200."""
    assert status in TOEGESTANE_STATUS, (status, body[:300])
    antwoord = json.loads(body)
    if status in (400, 401, 403, 413):
        # exactly one of the Dutch error texts: nothing of the request is echoed
        assert set(antwoord) == {"fout", "code"}
        assert antwoord["fout"] == teksten[antwoord["code"]]
        assert len(rasa.berichten) == voor, "een afgewezen bericht bereikte Rasa"
        return None
    assert isinstance(antwoord, list) and antwoord
    for bericht in antwoord:
        assert bericht["text"] in toegestaan, bericht["text"][:200]
    if RASA_ANTWOORD not in [b["text"] for b in antwoord]:
        assert len(rasa.berichten) == voor, "een afgewezen bericht bereikte Rasa"
    return antwoord


# --------------------------------------------------------------------------- REST over HTTP

@FUZZ
@given(body=BODY)
def test_rest_http_any_body_gets_a_dutch_answer_or_a_clear_status(server, teksten, fuzz_settings,
                                                                  body):
    klant, rasa = server
    voor = len(rasa.berichten)
    status, antwoord = klant.post("/webhooks/rest/webhook", body)
    _controleer_antwoord(status, antwoord, teksten,
                         _toegestane_antwoorden(teksten, fuzz_settings.max_message_chars), rasa, voor)
    if len(rasa.berichten) > voor:
        bericht = rasa.berichten[-1]
        # what Rasa got: a valid REST id, redacted text, only allowed metadata
        assert SENDER_RE.fullmatch(bericht.sender_id)
        assert not bericht.sender_id.lower().startswith(("intranet-", "widget-"))
        assert set(bericht.metadata) <= {"doelgroep"}


@FUZZ
@given(sender=SENDER, tekst=TEKST, metadata=METADATA)
def test_rest_http_valid_shape_odd_content(server, teksten, fuzz_settings, sender, tekst, metadata):
    """A body of the right shape with odd sender ids, texts and metadata."""
    klant, rasa = server
    voor = len(rasa.berichten)
    body = json.dumps({"sender": sender, "message": tekst, "metadata": metadata}).encode()
    status, antwoord = klant.post("/webhooks/rest/webhook", body)
    berichten = _controleer_antwoord(
        status, antwoord, teksten, _toegestane_antwoorden(teksten, fuzz_settings.max_message_chars),
        rasa, voor)
    geldig_id = isinstance(sender, str) and SENDER_RE.fullmatch(sender) is not None
    if len(body) > fuzz_settings.max_body_bytes:
        assert status == 413
    elif not geldig_id:
        assert status == 400
    elif sender.lower().startswith(("intranet-", "widget-")):
        assert status == 403
    elif not isinstance(metadata, (dict, type(None))):
        assert status == 400
    else:
        assert status == 200 and berichten
        verwacht = classify_text(tekst, fuzz_settings.max_message_chars)
        if verwacht is not None:
            assert [b["text"] for b in berichten] == [
                teksten[verwacht].format(max_tekens=fuzz_settings.max_message_chars)]
            assert len(rasa.berichten) == voor
        elif len(rasa.berichten) > voor:
            assert rasa.berichten[-1].text == redacteur().redigeer(tekst.strip()).tekst
            assert rasa.berichten[-1].metadata == toegestane_metadata(metadata)


# --------------------------------------------------------------------------- intranet over HTTP

@FUZZ
@given(auth=autorisatie())
def test_intranet_token_check_only_says_valid_or_a_dutch_error(teksten, fuzz_settings, auth):
    try:
        sub = controleer_token(auth, GEHEIM)
    except OngeldigToken as ongeldig:
        assert ongeldig.key in teksten
    else:
        assert isinstance(sub, str) and sub.strip()


@FUZZ
@given(auth=autorisatie(), body=BODY)
def test_intranet_http_any_token_and_body(server, teksten, fuzz_settings, auth, body):
    klant, rasa = server
    voor = len(rasa.berichten)
    kopregels: Tuple[Tuple[bytes, bytes], ...] = ()
    if auth is not None:
        kopregels = ((b"authorization", auth.encode("utf-8", "surrogatepass")),)
    status, antwoord = klant.post("/webhooks/intranet/webhook", body, kopregels)
    _controleer_antwoord(status, antwoord, teksten,
                         _toegestane_antwoorden(teksten, fuzz_settings.max_message_chars), rasa, voor)
    if len(rasa.berichten) > voor:
        assert rasa.berichten[-1].sender_id.startswith("intranet-")
        assert rasa.berichten[-1].metadata == {"doelgroep": "ambtenaar"}


# --------------------------------------------------------------------------- pure checks

@FUZZ
@given(body=BODY)
def test_parse_body_returns_checked_fields_or_rejects_with_a_dutch_text(teksten, body):
    try:
        sender, tekst, metadata, message_id = parse_body(body, 65536)
    except RejectedInput as afgewezen:
        assert afgewezen.status in {400, 403, 413} and afgewezen.key in teksten
        return
    assert SENDER_RE.fullmatch(sender) and "\n" not in sender
    assert isinstance(tekst, str)
    assert metadata is None or isinstance(metadata, dict)
    assert message_id is None or SENDER_RE.fullmatch(message_id)


@FUZZ
@given(tekst=TEKST)
def test_classify_text(tekst):
    sleutel = classify_text(tekst, 2000)
    if len(tekst) > 2000:
        assert sleutel == "bericht_te_lang"
    elif any(c.isalnum() for c in tekst):
        assert sleutel is None
    else:  # nothing to read: spaces, emoji, punctuation, "_", combining marks
        assert sleutel == "bericht_leeg"


@FUZZ
@given(id_=st.text(ELK_TEKEN, max_size=140), staart=st.sampled_from(["\n", "\r\n", " ", "\x00", ""]))
def test_ids_are_checked_with_fullmatch(id_, staart):
    kandidaat = id_ + staart
    body = json.dumps({"sender": kandidaat, "message": "hoi"}).encode()
    geldig = (1 <= len(kandidaat) <= 128
              and all(c.isascii() and (c.isalnum() or c in "_.:@-") for c in kandidaat))
    try:
        sender = parse_body(body, 65536)[0]
    except RejectedInput as afgewezen:
        assert not geldig or kandidaat.lower().startswith(("intranet-", "widget-")), afgewezen.key
    else:
        assert geldig and sender == kandidaat


@FUZZ
@given(metadata=METADATA | JSON_WAARDE)
def test_metadata_allow_list(metadata):
    schoon = toegestane_metadata(metadata)
    assert set(schoon) <= {"doelgroep"}
    assert all(isinstance(v, str) and len(v) <= 64 for v in schoon.values())


# --------------------------------------------------------------------------- redaction

@st.composite
def bsn(draw: Any) -> str:
    cijfers = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    som = sum(c * w for c, w in zip(cijfers, range(9, 1, -1)))
    controle = som % 11
    assume(controle < 10 and any(cijfers))
    nummer = "".join(map(str, cijfers)) + str(controle)
    assert elfproef(nummer)
    vorm = draw(st.sampled_from(["plat", "punten", "spaties"]))
    if vorm == "punten":
        return f"{nummer[:4]}.{nummer[4:6]}.{nummer[6:]}"
    if vorm == "spaties":
        return f"{nummer[:3]} {nummer[3:6]} {nummer[6:]}"
    return nummer


EMAIL_ADRES = st.builds(
    lambda lokaal, domein, tld: f"{lokaal}@{domein}.{tld}",
    st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,15}", fullmatch=True),
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True),
    st.sampled_from(["nl", "com", "org", "amsterdam", "co.uk"]),
)
TELEFOONNUMMER = st.one_of(
    st.from_regex(r"06[- ]?[1-9][0-9]{7}", fullmatch=True),
    st.from_regex(r"0[1-9][0-9]-?[0-9]{7}", fullmatch=True),
    st.from_regex(r"(\+31|0031) ?6 ?[0-9]{8}", fullmatch=True),
    st.from_regex(r"\+31 ?\(0\) ?6[- ]?[0-9]{8}", fullmatch=True),
)
PERSOONSGEGEVEN = st.one_of(st.tuples(bsn(), st.just(BSN)), st.tuples(EMAIL_ADRES, st.just(EMAIL)),
                            st.tuples(TELEFOONNUMMER, st.just(TELEFOON)))
OMGEVING = st.one_of(NL_TEKST, st.text(ELK_TEKEN, max_size=60))


@pytest.fixture(scope="module")
def redactor() -> Redacteur:
    return redacteur().laad()


@FUZZ
@given(voor=OMGEVING, gegeven=PERSOONSGEGEVEN, na=OMGEVING)
def test_a_planted_bsn_email_or_phone_never_survives_redaction(redactor, voor, gegeven, na):
    waarde, _tag = gegeven
    tekst = f"{voor} {waarde} {na}"
    uit = redactor.redigeer(tekst).tekst
    assert waarde not in uit
    cijfers = re.sub(r"[^0-9]", "", waarde)
    if _tag != EMAIL:  # nor its digits written without separators
        assert cijfers not in uit or cijfers in voor + na


@FUZZ
@given(tekst=TEKST | OMGEVING)
def test_redaction_replaces_only_what_it_must(redactor, tekst):
    tekst = tekst[:2000]  # the channels redact only texts within the length limit
    spans = redactor.spans(tekst)
    vorige = 0
    for begin, eind, tag in spans:
        assert vorige <= begin < eind <= len(tekst), (begin, eind, tag)
        vorige = eind
    redactie = redactor.redigeer(tekst)
    if not spans:
        assert redactie.tekst == tekst and not redactie.geredigeerd
    # each tag stands in for at least one character; the rest of the text is kept as it was
    assert len(redactie.tekst) - len(tekst) <= sum(len(t) - 1 for _, _, t in spans)
    verwacht, vorige = [], 0
    for begin, eind, tag in spans:
        verwacht += [tekst[vorige:begin], tag]
        vorige = eind
    assert redactie.tekst == "".join(verwacht) + tekst[vorige:]


# --------------------------------------------------------------------------- rate limit

@FUZZ
@given(stappen=st.lists(st.tuples(st.sampled_from(["a", "b", "c"]),
                                  st.floats(0, 5, allow_nan=False)), max_size=200))
def test_the_token_bucket_never_lets_more_through_than_burst_plus_rate(stappen):
    nu = [0.0]
    limiet = Snelheidslimiet(per_minuut=60, burst=5, klok=lambda: nu[0])
    eerste: Dict[str, float] = {}
    doorgelaten: Dict[str, int] = {}
    for sleutel, wacht in stappen:
        nu[0] += wacht
        eerste.setdefault(sleutel, nu[0])
        if limiet.toegestaan(sleutel):
            doorgelaten[sleutel] = doorgelaten.get(sleutel, 0) + 1
    for sleutel, aantal in doorgelaten.items():
        assert aantal <= 5 + (nu[0] - eerste[sleutel]) * 1.0 + 1e-9


@FUZZ
@given(gesprek=st.text(ELK_TEKEN, max_size=50), adres=st.none() | st.text(ELK_TEKEN, max_size=50))
def test_odd_conversation_ids_and_addresses_do_not_break_the_limit(gesprek, adres):
    limieten = Limieten((60, 2), (600, 3))
    uitkomsten = [limieten.toegestaan(gesprek, adres) for _ in range(4)]
    assert uitkomsten[:2] == [True, True] and uitkomsten[2:] == [False, False]


# --------------------------------------------------------------------------- widget (socket.io)

class Widget:
    """The widget channel's socket.io handlers, called as python-socketio calls them."""

    def __init__(self, settings: Settings) -> None:
        from bot.channels.widget import WidgetInput

        self.rasa = NepRasa()
        self.kanaal = WidgetInput(settings=settings)
        self.kanaal.blueprint(self.rasa)
        self.sio = self.kanaal.sio
        self.verzonden: List[Tuple[str, Any, Any]] = []

        async def emit(event: str, data: Any = None, room: Any = None, **_: Any) -> None:
            self.verzonden.append((event, data, room))

        self.sio.emit = emit  # type: ignore[assignment]
        self.loop = asyncio.new_event_loop()
        self.sid = self.loop.run_until_complete(self.sio.manager.connect("eio-fuzz", "/"))
        self.sessie = self.vraag_sessie({})

    def handler(self, naam: str) -> Any:
        return self.sio.handlers["/"][naam]

    def roep(self, naam: str, *args: Any) -> None:
        self.loop.run_until_complete(self.handler(naam)(*args))

    def vraag_sessie(self, data: Any) -> str:
        self.verzonden.clear()
        self.roep("session_request", self.sid, data)
        (event, sessie, room), = self.verzonden
        assert event == "session_confirm" and room == self.sid
        return sessie


@pytest.fixture(scope="module")
def widget(fuzz_settings: Settings) -> Widget:
    redacteur().laad()
    w = Widget(fuzz_settings)
    yield w
    w.loop.close()


@FUZZ
@given(data=WIDGET_DATA)
def test_widget_any_event_data(widget, teksten, fuzz_settings, data):
    if isinstance(data, dict) and data.get("session_id") == "EIGEN":
        data = {**data, "session_id": widget.sessie}
    widget.verzonden.clear()
    voor = len(widget.rasa.berichten)
    widget.roep("user_uttered", widget.sid, data)
    eigen = (isinstance(data, dict) and data.get("session_id") == widget.sessie
             and isinstance(data.get("message"), str))
    if not eigen:
        # not this connection's session, or no text: ignored, nothing sent, nothing to Rasa
        assert widget.verzonden == [] and len(widget.rasa.berichten) == voor
        return
    toegestaan = _toegestane_antwoorden(teksten, fuzz_settings.max_message_chars)
    for event, bericht, room in widget.verzonden:
        assert event == "bot_uttered" and room in (widget.sessie, widget.sid)
        assert bericht["text"] in toegestaan, bericht["text"][:200]
    if len(widget.rasa.berichten) > voor:
        assert widget.rasa.berichten[-1].text == redacteur().redigeer(data["message"].strip()).tekst


@FUZZ
@given(data=st.one_of(JSON_WAARDE, st.fixed_dictionaries(
    {"session_id": st.text(ELK_TEKEN, max_size=80) | JSON_WAARDE})))
def test_widget_session_request_only_hands_out_signed_ids(widget, data):
    from bot.channels.widget import sessie_geldig

    sessie = widget.vraag_sessie(data)
    assert isinstance(sessie, str) and sessie_geldig(sessie, widget.kanaal._geheim)
    if isinstance(data, dict) and isinstance(data.get("session_id"), str):
        assert sessie == data["session_id"] or not sessie_geldig(data["session_id"],
                                                                 widget.kanaal._geheim)
    widget.sessie = sessie


# --------------------------------------------------------------------------- widget links

MARKDOWN_STUK = st.one_of(
    st.sampled_from(["[", "]", "(", ")", "<", ">", "!", "\\", " ", "\n", "\t", "\u200b", '"t"', "]:",
                     "javascript:", "JavaScript:", "java", "script", ":", "data:text/html,x",
                     "vbscript:", "https://a.nl", "http://b.nl/x_(1)", "mailto:a@b.nl", "tel:112",
                     "&#x73;", "&colon;", "&#58;", "x", "[r]: ", "](", "](javascript:1)"]),
    st.text(ELK_TEKEN, max_size=5),
)
MARKDOWN = st.lists(MARKDOWN_STUK, max_size=60).map("".join)


@FUZZ
@given(tekst=MARKDOWN)
def test_no_link_other_than_http_mailto_tel_survives_the_widget_filter(tekst):
    from bot.channels.widget import link_toegestaan, veilige_links

    uit = veilige_links(tekst)
    # every "](" or "]:" that can close a link label or a definition's label (not escaped) is
    # followed by an allowed target
    for m in re.finditer(r"(\\*)\][(:]", uit):
        if len(m.group(1)) % 2 == 0:
            assert link_toegestaan(uit[m.end():]), uit
    # every autolink is allowed
    for m in re.finditer(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*)>", uit):
        assert link_toegestaan(m.group(1)), uit
    assert veilige_links(uit) == uit  # a second pass changes nothing
    if not set(tekst) & set("[]<"):
        assert uit == tekst
