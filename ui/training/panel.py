"""The training panel of the managers' dashboard: does training move service?

Per unit, the share of its staff who finished learning in the dashboard's period, against the
unit's IKM and its complaints closed on time, before (the period of the same length just before)
and after; then one unit's IKM trend with the end dates of its staff's cohorts marked. All figures
are SQL aggregates (services/training/stats.py).
"""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from services import i18n
from services.core.db import session_scope
from services.core.modules import Scope
from services.core.versions import versions
from services.satisfaction import stats as skm_stats
from services.training import home, stats
from ui.context import actor, lang, tr
from ui.widgets import draw_built_chart


def _version() -> tuple:
    """Moves when a training record, a complaint, a response or the organisation changes."""
    with session_scope() as s:
        return (*versions(s, "training", "complaints", "org"), *skm_stats.data_version(s))


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def _figures(me, version: tuple, start, end, district_id, unit_id):
    with session_scope() as s:
        return home.in_use(s, me), stats.training_vs_service(s, me, start, end, district_id, unit_id)


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def _unit_trend(me, version: tuple, unit_id: int, start, end):
    with session_scope() as s:
        return stats.monthly_ikm(s, me, unit_id, start, end), stats.cohort_ends(s, me, unit_id, start, end)


def render(scope: Scope) -> None:
    me = actor()
    period = scope.focus or scope.period
    version = _version()
    running, frame = _figures(me, version, period.start, period.end, scope.district_id, scope.unit_id)
    if not running:  # no cohort and no recorded learning in scope: a trained share of 0 says nothing
        st.info(tr("training.panel.not_in_use"))
        return
    if frame.empty or frame[["ikm", "on_time"]].isna().all().all():
        st.info(tr("training.panel.no_data"))
        return
    st.caption(tr("training.panel.caption"))
    long = []
    for r in frame.itertuples():
        for when, ikm, on_time in (("before", r.ikm_before, r.on_time_before), ("after", r.ikm, r.on_time)):
            long.append({"unit": r.unit_code, "trained": r.trained, "when": tr(f"training.panel.{when}"),
                         "ikm": ikm, "on_time": None if on_time is None else on_time * 100})  # fmt: skip
    data = pd.DataFrame(long)
    left, right = st.columns(2)
    for column, title, box in (("ikm", "IKM", left), ("on_time", tr("training.panel.on_time"), right)):
        draw_built_chart(trained_chart, data, column, title, where=box, options={"width": "stretch"})

    ranked = frame.sort_values(["trained", "unit_code"], ascending=[False, True])  # the most trained unit first
    units = dict(zip(ranked["unit_id"], ranked["unit_code"], strict=True))
    unit = scope.unit_id or st.selectbox(tr("common.unit"), list(units), format_func=units.get, key="tr_panel_unit")
    start = scope.period.start - timedelta(days=365)
    trend, ends = _unit_trend(me, version, unit, start, scope.period.end)
    if trend.empty:
        return
    st.caption(tr("training.panel.trend", unit=units.get(unit, "")))
    draw_built_chart(trend_chart, trend, ends, options={"width": "stretch"})
    st.caption(tr("training.panel.marks", n=i18n.fmt_number(len(ends), lang())))


# --- the charts: functions of plain data, so a redraw with the same figures reuses their specs ----


def trained_chart(data: pd.DataFrame, column: str, title: str) -> alt.LayerChart:
    """Each unit's IKM (or on-time share) before and after, against the share of its staff trained."""
    trained_axis = alt.X("trained:Q", title=tr("training.panel.trained"), axis=alt.Axis(format="%"))
    tooltip = [
        alt.Tooltip("unit:N", title=tr("common.unit")),
        alt.Tooltip("trained:Q", format=".0%", title=tr("training.panel.trained")),
    ]
    base = alt.Chart(data.dropna(subset=[column]))
    points = base.mark_point(filled=True, size=80).encode(
        x=trained_axis,
        y=alt.Y(f"{column}:Q", title=title, scale=alt.Scale(zero=False)),
        color=alt.Color("when:N", title=None, sort=[tr("training.panel.before"), tr("training.panel.after")]),
        tooltip=[*tooltip, alt.Tooltip(f"{column}:Q", title=title, format=".2f"), alt.Tooltip("when:N", title=" ")],
    )
    lines = base.mark_line(opacity=0.4).encode(x=trained_axis, y=f"{column}:Q", detail="unit:N")
    return (lines + points).properties(height=260)


def trend_chart(trend: pd.DataFrame, ends: pd.DataFrame):
    """One unit's monthly IKM with the end dates of its staff's cohorts marked."""
    line = (
        alt.Chart(trend)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:T", title=None),
            y=alt.Y("ikm:Q", title="IKM", scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("month:T", format="%Y-%m"),
                alt.Tooltip("ikm:Q", format=".2f"),
                alt.Tooltip("n:Q", title="n"),
            ],
        )
    )
    chart = line
    if not ends.empty:
        rules = (
            alt.Chart(ends)
            .mark_rule(strokeDash=[4, 4], color="#8a5a00")
            .encode(
                x="end_on:T",
                tooltip=[
                    alt.Tooltip("name:N", title=tr("training.cohort")),
                    alt.Tooltip("people:Q", title=tr("training.participants")),
                ],
            )
        )
        chart = line + rules
    return chart.properties(height=240)
