"""`manage.py bench` runs end to end at the smallest scale and writes every figure as a number
(no timing thresholds: the figures are for the README, measured on a quiet machine)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.command import KEYS

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_bench_writes_every_figure_as_a_number(tmp_path):
    out = tmp_path / "bench.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "BENCH_DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--scale", "demo", "--repeat", "1", "--import-rows", "500",
         "--out", str(tmp_path / "cache"), "--json", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(out.read_text())
    assert (figures["scale"], figures["database"]) == ("demo", "sqlite")
    for key in KEYS:
        assert isinstance(figures[key], int | float) and math.isfinite(figures[key]) and figures[key] > 0, key
    assert figures["services"] and all(isinstance(ms, int | float) for ms in figures["services"].values())
    assert "dashboard_warm_ms" in result.stdout  # the table is printed too
    # The scratch database is kept for the next run, beside the marker saying it is complete.
    assert list((tmp_path / "cache").glob("demo-sqlite.ready.json"))
