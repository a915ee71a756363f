"""Antrean pengaduan: the triage queue, sorted by the next working-day deadline, filtered and paged
in SQL; select rows to open one, or to forward or assign several at once; export the filtered list.

`?show=overdue|due_today|escalated|to_verify|new_for_unit` (the home page's links) opens it filtered to
exactly the complaints the home item counted (services.complaints.preset)."""

import pandas as pd
import streamlit as st

from models.core.base import Role
from services import i18n
from services.complaints import access, exports, triage, workflow
from services.complaints.triage import QueueFilter
from services.core import clock, org
from ui import nav
from ui.complaints.widgets import (
    apply_queue_link,
    category_labels,
    close_expired_follow_ups,
    deadline_text,
    deferred,
    priority_labels,
    state_labels,
)
from ui.context import actor, call, lang, read, tr
from ui.widgets import choice, current_page, pager

me = actor()
coordinator = access.is_coordinator(me)
liaison = access.is_liaison(me)
st.title(tr("queue.title"))
st.caption(tr("queue.subtitle"))
close_expired_follow_ups()

apply_queue_link()  # a link from the home page: that item's filter alone

flash = st.session_state.pop("cq_flash", None)
if flash:
    st.success(flash)

districts = {d.id: d.name for d in read(org.list_districts)}
summary = read(triage.summary)
cols = st.columns(5)
cols[0].metric(tr("queue.m.open"), i18n.fmt_number(summary.open, lang()))
cols[1].metric(tr("queue.m.overdue"), i18n.fmt_number(summary.overdue, lang()))
cols[2].metric(tr("queue.m.due_today"), i18n.fmt_number(summary.due_today, lang()))
cols[3].metric(tr("queue.m.escalated"), i18n.fmt_number(summary.escalated, lang()))
if liaison:  # nothing awaits forwarding at a unit; what came in is what it watches
    cols[4].metric(tr("queue.m.new_for_unit"), i18n.fmt_number(summary.new_for_unit, lang()))
else:
    cols[4].metric(tr("queue.m.awaiting"), i18n.fmt_number(summary.awaiting_forward, lang()))

states = state_labels()
cats = category_labels()
prios = priority_labels()
with st.container(horizontal=True, vertical_alignment="bottom"):
    search = st.text_input(tr("queue.search"), placeholder=tr("queue.search_hint"), key="cq_search")
    chosen_states = st.multiselect(
        tr("queue.states"), list(states), format_func=states.get, placeholder=tr("queue.states_hint"), key="cq_states"
    )
    district_id = (
        choice(
            tr("common.district"), districts, "cq_district", none_label=tr("common.all"), placeholder=tr("common.all")
        )
        if me.all_districts
        else None
    )
    units = {u.id: u.code for u in read(org.list_units, district_id=district_id)}
    unit_id = choice(tr("common.unit"), units, "cq_unit", none_label=tr("common.all"), placeholder=tr("common.all"))
    sort = st.selectbox(
        tr("queue.sort"),
        ["deadline", "newest", "priority"],
        format_func=lambda s: tr(f"queue.sort.{s}"),
        key="cq_sort",
    )
with st.container(horizontal=True, vertical_alignment="bottom"):
    scope = "work"
    if liaison:
        scope = (
            st.segmented_control(
                tr("queue.scope"),
                list(access.SCOPES),
                format_func=lambda v: tr(f"queue.scope.{v}"),
                default="work",
                help=tr("queue.scope_help"),
                key="cq_scope",
            )
            or "work"
        )
    overdue = st.toggle(tr("queue.overdue_only"), key="cq_overdue")
    due_today = st.toggle(tr("queue.due_today_only"), key="cq_due_today")
    escalated = st.toggle(tr("queue.escalated_only"), key="cq_escalated")
    new_for_unit = st.toggle(tr("queue.new_for_unit"), key="cq_new_for_unit") if liaison else False
    mine = st.toggle(tr("queue.mine"), key="cq_mine") if me.has(Role.officer) else False
with st.expander(tr("queue.more_filters")):
    with st.container(horizontal=True):
        category = choice(
            tr("complaints.col.category"),
            cats,
            "cq_category",
            none_label=tr("common.all"),
            placeholder=tr("common.all"),
        )
        priority = choice(
            tr("complaints.col.priority"),
            prios,
            "cq_priority",
            none_label=tr("common.all"),
            placeholder=tr("common.all"),
        )
        area_names = read(triage.areas, district_id)
        area = choice(
            tr("complaints.col.area"),
            {a: a for a in area_names},
            "cq_area",
            none_label=tr("common.all"),
            placeholder=tr("common.all"),
        )
        received = st.date_input(tr("queue.received_between"), value=(), format="DD/MM/YYYY", key="cq_received")

received_from, received_to = (received[0], received[-1]) if len(received) else (None, None)
flt = QueueFilter(
    states=tuple(chosen_states),
    scope=scope,
    district_id=district_id,
    unit_id=unit_id,
    category=category,
    priority=priority,
    overdue=overdue,
    due_today=due_today,
    escalated=escalated,
    new_for_unit=new_for_unit,
    mine=mine,
    area=area,
    received_from=received_from,
    received_to=received_to,
    search=search or None,
    sort=sort,
)
page_no = current_page("cq_page", flt)
result = read(triage.queue, flt, page=page_no, page_size=50)


def flags(row) -> str:
    marks = []
    if row.escalated:
        marks.append(tr("complaints.escalated"))
    if row.secret:
        marks.append(tr("complaints.secret"))
    if row.anonymous:
        marks.append(tr("complaints.anonymous"))
    return " · ".join(marks)


selected: list[str] = []
if not result.items:
    st.info(tr("queue.none"))
else:
    table = pd.DataFrame(
        [
            {
                tr("complaints.col.tracking_id"): r.tracking_id,
                tr("complaints.col.deadline"): deadline_text(r.due_on, r.days_left),
                tr("complaints.col.waiting"): tr(f"complaints.due.{r.due_kind}") if r.due_kind else "",
                tr("complaints.col.state"): states[r.state],
                # A masked row (rahasia) shows its ID, state and deadline only.
                tr("complaints.col.priority"): prios[r.priority] if r.priority else "",
                tr("complaints.col.title"): tr("complaints.masked") if r.masked else r.title,
                tr("complaints.col.category"): cats[r.category] if r.category else "",
                tr("complaints.col.unit"): r.unit_code or ("" if r.masked else "–"),
                tr("complaints.col.area"): r.area or "",
                tr("complaints.col.received"): i18n.fmt_date(r.received_on, lang()) if r.received_on else "",
                tr("complaints.col.assignee"): r.assignee or "",
                tr("complaints.col.flags"): flags(r),
            }
            for r in result.items
        ]
    )
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        key=f"cq_table_{page_no}_{hash(flt)}",
        column_config={
            tr("complaints.col.title"): st.column_config.TextColumn(width="large"),
            tr("complaints.col.deadline"): st.column_config.TextColumn(width="medium"),
        },
    )
    selected = [result.items[i].tracking_id for i in event.selection.rows]
pager(result, "cq_page")

if len(selected) == 1:
    if st.button(tr("queue.open_selected"), type="primary", icon=":material/open_in_new:"):
        st.switch_page(nav.path_of("complaint"), query_params={"id": selected[0]})

# --- bulk forward and assign (coordinators) ---------------------------------------------------------
if selected and coordinator:
    with st.container(border=True):
        st.markdown(f"**{tr('queue.bulk')}** · {tr('queue.selected', n=len(selected))}")
        st.caption(tr("queue.bulk_hint"))
        forward_tab, assign_tab = st.tabs([tr("queue.bulk_forward"), tr("queue.bulk_assign")])
        all_units = {u.id: f"{u.code} · {u.name}" for u in read(org.list_units, district_id=district_id)}
        with forward_tab:
            target = choice(tr("detail.unit"), all_units, "cq_bulk_unit", index=None, placeholder=tr("common.choose"))
            officers = dict(read(workflow.officers_of_unit, target)) if target else {}
            officer = choice(tr("queue.officer"), officers, "cq_bulk_officer", none_label=tr("queue.officer_none"))
            note = st.text_input(tr("queue.note"), key="cq_bulk_note")
            if st.button(tr("queue.bulk_forward"), type="primary", key="cq_bulk_forward_go"):
                ok, n = call(
                    workflow.bulk_forward,
                    selected,
                    {"unit_id": target, "assignee_id": officer, "note": note or None},
                    labels={"unit_id": tr("detail.unit"), "assignee_id": tr("queue.officer")},
                )
                if ok:
                    st.session_state["cq_flash"] = tr("queue.bulk_done_forward", n=n)
                    st.rerun()
        with assign_tab:
            unit_for_officers = choice(
                tr("detail.unit"), all_units, "cq_assign_unit", index=None, placeholder=tr("common.choose")
            )
            officers = dict(read(workflow.officers_of_unit, unit_for_officers)) if unit_for_officers else {}
            officer = choice(
                tr("complaints.col.assignee"),
                officers,
                "cq_assign_officer",
                index=None,
                placeholder=tr("common.choose"),
            )
            if st.button(tr("queue.bulk_assign"), type="primary", key="cq_bulk_assign_go"):
                ok, n = call(
                    workflow.bulk_assign,
                    selected,
                    {"assignee_id": officer},
                    labels={"assignee_id": tr("complaints.col.assignee")},
                )
                if ok:
                    st.session_state["cq_flash"] = tr("queue.bulk_done_assign", n=n)
                    st.rerun()

# --- export of the filtered list ---------------------------------------------------------------------
with st.expander(tr("queue.export"), icon=":material/download:"):
    personal = False
    if me.has(Role.officer):
        personal = st.checkbox(tr("queue.export_personal"), help=tr("queue.export_personal_help"), key="cq_personal")
    if not personal:
        st.caption(tr("queue.export_note"))
    stamp, language = clock.today().isoformat(), lang()
    with st.container(horizontal=True):
        for fmt, label in (("csv", "queue.export_csv"), ("xlsx", "queue.export_xlsx")):

            def build(session, who, flt=flt, personal=personal, fmt=fmt):
                # Runs on click, in its own thread: no Streamlit calls here.
                header, rows = exports.export_table(session, who, flt, personal, language)
                return exports.exporter(fmt)(header, rows)

            st.download_button(
                tr(label),
                data=deferred(build, me),
                file_name=f"pengaduan-{stamp}.{fmt}",
                mime="text/csv"
                if fmt == "csv"
                else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                on_click="ignore",
                key=f"cq_export_{fmt}",
            )
