"""The scratch database a benchmark runs on: made once per scale and database kind, then reused.

SQLite: a file under bench/out/ (gitignored). PostgreSQL (BENCH_DATABASE_URL names a server): the
database `sigap_bench_<scale>` on it. A marker file beside it records that the build finished, so an
interrupted build is started again rather than measured.

Scales: `demo` is `manage.py seed --demo` alone (a quick run, the test's); `small` and `city` add the
scale data of `seed.scale.build(url, scale, progress)` on top of the demo organisation.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from services.core import db

OUT = Path(__file__).resolve().parent / "out"
# The scale data's builder, imported only when a scale needs it (it lives in seed/scale.py).
BUILDER = os.environ.get("BENCH_SCALE_BUILDER", "seed.scale:build")


@dataclass(frozen=True)
class Scratch:
    url: str
    kind: str  # "sqlite" or "postgresql"
    scale: str
    marker: Path
    data_dir: Path

    def ready(self) -> bool:
        if not self.marker.exists():
            return False
        made_by = json.loads(self.marker.read_text()).get("builder")
        if self.scale != "demo" and made_by != BUILDER:  # data of another generator: build it again
            return False
        try:
            # A database one migration behind is brought up to date rather than built again.
            return db.schema_status(db.make_engine(self.url)).state != db.SchemaState.ahead
        except OperationalError:
            return False


def scratch(scale: str, out: Path = OUT, server_url: str | None = None) -> Scratch:
    """Where the database of `scale` lives (nothing is created yet)."""
    out.mkdir(parents=True, exist_ok=True)
    server_url = server_url if server_url is not None else os.environ.get("BENCH_DATABASE_URL")
    if server_url:
        url = make_url(db.normalise_url(server_url)).set(database=f"sigap_bench_{scale}")
        key = f"{scale}-postgresql-{url.host}-{url.port or 5432}"
        return Scratch(url.render_as_string(hide_password=False), "postgresql", scale,
                       out / f"{key}.ready.json", out / f"{key}-data")  # fmt: skip
    key = f"{scale}-sqlite"
    return Scratch(f"sqlite:///{out / f'{key}.db'}", "sqlite", scale, out / f"{key}.ready.json", out / f"{key}-data")


def _recreate(target: Scratch) -> None:
    """An empty database at the target (the old one, half built or out of date, is dropped)."""
    target.marker.unlink(missing_ok=True)
    db.reset_engine_cache()
    if target.kind == "sqlite":
        path = Path(make_url(target.url).database)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    url = make_url(target.url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


def _builder() -> Callable[..., dict[str, int]]:
    from services.core.modules import resolve

    try:
        return resolve(BUILDER)
    except (ImportError, AttributeError) as exc:
        raise SystemExit(f"the scale data builder {BUILDER} is not available ({exc}); try --scale demo") from exc


def prepare(target: Scratch, progress: Callable[[str], None] = print, rebuild: bool = False) -> dict:
    """Make the scratch database of the target's scale unless a finished one is there; returns what
    its marker records (row counts, how long the build took)."""
    if target.ready() and not rebuild:
        db.migrate(target.url)
        return json.loads(target.marker.read_text())
    from seed import demo

    build = _builder() if target.scale != "demo" else None  # fail before dropping anything
    started = time.perf_counter()
    _recreate(target)
    use(target)
    db.migrate(target.url)
    demo.run(db.session_scope, log=progress)
    counts = build(target.url, target.scale, progress=progress) if build else {}
    engine = db.make_engine(target.url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # Fresh statistics, as a maintained installation has them (autovacuum, `ANALYZE` after loads).
        conn.execute(text("VACUUM ANALYZE" if target.kind == "postgresql" else "ANALYZE"))
    engine.dispose()
    info = {"scale": target.scale, "database": target.kind, "counts": counts, "builder": BUILDER if build else None,
            "build_s": round(time.perf_counter() - started, 1)}  # fmt: skip
    target.marker.write_text(json.dumps(info, indent=2))
    return info


def use(target: Scratch) -> None:
    """Point this process's app code (engine, data folder) at the scratch database."""
    os.environ["DATABASE_URL"] = target.url
    os.environ["SIGAP_DATA_DIR"] = str(target.data_dir)
    target.data_dir.mkdir(parents=True, exist_ok=True)
    db.reset_engine_cache()
