"""Complaint triage: intake, who may see and do what, the triage queue, the workflow and its
timeline, duplicates, reply templates, and what the home page needs.

Access (checked here for every call, whatever the page shows), one rule for "handling":
- an officer without a unit is a coordinator of their district (or of all): handles every complaint
  in scope, sees and does everything;
- an officer with a unit is that unit's liaison and handles a complaint while the unit is its
  *current unit* (complaint_rules.current_unit): forwarded there and not sent back, forwarded
  elsewhere, merged or archived. Its queue, counts and home page cover exactly those. A unit the
  complaint has left may still read it (identity masked, read-only) unless it is *rahasia*;
- the officer who took a complaint in may always open it and print or reissue its receipt;
- a manager reads every complaint in scope; one it cannot read (*rahasia*) only as a masked row:
  tracking ID, state and next deadline (and counted in every aggregate);
- *anonim* complaints keep no identity at all; contact details are masked unless the reader handles
  the complaint and asks to see them, which is written to the audit log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz, process, utils
from sqlalchemy import and_, case, exists, false, nulls_last, or_, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, select

from models.accounts import User, UserRole
from models.base import Role, utcnow
from models.complaints import (
    CATEGORIES,
    MERGE_DEPTH,
    OPEN_STATES,
    STAFF_DUE_KINDS,
    TRACKING_RE,
    UNANSWERED_STATES,
    Complaint,
    ComplaintAttachment,
    ComplaintCounter,
    ComplaintCreate,
    ComplaintEvent,
    ComplaintHandler,
    DueKind,
    ResponseTemplate,
    State,
    TemplateCreate,
    TemplatePublic,
    Transition,
    normalise_tracking_id,
    tracking_id,
)
from models.org import District, Unit
from services import audit, clock, complaint_files, complaint_status, settings, workdays
from services.access import SYSTEM_ID, Actor, district_filter, in_scope, require, system_actor
from services.complaint_rules import (
    ALWAYS_PUBLIC,
    COORDINATOR_ACTIONS,
    HELD_BY_UNIT,
    LIAISON_ACTIONS,
    NOTE_REQUIRED,
    POSTPONE_MAX_DAYS,
    WITH_UNIT,
    Action,
    Rules,
    Track,
    allowed_actions,
    apply,
    current_unit,
    is_escalated,
    is_overdue,
    national_limit,
    start,
)
from services.errors import AccessDenied, FieldError, NotFound, ValidationFailed, validate
from services.home import Attention
from services.paging import Page, clamp

READERS = (Role.officer, Role.manager)
RECEIVED_MAX_AGE_DAYS = 365  # a report older than a year is a new report, not a late entry
EXPORT_MAX_ROWS = 50_000
SIMILAR_CANDIDATES = 2_000  # most recent open complaints scored for similarity
SIMILAR_SHOWN = 5
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


# --- masking personal data ------------------------------------------------------------------------


def mask_name(name: str | None) -> str | None:
    if not name:
        return None
    return " ".join(word[0] + "•" * max(2, len(word) - 1) for word in name.split())


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return None
    return phone[:4] + "•" * max(3, len(phone) - 7) + phone[-3:]


def mask_email(email: str | None) -> str | None:
    if not email:
        return None
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


# --- intake ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Created:
    tracking_id: str
    pin: str  # shown once, for the receipt; only its hash is stored
    merged_into: str | None = None


def _insert_ignore(session: Session, table, **values):
    if session.get_bind().dialect.name == "postgresql":
        return pg_insert(table).values(**values).on_conflict_do_nothing()
    return sqlite_insert(table).values(**values).on_conflict_do_nothing()


def next_tracking_id(session: Session, district: District, year: int) -> tuple[str, int]:
    """The next tracking ID of a district and year. The counter row is bumped with one UPDATE in the
    caller's transaction, so concurrent intakes queue on that row and never share a number."""
    session.exec(_insert_ignore(session, ComplaintCounter, district_id=district.id, year=year, last=0))
    seq = session.exec(
        update(ComplaintCounter)
        .where(col(ComplaintCounter.district_id) == district.id, col(ComplaintCounter.year) == year)
        .values(last=ComplaintCounter.last + 1)
        .returning(ComplaintCounter.last)
    ).scalar_one()
    return tracking_id(district.code, year, seq), seq


def _check_received(received_on: date, today: date) -> list[FieldError]:
    if received_on > today:
        return [FieldError("received_on", "date_in_future")]
    if received_on < today - timedelta(days=RECEIVED_MAX_AGE_DAYS):
        return [FieldError("received_on", "received_too_old", {"days": RECEIVED_MAX_AGE_DAYS})]
    return []


def _intake_district(session: Session, actor: Actor, district_id: int | None) -> District:
    if not actor.all_districts:
        district_id = actor.district_id
    if district_id is None:
        raise ValidationFailed.one("district_id", "required")
    district = session.get(District, district_id)
    if district is None:
        raise ValidationFailed.one("district_id", "choice_invalid")
    return district


def _unit_in_district(session: Session, unit_id: int, district_id: int, field_name: str = "unit_id") -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or not unit.active:
        raise ValidationFailed.one(field_name, "choice_invalid")
    if unit.district_id != district_id:
        raise ValidationFailed.one(field_name, "unit_outside_district")
    return unit


def create_complaint(
    session: Session, actor: Actor, data: dict, files: list[tuple[str, bytes]] | None = None
) -> Created:
    """Take in a complaint from any channel. Gives it the next tracking ID of its district and year,
    a PIN for the receipt, the verify-and-forward deadline, and stores its attachments. When it
    repeats an open complaint (`duplicate_of`), it is merged into that one at once."""
    require(actor, Role.officer)
    new = validate(ComplaintCreate, data)
    today = clock.today()
    errors = _check_received(new.received_on, today)
    if new.anonymous:
        # Anonim: the identity is never shown, so it is not kept at all.
        new = new.model_copy(update={"complainant_name": None, "complainant_phone": None, "complainant_email": None})
    district = _intake_district(session, actor, new.district_id)
    if new.unit_id is not None:
        try:
            _unit_in_district(session, new.unit_id, district.id)
        except ValidationFailed as exc:
            errors += exc.errors
    target = None
    if new.duplicate_of:
        target = _merge_target(session, actor, new.duplicate_of, district.id, errors, "duplicate_of")
    files = files or []
    errors += complaint_files.check_files(session, files)
    if errors:
        raise ValidationFailed(errors)

    cfg = rules(session)
    cal = workdays.calendar(session)
    track = start(new.received_on, new.field_check, cal, cfg)
    tid, seq = next_tracking_id(session, district, new.received_on.year)
    pin = complaint_status.new_pin()
    complaint = Complaint(
        tracking_id=tid,
        district_id=district.id,
        year=new.received_on.year,
        seq=seq,
        kind=new.kind.value,
        channel=new.channel.value,
        category=new.category,
        title=new.title,
        description=new.description,
        area=new.area,
        external_ref=new.external_ref,
        priority=new.priority.value,
        unit_id=new.unit_id,
        secret=new.secret,
        anonymous=new.anonymous,
        complainant_name=new.complainant_name,
        complainant_phone=new.complainant_phone,
        complainant_email=new.complainant_email,
        pin_hash=complaint_status.hash_pin(pin),
        created_by=_user_id(actor),
        **track.values(),
    )
    session.add(complaint)
    session.flush()
    _event(session, actor, complaint, "create", None, State.received, today, public=True)
    complaint_files.store(session, actor, complaint.id, files)
    audit.record(session, actor, "create", "complaint", tid, district_id=complaint.district_id)
    if target is not None:
        _merge(session, actor, complaint, target, today, note=None)
    return Created(tracking_id=tid, pin=pin, merged_into=target.tracking_id if target else None)


def _user_id(actor: Actor) -> int | None:
    return None if actor.id == SYSTEM_ID else actor.id


def _event(
    session: Session,
    actor: Actor | None,
    c: Complaint,
    action: str,
    from_state: str | None,
    to_state: str | None,
    day: date,
    *,
    note: str | None = None,
    public: bool = False,
    unit_id: int | None = None,
    assignee_id: int | None = None,
) -> None:
    session.add(
        ComplaintEvent(
            complaint_id=c.id,
            day=day,
            actor_id=_user_id(actor) if actor else None,
            # The system keeps no display name: the timeline names it from the catalogue.
            actor_name=(actor.full_name if actor and actor.id != SYSTEM_ID else "")[:150],
            action=action,
            from_state=from_state,
            to_state=to_state,
            unit_id=unit_id,
            assignee_id=assignee_id,
            note=note,
            public=public,
            due_on=c.due_on,
            due_kind=c.due_kind,
        )
    )


def form_settings(session: Session, actor: Actor) -> dict[str, int]:
    """The settings the complaint forms show (limits, look-back window)."""
    require(actor, *READERS)
    return {k: v for k, v in settings.all_values(session).items() if k.startswith("complaints.")}


# --- similar open complaints (duplicate check at intake) -------------------------------------------


@dataclass(frozen=True)
class Similar:
    tracking_id: str
    title: str
    state: str
    received_on: date
    unit_code: str | None
    area: str | None
    score: int


def similar_open(
    session: Session,
    actor: Actor,
    text: str,
    *,
    district_id: int | None = None,
    unit_id: int | None = None,
    area: str | None = None,
) -> list[Similar]:
    """Open complaints in the same unit or area from the last `complaints.similar_days` days whose
    text resembles `text` (fuzzy token match), best first. Only complaints the actor may read."""
    require(actor, Role.officer)
    text = (text or "").strip()
    if len(text) < 10:
        return []
    district_id = actor.district_id if not actor.all_districts else district_id
    values = settings.all_values(session)
    since = clock.today() - timedelta(days=values["complaints.similar_days"])
    query = (
        select(Complaint.id, Complaint.tracking_id, Complaint.title, Complaint.description, Complaint.state,
               Complaint.received_on, Unit.code, Complaint.area)
        .join(Unit, Unit.id == Complaint.unit_id, isouter=True)
        .where(_readable_rows(actor), col(Complaint.state).in_(OPEN_STATES), Complaint.received_on >= since)
    )  # fmt: skip
    if district_id is not None:
        query = query.where(Complaint.district_id == district_id)
    near = []
    if unit_id is not None:
        near.append(Complaint.unit_id == unit_id)
    if area:
        near.append(func.lower(Complaint.area) == area.strip().lower())
    if near:
        query = query.where(or_(*near))
    rows = session.exec(query.order_by(col(Complaint.received_on).desc()).limit(SIMILAR_CANDIDATES)).all()
    if not rows:
        return []
    choices = {r[0]: f"{r[2]} {r[3][:400]}" for r in rows}
    matches = process.extract(
        text,
        choices,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        limit=SIMILAR_SHOWN,
        score_cutoff=values["complaints.similar_score"],
    )
    by_id = {r[0]: r for r in rows}
    return [
        Similar(
            tracking_id=by_id[key][1],
            title=by_id[key][2],
            state=by_id[key][4],
            received_on=by_id[key][5],
            unit_code=by_id[key][6],
            area=by_id[key][7],
            score=round(score),
        )
        for _, score, key in matches
    ]


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


# --- the workflow -----------------------------------------------------------------------------------


def _officer_of_unit(session: Session, user_id: int, unit_id: int, field_name: str = "assignee_id") -> User:
    user = session.get(User, user_id)
    is_officer = session.exec(
        select(UserRole.user_id).where(UserRole.user_id == user_id, UserRole.role == Role.officer.value)
    ).first()
    if user is None or not user.active or not is_officer or user.unit_id != unit_id:
        raise ValidationFailed.one(field_name, "assignee_not_in_unit")
    return user


def officers_of_unit(session: Session, actor: Actor, unit_id: int) -> list[tuple[int, str]]:
    """Active officers tied to a unit (to pick an assignee)."""
    require(actor, Role.officer)
    unit = session.get(Unit, unit_id)
    if unit is None or not in_scope(actor, unit.district_id):
        return []
    rows = session.exec(
        select(User.id, User.full_name)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.unit_id == unit_id, User.active == True, UserRole.role == Role.officer.value)  # noqa: E712
        .order_by(User.full_name)
    ).all()
    return [(i, n) for i, n in rows]


def _merge_target(
    session: Session, actor: Actor, target_tid: str, district_id: int, errors: list, field_name: str = "target"
) -> Complaint | None:
    """The complaint a duplicate is merged into: readable, same district, still open."""
    target = session.exec(select(Complaint).where(Complaint.tracking_id == normalise_tracking_id(target_tid))).first()
    if target is None or not can_read(session, actor, target):
        errors.append(FieldError(field_name, "merge_target_unknown"))
        return None
    if target.district_id != district_id:
        errors.append(FieldError(field_name, "merge_other_district"))
        return None
    if target.state not in OPEN_STATES or target.state == State.duplicate:
        errors.append(FieldError(field_name, "merge_target_closed"))
        return None
    return target


def _merge(session: Session, actor: Actor, dup: Complaint, target: Complaint, day: date, note: str | None) -> None:
    """`dup` becomes a duplicate of `target`; each keeps its own history, and the target's timeline
    shows both."""
    before = dup.state
    track = apply(Track.of(dup), Action.merge, day, workdays.calendar(session), rules(session))
    _save(session, dup, track, merged_into_id=target.id)
    _event(session, actor, dup, Action.merge.value, before, State.duplicate, day, note=note, public=False)
    _event(session, actor, target, "merged_in", None, None, day, note=dup.tracking_id, public=False)


def _save(session: Session, c: Complaint, track: Track, **changes) -> None:
    """Write the new workflow fields, refusing if someone else changed the complaint meanwhile."""
    values = {**track.values(), **changes, "updated_at": utcnow(), "version": c.version + 1}
    result = session.exec(
        update(Complaint).where(col(Complaint.id) == c.id, col(Complaint.version) == c.version).values(**values)
    )
    if result.rowcount != 1:
        raise ValidationFailed.one(None, "complaint_changed")
    session.refresh(c)


def act(session: Session, actor: Actor, tid: str, action: str, data: dict | None = None) -> str:
    """Take one workflow action on a complaint (see complaint_rules.TRANSITIONS), recorded on its
    timeline with who, when and the note. Returns the new state.

    An action the state does not allow is refused as bad input (ValidationFailed); a legal action
    that is not this actor's part (a liaison forwarding, a manager, another unit) is AccessDenied."""
    require(actor, Role.officer)
    c = _get(session, tid)
    handling = handles(actor, c)
    if not can_read(session, actor, c, handling):
        raise NotFound()
    _close_if_expired(session, c)
    entry = validate(Transition, data or {})
    if not handling:
        raise AccessDenied()
    if action in EXTRA_ACTIONS:
        if action not in _actions_for(session, actor, c):
            raise (
                AccessDenied()
                if c.state in OPEN_STATES
                else ValidationFailed.one(None, "transition_illegal", action=action, state=c.state)
            )
        return _extra(session, actor, c, action, entry)
    try:
        action = Action(action)
    except ValueError:
        raise ValidationFailed.one(None, "transition_illegal", action=str(action)[:20], state=c.state) from None
    if action not in allowed_actions(c.state):
        raise ValidationFailed.one(None, "transition_illegal", action=action.value, state=c.state)
    if action.value not in _actions_for(session, actor, c):
        raise AccessDenied()
    return _transition(session, actor, c, action, entry)


def _transition(session: Session, actor: Actor, c: Complaint, action: Action, entry: Transition) -> str:
    today = clock.today()
    errors: list[FieldError] = []
    if action in NOTE_REQUIRED and not entry.note:
        errors.append(FieldError("note", "required"))
    changes: dict = {}
    target = None
    if action is Action.forward:
        if entry.unit_id is None:
            errors.append(FieldError("unit_id", "required"))
        else:
            try:
                _unit_in_district(session, entry.unit_id, c.district_id)
                if c.state == State.forwarded and entry.unit_id == c.unit_id:
                    errors.append(FieldError("unit_id", "forward_same_unit"))
                if entry.assignee_id is not None:
                    _officer_of_unit(session, entry.assignee_id, entry.unit_id)
            except ValidationFailed as exc:
                errors += exc.errors
        changes = {"unit_id": entry.unit_id, "assignee_id": entry.assignee_id}
    elif action is Action.postpone:
        if entry.until is None:
            errors.append(FieldError("until", "required"))
        elif entry.until <= today:
            errors.append(FieldError("until", "until_not_future"))
        elif entry.until > today + timedelta(days=POSTPONE_MAX_DAYS):
            errors.append(FieldError("until", "until_too_far", {"days": POSTPONE_MAX_DAYS}))
    elif action is Action.merge:
        if not entry.target:
            errors.append(FieldError("target", "required"))
        else:
            target = _merge_target(session, actor, entry.target, c.district_id, errors)
            if target is not None and target.id == c.id:
                errors.append(FieldError("target", "merge_self"))
    elif action is Action.close:
        changes = {
            "rating": entry.rating,
            "maladministration": entry.maladministration.value if entry.maladministration else None,
        }
    if errors:
        raise ValidationFailed(errors)

    if action is Action.merge:
        _merge(session, actor, c, target, today, entry.note)
        return State.duplicate.value
    before = c.state
    track = apply(
        Track.of(c),
        action,
        today,
        workdays.calendar(session),
        rules(session),
        until=entry.until,
        field_check=entry.field_check if action is Action.verify else None,
    )
    if action is Action.verify and entry.priority is not None:
        changes["priority"] = entry.priority.value
    if action is Action.send_back:
        changes["assignee_id"] = None
    _save(session, c, track, **changes)
    if action is Action.forward:
        session.exec(_insert_ignore(session, ComplaintHandler, complaint_id=c.id, unit_id=entry.unit_id))
    public = entry.public or action in ALWAYS_PUBLIC
    _event(
        session,
        actor,
        c,
        action.value,
        before,
        track.state,
        today,
        note=entry.note,
        public=public,
        unit_id=entry.unit_id if action is Action.forward else None,
        assignee_id=entry.assignee_id if action is Action.forward else None,
    )
    return track.state


def _extra(session: Session, actor: Actor, c: Complaint, action: str, entry: Transition) -> str:
    """A comment, an assignment or a priority change: on the timeline, no change of state."""
    today = clock.today()
    if action == "comment":
        if not entry.note:
            raise ValidationFailed.one("note", "required")
        c.updated_at = utcnow()
        session.add(c)
        _event(session, actor, c, "comment", None, None, today, note=entry.note, public=entry.public)
    elif action == "assign":
        if entry.assignee_id is not None:
            if c.unit_id is None:
                raise ValidationFailed.one("assignee_id", "assignee_not_in_unit")
            _officer_of_unit(session, entry.assignee_id, c.unit_id)
        _save(session, c, Track.of(c), assignee_id=entry.assignee_id)
        _event(session, actor, c, "assign", None, None, today, note=entry.note, assignee_id=entry.assignee_id)
    else:
        if entry.priority is None:
            raise ValidationFailed.one("priority", "required")
        _save(session, c, Track.of(c), priority=entry.priority.value)
        _event(session, actor, c, "priority", None, None, today, note=entry.priority.value)
    return c.state


def bulk_forward(session: Session, actor: Actor, tids: list[str], data: dict) -> int:
    """Forward several complaints to one unit (and optionally one officer) in one transaction: all
    of them or none, with the reasons for the ones that cannot go."""
    return _bulk(session, actor, tids, "forward", data)


def bulk_assign(session: Session, actor: Actor, tids: list[str], data: dict) -> int:
    """Assign several complaints to one officer of their unit, all or none."""
    if not (data or {}).get("assignee_id"):
        raise ValidationFailed.one("assignee_id", "required")
    return _bulk(session, actor, tids, "assign", data)


def _bulk(session: Session, actor: Actor, tids: list[str], action: str, data: dict) -> int:
    require(actor, Role.officer)
    tids = list(dict.fromkeys(normalise_tracking_id(t) for t in tids or []))
    if not tids:
        raise ValidationFailed.one(None, "nothing_selected")
    if len(tids) > 500:
        raise ValidationFailed.one(None, "too_many_selected", max=500)
    errors: list[FieldError] = []
    for tid in tids:
        # Each act validates before it writes, so a refused one leaves nothing behind; any refusal
        # makes the caller's transaction roll back the others too.
        try:
            act(session, actor, tid, action, data)
        except ValidationFailed as exc:
            errors += [FieldError(tid, e.code, e.params) for e in exc.errors]
        except (AccessDenied, NotFound):
            errors.append(FieldError(tid, "access_denied"))
    if errors:
        raise ValidationFailed(errors)
    return len(tids)


def _close_if_expired(session: Session, c: Complaint) -> None:
    """A followed-up complaint whose quiet period has passed closes itself (see close_expired)."""
    if c.due_kind == DueKind.auto_close and c.due_on is not None and c.due_on < clock.today():
        try:
            _auto_close(session, c)
        except ValidationFailed:
            session.refresh(c)  # closed by another session meanwhile


def _auto_close(session: Session, c: Complaint) -> None:
    """Close as the system: the timeline says so, whoever's page open or job triggered it."""
    before = c.state
    track = apply(Track.of(c), Action.close, c.due_on, workdays.calendar(session), rules(session))
    _save(session, c, track)
    _event(session, system_actor(), c, "auto_close", before, State.closed, track.closed_on, public=True)


CLOSE_BATCH = 500


def close_expired(session: Session, actor: Actor, limit: int = CLOSE_BATCH) -> list[str]:
    """Close the followed-up complaints whose `auto_close_days` passed without a reply from the
    complainant, up to `limit` of them; returns their tracking IDs. A system task: each closing is
    recorded as the system's. The scheduled job (`manage.py close-expired`, the system actor) covers
    every district; a user's page open triggers it for the user's district scope only. Idempotent."""
    if actor.id != SYSTEM_ID:
        require(actor, Role.officer, Role.manager, Role.admin)
    rows = session.exec(
        select(Complaint)
        .where(
            district_filter(actor, Complaint.district_id),
            Complaint.due_kind == DueKind.auto_close.value,
            col(Complaint.due_on) < clock.today(),
        )
        .order_by(Complaint.due_on, Complaint.id)
        .limit(limit)
    ).all()
    closed = []
    for c in rows:
        try:
            _auto_close(session, c)
            closed.append(c.tracking_id)
        except ValidationFailed:
            continue  # changed meanwhile by someone else; the next run sees it again
    return closed


# --- reply templates --------------------------------------------------------------------------------


def templates_for(session: Session, actor: Actor, category: str | None, state: str) -> list[TemplatePublic]:
    """Active templates for a reply leading to `state`: the category's own first, then general ones."""
    require(actor, Role.officer, Role.admin)
    rows = session.exec(
        select(ResponseTemplate).where(
            ResponseTemplate.active == True,  # noqa: E712
            ResponseTemplate.state == state,
            or_(ResponseTemplate.category == category, col(ResponseTemplate.category).is_(None)),
        )
    ).all()
    rows = sorted(rows, key=lambda r: (r.category is None, r.title))
    return [TemplatePublic.model_validate(r) for r in rows]


def fill_template(body: str, values: dict[str, str]) -> str:
    """The template with {placeholders} filled; unknown ones stay as written."""

    class Keep(dict):
        def __missing__(self, key):
            return "{" + key + "}"

    try:
        return body.format_map(Keep(values))
    except (ValueError, IndexError):
        return body


def list_templates(session: Session, actor: Actor) -> list[TemplatePublic]:
    require(actor, Role.admin)
    rows = session.exec(select(ResponseTemplate).order_by(ResponseTemplate.state, ResponseTemplate.category)).all()
    return [TemplatePublic.model_validate(r) for r in rows]


def save_template(session: Session, actor: Actor, data: dict, template_id: int | None = None) -> TemplatePublic:
    """Add a template, or change one (admins)."""
    require(actor, Role.admin)
    new = validate(TemplateCreate, data)
    if template_id is None:
        row = ResponseTemplate(**new.model_dump(mode="json"), updated_by=_user_id(actor))
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", "response_template", row.id, after=new)
    else:
        row = session.get(ResponseTemplate, template_id)
        if row is None:
            raise NotFound()
        before = TemplatePublic.model_validate(row).model_dump(mode="json")
        row.sqlmodel_update({**new.model_dump(mode="json"), "updated_by": _user_id(actor), "updated_at": utcnow()})
        session.add(row)
        session.flush()
        b, a = audit.diff(before, TemplatePublic.model_validate(row).model_dump(mode="json"))
        audit.record(session, actor, "update", "response_template", row.id, b, a)
    return TemplatePublic.model_validate(row)


def delete_template(session: Session, actor: Actor, template_id: int) -> None:
    require(actor, Role.admin)
    row = session.get(ResponseTemplate, template_id)
    if row is None:
        raise NotFound()
    audit.record(session, actor, "delete", "response_template", row.id, before=TemplatePublic.model_validate(row))
    session.delete(row)


# --- unit suggestion --------------------------------------------------------------------------------


def suggest_unit(session: Session, actor: Actor, category: str, district_id: int | None) -> int | None:
    """The unit that usually handles `category` in the district (first matching unit kind)."""
    require(actor, Role.officer)
    district_id = actor.district_id if not actor.all_districts else district_id
    if district_id is None or category not in CATEGORIES:
        return None
    units = session.exec(
        select(Unit.id, Unit.kind).where(Unit.district_id == district_id, Unit.active == True).order_by(Unit.id)  # noqa: E712
    ).all()
    for kind in CATEGORIES[category]:
        for unit_id, unit_kind in units:
            if unit_kind == kind:
                return unit_id
    return None


# --- home page ----------------------------------------------------------------------------------


QUEUE_PAGE = "pages/complaint_queue.py"


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
