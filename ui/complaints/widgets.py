"""Widgets shared by the complaint pages: labels of the vocabularies, state badges, deadline text,
deferred downloads (files made only when the user clicks), and the system task that
closes expired follow-ups when a complaint screen opens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from models.complaints import CATEGORIES, Channel, ComplaintKind, Maladministration, Priority, State
from services import i18n
from services.complaints import triage, workflow
from services.core import clock
from services.core.access import Actor
from services.core.db import session_scope
from ui.context import call, lang, tr

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
    """'12 Mar 2026 · 2 HK lagi', '… · hari ini', '… · terlambat 3 HK' (working days; `days_left` is
    workdays.Calendar.days_left: 0 only on the due day itself)."""
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


def actor_name(name: str | None) -> str:
    """Who took a step: the stored name, or the system's name from the catalogue."""
    return name if name else tr("complaints.system")


def close_expired_follow_ups() -> None:
    """Close the follow-ups whose quiet period has passed, before a screen counts or lists complaints.
    A system task (each closing is recorded as the system's), in this user's district scope; run once
    a day per browser session, since a quiet period can only run out when the date changes."""
    today = clock.today()
    if st.session_state.get("complaints_expired_closed_on") != today:
        ok, _ = call(workflow.close_expired)
        if ok:
            st.session_state["complaints_expired_closed_on"] = today


# The queue page's filter widgets (their session keys), reset when a home-page link opens the queue.
QUEUE_FILTER_KEYS = tuple(
    f"cq_{name}"
    for name in ("search", "states", "district", "unit", "scope", "overdue", "due_today", "escalated")
    + ("new_for_unit", "mine", "category", "priority", "area", "received")
)


def apply_queue_link() -> None:
    """`?show=<preset>` (a home-page item's link): set the queue's filters to that preset alone, so
    the queue lists exactly the complaints the item counted; then drop the parameter, and the widgets
    hold the filters from there on."""
    shown = st.query_params.get("show")
    if shown in triage.PRESETS:
        for key in QUEUE_FILTER_KEYS:
            st.session_state.pop(key, None)
        wanted = triage.preset(shown)
        if wanted.states:
            st.session_state["cq_states"] = list(wanted.states)
        for name in ("overdue", "due_today", "escalated", "new_for_unit"):
            if getattr(wanted, name):
                st.session_state[f"cq_{name}"] = True
    if "show" in st.query_params:
        del st.query_params["show"]


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
