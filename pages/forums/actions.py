"""Tindak lanjut forum: the follow-up actions the user works on (a unit's liaison: its unit's; an
organizer or a manager: the district's), by due date, overdue first. `?show=overdue` (the home
page's link) lists exactly the overdue ones; `?forum=` one forum's. The owner unit's liaison and the
organizers update an action's status, progress, notes and evidence here."""

import pandas as pd
import streamlit as st

from services import i18n
from services.complaints.files import UPLOAD_EXTENSIONS
from services.core import org
from services.forums import actions
from services.forums.access import is_liaison
from ui import nav
from ui.complaints.widgets import deferred
from ui.context import actor, call, lang, read, saved, show_flash, tr
from ui.forums.widgets import action_status_labels, badge, int_param
from ui.widgets import choice, md_escape

me = actor()
st.title(tr("forums.actions.title"))
st.caption(tr("forums.actions.subtitle_unit") if is_liaison(me) else tr("forums.actions.subtitle"))
show_flash()

statuses = action_status_labels()
show = st.query_params.get("show")
forum_id = int_param("forum")
with st.container(horizontal=True, vertical_alignment="bottom"):
    only_overdue = st.toggle(tr("forums.actions.only_overdue"), value=show == actions.SHOW_OVERDUE, key="fa_overdue")
    status = choice(tr("forums.status"), statuses, "fa_status", none_label=tr("common.all"))
    units = {u.id: u.code for u in read(org.list_units, district_id=None if me.all_districts else me.district_id)}
    unit_id = None if is_liaison(me) else choice(tr("common.unit"), units, "fa_unit", none_label=tr("common.all"))
if only_overdue:
    st.query_params["show"] = actions.SHOW_OVERDUE
elif "show" in st.query_params:
    del st.query_params["show"]

flt = actions.ActionFilter(
    forum_id=forum_id, unit_id=unit_id, status=status, show=actions.SHOW_OVERDUE if only_overdue else None
)
rows = read(actions.list_actions, flt)
if forum_id is not None:
    st.caption(tr("forums.actions.of_forum", n=len(rows)))
if not rows:
    st.info(tr("forums.actions.none"))
    st.stop()

st.dataframe(
    pd.DataFrame(
        [
            {
                "#": a.id,
                tr("forums.action.due"): i18n.fmt_date(a.due_on, lang()) + (" ⚠" if a.overdue else ""),
                tr("forums.action.title"): a.title,
                tr("forums.action.owner"): a.owner_unit_code,
                tr("forums.status"): statuses.get(a.status, a.status),
                tr("forums.action.progress"): a.progress,
                tr("forums.item.text"): a.item_text,
                tr("forums.title"): a.forum_title,
            }
            for a in rows
        ]
    ),
    hide_index=True,
    width="stretch",
    column_config={
        tr("forums.action.progress"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d %%")
    },
)
st.caption(tr("common.rows_total", n=i18n.fmt_number(len(rows), lang())))

by_id = {a.id: a for a in rows}
action_id = st.selectbox(
    tr("forums.actions.pick"),
    list(by_id),
    format_func=lambda i: f"#{i} · {by_id[i].title} · {by_id[i].owner_unit_code}",
    key="fa_pick",
)
a = by_id[action_id]
st.markdown(f"{badge(a.status)} **{md_escape(a.title)}** · {md_escape(a.forum_title)}")
st.page_link(
    nav.path_of("forum"), label=tr("forums.open"), icon=":material/event_note:", query_params={"id": a.forum_id}
)
if a.reason:
    st.markdown(f"**{tr('forums.action.reason')}:** {md_escape(a.reason)}")
if a.public_note:
    st.markdown(f"**{tr('forums.action.public_note')}:** {md_escape(a.public_note)}")
if a.internal_note:
    st.markdown(f"**{tr('forums.action.internal_note')}:** {md_escape(a.internal_note)}")
if a.evidence_name:
    st.download_button(
        tr("forums.action.evidence_download", name=a.evidence_name),
        data=deferred(lambda s, who: actions.read_evidence(s, who, a.id)[2], me),
        file_name=a.evidence_name,
        key=f"fa_ev_dl_{a.id}",
    )

organizer = me.has(*nav.by_url("forum-items").roles)
may = organizer or (is_liaison(me) and me.unit_id == a.owner_unit_id)
if not may:
    st.stop()

version_key = f"fa_version_{a.id}"
st.session_state.setdefault(version_key, a.version)  # the version this form was read at
with st.form(f"fa_update_{a.id}"):
    s1, s2 = st.columns(2)
    new_status = s1.selectbox(tr("forums.status"), list(statuses), index=list(statuses).index(a.status),
                              format_func=statuses.get, key=f"fa_s_{a.id}")  # fmt: skip
    progress = s2.slider(tr("forums.action.progress"), 0, 100, a.progress, step=5)
    reason = st.text_input(tr("forums.action.reason"), value=a.reason or "", max_chars=1000,
                           help=tr("forums.action.reason_help"))  # fmt: skip
    public_note = st.text_area(tr("forums.action.public_note"), value=a.public_note or "", max_chars=2000,
                               help=tr("forums.action.public_help"), key=f"fa_pn_{a.id}")  # fmt: skip
    internal = st.text_area(tr("forums.action.internal_note"), value=a.internal_note or "", max_chars=2000)
    data = {"status": new_status, "progress": progress, "reason": reason, "public_note": public_note,
            "internal_note": internal, "version": st.session_state[version_key]}  # fmt: skip
    if organizer:
        o1, o2, o3 = st.columns(3)
        data["title"] = o1.text_input(tr("forums.action.title"), value=a.title, max_chars=150)
        all_units = {u.id: u.code for u in read(org.list_units, district_id=a.district_id)}
        data["owner_unit_id"] = o2.selectbox(tr("forums.action.owner"), list(all_units), format_func=all_units.get,
                                             index=list(all_units).index(a.owner_unit_id))  # fmt: skip
        data["due_on"] = o3.date_input(tr("forums.action.due"), value=a.due_on, format="DD/MM/YYYY")
    if st.form_submit_button(tr("common.save"), type="primary", key=f"fa_save_{a.id}"):
        labels = {k: tr(f"forums.action.{k}") for k in ("title", "progress", "reason", "public_note", "internal_note")}
        ok, _ = call(actions.update_action, a.id, data, labels=labels)
        if ok:
            st.session_state.pop(version_key, None)
            saved(tr("forums.action.saved"))

with st.form(f"fa_evidence_{a.id}", clear_on_submit=True):
    upload = st.file_uploader(
        tr("forums.action.evidence"), type=UPLOAD_EXTENSIONS, help=tr("forums.action.evidence_help")
    )
    if st.form_submit_button(tr("forums.action.evidence_save")) and upload is not None:
        ok, _ = call(actions.attach_evidence, a.id, upload.name, upload.getvalue(), st.session_state[version_key],
                     labels={"evidence": tr("forums.action.evidence")})  # fmt: skip
        if ok:
            st.session_state.pop(version_key, None)
            saved(tr("forums.action.evidence_saved"))
