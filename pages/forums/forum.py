"""Satu forum (?id=): its record, attendance, agenda and minutes (shown as typed, never as markup),
what was heard with each item's follow-up and complaint, and for its organizers: editing the
record, the participant list, and per item a follow-up action, a complaint made of it, or a link to
a similar open complaint."""

import pandas as pd
import streamlit as st

from services import i18n
from services.core import clock, org
from services.forums import actions, items, links, records
from ui import nav
from ui.complaints.widgets import category_labels
from ui.context import actor, call, lang, read, saved, show_flash, tr
from ui.forums.widgets import (
    forum_status_labels,
    group_labels,
    int_param,
    item_status_labels,
    kind_labels,
    type_labels,
)
from ui.widgets import md_escape

me = actor()
forum_id = int_param("id")
if forum_id is None:
    st.title(tr("nav.forum_detail"))
    st.info(tr("forums.detail.choose"))
    st.page_link(nav.path_of("forums"), label=tr("nav.forum_list"), icon=":material/groups:")
    st.stop()

f = read(records.get_forum, forum_id)
types, statuses, groups, kinds = type_labels(), forum_status_labels(), group_labels(), kind_labels()
st.title(md_escape(f.title))
when = i18n.fmt_date(f.held_on, lang())
if f.start_time:
    when += f" · {f.start_time:%H:%M}" + (f"–{f.end_time:%H:%M}" if f.end_time else "")
parts = (types.get(f.type), statuses.get(f.status), when, f.area_name, f.district_name)
st.caption(" · ".join(md_escape(x) for x in parts if x))
show_flash()

cols = st.columns(5)
cols[0].metric(tr("forums.attendance_total"), "–" if f.attendance_total is None else f.attendance_total)
cols[1].metric(tr("forums.attendance_women"), "–" if f.attendance_women is None else f.attendance_women)
cols[2].metric(tr("forums.attendance_men"), "–" if f.attendance_men is None else f.attendance_men)
cols[3].metric(tr("forums.list.items"), f.items)
cols[4].metric(tr("forums.list.actions_open"), f.actions_open)

details = {
    tr("forums.venue"): f.venue,
    tr("forums.online_link"): f.online_link,
    tr("forums.organizers"): f.organizers,
    tr("forums.partner_units"): ", ".join(f.partner_units) or None,
    tr("forums.vulnerable"): ", ".join(groups.get(g, g) for g in f.vulnerable_groups) or None,
}
for label, value in details.items():
    if value:
        st.markdown(f"**{label}:** {md_escape(value)}")
if f.agenda:
    st.markdown(f"**{tr('forums.agenda')}**")
    st.text(f.agenda)
with st.expander(tr("forums.minutes"), expanded=bool(f.minutes)):
    st.text(f.minutes or tr("forums.detail.no_minutes"))  # inert: markup and scripts show as typed

with st.container(horizontal=True):
    if records.can_record(me, f):
        st.page_link(nav.path_of("forum-items"), label=tr("forums.detail.to_grid"), icon=":material/table_edit:",
                     query_params={"id": f.id})  # fmt: skip
    st.page_link(nav.path_of("forum-actions"), label=tr("nav.forum_actions"), icon=":material/task_alt:",
                 query_params={"forum": f.id})  # fmt: skip
    if me.has(*nav.by_url("forum-you-said").roles):
        st.page_link(nav.path_of("forum-you-said"), label=tr("nav.forum_you_said"), icon=":material/campaign:",
                     query_params={"forum": f.id})  # fmt: skip

st.subheader(tr("forums.detail.heard"))
heard = read(items.list_items, f.id)
item_states = item_status_labels()
if not heard:
    st.info(tr("forums.detail.no_items"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": i.id,
                    tr("forums.item.kind"): kinds.get(i.kind, i.kind),
                    tr("forums.item.text"): i.text,
                    tr("forums.item.tags"): ", ".join(i.tags),
                    tr("forums.item.unit"): i.unit_code or "–",
                    tr("forums.item.actions"): f"{i.actions_done}/{i.actions}",
                    tr("forums.item.complaint"): (
                        f"{i.complaint_tracking_id} · {tr(f'complaints.state.{i.complaint_state}')}"
                        if i.complaint_tracking_id
                        else "–"
                    ),
                    tr("forums.item.closed_on"): i18n.fmt_date(i.complaint_closed_on, lang())
                    if i.complaint_closed_on
                    else "",
                }
                for i in heard
            ]
        ),
        hide_index=True,
        width="stretch",
    )

if not records.can_record(me, f):
    st.stop()

# --- the organizer's work on this forum --------------------------------------------------------------

units = {u.id: f"{u.code} · {u.name}" for u in read(org.list_units, district_id=f.district_id)}
if heard:
    st.subheader(tr("forums.detail.follow_up"))
    by_id = {i.id: i for i in heard}
    item_id = st.selectbox(
        tr("forums.detail.pick_item"),
        list(by_id),
        format_func=lambda i: f"#{i} · {kinds.get(by_id[i].kind)} · {by_id[i].text[:80]}",
        key=f"fd_item_{f.id}",
    )
    item = by_id[item_id]
    if not item.actions and not item.complaint_tracking_id:
        if st.button(tr("forums.detail.delete"), icon=":material/delete:", key=f"fd_delete_{item_id}"):
            ok, _ = call(items.delete_item, item_id)
            if ok:
                saved(tr("forums.detail.deleted"))
    action_tab, complaint_tab = st.tabs([tr("forums.detail.tab_action"), tr("forums.detail.tab_complaint")])
    with action_tab:
        with st.form(f"fd_action_{item_id}"):
            title = st.text_input(tr("forums.action.title"), max_chars=150, key=f"fd_at_{item_id}")
            a1, a2 = st.columns(2)
            owner = a1.selectbox(
                tr("forums.action.owner"),
                list(units),
                format_func=units.get,
                index=list(units).index(item.unit_id) if item.unit_id in units else 0,
                key=f"fd_au_{item_id}",
            )
            due = a2.date_input(
                tr("forums.action.due"), value=clock.today(), format="DD/MM/YYYY", key=f"fd_ad_{item_id}"
            )
            public_note = st.text_area(tr("forums.action.public_note"), max_chars=2000, key=f"fd_ap_{item_id}")
            internal = st.text_area(tr("forums.action.internal_note"), max_chars=2000, key=f"fd_ai_{item_id}")
            if st.form_submit_button(tr("forums.action.add"), type="primary"):
                data = {"title": title, "owner_unit_id": owner, "due_on": due, "public_note": public_note,
                        "internal_note": internal}  # fmt: skip
                labels = {k: tr(f"forums.action.{k}") for k in ("title", "due_on", "progress")}
                ok, _ = call(actions.add_action, item_id, data, labels=labels)
                if ok:
                    saved(tr("forums.action.added"))
    with complaint_tab:
        if item.complaint_tracking_id:
            st.info(
                tr(
                    "forums.detail.has_complaint",
                    tid=item.complaint_tracking_id,
                    state=tr(f"complaints.state.{item.complaint_state}"),
                )
            )
            if st.button(tr("forums.detail.unlink"), key=f"fd_unlink_{item_id}"):
                ok, _ = call(links.unlink_complaint, item_id)
                if ok:
                    saved(tr("forums.detail.unlinked"))
        else:
            cats = category_labels()
            c1, c2 = st.columns([2, 1])
            category = c1.selectbox(
                tr("forums.detail.category"), list(cats), format_func=cats.get, key=f"fd_cat_{item_id}"
            )
            secret = c2.toggle(tr("forums.detail.secret"), key=f"fd_secret_{item_id}")
            if st.button(tr("forums.detail.to_complaint"), type="primary", key=f"fd_conv_{item_id}"):
                ok, tid = call(links.to_complaint, item_id, {"category": category, "secret": secret})
                if ok:
                    saved(tr("forums.detail.converted", tid=tid))
            st.divider()
            similar = read(links.similar_complaints, item_id)
            options = {None: tr("forums.detail.link_typed")}
            options |= {s.tracking_id: f"{s.tracking_id} · {md_escape(s.title)} ({s.score} %)" for s in similar}
            if similar:
                st.caption(tr("forums.detail.similar"))
            target = st.radio(
                tr("forums.detail.link_to"),
                list(options),
                format_func=options.get,
                key=f"fd_similar_{item_id}",
            )
            typed = st.text_input(tr("forums.detail.tracking_id"), key=f"fd_tid_{item_id}", max_chars=30)
            if st.button(tr("forums.detail.link"), key=f"fd_link_{item_id}"):
                ok, tid = call(
                    links.link_complaint,
                    item_id,
                    target or typed,
                    labels={"tracking_id": tr("forums.detail.tracking_id")},
                )
                if ok:
                    saved(tr("forums.detail.linked", tid=tid))


def _forget_form(forum_id: int) -> None:
    """Drop the edit form's typed values and the version it was read at: it shows the forum as saved."""
    for key in [key for key in st.session_state if str(key).startswith((f"fe_{forum_id}_", f"fd_version_{forum_id}"))]:
        del st.session_state[key]


with st.expander(tr("forums.detail.edit"), icon=":material/edit:"):
    version_key = f"fd_version_{f.id}"
    st.session_state.setdefault(version_key, f.version)  # the version this form was read at
    k = f"fe_{f.id}_"  # the edit form's widget keys: what the organizer typed survives a refused save
    with st.form(f"fd_edit_{f.id}"):
        e1, e2, e3 = st.columns(3)
        etype = e1.selectbox(tr("forums.type"), list(types), index=list(types).index(f.type), format_func=types.get,
                             key=k + "type")  # fmt: skip
        estatus = e2.selectbox(tr("forums.status"), list(statuses), index=list(statuses).index(f.status),
                               format_func=statuses.get, key=k + "status")  # fmt: skip
        eheld = e3.date_input(tr("forums.held_on"), value=f.held_on, format="DD/MM/YYYY", key=k + "held_on")
        etitle = st.text_input(tr("forums.title"), value=f.title, max_chars=150, key=k + "title")
        areas = {a.id: a.name for a in read(records.list_areas, f.district_id)}
        t1, t2, t3 = st.columns(3)
        area_options = [None, *areas]
        area_index = area_options.index(f.area_id) if f.area_id in areas else 0
        earea = t1.selectbox(tr("forums.area"), area_options, format_func=lambda a: areas.get(a, "–"),
                             index=area_index, key=k + "area")  # fmt: skip
        estart = t2.time_input(tr("forums.start_time"), value=f.start_time, key=k + "start")
        eend = t3.time_input(tr("forums.end_time"), value=f.end_time, key=k + "end")
        n1, n2, n3 = st.columns(3)
        total = n1.number_input(tr("forums.attendance_total"), min_value=0, value=f.attendance_total, step=1,
                                key=k + "total")  # fmt: skip
        women = n2.number_input(tr("forums.attendance_women"), min_value=0, value=f.attendance_women, step=1,
                                key=k + "women")  # fmt: skip
        men = n3.number_input(tr("forums.attendance_men"), min_value=0, value=f.attendance_men, step=1, key=k + "men")
        vulnerable = st.multiselect(tr("forums.vulnerable"), list(groups), default=f.vulnerable_groups,
                                    format_func=groups.get, key=k + "groups")  # fmt: skip
        epartners = st.multiselect(tr("forums.partner_units"), list(units), default=[u for u in f.partner_unit_ids
                                   if u in units], format_func=units.get, key=k + "partners")  # fmt: skip
        evenue = st.text_input(tr("forums.venue"), value=f.venue or "", max_chars=200, key=k + "venue")
        elink = st.text_input(tr("forums.online_link"), value=f.online_link or "", max_chars=300, key=k + "link")
        eorganizers = st.text_input(tr("forums.organizers"), value=f.organizers or "", max_chars=300, key=k + "orgs")
        eagenda = st.text_area(tr("forums.agenda"), value=f.agenda or "", max_chars=4000, key=k + "agenda")
        eminutes = st.text_area(tr("forums.minutes"), value=f.minutes or "", height=300, max_chars=50_000,
                                key=k + "minutes")  # fmt: skip
        if st.form_submit_button(tr("common.save"), type="primary", key=k + "save"):
            data = {
                "type": etype, "status": estatus, "held_on": eheld, "title": etitle, "area_id": earea,
                "start_time": estart, "end_time": eend, "venue": evenue, "online_link": elink,
                "organizers": eorganizers, "partner_unit_ids": epartners, "agenda": eagenda,
                "attendance_total": total, "attendance_women": women, "attendance_men": men,
                "vulnerable_groups": vulnerable, "minutes": eminutes, "version": st.session_state[version_key],
            }  # fmt: skip
            labels = {x: tr(f"forums.{x}") for x in ("type", "status", "held_on", "title", "venue", "online_link",
                                                     "minutes", "area_id")}  # fmt: skip
            ok, _ = call(records.update_forum, f.id, data, labels=labels)
            if ok:
                _forget_form(f.id)
                saved(tr("forums.detail.saved"))
    if st.session_state[version_key] != f.version:  # someone saved it since this form was read
        st.warning(tr("forums.detail.stale"))
        if st.button(tr("forums.detail.reload"), key=k + "reload"):
            _forget_form(f.id)
            st.rerun()

with st.expander(tr("forums.participants"), icon=":material/badge:"):
    people = read(records.list_participants, f.id)
    if people:
        st.dataframe(pd.DataFrame(people), hide_index=True, width="stretch")
    st.caption(tr("forums.participants.help"))
    with st.form(f"fd_person_{f.id}", clear_on_submit=True):
        p1, p2, p3 = st.columns(3)
        pname = p1.text_input(tr("forums.participant.name"), max_chars=150)
        pphone = p2.text_input(tr("forums.participant.phone"), max_chars=20)
        pcommunity = p3.text_input(tr("forums.participant.community"), max_chars=150)
        if st.form_submit_button(tr("forums.participant.add")):
            ok, _ = call(records.add_participant, f.id, {"name": pname, "phone": pphone, "community": pcommunity})
            if ok:
                saved(tr("forums.participant.added"))
