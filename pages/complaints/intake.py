"""Catat pengaduan: a staff form for a complaint from any channel; similar open complaints are shown
while typing so a repeat can be linked as a duplicate; the receipt with the PIN is printed on saving."""

import streamlit as st

from services import i18n
from services.complaints import exports, intake, triage
from services.complaints import files as complaint_files
from services.core import clock, org
from ui import nav
from ui.complaints.widgets import (
    category_labels,
    channel_labels,
    deferred,
    kind_labels,
    priority_labels,
    state_labels,
    status_url,
)
from ui.context import actor, call, keep_on_page, lang, read, tr
from ui.widgets import choice, md_escape

me = actor()
st.title(tr("intake.title"))
st.caption(tr("intake.subtitle"))

# --- the report just saved: its ID, the PIN (shown once) and the receipt -------------------------
# Kept for this page only: leave it and come back, and the next person finds an empty form.
saved = st.session_state.get("intake_saved")
if saved:
    with st.container(border=True):
        if saved["merged_into"]:
            st.success(tr("intake.saved_merged", tracking_id=saved["tracking_id"], target=saved["merged_into"]))
        else:
            st.success(tr("intake.saved", tracking_id=saved["tracking_id"]))
        left, right = st.columns(2)
        left.metric(tr("complaints.col.tracking_id"), saved["tracking_id"])
        right.metric(tr("intake.pin"), saved["pin"])
        st.caption(tr("intake.pin_help"))
        with st.container(horizontal=True):
            st.download_button(
                tr("intake.receipt"),
                data=deferred(exports.receipt_pdf, me, saved["tracking_id"], saved["pin"], status_url(), lang()),
                file_name=f"tanda-terima-{saved['tracking_id']}.pdf",
                mime="application/pdf",
                icon=":material/receipt_long:",
                type="primary",
                on_click="ignore",
            )
            st.page_link(
                nav.path_of("complaint"),
                label=tr("intake.open"),
                icon=":material/open_in_new:",
                query_params={"id": saved["tracking_id"]},
            )
            if st.button(tr("intake.another"), icon=":material/add:"):
                st.session_state.pop("intake_saved", None)
                st.rerun()
    st.stop()

version = st.session_state.setdefault("intake_version", 0)


def key(name: str) -> str:
    """Widget keys carry a version, so a saved form starts empty again."""
    return f"intake_{name}_{version}"


values = read(intake.form_settings)
districts = {d.id: d.name for d in read(org.list_districts)}
if me.all_districts:
    district_id = choice(tr("intake.district"), districts, key("district"), index=None, placeholder=tr("common.choose"))
else:
    district_id = me.district_id
units = {u.id: f"{u.code} · {u.name}" for u in read(org.list_units, district_id=district_id)} if district_id else {}

st.subheader(tr("intake.report"))
c1, c2, c3 = st.columns(3)
with c1:
    channel = choice(tr("intake.channel"), channel_labels(), key("channel"))
kind = c2.selectbox(tr("intake.kind"), list(kind_labels()), format_func=kind_labels().get, key=key("kind"), index=1)
received_on = c3.date_input(
    tr("intake.received_on"), value=clock.today(), max_value=clock.today(), format="DD/MM/YYYY", key=key("received")
)
cats = category_labels()
c4, c5 = st.columns(2)
category = c4.selectbox(
    tr("intake.category"), list(cats), format_func=cats.get, index=None, placeholder=tr("common.choose"), key=key("cat")
)
suggested = read(intake.suggest_unit, category, district_id) if category and district_id else None
# A new category suggests its unit (the officer may still choose another).
if st.session_state.get(key("cat_seen")) != category:
    st.session_state[key("cat_seen")] = category
    if suggested is not None:
        st.session_state[key("unit")] = suggested
with c5:
    unit_id = choice(tr("intake.unit"), units, key("unit"), none_label=tr("complaints.unit_none"))
    if suggested is not None:
        st.caption(tr("intake.unit_suggested", unit=md_escape(units.get(suggested, "–"))))
known_areas = read(triage.areas, district_id) if district_id else []
area = st.selectbox(
    tr("intake.area"),
    known_areas,
    index=None,
    accept_new_options=True,
    placeholder=tr("common.optional"),
    help=tr("intake.area_help"),
    key=key("area"),
)
title = st.text_input(tr("intake.title_field"), max_chars=150, help=tr("intake.title_help"), key=key("title"))
description = st.text_area(
    tr("intake.description"), max_chars=4000, height=140, help=tr("intake.description_help"), key=key("description")
)

# --- similar open complaints: link as a duplicate instead ----------------------------------------
duplicate_of = None
text = f"{title or ''} {description or ''}".strip()
if len(text) >= 10 and district_id:
    similar = read(intake.similar_open, text, district_id=district_id, unit_id=unit_id, area=area)
    with st.container(border=True):
        st.markdown(f"**{tr('intake.similar')}**")
        st.caption(tr("intake.similar_help", days=values["complaints.similar_days"]))
        if not similar:
            st.caption(tr("intake.similar_none"))
        else:
            states = state_labels()
            options = {  # radio labels are Markdown: another complaint's title is user text
                s.tracking_id: f"{s.tracking_id} · {md_escape(s.title)} · {states[s.state]} · "
                f"{i18n.fmt_date(s.received_on, lang())} · {tr('intake.similar_score', score=s.score)}"
                for s in similar
            }
            duplicate_of = st.radio(
                tr("intake.link_duplicate"),
                [None, *options],
                format_func=lambda v: tr("intake.no_duplicate") if v is None else options[v],
                key=key("duplicate"),
            )

c6, c7, c8 = st.columns(3)
prios = priority_labels()
priority = c6.selectbox(tr("intake.priority"), list(prios), format_func=prios.get, index=1, key=key("priority"))
external_ref = c7.text_input(
    tr("intake.external_ref"), max_chars=60, help=tr("intake.external_ref_help"), key=key("ref")
)
with c8:
    st.write("")
    field_check = st.checkbox(tr("intake.field_check"), key=key("field_check"))

st.subheader(tr("intake.complainant"))
st.caption(tr("intake.complainant_help"))
f1, f2 = st.columns(2)
anonymous = f1.toggle(tr("intake.anonymous"), help=tr("intake.anonymous_help"), key=key("anonymous"))
secret = f2.toggle(tr("intake.secret"), help=tr("intake.secret_help"), key=key("secret"))
p1, p2, p3 = st.columns(3)
name = p1.text_input(tr("intake.name"), max_chars=150, disabled=anonymous, key=key("name"))
phone = p2.text_input(
    tr("intake.phone"), max_chars=30, help=tr("intake.phone_help"), disabled=anonymous, key=key("phone")
)
email = p3.text_input(tr("intake.email"), max_chars=200, disabled=anonymous, key=key("email"))

uploads = st.file_uploader(
    tr("intake.attachments"),
    type=complaint_files.UPLOAD_EXTENSIONS,
    accept_multiple_files=True,
    max_upload_size=values["complaints.attachment_max_mb"],
    help=tr(
        "intake.attachments_help",
        count=values["complaints.attachment_max_count"],
        mb=values["complaints.attachment_max_mb"],
    ),
    key=key("files"),
)

field_labels = {
    "district_id": tr("intake.district"),
    "kind": tr("intake.kind"),
    "channel": tr("intake.channel"),
    "category": tr("intake.category"),
    "unit_id": tr("intake.unit"),
    "area": tr("intake.area"),
    "external_ref": tr("intake.external_ref"),
    "title": tr("intake.title_field"),
    "description": tr("intake.description"),
    "received_on": tr("intake.received_on"),
    "priority": tr("intake.priority"),
    "complainant_name": tr("intake.name"),
    "complainant_phone": tr("intake.phone"),
    "complainant_email": tr("intake.email"),
    "duplicate_of": tr("intake.link_duplicate"),
    "attachments": tr("intake.attachments"),
}
if st.button(tr("intake.save"), type="primary", icon=":material/save:", key=key("save")):
    data = {
        "district_id": district_id,
        "kind": kind,
        "channel": channel,
        "category": category,
        "unit_id": unit_id,
        "area": area,
        "external_ref": external_ref,
        "title": title,
        "description": description,
        "received_on": received_on,
        "priority": priority,
        "field_check": field_check,
        "secret": secret,
        "anonymous": anonymous,
        "complainant_name": name,
        "complainant_phone": phone,
        "complainant_email": email,
        "duplicate_of": duplicate_of,
    }
    files = [(f.name, f.getvalue()) for f in uploads or []]
    ok, created = call(intake.create_complaint, data, files, labels=field_labels)
    if ok:
        keep_on_page(
            "intake_saved",
            {"tracking_id": created.tracking_id, "pin": created.pin, "merged_into": created.merged_into},
        )
        st.session_state["intake_version"] = version + 1
        st.rerun()
