"""Open the real app.py in Streamlit's AppTest as a given user, without a browser.

Shared by the page tests (tests/apptest.py) and the page benchmark (bench/pages.py): both run the
app's scripts on the server side exactly as Streamlit does for a browser session, with the login
gate already passed (the browser tests cover the cookie login itself).
"""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def as_user(username: str | None, lang: str = "id", started: float | None = None, timeout: float = 30) -> AppTest:
    """A browser session logged in as `username` since `started` (default: now), after its first run.

    Note: AppTest 1.67 executes app.py (the login gate) only on the first run; later `.run()`
    calls execute the current page alone. A gate decision is therefore tested on a fresh AppTest.
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    if username:
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
        at.session_state["sigap_session_started"] = time.time() if started is None else started
    at.session_state["sigap_lang"] = lang
    at.session_state["sigap_lang_chosen"] = True
    return at.run()


def open_page(username: str, path: str, lang: str = "id", timeout: float = 30) -> AppTest:
    """A session of `username` on the page at `path` (relative to the project root)."""
    at = as_user(username, lang, timeout=timeout)
    at.switch_page(str(ROOT / path))
    return at.run()
