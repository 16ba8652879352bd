"""Configuration read from the environment, with demo defaults that are safe only locally."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE = ROOT / "instance"


class ConfigError(RuntimeError):
    """The environment does not describe a runnable deployment."""


def from_environment(overrides: dict | None = None) -> dict:
    """Build the app config: environment first, then explicit overrides (tests)."""
    env = os.environ
    config = {
        "ENV": env.get("ASHAR_ENV", "demo"),
        "DATABASE_URL": env.get("DATABASE_URL") or f"sqlite:///{INSTANCE / 'ashar.db'}",
        "SECRET_KEY": env.get("SECRET_KEY"),
        # Separate keys: the census and ballot pseudonyms must survive a session-key rotation.
        "CENSUS_KEY": env.get("CENSUS_KEY"),
        "BALLOT_KEY": env.get("BALLOT_KEY"),
        "REDIS_URL": env.get("REDIS_URL"),
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "0") == "1",
        "SENDER": env.get("ASHAR_SENDER", "console"),
        "DEFAULT_LOCALE": env.get("ASHAR_DEFAULT_LOCALE", "ky"),
        "SEED_DEMO": env.get("ASHAR_SEED_DEMO", "1") == "1",
        # Behind a load balancer: how many proxies put X-Forwarded-For/-Proto in front of us.
        # 0 trusts no such header, so a client cannot pick the address its rate limits count.
        "TRUSTED_PROXIES": _count(env.get("ASHAR_TRUSTED_PROXIES", "0"), "ASHAR_TRUSTED_PROXIES"),
        # Seconds a worker may reuse an account row it read (PostgreSQL; 0: off). Unset: 30, or
        # 0 under TESTING. Rows are dropped as soon as they change, whatever this says.
        "ACCOUNT_CACHE_SECONDS": _seconds(env.get("ASHAR_ACCOUNT_CACHE_SECONDS"), "ASHAR_ACCOUNT_CACHE_SECONDS"),
        "TESTING": False,
    }
    config.update(overrides or {})
    _require_keys(config)
    return config


def _count(raw: str, name: str) -> int:
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 2):
        raise ConfigError(f"{name} must be a small whole number (the proxies in front of Ashar), not {raw!r}.")
    return int(raw)


def _seconds(raw: str | None, name: str) -> float | None:
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise ConfigError(f"{name} must be a number of seconds from 0 to 3600, not {raw!r}")
    return value


def _require_keys(config: dict) -> None:
    """Production must bring its own keys; the demo and tests may invent them per database."""
    missing = [k for k in ("SECRET_KEY", "CENSUS_KEY", "BALLOT_KEY") if not config.get(k)]
    if not missing:
        return
    if config["ENV"] == "production":
        raise ConfigError(
            "Refusing to start in production without " + ", ".join(missing)
            + ": set them in the environment (e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)."
        )
    key_file = INSTANCE / "demo-keys"
    if not config.get("TESTING"):
        # A demo restart (and every demo worker) must share keys, or sessions,
        # census hashes and ballot pseudonyms would break.
        INSTANCE.mkdir(exist_ok=True)
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
        seed = key_file.read_text().strip()
    else:
        seed = secrets.token_hex(32)
    for k in missing:
        config[k] = f"{k}:{seed}"
