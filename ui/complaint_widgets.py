"""Widgets shared by the complaint pages: labels of the vocabularies, state badges, deadline text,
and deferred downloads (files made only when the user clicks)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from models.complaints import CATEGORIES, Channel, ComplaintKind, Maladministration, Priority, State
from services import i18n
from services.access import Actor
from services.db import session_scope
from ui.context import lang, tr

STATE_COLORS = {
    "received": "blue",
    "verified": "violet",
    "forwarded": "orange",
    "in_follow_up": "yellow",
    "done": "green",
    "closed": "gray",
    "postponed": "gray",
    "not_authority": "gray",
    "duplicate": "gray",
    "archived": "gray",
}
PRIORITY_COLORS = {"low": "gray", "medium": "blue", "high": "orange", "urgent": "red"}


def labels(prefix: str, values) -> dict[str, str]:
    return {str(v): tr(f"{prefix}.{v}") for v in values}


def state_labels() -> dict[str, str]:
    return labels("complaints.state", State)


def category_labels() -> dict[str, str]:
    return labels("complaints.cat", CATEGORIES)


def kind_labels() -> dict[str, str]:
    return labels("complaints.kind", ComplaintKind)


def channel_labels() -> dict[str, str]:
    return labels("complaints.channel", Channel)


def priority_labels() -> dict[str, str]:
    return labels("complaints.priority", Priority)


def maladministration_labels() -> dict[str, str]:
    return labels("complaints.mal", Maladministration)


def state_badge(state: str) -> None:
    st.badge(tr(f"complaints.state.{state}"), color=STATE_COLORS.get(state, "gray"))


def priority_badge(priority: str) -> None:
    st.badge(tr(f"complaints.priority.{priority}"), icon=":material/flag:", color=PRIORITY_COLORS.get(priority, "gray"))


def deadline_text(due_on: date | None, days_left: int | None) -> str:
    """'12 Mar 2026 · 2 HK lagi', '… · hari ini', '… · terlambat 3 HK' (working days)."""
    if due_on is None:
        return "–"
    when = i18n.fmt_date(due_on, lang())
    if days_left is None:
        return when
    if days_left > 0:
        return f"{when} · {tr('complaints.days_left', n=days_left)}"
    if days_left == 0:
        return f"{when} · {tr('complaints.due_today')}"
    return f"{when} · {tr('complaints.days_late', n=-days_left)}"


def weekday_name(day: date) -> str:
    """Senin, Selasa, … (or Monday, … in English)."""
    from babel.dates import format_date

    return format_date(day, "EEEE", locale=i18n.BABEL_LOCALE.get(lang(), "id_ID"))


def status_url() -> str:
    """The public status page's address, as the browser reached this app."""
    url = st.context.url or ""
    base = url.rsplit("/", 1)[0] if "://" in url else ""
    return f"{base}/status" if base else "/status"


def deferred(fn: Callable, actor: Actor, *args, **kwargs) -> Callable[[], bytes]:
    """A download's data made on click, in its own short transaction (audit rows commit with it)."""

    def make() -> bytes:
        with session_scope() as session:
            return fn(session, actor, *args, **kwargs)

    return make
