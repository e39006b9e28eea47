"""All settings, read from the environment in this one place.

Every other module receives a ``Settings`` object (or a path taken from it); nothing
reads ``os.environ`` elsewhere.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import List, Mapping, Optional

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} moet een geheel getal zijn, niet {raw!r}") from exc


def _path(env: Mapping[str, str], name: str, default: Path) -> Path:
    raw = env.get(name)
    path = Path(raw) if raw else default
    return path if path.is_absolute() else PROJECT_ROOT / path


@dataclass(frozen=True)
class Settings:
    rasa_port: int
    actions_port: int
    host: str
    model_path: Path
    spacy_model_dir: Path
    tracker_db: Path
    data_dir: Path
    knowledge_dir: Path
    max_message_chars: int
    max_body_bytes: int
    api_token: Optional[str]
    gemeente: str = "voorbeeldgemeente"
    intranet_jwt_secret: Optional[str] = None
    # REST is open for integrators unless this is set: then every REST request needs
    # "Authorization: Bearer <BOT_REST_TOKEN>" (bot/channels/rest.py).
    rest_token: Optional[str] = None
    web_port: int = 8080
    web_origins_raw: Optional[str] = None
    # Production profile (`make run-production`): PostgreSQL tracker store, Redis lock
    # store, several Rasa replicas.
    pg_host: str = "127.0.0.1"
    pg_port: int = 5432
    pg_db: str = "assistent"
    pg_user: str = "postgres"
    pg_password: str = ""
    pg_login_db: str = "postgres"
    redis_host: str = "127.0.0.1"
    redis_port: int = 6379
    redis_db: int = 0
    redis_password: str = ""
    redis_prefix: str = "assistent"
    replica_ports_raw: Optional[str] = None
    lock_lifetime: int = 60
    # Privacy: conversations are deleted this many days after their last message.
    bewaartermijn_dagen: int = 30
    # Security: the action server answers on loopback only; pages may be framed only by these.
    actions_host: str = "127.0.0.1"
    frame_ancestors: str = "'self'"
    # Intranet tokens: required issuer/audience (empty: not checked) and a maximum lifetime.
    intranet_jwt_issuer: Optional[str] = None
    intranet_jwt_audience: Optional[str] = None
    intranet_jwt_max_seconden: int = 12 * 3600
    widget_geheim: Optional[str] = None
    # Rate limits (bot/channels/limiet.py): messages a minute and burst, per conversation and
    # per client address (generous: a municipality's visitors may share one NAT address).
    limiet_gesprek_per_minuut: int = 60
    limiet_gesprek_burst: int = 20
    limiet_adres_per_minuut: int = 600
    limiet_adres_burst: int = 120
    # Speed: the Rasa server reads only about this many recent events of a conversation, plus
    # its slots and form (bot/stores.py); 0 reads them all, as Rasa does.
    tracker_venster: int = 60
    # Speed: at most this many user messages in Rasa at once, the rest wait in order of arrival
    # (bot/wachtrij.py); 0 lets every message in at once, as Rasa does.
    max_gelijktijdig: int = 4

    @property
    def texts_dir(self) -> Path:
        return self.data_dir / "teksten"

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}"

    @property
    def web_origins(self) -> List[str]:
        """Origins allowed to open the widget's socket (BOT_WEB_ORIGINS, comma-separated);
        default: the demo page itself."""
        if self.web_origins_raw:
            return [o.strip().rstrip("/") for o in self.web_origins_raw.split(",") if o.strip()]
        origins = [self.web_url]
        if self.host == "127.0.0.1":
            origins.append(f"http://localhost:{self.web_port}")
        return origins

    @property
    def model_hash_path(self) -> Path:
        """The sha256 of the model, written by `make train` next to the model."""
        return self.model_path.with_name(self.model_path.name + ".sha256")

    @property
    def replica_ports(self) -> List[int]:
        """Ports of the Rasa replicas in the production profile (BOT_REPLICA_PORTS,
        comma-separated); default two: BOT_RASA_PORT and the port after it."""
        if not self.replica_ports_raw:
            return [self.rasa_port, self.rasa_port + 1]
        try:
            ports = [int(p) for p in self.replica_ports_raw.split(",") if p.strip()]
        except ValueError as exc:
            raise ValueError(
                f"BOT_REPLICA_PORTS moet poortnummers met komma's zijn, niet {self.replica_ports_raw!r}"
            ) from exc
        if not ports:
            raise ValueError("BOT_REPLICA_PORTS bevat geen poort")
        return ports

    @property
    def themas_pad(self) -> Path:
        """The theme words (Rasa synonyms) the department form matches typed answers against."""
        return self.data_dir / "nlu" / "afdeling_zoeken.yml"

    @property
    def gemeenten_dir(self) -> Path:
        return self.data_dir / "gemeenten"

    @property
    def profiel_pad(self) -> Path:
        """data/gemeenten/<BOT_GEMEENTE>.yml: the municipality this assistant works for."""
        return self.gemeenten_dir / f"{self.gemeente}.yml"

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if env is None else env
        return cls(
            rasa_port=_int(env, "BOT_RASA_PORT", 5005),
            actions_port=_int(env, "BOT_ACTIONS_PORT", 5055),
            host=env.get("BOT_HOST", "127.0.0.1"),
            model_path=_path(env, "BOT_MODEL", Path("models/assistent.tar.gz")),
            spacy_model_dir=_path(env, "BOT_SPACY_MODEL", Path(".cache/spacy-nl")),
            tracker_db=_path(env, "BOT_TRACKER_DB", Path("var/tracker.db")),
            data_dir=_path(env, "BOT_DATA_DIR", Path("data")),
            knowledge_dir=_path(env, "BOT_KENNIS_DIR", Path("../shared/knowledge")),
            max_message_chars=_int(env, "BOT_MAX_BERICHT_TEKENS", 2000),
            max_body_bytes=_int(env, "BOT_MAX_BODY_BYTES", 64 * 1024),
            api_token=env.get("RASA_API_TOKEN") or None,
            gemeente=(env.get("BOT_GEMEENTE") or "voorbeeldgemeente").strip(),
            intranet_jwt_secret=env.get("INTRANET_JWT_SECRET") or None,
            rest_token=env.get("BOT_REST_TOKEN") or None,
            web_port=_int(env, "BOT_WEB_PORT", 8080),
            web_origins_raw=env.get("BOT_WEB_ORIGINS") or None,
            pg_host=env.get("BOT_PG_HOST") or "127.0.0.1",
            pg_port=_int(env, "BOT_PG_PORT", 5432),
            pg_db=env.get("BOT_PG_DB") or "assistent",
            pg_user=env.get("BOT_PG_USER") or "postgres",
            pg_password=env.get("BOT_PG_PASSWORD", ""),
            pg_login_db=env.get("BOT_PG_LOGIN_DB") or "postgres",
            redis_host=env.get("BOT_REDIS_HOST") or "127.0.0.1",
            redis_port=_int(env, "BOT_REDIS_PORT", 6379),
            redis_db=_int(env, "BOT_REDIS_DB", 0),
            redis_password=env.get("BOT_REDIS_PASSWORD", ""),
            redis_prefix=env.get("BOT_REDIS_PREFIX") or "assistent",
            replica_ports_raw=env.get("BOT_REPLICA_PORTS") or None,
            lock_lifetime=_int(env, "BOT_LOCK_LIFETIME", 60),
            bewaartermijn_dagen=_int(env, "BOT_BEWAARTERMIJN_DAGEN", 30),
            actions_host=env.get("BOT_ACTIONS_HOST") or "127.0.0.1",
            frame_ancestors=env.get("BOT_FRAME_ANCESTORS") or "'self'",
            intranet_jwt_issuer=env.get("INTRANET_JWT_ISSUER") or None,
            intranet_jwt_audience=env.get("INTRANET_JWT_AUDIENCE") or None,
            intranet_jwt_max_seconden=_int(env, "INTRANET_JWT_MAX_SECONDEN", 12 * 3600),
            widget_geheim=env.get("BOT_WIDGET_GEHEIM") or None,
            limiet_gesprek_per_minuut=_int(env, "BOT_LIMIET_GESPREK_PER_MINUUT", 60),
            limiet_gesprek_burst=_int(env, "BOT_LIMIET_GESPREK_BURST", 20),
            limiet_adres_per_minuut=_int(env, "BOT_LIMIET_ADRES_PER_MINUUT", 600),
            limiet_adres_burst=_int(env, "BOT_LIMIET_ADRES_BURST", 120),
            tracker_venster=_int(env, "BOT_TRACKER_VENSTER", 60),
            max_gelijktijdig=_int(env, "BOT_MAX_GELIJKTIJDIG", 4),
        )
