"""Who may see and do what with a complaint: one rule of handling, checked for every call.

- an officer without a unit is a coordinator of their district (or of all): handles every complaint
  in scope, sees and does everything;
- an officer with a unit is that unit's liaison and handles a complaint while the unit is its
  *current unit* (rules.current_unit): forwarded there and not sent back, forwarded
  elsewhere, merged or archived. A unit the complaint has left may still read it (identity masked,
  read-only) unless it is *rahasia*;
- the officer who took a complaint in may always open it and print or reissue its receipt;
- a manager reads every complaint in scope; one it cannot read (*rahasia*) only as a masked row:
  tracking ID, state and next deadline (and counted in every aggregate);
- *anonim* complaints keep no identity at all; contact details are masked unless the reader handles
  the complaint and asks to see them, which is written to the audit log.
"""

from __future__ import annotations

from sqlalchemy import and_, exists, false, or_, true
from sqlmodel import Session, col, select

from models.complaints import OPEN_STATES, Complaint, ComplaintHandler, State, normalise_tracking_id
from models.core.base import Role
from services.complaints.rules import (
    COORDINATOR_ACTIONS,
    HELD_BY_UNIT,
    LIAISON_ACTIONS,
    WITH_UNIT,
    Rules,
    allowed_actions,
    current_unit,
)
from services.core import settings
from services.core.access import Actor, district_filter, in_scope, require
from services.core.errors import NotFound, ValidationFailed

READERS = (Role.officer, Role.manager)
# Notes and comments that are not transitions.
EXTRA_ACTIONS = ("comment", "assign", "priority")


def rules(session: Session) -> Rules:
    values = settings.all_values(session)
    return Rules(
        verify_days=values["complaints.verify_days"],
        follow_up_days=values["complaints.follow_up_days"],
        auto_close_days=values["complaints.auto_close_days"],
        escalate_days=values["complaints.escalate_days"],
        escalate_field_days=values["complaints.escalate_field_days"],
    )


# --- who may see and do what ----------------------------------------------------------------------


def is_coordinator(actor: Actor, district_id: int | None = None) -> bool:
    """An officer without a unit coordinates (verifies and forwards) in their district scope."""
    if not actor.has(Role.officer) or actor.unit_id is not None:
        return False
    return district_id is None or in_scope(actor, district_id)


def is_liaison(actor: Actor) -> bool:
    return actor.has(Role.officer) and actor.unit_id is not None


def _handler_units(session: Session, complaint_id: int) -> set[int]:
    """Every unit the complaint was ever forwarded to (its current unit and the former ones)."""
    return set(session.exec(select(ComplaintHandler.unit_id).where(ComplaintHandler.complaint_id == complaint_id)))


def handles(actor: Actor, c: Complaint) -> bool:
    """The one rule of handling: the district's coordinator, or the liaison of the complaint's
    current unit (complaint_rules.current_unit). Handling gives the full report, the unmasked name,
    the contact on request, the attachments, the receipt and the unit's part of the workflow."""
    if not in_scope(actor, c.district_id):
        return False
    if is_coordinator(actor, c.district_id):
        return True
    return is_liaison(actor) and current_unit(c.state, c.paused_state, c.unit_id) == actor.unit_id


def received_by(actor: Actor, c: Complaint) -> bool:
    """The officer who took the complaint in (they may open it and print or reissue its receipt)."""
    return actor.has(Role.officer) and c.created_by is not None and c.created_by == actor.id


def can_read(session: Session, actor: Actor, c: Complaint, handling: bool | None = None) -> bool:
    """May the actor open this complaint? Handlers and its receiver always; otherwise never a rahasia
    one; a manager in scope, or a unit it has left (read-only, identity masked)."""
    if not in_scope(actor, c.district_id):
        return False
    if handling if handling is not None else handles(actor, c):
        return True
    if received_by(actor, c):
        return True
    if c.secret:
        return False  # rahasia: its current unit and the coordinators only
    if actor.has(Role.manager):
        return True
    return is_liaison(actor) and actor.unit_id in _handler_units(session, c.id)


def _held_by_unit(unit_id: int):
    """SQL: the unit is the complaint's current unit (the same rule as complaint_rules.current_unit)."""
    return and_(
        Complaint.unit_id == unit_id,
        or_(
            col(Complaint.state).in_(HELD_BY_UNIT),
            and_(Complaint.state == State.postponed.value, col(Complaint.paused_state).in_(WITH_UNIT)),
        ),
    )


def _ever_at_unit(unit_id: int):
    return exists().where(ComplaintHandler.complaint_id == Complaint.id, ComplaintHandler.unit_id == unit_id)


def _handled(actor: Actor):
    """SQL: the rows the actor handles (see handles)."""
    if is_coordinator(actor):
        return true()
    if is_liaison(actor):
        return _held_by_unit(actor.unit_id)
    return false()


def _readable_rows(actor: Actor):
    """SQL: the rows in scope whose content the actor may read (the same rule as can_read); a row
    listed but not readable is a masked row."""
    mine = Complaint.created_by == actor.id if actor.has(Role.officer) else false()
    others = true() if actor.has(Role.manager) else _ever_at_unit(actor.unit_id) if is_liaison(actor) else false()
    return and_(
        district_filter(actor, Complaint.district_id),
        or_(_handled(actor), mine, and_(Complaint.secret == False, others)),  # noqa: E712
    )


# Queue scopes: "work" is what the actor handles (all of the district for a coordinator or a manager,
# the current unit's for a liaison): the default, and what every count covers. A liaison may also
# list what the unit once had ("former", read-only, never rahasia) and any officer what they took in.
SCOPES = ("work", "former", "filed")


def _visibility(actor: Actor, scope: str = "work"):
    """(SQL condition: rows the actor lists in `scope`, SQL expression: rows the actor handles)."""
    require(actor, *READERS)
    within = district_filter(actor, Complaint.district_id)
    handled = _handled(actor)
    if scope == "filed":
        require(actor, Role.officer)
        return and_(within, Complaint.created_by == actor.id), handled
    if scope == "former":
        if not is_liaison(actor):
            return false(), handled
        gone = and_(_ever_at_unit(actor.unit_id), ~_held_by_unit(actor.unit_id), Complaint.secret == False)  # noqa: E712
        return and_(within, gone), handled
    if scope != "work":
        raise ValidationFailed.one("scope", "choice_invalid")
    if is_coordinator(actor) or actor.has(Role.manager):
        return within, handled  # a manager's rahasia rows come masked (see _rows)
    if is_liaison(actor):
        return and_(within, handled), handled
    return false(), handled


def _actions_for(session: Session, actor: Actor, c: Complaint) -> list[str]:
    """The workflow actions this actor may take on this complaint now."""
    if not actor.has(Role.officer) or not in_scope(actor, c.district_id):
        return []
    coordinator = is_coordinator(actor, c.district_id)
    # A liaison acts while the complaint sits with their unit and is still open there.
    with_unit = c.state in WITH_UNIT or (c.state == State.postponed and c.paused_state in WITH_UNIT)
    liaison_here = with_unit and handles(actor, c)
    if not coordinator and not liaison_here:
        return []
    permitted = COORDINATOR_ACTIONS if coordinator else LIAISON_ACTIONS
    out = [a.value for a in allowed_actions(c.state) if a in permitted]
    if c.state != State.archived:
        out.append("comment")
    if c.state in OPEN_STATES:
        out += ["assign", "priority"]
    return out


def _get(session: Session, tid: str) -> Complaint:
    c = session.exec(select(Complaint).where(Complaint.tracking_id == normalise_tracking_id(tid))).first()
    if c is None:
        raise NotFound()
    return c


def _readable(session: Session, actor: Actor, tid: str) -> tuple[Complaint, bool]:
    """The complaint and whether the actor handles it; NotFound when the actor may not read it
    (a rahasia complaint outside its current unit and the coordinators does not exist for them)."""
    require(actor, *READERS)
    c = _get(session, tid)
    handling = handles(actor, c)
    if not can_read(session, actor, c, handling):
        raise NotFound()
    return c, handling


def may_print_receipt(actor: Actor, c: Complaint, handling: bool) -> bool:
    """Handlers, and the officer who took the complaint in, print (and reissue) its receipt."""
    return actor.has(Role.officer) and (handling or received_by(actor, c))
