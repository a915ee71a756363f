""" "Kamu bilang, kami kerjakan": per forum (?forum=), per area or per district, what was heard
(counted by kind and theme) and what was done (status and public note of each action), over a
period; as PDF and XLSX to take to the next meeting."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from services import i18n
from services.core import clock, org
from services.forums import records, report
from ui import nav
from ui.complaints.widgets import deferred
from ui.context import actor, lang, read, tr
from ui.forums.widgets import int_param, item_status_labels, kind_labels
from ui.widgets import choice, md_escape

me = actor()
st.title(tr("forums.you_said.title"))
st.caption(tr("forums.you_said.subtitle"))

districts = {d.id: d.name for d in read(org.list_districts)}
forum_id = int_param("forum")
with st.container(horizontal=True, vertical_alignment="bottom"):
    district_id = (
        choice(tr("common.district"), districts, "fr_district", none_label=tr("common.all"))
        if me.all_districts
        else None
    )
    areas = {a.id: a.name for a in read(records.list_areas, district_id)}
    area_id = choice(tr("forums.area"), areas, "fr_area", none_label=tr("common.all"))
    since = st.date_input(tr("forums.you_said.since"), value=clock.today() - timedelta(days=365), format="DD/MM/YYYY",
                          key="fr_since")  # fmt: skip
    until = st.date_input(tr("forums.you_said.until"), value=clock.today(), format="DD/MM/YYYY", key="fr_until")
if forum_id is not None:
    forum = read(records.get_forum, forum_id)
    st.info(tr("forums.you_said.one_forum", title=md_escape(forum.title)))
    scope = {"forum_id": forum_id}
else:
    scope = {"district_id": district_id, "area_id": area_id, "since": since, "until": until}

r = read(report.you_said_we_did, **scope)
st.subheader(md_escape(r.title))
cols = st.columns(4)
cols[0].metric(tr("forums.report.forums"), i18n.fmt_number(r.forums, lang()))
cols[1].metric(tr("forums.report.items"), i18n.fmt_number(r.items, lang()))
cols[2].metric(tr("forums.report.acted"), i18n.fmt_number(r.acted, lang()))
cols[3].metric(tr("forums.report.done"), i18n.fmt_number(r.done, lang()))

kinds, statuses = (
    kind_labels(),
    item_status_labels() | {k: tr(f"forums.status.{k}") for k in ("planned", "in_progress", "done", "not_possible")},
)
left, right = st.columns(2)
left.markdown(f"**{tr('forums.report.by_kind')}**")
left.dataframe(
    pd.DataFrame([{tr("forums.item.kind"): kinds.get(k, k), "n": n} for k, n in sorted(r.by_kind.items())]),
    hide_index=True,
    width="stretch",
)
right.markdown(f"**{tr('forums.report.by_theme')}**")
right.dataframe(
    pd.DataFrame([{tr("forums.item.tags"): t, "n": n} for t, n in r.by_theme[:20]]), hide_index=True, width="stretch"
)

st.markdown(f"**{tr('forums.you_said.rows')}**")
st.dataframe(
    pd.DataFrame(
        [
            {
                tr("forums.report.col.date"): i18n.fmt_date(row.held_on, lang()),
                tr("forums.report.col.forum"): row.forum_title,
                tr("forums.report.col.kind"): kinds.get(row.kind, row.kind),
                tr("forums.report.col.text"): row.item_text,
                tr("forums.report.col.action"): row.action_title or "–",
                tr("forums.report.col.status"): statuses.get(row.status, row.status),
                tr("forums.report.col.progress"): row.progress,
                tr("forums.report.col.note"): row.public_note or "",
                tr("forums.report.col.complaint"): row.complaint or "",
            }
            for row in r.rows
        ]
    ),
    hide_index=True,
    width="stretch",
)

public_code = next((d.code for d in read(org.list_districts) if d.id == (district_id or me.district_id)), None)
with st.container(horizontal=True):
    if public_code:  # what citizens see of the same district, without a login
        st.page_link(nav.path_of("forum-report"), label=tr("forums.you_said.public_link"), icon=":material/public:",
                     query_params={"district": public_code})  # fmt: skip
    for fmt, mime in (
        ("pdf", "application/pdf"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        st.download_button(
            tr(f"forums.you_said.download_{fmt}"),
            data=deferred(lambda s, who, f=fmt: report.export(s, who, f, **scope)[1], me),
            file_name=f"kamu-bilang-kami-kerjakan.{fmt}",
            mime=mime,
            key=f"fr_dl_{fmt}",
            icon=":material/download:",
        )
