"""Per-run context for pages: the language, the acting user, and one way to call a service.

    ok, unit = call(org.create_unit, data, labels={"code": tr("org.code")})

opens one short database session, passes (session, actor), commits on success, and on a refused
input shows the reasons in the user's language where the call was made (inside the form).

After a change is saved, a page calls `saved(message)`: the message is kept for the next run and the
page runs again, so every table and picker drawn above the form shows the change; `show_flash()` at
the top of the page shows the message once.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal, NoReturn, TypeVar

import streamlit as st

from services import i18n
from services.core import db, throttle
from services.core.access import Actor
from services.core.db import session_scope
from services.core.errors import AccessDenied, NotFound, ValidationFailed

LANG_KEY = "sigap_lang"
ACTOR_KEY = "sigap_actor"
PAGE_KEY = "sigap_page"  # url path of the page this run draws
_PAGE_STATE = "sigap_page_state"  # {session key: url path of the page that owns it}
_BROWSER_KEY = "sigap_browser"
FLASH_KEY = "sigap_flash"  # (kind, message) to show once on the next run
T = TypeVar("T")


def lang() -> str:
    return st.session_state.get(LANG_KEY, i18n.DEFAULT_LANGUAGE)


def tr(key: str, /, **params: Any) -> str:
    """The catalogue message `key` in the user's language."""
    return i18n.t(key, lang(), **params)


def actor() -> Actor:
    """The logged-in user (app.py sets it before a page runs)."""
    current = st.session_state.get(ACTOR_KEY)
    if current is None:
        st.stop()
    return current


def show_validation(error: ValidationFailed, labels: dict[str, str] | None = None) -> None:
    labels = labels or {}
    lines = []
    for e in error.errors:
        message = i18n.error_text(e.code, lang(), e.params)
        label = labels.get(e.field or "", e.field) if e.field else None
        lines.append(f"{label}: {message}" if label else message)
    st.error(tr("err.form_not_saved") + "\n\n" + "\n".join(f"- {line}" for line in lines), icon="⚠️")


DOUBLE_SUBMIT_SECONDS = 5.0  # the same change asked for again this soon is a double click or a resubmit
_LAST_CHANGE_KEY = "sigap_last_change"


def _fingerprint(fn: Callable, args: tuple, kwargs: dict) -> str:
    """What a change asks for: the service and its values (bytes of uploaded files by their hash)."""

    def plain(value: Any) -> Any:
        if isinstance(value, (bytes, bytearray)):
            return "sha256:" + hashlib.sha256(value).hexdigest()
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
        if isinstance(value, (list, tuple, set, frozenset)):
            return [plain(v) for v in value]
        return repr(value)

    payload = [f"{fn.__module__}.{fn.__qualname__}", plain(list(args)), plain(kwargs)]
    return hashlib.sha256(repr(payload).encode()).hexdigest()


def call(
    fn: Callable[..., T], *args: Any, labels: dict[str, str] | None = None, **kwargs: Any
) -> tuple[bool, T | None]:
    """Run a changing service call in its own transaction; (True, result) or (False, None) after
    showing why. Nothing is saved when it fails.

    A double click, a resubmitted form or a second tap on a slow connection asks for the very same
    change again within seconds: that repeat is not run a second time; it gets the first one's result,
    so one click or ten make one record."""
    key = _fingerprint(fn, args, kwargs)
    last = st.session_state.get(_LAST_CHANGE_KEY)
    if last and last[0] == key and time.monotonic() - last[1] < DOUBLE_SUBMIT_SECONDS:
        return True, last[2]
    try:
        with session_scope() as session:
            result = fn(session, actor(), *args, **kwargs)
        st.session_state[_LAST_CHANGE_KEY] = (key, time.monotonic(), result)
        return True, result
    except ValidationFailed as exc:
        show_validation(exc, labels)
    except AccessDenied:
        st.error(tr("err.access_denied"), icon="🔒")
    except NotFound:
        st.error(tr("err.not_found"))
    except db.UNAVAILABLE:
        database_unavailable()  # nothing was saved: the transaction never committed
    return False, None


FlashKind = Literal["success", "info", "warning"]


def flash(message: str, kind: FlashKind = "success") -> None:
    """Keep `message` for the next run's show_flash() (in this browser session only)."""
    st.session_state[FLASH_KEY] = (kind, message)


def saved(message: str, kind: FlashKind = "success") -> NoReturn:
    """After a saved change: run the page again so everything drawn above the form shows the change,
    with `message` at the top."""
    flash(message, kind)
    st.rerun()


def show_flash() -> None:
    """Show, once, the message a previous run left with flash() or saved()."""
    kept = st.session_state.pop(FLASH_KEY, None)
    if not kept:
        return
    kind, message = kept
    {"success": st.success, "warning": st.warning}.get(kind, st.info)(message)


def read(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a reading service call; a refusal stops the page with a message (nothing leaks)."""
    try:
        with session_scope() as session:
            return fn(session, actor(), *args, **kwargs)
    except AccessDenied:
        st.error(tr("err.access_denied"), icon="🔒")
    except NotFound:
        st.error(tr("err.not_found"))
    except db.UNAVAILABLE:
        database_unavailable()
    st.stop()
    raise AssertionError("unreachable")


RETRY_SECONDS = 5


def database_unavailable() -> NoReturn:
    """The database is down, restarting or locked: say so in the user's language (no traceback), and
    run the page again by itself as soon as it answers."""
    st.warning(tr("db.unavailable"), icon=":material/cloud_off:")
    st.session_state[_DB_WAIT_KEY] = time.monotonic()
    _wait_for_database()
    st.stop()
    raise AssertionError("unreachable")


_DB_WAIT_KEY = "sigap_db_wait_since"


@st.fragment(run_every=RETRY_SECONDS)
def _wait_for_database() -> None:
    st.caption(tr("db.retrying", seconds=RETRY_SECONDS))
    since = st.session_state.get(_DB_WAIT_KEY, 0.0)
    # Drawn once with the message; from the next tick on, the page runs again when the database answers.
    if time.monotonic() - since >= RETRY_SECONDS - 0.5 and db.is_reachable():
        st.session_state.pop(_DB_WAIT_KEY, None)
        st.rerun(scope="app")


def browser_key() -> str:
    """Who is asking, for the rate limits of public pages (services.throttle.client_key: the client's
    address, behind a trusted proxy the one it forwarded). When Streamlit cannot tell (a local
    socket) it is a random id kept for this browser session, never one shared bucket, so one
    person's wrong tries never lock out everyone."""
    behind_proxy = os.environ.get("SIGAP_TRUSTED_PROXY", "").lower() in ("1", "true", "yes")
    key = throttle.client_key(st.context.ip_address, st.context.headers.get("X-Forwarded-For"), behind_proxy)
    return key or f"session:{st.session_state.setdefault(_BROWSER_KEY, secrets.token_hex(12))}"


def enter_page(url_path: str) -> None:
    """Called by app.py before a page runs: forgets what the pages the user has left kept with
    keep_on_page (a receipt's PIN, a citizen's status answer), so the next person who opens the
    page on a shared screen never finds them."""
    st.session_state[PAGE_KEY] = url_path
    owners: dict[str, str] = st.session_state.setdefault(_PAGE_STATE, {})
    for key, owner in list(owners.items()):
        if owner != url_path:
            st.session_state.pop(key, None)
            del owners[key]


def keep_on_page(key: str, value: Any) -> None:
    """Store `value` in the session for as long as the user stays on the current page."""
    st.session_state[key] = value
    st.session_state.setdefault(_PAGE_STATE, {})[key] = st.session_state.get(PAGE_KEY, "")


@contextmanager
def database_guard() -> Iterator[None]:
    """Around a whole run (app.py): a database that goes away anywhere gets the same friendly answer."""
    try:
        yield
    except db.UNAVAILABLE:
        database_unavailable()
