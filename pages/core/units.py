"""Wilayah & unit: districts and their service units with the services each offers. Admins only."""

import pandas as pd
import streamlit as st

from models.core.org import DistrictKind
from services.core import org
from ui.context import actor, call, read, saved, show_flash, tr
from ui.widgets import choice, md_escape

me = actor()
st.title(tr("org.title"))
st.caption(tr("org.subtitle"))
show_flash()

districts = read(org.list_districts)
district_names = {d.id: d.name for d in districts}
units = read(org.list_units, include_inactive=True)
labels = {
    "code": tr("org.code"),
    "name": tr("org.name"),
    "kind": tr("org.kind"),
    "district_id": tr("common.district"),
    "services": tr("org.services"),
    "province": tr("org.province"),
    "regency": tr("org.regency"),
}

units_tab, districts_tab = st.tabs([tr("org.units"), tr("org.districts")])
with units_tab:
    district_id = choice(tr("common.district"), district_names, "org_district", none_label=tr("common.all"))
    shown = [u for u in units if district_id in (None, u.district_id)]
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("org.code"): u.code,
                    tr("org.name"): u.name,
                    tr("org.kind"): u.kind,
                    tr("common.district"): u.district_name,
                    tr("org.services"): ", ".join(u.services),
                    tr("common.active"): u.active,
                }
                for u in shown
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    add, edit = st.columns(2)
    with add, st.form("unit_create"):
        st.markdown(f"**{tr('org.add_unit')}**")
        new_district = choice(
            tr("common.district"), district_names, "unit_new_district", index=None, placeholder=tr("common.choose")
        )
        code = st.text_input(tr("org.code"), help=tr("org.code_help"))
        name = st.text_input(tr("org.name"))
        kind = st.text_input(tr("org.kind"), help=tr("org.kind_help"))
        services = st.text_area(tr("org.services"), help=tr("org.services_help"))
        if st.form_submit_button(tr("common.save"), type="primary"):
            data = {"district_id": new_district, "code": code, "name": name, "kind": kind, "services": services}
            ok, unit = call(org.create_unit, data, labels=labels)
            if ok:
                saved(tr("org.unit_saved", code=unit.code))
    with edit:
        unit_opts = {u.id: f"{u.code} · {u.name}" for u in shown}
        unit_id = choice(tr("org.pick_unit"), unit_opts, "unit_edit_pick", index=None, placeholder=tr("common.choose"))
        if unit_id is not None:
            unit = next(u for u in units if u.id == unit_id)
            with st.form(f"unit_edit_{unit_id}"):
                name = st.text_input(tr("org.name"), value=unit.name)
                kind = st.text_input(tr("org.kind"), value=unit.kind)
                services = st.text_area(
                    tr("org.services"), value="\n".join(unit.services), help=tr("org.services_help")
                )
                active = st.checkbox(tr("common.active"), value=unit.active)
                if st.form_submit_button(tr("common.save"), type="primary"):
                    data = {"name": name, "kind": kind, "services": services, "active": active}
                    ok, _ = call(org.update_unit, unit_id, data, labels=labels)
                    if ok:
                        saved(tr("org.unit_saved", code=unit.code))

with districts_tab:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("org.code"): d.code,
                    tr("org.name"): d.name,
                    tr("org.kind"): tr(f"district_kind.{d.kind}"),
                    tr("org.regency"): d.regency or "–",
                    tr("org.province"): d.province,
                }
                for d in districts
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    if me.all_districts:
        with st.form("district_create"):
            st.markdown(f"**{tr('org.add_district')}**")
            name = st.text_input(tr("org.name"))
            code = st.text_input(tr("org.code"), max_chars=3, help=tr("org.district_code_help"))
            kind = st.selectbox(
                tr("org.kind"), [k.value for k in DistrictKind], format_func=lambda k: tr(f"district_kind.{k}")
            )
            regency = st.text_input(tr("org.regency"), placeholder=tr("common.optional"))
            province = st.text_input(tr("org.province"))
            if st.form_submit_button(tr("common.save"), type="primary"):
                data = {"name": name, "code": code, "kind": kind, "regency": regency, "province": province}
                ok, district = call(org.create_district, data, labels=labels)
                if ok:
                    saved(tr("org.district_saved", name=md_escape(district.name)))
