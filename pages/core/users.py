"""Pengguna: accounts, their roles and scope; reset password, unlock, deactivate. Admins only."""

import pandas as pd
import streamlit as st

from models.core.base import Role
from services import i18n
from services.core import accounts, org
from ui import auth
from ui.context import actor, call, lang, read, saved, show_flash, tr
from ui.widgets import choice, current_page, md_escape, pager

me = actor()
st.title(tr("users.title"))
st.caption(tr("users.subtitle"))
show_flash()

districts = {d.id: d.name for d in read(org.list_districts)}
units = read(org.list_units)
role_names = {r: tr(f"role.{r}") for r in Role}
labels = {
    "username": tr("users.username"),
    "full_name": tr("users.full_name"),
    "email": tr("users.email"),
    "password": tr("users.password"),
    "new_password": tr("users.password"),
    "repeat": tr("account.repeat_password"),
    "roles": tr("users.roles"),
    "district_id": tr("common.district"),
    "unit_id": tr("common.unit"),
    "active": tr("common.active"),
}

with st.container(horizontal=True):
    search = st.text_input(tr("users.search"), key="users_search")
    role = choice(tr("users.role_filter"), role_names, "users_role", none_label=tr("common.all"))
page = read(accounts.list_users, search=search, role=role, page=current_page("users_page", search, role), page_size=50)
if page.items:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("users.username"): u.username,
                    tr("users.full_name"): u.full_name,
                    tr("users.roles"): ", ".join(role_names[r] for r in u.roles),
                    tr("common.district"): u.district_name or tr("scope.all_districts"),
                    tr("common.unit"): u.unit_code or "–",
                    tr("common.active"): u.active,
                    tr("users.locked"): i18n.fmt_datetime(u.locked_until, lang()) if u.locked_until else "",
                    tr("users.last_login"): i18n.fmt_datetime(u.last_login_at, lang()),
                }
                for u in page.items
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.info(tr("users.none"))
pager(page, "users_page")


def scope_inputs(prefix: str, district_id=None, unit_id=None):
    """District (or all, for a super-admin) and an optional unit inside it."""
    if me.all_districts:
        district = choice(
            tr("common.district"),
            districts,
            f"{prefix}_district",
            none_label=tr("scope.all_districts"),
            index=([None, *districts].index(district_id) if district_id in districts else 0),
        )
    else:
        district = me.district_id
        st.caption(f"{tr('common.district')}: {md_escape(me.district_name)}")
    unit_opts = {u.id: f"{u.code} · {u.name}" for u in units if u.district_id == district}
    unit = choice(
        tr("users.unit_optional"),
        unit_opts,
        f"{prefix}_unit",
        none_label=tr("users.no_unit"),
        index=([None, *unit_opts].index(unit_id) if unit_id in unit_opts else 0),
        help=tr("users.unit_help"),
    )
    return district, unit


create_tab, edit_tab = st.tabs([tr("users.create"), tr("users.edit")])
with create_tab:
    district, unit = scope_inputs("user_new")
    with st.form("user_create"):
        username = st.text_input(tr("users.username"), help=tr("users.username_help"))
        full_name = st.text_input(tr("users.full_name"))
        email = st.text_input(tr("users.email"), placeholder=tr("common.optional"))
        roles = st.multiselect(tr("users.roles"), list(role_names), format_func=role_names.get)
        password = st.text_input(tr("users.password"), type="password", help=tr("users.password_help"))
        if st.form_submit_button(tr("users.create"), type="primary"):
            ok, user = call(
                accounts.create_user,
                {
                    "username": username,
                    "full_name": full_name,
                    "email": email,
                    "password": password,
                    "roles": roles,
                    "district_id": district,
                    "unit_id": unit,
                    "language": "id",
                },
                labels=labels,
            )
            if ok:
                saved(tr("users.created", username=user.username))

with edit_tab:
    options = {u.id: f"{u.username} · {u.full_name}" for u in page.items}
    user_id = choice(tr("users.pick"), options, "user_edit_pick", index=None, placeholder=tr("users.pick_hint"))
    if user_id is not None:
        user = read(accounts.get_user, user_id)
        # The version this form was opened at: a save after someone else's is refused, not lost.
        read_version = st.session_state.setdefault(f"user_edit_{user_id}_version", user.version)
        district, unit = scope_inputs(f"user_edit_{user_id}", user.district_id, user.unit_id)
        with st.form(f"user_edit_{user_id}_form"):
            full_name = st.text_input(tr("users.full_name"), value=user.full_name)
            email = st.text_input(tr("users.email"), value=user.email or "")
            roles = st.multiselect(tr("users.roles"), list(role_names), default=user.roles, format_func=role_names.get)
            active = st.checkbox(tr("common.active"), value=user.active, help=tr("users.active_help"))
            if st.form_submit_button(tr("common.save"), type="primary"):
                data = {
                    "version": read_version,
                    "full_name": full_name,
                    "email": email,
                    "roles": roles,
                    "district_id": district,
                    "unit_id": unit,
                    "active": active,
                }
                ok, _ = call(accounts.update_user, user_id, data, labels=labels)
                if ok:
                    st.session_state.pop(f"user_edit_{user_id}_version", None)
                    saved(tr("users.updated", username=user.username))
        if read_version != user.version and st.button(tr("common.reload"), key=f"user_edit_{user_id}_reload"):
            st.session_state.pop(f"user_edit_{user_id}_version", None)  # take the newer version, keep the typing
            st.rerun()
        own = user_id == me.id
        with st.form(f"user_reset_{user_id}", clear_on_submit=True):
            st.markdown(f"**{tr('users.reset_password')}**")
            if own:  # the reset ends every session of the account, this one too
                st.warning(tr("users.reset_own_password"))
            new = st.text_input(tr("users.password"), type="password")
            repeat = st.text_input(tr("account.repeat_password"), type="password")
            if st.form_submit_button(tr("users.reset_password")):
                ok, _ = call(accounts.reset_password, user_id, {"new_password": new, "repeat": repeat}, labels=labels)
                if ok and own:  # signed out here too: the login form says why
                    auth.forget_after_password_change()
                    saved(tr("account.password_changed"), "info")
                if ok:
                    saved(tr("users.password_reset_done", username=user.username))
        if user.locked_until and st.button(tr("users.unlock"), key=f"unlock_{user_id}"):
            ok, _ = call(accounts.unlock, user_id)
            if ok:
                saved(tr("users.unlocked", username=user.username))
