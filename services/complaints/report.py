"""One complaint as its reader may see it: deadlines, complainant (masked), attachments, actions, and
the timeline; revealing contact details and reissuing the PIN."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from models.complaints import MERGE_DEPTH, Complaint, ComplaintAttachment, ComplaintEvent, ComplaintHandler, State
from models.core.accounts import User
from models.core.base import Role, utcnow
from models.core.org import District, Unit
from services.complaints import status as complaint_status
from services.complaints.access import (
    _actions_for,
    _handler_units,
    _readable,
    can_read,
    is_liaison,
    may_print_receipt,
    rules,
)
from services.complaints.rules import (
    Track,
    is_escalated,
    is_overdue,
    national_limit,
)
from services.complaints.steps import _close_if_expired
from services.complaints.triage import _days_left
from services.core import audit, clock, workdays
from services.core.access import Actor
from services.core.errors import AccessDenied
from services.core.masking import mask_email, mask_name, mask_phone

# --- one complaint --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventView:
    at: object
    day: date
    actor_name: str | None  # None: the system (named by the page from the catalogue)
    action: str
    from_state: str | None
    to_state: str | None
    unit_code: str | None
    assignee: str | None
    note: str | None
    public: bool
    due_on: date | None
    due_kind: str | None
    tracking_id: str  # the complaint it belongs to (merged duplicates show their own)


@dataclass(frozen=True)
class AttachmentView:
    id: int
    name: str
    mime: str
    size: int
    uploaded_at: object


@dataclass
class ComplaintView:
    id: int
    tracking_id: str
    district_id: int
    district_name: str
    kind: str
    channel: str
    category: str
    title: str
    description: str
    area: str | None
    external_ref: str | None
    received_on: date
    priority: str
    state: str
    unit_id: int | None
    unit_code: str | None
    unit_name: str | None
    assignee_id: int | None
    assignee: str | None
    secret: bool
    anonymous: bool
    complainant: str | None  # the name, masked unless the reader handles the complaint
    contact: str | None  # phone / email, always masked here (reveal_contact shows them)
    field_check: bool
    due_on: date | None
    due_kind: str | None
    days_left: int | None
    overdue: bool
    escalated: bool
    resolve_by: date
    late: bool
    postponed_until: date | None
    rating: int | None
    maladministration: str | None
    closed_on: date | None
    handling_days: int | None
    on_time: bool | None
    merged_into: str | None  # None also when the reader may not open the complaint it went into
    merged_from: list[str]  # every report merged into this one (also via another duplicate) it may read
    handlers: list[str]
    handling: bool
    can_reveal: bool
    can_receipt: bool  # may print the receipt with a new PIN (handlers and the officer who took it in)
    former_unit: bool  # the reader's unit had it once and no longer does: read-only
    national_limit_days: int  # the configured 14 or 60 calendar days that apply to it
    actions: list[str]
    events: list[EventView] = field(default_factory=list)
    attachments: list[AttachmentView] = field(default_factory=list)


def _merged_into_tree(session: Session, root: Complaint) -> list[Complaint]:
    """Every complaint merged into `root`, directly or into one of its duplicates (a chain of merges
    keeps every history on the complaint that stays), oldest first."""
    found: dict[int, Complaint] = {}
    frontier = [root.id]
    for _ in range(MERGE_DEPTH):
        rows = session.exec(select(Complaint).where(col(Complaint.merged_into_id).in_(frontier))).all()
        rows = [r for r in rows if r.id not in found and r.id != root.id]
        if not rows:
            break
        found.update({r.id: r for r in rows})
        frontier = [r.id for r in rows]
    return sorted(found.values(), key=lambda r: r.id)


def get_complaint(session: Session, actor: Actor, tid: str) -> ComplaintView:
    """One complaint with its full timeline (merged duplicates included), attachments, and the
    actions the actor may take."""
    c, handling = _readable(session, actor, tid)
    _close_if_expired(session, c)
    today = clock.today()
    cal = workdays.calendar(session)
    district = session.get(District, c.district_id)
    unit = session.get(Unit, c.unit_id) if c.unit_id else None
    assignee = session.get(User, c.assignee_id) if c.assignee_id else None
    track = Track.of(c)
    # Duplicates the reader may not open (rahasia) stay out of sight: neither their IDs nor their steps.
    tree = _merged_into_tree(session, c)
    merged_from = [d for d in tree if can_read(session, actor, d)]
    unseen = {d.tracking_id for d in tree} - {d.tracking_id for d in merged_from}
    timeline_ids = {c.id: c.tracking_id, **{d.id: d.tracking_id for d in merged_from}}
    target = session.get(Complaint, c.merged_into_id) if c.merged_into_id else None
    if target is not None and not can_read(session, actor, target):
        target = None
    handler_codes = session.exec(
        select(Unit.code).join(ComplaintHandler, ComplaintHandler.unit_id == Unit.id)
        .where(ComplaintHandler.complaint_id == c.id).order_by(Unit.code)
    ).all()  # fmt: skip
    return ComplaintView(
        id=c.id,
        tracking_id=c.tracking_id,
        district_id=c.district_id,
        district_name=district.name,
        kind=c.kind,
        channel=c.channel,
        category=c.category,
        title=c.title,
        description=c.description,
        area=c.area,
        external_ref=c.external_ref,
        received_on=c.received_on,
        priority=c.priority,
        state=c.state,
        unit_id=c.unit_id,
        unit_code=unit.code if unit else None,
        unit_name=unit.name if unit else None,
        assignee_id=c.assignee_id,
        assignee=assignee.full_name if assignee else None,
        secret=c.secret,
        anonymous=c.anonymous,
        complainant=None if c.anonymous else (c.complainant_name if handling else mask_name(c.complainant_name)),
        contact=" · ".join(x for x in (mask_phone(c.complainant_phone), mask_email(c.complainant_email)) if x) or None,
        field_check=c.field_check,
        due_on=c.due_on,
        due_kind=c.due_kind,
        days_left=_days_left(cal, c, today),
        overdue=is_overdue(track, today),
        escalated=is_escalated(track, today),
        resolve_by=c.resolve_by,
        late=c.late,
        postponed_until=c.due_on if c.state == State.postponed else None,
        rating=c.rating,
        maladministration=c.maladministration,
        closed_on=c.closed_on,
        handling_days=c.handling_days,
        on_time=c.on_time,
        merged_into=target.tracking_id if target else None,
        merged_from=[d.tracking_id for d in merged_from],
        handlers=list(handler_codes),
        handling=handling,
        can_reveal=handling
        and actor.has(Role.officer)
        and not c.anonymous
        and bool(c.complainant_phone or c.complainant_email),
        can_receipt=may_print_receipt(actor, c, handling),
        former_unit=not handling and is_liaison(actor) and actor.unit_id in _handler_units(session, c.id),
        national_limit_days=national_limit(c.field_check, rules(session)),
        actions=_actions_for(session, actor, c),
        events=_events(session, timeline_ids, unseen),
        attachments=[
            AttachmentView(a.id, a.original_name, a.mime, a.size, a.uploaded_at)
            for a in session.exec(
                select(ComplaintAttachment)
                .where(ComplaintAttachment.complaint_id == c.id)
                .order_by(ComplaintAttachment.id)
            )
        ]
        if handling
        else [],
    )


def _events(session: Session, complaints: dict[int, str], unseen: set[str] = frozenset()) -> list[EventView]:
    """The timeline of these complaints; a merge of a duplicate in `unseen` keeps no tracking ID."""
    units = dict(session.exec(select(Unit.id, Unit.code)).all())
    rows = session.exec(
        select(ComplaintEvent, User.full_name)
        .join(User, User.id == ComplaintEvent.assignee_id, isouter=True)
        .where(col(ComplaintEvent.complaint_id).in_(list(complaints)))
        .order_by(col(ComplaintEvent.at), col(ComplaintEvent.id))
    ).all()
    return [
        EventView(
            at=e.at,
            day=e.day,
            actor_name=e.actor_name or None,
            action=e.action,
            from_state=e.from_state,
            to_state=e.to_state,
            unit_code=units.get(e.unit_id),
            assignee=assignee,
            note=None if e.action == "merged_in" and e.note in unseen else e.note,
            public=e.public,
            due_on=e.due_on,
            due_kind=e.due_kind,
            tracking_id=complaints[e.complaint_id],
        )
        for e, assignee in rows
    ]


@dataclass(frozen=True)
class Contact:
    name: str | None
    phone: str | None
    email: str | None


def reveal_contact(session: Session, actor: Actor, tid: str) -> Contact:
    """The complainant's contact details, for an officer handling the complaint. Every reveal is
    written to the audit log."""
    c, handling = _readable(session, actor, tid)
    if not handling or not actor.has(Role.officer):
        raise AccessDenied()
    audit.record(session, actor, "reveal", "complaint", c.tracking_id, note="contact", district_id=c.district_id)
    return Contact(c.complainant_name, c.complainant_phone, c.complainant_email)


def reissue_pin(session: Session, actor: Actor, tid: str) -> str:
    """A new PIN for a new receipt (the old one stops working): for the complaint's handlers and the
    officer who took it in, never a unit it has left."""
    c, handling = _readable(session, actor, tid)
    if not may_print_receipt(actor, c, handling):
        raise AccessDenied()
    pin = complaint_status.new_pin()
    c.pin_hash = complaint_status.hash_pin(pin)
    c.updated_at = utcnow()
    session.add(c)
    audit.record(session, actor, "reissue_pin", "complaint", c.tracking_id, district_id=c.district_id)
    return pin
