"""The frame around every page: schema check, language picker, login view, user panel in the sidebar,
and the stand-ins that answer a link to a page the user may not open."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

import streamlit as st

from services import i18n
from services.core import accounts, db
from services.core.access import Actor
from services.core.db import session_scope
from ui import auth, nav
from ui.context import ACTOR_KEY, LANG_KEY, database_unavailable, flash, show_flash, tr
from ui.widgets import md_escape

LANG_WIDGET = "sigap_lang_widget"

_schema_checked = False  # per process: once the schema is current it stays so until a restart


def require_current_schema() -> None:
    """Refuse to run against a database that Alembic has not brought to head."""
    global _schema_checked
    if _schema_checked:
        return
    try:
        status = db.schema_status()
    except db.UNAVAILABLE:
        database_unavailable()  # down or restarting: say so, and try again by itself
    except Exception as exc:  # a bad URL, a missing driver: say so instead of a stack trace
        st.error(tr("startup.db_unreachable", error=type(exc).__name__))
        st.stop()
    if status.state == db.SchemaState.behind:
        st.error(tr("startup.schema_behind", current=status.current or "–", head=status.head))
        st.code("python manage.py migrate", language="bash")
        st.stop()
    if status.state == db.SchemaState.ahead:  # migrating cannot help: this code is the older one
        st.error(tr("startup.schema_ahead", current=status.current, head=status.head))
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
    show_flash()
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
        scope = tr("scope.all_districts") if actor.all_districts else md_escape(actor.district_name)
        st.caption(f"{roles} · {scope}")
        if st.button(tr("nav.logout"), icon=":material/logout:", key="sigap_logout", width="stretch"):
            auth.logout(actor)
            st.rerun()


def refused_pages(actor: Actor | None) -> list[st.Page]:
    """Hidden stand-ins for every registered screen the user may not open, at that screen's URL, so
    a link to one (a shared deep link, a bookmark from another role) gets our own answer instead of
    Streamlit's English "Page not found": before login, the login form (after which the link opens,
    if the user may); after login, a message in the user's language on their home page."""
    if actor is None:
        return [
            st.Page(login_view, title=tr("login.title"), url_path=spec.url_path, visibility="hidden")
            for spec in nav.refused_specs(None)
        ]
    return [
        st.Page(_refused, title=tr(spec.title_key), url_path=spec.url_path, visibility="hidden")
        for spec in nav.refused_specs(actor.roles)
    ]


def _refused() -> None:
    flash(tr("nav.page_refused"), "warning")
    st.switch_page(nav.HOME)


_URL_PATH = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


def requested_path() -> str | None:
    """The page part of the address the browser asked for ("complaints" of /complaints), without the
    server's base path; None at the app's root or when Streamlit cannot tell."""
    url = st.context.url
    if not url:
        return None
    path = unquote(urlparse(url).path).strip("/")
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :].strip("/")
    return path or None


# The default page (login, or home) is served at "/"; Streamlit still derives its identity from its
# url_path, so it gets this private one and its public addresses (/home, /login) are aliases.
ROOT_ID = "start"


def root_aliases(default: st.Page, names: list[str]) -> list[st.Page]:
    """Hidden pages at `names` that open the default page, so /home and /login lead there rather
    than to Streamlit's English "Page not found" (the default page itself lives at /)."""

    def go() -> None:
        st.switch_page(default)

    return [st.Page(go, title=default.title, url_path=name, visibility="hidden") for name in names]


def unknown_pages(pages: list[st.Page]) -> list[st.Page]:
    """A hidden stand-in at an address that names no screen at all (a mistyped or retired link), so
    the user gets our page in their language instead of Streamlit's English "Page not found"."""
    path = requested_path()
    known = {ROOT_ID, *(p.url_path for p in pages), *(spec.url_path for spec in nav.PAGES)}
    if path is None or path in known or not _URL_PATH.match(path):
        return []
    return [st.Page(_unknown, title=tr("nav.page_unknown"), url_path=path, visibility="hidden")]


def _unknown() -> None:
    st.title(tr("nav.page_unknown"))
    st.info(tr("nav.page_unknown_help"), icon=":material/explore_off:")
    if st.session_state.get(ACTOR_KEY) is None:
        login_view()  # before login: sign in right here, then the home page is one click away
    else:
        st.page_link(nav.HOME, label=tr("nav.page_unknown_home"), icon=":material/home:")
