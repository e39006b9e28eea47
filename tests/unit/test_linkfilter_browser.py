"""The widget's client-side link guard (web/linkfilter.js) in a real Chromium on the demo page:
a link in the chat whose target is not http(s), mailto or tel loses its href and does nothing
when clicked. The server already rewrites such links (bot/channels/widget.py); this is the
second lock. The page's CSP is bypassed so that only the guard stands in the way."""
from __future__ import annotations

import dataclasses
import threading
from http.server import ThreadingHTTPServer

from bot.browser import FLAGS
from bot.web import make_handler


def test_a_link_with_another_target_loses_its_href_and_does_nothing(settings, chromium_pad):
    from playwright.sync_api import sync_playwright

    s = dataclasses.replace(settings, host="127.0.0.1", rasa_port=5998)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(s))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_pad, headless=True, args=FLAGS)
            page = browser.new_context(bypass_csp=True).new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            # as rasa-webchat puts a bot message's Markdown links into the chat
            page.evaluate("""() => {
                const b = document.createElement('div');
                b.className = 'rw-message-text';
                b.innerHTML = '<a id="js" href="javascript:window.geklikt=1">x</a>'
                  + '<a id="js2" href=" JaVa&#x09;ScRiPt:window.geklikt=2">y</a>'
                  + '<a id="data" href="data:text/html,hoi">z</a>'
                  + '<a id="https" href="https://discriminatie.nl/">bron</a>'
                  + '<a id="mail" href="mailto:info@example.nl">mail</a>'
                  + '<a id="tel" href="tel:+31881300300">bel</a>';
                document.getElementById('webchat').appendChild(b);
            }""")
            page.wait_for_function("() => !document.getElementById('js').hasAttribute('href')")
            href = {i: page.get_attribute(f"#{i}", "href") for i in
                    ("js", "js2", "data", "https", "mail", "tel")}
            assert href == {"js": None, "js2": None, "data": None,
                            "https": "https://discriminatie.nl/",
                            "mail": "mailto:info@example.nl", "tel": "tel:+31881300300"}
            page.click("#js")
            page.click("#js2")
            assert page.evaluate("() => window.geklikt") is None
            # a link that is changed afterwards is checked again
            page.evaluate("() => document.getElementById('https')"
                          ".setAttribute('href', 'javascript:window.geklikt=3')")
            page.wait_for_function("() => !document.getElementById('https').hasAttribute('href')")
            browser.close()
    finally:
        server.shutdown()


def test_the_page_loads_the_guard_first(settings):
    from bot.web import WEB_DIR, routes

    assert "/linkfilter.js" in routes(settings)
    html = (WEB_DIR / "index.html").read_text(encoding="utf-8")
    assert html.index('src="/linkfilter.js"') < html.index('src="/widget.js"')
