"""Laporan IKM: the SKM result of one unit and period for publication (PDF, XLSX), with the
manager's follow-up plan. Aggregates only."""

import pandas as pd
import streamlit as st

from models.satisfaction import ELEMENTS
from services import i18n
from services.core import clock, periods
from services.satisfaction import reports as ikm_reports
from ui.context import call, lang, read, saved, show_flash, tr
from ui.periods import period_picker
from ui.satisfaction.widgets import element_name, field_labels, grade_text, num
from ui.widgets import choice, md_escape

st.title(tr("ikm.report.title"))
st.caption(tr("ikm.report.subtitle"))
show_flash()

units = read(ikm_reports.report_units)
if not units:
    st.info(tr("dash.no_units"))
    st.stop()
with st.container(horizontal=True, vertical_alignment="bottom"):
    unit_id = choice(tr("common.unit"), {u.id: f"{u.code} · {u.name}" for u in units}, "report_unit", width=420)
period = period_picker(
    "report_period",
    kinds=("quarter", "semester", "year", "month"),
    default=periods.containing(clock.today(), "quarter"),
)

rep = read(ikm_reports.report, unit_id, period.code)
res = rep.result
st.subheader(f"{md_escape(rep.unit_name)} · {periods.label(rep.period, lang())}")
cols = st.columns(4)
cols[0].metric(tr("ikm.ikm"), num(res.ikm), border=True)
cols[1].metric(
    tr("ikm.grade"),
    res.grade or "–",
    delta=tr(f"ikm.grade.{res.grade}") if res.grade else None,
    delta_color="off",
    delta_arrow="off",
    border=True,
)
cols[2].metric(tr("ikm.respondents"), i18n.fmt_number(res.n, lang()), border=True)
cols[3].metric(
    tr("ikm.sample.minimum"),
    i18n.fmt_number(rep.minimum, lang()) if rep.minimum is not None else "–",
    border=True,
    help=tr("ikm.sample.help"),
)
if rep.population is None:
    st.info(tr("ikm.sample.unknown_hint"), icon=":material/info:")
elif res.n >= (rep.minimum or 0):
    st.caption(
        tr(
            "ikm.sample.ok",
            n=res.n,
            population=i18n.fmt_number(rep.population, lang()),
            minimum=i18n.fmt_number(rep.minimum, lang()),
        )
    )
elif res.n < (rep.minimum or 0):
    st.warning(
        tr(
            "ikm.sample.short",
            n=res.n,
            population=i18n.fmt_number(rep.population, lang()),
            minimum=i18n.fmt_number(rep.minimum, lang()),
        ),
        icon="⚠️",
    )

if not res.n:
    st.info(tr("ikm.report.empty"))
else:
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown(f"**{tr('ikm.report.elements')}**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("ikm.report.no"): e.upper(),
                        tr("ikm.report.element"): element_name(e),
                        "NRR": num(res.nrr[e]),
                        tr("ikm.grade"): grade_text(res.element_grades[e]),
                    }
                    for e in ELEMENTS
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    with right:
        st.markdown(f"**{tr('ikm.report.profile', n=res.n)}**")
        for heading, rows in ikm_reports.profile_rows(rep, lang()):
            st.caption(heading)
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            heading: label,
                            tr("ikm.report.count"): count,
                            "%": i18n.fmt_percent(count / res.n, lang(), 1),
                        }
                        for label, count in rows
                    ]
                ),
                hide_index=True,
                width="stretch",
            )

st.subheader(tr("ikm.report.plan"))
with st.form(f"plan_{unit_id}_{period.code}"):
    plan = st.text_area(
        tr("ikm.report.plan"),
        value=rep.plan,
        height=160,
        max_chars=4000,
        label_visibility="collapsed",
        placeholder=tr("ikm.report.plan_hint"),
    )
    if rep.plan_updated_at:
        st.caption(
            tr(
                "ikm.report.plan_saved_by",
                name=md_escape(rep.plan_updated_by or "–"),
                at=i18n.fmt_datetime(rep.plan_updated_at, lang()),
            )
        )
    if st.form_submit_button(tr("common.save"), type="primary"):
        ok, _ = call(ikm_reports.save_plan, unit_id, period.code, {"plan": plan}, labels=field_labels())
        if ok:
            saved(tr("ikm.report.plan_saved"))  # drawn again from the saved plan: the downloads carry it

st.subheader(tr("ikm.report.download"))
with st.container(horizontal=True):
    st.download_button(
        "PDF",
        ikm_reports.pdf(rep, lang()) if res.n else b"",
        file_name=ikm_reports.file_name(rep, "pdf"),
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        disabled=not res.n,
    )
    st.download_button(
        "XLSX",
        ikm_reports.xlsx(rep, lang()) if res.n else b"",
        file_name=ikm_reports.file_name(rep, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table:",
        disabled=not res.n,
    )
st.caption(tr("ikm.report.aggregates_only"))
