"""The complaints panel of the managers' dashboard (listed in ui/dashboard.panels()).

Three Altair charts over the dashboard's Scope: complaints received by category, the share closed
within the deadlines, and the median working days from receipt to closing, per month or quarter. The
figures are SQL aggregates (services/complaint_stats.py), cached until a complaint changes. Clicking a
bar focuses the whole dashboard on that month or quarter, as the dashboard's own charts do.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from services import i18n
from services.complaints import stats as complaint_stats
from services.core import periods, settings
from services.core.access import Actor
from services.core.db import session_scope
from services.core.modules import Scope
from ui.complaints.widgets import category_labels, close_expired_follow_ups
from ui.context import actor, lang, tr
from ui.dashboard import request_focus
from ui.widgets import draw_built_chart

PICK = "pick_period"


@st.cache_data(ttl=900, show_spinner=False, max_entries=256)
def _figures(who: Actor, version: tuple, district_id, unit_id, period: periods.Period, kind: str, focus):
    """All the panel's aggregates for one scope; `version` changes when any complaint changes."""
    with session_scope() as s:
        volume = complaint_stats.volume_by_category(s, who, period, kind, district_id, unit_id)
        closing = complaint_stats.closing_by_bucket(s, who, period, kind, district_id, unit_id)
        head = complaint_stats.overview(s, who, focus or period, district_id, unit_id)
        limit = settings.get(s, "complaints.verify_days") + settings.get(s, "complaints.follow_up_days")
    return volume, closing, head, limit


def _on_pick(key: str):
    def callback() -> None:
        state = st.session_state.get(key)
        points = (getattr(state, "selection", None) or {}).get(PICK) or []
        if points and points[0].get("code"):
            code = points[0]["code"]
            request_focus(code)

    return callback


def render(scope: Scope) -> None:
    me = actor()
    close_expired_follow_ups()  # the closing figures do not wait for someone to open the queue
    with session_scope() as s:
        version = complaint_stats.data_version(s, me)
    kind = scope.granularity if scope.granularity in ("month", "quarter") else "month"
    volume, closing, head, limit = _figures(
        me, version, scope.district_id, scope.unit_id, scope.period, kind, scope.focus
    )
    buckets = complaint_stats.buckets(scope.period, kind)
    labels = {b.code: periods.short_label(b, lang()) for b in buckets}
    order = [labels[b.code] for b in buckets]
    focus = scope.focus.code if scope.focus else None

    share = i18n.fmt_percent(head.on_time_share, lang()) if head.on_time_share is not None else "–"
    median = i18n.fmt_number(head.median_days, lang(), 1) if head.median_days is not None else "–"
    where = periods.label(scope.focus, lang()) if scope.focus else None
    st.caption(
        (f"{where} · " if where else "")
        + tr(
            "panel.summary",
            n=head.received,
            closed=i18n.fmt_number(head.closed, lang()),
            share=share,
            median=median,
        )
    )
    if volume.empty and not closing["closed"].sum():
        st.info(tr("panel.none"), icon=":material/info:")
        return

    key_base = f"cp_{scope.district_id}_{scope.unit_id}_{kind}_{scope.period.code}_{focus}"
    cats = category_labels()

    def options(name: str) -> dict:
        key = f"{key_base}_{name}"
        return {"key": key, "on_select": _on_pick(key), "selection_mode": PICK, "width": "stretch"}

    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.markdown(f"**{tr('panel.volume')}**")
        draw_built_chart(volume_chart, volume, labels, cats, order, focus, options=options("volume"))
    with right:
        st.markdown(f"**{tr('panel.on_time')}**")
        draw_built_chart(on_time_chart, closing, labels, order, focus, options=options("on_time"))
        st.markdown(f"**{tr('panel.median')}**", help=tr("panel.median_help"))
        draw_built_chart(median_chart, closing, labels, order, focus, limit, options=options("median"))


# --- the charts: functions of plain data, so a redraw with the same figures reuses their specs ----


def _x(order: list[str]) -> alt.X:
    return alt.X("label:N", sort=order, scale=alt.Scale(domain=order), title=None, axis=alt.Axis(labelAngle=0))


def _pick_and_opacity(focus: str | None):
    pick = alt.selection_point(name=PICK, fields=["code"], on="click")
    opacity = alt.condition(alt.datum.code == focus, alt.value(1.0), alt.value(0.35)) if focus else alt.value(0.9)
    return pick, opacity


def volume_chart(volume: pd.DataFrame, labels: dict, cats: dict, order: list[str], focus: str | None) -> alt.Chart:
    """Complaints received per bucket, stacked by category."""
    pick, opacity = _pick_and_opacity(focus)
    frame = volume.assign(
        label=volume["code"].map(labels),
        category_name=volume["category"].map(cats),
        n_text=volume["n"].map(lambda n: i18n.fmt_number(n, lang())),
    )
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=_x(order),
            y=alt.Y("n:Q", title=tr("panel.count"), stack="zero", axis=alt.Axis(format="d")),
            color=alt.Color(
                "category_name:N", title=None, legend=alt.Legend(orient="bottom", columns=2, labelLimit=210)
            ),
            opacity=opacity,
            tooltip=[
                alt.Tooltip("label:N", title=tr("panel.month")),
                alt.Tooltip("category_name:N", title=tr("complaints.col.category")),
                alt.Tooltip("n_text:N", title=tr("panel.count")),
            ],
        )
        .add_params(pick)
        .properties(height=320)
    )


def _closing_frame(closing: pd.DataFrame, labels: dict) -> tuple[pd.DataFrame, list]:
    frame = closing.assign(
        label=closing["code"].map(labels),
        percent=closing["share"].map(lambda v: None if v is None or pd.isna(v) else round(v * 100, 1)),
        share_text=closing["share"].map(lambda v: "–" if v is None or pd.isna(v) else i18n.fmt_percent(v, lang())),
        closed_text=closing["closed"].map(lambda n: i18n.fmt_number(n, lang())),
        median_text=closing["median_days"].map(
            lambda v: "–" if v is None or pd.isna(v) else i18n.fmt_number(v, lang(), 1)
        ),
    )
    tooltip = [
        alt.Tooltip("label:N", title=tr("panel.month")),
        alt.Tooltip("closed_text:N", title=tr("panel.closed")),
        alt.Tooltip("share_text:N", title=tr("panel.on_time")),
        alt.Tooltip("median_text:N", title=tr("panel.median")),
    ]
    return frame, tooltip


def on_time_chart(closing: pd.DataFrame, labels: dict, order: list[str], focus: str | None) -> alt.Chart:
    """The share closed within the deadlines per bucket."""
    pick, opacity = _pick_and_opacity(focus)
    frame, tooltip = _closing_frame(closing, labels)
    return (
        alt.Chart(frame)
        .mark_bar(color="#2E7D32")
        .encode(
            x=_x(order),
            y=alt.Y("percent:Q", title=tr("panel.share"), scale=alt.Scale(domain=[0, 100])),
            opacity=opacity,
            tooltip=tooltip,
        )
        .add_params(pick)
        .properties(height=140)
    )


def median_chart(closing: pd.DataFrame, labels: dict, order: list[str], focus: str | None, limit: int):
    """The median working days from receipt to closing per bucket, against the rule's limit."""
    pick, opacity = _pick_and_opacity(focus)
    frame, tooltip = _closing_frame(closing, labels)
    bars = (
        alt.Chart(frame)
        .mark_bar(color="#1565C0")
        .encode(x=_x(order), y=alt.Y("median_days:Q", title=tr("panel.days")), opacity=opacity, tooltip=tooltip)
        .add_params(pick)
    )
    rule = (
        alt.Chart(pd.DataFrame({"limit": [limit], "text": [tr("panel.target", days=limit)]}))
        .mark_rule(color="#C62828", strokeDash=[4, 4])
        .encode(y=alt.Y("limit:Q"), tooltip=alt.Tooltip("text:N", title=" "))
    )
    return (bars + rule).properties(height=140)
