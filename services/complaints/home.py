"""What the home page shows of complaints: each item opens the queue on exactly what it counts."""

from __future__ import annotations

from sqlmodel import Session

from models.core.base import Role
from services.complaints.access import is_coordinator, is_liaison
from services.complaints.triage import summary
from services.core.access import Actor
from services.core.modules import Attention

# --- home page ----------------------------------------------------------------------------------


QUEUE_PAGE = "complaints"  # the queue's URL id


def home_attention(session: Session, actor: Actor) -> list[Attention]:
    """Overdue, due today and new work for officers; overdue and escalated complaints for managers.
    The counts are summary()'s, over the same work as the queue, and each item links to the queue
    under its preset: the number on home is the number of rows the link shows."""
    if not actor.has(Role.officer, Role.manager):
        return []
    counts = summary(session, actor)
    wanted = [("overdue", "home.att.complaints_overdue", "error")]
    if is_coordinator(actor) or actor.has(Role.manager):  # escalation: the coordinator's and the manager's
        wanted.append(("escalated", "home.att.complaints_escalated", "error"))
    if actor.has(Role.officer):
        wanted.append(("due_today", "home.att.complaints_due_today", "warning"))
        if is_liaison(actor):
            wanted.append(("new_for_unit", "home.att.complaints_new_for_unit", "info"))
        if is_coordinator(actor):
            wanted.append(("to_verify", "home.att.complaints_to_verify", "info"))
    return [
        Attention(key, getattr(counts, name), severity, QUEUE_PAGE, query={"show": name})
        for name, key, severity in wanted
        if getattr(counts, name)
    ]
