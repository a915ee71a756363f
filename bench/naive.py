"""The managers' dashboard figures computed the naive way, as the yardstick of the real one: every
response row read into pandas, then grouped there (no roll-up, no SQL aggregate)."""

from __future__ import annotations

import statistics
import time

import pandas as pd

from models.satisfaction import ELEMENTS
from services.core import clock, periods
from services.satisfaction.ikm import SCALE

MONTHS = 24  # the dashboard's default range: two years by quarter


def figures(engine) -> dict:
    """IKM per quarter, per district for the latest quarter, each element's NRR, district x element."""
    window = periods.ending(clock.today(), "quarter", MONTHS // 3)
    with engine.connect() as conn:
        rows = pd.read_sql("SELECT * FROM survey_response", conn)
        units = pd.read_sql("SELECT id AS unit_id, district_id FROM unit", conn)
    rows["answered_on"] = pd.to_datetime(rows["answered_on"])
    rows = rows[(rows["answered_on"].dt.date >= window.start) & (rows["answered_on"].dt.date <= window.end)]
    rows = rows.merge(units, on="unit_id")
    rows["quarter"] = rows["answered_on"].dt.to_period("Q").astype(str)
    elements = list(ELEMENTS)

    def ikm(frame: pd.DataFrame) -> pd.Series:
        return frame[elements].mean(axis=1) * SCALE

    trend = ikm(rows.groupby("quarter")[elements].mean())
    latest = rows[rows["quarter"] == rows["quarter"].max()]
    by_district = ikm(latest.groupby("district_id")[elements].mean())
    nrr = latest[elements].mean()
    heat = latest.groupby("district_id")[elements].mean()
    counts = rows.groupby(["quarter", "district_id"]).size()
    return {"trend": trend, "by_district": by_district, "nrr": nrr, "heat": heat, "n": counts}


def dashboard_ms(engine, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        figures(engine)
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)
