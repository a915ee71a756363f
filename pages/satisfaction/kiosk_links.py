"""Tautan kios survei: admins issue a survey link bound to one unit for a counter tablet, and revoke it."""

from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from services import i18n
from services.core import org
from services.satisfaction import kiosk
from ui.context import call, lang, read, saved, show_flash, tr
from ui.satisfaction.widgets import field_labels
from ui.widgets import choice, md_escape

st.title(tr("kiosk.admin.title"))
st.caption(tr("kiosk.admin.subtitle"))


def kiosk_url(token: str) -> str:
    """The kiosk page next to this one (kept behind a proxy's base path), with the token."""
    parts = urlsplit(st.context.url or "")
    base = parts.path.rsplit("/", 1)[0] if parts.path else ""
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return f"{origin}{base}/kiosk?token={token}"


show_flash()
issued = st.session_state.pop("kiosk_issued", None)
if issued:
    label, token = issued
    st.success(tr("kiosk.admin.issued", label=md_escape(label)), icon=":material/check_circle:")
    st.code(kiosk_url(token), language=None)
    st.warning(tr("kiosk.admin.shown_once"), icon=":material/visibility_off:")

units = read(org.list_units)
with st.form("kiosk_issue"):
    st.markdown(f"**{tr('kiosk.admin.issue')}**")
    with st.container(horizontal=True):
        unit_id = choice(
            tr("common.unit"),
            {u.id: f"{u.code} · {u.name}" for u in units},
            "kiosk_unit",
            index=None,
            placeholder=tr("common.choose"),
        )
        label = st.text_input(tr("kiosk.label"), placeholder=tr("kiosk.label_hint"), max_chars=80)
    if st.form_submit_button(tr("kiosk.admin.issue_button"), type="primary", icon=":material/qr_code_2:"):
        ok, result = call(kiosk.issue, {"unit_id": unit_id, "label": label}, labels=field_labels())
        if ok:
            link, token = result
            st.session_state["kiosk_issued"] = (link.label, token)
            st.rerun()

st.subheader(tr("kiosk.admin.links"))
links = read(kiosk.list_links)
if not links:
    st.caption(tr("kiosk.admin.none"))
    st.stop()
st.dataframe(
    pd.DataFrame(
        [
            {
                tr("kiosk.label"): link.label,
                tr("common.unit"): link.unit_code,
                tr("kiosk.admin.status"): tr("kiosk.admin.active") if link.active else tr("kiosk.admin.revoked"),
                tr("kiosk.admin.responses"): link.responses,
                tr("kiosk.admin.last_used"): i18n.fmt_datetime(link.last_used_at, lang()),
                tr("kiosk.admin.created"): i18n.fmt_datetime(link.created_at, lang()),
                tr("kiosk.admin.created_by"): link.created_by_name or "manage.py",
            }
            for link in links
        ]
    ),
    hide_index=True,
    width="stretch",
)

active = {link.id: f"{link.label} · {link.unit_code}" for link in links if link.active}
if active:
    with st.container(horizontal=True, vertical_alignment="bottom"):
        pick = choice(
            tr("kiosk.admin.revoke_pick"), active, "kiosk_revoke_pick", index=None, placeholder=tr("common.choose")
        )
        if st.button(tr("kiosk.admin.revoke"), disabled=pick is None, icon=":material/link_off:"):
            ok, link = call(kiosk.revoke, pick)
            if ok:
                saved(tr("kiosk.admin.revoked_done", label=md_escape(link.label)))
