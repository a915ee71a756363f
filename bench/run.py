"""Run every benchmark module listed in MODULES and print their figures.

Each module exposes `run(url: str) -> list[tuple[str, str]]` (label, figure) and builds its own
large data set in a scratch database (SQLite by default; BENCH_DATABASE_URL for PostgreSQL).
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path

MODULES: list[str] = ["bench.complaints", "bench.satisfaction"]


def main(argv: list[str]) -> int:
    from services.core import db

    chosen = argv or MODULES
    for name in chosen:
        module = importlib.import_module(name if name.startswith("bench.") else f"bench.{name}")
        url = os.environ.get("BENCH_DATABASE_URL")
        if not url:
            url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='sigap-bench-')) / 'bench.db'}"
        db.migrate(url)
        print(f"== {name} on {url.split('://')[0]}")
        for label, figure in module.run(url):
            print(f"{label:60s} {figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
