"""Widget channel and demo page server: source links, origins, what is served."""
from __future__ import annotations

import dataclasses
import threading
from http.server import ThreadingHTTPServer

import pytest
import requests

from bot.channels.widget import bron_als_link
from bot.web import config_js, content_security_policy, make_handler


def test_source_lines_become_markdown_links_on_their_own_line():
    text = ("Antwoord.\nBron: Voor gemeenten (Discriminatie.nl) — https://discriminatie.nl/gemeenten/\n"
            "Bron: Discriminatie (Politie) — https://www.politie.nl/themas/discriminatie.html")
    assert bron_als_link(text) == (
        "Antwoord.  \nBron: [Voor gemeenten (Discriminatie.nl)](https://discriminatie.nl/gemeenten/)  \n"
        "Bron: [Discriminatie (Politie)](https://www.politie.nl/themas/discriminatie.html)")
    assert bron_als_link("Geen bron hier.") == "Geen bron hier."


def test_default_origins_are_the_demo_page(settings):
    s = dataclasses.replace(settings, host="127.0.0.1", web_port=8080, web_origins_raw=None)
    assert s.web_origins == ["http://127.0.0.1:8080", "http://localhost:8080"]
    s = dataclasses.replace(s, web_origins_raw="https://www.gemeente.nl/, https://intranet.gemeente.nl")
    assert s.web_origins == ["https://www.gemeente.nl", "https://intranet.gemeente.nl"]


def test_page_server_serves_only_its_files_with_a_strict_policy(settings, tmp_path):
    s = dataclasses.replace(settings, host="127.0.0.1", rasa_port=5999)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(s))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        page = requests.get(base + "/", timeout=5)
        assert page.status_code == 200 and "Deel geen persoonsgegevens" in page.text
        assert page.headers["Content-Security-Policy"] == content_security_policy(s)
        assert "fonts.googleapis" not in page.headers["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in page.headers["Content-Security-Policy"]
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["Referrer-Policy"] == "no-referrer"
        assert requests.get(base + "/config.js", timeout=5).text == config_js(s)
        assert "http://127.0.0.1:5999" in config_js(s)
        for path in ("/package.json", "/../bot/settings.py", "/node_modules/rasa-webchat/package.json"):
            assert requests.get(base + path, timeout=5).status_code == 404
    finally:
        server.shutdown()


def test_session_ids_are_signed_and_a_foreign_one_is_not_accepted():
    from bot.channels.widget import nieuwe_sessie, sessie_geldig

    geheim = b"x" * 32
    sessie = nieuwe_sessie(geheim)
    assert sessie_geldig(sessie, geheim)
    assert not sessie_geldig(sessie, b"y" * 32)  # another server's secret
    assert not sessie_geldig(sessie.split("-")[0], geheim)  # no signature
    assert not sessie_geldig(sessie[:-1] + ("0" if sessie[-1] != "0" else "1"), geheim)
    assert not sessie_geldig("0123456789abcdef0123456789abcdef-zzzz", geheim)


def test_the_privacy_statement_comes_from_the_profile_and_invents_nothing(settings, tmp_path):
    import dataclasses
    import shutil

    from bot.web import privacy_pagina

    pagina = privacy_pagina(settings)  # the default profile fills in nothing
    assert "Privacyverklaring" in pagina and "30 dagen" in pagina
    assert pagina.count("nog niet ingevuld door de gemeente") == 3  # controller, basis, contact
    assert "verwijder mijn gesprek" in pagina

    data = tmp_path / "data"
    shutil.copytree(settings.data_dir, data)
    profiel = data / "gemeenten" / "voorbeeldgemeente.yml"
    tekst = profiel.read_text(encoding="utf-8")
    tekst = tekst.replace("verwerkingsverantwoordelijke: null",
                          "verwerkingsverantwoordelijke: het college van B&W")
    tekst = tekst.replace("  bewaartermijn_dagen: null", "  bewaartermijn_dagen: 14")
    profiel.write_text(tekst, encoding="utf-8")
    pagina = privacy_pagina(dataclasses.replace(settings, data_dir=data))
    assert "het college van B&amp;W" in pagina and "14 dagen" in pagina


# rasa-webchat renders bot texts as Markdown without react-markdown's own link filter
# (transformLinkUri: null): only http(s), mailto and tel may reach it as a link.
@pytest.mark.parametrize("tekst, verwacht", [
    ("[klik](javascript:alert(1))", "klik"),
    ("Zie [hier](JaVaScRiPt:alert(document.cookie)) meer.", "Zie hier meer."),
    ("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "x"),
    ("[x](vbscript:msgbox(1))", "x"),
    ("[x](file:///etc/passwd)", "x"),
    ("[x]( javascript:alert(1) )", "x"),
    ("[x](<javascript:alert(1)>)", "x"),
    ("[x](java&#x73;cript:alert(1))", "x"),  # Markdown decodes entities in a link target
    ("[x](javascript&colon;alert(1))", "x"),
    ("[x](javascript\\:alert(1))", "x"),  # and backslash escapes
    ("[x](java\u200bscript:alert(1))", "x"),
    ('[x](javascript:alert(1) "titel")', "x"),
    ("![plaatje](javascript:alert(1))", "plaatje"),
    ("[a [b](javascript:alert(1)) c](https://ok.nl)", "[a b c](https://ok.nl)"),
    ("zie <javascript:alert(1)>", "zie javascript:alert(1)"),  # autolink -> plain text
    ("[x][r]\n\n[r]: javascript:alert(1)", "[x][r]\n\n[r\\]: javascript:alert(1)"),  # definition
    ("[x][\\[r]\n\n[\n\\[r]: javascript:alert(1)", "[x][\\[r]\n\n[\n\\[r\\]: javascript:alert(1)"),
    ("[x](/privacy) en [y](#anker)", "x en y"),  # relative: not needed, not let through
    ("[x](\tjava\nscript:alert(1))", "[x\\](\tjava\nscript:alert(1))"),  # odd form: "](" escaped
])
def test_a_link_that_is_not_http_mailto_or_tel_becomes_plain_text(tekst, verwacht):
    from bot.channels.widget import veilige_links

    assert veilige_links(tekst) == verwacht


@pytest.mark.parametrize("tekst", [
    "Bron: [Voor gemeenten (Discriminatie.nl)](https://discriminatie.nl/gemeenten/)",
    "[mail](mailto:info@discriminatie.nl) of [bel](tel:+31881300300) of <https://www.politie.nl>",
    '[x](http://a.nl/pad_(1) "titel") en [y](HTTPS://A.NL)',
    "Geen links, wel [haken] en (haakjes) en 2 < 3 > 1.",
])
def test_allowed_links_and_plain_text_stay_as_they_are(tekst):
    from bot.channels.widget import veilige_links

    assert veilige_links(tekst) == tekst


async def test_the_widget_sends_no_message_with_another_link():
    from bot.channels.widget import WidgetOutput

    verzonden = []

    class Sio:
        async def emit(self, event, data=None, room=None, **kwargs):
            verzonden.append((event, data, room, kwargs))

    output = WidgetOutput(Sio(), "bot_uttered", room="sessie-1")
    await output.send_text_message("widget-sessie-1", "Lees [dit](javascript:alert(1)).\n"
                                   "Bron: Politie — https://www.politie.nl/themas/discriminatie.html")
    await output.send_image_url("widget-sessie-1", "javascript:alert(1)")
    await output.send_attachment("widget-sessie-1", {"type": "image", "payload": {"src": "data:x"}})
    await output.send_custom_json("widget-sessie-1", {"data": {"text": "[x](data:text/html,1)",
                                                               "url": "javascript:1"}})
    assert verzonden[0][1] == {"text": "Lees dit.  \nBron: [Politie](https://www.politie.nl/themas/discriminatie.html)"}
    assert verzonden[0][2] == "sessie-1"
    assert verzonden[1][1] == {"attachment": {"type": "image", "payload": {}}}
    assert verzonden[2][1] == {"attachment": {"type": "image", "payload": {}}}
    assert verzonden[3][1] == {"text": "x"}


async def test_buttons_of_an_answer_stay_and_questions_keep_quick_replies():
    """rasa-webchat hides quick replies once another message follows, so "Meer bronnen" under an
    answer (followed by "Had u hier iets aan?") is sent as buttons, which it keeps showing."""
    from bot.channels.widget import WidgetOutput

    verzonden = []

    class Sio:
        async def emit(self, event, data=None, room=None, **kwargs):
            verzonden.append(data)

    output = WidgetOutput(Sio(), "bot_uttered", room="sessie-1")
    knop = {"title": "Meer bronnen", "payload": "/vervolgvraag_bron"}
    await output.send_text_with_buttons(
        "s", "Antwoord.\n\nBron: Politie — https://www.politie.nl/themas/discriminatie.html", [knop])
    assert verzonden == [{"text": "Antwoord."},
                         {"text": "Bron: [Politie](https://www.politie.nl/themas/discriminatie.html)",
                          "buttons": [knop]}]
    verzonden.clear()
    await output.send_text_with_buttons("s", "Had u hier iets aan?", [{"title": "Ja", "payload": "/ja"}])
    assert verzonden == [{"text": "Had u hier iets aan?",
                          "quick_replies": [{"content_type": "text", "title": "Ja", "payload": "/ja"}]}]


def test_a_malformed_socket_request_is_one_warning_without_a_traceback():
    """engine.io logs a client's bad polling payload with a traceback at ERROR; the widget's
    engine.io logger makes it one WARNING line (no test that cannot fail: the record is real)."""
    import io
    import logging

    from engineio.payload import Payload

    from bot.channels.widget import engineio_logger

    log = engineio_logger()
    stroom = io.StringIO()
    handler = logging.StreamHandler(stroom)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    log.addHandler(handler)
    try:
        try:
            Payload(encoded_payload="\x1e".join(["4x"] * 40))  # more packets than engine.io allows
        except ValueError:
            log.exception("post request handler error")
        log.info("verbinding geopend")  # engine.io's info lines stay out, as by default
    finally:
        log.removeHandler(handler)
    uit = stroom.getvalue()
    assert uit.startswith("WARNING Widget: ongeldig verzoek van een client geweigerd")
    assert "Traceback" not in uit and "verbinding geopend" not in uit
    assert engineio_logger() is log and len(log.filters) == 1
