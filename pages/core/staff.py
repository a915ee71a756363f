"""Pegawai (ASN): the staff directory in scope, paged in SQL; admins and trainers add and edit staff."""

import pandas as pd
import streamlit as st

from models.core.base import Role
from models.core.org import Employment
from models.core.validators import PNS_RANKS, PPPK_RANKS
from services import i18n
from services.core import org
from ui.context import actor, call, lang, read, saved, show_flash, tr
from ui.widgets import choice, current_page, md_escape, pager

me = actor()
st.title(tr("staff.title"))
st.caption(tr("staff.subtitle"))
show_flash()

districts = {d.id: d.name for d in read(org.list_districts)}
units_all = read(org.list_units)

with st.container(horizontal=True):
    district_id = choice(tr("common.district"), districts, "staff_district", none_label=tr("common.all"))
    unit_options = {u.id: f"{u.code} · {u.name}" for u in units_all if district_id in (None, u.district_id)}
    unit_id = choice(tr("common.unit"), unit_options, "staff_unit", none_label=tr("common.all"))
    search = st.text_input(tr("staff.search"), key="staff_search", placeholder=tr("staff.search_hint"))
    inactive = st.toggle(tr("staff.include_inactive"), key="staff_inactive")

page_no = current_page("staff_page", district_id, unit_id, search, inactive)
result = read(
    org.list_staff,
    district_id=district_id,
    unit_id=unit_id,
    search=search,
    include_inactive=inactive,
    page=page_no,
    page_size=50,
)
if not result.items:
    st.info(tr("staff.none"))
else:
    table = pd.DataFrame(
        [
            {
                tr("staff.nip"): s.nip,
                tr("staff.name"): s.name,
                tr("common.unit"): s.unit_code,
                tr("staff.position"): s.position,
                tr("staff.employment"): s.employment,
                tr("staff.rank"): s.rank or "–",
                tr("staff.gender"): tr(f"gender.{s.gender}"),
                tr("staff.tmt"): i18n.fmt_date(s.tmt, lang()),
                tr("common.active"): s.active,
            }
            for s in result.items
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
pager(result, "staff_page")

if not me.has(Role.admin, Role.trainer):
    st.stop()

labels = {
    "nip": tr("staff.nip"),
    "name": tr("staff.name"),
    "unit_id": tr("common.unit"),
    "position": tr("staff.position"),
    "employment": tr("staff.employment"),
    "rank": tr("staff.rank"),
}
ranks = {"PNS": list(PNS_RANKS), "PPPK": list(PPPK_RANKS)}
unit_labels = {u.id: f"{u.code} · {u.name}" for u in units_all}

add, edit = st.tabs([tr("staff.add"), tr("staff.edit")])
with add:
    employment = st.radio(tr("staff.employment"), [e.value for e in Employment], horizontal=True, key="staff_new_emp")
    with st.form("staff_create", clear_on_submit=False):
        nip = st.text_input(tr("staff.nip"), max_chars=18, help=tr("staff.nip_help"))
        name = st.text_input(tr("staff.name"))
        new_unit = choice(tr("common.unit"), unit_labels, "staff_new_unit", index=None, placeholder=tr("common.choose"))
        position = st.text_input(tr("staff.position"))
        rank = st.selectbox(tr("staff.rank"), ranks[employment], index=None, placeholder=tr("common.optional"))
        if st.form_submit_button(tr("common.save"), type="primary"):
            data = {
                "nip": nip,
                "name": name,
                "unit_id": new_unit,
                "position": position,
                "employment": employment,
                "rank": rank,
            }
            ok, created = call(org.create_staff, data, labels=labels)
            if ok:
                saved(tr("staff.saved", name=md_escape(created.name)))

with edit:
    if not result.items:
        st.caption(tr("staff.edit_hint"))
    else:
        options = {s.id: f"{s.nip} · {s.name}" for s in result.items}
        staff_id = choice(tr("staff.pick"), options, "staff_edit_pick", index=None, placeholder=tr("staff.edit_hint"))
        if staff_id is not None:
            current = next(s for s in result.items if s.id == staff_id)
            with st.form(f"staff_edit_{staff_id}"):
                name = st.text_input(tr("staff.name"), value=current.name)
                # Active units to move to, and the current one even when it has been deactivated, so
                # the other fields can be edited without a move.
                edit_units = dict(unit_labels)
                if current.unit_id not in edit_units:
                    edit_units[current.unit_id] = tr(
                        "staff.unit_inactive", unit=f"{current.unit_code} · {current.unit_name}"
                    )
                unit_keys = list(edit_units)
                unit = st.selectbox(
                    tr("common.unit"), unit_keys, index=unit_keys.index(current.unit_id), format_func=edit_units.get
                )
                position = st.text_input(tr("staff.position"), value=current.position)
                emp_values = [e.value for e in Employment]
                emp = st.selectbox(tr("staff.employment"), emp_values, index=emp_values.index(current.employment))
                rank = st.text_input(tr("staff.rank"), value=current.rank or "", help=tr("staff.rank_help"))
                active = st.checkbox(tr("common.active"), value=current.active)
                if st.form_submit_button(tr("common.save"), type="primary"):
                    data = {
                        "name": name,
                        "unit_id": unit,
                        "position": position,
                        "employment": emp,
                        "rank": rank,
                        "active": active,
                    }
                    ok, updated = call(org.update_staff, staff_id, data, labels=labels)
                    if ok:
                        saved(tr("staff.saved", name=md_escape(updated.name)))
