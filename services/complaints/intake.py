"""Taking a complaint in: the tracking ID, validation, the unit a category suggests, and similar open
complaints offered as duplicates while the officer types."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from rapidfuzz import fuzz, process, utils
from sqlalchemy import or_, update
from sqlmodel import Session, col, func, select

from models.complaints import CATEGORIES, OPEN_STATES, Complaint, ComplaintCounter, ComplaintCreate, State, tracking_id
from models.core.base import Role
from models.core.org import District, Unit
from services.complaints import files as complaint_files
from services.complaints import status as complaint_status
from services.complaints.access import READERS, _readable_rows, handles, received_by, rules
from services.complaints.rules import (
    start,
)
from services.complaints.steps import _event, _insert_ignore, _merge, _merge_target, _unit_in_district, _user_id
from services.core import audit, clock, settings, workdays
from services.core.access import Actor, in_scope, require
from services.core.errors import FieldError, NotFound, ValidationFailed, validate

RECEIVED_MAX_AGE_DAYS = 365  # a report older than a year is a new report, not a late entry
SIMILAR_CANDIDATES = 2_000  # most recent open complaints scored for similarity
SIMILAR_SHOWN = 5


# --- intake ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Created:
    tracking_id: str
    pin: str  # shown once, for the receipt; only its hash is stored
    merged_into: str | None = None


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


# --- from a community forum (added for the forums module, services/forums/links.py) ----------------


def create_from_forum(session: Session, actor: Actor, data: dict, origin_note: str) -> Created:
    """An item heard at a community forum becomes a complaint in one step: channel "forum", the forum
    as `external_ref`, and a first note on its timeline saying where it came from. The forum's
    organizers may do this (they take no other part in the workflow), as may officers. Everything
    else is the ordinary intake: validation, tracking ID, deadlines, audit."""
    require(actor, Role.organizer, Role.officer)
    data = {**data, "channel": "forum"}
    # create_complaint admits officers; an organizer takes in only this one complaint, as intake staff.
    intake_actor = actor if actor.has(Role.officer) else replace(actor, roles=actor.roles | {Role.officer})
    created = create_complaint(session, intake_actor, data)
    note_on_timeline(session, actor, created.tracking_id, origin_note)
    return created


def note_on_timeline(session: Session, actor: Actor, tid: str, note: str) -> None:
    """An internal note on a complaint's timeline, written by another module (the forum it came from
    or was linked to). The caller has checked the actor's right to make that link; this checks the
    role and the district again, so a direct call reaches no complaint outside them. An officer who
    is not also an organizer writes only on a complaint they handle or are taking in from a forum
    (still received): a liaison of another unit reaches nothing."""
    require(actor, Role.organizer, Role.officer)
    complaint = session.exec(select(Complaint).where(Complaint.tracking_id == tid)).first()
    if complaint is None or not in_scope(actor, complaint.district_id):
        raise NotFound()
    if not actor.has(Role.organizer):
        taking_in = received_by(actor, complaint) and complaint.state == State.received
        if not (handles(actor, complaint) or taking_in):
            raise NotFound()
    _event(session, actor, complaint, "comment", None, None, clock.today(), note=note[:4000])
