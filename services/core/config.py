"""Deployment configuration: environment variables and `.streamlit/secrets.toml`.

Read without Streamlit so the command line, migrations and tests see the same values as the app.
Per-installation rules that an admin may change at run time (lockout, deadlines) live in the
`setting` table instead, see services/settings.py.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # services/core/config.py -> the checkout
SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"


def data_dir() -> Path:
    """Folder for the SQLite file, uploads and the generated cookie key (git-ignored)."""
    path = Path(os.environ.get("SIGAP_DATA_DIR", ROOT / "data"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secrets() -> dict:
    if SECRETS_FILE.exists():
        with SECRETS_FILE.open("rb") as fh:
            return tomllib.load(fh)
    return {}


@dataclass(frozen=True)
class AuthConfig:
    cookie_name: str
    cookie_key: str
    cookie_expiry_days: float


def _generated_cookie_key() -> str:
    """A random key made once per installation; never a default baked into the code."""
    path = data_dir() / ".cookie_key"
    if not path.exists():
        # O_EXCL: when several processes start at once, exactly one writes the key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(48))
    key = path.read_text().strip()
    if not key:  # another process created the file and has not written yet
        raise RuntimeError(f"cookie key file {path} is empty; remove it and restart")
    return key


@lru_cache(maxsize=1)
def auth_config() -> AuthConfig:
    """Cookie settings: env first (SIGAP_COOKIE_KEY, SIGAP_COOKIE_EXPIRY_DAYS), then secrets.toml [auth]."""
    section = _secrets().get("auth", {})
    key = os.environ.get("SIGAP_COOKIE_KEY") or section.get("cookie_key") or _generated_cookie_key()
    days = float(os.environ.get("SIGAP_COOKIE_EXPIRY_DAYS") or section.get("cookie_expiry_days", 1))
    name = os.environ.get("SIGAP_COOKIE_NAME") or section.get("cookie_name", "sigap_auth")
    return AuthConfig(cookie_name=name, cookie_key=key, cookie_expiry_days=days)


def database_url() -> str:
    """DATABASE_URL (any SQLAlchemy URL) or secrets.toml [database] url, else the SQLite file in data/."""
    url = os.environ.get("DATABASE_URL") or _secrets().get("database", {}).get("url")
    return url or f"sqlite:///{data_dir() / 'sigap.db'}"


def app_timezone() -> str:
    """Time zone in which timestamps are shown and 'today' is decided (default WIB)."""
    return os.environ.get("SIGAP_TIMEZONE", "Asia/Jakarta")
