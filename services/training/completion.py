"""Completing a cohort: its rule is applied to every participant once; each who passes gets a
certificate with a unique verification number, kept in their training history."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from models.core.org import Staff
from models.training import (
    Certificate,
    CohortSession,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    Programme,
    TrainingOrganiser,
)
from services.core import audit, clock
from services.core.access import Actor
from services.core.errors import ValidationFailed
from services.training.access import bump, check_version, cohort_for
from services.training.attendance import progress
from services.training.certificates import new_number


@dataclass
class Completion:
    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)


def complete(session: Session, actor: Actor, cohort_id: int, version: int | None) -> Completion:
    """Apply the cohort's rule, issue certificates, and close the cohort. Refused for a cohort
    already completed or cancelled, without participants, or with a session whose attendance was
    not taken; nothing is half-saved."""
    cohort = cohort_for(session, actor, cohort_id, write=True)
    check_version(cohort, version)
    if cohort.status == CohortStatus.completed:
        raise ValidationFailed.one(None, "training_already_completed")
    if cohort.status == CohortStatus.cancelled:
        raise ValidationFailed.one(None, "training_cohort_closed")
    sessions = session.exec(select(CohortSession).where(CohortSession.cohort_id == cohort_id)).all()
    if not sessions:
        raise ValidationFailed.one(None, "training_no_sessions")
    missing = [s for s in sessions if not s.attendance_taken]
    if missing:
        raise ValidationFailed.one(None, "training_attendance_missing", n=len(missing))
    people = progress(session, actor, cohort_id)
    if not people:
        raise ValidationFailed.one(None, "training_no_participants")
    programme = session.get(Programme, cohort.programme_id)
    organiser = session.get(TrainingOrganiser, programme.organiser_id)
    today = clock.today()
    result = Completion()
    for p in people:
        enrolment = session.get(Enrolment, p.enrolment_id)
        if p.passes:
            enrolment.status = EnrolmentStatus.completed.value
            staff = session.get(Staff, p.staff_id)
            number = new_number(session, cohort.end_on.year)
            session.add(
                Certificate(
                    number=number,
                    enrolment_id=enrolment.id,
                    staff_id=staff.id,
                    staff_name=staff.name,
                    programme_title=programme.title,
                    organiser=organiser.name,
                    start_on=cohort.start_on,
                    end_on=cohort.end_on,
                    jp=programme.jp,
                    issued_on=today,
                )
            )
            session.flush()  # the number is unique: a clash fails here, inside the transaction
            result.passed.append(p.name)
            result.numbers.append(number)
        else:
            enrolment.status = EnrolmentStatus.failed.value
            result.failed.append(p.name)
        session.add(enrolment)
    # Whoever still waits has no seat in a finished cohort.
    for row in session.exec(
        select(Enrolment).where(Enrolment.cohort_id == cohort_id, Enrolment.status == EnrolmentStatus.waitlisted.value)
    ):
        row.status, row.waitlist_position = EnrolmentStatus.withdrawn.value, None
        session.add(row)
    bump(session, cohort)
    cohort.status, cohort.completed_on = CohortStatus.completed.value, today
    session.add(cohort)
    session.flush()
    after = {"passed": len(result.passed), "failed": len(result.failed)}
    audit.record(session, actor, "complete", "training_cohort", cohort.id, after=after, district_id=cohort.district_id)
    return result
