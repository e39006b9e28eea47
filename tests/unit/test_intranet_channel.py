"""Intranet channel: only a valid HS256 JWT gets through; the sender comes from the token."""
from __future__ import annotations

import time

import jwt
import pytest

from bot.channels.intranet import (
    OngeldigToken,
    controleer_token,
    gespreks_id,
    maak_token,
)

GEHEIM = "test-geheim-van-minstens-32-tekens-lang!"


def test_valid_token_gives_its_subject():
    assert controleer_token(f"Bearer {maak_token('jan', GEHEIM)}", GEHEIM) == "jan"


@pytest.mark.parametrize("header, key", [
    (None, "token_ontbreekt"),
    ("", "token_ontbreekt"),
    ("Basic amFuOmdlaGVpbQ==", "token_ontbreekt"),
    ("Bearer niet.een.token", "token_ongeldig"),
])
def test_missing_or_garbage(header, key):
    with pytest.raises(OngeldigToken) as exc:
        controleer_token(header, GEHEIM)
    assert exc.value.key == key


def test_expired():
    nu = int(time.time())
    token = jwt.encode({"sub": "jan", "iat": nu - 100, "exp": nu - 10}, GEHEIM, algorithm="HS256")
    with pytest.raises(OngeldigToken) as exc:
        controleer_token(f"Bearer {token}", GEHEIM)
    assert exc.value.key == "token_verlopen"


@pytest.mark.parametrize("token", [
    jwt.encode({"sub": "jan", "exp": int(time.time()) + 60}, "een-ander-geheim-van-32-tekens-lang!!", algorithm="HS256"),
    jwt.encode({"sub": "jan", "exp": int(time.time()) + 60}, GEHEIM, algorithm="HS512"),
    jwt.encode({"sub": "jan", "exp": int(time.time()) + 60}, None, algorithm="none"),
    jwt.encode({"sub": "jan"}, GEHEIM, algorithm="HS256"),                          # no exp
    jwt.encode({"exp": int(time.time()) + 60}, GEHEIM, algorithm="HS256"),          # no sub
])
def test_forged_wrong_algorithm_or_missing_claims(token):
    with pytest.raises(OngeldigToken) as exc:
        controleer_token(f"Bearer {token}", GEHEIM)
    assert exc.value.key == "token_ongeldig"


def test_without_a_configured_secret_nothing_gets_through():
    with pytest.raises(OngeldigToken) as exc:
        controleer_token(f"Bearer {maak_token('jan', GEHEIM)}", None)
    assert exc.value.key == "intranet_niet_ingesteld"


def test_sender_id_is_stable_per_person_and_hides_the_subject():
    a, b = gespreks_id("jan@gemeente.nl", GEHEIM), gespreks_id("piet@gemeente.nl", GEHEIM)
    assert a == gespreks_id("jan@gemeente.nl", GEHEIM) and a != b
    assert "jan" not in a
    assert gespreks_id("jan@gemeente.nl", "ander-geheim") != a


def test_dutch_error_texts_exist(settings):
    from bot.teksten import platte_teksten

    texts = platte_teksten(settings.texts_dir / "kanaal.yml")
    for key in ("intranet_niet_ingesteld", "token_ontbreekt", "token_verlopen", "token_ongeldig"):
        assert texts[key]


def _token(**claims):
    nu = int(time.time())
    return jwt.encode({"sub": "jan", "iat": nu, "exp": nu + 600, **claims}, GEHEIM, algorithm="HS256")


def test_issuer_and_audience_when_configured():
    eisen = {"issuer": "https://idp.gemeente.nl", "audience": "discriminatie-assistent"}
    goed = _token(iss="https://idp.gemeente.nl", aud="discriminatie-assistent")
    assert controleer_token(f"Bearer {goed}", GEHEIM, **eisen) == "jan"
    for fout in (_token(), _token(iss="https://idp.gemeente.nl"),
                 _token(iss="https://ander.nl", aud="discriminatie-assistent"),
                 _token(iss="https://idp.gemeente.nl", aud="iets-anders")):
        with pytest.raises(OngeldigToken) as exc:
            controleer_token(f"Bearer {fout}", GEHEIM, **eisen)
        assert exc.value.key == "token_ongeldig"


def test_a_single_sign_on_token_with_an_audience_passes_when_none_is_configured():
    assert controleer_token(f"Bearer {_token(aud='intranet')}", GEHEIM) == "jan"


def test_a_token_valid_for_ten_years_or_without_iat_is_refused():
    nu = int(time.time())
    tien_jaar = jwt.encode({"sub": "jan", "iat": nu, "exp": nu + 10 * 365 * 86400}, GEHEIM,
                           algorithm="HS256")
    with pytest.raises(OngeldigToken) as exc:
        controleer_token(f"Bearer {tien_jaar}", GEHEIM)
    assert exc.value.key == "token_te_lang_geldig"
    zonder_iat = jwt.encode({"sub": "jan", "exp": nu + 60}, GEHEIM, algorithm="HS256")
    with pytest.raises(OngeldigToken):
        controleer_token(f"Bearer {zonder_iat}", GEHEIM)


def test_a_short_secret_is_never_accepted():
    kort = "geheim"
    token = jwt.encode({"sub": "jan", "iat": int(time.time()), "exp": int(time.time()) + 60}, kort,
                       algorithm="HS256")
    with pytest.raises(OngeldigToken) as exc:
        controleer_token(f"Bearer {token}", kort)
    assert exc.value.key == "intranet_niet_ingesteld"


def test_a_signed_token_with_an_expiry_of_400_digits_is_invalid_not_a_server_error():
    # Found by the fuzz test (test_fuzz_invoer.py): float(exp) raised OverflowError -> HTTP 500.
    nu = int(time.time())
    token = jwt.encode({"sub": "jan", "iat": nu, "exp": 10**400}, GEHEIM, algorithm="HS256")
    with pytest.raises(OngeldigToken) as exc:
        controleer_token(f"Bearer {token}", GEHEIM)
    assert exc.value.key == "token_ongeldig"


def test_undecodable_header_bytes_are_an_invalid_token_not_a_server_error():
    # Sanic decodes header bytes with surrogateescape: "Bearer \xff" arrives as "Bearer \udcff";
    # PyJWT raised UnicodeEncodeError on it (HTTP 500). Found by the fuzz test.
    for header in ("Bearer \udcff", "Bearer \ud800", "Bearer é.é.é"):
        with pytest.raises(OngeldigToken) as exc:
            controleer_token(header, GEHEIM)
        assert exc.value.key == "token_ongeldig"
    # a lone surrogate in a signed subject still gives a conversation id
    assert gespreks_id("jan\ud800", GEHEIM).startswith("intranet-")
