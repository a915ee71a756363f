"""Enrolment: one staff member, a whole unit, or a pasted list of NIPs; capacity and the waitlist;
withdrawal and promotion of the first in line; warnings about overlapping sessions.

A list is handled in one transaction: every NIP is checked (18 digits, a real date of birth, ...),
the ones that are not real or not known in the cohort's district are reported, and the rest are
enrolled together, or none of them when anything else refuses the call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic_core import PydanticCustomError
from sqlmodel import Session, col, func, select

from models.core.org import Staff, Unit
from models.core.validators import parse_nip
from models.training import Cohort, CohortSession, CohortStatus, Enrolment, EnrolmentStatus
from services.core import audit
from services.core.access import Actor
from services.core.errors import NotFound, ValidationFailed
from services.training.access import bump, check_version, cohort_for

# Seats are held by these; a waitlisted, withdrawn person holds none.
SEATED = (EnrolmentStatus.enrolled.value, EnrolmentStatus.completed.value, EnrolmentStatus.failed.value)
MAX_LIST = 1000  # NIPs in one pasted list


@dataclass(frozen=True)
class Overlap:
    staff_id: int
    staff_name: str
    other_cohort: str
    day: str  # ISO date of the clashing session


@dataclass
class EnrolResult:
    enrolled: list[str] = field(default_factory=list)  # names
    waitlisted: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)  # on this cohort already (not withdrawn)
    invalid: list[str] = field(default_factory=list)  # NIPs that cannot be real
    unknown: list[str] = field(default_factory=list)  # real-looking NIPs of nobody in the district


@dataclass(frozen=True)
class EnrolmentRow:
    id: int
    staff_id: int
    nip: str
    name: str
    unit_code: str
    status: str
    waitlist_position: int | None
    pre_test: float | None
    post_test: float | None

    @property
    def gain(self) -> float | None:
        if self.pre_test is None or self.post_test is None:
            return None
        return round(self.post_test - self.pre_test, 1)


def list_enrolments(session: Session, actor: Actor, cohort_id: int) -> list[EnrolmentRow]:
    """Participants first (by name), then the waitlist in order, then those who withdrew."""
    cohort_for(session, actor, cohort_id)
    rows = session.exec(
        select(Enrolment, Staff.nip, Staff.name, Unit.code)
        .join(Staff, Staff.id == Enrolment.staff_id)
        .join(Unit, Unit.id == Staff.unit_id)
        .where(Enrolment.cohort_id == cohort_id)
    ).all()
    rank = {"enrolled": 0, "completed": 0, "failed": 0, "waitlisted": 1, "withdrawn": 2}
    rows = sorted(rows, key=lambda r: (rank[r[0].status], r[0].waitlist_position or 0, r[2]))
    return [
        EnrolmentRow(e.id, e.staff_id, nip, name, code, e.status, e.waitlist_position, e.pre_test, e.post_test)
        for e, nip, name, code in rows
    ]


def seated(session: Session, cohort_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(Enrolment)
        .where(Enrolment.cohort_id == cohort_id, col(Enrolment.status).in_(SEATED))
    ).one()


def _last_in_line(session: Session, cohort_id: int) -> int:
    return (
        session.exec(
            select(func.max(Enrolment.waitlist_position)).where(
                Enrolment.cohort_id == cohort_id, Enrolment.status == EnrolmentStatus.waitlisted.value
            )
        ).one()
        or 0
    )


def overlaps(session: Session, actor: Actor, cohort_id: int, staff_ids: list[int]) -> list[Overlap]:
    """Sessions of other live cohorts, booked by these staff, that overlap this cohort's sessions in
    time (same day, time ranges crossing). Cohorts without sessions yet overlap nothing. Staff of
    the cohort's district only: a list naming anyone else is refused whole (NotFound), so nobody
    learns another district's staff or cohorts through it."""
    cohort = cohort_for(session, actor, cohort_id)
    if not staff_ids:
        return []
    ids = list(dict.fromkeys(staff_ids))
    if len(_staff_of_district(session, cohort.district_id, ids)) != len(ids):
        raise NotFound()
    mine = session.exec(select(CohortSession).where(CohortSession.cohort_id == cohort_id)).all()
    if not mine:
        return []
    theirs = session.exec(
        select(Enrolment.staff_id, Staff.name, Cohort.name, CohortSession)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .join(CohortSession, CohortSession.cohort_id == Cohort.id)
        .join(Staff, Staff.id == Enrolment.staff_id)
        .where(
            col(Enrolment.staff_id).in_(staff_ids),
            Enrolment.cohort_id != cohort_id,
            col(Enrolment.status).in_([EnrolmentStatus.enrolled.value, EnrolmentStatus.waitlisted.value]),
            col(Cohort.status).in_([CohortStatus.draft.value, CohortStatus.open.value, CohortStatus.running.value]),
            col(CohortSession.day).in_({s.day for s in mine}),
        )
    ).all()
    found: dict[tuple[int, str], Overlap] = {}
    for staff_id, name, other, s in theirs:
        for m in mine:
            if m.day == s.day and m.starts_at < s.ends_at and s.starts_at < m.ends_at:
                found.setdefault((staff_id, other), Overlap(staff_id, name, other, s.day.isoformat()))
    return sorted(found.values(), key=lambda o: (o.staff_name, o.other_cohort))


def _open_for_enrolment(session: Session, actor: Actor, cohort_id: int, version: int | None) -> Cohort:
    cohort = cohort_for(session, actor, cohort_id, write=True)
    check_version(cohort, version)
    if cohort.status not in (CohortStatus.draft, CohortStatus.open, CohortStatus.running):
        raise ValidationFailed.one(None, "training_cohort_closed")
    return cohort


def _staff_of_district(session: Session, district_id: int, staff_ids: list[int]) -> dict[int, Staff]:
    rows = session.exec(
        select(Staff)
        .join(Unit, Unit.id == Staff.unit_id)
        .where(col(Staff.id).in_(staff_ids), Unit.district_id == district_id, Staff.active == True)  # noqa: E712
    ).all()
    return {s.id: s for s in rows}


def enrol(
    session: Session,
    actor: Actor,
    cohort_id: int,
    version: int | None,
    staff_ids: list[int],
    *,
    accept_overlaps: bool = False,
    result: EnrolResult | None = None,
) -> EnrolResult:
    """Enrol these staff of the cohort's district: seats first, the rest on the waitlist in the order
    given. Staff booked into a cohort whose sessions overlap are refused unless `accept_overlaps`
    (the page shows the warning first, and the trainer confirms)."""
    cohort = _open_for_enrolment(session, actor, cohort_id, version)
    result = result or EnrolResult()
    ids = list(dict.fromkeys(staff_ids))
    people = _staff_of_district(session, cohort.district_id, ids)
    if len(people) != len(ids):
        raise NotFound()  # someone outside the district or inactive: never enrolled by a crafted call
    clashes = overlaps(session, actor, cohort_id, ids)
    if clashes and not accept_overlaps:
        names = ", ".join(sorted({o.staff_name for o in clashes}))
        raise ValidationFailed.one(None, "training_overlap", names=names)
    existing = {
        e.staff_id: e
        for e in session.exec(
            select(Enrolment).where(Enrolment.cohort_id == cohort.id, col(Enrolment.staff_id).in_(ids))
        )
    }
    free = cohort.capacity - seated(session, cohort.id)
    line = _last_in_line(session, cohort.id)
    for staff_id in ids:
        person = people[staff_id]
        row = existing.get(staff_id)
        if row is not None and row.status != EnrolmentStatus.withdrawn:
            result.already.append(person.name)
            continue
        row = row or Enrolment(cohort_id=cohort.id, staff_id=staff_id)
        if free > 0:
            row.status, row.waitlist_position = EnrolmentStatus.enrolled.value, None
            free -= 1
            result.enrolled.append(person.name)
        else:
            line += 1
            row.status, row.waitlist_position = EnrolmentStatus.waitlisted.value, line
            result.waitlisted.append(person.name)
        session.add(row)
    bump(session, cohort)
    session.flush()
    after = {"enrolled": len(result.enrolled), "waitlisted": len(result.waitlisted), "overlaps": len(clashes)}
    audit.record(session, actor, "enrol", "training_cohort", cohort.id, after=after, district_id=cohort.district_id)
    return result


def enrol_unit(
    session: Session, actor: Actor, cohort_id: int, version: int | None, unit_id: int, *, accept_overlaps: bool = False
) -> EnrolResult:
    """Enrol every active staff member of one unit of the cohort's district, by name."""
    cohort = cohort_for(session, actor, cohort_id, write=True)
    unit = session.get(Unit, unit_id)
    if unit is None or unit.district_id != cohort.district_id:
        raise ValidationFailed.one("unit_id", "choice_invalid")
    ids = session.exec(
        select(Staff.id).where(Staff.unit_id == unit_id, Staff.active == True).order_by(Staff.name)  # noqa: E712
    ).all()
    if not ids:
        raise ValidationFailed.one("unit_id", "training_unit_empty")
    return enrol(session, actor, cohort_id, version, list(ids), accept_overlaps=accept_overlaps)


def split_nips(text: str) -> list[str]:
    """The NIPs of a pasted list: one per line, or separated by commas or semicolons, or by spaces.
    A NIP written in groups ("19850315 201001 2 003") is one NIP when its spaces are all that
    separate its 18 digits."""
    nips: list[str] = []
    for chunk in re.split(r"[\n,;]+", text or ""):
        joined = "".join(chunk.split())
        if joined.isdigit() and len(joined) == 18:
            nips.append(joined)
        else:
            nips += chunk.split()
    return list(dict.fromkeys(nips))


def nips_from_file(name: str, content: bytes) -> str:
    """The text of an uploaded NIP list: a .txt or .csv as it is, every cell of an .xlsx's first
    sheet one per line. A NIP typed into a spreadsheet as a number has already lost its last digits
    (spreadsheets keep 15 significant digits); it comes through as it is and is reported as unknown
    or invalid, never matched to someone else by chance of rounding."""
    if not name.lower().endswith(".xlsx"):
        return content.decode("utf-8-sig", errors="replace")
    import io

    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception:  # not a workbook at all: nothing to read, and the caller says "required"
        return ""
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    return "\n".join(str(int(c)) if isinstance(c, (int, float)) else str(c) for c in cells)


def enrol_nips(
    session: Session, actor: Actor, cohort_id: int, version: int | None, text: str, *, accept_overlaps: bool = False
) -> EnrolResult:
    """Enrol the staff a pasted (or uploaded) list of NIPs names. NIPs that cannot be real and NIPs
    of nobody active in the cohort's district are reported; the rest are enrolled in one transaction.
    A list without a single known NIP is refused with the reasons."""
    cohort = cohort_for(session, actor, cohort_id, write=True)
    nips = split_nips(text)
    if not nips:
        raise ValidationFailed.one("nips", "required")
    if len(nips) > MAX_LIST:
        raise ValidationFailed.one("nips", "too_many")
    result = EnrolResult()
    real = []
    for nip in nips:
        try:
            parse_nip(nip)
            real.append(nip)
        except PydanticCustomError:
            result.invalid.append(nip)
    known = (
        dict(
            session.exec(
                select(Staff.nip, Staff.id)
                .join(Unit, Unit.id == Staff.unit_id)
                .where(col(Staff.nip).in_(real), Unit.district_id == cohort.district_id, Staff.active == True)  # noqa: E712
            ).all()
        )
        if real
        else {}
    )
    result.unknown = [n for n in real if n not in known]
    if not known:
        raise ValidationFailed.one("nips", "training_no_known_nip", n=len(nips))
    return enrol(
        session,
        actor,
        cohort_id,
        version,
        [known[n] for n in real if n in known],
        accept_overlaps=accept_overlaps,
        result=result,
    )


def _renumber(session: Session, cohort_id: int) -> None:
    waiting = session.exec(
        select(Enrolment)
        .where(Enrolment.cohort_id == cohort_id, Enrolment.status == EnrolmentStatus.waitlisted.value)
        .order_by(Enrolment.waitlist_position, Enrolment.id)
    ).all()
    for i, row in enumerate(waiting, start=1):
        row.waitlist_position = i
        session.add(row)


def promote_waitlist(session: Session, actor: Actor, cohort: Cohort) -> list[int]:
    """Give free seats to the first in line, in order; returns the promoted enrolment ids."""
    free = cohort.capacity - seated(session, cohort.id)
    promoted = []
    if free > 0:
        first = session.exec(
            select(Enrolment)
            .where(Enrolment.cohort_id == cohort.id, Enrolment.status == EnrolmentStatus.waitlisted.value)
            .order_by(Enrolment.waitlist_position, Enrolment.id)
            .limit(free)
        ).all()
        for row in first:
            row.status, row.waitlist_position = EnrolmentStatus.enrolled.value, None
            session.add(row)
            promoted.append(row.id)
            audit.record(session, actor, "promote", "training_enrolment", row.id, district_id=cohort.district_id)
        session.flush()
    _renumber(session, cohort.id)
    session.flush()
    return promoted


def withdraw(session: Session, actor: Actor, enrolment_id: int, version: int | None) -> list[int]:
    """Withdraw a participant or someone on the waitlist; a freed seat goes to the first in line.
    Returns the enrolment ids promoted."""
    row = session.get(Enrolment, enrolment_id)
    if row is None:
        raise NotFound()
    cohort = _open_for_enrolment(session, actor, row.cohort_id, version)
    if row.status not in (EnrolmentStatus.enrolled, EnrolmentStatus.waitlisted):
        raise ValidationFailed.one(None, "training_not_withdrawable")
    row.status, row.waitlist_position = EnrolmentStatus.withdrawn.value, None
    session.add(row)
    bump(session, cohort)
    session.flush()
    audit.record(session, actor, "withdraw", "training_enrolment", row.id, district_id=cohort.district_id)
    return promote_waitlist(session, actor, cohort)
