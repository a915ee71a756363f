"""Backups: the database and the data folder's files in one archive, and the way back.

An archive is a gzip-compressed tar file with
- `database/sigap.sqlite3` (SQLite: a copy made with SQLite's online backup API, consistent while the
  app writes) or `database/sigap.pgdump` (PostgreSQL: `pg_dump --format=custom` inside one exported
  snapshot, the same snapshot the manifest's row counts are read from);
- `files/...`: every regular file under the data folder (attachments today; certificates and whatever
  a later module stores there), except the live SQLite database with its -wal/-shm/-journal files,
  the `.cookie_key`, and the archive being written;
- `manifest.json`: format and version, the schema revision of the database copy, the database kind,
  when it was made, the file count, the row count of every table, and the size and SHA-256 of every
  other part.

The cookie key is left out on purpose: whoever holds it can sign a re-login cookie for any user
name, i.e. log in as an admin without a password. An archive travels (off-site disks, other
operators), so it must not carry that key; a restored installation keeps its own key (or makes a new
one), which at worst asks everyone to log in again.

The database is copied first, the files after it: an attachment is written to disk before the row
naming it commits, so every attachment row in the copy has its file in the archive (a file written
during the backup may come along without its row, which is harmless).

`restore` checks the whole archive (every hash, the database kind, a schema revision this code
knows) and that the target database holds no rows before it changes anything, and runs the
migrations forward when the archive is older than the code. PostgreSQL is emptied and restored in one
transaction (psql --single-transaction over pg_restore's script), so a failed restore leaves the
target as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlmodel import Session

from services.core import audit, config, db
from services.core.access import Actor, system_actor

FORMAT = "sigap-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_PART = "database/sigap.sqlite3"
POSTGRES_PART = "database/sigap.pgdump"
FILES_PREFIX = "files/"
NEVER_BACKED_UP = (".cookie_key",)  # names in the data folder that stay out of every archive
SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")
_CHUNK = 1024 * 1024
LOCK_WAIT_SECONDS = 60  # a restore that meets a running app's lock gives up after this, changing nothing


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the operator."""


@dataclass
class BackupReport:
    path: Path
    kind: str
    revision: str | None
    tables: dict[str, int]
    files: int
    file_bytes: int
    archive_bytes: int
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass
class RestoreReport:
    kind: str
    revision: str | None  # the archive's
    migrated_to: str | None  # head after restoring, when the archive was older; else None
    created_at: str
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# --- helpers -----------------------------------------------------------------------------------


def database_kind(url: str) -> str:
    name = make_url(db.normalise_url(url)).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {name}")
    return name


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError(f"cannot back up or restore this SQLite database: {url}")
    return Path(database).resolve()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def libpq(url: str) -> tuple[str, dict[str, str]]:
    """The libpq form of a SQLAlchemy PostgreSQL URL, and the environment carrying its password
    (never on the command line, where `ps` would show it)."""
    u = make_url(db.normalise_url(url))
    env = {**os.environ}
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    plain = URL.create("postgresql", u.username, None, u.host, u.port, u.database, u.query)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL client programs (Debian: apt-get install "
            "postgresql-client) of the server's major version or newer"
        )
    return path


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {(result.stderr or result.stdout).strip()}")


def _table_counts(conn) -> dict[str, int]:
    names = sorted(t for t in inspect(conn).get_table_names() if t != "alembic_version")
    return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in names}


def _revision(conn) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def data_files(data_dir: Path, exclude: set[Path]) -> Iterator[tuple[Path, str]]:
    """(path, name inside the archive) of every regular file under the data folder worth keeping."""
    for root, dirs, names in os.walk(data_dir):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            if name in NEVER_BACKED_UP or path.is_symlink() or not path.is_file():
                continue
            if path.resolve() in exclude or name.endswith(".partial"):
                continue
            yield path, FILES_PREFIX + path.relative_to(data_dir).as_posix()


def _live_database_files(url: str) -> set[Path]:
    """The SQLite database file and its companions (never copied as plain files, never overwritten)."""
    if database_kind(url) != "sqlite":
        return set()
    live = _sqlite_path(url)
    return {Path(f"{live}{suffix}") for suffix in SQLITE_SIDE_FILES}


class _Hashing(io.RawIOBase):
    """A file reader that hashes what it hands out (the archive's bytes are the hashed bytes)."""

    def __init__(self, fh) -> None:
        self.fh, self.h = fh, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.h.update(data)
        return data


# --- backup ------------------------------------------------------------------------------------


def _give_up_after(seconds: float, what: str) -> Callable[[int, int, int], None]:
    """A progress callback for sqlite3's backup(), which retries a locked database for ever."""
    deadline = time.monotonic() + seconds

    def check(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise BackupError(f"{what} stayed locked for {seconds} s: is a long transaction or the app holding it?")

    return check


def _snapshot_sqlite(url: str, target: Path) -> tuple[str | None, dict[str, int]]:
    source = _sqlite_path(url)
    if not source.exists():
        raise BackupError(f"no SQLite database at {source}")
    src = sqlite3.connect(source, timeout=db.SQLITE_BUSY_TIMEOUT_MS / 1000)
    dst = sqlite3.connect(target)
    try:
        # All pages in one step: one consistent read snapshot while writers go on (WAL).
        src.backup(dst, progress=_give_up_after(LOCK_WAIT_SECONDS, "the database"))
    finally:
        src.close()
        dst.close()
    engine = db.make_engine(f"sqlite:///{target}")
    try:
        with engine.connect() as conn:
            return _revision(conn), _table_counts(conn)
    finally:
        engine.dispose()
        for suffix in SQLITE_SIDE_FILES[1:]:
            Path(f"{target}{suffix}").unlink(missing_ok=True)


def _snapshot_postgres(url: str, target: Path) -> tuple[str | None, dict[str, int]]:
    pg_dump = _tool("pg_dump")
    conninfo, env = libpq(url)
    engine = db.make_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            with conn.begin():
                # One snapshot for the counts, the revision and pg_dump: the dump is the database as
                # this transaction sees it, whatever commits meanwhile.
                snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                revision, counts = _revision(conn), _table_counts(conn)
                _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}", conninfo], env)
    finally:
        engine.dispose()
    return revision, counts


def backup(
    path: str | os.PathLike,
    *,
    url: str | None = None,
    data_dir: Path | None = None,
    audited: bool = True,
) -> BackupReport:
    """Write the configured database and the data folder's files to one archive at `path`."""
    started = time.monotonic()
    url = db.normalise_url(url or config.database_url())
    data_dir = (data_dir or config.data_dir()).resolve()
    kind = database_kind(url)
    path = Path(path).resolve()
    if path.is_relative_to(data_dir):
        raise BackupError(
            f"write the archive outside the data folder {data_dir}: inside it, the next backup would carry this one"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    exclude = {path, partial} | _live_database_files(url)
    parts: dict[str, dict] = {}
    files = file_bytes = 0
    # The database copy is staged beside the archive: where the archive fits, so does the copy.
    with tempfile.TemporaryDirectory(prefix=".sigap-backup-", dir=path.parent) as tmp:
        dump = Path(tmp) / "database"
        created_at = _now()  # the moment of the snapshot, give or take its start
        if kind == "sqlite":
            revision, counts = _snapshot_sqlite(url, dump)
            part = SQLITE_PART
        else:
            revision, counts = _snapshot_postgres(url, dump)
            part = POSTGRES_PART
        parts[part] = {"size": dump.stat().st_size, "sha256": _sha256(dump)}
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # personal data: owner only
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                info = tar.gettarinfo(dump, arcname=part)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                with dump.open("rb") as fh:
                    tar.addfile(info, fh)
                for file, name in data_files(data_dir, exclude):
                    info = tar.gettarinfo(file, arcname=name)
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    with file.open("rb") as fh:
                        reader = _Hashing(fh)
                        tar.addfile(info, reader)
                    parts[name] = {"size": info.size, "sha256": reader.h.hexdigest()}
                    files += 1
                    file_bytes += info.size
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": created_at,
                    "database_kind": kind,
                    "schema_revision": revision,
                    "code_head": _script(url).get_current_head(),  # the code that made it
                    "file_count": files,
                    "tables": counts,
                    "parts": parts,
                }
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(body), int(time.time()), 0o600
                tar.addfile(info, io.BytesIO(body))
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    report = BackupReport(
        path=path,
        kind=kind,
        revision=revision,
        tables=counts,
        files=files,
        file_bytes=file_bytes,
        archive_bytes=path.stat().st_size,
        seconds=time.monotonic() - started,
    )
    if audited and revision is not None and _is_current(url):
        with _system_session(url) as (session, actor):
            after = {"file": path.name, "rows": report.rows, "files": files, "revision": revision}
            audit.record(session, actor, "backup", "database", after=after, district_id=None)
    return report


# --- restore -----------------------------------------------------------------------------------


@dataclass
class Archive:
    """An archive unpacked into a temporary folder and checked against its manifest."""

    folder: Path
    manifest: dict

    @property
    def kind(self) -> str:
        return self.manifest["database_kind"]

    @property
    def database(self) -> Path:
        return self.folder / (SQLITE_PART if self.kind == "sqlite" else POSTGRES_PART)

    def files(self) -> Iterator[tuple[Path, str]]:
        """(unpacked file, path relative to the data folder)."""
        for name in sorted(self.manifest["parts"]):
            if name.startswith(FILES_PREFIX):
                yield self.folder / name, name[len(FILES_PREFIX) :]


def _safe_name(name: str) -> bool:
    p = PurePosixPath(name)
    return not p.is_absolute() and ".." not in p.parts and name == p.as_posix() and bool(p.parts)


@contextmanager
def open_archive(path: str | os.PathLike) -> Iterator[Archive]:
    """Unpack and check an archive (every part's hash and size against the manifest); BackupError
    when it is not one of ours, is damaged, or is of a format this code does not read."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no archive at {path}")
    with tempfile.TemporaryDirectory(prefix="sigap-restore-") as tmp:
        folder = Path(tmp)
        seen: dict[str, tuple[int, str]] = {}
        manifest_bytes = None
        try:
            with tarfile.open(path, mode="r:*") as tar:
                for member in tar:
                    if not member.isfile() or not _safe_name(member.name):
                        raise BackupError(f"the archive is damaged or not a Sigap backup: odd entry {member.name!r}")
                    source = tar.extractfile(member)
                    if member.name == MANIFEST:
                        manifest_bytes = source.read(1024 * 1024 * 64)
                        continue
                    if member.name in seen:
                        raise BackupError(f"the archive is damaged: {member.name} appears twice")
                    target = folder / member.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    h = hashlib.sha256()
                    with target.open("wb") as out:
                        while chunk := source.read(_CHUNK):
                            h.update(chunk)
                            out.write(chunk)
                    seen[member.name] = (member.size, h.hexdigest())
        except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
            raise BackupError(f"the archive is damaged or not a Sigap backup ({exc})") from exc
        if manifest_bytes is None:
            raise BackupError("the archive is damaged or not a Sigap backup: it has no manifest")
        try:
            manifest = json.loads(manifest_bytes)
            if manifest.get("format") != FORMAT:
                raise ValueError("not a Sigap backup")
            version = int(manifest.get("format_version", 0))
            parts = manifest["parts"]
            kind = manifest["database_kind"]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(f"the archive is damaged or not a Sigap backup: bad manifest ({exc})") from exc
        if version > FORMAT_VERSION:
            raise BackupError(f"the archive is of backup format {version}; this code reads up to {FORMAT_VERSION}")
        expected_db = SQLITE_PART if kind == "sqlite" else POSTGRES_PART
        if set(parts) != set(seen) or expected_db not in parts:
            missing, extra = sorted(set(parts) - set(seen)), sorted(set(seen) - set(parts))
            raise BackupError(f"the archive is damaged: parts missing {missing[:5]}, unexpected {extra[:5]}")
        bad = [n for n, p in parts.items() if (p.get("size"), p.get("sha256")) != seen[n]]
        if bad:
            raise BackupError(f"the archive is damaged: {len(bad)} part(s) do not match their SHA-256, e.g. {bad[0]}")
        if manifest.get("file_count") != sum(1 for n in parts if n.startswith(FILES_PREFIX)):
            raise BackupError("the archive is damaged: the file count does not match the manifest")
        yield Archive(folder, manifest)


def _script(url: str) -> ScriptDirectory:
    return ScriptDirectory.from_config(db.alembic_config(url))


def _known_revision(revision: str | None, url: str) -> bool:
    if revision is None:
        return True
    try:
        return _script(url).get_revision(revision) is not None
    except CommandError:
        return False


def rows_in(engine: Engine) -> int:
    """How many rows the database holds outside Alembic's table (0: nothing would be lost)."""
    with engine.connect() as conn:
        names = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
        return sum(1 for t in names if conn.execute(text(f'SELECT 1 FROM "{t}" LIMIT 1')).first())


def _restore_sqlite(archive: Archive, url: str) -> None:
    target = _sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(archive.database)
    try:
        check = src.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"the archived database fails SQLite's check: {check}")
        dst = sqlite3.connect(target, timeout=1)
        try:
            # Into the live file under its lock and journal, all of it or nothing.
            src.backup(dst, progress=_give_up_after(LOCK_WAIT_SECONDS, "the target database"))
        finally:
            dst.close()
    finally:
        src.close()


_PG_EMPTY = """
DO $sigap$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c
           WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('v', 'm')
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') LOOP
    EXECUTE format(CASE r.relkind WHEN 'v' THEN 'DROP VIEW IF EXISTS %I CASCADE'
                   ELSE 'DROP MATERIALIZED VIEW IF EXISTS %I CASCADE' END, r.relname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c
           WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c
           WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'S'
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
           WHERE p.pronamespace = current_schema()::regnamespace AND p.prokind IN ('f', 'p')
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') LOOP
    EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', r.sig);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t
           WHERE t.typnamespace = current_schema()::regnamespace AND t.typtype IN ('e', 'd', 'c', 'r')
             AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e') LOOP
    EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', r.typname);
  END LOOP;
END
$sigap$;
"""


def _restore_postgres(archive: Archive, url: str) -> None:
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    conninfo, env = libpq(url)
    script = archive.folder / "restore.sql"
    with script.open("w") as out:
        # A running app holding a table: fail with a message rather than wait for ever.
        out.write(f"SET lock_timeout = '{LOCK_WAIT_SECONDS}s';\n")
        out.write(_PG_EMPTY)  # empty the schema first, in the same transaction as the restore
        out.flush()
        result = subprocess.run(
            [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(archive.database)],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
    if result.returncode != 0:
        raise BackupError(f"pg_restore cannot read the archived dump: {result.stderr.strip()}")
    _run(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", str(script), "-d", conninfo],
        env,
    )


def restore(
    path: str | os.PathLike,
    *,
    url: str | None = None,
    data_dir: Path | None = None,
    force: bool = False,
    audited: bool = True,
    progress: Callable[[str], None] | None = None,
) -> RestoreReport:
    """Put an archive's database and files back; refuse (BackupError) before changing anything when
    the archive is damaged, of another database kind, of a newer schema, or the target has rows and
    `force` is not given."""
    started = time.monotonic()
    url = db.normalise_url(url or config.database_url())
    data_dir = (data_dir or config.data_dir()).resolve()
    kind = database_kind(url)
    say = progress or (lambda _msg: None)
    with open_archive(path) as archive:
        m = archive.manifest
        if archive.kind != kind:
            raise BackupError(
                f"the archive holds a {archive.kind} database, but the configured database is {kind}: "
                "restore it into a database of the same kind"
            )
        revision = m.get("schema_revision")
        if not _known_revision(revision, url):
            raise BackupError(
                f"the archive's schema is at revision {revision}, unknown to this code: it was made by a newer "
                "version of Sigap; restore it with that version"
            )
        live = _live_database_files(url)
        for _source, relative in archive.files():
            target = (data_dir / relative).resolve()
            if target in live or target.name in NEVER_BACKED_UP or not target.is_relative_to(data_dir):
                raise BackupError(f"not a sound Sigap backup: its file {relative} would replace {target}")
        engine = db.make_engine(url)
        try:
            held = rows_in(engine) if kind == "postgresql" or _sqlite_path(url).exists() else 0
        finally:
            engine.dispose()
        if held and not force:
            raise BackupError(
                f"the target database is not empty ({held} table(s) hold rows): restoring would replace them; "
                "pass --force to do so"
            )
        db.reset_engine_cache()  # no pooled connection may keep the old database open
        say(f"restoring the {kind} database (schema {revision or '-'})")
        if kind == "sqlite":
            _restore_sqlite(archive, url)
        else:
            _restore_postgres(archive, url)
        files = 0
        for source, relative in archive.files():
            target = data_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(target.name + ".partial")
            shutil.copyfile(source, temporary)
            os.replace(temporary, target)
            files += 1
        created_at = m.get("created_at", "")
    migrated_to = None
    engine = db.make_engine(url)
    try:
        status = db.schema_status(engine)
        if status.state == db.SchemaState.behind:
            say(f"migrating from {status.current or '-'} to {status.head}")
            db.migrate(url)
            migrated_to = status.head
        with engine.connect() as conn:
            tables = _table_counts(conn)
    finally:
        engine.dispose()
    if audited:
        with _system_session(url) as (session, actor):
            after = {"created_at": created_at, "revision": revision, "files": files}
            audit.record(session, actor, "restore", "database", after=after, district_id=None)
    return RestoreReport(
        kind=kind,
        revision=revision,
        migrated_to=migrated_to,
        created_at=created_at,
        tables=tables,
        files=files,
        seconds=time.monotonic() - started,
    )


def _is_current(url: str) -> bool:
    engine = db.make_engine(url)
    try:
        return db.schema_status(engine).state == db.SchemaState.current
    finally:
        engine.dispose()


@contextmanager
def _system_session(url: str) -> Iterator[tuple[Session, Actor]]:
    """A session on the database at `url` and the command line's actor, for one audit row
    (installation-wide: no district); committed on success."""
    engine = db.make_engine(url)
    try:
        with Session(engine) as session:
            yield session, system_actor("manage.py")
            session.commit()
    finally:
        engine.dispose()
