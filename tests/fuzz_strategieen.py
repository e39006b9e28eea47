"""Hypothesis strategies for fuzzing the front door: shared by the in-process fuzz tests
(tests/unit/test_fuzz_invoer.py) and the fuzz test against the really started servers
(tests/e2e/test_fuzz_server_e2e.py)."""
from __future__ import annotations

import json
import time
from typing import Any, Dict, Optional

import jwt
from hypothesis import strategies as st

from bot.channels.invoer import SENDER_RE

GEHEIM = "fuzz-geheim-" + "x" * 64  # the intranet secret the fuzzed servers run with

# every code point, lone surrogates and NUL included; RTL, zero-width and emoji explicitly
ELK_TEKEN = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None,
                  exclude_categories=()),
    st.sampled_from(["\u202e", "\u202d", "\u200b", "\u200d", "\ufeff", "\x00", "\n", "\r",
                     "\t", "\ud800", "\udfff", "😀", "🙏", "\U0001F3FD", "ا", "ש", "_", "ß", "İ", "ﬁ"]),
)
RARE_TEKST = st.text(ELK_TEKEN, max_size=300)
NL_WOORDEN = st.sampled_from(
    ["waar", "meld", "ik", "discriminatie", "mijn", "naam", "is", "bsn", "bel", "mail",
     "Jansen", "Piet", "gemeente", "Leiden", "verwijder", "gesprek", "ADV", "?", ",", "."])
NL_TEKST = st.lists(NL_WOORDEN, max_size=25).map(" ".join)
HUGE_TEKST = st.tuples(st.text(ELK_TEKEN, min_size=1, max_size=3),
                       st.integers(1900, 40_000)).map(lambda t: (t[0] * t[1])[: t[1]])
TEKST = st.one_of(RARE_TEKST, NL_TEKST, HUGE_TEKST, st.just(""), st.just("   "))

GELDIG_ID = st.from_regex(SENDER_RE, fullmatch=True)
SENDER = st.one_of(
    GELDIG_ID,
    GELDIG_ID.map(lambda s: s + "\n"),
    GELDIG_ID.map(lambda s: "\n" + s),
    st.sampled_from(["intranet-", "widget-", "INTRANET-", "Widget-"]).flatmap(
        lambda p: GELDIG_ID.map(lambda s: (p + s)[:128])),
    st.text(ELK_TEKEN, max_size=140),
    st.integers(), st.none(), st.booleans(), st.lists(st.integers(), max_size=3),
    st.just("x" * 129), st.just("default"),
)
JSON_WAARDE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(ELK_TEKEN, max_size=20),
    lambda kind: st.lists(kind, max_size=4) | st.dictionaries(st.text(ELK_TEKEN, max_size=8), kind,
                                                               max_size=4),
    max_leaves=12,
)
METADATA = st.one_of(
    st.none(), JSON_WAARDE,
    st.dictionaries(st.sampled_from(["doelgroep", "ip", "naam", "telefoon", "__proto__", ""]),
                    JSON_WAARDE | TEKST, max_size=4),
)


@st.composite
def json_object_body(draw: Any) -> bytes:
    """A JSON object with some of the fields the channel reads, each of any shape."""
    velden: Dict[str, Any] = {}
    if draw(st.booleans()):
        velden["sender"] = draw(SENDER)
    if draw(st.integers(0, 9)) > 0:
        velden["message"] = draw(TEKST | JSON_WAARDE)
    if draw(st.booleans()):
        velden["metadata"] = draw(METADATA)
    if draw(st.integers(0, 3)) == 0:
        velden["message_id"] = draw(SENDER)
    velden.update(draw(st.dictionaries(st.text(ELK_TEKEN, max_size=8), JSON_WAARDE, max_size=2)))
    return json.dumps(velden, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


def _diep(n: int, soort: str) -> bytes:
    if soort == "lijst":
        return ("[" * n + "]" * n).encode()
    if soort == "object":
        return ('{"a":' * n + "1" + "}" * n).encode()
    return ('{"sender":"fuzz","message":' + "[" * n + "]" * n + "}").encode()


BODY = st.one_of(
    json_object_body(),
    json_object_body(),
    st.binary(max_size=400),
    JSON_WAARDE.map(lambda w: json.dumps(w).encode()),
    st.text(ELK_TEKEN, max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")),
    # deep nesting (within the 64 KB limit)
    st.builds(_diep, st.integers(1, 30_000), st.sampled_from(["lijst", "object", "veld"])),
    # numbers with thousands of digits
    st.integers(1, 30_000).map(
        lambda n: ('{"sender":"fuzz","message":"hoi","n":' + "9" * n + "}").encode()),
    # over the body limit
    st.integers(65_537, 200_000).map(lambda n: b'{"message":"' + b"a" * n + b'"}'),
    st.sampled_from([b"", b"null", b"NaN", b"Infinity", b'"hoi"', b"\xef\xbb\xbf{}",
                     b'{"sender":"a","message":"hoi"}' * 2, b"{" * 10, b"\x00" * 10]),
)



CLAIM_WAARDE = st.one_of(
    st.integers(), st.integers(-10**30, 10**400), st.floats(), st.text(ELK_TEKEN, max_size=10),
    st.none(), st.booleans(), st.lists(st.integers(), max_size=2),
    st.just(float("inf")), st.just(float("nan")),
    st.integers(-100_000, 100_000).map(lambda d: int(time.time()) + d),
)


@st.composite
def autorisatie(draw: Any, geheim: str = GEHEIM) -> Optional[str]:
    """An Authorization header of any shape; tokens signed with ``geheim`` (the server's secret)
    or another one."""
    soort = draw(st.integers(0, 4))
    if soort == 0:
        return draw(st.none() | st.text(ELK_TEKEN, max_size=80))
    if soort == 1:
        return "Bearer " + draw(st.text(ELK_TEKEN, max_size=200))
    # signed with the right (or a wrong) secret, with claims of any type and value
    claim = st.sampled_from(["sub", "exp", "iat", "nbf", "iss", "aud", "x"])
    claims = draw(st.dictionaries(claim, CLAIM_WAARDE, max_size=6))
    if draw(st.booleans()):
        # a valid token with one or two claims changed to any type and value
        nu = int(time.time())
        claims = {"sub": draw(st.text(ELK_TEKEN, min_size=1, max_size=20)),
                  "iat": nu - draw(st.integers(0, 100)),
                  "exp": nu + draw(st.integers(-100, 100_000))}
        claims.update(draw(st.dictionaries(claim, CLAIM_WAARDE, max_size=2)))
    sleutel = geheim if soort != 4 else "ander-geheim-" + "y" * 64
    # signed as given (jwt.encode refuses some claim types an attacker can still send)
    payload = json.dumps(claims, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    token = jwt.api_jws.encode(payload, sleutel, algorithm=draw(st.sampled_from(["HS256", "HS512"])))
    return "Bearer " + token



WIDGET_DATA = st.one_of(
    JSON_WAARDE,
    st.fixed_dictionaries({}, optional={
        "message": TEKST | JSON_WAARDE,
        "session_id": st.none() | st.text(ELK_TEKEN, max_size=60) | st.just("EIGEN"),
        "customData": st.none() | JSON_WAARDE | st.fixed_dictionaries(
            {"intranet_token": st.text(ELK_TEKEN, max_size=40) | JSON_WAARDE}),
    }),
)
