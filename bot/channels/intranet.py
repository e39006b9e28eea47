"""The intranet channel for civil servants at /webhooks/intranet/webhook, behind a JWT.

Only requests with ``Authorization: Bearer <JWT>`` signed with HS256 by the secret in
``INTRANET_JWT_SECRET`` (Settings) get through; the token must carry ``sub`` and ``exp``.
The conversation id is derived from ``sub`` (an HMAC with the secret, so it is neither the
person's id nor guessable), never taken from the body: nobody can read or write another
person's conversation. A missing, expired, forged or wrongly signed token (other algorithm,
``alg: none``) gets HTTP 401 with a Dutch JSON error and reaches no tracker. The body is
``{"message": "..."}``; size, JSON and text limits are those of the REST channel. Messages
carry the metadata ``{"doelgroep": "ambtenaar"}``.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import jwt
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import UserMessage

from bot.channels.invoer import RejectedInput, parse_json_object, parse_message
from bot.channels.rest import VeiligeRestInput

logger = logging.getLogger(__name__)

ALGORITME = "HS256"
DOELGROEP = "ambtenaar"


class OngeldigToken(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def gespreks_id(sub: str, secret: str) -> str:
    """The sender id for a token subject: stable per person, not reversible without the secret."""
    digest = hmac.new(secret.encode("utf-8"), sub.encode("utf-8", "surrogatepass"),
                      hashlib.sha256).hexdigest()  # a "\ud800" in a signed sub: no 500 (fuzz)
    return f"intranet-{digest[:32]}"


MIN_GEHEIM_BYTES = 32  # HS256 with a shorter secret can be brute-forced
STANDAARD_MAX_SECONDEN = 12 * 3600


def geheim_te_kort(secret: Optional[str]) -> bool:
    return bool(secret) and len(secret.encode("utf-8")) < MIN_GEHEIM_BYTES


def controleer_token(authorization: Optional[str], secret: Optional[str],
                     issuer: Optional[str] = None, audience: Optional[str] = None,
                     max_seconden: int = STANDAARD_MAX_SECONDEN) -> str:
    """The ``sub`` of a valid bearer token (see :func:`token_claims`)."""
    return token_claims(authorization, secret, issuer, audience, max_seconden)["sub"]


def token_claims(authorization: Optional[str], secret: Optional[str],
                 issuer: Optional[str] = None, audience: Optional[str] = None,
                 max_seconden: int = STANDAARD_MAX_SECONDEN) -> Dict[str, Any]:
    """The claims of a valid bearer token, or OngeldigToken with the key of the Dutch error.

    Required: ``sub``, ``exp`` and ``iat``, a lifetime (exp - iat) of at most ``max_seconden``,
    and, where configured, the issuer (``iss``) and audience (``aud``) of the municipality's
    identity provider; a token with an ``aud`` is accepted when no audience is configured."""
    if not secret or geheim_te_kort(secret):
        raise OngeldigToken("intranet_niet_ingesteld")
    if not authorization or not authorization.startswith("Bearer "):
        raise OngeldigToken("token_ontbreekt")
    token = authorization[len("Bearer "):].strip()
    if not token.isascii():
        # A JWT is ASCII. Sanic hands undecodable header bytes over as lone surrogates, on which
        # PyJWT raised UnicodeEncodeError (HTTP 500); found by the fuzz test.
        raise OngeldigToken("token_ongeldig")
    vereist = ["sub", "exp", "iat"] + (["iss"] if issuer else []) + (["aud"] if audience else [])
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITME], issuer=issuer,
                            audience=audience,
                            options={"require": vereist, "verify_aud": bool(audience)})
    except jwt.ExpiredSignatureError:
        raise OngeldigToken("token_verlopen")
    except jwt.InvalidTokenError:
        raise OngeldigToken("token_ongeldig")
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub.strip():
        raise OngeldigToken("token_ongeldig")
    try:
        levensduur = float(claims["exp"]) - float(claims["iat"])
    except (TypeError, ValueError, OverflowError):  # OverflowError: an exp of 400 digits (fuzz)
        raise OngeldigToken("token_ongeldig")
    if levensduur > max_seconden:
        raise OngeldigToken("token_te_lang_geldig")
    return claims


def maak_token(sub: str, secret: str, geldig_seconden: int = 8 * 3600,
               rol: Optional[str] = None) -> str:
    """A token for local development (``python -m bot dev-token``) and the tests; ``rol``
    (e.g. ``beleid``) as the identity provider would put it in the claim ``rol``."""
    import time

    nu = int(time.time())
    claims: Dict[str, Any] = {"sub": sub, "iat": nu, "exp": nu + geldig_seconden}
    if rol:
        claims["rol"] = rol
    return jwt.encode(claims, secret, algorithm=ALGORITME)


def token_eisen(settings: Any) -> Dict[str, Any]:
    """The token requirements from the settings (issuer, audience, maximum lifetime)."""
    return {"issuer": settings.intranet_jwt_issuer, "audience": settings.intranet_jwt_audience,
            "max_seconden": settings.intranet_jwt_max_seconden}


class IntranetInput(VeiligeRestInput):
    @classmethod
    def name(cls) -> Text:
        return "intranet"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "IntranetInput":
        return cls()

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[None]]
    ) -> Blueprint:
        bp = Blueprint("intranet_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            secret = self.settings.intranet_jwt_secret
            try:
                sub = controleer_token(request.headers.get("Authorization"), secret,
                                       **token_eisen(self.settings))
            except OngeldigToken as ongeldig:
                return self._error(401, ongeldig.key)
            try:
                text = parse_message(parse_json_object(request.body or b"", self.settings.max_body_bytes))
            except RejectedInput as rejected:
                return self._error(rejected.status, rejected.key)
            sender = gespreks_id(sub, secret or "")
            agent = getattr(request.app.ctx, "agent", None)
            return await self.answer(on_new_message, sender, text, {"doelgroep": DOELGROEP},
                                     tracker_store=getattr(agent, "tracker_store", None),
                                     adres=request.ip)

        return bp
