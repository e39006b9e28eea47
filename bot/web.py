"""The demo web page of a municipality with the chat widget (rasa-webchat from npm).

A small static server (``python -m bot web``, started by ``make run``) that serves exactly
these: the page (web/index.html), its start script (web/init.js), the accessibility fixes for
the widget (web/toegankelijkheid.js and .css), the link guard (web/linkfilter.js: only
http(s)/mailto/tel links in the chat), the widget bundle
installed by ``npm ci`` in web/ (web/node_modules/rasa-webchat/lib/index.js) and /config.js
with the socket URL of the Rasa server. Nothing is loaded from a CDN, no other file is served,
and a Content-Security-Policy keeps the browser from contacting anyone but these servers.

``/inzicht``: the report for policy makers (bot/inzicht.py) of the previous month, or of
``?van=JJJJ-MM-DD&tot=JJJJ-MM-DD``, read from the tracker store of the running profile. Only for
an intranet token (``Authorization: Bearer``, the intranet channel's rules) with the claim
``rol: beleid``: without a valid token 401, with another role 403, each with a Dutch text.
"""
from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Optional, Tuple

from bot.settings import PROJECT_ROOT, Settings

WEB_DIR = PROJECT_ROOT / "web"
WIDGET = WEB_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js"


def config_js(settings: Settings) -> str:
    config = {
        "socketUrl": f"http://{settings.host}:{settings.rasa_port}",
        "socketPath": "/socket.io/",
    }
    return f"window.ASSISTENT_CONFIG = {json.dumps(config)};\n"


def content_security_policy(settings: Settings) -> str:
    """Only this server and the Rasa socket; blocks e.g. the web font the widget bundle would
    fetch from Google (no third party learns who visits the page)."""
    rasa = f"{settings.host}:{settings.rasa_port}"
    return ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data:; font-src 'self' data:; connect-src 'self' http://{rasa} ws://{rasa}; "
            f"frame-ancestors {settings.frame_ancestors}; base-uri 'none'; form-action 'none'")


def privacy_pagina(settings: Settings) -> str:
    """The privacy statement, from data/teksten/privacy.yml and the municipality profile;
    what the municipality did not fill in says so (nothing invented)."""
    import html

    import yaml

    from bot.profiel import laad_profiel

    teksten = yaml.safe_load((settings.texts_dir / "privacy.yml").read_text(encoding="utf-8"))
    profiel = laad_profiel(settings.profiel_pad)
    leeg = teksten["niet_ingevuld"]
    contact = profiel.privacy.contact
    contactregels = ", ".join(str(v) for v in (contact.email, contact.telefoon, contact.website,
                                                contact.adres) if v) or leeg
    velden = {
        "gemeente": profiel.naam,
        "verantwoordelijke": profiel.privacy.verwerkingsverantwoordelijke or leeg,
        "grondslag": profiel.privacy.grondslag or leeg,
        "termijn": profiel.bewaartermijn(settings.bewaartermijn_dagen),
        "contact": contactregels,
    }
    titel = html.escape(teksten["titel"].format(**velden))
    delen = [f"<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
             f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
             f"<title>{titel}</title></head><body><main><h1>{titel}</h1>"]
    for sectie in teksten["secties"]:
        delen.append(f"<h2>{html.escape(sectie['kop'])}</h2>"
                     f"<p>{html.escape(sectie['tekst'].format(**velden))}</p>")
    delen.append("<p><a href='/'>Terug naar de pagina met de assistent</a></p></main></body></html>")
    return "".join(delen)


def routes(settings: Settings) -> Dict[str, Tuple[str, object]]:
    """path -> (content type, file path or generated text)."""
    return {
        "/privacy": ("text/html; charset=utf-8", privacy_pagina(settings)),
        "/init.js": ("application/javascript; charset=utf-8", WEB_DIR / "init.js"),
        "/toegankelijkheid.js": ("application/javascript; charset=utf-8", WEB_DIR / "toegankelijkheid.js"),
        "/toegankelijkheid.css": ("text/css; charset=utf-8", WEB_DIR / "toegankelijkheid.css"),
        "/linkfilter.js": ("application/javascript; charset=utf-8", WEB_DIR / "linkfilter.js"),
        "/": ("text/html; charset=utf-8", WEB_DIR / "index.html"),
        "/index.html": ("text/html; charset=utf-8", WEB_DIR / "index.html"),
        "/widget.js": ("application/javascript; charset=utf-8", WIDGET),
        "/config.js": ("application/javascript; charset=utf-8", config_js(settings)),
    }


INZICHT_ROL = "beleid"


def inzicht_pagina(settings: Settings, autorisatie: Optional[str], query: str,
                   productie: bool = False) -> Tuple[int, str]:
    """(HTTP status, Dutch HTML) of /inzicht for this Authorization header and query."""
    import html
    from datetime import date
    from urllib.parse import parse_qs

    from bot.channels.intranet import OngeldigToken, token_claims, token_eisen
    from bot.inzicht import html_pagina, tracker_engine, verzamel, vorige_maand
    from bot.teksten import platte_teksten

    teksten = platte_teksten(settings.texts_dir / "kanaal.yml")

    def melding(status: int, sleutel: str) -> Tuple[int, str]:
        return status, (f"<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
                        f"<title>Inzicht</title></head><body><p>{html.escape(teksten[sleutel])}"
                        "</p></body></html>")

    try:
        claims = token_claims(autorisatie, settings.intranet_jwt_secret, **token_eisen(settings))
    except OngeldigToken as ongeldig:
        return melding(401, ongeldig.key)
    if claims.get("rol") != INZICHT_ROL:
        return melding(403, "inzicht_geen_rol")
    vragen = parse_qs(query)
    van, tot = vorige_maand(date.today())
    try:
        if "van" in vragen or "tot" in vragen:
            van = date.fromisoformat(vragen["van"][0])
            tot = date.fromisoformat(vragen["tot"][0])
    except (KeyError, ValueError):
        return melding(400, "inzicht_periode_ongeldig")
    if tot < van or (tot - van).days > 366:
        return melding(400, "inzicht_periode_ongeldig")
    return 200, html_pagina(verzamel(tracker_engine(settings, productie), van, tot))


def make_handler(settings: Settings, productie: bool = False):
    table = routes(settings)
    csp = content_security_policy(settings)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            pad, _, query = self.path.partition("?")
            if pad == "/inzicht":
                status, pagina = inzicht_pagina(settings, self.headers.get("Authorization"),
                                                query, productie)
                self._stuur(status, "text/html; charset=utf-8", pagina.encode("utf-8"))
                return
            entry = table.get(pad)
            if entry is None:
                self.send_error(404, "Niet gevonden")
                return
            content_type, source = entry
            body = source.read_bytes() if isinstance(source, Path) else str(source).encode("utf-8")
            self._stuur(200, content_type, body)

        def _stuur(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            if status == 401:
                self.send_header("WWW-Authenticate", "Bearer")
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", csp)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

    return Handler


def serve_web(settings: Settings, productie: bool = False) -> None:
    if not WIDGET.exists():
        raise SystemExit(f"Chatwidget ontbreekt ({WIDGET}); draai eerst `make install` (npm ci in web/).")
    server = ThreadingHTTPServer((settings.host, settings.web_port),
                                 make_handler(settings, productie))
    server.serve_forever()
