"""Sections of the managers' dashboard that only show figures: the headline metrics, the sample
check and the citizens' own words (pages/satisfaction/dashboard.py lays them out)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from services import i18n
from services.core import clock, periods
from services.core.access import Actor
from services.satisfaction import dashboard, ikm
from ui.context import lang, tr
from ui.satisfaction import widgets as ui
from ui.widgets import md_escape


def headline(dash: dashboard.Dashboard, sample: list[dashboard.SampleRow]) -> None:
    cur, prev = dash.current, dash.previous
    label = periods.label(dash.focus, lang())
    change = None
    if cur.ikm_exact is not None and prev is not None and prev.ikm_exact is not None:
        change = ikm.round2(cur.ikm_exact - prev.ikm_exact)
    cols = st.columns(4)
    cols[0].metric(
        tr("dash.ikm_of", period=label),
        ui.num(cur.ikm),
        delta=ui.signed(change),
        delta_description=tr("dash.vs_previous", period=periods.short_label(periods.previous(dash.focus), lang()))
        if change is not None
        else None,
        border=True,
        help=tr("dash.ikm_help"),
    )
    cols[1].metric(
        tr("dash.quality"),
        cur.grade or "–",
        delta=tr(f"ikm.grade.{cur.grade}") if cur.grade else None,
        delta_color="off",
        delta_arrow="off",
        border=True,
        help=tr("dash.quality_help"),
    )
    # One unit: its responses against its minimum sample. Several: how many units fall short.
    delta = None
    if dash.selection.unit_id is not None and sample and sample[0].minimum is not None:
        delta = tr("dash.vs_minimum", diff=ui.signed(cur.n - sample[0].minimum, 0))
    elif dash.selection.unit_id is None and any(r.short for r in sample):
        delta = "-" + tr("dash.units_short", n=sum(1 for r in sample if r.short))
    cols[2].metric(
        tr("ikm.respondents"),
        i18n.fmt_number(cur.n, lang()),
        delta=delta,
        border=True,
        help=tr("dash.respondents_help"),
    )
    if cur.n:
        lowest = cur.lowest_elements()[0]
        cols[3].metric(
            tr("dash.lowest"),
            f"{lowest.upper()} · {ui.num(cur.nrr[lowest])}",
            delta=ui.element_name(lowest),
            delta_color="off",
            delta_arrow="off",
            border=True,
            help=tr("dash.lowest_help"),
        )
    else:
        cols[3].metric(tr("dash.lowest"), "–", border=True)


def sample_table(rows: list[dashboard.SampleRow], focus: periods.Period) -> None:
    short = [r for r in rows if r.short]
    unknown = [r for r in rows if r.population is None]
    st.markdown(f"**{tr('dash.sample', period=periods.label(focus, lang()))}**")
    if focus.end >= clock.today():
        st.caption(tr("dash.sample_running", end=i18n.fmt_date(focus.end, lang())))
    if short:
        st.warning(tr("dash.sample_short", n=len(short), units=", ".join(r.unit.code for r in short[:6])), icon="⚠️")
    elif rows and not unknown:
        st.success(tr("dash.sample_ok"), icon=":material/check_circle:")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("common.unit"): r.unit.code,
                    tr("ikm.respondents"): i18n.fmt_number(r.n, lang()),
                    "N": i18n.fmt_number(r.population, lang()),  # "–" when not entered
                    tr("dash.minimum_short"): i18n.fmt_number(r.minimum, lang()),
                    tr("dash.sample_status"): "–"
                    if r.short is None
                    else (tr("dash.sample_status_short") if r.short else tr("dash.sample_status_ok")),
                }
                for r in sorted(rows, key=lambda r: (r.short is not True, r.unit.code))
            ]
        ),
        hide_index=True,
        width="stretch",
        height=min(400, 38 + 35 * len(rows)),
    )
    if unknown:
        st.caption(tr("dash.sample_unknown", n=len(unknown)))


def voices(me: Actor, district_id, unit_id, focus: periods.Period, version) -> None:
    st.markdown(f"**{tr('dash.voices', period=periods.label(focus, lang()))}**")
    items = ui.suggestions(me, district_id, unit_id, focus.start, focus.end, version)
    if not items:
        st.caption(tr("dash.voices_none"))
        return
    with st.container(height=min(420, 70 * len(items) + 20), border=False):
        for s in items:
            st.markdown(f"> {md_escape(s.text)}")
            low = tr("dash.voice_low", elements=", ".join(e.upper() for e in s.low)) if s.low else ""
            st.caption(" · ".join(p for p in (i18n.fmt_date(s.answered_on, lang()), s.unit_code, low) if p))
