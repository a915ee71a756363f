"""Kios survei (public): the SKM questionnaire on a counter tablet, opened by a link bound to one unit.

No staff login. The page knows only its unit; it takes one response at a time, clears itself after
each, stops as soon as the link is revoked, and slows down a flood from one browser.
"""

import streamlit as st

from services.core.db import session_scope
from services.core.errors import NotFound, ValidationFailed
from services.satisfaction import kiosk
from ui.context import browser_key, show_validation, tr
from ui.satisfaction.widgets import field_labels, questionnaire
from ui.widgets import md_escape

# A counter tablet has no use for the sidebar: start with it folded away.
st.set_page_config(initial_sidebar_state="collapsed")
token = st.query_params.get("token", "")

try:
    with session_scope() as s:
        view = kiosk.open_link(s, token)
except NotFound:
    st.title(tr("kiosk.title"))
    st.error(tr("kiosk.invalid"), icon=":material/link_off:")
    st.stop()

st.title(tr("kiosk.title"))
st.markdown(f"### {md_escape(view.unit_name)}")
st.caption(tr("kiosk.intro", district=md_escape(view.district_name)))

thanks = st.session_state.pop("kiosk_thanks", False)
if thanks:
    st.success(tr("kiosk.thanks"), icon=":material/favorite:")
    st.toast(tr("kiosk.thanks"), icon=":material/favorite:")  # seen even when the page is scrolled down

# A new form key after each response: every answer starts empty for the next person.
round_no = st.session_state.setdefault("kiosk_round", 0)
with st.form(f"kiosk_{round_no}", border=True):
    data = questionnaire(f"kiosk_{round_no}", view.services)
    sent = st.form_submit_button(tr("kiosk.send"), type="primary", icon=":material/send:", width="stretch")

if sent:
    try:
        with session_scope() as s:
            kiosk.submit(s, token, data, browser_key())
    except NotFound:
        st.error(tr("kiosk.invalid"), icon=":material/link_off:")
        st.stop()
    except ValidationFailed as exc:
        show_validation(exc, field_labels())
    else:
        st.session_state["kiosk_round"] = round_no + 1
        st.session_state["kiosk_thanks"] = True
        st.rerun()
