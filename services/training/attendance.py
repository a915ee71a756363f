"""Attendance per session for the whole cohort, pre- and post-test scores and their gain, and who
is at risk of not completing before the cohort ends.

The completion rule is set on the cohort: the share of sessions attended (present or late; an
excused session leaves the count) at least `min_attendance_pct`, and the post-test at least
`min_post_test` when the cohort has one. Both bounds are inclusive: 80 % passes a rule of 80 %.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from sqlmodel import Session, col, select

from models.training import ATTENDED, Attendance, Cohort, CohortSession, Enrolment, Presence, Scores
from services.core import audit
from services.core.access import Actor
from services.core.errors import FieldError, NotFound, ValidationFailed, from_pydantic
from services.training.access import bump, check_version, cohort_for
from services.training.enrolment import SEATED, list_enrolments


@dataclass(frozen=True)
class Progress:
    enrolment_id: int
    staff_id: int
    name: str
    nip: str
    unit_code: str
    status: str
    attended: int
    excused: int
    counted: int  # sessions taken, less the excused ones
    attendance_pct: float | None  # None before any session is counted
    pre_test: float | None
    post_test: float | None
    gain: float | None
    passes: bool
    at_risk: bool
    can_still_pass_attendance: bool  # attending every session still ahead would meet the rule
    reasons: tuple[str, ...]  # catalogue keys of what is missing


def meets_rule(
    attended: int, counted: int, post_test: float | None, min_pct: int, min_post: int | None
) -> tuple[bool, tuple[str, ...]]:
    """Whether a participant meets a completion rule, and if not, why (catalogue keys)."""
    reasons = []
    if counted == 0 or attended * 100 < min_pct * counted:  # integer comparison: exact at the bound
        reasons.append("training.reason.attendance")
    if min_post is not None and (post_test is None or post_test < min_post):
        reasons.append("training.reason.post_test" if post_test is not None else "training.reason.no_post_test")
    return not reasons, tuple(reasons)


def _marks(session: Session, cohort_id: int) -> dict[tuple[int, int], str]:
    rows = session.exec(
        select(Attendance)
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .where(CohortSession.cohort_id == cohort_id)
    ).all()
    return {(a.enrolment_id, a.session_id): a.status for a in rows}


def progress(session: Session, actor: Actor, cohort_id: int) -> list[Progress]:
    """Every participant's attendance, scores, gain and standing against the cohort's rule so far.
    At risk: below the attendance share or the post-test bound on what has been recorded."""
    cohort = cohort_for(session, actor, cohort_id)
    sessions = session.exec(select(CohortSession).where(CohortSession.cohort_id == cohort_id)).all()
    taken = [s.id for s in sessions if s.attendance_taken]
    ahead = len(sessions) - len(taken)
    marks = _marks(session, cohort_id)
    out = []
    for e in list_enrolments(session, actor, cohort_id):
        if e.status not in SEATED:
            continue
        statuses = [marks.get((e.id, sid), Presence.absent.value) for sid in taken]
        attended = sum(1 for s in statuses if s in ATTENDED)
        excused = sum(1 for s in statuses if s == Presence.excused)
        counted = len(statuses) - excused
        passes, reasons = meets_rule(attended, counted, e.post_test, cohort.min_attendance_pct, cohort.min_post_test)
        pct = round(attended * 100 / counted, 1) if counted else None
        at_risk = (pct is not None and pct < cohort.min_attendance_pct) or (
            cohort.min_post_test is not None and e.post_test is not None and e.post_test < cohort.min_post_test
        )
        reachable = (attended + ahead) * 100 >= cohort.min_attendance_pct * (counted + ahead) and counted + ahead > 0
        out.append(
            Progress(e.id, e.staff_id, e.name, e.nip, e.unit_code, e.status, attended, excused, counted, pct,
                     e.pre_test, e.post_test, e.gain, passes, at_risk or not reachable, reachable, reasons)
        )  # fmt: skip
    return out


def session_marks(session: Session, actor: Actor, cohort_id: int, session_id: int) -> dict[int, str]:
    """{enrolment id: presence} for one session; participants not yet marked read as present, the
    usual case, so the grid starts filled."""
    cohort_for(session, actor, cohort_id)
    s = session.get(CohortSession, session_id)
    if s is None or s.cohort_id != cohort_id:
        raise NotFound()
    marks = _marks(session, cohort_id)
    return {
        e.id: marks.get((e.id, session_id), Presence.present.value)
        for e in list_enrolments(session, actor, cohort_id)
        if e.status in SEATED
    }


def _seated_ids(session: Session, cohort_id: int) -> set[int]:
    return set(
        session.exec(
            select(Enrolment.id).where(Enrolment.cohort_id == cohort_id, col(Enrolment.status).in_(SEATED))
        ).all()
    )


def record_attendance(
    session: Session, actor: Actor, cohort_id: int, version: int | None, session_id: int, marks: dict[int, str]
) -> int:
    """Save one session's grid: a presence for every participant (one left out reads as absent).
    Returns the number of participants marked present or late."""
    cohort = cohort_for(session, actor, cohort_id, write=True)
    check_version(cohort, version)
    _not_closed(cohort)
    s = session.get(CohortSession, session_id)
    if s is None or s.cohort_id != cohort_id:
        raise NotFound()
    seated = _seated_ids(session, cohort_id)
    if set(marks) - seated:
        raise ValidationFailed.one(None, "training_not_participant")
    valid = {p.value for p in Presence}
    bad = [k for k, v in marks.items() if v not in valid]
    if bad:
        raise ValidationFailed.one("status", "choice_invalid")
    existing = {a.enrolment_id: a for a in session.exec(select(Attendance).where(Attendance.session_id == session_id))}
    for enrolment_id in seated:
        status = marks.get(enrolment_id, Presence.absent.value)
        row = existing.get(enrolment_id) or Attendance(session_id=session_id, enrolment_id=enrolment_id, status=status)
        row.status = status
        session.add(row)
    s.attendance_taken = True
    session.add(s)
    bump(session, cohort)
    session.flush()
    came = sum(1 for e in seated if marks.get(e, "absent") in ATTENDED)
    after = {"session": session_id, "attended": came, "of": len(seated)}
    audit.record(
        session, actor, "attendance", "training_cohort", cohort.id, after=after, district_id=cohort.district_id
    )
    return came


def record_scores(session: Session, actor: Actor, cohort_id: int, version: int | None, scores: dict[int, dict]) -> int:
    """Save pre- and post-test scores (0-100, empty allowed) of participants; every row is checked
    before anything is saved. Returns the number of participants changed."""
    cohort = cohort_for(session, actor, cohort_id, write=True)
    check_version(cohort, version)
    _not_closed(cohort)
    seated = _seated_ids(session, cohort_id)
    if set(scores) - seated:
        raise ValidationFailed.one(None, "training_not_participant")
    checked, errors = {}, []
    names = {e.id: e.name for e in list_enrolments(session, actor, cohort_id)}
    for enrolment_id, values in scores.items():
        try:
            checked[enrolment_id] = Scores.model_validate(values)
        except ValidationError as exc:
            for err in from_pydantic(exc).errors:
                errors.append(FieldError(err.field, "training_score_row", {"name": names[enrolment_id], **err.params}))
    if errors:
        raise ValidationFailed(errors)
    changed = 0
    for enrolment_id, new in checked.items():
        row = session.get(Enrolment, enrolment_id)
        if (row.pre_test, row.post_test) != (new.pre_test, new.post_test):
            row.pre_test, row.post_test = new.pre_test, new.post_test
            session.add(row)
            changed += 1
    if changed:
        bump(session, cohort)
        session.flush()
        audit.record(
            session,
            actor,
            "scores",
            "training_cohort",
            cohort.id,
            after={"changed": changed},
            district_id=cohort.district_id,
        )
    return changed


def _not_closed(cohort: Cohort) -> None:
    if cohort.status in ("completed", "cancelled"):
        raise ValidationFailed.one(None, "training_cohort_closed")
