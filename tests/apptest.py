"""Open the real app.py in AppTest as a given user (the browser tests cover the cookie login itself)."""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def as_user(username: str | None, lang: str = "id", started: float | None = None) -> AppTest:
    """A browser session logged in as `username` since `started` (default: now).

    Note: AppTest 1.67 executes app.py (the login gate) only on the first run; later `.run()`
    calls execute the current page alone. A gate decision is therefore tested on a fresh AppTest.
    """
    at = AppTest.from_file(APP, default_timeout=30)
    if username:
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
        at.session_state["sigap_session_started"] = time.time() if started is None else started
    at.session_state["sigap_lang"] = lang
    at.session_state["sigap_lang_chosen"] = True
    return at.run()


def open_page(username: str, path: str, lang: str = "id") -> AppTest:
    at = as_user(username, lang)
    at.switch_page(str(ROOT / path))
    return at.run()


def texts(at: AppTest) -> str:
    """All visible text of the run, for 'the user sees X' assertions."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def by_label(elements, label: str):
    matches = [e for e in elements if e.label == label]
    assert matches, f"no element labelled {label!r}; have {[e.label for e in elements]}"
    return matches[0]
