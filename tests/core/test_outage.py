"""The database going away: every page says so in the user's language (no traceback), saves nothing,
and works again by itself once the database is back."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from services.core import db
from tests.apptest import as_user, by_label, open_page, texts

DOWN_ID = "Basis data sedang tidak dapat dihubungi"
DOWN_EN = "The database cannot be reached just now"


@contextmanager
def database_down(monkeypatch):
    """The app's database URL points at a server that is not there: connections are refused, as
    they are while a server is stopped or restarting."""
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with monkeypatch.context() as m:
        m.setenv("DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:{port}/gone?connect_timeout=2")
        yield


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("officer", "pages/complaints/queue.py"),
        ("manager", "pages/satisfaction/dashboard.py"),
        ("admin", "pages/core/users.py"),
    ],
)
def test_a_page_says_the_database_is_away_and_recovers(world, monkeypatch, who, path):
    at = open_page(who, path)
    assert not at.exception
    with database_down(monkeypatch):
        at.run()
        assert not at.exception, at.exception
        assert DOWN_ID in texts(at)
    at.run()  # the database is back
    assert not at.exception and DOWN_ID not in texts(at)


def test_the_message_speaks_the_users_language(world, monkeypatch):
    at = as_user("officer", lang="en")
    with database_down(monkeypatch):
        at.run()
    assert not at.exception and DOWN_EN in texts(at)


def test_a_save_whose_commit_fails_saves_nothing_and_says_so(world, monkeypatch, session):
    """The database goes away between the insert and its commit: the transaction is rolled back, the
    user reads why, and the unit is not there (nothing half-saved)."""
    from sqlmodel import select

    from models.core.org import Unit

    real_commit = Session.commit

    def commit(self):
        if self.exec(select(Unit.id).where(Unit.code == "WGR-KAM-YAB")).first():  # the insert reached the DB
            raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))
        return real_commit(self)

    at = open_page("admin", "pages/core/units.py")
    at.selectbox(key="unit_new_district").select(world.wgr.id)
    form_inputs = [e for e in at.text_input if e.form_id == "unit_create"]
    by_label(form_inputs, "Kode").input("WGR-KAM-YAB")
    by_label(form_inputs, "Nama").input("Kantor Kampung Yaba")
    by_label(form_inputs, "Jenis").input("kampung")
    monkeypatch.setattr(Session, "commit", commit)
    at.button(key="FormSubmitter:unit_create-Simpan").click()
    at.run()
    monkeypatch.setattr(Session, "commit", real_commit)
    assert not at.exception, at.exception
    assert DOWN_ID in texts(at) and "Unit WGR-KAM-YAB tersimpan." not in texts(at)
    session.expire_all()
    assert session.exec(select(Unit).where(Unit.code == "WGR-KAM-YAB")).first() is None


# --- a real PostgreSQL server stopped and started under the app -------------------------------------


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(*cmd: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *cmd], check=True, capture_output=True, timeout=120)


@pytest.mark.slow
@pytest.mark.skipif(_pg_bin() is None, reason="needs PostgreSQL's server binaries (initdb, pg_ctl)")
def test_postgres_stopped_and_started_under_a_running_app(monkeypatch):
    """A throwaway PostgreSQL cluster on its own port, so the suite's own server is never touched."""
    from tests.factories import build_world

    bin_dir, port = _pg_bin(), _free_port()
    tmp_path = Path(tempfile.mkdtemp(prefix="sigap-pg-"))  # under /tmp: the postgres user can reach it
    data = tmp_path / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp_path, "postgres")
        shutil.chown(data, "postgres")
    _as_postgres(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(tmp_path / "server.log")]
    ctl += ["-o", f"-p {port} -k {tmp_path} -c listen_addresses=127.0.0.1"]  # its own port and socket folder
    _as_postgres(*ctl, "-w", "start")
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    try:
        monkeypatch.setenv("DATABASE_URL", url)
        db.migrate(url)
        with Session(db.get_engine()) as s:
            build_world(s)
            s.commit()
        at = open_page("officer", "pages/complaints/queue.py")
        assert not at.exception and DOWN_ID not in texts(at)

        _as_postgres(*ctl, "-m", "fast", "-w", "stop")
        assert not db.is_reachable()
        at.run()
        assert not at.exception, at.exception
        assert DOWN_ID in texts(at)

        _as_postgres(*ctl, "-w", "start")
        assert db.is_reachable()  # the pool drops the dead connections (pre-ping) and reconnects
        at.run()
        assert not at.exception and DOWN_ID not in texts(at)
    finally:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *ctl, "-m", "immediate", "stop"], capture_output=True)
        db.get_engine().dispose()
        shutil.rmtree(tmp_path, ignore_errors=True)
