"""Our one wrapper around streamlit-authenticator, so the library can be swapped later.

The library draws the login form, keeps `authentication_status`/`username` in session state and signs
the re-login cookie (a JWT). It keeps no server state, so the database adds it:
- `check_credentials` is routed to services.accounts.authenticate (lockout counted in the database);
- a cookie is accepted only when issued after the user's session epoch (logout/password change end it);
- every run re-checks the browser session against the account (deactivated, logged out elsewhere).

The cookie itself is written and removed by a few lines of our own JavaScript (st.html), drawn on
the runs after a login (or logout). The library's own cookie component would report back to the
server each time it mounts, and every report makes Streamlit run the page again: a click or an open
drop-down at that moment is lost. Ours reports nothing, so it costs no run.
"""

from __future__ import annotations

import importlib
import json
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import jwt
import streamlit as st
import streamlit_authenticator as stauth

from services.core import accounts, config
from services.core.access import Actor
from services.core.db import session_scope

SESSION_STARTED = "sigap_session_started"  # unix time this browser session logged in
COOKIE_TOKEN = "sigap_cookie_token"  # token to write into the browser after a form login
COOKIE_DELETE = "sigap_cookie_delete"  # after logout: draw the delete until the next login


class _NoComponentCookieManager:
    """Stands in for extra_streamlit_components.CookieManager inside the library. The library reads
    its cookie from the request (st.context.cookies); writing and deleting are done here, in
    write_cookie/delete_cookie, so this draws nothing at all."""

    def __init__(self, key: str = "init") -> None:  # noqa: ARG002 (same signature as the stock one)
        self.cookies: dict = {}

    def set(self, *args, **kwargs) -> None:  # the library's set_cookie is replaced below; never drawn
        return None

    def delete(self, *args, **kwargs) -> None:
        return None


# The library creates its manager as `stx.CookieManager()` inside its cookie model.
importlib.import_module("streamlit_authenticator.models.cookie_model").stx = SimpleNamespace(
    CookieManager=_NoComponentCookieManager
)


def _cookie_script(assignment: str) -> None:
    """Run one `document.cookie = ...` in the page (values are ours, JSON-encoded; never user text)."""
    st.sidebar.html(f"<script>{assignment}</script>", unsafe_allow_javascript=True, width="content")


def write_cookie(name: str, token: str, expires: datetime) -> None:
    value = json.dumps(
        f"{name}={token}; expires={expires.astimezone(UTC):%a, %d %b %Y %H:%M:%S} GMT; path=/; SameSite=Strict"
    )
    _cookie_script(f"document.cookie = {value} + (location.protocol === 'https:' ? '; Secure' : '');")


def delete_cookie(name: str) -> None:
    value = json.dumps(f"{name}=; Max-Age=0; path=/; SameSite=Strict")
    _cookie_script(f"document.cookie = {value};")


def _issued_at(token: dict, cfg: config.AuthConfig) -> float:
    if "iat" in token:
        return float(token["iat"])
    return float(token["exp_date"]) - cfg.cookie_expiry_days * 86400


def _authenticator() -> stauth.Authenticate:
    cfg = config.auth_config()
    with session_scope() as s:
        credentials = accounts.credentials_for_login(s)
    auth = stauth.Authenticate(
        credentials,
        cfg.cookie_name,
        cfg.cookie_key,
        cfg.cookie_expiry_days,
        auto_hash=False,
        login_sleep_time=0,
    )

    def check_credentials(username: str, password: str) -> bool:
        with session_scope() as s:
            outcome = accounts.authenticate(s, username, password)
        if outcome.ok:
            now = time.time()
            st.session_state[SESSION_STARTED] = now
            expires = datetime.now(UTC) + timedelta(days=cfg.cookie_expiry_days)
            st.session_state[COOKIE_TOKEN] = (_encode(username, now, cfg), expires)
            st.session_state.pop(COOKIE_DELETE, None)
        return outcome.ok

    cookie_model = auth.cookie_controller.cookie_model
    library_get_cookie = cookie_model.get_cookie

    def get_cookie():
        token = library_get_cookie()
        if not token:
            return token
        issued = _issued_at(token, cfg)
        with session_scope() as s:
            if accounts.actor_for(s, token["username"], issued) is None:
                return None  # logged out, password changed, or account deactivated since
        st.session_state[SESSION_STARTED] = issued
        return token

    auth.authentication_controller.authentication_model.check_credentials = check_credentials
    cookie_model.get_cookie = get_cookie
    # The form login writes its cookie in a later run (see module docstring).
    auth.cookie_controller.set_cookie = lambda: None
    return auth


def _encode(username: str, issued: float, cfg: config.AuthConfig) -> str:
    exp = issued + cfg.cookie_expiry_days * 86400
    return jwt.encode({"username": username, "exp_date": exp, "iat": issued}, cfg.cookie_key, algorithm="HS256")


def current_actor() -> Actor | None:
    """The logged-in user of this browser session, re-checked against the database on every run."""
    auth = _authenticator()
    st.session_state["sigap_auth"] = auth
    auth.login(location="unrendered")  # re-login from a valid cookie keeps a refreshed deep page
    if not st.session_state.get("authentication_status"):
        if st.session_state.get(COOKIE_DELETE):  # after a logout, until the next login
            delete_cookie(config.auth_config().cookie_name)
        return None
    with session_scope() as s:
        actor = accounts.actor_for(s, st.session_state.get("username"), st.session_state.get(SESSION_STARTED, 0.0))
    if actor is None:
        _forget(auth)
        return None
    pending = st.session_state.get(COOKIE_TOKEN)
    if pending:  # after a form login, on every run of this session: a rerun can never cut it off
        write_cookie(config.auth_config().cookie_name, *pending)
    return actor


def login_form(labels: dict[str, str]) -> bool | None:
    """Draw the login form. Returns True on success, False after a failed try, None before one."""
    auth: stauth.Authenticate = st.session_state["sigap_auth"]
    try:
        auth.login(location="main", fields=labels, key="sigap_login")
    except stauth.LoginError:
        return False
    return st.session_state.get("authentication_status")


def _forget(auth: stauth.Authenticate) -> None:
    auth.authentication_controller.logout()
    for key in (SESSION_STARTED, COOKIE_TOKEN):
        st.session_state.pop(key, None)
    st.session_state[COOKIE_DELETE] = True


def logout(actor: Actor) -> None:
    """End every session of this user (all browsers), then forget this one and drop its cookie."""
    with session_scope() as s:
        accounts.logout(s, actor)
    _forget(st.session_state["sigap_auth"])


def forget_after_password_change() -> None:
    """The service already ended every session of the user; forget this one too."""
    _forget(st.session_state["sigap_auth"])
