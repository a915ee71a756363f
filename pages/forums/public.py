"""Hasil forum warga (public, no login): `/forum-report?district=WLS`. What the district heard at its
community forums in the last two years, and what was done: counts by kind and theme, and each
action's status and public note. No personal data, no item text, no internal note, nothing of a
rahasia complaint (services/forums/public.py)."""

import altair as alt
import pandas as pd
import streamlit as st

from services import i18n
from services.core.db import session_scope
from services.forums import public
from ui.context import lang, tr
from ui.forums.widgets import kind_labels
from ui.widgets import draw_chart

st.title(tr("forums.public.title"))
st.caption(tr("forums.public.subtitle"))

with session_scope() as session:
    districts = public.districts(session)
names = {d.code: d.name for d in districts}
wanted = (st.query_params.get("district") or "").upper()
code = st.selectbox(
    tr("common.district"),
    list(names),
    index=list(names).index(wanted) if wanted in names else None,
    format_func=names.get,
    placeholder=tr("common.choose"),
    key="fp_district",
)
if code is None:
    st.stop()
if st.query_params.get("district") != code:
    st.query_params["district"] = code

with session_scope() as session:
    r = public.district_report(session, code)
cols = st.columns(4)
cols[0].metric(tr("forums.report.forums"), i18n.fmt_number(r.forums, lang()))
cols[1].metric(tr("forums.report.items"), i18n.fmt_number(r.items, lang()))
cols[2].metric(tr("forums.report.acted"), i18n.fmt_number(r.acted, lang()))
cols[3].metric(tr("forums.report.done"), i18n.fmt_number(r.done, lang()))
if not r.items:
    st.info(tr("forums.public.none"))
    st.stop()

kinds = kind_labels()
left, right = st.columns(2)
by_kind = pd.DataFrame([{"kind": kinds.get(k, k), "n": n} for k, n in r.by_kind.items()])
left.markdown(f"**{tr('forums.report.by_kind')}**")
draw_chart(
    where=left,
    figure=alt.Chart(by_kind).mark_bar().encode(x=alt.X("n:Q", title=None), y=alt.Y("kind:N", title=None, sort="-x")),
    width="stretch",
)
right.markdown(f"**{tr('forums.report.by_theme')}**")
by_theme = pd.DataFrame(r.by_theme[:12], columns=["theme", "n"])
draw_chart(
    where=right,
    figure=alt.Chart(by_theme).mark_bar().encode(x=alt.X("n:Q", title=None), y=alt.Y("theme:N", title=None, sort="-x")),
    width="stretch",
)

st.subheader(tr("forums.public.done_title"))
st.dataframe(
    pd.DataFrame(
        [
            {
                tr("forums.report.col.date"): i18n.fmt_date(row.held_on, lang()),
                tr("forums.report.col.forum"): row.forum_title,
                tr("forums.report.col.area"): row.area or "",
                tr("forums.report.col.themes"): row.themes,
                tr("forums.report.col.action"): row.action_title,
                tr("forums.report.col.unit"): row.unit_name or "",
                tr("forums.report.col.status"): tr(f"forums.status.{row.status}"),
                tr("forums.report.col.progress"): row.progress,
                tr("forums.report.col.note"): row.public_note or "",
            }
            for row in r.rows
        ]
    ),
    hide_index=True,
    width="stretch",
)
st.caption(tr("forums.public.help"))
