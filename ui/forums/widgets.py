"""Widgets shared by the forum pages: labels of the vocabularies, the forum picked by URL, and a
status badge. One place each."""

from __future__ import annotations

import streamlit as st

from models.forums import VULNERABLE_GROUPS, ActionStatus, AreaLevel, ForumStatus, ForumType, ItemKind, ItemPriority
from services.forums.items import ITEM_STATUSES
from ui.context import tr

STATUS_COLORS = {
    "open": "red",
    "in_follow_up": "orange",
    "planned": "blue",
    "in_progress": "orange",
    "done": "green",
    "not_possible": "gray",
}


def labels(prefix: str, values) -> dict[str, str]:
    return {str(v): tr(f"{prefix}.{v}") for v in values}


def type_labels() -> dict[str, str]:
    return labels("forums.type", ForumType)


def forum_status_labels() -> dict[str, str]:
    return labels("forums.forum_status", ForumStatus)


def kind_labels() -> dict[str, str]:
    return labels("forums.kind", ItemKind)


def priority_labels() -> dict[str, str]:
    return labels("forums.priority", ItemPriority)


def action_status_labels() -> dict[str, str]:
    return labels("forums.status", ActionStatus)


def item_status_labels() -> dict[str, str]:
    return labels("forums.status", ITEM_STATUSES)


def level_labels() -> dict[str, str]:
    return labels("forums.level", AreaLevel)


def group_labels() -> dict[str, str]:
    return labels("forums.group", VULNERABLE_GROUPS)


def badge(status: str) -> str:
    """A coloured status label for st.markdown (the label comes from the catalogue, never user text)."""
    return f":{STATUS_COLORS.get(status, 'gray')}-badge[{tr(f'forums.status.{status}')}]"


def int_param(name: str) -> int | None:
    """An integer query parameter (?id=12), or None when absent or not a number."""
    raw = st.query_params.get(name)
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return None


def message_keys() -> list[str]:
    """Keys built at run time from the vocabularies (for the catalogue test)."""
    keys = [f"forums.type.{v}" for v in ForumType] + [f"forums.forum_status.{v}" for v in ForumStatus]
    keys += [f"forums.kind.{v}" for v in ItemKind] + [f"forums.priority.{v}" for v in ItemPriority]
    keys += [f"forums.status.{v}" for v in (*ActionStatus, *ITEM_STATUSES)] + [f"forums.level.{v}" for v in AreaLevel]
    return keys + [f"forums.group.{v}" for v in VULNERABLE_GROUPS]
