"""bot/vloed.py: the flooding client sends at its rate, from the address it is given."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bot.vloed import Vloed, tabel


def test_the_flood_keeps_its_rate_and_comes_from_another_address():
    gezien = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            gezien.append((self.client_address[0], body["sender"]))
            self.send_response(429 if len(gezien) > 5 else 200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"[]")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        vloed = Vloed(f"http://127.0.0.1:{server.server_port}/", per_seconde=40, bron="127.0.0.2",
                      nieuw_gesprek_per_bericht=True).start()
        time.sleep(1.0)
        uitkomst = vloed.stop()
    finally:
        server.shutdown()
    assert 30 <= uitkomst["verstuurd"] <= 50  # 40 a second, for one second
    assert sum(uitkomst["statussen"].values()) == uitkomst["verstuurd"] == len(gezien)
    assert uitkomst["statussen"]["200"] == 5 and uitkomst["statussen"]["429"] == len(gezien) - 5
    assert {adres for adres, _ in gezien} == {"127.0.0.2"}
    assert len({afzender for _, afzender in gezien}) == len(gezien)  # a new conversation each


def test_the_table_shows_the_ratio_and_the_flood():
    normaal = {"p50_ms": 100.0, "p95_ms": 200.0, "fouten": 0}
    runs = [{"run": "zonder vloed", "normaal": normaal, "vloed": None, "p95_verhouding": 1.0},
            {"run": "vloed", "normaal": {**normaal, "p95_ms": 300.0}, "p95_verhouding": 1.5,
             "vloed": {"verstuurd": 100, "statussen": {"200": 20, "429": 79, "ReadTimeout": 1}}}]
    regels = tabel(runs).splitlines()
    assert "| zonder vloed | 100 ms | 200 ms | 1.00x | 0 | - | - | - | - |" in regels
    assert "| vloed | 100 ms | 300 ms | 1.50x | 0 | 100 | 20 | 79 | 1 |" in regels
