"""Akun saya: who I am, my language, and changing my password (which ends all my sessions)."""

import streamlit as st

from services.core import accounts
from ui import auth
from ui.context import actor, call, saved, tr
from ui.widgets import md_escape

me = actor()
st.title(tr("account.title"))
st.markdown(f"**{md_escape(me.full_name)}** · `{me.username}`")
st.caption(
    ", ".join(tr(f"role.{r}") for r in sorted(me.roles))
    + " · "
    + (tr("scope.all_districts") if me.all_districts else md_escape(me.district_name or "–"))
)

st.subheader(tr("account.password"))
st.caption(tr("account.password_help"))
with st.form("sigap_password_form", clear_on_submit=True):
    current = st.text_input(tr("account.current_password"), type="password")
    new = st.text_input(tr("account.new_password"), type="password")
    repeat = st.text_input(tr("account.repeat_password"), type="password")
    if st.form_submit_button(tr("account.change_password"), type="primary"):
        ok, _ = call(
            accounts.change_own_password,
            current,
            {"new_password": new, "repeat": repeat},
            labels={
                "current_password": tr("account.current_password"),
                "new_password": tr("account.new_password"),
                "repeat": tr("account.repeat_password"),
            },
        )
        if ok:  # every session ended, this one too: the login form says why
            auth.forget_after_password_change()
            saved(tr("account.password_changed"), "info")
