"""Buka laporan: one complaint (`?id=WGR-2026-000123`) with its deadlines, the complainant (masked
unless handled), attachments, the actions this user may take, and the full timeline."""

import streamlit as st

from models.complaints import normalise_tracking_id
from services import i18n
from services.complaints import exports, intake, replies, report, workflow
from services.complaints import files as complaint_files
from services.complaints.rules import ALWAYS_PUBLIC, TRANSITIONS, Action
from services.core import org
from ui import nav, origins
from ui.complaints.widgets import (
    actor_name,
    category_labels,
    channel_labels,
    deadline_text,
    deferred,
    kind_labels,
    maladministration_labels,
    priority_badge,
    priority_labels,
    state_badge,
    state_labels,
    status_url,
)
from ui.context import actor, call, keep_on_page, lang, read, tr
from ui.widgets import choice, md_escape

me = actor()
tid = normalise_tracking_id(st.query_params.get("id", ""))

if not tid:
    st.title(tr("detail.title"))
    with st.form("detail_pick"):
        typed = st.text_input(tr("detail.pick"), placeholder=tr("detail.pick_hint"))
        if st.form_submit_button(tr("detail.open"), type="primary") and typed.strip():
            st.query_params["id"] = normalise_tracking_id(typed)
            st.rerun()
    st.stop()

view = read(report.get_complaint, tid)
states, cats, prios = state_labels(), category_labels(), priority_labels()

st.page_link(nav.path_of("complaints"), label=tr("detail.back"), icon=":material/arrow_back:")
st.title(view.tracking_id)
st.markdown(f"#### {md_escape(view.title)}")
with st.container(horizontal=True):
    state_badge(view.state)
    priority_badge(view.priority)
    if view.overdue:
        st.badge(tr("complaints.overdue"), icon=":material/alarm:", color="red")
    if view.escalated:
        st.badge(tr("complaints.escalated"), icon=":material/priority_high:", color="red")
    if view.late and not view.overdue:
        st.badge(tr("complaints.late"), color="orange")
    if view.secret:
        st.badge(tr("complaints.secret"), icon=":material/lock:", color="violet")
    if view.anonymous:
        st.badge(tr("complaints.anonymous"), icon=":material/person_off:", color="gray")

flash = st.session_state.pop("detail_flash", None)
if flash:
    st.success(flash)
if view.merged_into:
    st.info(tr("detail.merged_into", target=view.merged_into))
    st.page_link(
        nav.path_of("complaint"),
        label=tr("detail.open_target", target=view.merged_into),
        query_params={"id": view.merged_into},
    )
if view.merged_from:
    st.caption(tr("detail.merged_from", ids=", ".join(view.merged_from)))
origins.show("complaint", view.tracking_id)  # where it came from in another module (a forum), as a link

left, right = st.columns([3, 2], gap="large")
with left:
    st.markdown(f"**{tr('detail.description')}**")
    st.markdown(md_escape(view.description).replace("\n", "  \n"))
    st.markdown(f"**{tr('detail.about')}**")
    about = {
        tr("complaints.col.kind"): kind_labels()[view.kind],
        tr("complaints.col.channel"): channel_labels()[view.channel],
        tr("complaints.col.category"): cats[view.category],
        tr("complaints.col.received"): i18n.fmt_date(view.received_on, lang()),
        tr("detail.district"): view.district_name,
        tr("complaints.col.area"): view.area or "–",
        tr("complaints.col.unit"): f"{view.unit_code} · {view.unit_name}" if view.unit_code else "–",
        tr("detail.assignee"): view.assignee or tr("detail.nobody"),
        tr("detail.handlers"): ", ".join(view.handlers) or "–",
        tr("intake.external_ref"): view.external_ref or "–",
    }
    # st.table draws its cells as Markdown: names of units and areas are typed text, so escaped.
    values = [md_escape(v) for v in about.values()]
    st.table({"": list(about), " ": values}, border="horizontal", hide_index=True, hide_header=True)

with right:
    with st.container(border=True):
        st.markdown(f"**{tr('detail.deadlines')}**")
        if view.state == "postponed":
            st.markdown(f"{tr('detail.postponed_until')}: **{i18n.fmt_date(view.postponed_until, lang())}**")
        elif view.due_on and view.due_kind:
            what = tr(f"complaints.due.{view.due_kind}")
            st.markdown(f"{tr('detail.next_deadline')} ({what}): **{deadline_text(view.due_on, view.days_left)}**")
        else:
            st.caption(tr("detail.no_deadline"))
        limit = tr("detail.resolve_by", days=view.national_limit_days)
        st.markdown(f"{limit}: {i18n.fmt_date(view.resolve_by, lang())}")
        if view.closed_on:
            st.markdown(
                f"{tr('detail.closing')}: {i18n.fmt_date(view.closed_on, lang())} · "
                + (tr("detail.handling_days", n=view.handling_days) if view.handling_days is not None else "")
                + (" · " + (tr("detail.on_time") if view.on_time else tr("detail.not_on_time")))
            )
            if view.rating:
                st.markdown(tr("detail.rating", n=view.rating))
            if view.maladministration:
                st.caption(maladministration_labels()[view.maladministration])
    with st.container(border=True):
        st.markdown(f"**{tr('detail.complainant')}**")
        if view.anonymous:
            st.caption(tr("detail.anonymous_note"))
        else:
            st.text(view.complainant or tr("detail.no_identity"))
            revealed = st.session_state.get(f"detail_contact_{view.tracking_id}")
            if revealed:
                st.text(" · ".join(x for x in (revealed.phone, revealed.email) if x))
                st.caption(tr("detail.revealed_note"))
            elif view.contact:
                st.text(f"{tr('detail.contact')}: {view.contact}")
                if view.can_reveal and st.button(tr("detail.reveal"), icon=":material/visibility:"):
                    ok, contact = call(report.reveal_contact, view.tracking_id)
                    if ok:  # as the PIN: gone once the user leaves the page
                        keep_on_page(f"detail_contact_{view.tracking_id}", contact)
                        st.rerun()
            if not view.handling:
                st.caption(tr("detail.masked_hint"))
    if view.can_receipt:  # handlers, and the officer who took it in
        with st.container(border=True):
            st.markdown(f"**{tr('detail.receipt')}**")
            pin = st.session_state.get(f"detail_pin_{view.tracking_id}")
            if pin:
                st.markdown(tr("detail.new_pin", pin=pin))
                st.download_button(
                    tr("intake.receipt"),
                    data=deferred(exports.receipt_pdf, me, view.tracking_id, pin, status_url(), lang()),
                    file_name=f"tanda-terima-{view.tracking_id}.pdf",
                    mime="application/pdf",
                    icon=":material/receipt_long:",
                    on_click="ignore",
                )
            elif st.button(tr("detail.reissue"), help=tr("detail.reissue_help"), icon=":material/key:"):
                ok, new_pin = call(report.reissue_pin, view.tracking_id)
                if ok:  # the new PIN stays on screen while the user stays on this page only
                    keep_on_page(f"detail_pin_{view.tracking_id}", new_pin)
                    st.rerun()

# --- attachments ---------------------------------------------------------------------------------
if view.handling:
    st.subheader(tr("detail.attachments"))
    if not view.attachments:
        st.caption(tr("detail.no_attachments"))
    for a in view.attachments:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.text(f"📎 {a.name} · {i18n.fmt_file_size(a.size, lang())}")
            st.download_button(
                tr("detail.download"),
                data=deferred(lambda s, who, aid: complaint_files.read_attachment(s, who, aid)[2], me, a.id),
                file_name=a.name,
                mime=a.mime,
                on_click="ignore",
                key=f"att_{a.id}",
            )
    if "comment" in view.actions:
        with st.expander(tr("detail.add_attachments")):
            more = st.file_uploader(
                tr("intake.attachments"),
                type=complaint_files.UPLOAD_EXTENSIONS,
                accept_multiple_files=True,
                max_upload_size=read(intake.form_settings)["complaints.attachment_max_mb"],
                key=f"att_upload_{view.tracking_id}",
            )
            if st.button(tr("detail.upload"), key="att_upload_go"):
                files = [(f.name, f.getvalue()) for f in more or []]
                ok, n = call(
                    complaint_files.add_attachments,
                    view.tracking_id,
                    files,
                    labels={"attachments": tr("intake.attachments")},
                )
                if ok:
                    st.session_state["detail_flash"] = tr("detail.uploaded", n=n)
                    st.rerun()

# --- actions -------------------------------------------------------------------------------------
st.subheader(tr("detail.actions"))
if not view.actions:
    st.caption(tr("detail.former_hint") if view.former_unit else tr("detail.no_actions"))
else:
    version = st.session_state.setdefault("detail_version", 0)
    action = st.selectbox(
        tr("detail.choose_action"),
        view.actions,
        index=None,
        format_func=lambda a: tr(f"complaints.action.{a}"),
        placeholder=tr("common.choose"),
        key=f"detail_action_{view.tracking_id}_{version}",
    )
    if action:
        k = f"{view.tracking_id}_{action}_{version}"
        data: dict = {}
        with st.container(border=True):
            if action == "forward":
                units = {u.id: f"{u.code} · {u.name}" for u in read(org.list_units, district_id=view.district_id)}
                data["unit_id"] = choice(
                    tr("detail.unit"), units, f"act_unit_{k}", index=None, placeholder=tr("common.choose")
                )
                officers = dict(read(workflow.officers_of_unit, data["unit_id"])) if data["unit_id"] else {}
                data["assignee_id"] = choice(
                    tr("detail.officer"), officers, f"act_officer_{k}", none_label=tr("queue.officer_none")
                )
            elif action == "assign":
                officers = dict(read(workflow.officers_of_unit, view.unit_id)) if view.unit_id else {}
                data["assignee_id"] = choice(
                    tr("detail.officer"), officers, f"act_officer_{k}", none_label=tr("detail.nobody")
                )
            elif action in ("priority", "verify"):
                data["priority"] = st.selectbox(
                    tr("intake.priority"),
                    list(prios),
                    index=list(prios).index(view.priority),
                    format_func=prios.get,
                    key=f"act_priority_{k}",
                )
                if action == "verify":
                    data["field_check"] = st.checkbox(
                        tr("detail.field_check_set"), value=view.field_check, key=f"act_field_{k}"
                    )
            elif action == "postpone":
                data["until"] = st.date_input(tr("detail.until"), value=None, format="DD/MM/YYYY", key=f"act_until_{k}")
            elif action == "close":
                data["rating"] = st.radio(
                    tr("detail.rating_field"),
                    [None, 1, 2, 3, 4, 5],
                    format_func=lambda r: tr("detail.rating_none") if r is None else tr(f"complaints.rating.{r}"),
                    horizontal=True,
                    key=f"act_rating_{k}",
                )
                data["maladministration"] = choice(
                    tr("detail.maladministration"),
                    maladministration_labels(),
                    f"act_mal_{k}",
                    none_label=tr("detail.mal_none"),
                )
            elif action == "merge":
                data["target"] = st.text_input(
                    tr("detail.target"), placeholder=tr("detail.pick_hint"), key=f"act_target_{k}"
                )

            # The note, optionally started from a reply template for the state this action leads to.
            note_key = f"act_note_{k}"
            if action != "priority":
                target_state = (
                    TRANSITIONS[Action(action)].get(view.state) if action in Action.__members__ else view.state
                ) or view.state
                templates = {t.id: t for t in read(replies.templates_for, view.category, str(target_state))}
                if templates:
                    values = {
                        "tracking_id": view.tracking_id,
                        "unit": view.unit_name or "",
                        "due": i18n.fmt_date(view.due_on, lang()) if view.due_on else "",
                        "category": cats[view.category],
                    }

                    def use_template(tkey=f"act_tpl_{k}", templates=templates, values=values):
                        chosen = st.session_state.get(tkey)
                        if chosen is not None:
                            st.session_state[note_key] = replies.fill_template(templates[chosen].body, values)

                    st.selectbox(
                        tr("detail.template"),
                        [None, *templates],
                        format_func=lambda i: tr("detail.template_none") if i is None else templates[i].title,
                        key=f"act_tpl_{k}",
                        on_change=use_template,
                    )
                data["note"] = st.text_area(tr("detail.note"), key=note_key, height=120, max_chars=4000)
                if action in {a.value for a in ALWAYS_PUBLIC}:
                    st.caption(tr("detail.note_public_help"))
                else:
                    data["public"] = st.checkbox(tr("detail.public"), key=f"act_public_{k}")
            if st.button(tr("detail.submit"), type="primary", key=f"act_go_{k}"):
                ok, _ = call(
                    workflow.act,
                    view.tracking_id,
                    action,
                    data,
                    labels={
                        "note": tr("detail.note"),
                        "unit_id": tr("detail.unit"),
                        "assignee_id": tr("detail.officer"),
                        "until": tr("detail.until"),
                        "rating": tr("detail.rating_field"),
                        "target": tr("detail.target"),
                        "priority": tr("intake.priority"),
                    },
                )
                if ok:
                    st.session_state["detail_flash"] = tr("detail.done", action=tr(f"complaints.action.{action}"))
                    st.session_state["detail_version"] = version + 1
                    st.rerun()

# --- timeline ------------------------------------------------------------------------------------
st.subheader(tr("detail.timeline"))
for e in view.events:
    with st.container(border=True):
        did = tr(f"complaints.did.{e.action}")
        head = f"**{i18n.fmt_datetime(e.at, lang())}** · {md_escape(actor_name(e.actor_name))} · **{did}**"
        if e.from_state and e.to_state and e.from_state != e.to_state:
            head += f" · {states[e.from_state]} → {states[e.to_state]}"
        if e.unit_code:
            head += f" · {md_escape(e.unit_code)}"
        if e.assignee:
            head += " · " + md_escape(tr("detail.to_assignee", name=e.assignee))
        st.markdown(head)
        if e.note:
            note = prios.get(e.note, e.note) if e.action == "priority" else e.note
            st.markdown(md_escape(note).replace("\n", "  \n"))
        marks = []
        if e.note and e.action not in ("priority", "merged_in", "attach"):
            marks.append(tr("detail.public_badge") if e.public else tr("detail.internal"))
        if e.tracking_id != view.tracking_id:
            marks.append(tr("detail.from_dup", tracking_id=e.tracking_id))
        if e.due_on and e.due_kind and e.to_state:
            marks.append(
                tr(
                    "detail.deadline_after",
                    kind=tr(f"complaints.due.{e.due_kind}"),
                    date=i18n.fmt_date(e.due_on, lang()),
                )
            )
        if marks:
            st.caption(" · ".join(marks))
