"""Start the action server and the Rasa server together, wait until both answer, stop both.

Used by ``make run`` (foreground, Ctrl-C stops everything) and by the end-to-end tests
(the same code path, with other ports and a temporary tracker database).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, List, Optional

from bot.profiel import GemeenteProfiel, ProfielFout, laad_profiel
from bot.settings import PROJECT_ROOT, Settings


class StartupError(RuntimeError):
    pass


def _get_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (localhost)
            return resp.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


class Stack:
    """The action server plus the Rasa server as two child processes."""

    def __init__(self, settings: Settings, log_dir: Optional[Path] = None) -> None:
        self.settings = settings
        self.log_dir = log_dir
        self._procs: List[subprocess.Popen] = []
        self.profiel: Optional[GemeenteProfiel] = None
        self._logs: List[IO[bytes]] = []

    @property
    def rasa_url(self) -> str:
        return f"http://{self.settings.host}:{self.settings.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.settings.host}:{self.settings.actions_port}"

    @property
    def rest_webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    @property
    def intranet_webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/intranet/webhook"

    def child_env(self) -> dict:
        env = dict(os.environ)
        env.update(
            BOT_ACTIONS_PORT=str(self.settings.actions_port),
            BOT_RASA_PORT=str(self.settings.rasa_port),
            BOT_HOST=self.settings.host,
            BOT_WEB_PORT=str(self.settings.web_port),
            BOT_WEB_ORIGINS=",".join(self.settings.web_origins),
            BOT_TRACKER_DB=str(self.settings.tracker_db),
            BOT_DATA_DIR=str(self.settings.data_dir),
            BOT_GEMEENTE=self.settings.gemeente,
            BOT_MAX_BERICHT_TEKENS=str(self.settings.max_message_chars),
            BOT_MAX_BODY_BYTES=str(self.settings.max_body_bytes),
            TF_CPP_MIN_LOG_LEVEL=env.get("TF_CPP_MIN_LOG_LEVEL", "2"),
        )
        if self.settings.intranet_jwt_secret:
            env["INTRANET_JWT_SECRET"] = self.settings.intranet_jwt_secret
        return env

    def _spawn(self, name: str, args: List[str], module: str = "rasa") -> None:
        out: Optional[IO[bytes]] = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{name}.log", "wb")
            self._logs.append(out)
        proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=PROJECT_ROOT,
            env=self.child_env(),
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
        )
        self._procs.append(proc)

    def rasa_args(self) -> List[str]:
        s = self.settings
        args = [
            "run",
            "--model", str(s.model_path),
            "--endpoints", "endpoints.yml",
            "--credentials", "credentials.yml",
            "--interface", s.host,
            "--port", str(s.rasa_port),
        ]
        if s.api_token:
            # The HTTP API stays off unless it is protected by a token.
            args += ["--enable-api", "--auth-token", s.api_token]
        return args

    def start(self, timeout: float = 240.0) -> None:
        s = self.settings
        if not s.model_path.exists():
            raise StartupError(f"Geen getraind model gevonden op {s.model_path}; draai eerst `make train`.")
        # The municipality profile is checked before anything starts (BOT_GEMEENTE).
        try:
            self.profiel = laad_profiel(s.profiel_pad)
        except ProfielFout as exc:
            raise StartupError(str(exc)) from exc
        s.tracker_db.parent.mkdir(parents=True, exist_ok=True)
        self._spawn("actions", ["run", "actions", "--actions", "actions",
                                "--port", str(s.actions_port)])
        self._spawn("rasa", self.rasa_args())
        self._spawn("web", ["web"], module="bot")
        deadline = time.monotonic() + timeout
        checks = {
            "actieserver": f"{self.actions_url}/health",
            "Rasa-server": f"{self.rasa_url}/webhooks/rest/",
            "demopagina": f"{self.settings.web_url}/config.js",
        }
        while checks:
            for name, url in list(checks.items()):
                if _get_ok(url):
                    del checks[name]
            dead = [p for p in self._procs if p.poll() is not None]
            if dead:
                self.stop()
                raise StartupError(f"Een proces stopte tijdens het starten (exitcode {dead[0].returncode}).")
            if time.monotonic() > deadline:
                self.stop()
                raise StartupError(f"Niet op tijd gestart: {', '.join(checks)}")
            if checks:
                time.sleep(0.5)

    def alive(self) -> bool:
        return bool(self._procs) and all(p.poll() is None for p in self._procs)

    def stop(self) -> None:
        for proc in self._procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self._procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self._procs.clear()
        for log in self._logs:
            log.close()
        self._logs.clear()


def _raise_keyboard_interrupt(signum, frame):  # noqa: ARG001
    raise KeyboardInterrupt


def run_foreground(settings: Settings) -> int:
    # `kill` (SIGTERM) stops everything just like Ctrl-C: the servers run in their own
    # process groups and would otherwise be left behind.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    stack = Stack(settings)
    print("Assistent starten (model laden duurt ongeveer een minuut) ...", flush=True)
    try:
        stack.start()
        print(
            f"\nDe assistent draait voor {stack.profiel.naam} (BOT_GEMEENTE={settings.gemeente}):\n"
            f"  demopagina  : {settings.web_url}/  <- open deze in de browser (chatwidget rechtsonder)\n"
            f"  REST-kanaal : POST {stack.rest_webhook}\n"
            "                body: {\"sender\": \"<id>\", \"message\": \"<vraag>\"}\n"
            f"  intranet    : POST {stack.intranet_webhook} "
            f"({'Authorization: Bearer <token>; token: python -m bot dev-token --sub <naam>' if settings.intranet_jwt_secret else 'uit: zet INTRANET_JWT_SECRET'})\n"
            f"  actieserver : {stack.actions_url}\n"
            f"  gesprekken  : SQLite {settings.tracker_db}\n"
            f"  HTTP-API    : {'aan (met token)' if settings.api_token else 'uit (zet RASA_API_TOKEN om hem aan te zetten)'}\n"
            "Stoppen: Ctrl-C\n",
            flush=True,
        )
        while stack.alive():
            time.sleep(1)
        print("Een van de processen is gestopt; alles wordt afgesloten.", file=sys.stderr)
        return 1
    except StartupError as exc:
        print(f"Starten mislukt: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nAfsluiten ...", flush=True)
        return 0
    finally:
        stack.stop()
