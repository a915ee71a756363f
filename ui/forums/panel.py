"""The forums panel of the managers' dashboard: items heard at community forums and the share acted
on, per month or quarter (SQL aggregates, services/forums/stats.py), and the IKM trend of the same
district or unit with the forum dates marked, so a manager sees whether satisfaction moved after
a forum."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from services import i18n
from services.core import periods
from services.core.db import session_scope
from services.core.errors import SigapError
from services.core.modules import Scope
from services.core.versions import versions
from services.forums import stats
from services.satisfaction import dashboard as skm_dashboard
from services.satisfaction import stats as skm_stats
from ui.context import actor, lang, tr
from ui.widgets import draw_built_chart


def _ikm_trend(session, who, scope: Scope, kind: str) -> pd.DataFrame:
    """IKM per bucket of the scope (empty when the user may not read satisfaction figures)."""
    try:
        cells = skm_stats.monthly_cells(
            session, who, start=scope.period.start, end=scope.period.end, district_id=scope.district_id,
            unit_id=scope.unit_id,
        )  # fmt: skip
    except SigapError:
        return pd.DataFrame(columns=["code", "ikm"])
    by_bucket = skm_dashboard.rollup(cells, lambda c: skm_dashboard.bucket_of(c.month, kind))
    return pd.DataFrame(
        [{"code": code, "ikm": result.ikm} for code, result in sorted(by_bucket.items()) if result.ikm is not None],
        columns=["code", "ikm"],
    )


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def _figures(who, version: tuple, scope: Scope, kind: str):
    """The panel's aggregates for one scope; `version` moves when a forum record or a response changes."""
    with session_scope() as s:
        heard = stats.heard_and_acted(s, who, scope.period.start, scope.period.end, kind, scope.district_id,
                                      scope.unit_id)  # fmt: skip
        dates = stats.forum_dates(s, who, scope.period.start, scope.period.end, scope.district_id, scope.unit_id)
        trend = _ikm_trend(s, who, scope, kind)
    return heard, dates, trend


def render(scope: Scope) -> None:
    who = actor()
    kind = scope.granularity if scope.granularity in ("month", "quarter") else "month"
    with session_scope() as s:
        version = (*versions(s, "forums", "org"), *skm_stats.data_version(s))
    try:
        heard, dates, trend = _figures(who, version, scope, kind)
    except SigapError:
        st.info(tr("forums.panel.none"))
        return
    buckets = periods.split(scope.period, kind)
    labels = {b.code: periods.short_label(b, lang()) for b in buckets}
    order = [labels[b.code] for b in buckets]
    total, acted = int(heard["heard"].sum()) if len(heard) else 0, int(heard["acted"].sum()) if len(heard) else 0
    share = i18n.fmt_percent(acted / total, lang()) if total else "–"
    st.caption(tr("forums.panel.summary", forums=len(dates), items=i18n.fmt_number(total, lang()), share=share))
    if not total and dates.empty:
        st.info(tr("forums.panel.none"))
        return
    left, right = st.columns(2, gap="medium")
    with left:
        st.markdown(f"**{tr('forums.panel.heard')}**")
        draw_built_chart(heard_chart, heard, labels, order, options={"width": "stretch"})
    with right:
        st.markdown(f"**{tr('forums.panel.ikm')}**")
        if trend.empty:
            st.caption(tr("forums.panel.no_ikm"))
        else:
            draw_built_chart(ikm_chart, trend, dates, labels, order, kind, options={"width": "stretch"})
            st.caption(tr("forums.panel.ikm_help"))


# --- the charts: functions of plain data, so a redraw with the same figures reuses their specs ----


def _x(order: list[str]) -> alt.X:
    return alt.X("label:N", sort=order, scale=alt.Scale(domain=order), title=None, axis=alt.Axis(labelAngle=0))


def heard_chart(heard: pd.DataFrame, labels: dict, order: list[str]) -> alt.LayerChart:
    """Items heard per bucket (bars) and the share acted on (line)."""
    frame = heard.assign(label=heard["code"].map(labels), percent=(heard["share"] * 100).round(1))
    bars = alt.Chart(frame).mark_bar(opacity=0.6).encode(
        x=_x(order), y=alt.Y("heard:Q", title=tr("forums.report.items")),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("heard:Q", title=tr("forums.report.items")),
                 alt.Tooltip("acted:Q", title=tr("forums.report.acted"))],
    )  # fmt: skip
    line = (
        alt.Chart(frame)
        .mark_line(point=True, color="#d62728")
        .encode(x=_x(order), y=alt.Y("percent:Q", title=tr("forums.panel.share"), scale=alt.Scale(domain=[0, 100])))
    )
    return alt.layer(bars, line).resolve_scale(y="independent").properties(height=300)


def ikm_chart(trend: pd.DataFrame, dates: pd.DataFrame, labels: dict, order: list[str], kind: str):
    """The IKM per bucket with the forum dates marked."""
    points = trend.assign(label=trend["code"].map(labels)).dropna(subset=["label"])
    marks = dates.assign(
        label=dates["held_on"].map(lambda d: labels.get(periods.containing(d, kind).code)),
        date_text=dates["held_on"].map(lambda d: i18n.fmt_date(d, lang())),
    ).dropna(subset=["label"])
    ikm_line = (
        alt.Chart(points)
        .mark_line(point=True)
        .encode(x=_x(order), y=alt.Y("ikm:Q", title="IKM", scale=alt.Scale(zero=False)), tooltip=["label", "ikm"])
    )
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeDash=[4, 3], color="#2ca02c")
        .encode(x=_x(order), tooltip=[alt.Tooltip("date_text:N", title=" "), alt.Tooltip("title:N", title=" ")])
    )
    return alt.layer(ikm_line, rules).properties(height=300)
