"""Backups restore to an equal database: taken while the app writes, refused when they cannot be right.

A writer thread takes complaints in (complaint, timeline event, counter, a survey response whose
roll-up the triggers keep, now and then an attachment on disk), one transaction each, and after every
commit notes a fingerprint of the whole database (each table's row count and a checksum of its rows).
The backup runs meanwhile; the restored database must equal one of those fingerprints (the database
at the backup's moment, never a half-written transaction) and its attachments the files byte for byte.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlmodel import Session, select

from models.complaints import Complaint, ComplaintAttachment, ComplaintEvent
from models.satisfaction import ELEMENTS
from services.complaints import intake as complaint_intake
from services.core import backup, db
from services.satisfaction import stats
from services.satisfaction.surveys import insert_responses
from tests.dbutil import fresh_database
from tests.factories import build_world

ROOT = Path(__file__).resolve().parents[2]
WRITES = 200
OWN_AUDIT = ("backup", "restore")  # the audit rows backup and restore add themselves


def _plain(value) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return repr(value)


def fingerprint(engine) -> dict[str, tuple[int, str]]:
    """Every table (Alembic's too): its row count and the SHA-256 of its sorted rows."""
    out = {}
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).mappings().all()
            if table == "audit_log":
                rows = [r for r in rows if r["action"] not in OWN_AUDIT]
            lines = sorted("|".join(_plain(v) for v in r.values()) for r in rows)
            out[table] = (len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest())
    return out


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def source(tmp_root, tmp_path):
    """A migrated database with the test world, and its own data folder (with a cookie key)."""
    with fresh_database(tmp_root, "bsrc") as url:
        engine = db.make_engine(url)
        with Session(engine, expire_on_commit=False) as s:
            world = build_world(s)
            s.commit()
        data = tmp_path / "src-data"
        (data / "attachments" / "2026").mkdir(parents=True)
        (data / ".cookie_key").write_text("a-secret-that-never-travels")
        (data / "certificates").mkdir()
        (data / "certificates" / "README.txt").write_text("later modules store files here too\n")
        yield url, engine, world, data
        engine.dispose()


@pytest.fixture
def target(tmp_root, tmp_path):
    """A fresh, migrated, empty database and an empty data folder to restore into."""
    with fresh_database(tmp_root, "bdst") as url:
        data = tmp_path / "dst-data"
        data.mkdir()
        yield url, data


def write_one(session: Session, world, i: int, data: Path, commit: bool = True) -> None:
    """One intake-like transaction: counter, complaint, event, a survey response, maybe a file."""
    tid, seq = complaint_intake.next_tracking_id(session, world.wgr, 2026)
    c = Complaint(
        tracking_id=tid,
        district_id=world.wgr.id,
        year=2026,
        seq=seq,
        kind="pengaduan",
        channel="walk_in",
        category="adminduk",
        title=f"Pengaduan {i}",
        description=f"Uraian pengaduan nomor {i} yang ditulis saat cadangan dibuat.",
        received_on=date(2026, 2, 2),
        resolve_by=date(2026, 2, 16),
        pin_hash="x" * 40,
        complainant_name=f"Pelapor {i}",
        complainant_phone="081234567890",
    )
    session.add(c)
    session.flush()
    session.add(ComplaintEvent(complaint_id=c.id, day=date(2026, 2, 2), actor_name="uji", action="received"))
    unit_id = world.units["WGR-DUKCAPIL"].id
    scores = {e: 1 + (i + k) % 4 for k, e in enumerate(ELEMENTS)}
    insert_responses(
        session, [{"unit_id": unit_id, "answered_on": date(2026, 1 + i % 12, 5), **scores, "source": "form"}]
    )
    if i % 10 == 0:
        content = os.urandom(2000 + i)
        stored = f"2026/{hashlib.md5(content).hexdigest()}.pdf"  # noqa: S324 (a name, not security)
        (data / "attachments" / stored).write_bytes(content)  # before the commit, as services do
        session.add(
            ComplaintAttachment(
                complaint_id=c.id,
                stored_name=stored,
                original_name=f"bukti-{i}.pdf",
                mime="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
        )
    if commit:
        session.commit()
    else:
        session.flush()


class Writer(threading.Thread):
    def __init__(self, engine, world, data: Path) -> None:
        super().__init__(daemon=True)
        self.engine, self.world, self.data = engine, world, data
        self.states = [fingerprint(engine)]  # states[k]: the database after k commits
        self.done = 0
        self.error: BaseException | None = None
        self.started_writing = threading.Event()

    def run(self) -> None:
        try:
            for i in range(WRITES):
                with Session(self.engine) as s:
                    write_one(s, self.world, i, self.data)
                self.states.append(fingerprint(self.engine))
                self.done = i + 1
                if self.done == 20:
                    self.started_writing.set()
        except BaseException as exc:  # surfaced by the test
            self.error = exc
            self.started_writing.set()


def test_a_backup_taken_while_the_app_writes_restores_to_the_database_of_that_moment(source, target, tmp_path):
    url, engine, world, data = source
    writer = Writer(engine, world, data)
    writer.start()
    assert writer.started_writing.wait(120)
    before = writer.done
    report = backup.backup(tmp_path / "sigap.tar.gz", url=url, data_dir=data)
    after = writer.done
    writer.join(300)
    assert writer.error is None, writer.error
    assert 20 <= before < WRITES, "the backup ran while the writer was writing"
    assert writer.done == WRITES

    dst_url, dst_data = target
    restored = backup.restore(report.path, url=dst_url, data_dir=dst_data)
    dst = db.make_engine(dst_url)
    try:
        state = fingerprint(dst)
        moments = [k for k, s in enumerate(writer.states) if s == state]
        assert moments, "the restored database equals no state the source went through"
        k = moments[0]
        print(f"backup began after {before} commits, ended after {after}; the archive holds {k}")
        assert before <= k <= after  # the moment of the backup, not before it began or after it ended
        assert report.tables["complaint"] == k == restored.tables["complaint"]
        with Session(dst) as s:
            # No transaction half there: every complaint has its event, the roll-up its responses.
            complaints = s.exec(select(Complaint.id)).all()
            with_event = set(s.exec(select(ComplaintEvent.complaint_id)).all())
            assert len(complaints) == k and set(complaints) == with_event
            assert stats.months_drift(s) == 0
            attachments = s.exec(select(ComplaintAttachment)).all()
            assert len(attachments) == len(range(0, k, 10))
            for a in attachments:
                restored_file = dst_data / "attachments" / a.stored_name
                assert restored_file.read_bytes() == (data / "attachments" / a.stored_name).read_bytes()
                assert sha(restored_file) == a.sha256
            restore_rows = s.execute(text("SELECT note, entity FROM audit_log WHERE action = 'restore'")).all()
            assert restore_rows == [(None, "database")]
        assert db.schema_is_current(dst)
    finally:
        dst.dispose()
    # Files: the data folder's, byte for byte, but never the cookie key.
    assert (dst_data / "certificates" / "README.txt").read_bytes() == (
        data / "certificates" / "README.txt"
    ).read_bytes()
    assert not (dst_data / ".cookie_key").exists()
    with tarfile.open(report.path) as tar:
        names = tar.getnames()
    assert ".cookie_key" not in " ".join(names) and "manifest.json" in names
    assert report.files == sum(1 for n in names if n.startswith("files/")) >= k // 10 + 1
    with engine.connect() as conn:
        logged = conn.execute(text("SELECT after FROM audit_log WHERE action = 'backup'")).scalar_one()
    logged = json.loads(logged) if isinstance(logged, str) else logged
    assert logged["rows"] == report.rows and logged["files"] == report.files


def test_an_open_transaction_is_not_in_the_backup(source, target, tmp_path):
    url, engine, world, data = source
    expected = fingerprint(engine)
    with Session(engine) as open_one:
        write_one(open_one, world, 1, data, commit=False)  # written, not committed: not in the backup
        report = backup.backup(tmp_path / "open.tar.gz", url=url, data_dir=data, audited=False)
        open_one.rollback()
    dst_url, dst_data = target
    backup.restore(report.path, url=dst_url, data_dir=dst_data, audited=False)
    dst = db.make_engine(dst_url)
    assert fingerprint(dst) == expected
    dst.dispose()


# --- refusals ------------------------------------------------------------------------------------


def rewrite(archive: Path, out: Path, manifest=None, part=None) -> Path:
    """A copy of an archive with its manifest changed by `manifest(m)` or a part's bytes by `part(name, b)`."""
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src:
            body = src.extractfile(member).read()
            if member.name == "manifest.json" and manifest:
                m = json.loads(body)
                manifest(m)
                body = json.dumps(m).encode()
            elif part:
                body = part(member.name, body)
            member.size = len(body)
            dst.addfile(member, io.BytesIO(body))
    return out


def with_file(archive: Path, out: Path, name: str, body: bytes) -> Path:
    """A sound-looking archive (hash and count in the manifest) that carries one more file."""

    def add(m: dict) -> None:
        m["parts"][name] = {"size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
        m["file_count"] += 1

    rewrite(archive, out, manifest=add)
    with tarfile.open(out) as src:
        members = [(m, src.extractfile(m).read()) for m in src]
    with tarfile.open(out, "w:gz") as dst:
        for member, data in members:
            dst.addfile(member, io.BytesIO(data))
        info = tarfile.TarInfo(name)
        info.size = len(body)
        dst.addfile(info, io.BytesIO(body))
    return out


def swap_kind(m: dict) -> None:
    other = "postgresql" if m["database_kind"] == "sqlite" else "sqlite"
    m["database_kind"] = other


def rename_database_part(archive: Path, out: Path) -> Path:
    """The database part under the other kind's name, manifest to match: a sound archive of the other kind."""
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src:
            body = src.extractfile(member).read()
            if member.name == "manifest.json":
                m = json.loads(body)
                swap_kind(m)
                old = next(n for n in m["parts"] if n.startswith("database/"))
                new = backup.POSTGRES_PART if m["database_kind"] == "postgresql" else backup.SQLITE_PART
                m["parts"][new] = m["parts"].pop(old)
                body = json.dumps(m).encode()
            elif member.name.startswith("database/"):
                member.name = backup.POSTGRES_PART if member.name == backup.SQLITE_PART else backup.SQLITE_PART
            member.size = len(body)
            dst.addfile(member, io.BytesIO(body))
    return out


def test_restore_refuses_what_it_cannot_restore_rightly_and_changes_nothing(source, target, tmp_root, tmp_path):
    url, engine, world, data = source
    with Session(engine) as s:
        write_one(s, world, 0, data)
    good = backup.backup(tmp_path / "good.tar.gz", url=url, data_dir=data, audited=False).path
    dst_url, dst_data = target
    dst = db.make_engine(dst_url)
    empty = fingerprint(dst)

    def refused(archive: Path, *words: str, into: str = dst_url) -> None:
        with pytest.raises(backup.BackupError) as info:
            backup.restore(archive, url=into, data_dir=dst_data)
        message = str(info.value)
        assert all(w in message for w in words), message
        assert fingerprint(dst) == empty and not any(dst_data.iterdir())

    refused(rename_database_part(good, tmp_path / "kind.tar.gz"), "database, but the configured database is")
    newer = rewrite(good, tmp_path / "newer.tar.gz", manifest=lambda m: m.update(schema_revision="0999_future"))
    refused(newer, "0999_future", "newer version of Sigap")

    def flip(name: str, body: bytes) -> bytes:
        return body[:-1] + bytes([body[-1] ^ 1]) if name.startswith("files/attachments") else body

    refused(rewrite(good, tmp_path / "flipped.tar.gz", part=flip), "damaged", "SHA-256")
    raw = good.read_bytes()
    (tmp_path / "cut.tar.gz").write_bytes(raw[: len(raw) // 2])
    refused(tmp_path / "cut.tar.gz", "damaged")
    (tmp_path / "junk.tar.gz").write_bytes(b"not an archive at all")
    refused(tmp_path / "junk.tar.gz", "damaged")
    no_file = rewrite(good, tmp_path / "short.tar.gz", manifest=lambda m: m["parts"].update({"files/x": {}}))
    refused(no_file, "damaged")
    refused(tmp_path / "missing.tar.gz", "no archive")
    sneaky = with_file(good, tmp_path / "key.tar.gz", "files/.cookie_key", b"a key from elsewhere")
    refused(sneaky, "not a sound Sigap backup", ".cookie_key")
    escaping = with_file(good, tmp_path / "up.tar.gz", "files/../../etc/x", b"x")
    refused(escaping, "damaged")
    dst.dispose()

    # A database with rows is replaced only when asked to, and then exactly.
    with fresh_database(tmp_root, "busy") as busy_url:
        busy = db.make_engine(busy_url)
        with Session(busy, expire_on_commit=False) as s:
            other = build_world(s)
            s.commit()
            write_one(s, other, 3, dst_data)
            write_one(s, other, 4, dst_data)
        held = fingerprint(busy)
        with pytest.raises(backup.BackupError, match="not empty .* pass --force"):
            backup.restore(good, url=busy_url, data_dir=dst_data)
        assert fingerprint(busy) == held
        backup.restore(good, url=busy_url, data_dir=dst_data, force=True)
        assert fingerprint(busy) == fingerprint(engine)
        with busy.connect() as conn:  # the roll-up triggers came back with the schema
            conn.execute(text("DELETE FROM survey_response"))
            assert conn.execute(text("SELECT coalesce(sum(n), 0) FROM survey_month")).scalar() == 0
            conn.rollback()
        busy.dispose()


def test_a_restore_that_meets_a_running_apps_lock_gives_up_and_changes_nothing(source, tmp_root, tmp_path, monkeypatch):
    url, engine, world, data = source
    archive = backup.backup(tmp_path / "good.tar.gz", url=url, data_dir=data, audited=False).path
    with fresh_database(tmp_root, "locked") as busy_url:
        busy = db.make_engine(busy_url)
        with Session(busy, expire_on_commit=False) as s:
            build_world(s)
            s.commit()
        held = fingerprint(busy)
        monkeypatch.setattr(backup, "LOCK_WAIT_SECONDS", 1)
        if busy.dialect.name == "sqlite":  # the app in the middle of a write
            holder = sqlite3.connect(busy.url.database, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            holder.execute("UPDATE user_role SET role = role")
        else:  # the app reading a table in an open transaction (the emptying has begun by then)
            holder = busy.raw_connection()
            holder.cursor().execute("LOCK TABLE user_role IN ACCESS SHARE MODE")
        try:
            with pytest.raises(backup.BackupError, match="lock"):
                backup.restore(archive, url=busy_url, data_dir=tmp_path / "d", force=True)
        finally:
            holder.rollback()
            holder.close()
        assert fingerprint(busy) == held
        busy.dispose()


def test_an_older_backup_is_migrated_forward_on_restore(tmp_root, target, tmp_path):
    with fresh_database(tmp_root, "old") as old_url:
        command.downgrade(db.alembic_config(old_url), "0004")
        old = db.make_engine(old_url)
        with old.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO district (id, name, code, kind, province, created_at)"
                    " VALUES (1, 'Wanggar', 'WGR', 'distrik', 'Papua Tengah', CURRENT_TIMESTAMP)"
                )
            )
        old.dispose()
        archive = backup.backup(tmp_path / "old.tar.gz", url=old_url, data_dir=tmp_path / "none").path
    dst_url, dst_data = target
    report = backup.restore(archive, url=dst_url, data_dir=dst_data)
    dst = db.make_engine(dst_url)
    assert (report.revision, report.migrated_to) == ("0004", db.schema_status(dst).head)
    assert db.schema_is_current(dst)
    with dst.connect() as conn:
        assert conn.execute(text("SELECT name FROM district")).scalars().all() == ["Wanggar"]
    dst.dispose()


def test_an_archive_is_not_written_into_the_data_folder(source):
    url, _engine, _world, data = source
    with pytest.raises(backup.BackupError, match="outside the data folder"):
        backup.backup(data / "backups" / "b.tar.gz", url=url, data_dir=data)
    assert not (data / "backups").exists()


def test_a_missing_postgresql_client_is_named(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(backup.BackupError, match="pg_dump was not found on PATH.*postgresql-client"):
        backup._tool("pg_dump")


def test_libpq_urls_keep_the_password_off_the_command_line():
    url, env = backup.libpq("postgresql+psycopg://sigap:s3cret@db.example:6432/sigap?sslmode=require")
    assert url == "postgresql://sigap@db.example:6432/sigap?sslmode=require"
    assert env["PGPASSWORD"] == "s3cret"


# --- the command line ----------------------------------------------------------------------------


def manage(url: str, data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "SIGAP_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_commands_back_up_restore_refuse_and_leave_a_current_schema(source, target, tmp_path):
    url, engine, world, data = source
    with Session(engine) as s:
        write_one(s, world, 0, data)
    archive = tmp_path / "cli.tar.gz"
    made = manage(url, data, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    assert "rows" in made.stdout and "2 files" in made.stdout and oct(archive.stat().st_mode)[-3:] == "600"
    dst_url, dst_data = target
    put_back = manage(dst_url, dst_data, "restore", str(archive))
    assert put_back.returncode == 0, put_back.stderr
    assert "restored the" in put_back.stdout and "2 files" in put_back.stdout
    again = manage(dst_url, dst_data, "restore", str(archive))
    assert again.returncode == 1 and "not empty" in again.stderr and "--force" in again.stderr
    assert manage(dst_url, dst_data, "restore", "--force", str(archive)).returncode == 0
    check = manage(dst_url, dst_data, "check")
    assert check.returncode == 0, check.stdout + check.stderr
