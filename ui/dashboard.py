"""The managers' dashboard is built from panels, so each module adds its charts without touching
the others.

The dashboard page (pages/satisfaction/dashboard.py) owns the filters and draws the satisfaction
panels; then it calls every panel from `panels()` with the current Scope. A module adds a panel by
listing `Panel(title_key, "ui.<module>.panel:render")` in its Module, where render(scope) draws
Altair charts from the module's own services.

A panel must aggregate in SQL (never load raw rows to chart them) and respect the Scope: when a user
clicks a point or bar anywhere on the page, the dashboard narrows the Scope (focus) and reruns.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from services import registry
from services.core.modules import Scope, resolve

# Session key of the focused period code. The dashboard page keeps it in step with the URL; a panel
# asks for a focus through request_focus() instead of writing the key itself.
FOCUS_KEY = "dash_focus"


def request_focus(code: str | None) -> None:
    """Narrow the whole dashboard to one period (a click on a panel's chart); the same click again clears it."""
    st.session_state[FOCUS_KEY] = None if st.session_state.get(FOCUS_KEY) == code else code


def panels() -> list[tuple[str, Callable[[Scope], None]]]:
    """The module panels drawn below the satisfaction charts, in registry order."""
    return [(p.title_key, resolve(p.render)) for p in registry.panels()]
