"""Start the action server and the Rasa server together, wait until both answer, stop both.

Used by ``make run`` (foreground, Ctrl-C stops everything) and by the end-to-end tests
(the same code path, with other ports and a temporary tracker database).
"""
from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Dict, List, Optional

from bot.modelhash import ModelHashFout, controleer_hash
from bot.profiel import GemeenteProfiel, ProfielFout, laad_profiel
from bot.settings import PROJECT_ROOT, Settings


def vrije_poort() -> int:
    """A free TCP port on the loopback interface (tests and the benchmark)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StartupError(RuntimeError):
    pass


def _sterf_met_ouder() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the child gets SIGTERM when the process that started it dies, whatever killed
    it (even SIGKILL), so a server is never left holding its port."""
    try:
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
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
        self._procs: Dict[str, subprocess.Popen] = {}
        self.profiel: Optional[GemeenteProfiel] = None
        self._logs: List[IO[bytes]] = []
        import secrets

        self._widget_geheim = secrets.token_hex(32)

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
            BOT_LIMIET_GESPREK_PER_MINUUT=str(self.settings.limiet_gesprek_per_minuut),
            BOT_LIMIET_GESPREK_BURST=str(self.settings.limiet_gesprek_burst),
            # The Rasa server's Sanic refuses a body of more than 4x the channel limit itself
            # instead of buffering up to 100 MB first; up to that, the channel answers the
            # Dutch 413. (Not for the action server: Rasa sends it the whole tracker.)
            SANIC_REQUEST_MAX_SIZE=str(4 * self.settings.max_body_bytes),
            TF_CPP_MIN_LOG_LEVEL=env.get("TF_CPP_MIN_LOG_LEVEL", "2"),
            RASA_TELEMETRY_ENABLED="false",  # privacy: no usage data leaves the machine
            # security: rasa-sdk binds to SANIC_HOST (else 0.0.0.0, with no authentication)
            SANIC_HOST=self.settings.actions_host,
        )
        if self.settings.intranet_jwt_secret:
            env["INTRANET_JWT_SECRET"] = self.settings.intranet_jwt_secret
        if self.settings.rest_token:
            env["BOT_REST_TOKEN"] = self.settings.rest_token
        # One secret for the widget's signed session ids, shared by every replica of this stack.
        env["BOT_WIDGET_GEHEIM"] = self.settings.widget_geheim or self._widget_geheim
        return env

    # True: Rasa's commands run as ``python -m rasa`` (Rasa as it comes: the benchmark's anchor).
    rasa_zoals_geleverd = False

    def _spawn(self, name: str, args: List[str], module: str = "rasa") -> None:
        """Start ``python -m <module> <args>``; Rasa's commands go through ``python -m bot rasa``,
        which keeps conversation text out of the logs (bot/log_filter.py) and checks the action
        server's answers against a schema checked once (bot/actie_antwoord.py)."""
        if module == "rasa":
            command = ["rasa", *args] if self.rasa_zoals_geleverd else ["bot", "rasa", *args]
        else:
            command = [module, *args]
        out: Optional[IO[bytes]] = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{name}.log", "ab")
            self._logs.append(out)
        env = self.child_env()
        if name.startswith("actions"):
            env.pop("SANIC_REQUEST_MAX_SIZE", None)
        proc = subprocess.Popen(
            [sys.executable, "-m", *command],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            # Own process group: a signal to the caller's group (Ctrl-C, a service manager)
            # reaches only this process, which stops the children once, in order.
            start_new_session=True,
            preexec_fn=_sterf_met_ouder,
        )
        self._procs[name] = proc

    endpoints_file = "endpoints.yml"

    def rasa_args(self, port: Optional[int] = None) -> List[str]:
        s = self.settings
        args = [
            "run",
            "--model", str(s.model_path),
            "--endpoints", self.endpoints_file,
            "--credentials", "credentials.yml",
            "--interface", s.host,
            "--port", str(port or s.rasa_port),
        ]
        if s.api_token:
            # The HTTP API stays off unless it is protected by a token.
            args += ["--enable-api", "--auth-token", s.api_token]
        return args

    def check(self) -> None:
        """Everything that must hold before a process starts; StartupError (Dutch) if not."""
        s = self.settings
        from bot.channels.intranet import MIN_GEHEIM_BYTES, geheim_te_kort

        if geheim_te_kort(s.rest_token):
            raise StartupError(
                f"BOT_REST_TOKEN is te kort: gebruik ten minste {MIN_GEHEIM_BYTES} bytes "
                "(bijvoorbeeld: python -c 'import secrets; print(secrets.token_urlsafe(48))').")
        if geheim_te_kort(s.intranet_jwt_secret):
            raise StartupError(
                f"INTRANET_JWT_SECRET is te kort: gebruik ten minste {MIN_GEHEIM_BYTES} bytes "
                "(bijvoorbeeld: python -c 'import secrets; print(secrets.token_urlsafe(48))').")
        try:
            controleer_hash(s.model_path, s.model_hash_path)
        except ModelHashFout as exc:
            raise StartupError(str(exc)) from exc
        # The municipality profile is checked before anything starts (BOT_GEMEENTE).
        try:
            self.profiel = laad_profiel(s.profiel_pad)
        except ProfielFout as exc:
            raise StartupError(str(exc)) from exc

    def spawn_all(self) -> Dict[str, str]:
        """Start the processes; return {name: health URL} to wait for."""
        s = self.settings
        s.tracker_db.parent.mkdir(parents=True, exist_ok=True)
        self._spawn("actions", self.actions_args())
        self._spawn("rasa", self.rasa_args())
        self._spawn("web", ["web"], module="bot")
        return {
            "actieserver": f"{self.actions_url}/health",
            "Rasa-server": f"{self.rasa_url}/webhooks/rest/",
            "demopagina": f"{self.settings.web_url}/config.js",
        }

    def actions_args(self) -> List[str]:
        return ["run", "actions", "--actions", "actions", "--port", str(self.settings.actions_port)]

    def start(self, timeout: float = 240.0) -> None:
        self.check()
        self.wait_healthy(self.spawn_all(), timeout)

    def wait_healthy(self, checks: Dict[str, str], timeout: float) -> None:
        checks = dict(checks)
        deadline = time.monotonic() + timeout
        while checks:
            for name, url in list(checks.items()):
                if _get_ok(url):
                    del checks[name]
            dead = [p for p in self._procs.values() if p.poll() is not None]
            if dead:
                self.stop()
                raise StartupError(f"Een proces stopte tijdens het starten (exitcode {dead[0].returncode}).")
            if time.monotonic() > deadline:
                self.stop()
                raise StartupError(f"Niet op tijd gestart: {', '.join(checks)}")
            if checks:
                time.sleep(0.5)

    def alive(self) -> bool:
        return bool(self._procs) and all(p.poll() is None for p in self._procs.values())

    def process_names(self) -> List[str]:
        return list(self._procs)

    def pid(self, name: str) -> int:
        return self._procs[name].pid

    def kill(self, name: str, sig: int = signal.SIGTERM) -> None:
        """Stop one process (SIGKILL for a crash); the others keep running."""
        proc = self._procs.pop(name)
        if proc.poll() is None:
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def stop(self) -> None:
        """Stop every process; safe to call twice (the second call finds nothing to stop)."""
        for proc in self._procs.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for name in list(self._procs):
            self.kill(name)
        for log in self._logs:
            log.close()
        self._logs.clear()


def _eerste_regel(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class ProductieStack(Stack):
    """The production profile: one action server and several Rasa replicas (BOT_REPLICA_PORTS)
    sharing a PostgreSQL tracker store and a Redis lock store (endpoints.production.yml)."""

    endpoints_file = "endpoints.production.yml"

    @property
    def rasa_url(self) -> str:
        return self.replica_url(0)

    def replica_url(self, index: int) -> str:
        return f"http://{self.settings.host}:{self.settings.replica_ports[index]}"

    def replica_webhook(self, index: int) -> str:
        return f"{self.replica_url(index)}/webhooks/rest/webhook"

    @staticmethod
    def replica_name(index: int) -> str:
        return f"rasa-{index + 1}"

    def child_env(self) -> dict:
        env = super().child_env()
        s = self.settings
        env.update(
            BOT_RASA_PORT=str(s.replica_ports[0]),  # the demo page talks to the first replica
            BOT_ACTIONS_HOST=s.host,
            BOT_PG_HOST=s.pg_host,
            BOT_PG_PORT=str(s.pg_port),
            BOT_PG_DB=s.pg_db,
            BOT_PG_LOGIN_DB=s.pg_login_db,
            BOT_PG_USER=s.pg_user,
            BOT_PG_PASSWORD=s.pg_password,
            BOT_REDIS_HOST=s.redis_host,
            BOT_REDIS_PORT=str(s.redis_port),
            BOT_REDIS_DB=str(s.redis_db),
            BOT_REDIS_PASSWORD=s.redis_password,
            BOT_REDIS_PREFIX=s.redis_prefix,
            TICKET_LOCK_LIFETIME=str(s.lock_lifetime),  # Rasa's own variable
        )
        return env

    def pg_connect(self, dbname: Optional[str] = None):
        import psycopg2

        s = self.settings
        return psycopg2.connect(host=s.pg_host, port=s.pg_port, user=s.pg_user,
                                password=s.pg_password or None, dbname=dbname or s.pg_db,
                                connect_timeout=5)

    def redis_client(self, timeout: Optional[float] = None):
        import redis

        s = self.settings
        return redis.Redis(host=s.redis_host, port=s.redis_port, db=s.redis_db,
                           password=s.redis_password or None, socket_connect_timeout=timeout)

    def check(self) -> None:
        super().check()
        import psycopg2
        import redis

        s = self.settings
        if not s.redis_prefix.isalnum():
            raise StartupError(f"BOT_REDIS_PREFIX mag alleen letters en cijfers bevatten, niet {s.redis_prefix!r}.")
        try:
            con = self.pg_connect(s.pg_login_db)
        except psycopg2.Error as exc:
            raise StartupError(
                f"PostgreSQL op {s.pg_host}:{s.pg_port} (gebruiker {s.pg_user}, database "
                f"{s.pg_login_db}) antwoordt niet: {_eerste_regel(exc)}. Start PostgreSQL "
                "(Debian: pg_ctlcluster <versie> main start) of zet BOT_PG_HOST, BOT_PG_PORT, "
                "BOT_PG_USER en BOT_PG_PASSWORD."
            ) from exc
        try:
            # The conversations' database is made here, once, not by two replicas at a time.
            con.autocommit = True
            with con.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (s.pg_db,))
                if cur.fetchone() is None:
                    cur.execute(f'CREATE DATABASE "{s.pg_db}"')
        except psycopg2.Error as exc:
            raise StartupError(
                f"De database {s.pg_db} bestaat niet en kan niet worden gemaakt: "
                f"{_eerste_regel(exc)}. Maak hem aan of geef gebruiker {s.pg_user} CREATEDB."
            ) from exc
        finally:
            con.close()
        try:
            self.redis_client(timeout=5).ping()
        except redis.RedisError as exc:
            raise StartupError(
                f"Redis op {s.redis_host}:{s.redis_port} antwoordt niet: {_eerste_regel(exc)}. "
                "Start Redis (Debian: redis-server) of zet BOT_REDIS_HOST, BOT_REDIS_PORT en "
                "BOT_REDIS_PASSWORD."
            ) from exc

    def spawn_all(self) -> Dict[str, str]:
        self._spawn("actions", self.actions_args())
        checks = {"actieserver": f"{self.actions_url}/health"}
        for index, port in enumerate(self.settings.replica_ports):
            self._spawn(self.replica_name(index), self.rasa_args(port))
            checks[self.replica_name(index)] = f"{self.replica_url(index)}/webhooks/rest/"
        self._spawn("web", ["web", "--productie"], module="bot")  # /inzicht reads PostgreSQL
        checks["demopagina"] = f"{self.settings.web_url}/config.js"
        return checks

    def drop_database(self) -> None:
        """Remove this profile's conversations database and Redis keys (tests, benchmark)."""
        s = self.settings
        con = self.pg_connect(s.pg_login_db)
        con.autocommit = True
        try:
            with con.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{s.pg_db}" WITH (FORCE)')
        finally:
            con.close()
        r = self.redis_client()
        for key in r.scan_iter(f"{s.redis_prefix}:*"):
            r.delete(key)

    def start_replica(self, index: int, timeout: float = 240.0) -> None:
        """(Re)start one replica, e.g. after a crash, and wait until it answers."""
        name = self.replica_name(index)
        self._spawn(name, self.rasa_args(self.settings.replica_ports[index]))
        self.wait_healthy({name: f"{self.replica_url(index)}/webhooks/rest/"}, timeout)

    def start_actions(self, timeout: float = 120.0) -> None:
        self._spawn("actions", self.actions_args())
        self.wait_healthy({"actieserver": f"{self.actions_url}/health"}, timeout)


class Afsluiten:
    """SIGTERM and SIGINT stop the stack like Ctrl-C, once.

    A signal to the whole process group of `make run` reaches this process twice (once from
    the kernel, once forwarded by make); a second signal during the shutdown must not
    interrupt it, or servers are left running and keep their ports.
    """

    def __init__(self) -> None:
        self.gevraagd = False

    def __call__(self, signum, frame) -> None:  # noqa: ARG002
        if self.gevraagd:
            return
        self.gevraagd = True
        raise KeyboardInterrupt

    def installeer(self) -> None:
        signal.signal(signal.SIGTERM, self)
        signal.signal(signal.SIGINT, self)


def run_foreground(settings: Settings, productie: bool = False) -> int:
    # `kill` (SIGTERM) stops everything just like Ctrl-C: the servers run in their own
    # process groups and would otherwise be left behind.
    afsluiten = Afsluiten()
    afsluiten.installeer()
    stack: Stack = ProductieStack(settings) if productie else Stack(settings)
    print("Assistent starten (model laden duurt ongeveer een minuut) ...", flush=True)
    try:
        stack.start()
        if isinstance(stack, ProductieStack):
            s = settings
            rasa = "".join(
                f"  replica {i + 1}   : POST {stack.replica_webhook(i)}\n"
                for i in range(len(s.replica_ports))
            )
            opslag = (f"  gesprekken  : PostgreSQL {s.pg_user}@{s.pg_host}:{s.pg_port}/{s.pg_db}\n"
                      f"  vergrendeling: Redis {s.redis_host}:{s.redis_port}/{s.redis_db} "
                      f"(prefix {s.redis_prefix}, lock {s.lock_lifetime} s)\n")
        else:
            rasa = (f"  REST-kanaal : POST {stack.rest_webhook}\n"
                    "                body: {\"sender\": \"<id>\", \"message\": \"<vraag>\"}\n")
            opslag = f"  gesprekken  : SQLite {settings.tracker_db}\n"
        print(
            f"\nDe assistent draait voor {stack.profiel.naam} (BOT_GEMEENTE={settings.gemeente}):\n"
            f"  demopagina  : {settings.web_url}/  <- open deze in de browser (chatwidget rechtsonder)\n"
            f"{rasa}"
            f"  intranet    : POST {stack.intranet_webhook} "
            f"({'Authorization: Bearer <token>; token: python -m bot dev-token --sub <naam>' if settings.intranet_jwt_secret else 'uit: zet INTRANET_JWT_SECRET'})\n"
            f"  actieserver : {stack.actions_url}\n"
            f"{opslag}"
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
        afsluiten.gevraagd = True  # from here on every signal is ignored: stop() runs to the end
        stack.stop()


def losse_stack(settings: Settings, map_: Path, naam: str) -> Stack:
    """The stack as ``make run`` starts it, on free ports, with its tracker store and logs in
    ``map_`` (a measurement's own directory: ``make vloed``, ``make widget-tijd``)."""
    return Stack(dataclasses.replace(
        settings, rasa_port=vrije_poort(), actions_port=vrije_poort(), web_port=vrije_poort(),
        api_token=None, tracker_db=map_ / f"{naam}.db"), log_dir=map_ / "logs")
