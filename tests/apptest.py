"""Page-test helpers: open the real app.py as a user (bench/appsession.py), read what it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.appsession import APP, ROOT, as_user, open_page

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

__all__ = ["APP", "ROOT", "as_user", "by_label", "open_page", "texts"]


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
