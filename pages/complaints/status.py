"""Cek status pengaduan (public, no staff login): one complaint's public timeline for whoever holds
its tracking ID and PIN. One answer for a wrong ID and a wrong PIN; repeated wrong tries are slowed."""

import streamlit as st

from services import i18n
from services.complaints import status as complaint_status
from services.core.db import session_scope
from ui.context import browser_key, keep_on_page, lang, tr
from ui.widgets import md_escape

st.title(tr("status.title"))
st.caption(tr("status.subtitle"))

with st.form("status_form"):
    left, right = st.columns([2, 1])
    tracking_id = left.text_input(tr("status.tracking_id"), placeholder="WGR-2026-000123", max_chars=30)
    pin = right.text_input(tr("status.pin"), type="password", max_chars=12)
    asked = st.form_submit_button(tr("status.check"), type="primary")

if asked:
    st.session_state.pop("status_answer", None)  # a new question: the last answer goes first
    # A public page has no acting user: the service decides everything from the ID and PIN alone.
    # Wrong tries count per browser (its address, else this browser session) and per tracking ID.
    with session_scope() as session:
        answer = complaint_status.lookup(session, tracking_id, pin, browser_key())
    keep_on_page("status_answer", answer)  # forgotten when this browser leaves the page

answer = st.session_state.get("status_answer")
if answer is not None:
    if answer.throttled:
        st.error(tr("status.throttled", minutes=answer.retry_after_minutes), icon=":material/hourglass:")
    elif not answer.found:
        st.error(tr("status.not_found"), icon=":material/search_off:")
    else:
        st.subheader(answer.tracking_id)
        st.caption(
            f"{tr(f'complaints.kind.{answer.kind}')} · {tr(f'complaints.cat.{answer.category}')} · "
            + tr("status.received", date=i18n.fmt_date(answer.received_on, lang()))
        )
        st.info(f"**{tr('status.current')}:** {tr(f'complaints.state_public.{answer.state}')}")
        if answer.merged:
            st.caption(tr("status.merged"))
        if answer.next_due:
            st.markdown(
                tr(
                    "status.next",
                    date=i18n.fmt_date(answer.next_due, lang()),
                    what=tr(f"complaints.due.{answer.next_due_kind}"),
                )
            )
        st.markdown(f"**{tr('status.steps')}**")
        for step in answer.steps:
            line = f"**{i18n.fmt_date(step.day, lang())}** · {tr(f'complaints.did.{step.action}')}"
            if step.unit_name:
                line += " " + md_escape(tr("status.to_unit", unit=step.unit_name))
            st.markdown(line)
            if step.note:
                st.markdown(md_escape(step.note).replace("\n", "  \n"))
st.caption(tr("status.help"))
