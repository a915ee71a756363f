"""The frame around every page: schema check, language picker, login view, user panel in the sidebar."""

from __future__ import annotations

import streamlit as st

from services import accounts, db, i18n
from services.access import Actor
from services.db import session_scope
from ui import auth
from ui.context import ACTOR_KEY, LANG_KEY, tr
from ui.widgets import md_escape

LANG_WIDGET = "sigap_lang_widget"

_schema_checked = False  # per process: once the schema is current it stays so until a restart


def require_current_schema() -> None:
    """Refuse to run against a database that Alembic has not brought to head."""
    global _schema_checked
    if _schema_checked:
        return
    try:
        current, head = db.schema_revisions()
    except Exception as exc:  # unreachable server, bad URL: say so instead of a stack trace
        st.error(tr("startup.db_unreachable", error=type(exc).__name__))
        st.stop()
    if current != head:
        st.error(tr("startup.schema_behind", current=current or "–", head=head))
        st.code("python manage.py migrate", language="bash")
        st.stop()
    _schema_checked = True


def language_picker() -> None:
    """Sidebar switch between Bahasa Indonesia (default) and English; stored apart from the widget so
    the saved preference of a user can set it after login."""
    st.session_state.setdefault(LANG_KEY, i18n.DEFAULT_LANGUAGE)
    st.session_state[LANG_WIDGET] = st.session_state[LANG_KEY]
    st.sidebar.segmented_control(
        tr("common.language"),
        options=list(i18n.LANGUAGES),
        format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
        key=LANG_WIDGET,
        on_change=_remember_language,
    )


def _remember_language() -> None:
    chosen = st.session_state.get(LANG_WIDGET)
    if chosen not in i18n.LANGUAGES:  # the segmented control can be cleared; keep the language
        return
    st.session_state[LANG_KEY] = chosen
    st.session_state["sigap_lang_chosen"] = True
    actor = st.session_state.get(ACTOR_KEY)
    if actor is not None:
        with session_scope() as s:
            accounts.set_language(s, actor, chosen)


def adopt_user_language(actor: Actor) -> None:
    """On the first run after login, switch to the user's saved language unless one was just picked.

    Called before the language picker and the navigation are drawn, so no rerun is needed (a rerun
    here would lose the deep page a shared link points at)."""
    if st.session_state.get("sigap_lang_adopted") == actor.id:
        return
    st.session_state["sigap_lang_adopted"] = actor.id
    if not st.session_state.get("sigap_lang_chosen") and actor.language in i18n.LANGUAGES:
        st.session_state[LANG_KEY] = actor.language


def login_view() -> None:
    st.title(tr("login.title"))
    st.caption(tr("login.subtitle"))
    flash = st.session_state.pop("sigap_flash", None)
    if flash:
        st.info(flash)
    left, _ = st.columns([2, 3])
    with left:
        outcome = auth.login_form(
            {
                "Form name": tr("login.form"),
                "Username": tr("login.username"),
                "Password": tr("login.password"),
                "Login": tr("login.submit"),
            }
        )
        if outcome is False:
            st.error(tr("login.failed"), icon="🔒")
        if outcome:
            st.rerun()
        st.caption(tr("login.lock_hint"))


def user_panel(actor: Actor) -> None:
    with st.sidebar:
        st.divider()
        st.markdown(f"**{md_escape(actor.full_name)}**")
        roles = ", ".join(tr(f"role.{r}") for r in sorted(actor.roles))
        scope = tr("scope.all_districts") if actor.all_districts else actor.district_name
        st.caption(f"{roles} · {scope}")
        if st.button(tr("nav.logout"), icon=":material/logout:", key="sigap_logout", width="stretch"):
            auth.logout(actor)
            st.rerun()
