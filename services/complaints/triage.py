"""The triage queue: filters, presets for the home items, paging in SQL, and its summary counts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, false, nulls_last, or_
from sqlmodel import Session, col, func, select

from models.complaints import (
    OPEN_STATES,
    STAFF_DUE_KINDS,
    TRACKING_RE,
    UNANSWERED_STATES,
    Complaint,
    State,
    normalise_tracking_id,
)
from models.core.accounts import User
from models.core.org import Unit
from services.complaints.access import READERS, _held_by_unit, _readable_rows, _visibility, is_liaison
from services.complaints.rules import (
    Track,
    is_escalated,
    is_overdue,
)
from services.core import clock, workdays
from services.core.access import Actor, require
from services.core.errors import ValidationFailed
from services.core.paging import Page, clamp

EXPORT_MAX_ROWS = 50_000


# --- the triage queue -----------------------------------------------------------------------------

# The queue's presets, one per home-page item: the home page counts them (summary) and links to the
# queue under the same preset (`?show=<name>`), so the number on home is the queue's row count.
PRESETS = ("overdue", "due_today", "escalated", "to_verify", "new_for_unit")


@dataclass(frozen=True)
class QueueFilter:
    states: tuple[str, ...] = ()  # empty: every open state
    scope: str = "work"  # see SCOPES
    district_id: int | None = None
    unit_id: int | None = None
    category: str | None = None
    priority: str | None = None
    overdue: bool = False
    due_today: bool = False
    escalated: bool = False
    new_for_unit: bool = False  # forwarded to my unit since the previous working day
    mine: bool = False  # assigned to me
    area: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    search: str | None = None
    sort: str = "deadline"  # deadline | newest | priority


def preset(name: str) -> QueueFilter:
    """The queue filter behind one home-page item (PRESETS)."""
    if name == "to_verify":
        return QueueFilter(states=(State.received.value,))
    if name in PRESETS:
        return QueueFilter(**{name: True})
    raise ValidationFailed.one("show", "choice_invalid")


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue. A masked row (rahasia, not readable by this user) carries the tracking
    ID, the state and the next deadline only; every other field is None."""

    tracking_id: str
    received_on: date | None
    title: str | None
    category: str | None
    kind: str | None
    channel: str | None
    unit_code: str | None
    area: str | None
    state: str
    priority: str | None
    due_on: date | None
    due_kind: str | None
    days_left: int | None  # working days to the deadline; 0 on the day; negative when overdue
    overdue: bool
    escalated: bool
    assignee: str | None
    secret: bool
    anonymous: bool
    masked: bool


_LIKE_ESCAPE = re.compile(r"([\\%_])")


def _predicates(session: Session, actor: Actor, today: date) -> dict:
    """The SQL condition of each preset (and of the other counts): the queue filters on them and
    summary() counts them, so the two never disagree."""
    staff_due = col(Complaint.due_kind).in_(STAFF_DUE_KINDS)
    since = workdays.calendar(session).add(today, -1)  # "new": since the previous working day
    return {
        "overdue": and_(staff_due, col(Complaint.due_on) < today),
        "due_today": and_(staff_due, Complaint.due_on == today),
        "escalated": and_(col(Complaint.state).in_(UNANSWERED_STATES), col(Complaint.resolve_by) < today),
        "to_verify": Complaint.state == State.received.value,
        "new_for_unit": and_(
            Complaint.state == State.forwarded.value,
            _held_by_unit(actor.unit_id) if is_liaison(actor) else false(),
            col(Complaint.forwarded_on) >= since,
        ),
        "awaiting_forward": col(Complaint.state).in_((State.received, State.verified)),
    }


def _filtered(session: Session, actor: Actor, flt: QueueFilter, today: date):
    """The queue's FROM/WHERE for `flt` in the actor's visibility; also the SQL expressions of the rows
    the actor handles and of those it may read (the rest are masked rows)."""
    visible, handled = _visibility(actor, flt.scope)
    readable = _readable_rows(actor)
    query = select(Complaint.id).where(visible)
    states = flt.states or tuple(s.value for s in OPEN_STATES)
    query = query.where(col(Complaint.state).in_(states))
    if flt.district_id is not None:  # the district is in the tracking ID: no secret
        query = query.where(Complaint.district_id == flt.district_id)
    predicates = _predicates(session, actor, today)
    for name in ("overdue", "due_today", "escalated", "new_for_unit"):
        if getattr(flt, name):
            query = query.where(predicates[name])
    # Filters on what a masked row does not show never match one: a filter must not confirm them.
    hidden = []
    if flt.unit_id is not None:
        hidden.append(Complaint.unit_id == flt.unit_id)
    if flt.category:
        hidden.append(Complaint.category == flt.category)
    if flt.priority:
        hidden.append(Complaint.priority == flt.priority)
    if flt.mine:
        hidden.append(Complaint.assignee_id == actor.id)
    if flt.area:
        hidden.append(func.lower(Complaint.area) == flt.area.strip().lower())
    if flt.received_from:
        hidden.append(Complaint.received_on >= flt.received_from)
    if flt.received_to:
        hidden.append(Complaint.received_on <= flt.received_to)
    if flt.search and flt.search.strip():
        term = flt.search.strip()
        tid = normalise_tracking_id(term)
        if TRACKING_RE.match(tid):
            query = query.where(Complaint.tracking_id == tid)  # the ID a masked row shows
        else:
            like = "%" + _LIKE_ESCAPE.sub(r"\\\1", term[:100]) + "%"
            hidden.append(
                or_(col(Complaint.title).ilike(like, escape="\\"), col(Complaint.description).ilike(like, escape="\\"))
            )
    if hidden:
        query = query.where(readable, *hidden)
    return query, handled, readable


_PRIORITY_ORDER = case({"urgent": 0, "high": 1, "medium": 2, "low": 3}, value=Complaint.priority, else_=4)


def queue(
    session: Session, actor: Actor, flt: QueueFilter | None = None, page: int = 1, page_size: int = 50
) -> Page[QueueRow]:
    """The triage queue: filtered, sorted (by next deadline by default) and paged in SQL. Reads only
    stored columns, so it stays fast on hundreds of thousands of complaints."""
    flt = flt or QueueFilter()
    page, page_size = clamp(page, page_size)
    today = clock.today()
    ids, handled, readable = _filtered(session, actor, flt, today)
    total = session.exec(select(func.count()).select_from(ids.subquery())).one()
    order = {
        "newest": [col(Complaint.received_on).desc(), col(Complaint.id).desc()],
        # A masked row's priority is not shown, so it does not place the row either.
        "priority": [case((readable, _PRIORITY_ORDER), else_=4), nulls_last(col(Complaint.due_on).asc()),
                     col(Complaint.id)],
    }.get(flt.sort, [nulls_last(col(Complaint.due_on).asc()), col(Complaint.id)])  # fmt: skip
    page_ids = session.exec(ids.order_by(*order).offset((page - 1) * page_size).limit(page_size)).all()
    return Page(items=_rows(session, list(page_ids), readable, today), total=total, page=page, page_size=page_size)


def _rows(session: Session, ids: list[int], readable, today: date) -> list[QueueRow]:
    if not ids:
        return []
    records = session.exec(
        select(Complaint, Unit.code, User.full_name, readable.label("readable"))
        .join(Unit, Unit.id == Complaint.unit_id, isouter=True)
        .join(User, User.id == Complaint.assignee_id, isouter=True)
        .where(col(Complaint.id).in_(ids))
    ).all()
    by_id = {r[0].id: r for r in records}
    cal = workdays.calendar(session)
    out = []
    for cid in ids:
        c, unit_code, assignee, is_readable = by_id[cid]
        masked = not is_readable
        track = Track.of(c)
        out.append(
            QueueRow(
                tracking_id=c.tracking_id,
                received_on=None if masked else c.received_on,
                title=None if masked else c.title,
                category=None if masked else c.category,
                kind=None if masked else c.kind,
                channel=None if masked else c.channel,
                unit_code=None if masked else unit_code,
                area=None if masked else c.area,
                state=c.state,
                priority=None if masked else c.priority,
                due_on=c.due_on,
                due_kind=c.due_kind,
                days_left=_days_left(cal, c, today),
                overdue=is_overdue(track, today),
                escalated=is_escalated(track, today),
                assignee=None if masked else assignee,
                secret=c.secret,
                anonymous=False if masked else c.anonymous,
                masked=masked,
            )
        )
    return out


def _days_left(cal: workdays.Calendar, c: Complaint, today: date) -> int | None:
    """Working days to a person's deadline (see Calendar.days_left); None for the system's."""
    if c.due_on is None or c.due_kind not in STAFF_DUE_KINDS:
        return None
    return cal.days_left(today, c.due_on)


@dataclass(frozen=True)
class QueueSummary:
    """Counts over the actor's work (the default queue): each preset's equals queue(preset(name)).total."""

    open: int
    overdue: int
    due_today: int
    escalated: int
    awaiting_forward: int
    to_verify: int
    new_for_unit: int


def summary(session: Session, actor: Actor) -> QueueSummary:
    """Counts over the actor's open work, in one SQL query: the queue's metrics and the home page."""
    visible, _ = _visibility(actor)
    predicates = _predicates(session, actor, clock.today())
    names = ("overdue", "due_today", "escalated", "awaiting_forward", "to_verify", "new_for_unit")
    query = select(func.count(), *(func.sum(case((predicates[n], 1), else_=0)) for n in names)).where(
        visible, col(Complaint.state).in_(OPEN_STATES)
    )
    n, *counts = session.exec(query).one()
    return QueueSummary(n, *(int(x or 0) for x in counts))


def areas(session: Session, actor: Actor, district_id: int | None = None) -> list[str]:
    """The areas named on complaints the actor may read (for the intake and filter pickers); a rahasia
    complaint's area is not listed to those who may not read it."""
    require(actor, *READERS)
    query = select(Complaint.area).where(_readable_rows(actor), col(Complaint.area).is_not(None))
    if district_id is not None:
        query = query.where(Complaint.district_id == district_id)
    return sorted(set(session.exec(query.distinct()).all()), key=str.casefold)
