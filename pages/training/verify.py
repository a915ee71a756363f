"""Cek sertifikat (public, no login): `/verify?no=...` confirms the name, programme, organiser,
dates and JP of a certificate with a real number, and says nothing at all for a wrong one. Wrong
tries are slowed per browser and per number, like the complaint status page."""

import streamlit as st

from services import i18n
from services.core.db import session_scope
from services.training import verify
from ui.context import browser_key, keep_on_page, lang, tr
from ui.widgets import md_escape

st.title(tr("training.verify.title"))
st.caption(tr("training.verify.subtitle"))

from_link = (st.query_params.get("no") or "").strip()[:40]
with st.form("tr_verify_form"):
    number = st.text_input(
        tr("training.f.certificate_number"), value=from_link, max_chars=40, placeholder="SGP-2026-XXXXXXXX"
    )
    asked = st.form_submit_button(tr("training.verify.check"), type="primary")


def check(no: str) -> None:
    # A public page has no acting user: the service decides from the number alone.
    with session_scope() as session:
        keep_on_page("tr_verify_answer", verify.check(session, no, browser_key()))
    keep_on_page("tr_verify_asked", no)


if asked:
    check(number)
elif from_link and st.session_state.get("tr_verify_asked") != from_link:
    check(from_link)  # opened from a certificate's QR code: answer at once, once per number

answer = st.session_state.get("tr_verify_answer")
if answer is not None:
    if answer.throttled:
        st.error(tr("training.verify.throttled", minutes=answer.retry_after_minutes), icon=":material/hourglass:")
    elif not answer.found:
        st.error(tr("training.verify.not_found"), icon=":material/search_off:")
    else:
        st.success(tr("training.verify.genuine"), icon=":material/verified:")
        st.markdown(f"**{tr('training.f.name')}:** {md_escape(answer.name)}")
        st.markdown(f"**{tr('training.f.programme')}:** {md_escape(answer.programme)}")
        st.markdown(f"**{tr('training.f.organiser')}:** {md_escape(answer.organiser)}")
        dates = f"{i18n.fmt_date(answer.start_on, lang())} – {i18n.fmt_date(answer.end_on, lang())}"
        st.markdown(f"**{tr('training.f.dates')}:** {dates}")
        st.markdown(f"**{tr('training.f.jp')}:** {answer.jp}")
        st.caption(md_escape(answer.number))
