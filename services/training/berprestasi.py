"""ASN Berprestasi: units nominate staff each year; the committee sees candidates ranked by
evidence from the app itself, with every piece shown, never one bare score, and records the award
with its reason (and, optionally, the PermenPAN-RB 6/2022 rating from results x behaviour).

Evidence per person and year:
- JP completed (the ledger: certificates and learning recorded by hand);
- complaints they closed, and of those the ones closed within every deadline, and citizens' mean
  rating of those (1-5). A complaint counts for the staff member whose user account handled it:
  accounts carry no NIP, so the account is matched by full name within the staff member's district;
- forum follow-up actions completed (status done, counted in the year of `done_on`). An action has
  no assignee, only an owner unit; the one who answers for it is that unit's liaison (an active
  officer account tied to the unit: it updates the action's progress and marks it done). So an
  action counts for the staff member behind a liaison account of its owner unit, matched by full
  name within the district exactly as for complaints. A unit with two liaison accounts credits both;
  an action marked done by an organizer still counts for the unit's liaison.

The order is lexicographic on the evidence, stated on the screen: complaints closed on time, then
JP completed, then the mean rating, then forum actions completed. Nobody is ranked by a hidden
weighting.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import case
from sqlmodel import Session, func, select

from models.complaints import Complaint
from models.core.accounts import User, UserRole
from models.core.base import Role
from models.core.org import Staff, Unit
from models.forums import ActionStatus, FeedbackItem, FollowUpAction, Forum
from models.training import RATING_MATRIX, Award, AwardCreate, Nomination, NominationCreate
from services.core import audit
from services.core.access import Actor, district_filter, require
from services.core.errors import AccessDenied, ValidationFailed, validate
from services.training import ledger
from services.training.access import READERS, RUNNERS, staff_in_scope, unit_head

ORDER = ["on_time", "jp", "rating", "forum_actions"]  # the ranking, in this order (see the module docstring)
COLUMNS = [
    "staff_id", "name", "nip", "unit_code", "nominated", "reason", "jp", "closed", "on_time", "rating", "forum_actions",
    "awarded",
]  # fmt: skip


def _complaints(session: Session, actor: Actor, year: int, district_id: int | None) -> dict[int, tuple]:
    """{staff id: (closed, on time, mean rating)} for complaints closed in `year`, in SQL."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    query = (
        select(
            Staff.id,
            func.count(Complaint.id),
            func.sum(case((Complaint.on_time == True, 1), else_=0)),  # noqa: E712
            func.avg(Complaint.rating),
        )
        .join(Unit, Unit.id == Staff.unit_id)
        .join(User, (func.lower(User.full_name) == func.lower(Staff.name)) & (User.district_id == Unit.district_id))
        .join(Complaint, Complaint.assignee_id == User.id)
        .where(
            district_filter(actor, Unit.district_id),
            Complaint.closed_on >= start,
            Complaint.closed_on <= end,
            Staff.active == True,  # noqa: E712
        )
        .group_by(Staff.id)
    )
    if district_id is not None:
        query = query.where(Unit.district_id == district_id)
    return {sid: (n, int(ok or 0), None if r is None else round(float(r), 2)) for sid, n, ok, r in session.exec(query)}


def _forum_actions(session: Session, actor: Actor, year: int, district_id: int | None) -> dict[int, int]:
    """{staff id: forum actions done in `year`} through the owner unit's liaison account, in SQL."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    query = (
        select(Staff.id, func.count(func.distinct(FollowUpAction.id)))
        .join(Unit, Unit.id == Staff.unit_id)
        .join(User, (func.lower(User.full_name) == func.lower(Staff.name)) & (User.district_id == Unit.district_id))
        .join(UserRole, (UserRole.user_id == User.id) & (UserRole.role == Role.officer.value))
        .join(FollowUpAction, FollowUpAction.owner_unit_id == User.unit_id)
        .join(FeedbackItem, FeedbackItem.id == FollowUpAction.item_id)
        .join(Forum, Forum.id == FeedbackItem.forum_id)
        .where(
            district_filter(actor, Unit.district_id),
            Forum.district_id == Unit.district_id,
            FollowUpAction.status == ActionStatus.done.value,
            FollowUpAction.done_on >= start,
            FollowUpAction.done_on <= end,
            User.active == True,  # noqa: E712
            Staff.active == True,  # noqa: E712
        )
        .group_by(Staff.id)
    )
    if district_id is not None:
        query = query.where(Unit.district_id == district_id)
    return dict(session.exec(query).all())


def candidates(
    session: Session, actor: Actor, year: int, *, district_id: int | None = None, nominated_only: bool = False
) -> pd.DataFrame:
    """Staff in scope with their evidence for `year`, best first by ORDER. A unit head sees their unit."""
    if not (actor.has(*READERS) or unit_head(actor)):
        raise AccessDenied()
    jp = ledger.ledger(session, actor, year, district_id=district_id)  # a unit head: their unit only
    complaints = _complaints(session, actor, year, district_id)
    actions = _forum_actions(session, actor, year, district_id)
    nominations = dict(
        session.exec(select(Nomination.staff_id, Nomination.reason).where(Nomination.year == year)).all()
    )
    awarded = set(session.exec(select(Award.staff_id).where(Award.year == year)).all())
    rows = []
    for r in jp.itertuples():
        closed, on_time, rating = complaints.get(r.staff_id, (0, 0, None))
        if nominated_only and r.staff_id not in nominations:
            continue
        rows.append([r.staff_id, r.name, r.nip, r.unit_code, r.staff_id in nominations, nominations.get(r.staff_id),
                     float(r.completed_jp), closed, on_time, rating, actions.get(r.staff_id, 0),
                     r.staff_id in awarded])  # fmt: skip
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["_rating"] = frame["rating"].fillna(0)
    frame = frame.sort_values(
        ["on_time", "jp", "_rating", "forum_actions", "name"], ascending=[False, False, False, False, True]
    )
    return frame.drop(columns="_rating").reset_index(drop=True)


def nominate(session: Session, actor: Actor, data: dict) -> int:
    """A unit head nominates staff of their unit (trainers and admins any staff in scope), once a year."""
    if not (actor.has(*RUNNERS) or unit_head(actor)):
        raise AccessDenied()
    new = validate(NominationCreate, data)
    staff, unit = staff_in_scope(session, actor, new.staff_id)
    if not actor.has(*RUNNERS) and unit.id != actor.unit_id:
        raise AccessDenied()
    if session.exec(select(Nomination.id).where(Nomination.year == new.year, Nomination.staff_id == staff.id)).first():
        raise ValidationFailed.one("staff_id", "training_nomination_taken")
    row = Nomination(
        year=new.year, staff_id=staff.id, unit_id=unit.id, reason=new.reason, nominated_by=actor.id or None
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "nominate", "training_nomination", row.id, after=new, district_id=unit.district_id)
    return row.id


def rating(results: str | None, behaviour: str | None) -> str | None:
    """The PermenPAN-RB 6/2022 rating for results x behaviour; None when neither is given."""
    if results is None and behaviour is None:
        return None
    if results is None or behaviour is None:
        raise ValidationFailed.one("results", "training_rating_pair")
    return RATING_MATRIX[(results, behaviour)]


def record_award(session: Session, actor: Actor, data: dict) -> int:
    """The committee (trainer or admin of the district) records the year's award with its reason."""
    require(actor, *RUNNERS)
    new = validate(AwardCreate, data)
    staff, unit = staff_in_scope(session, actor, new.staff_id)
    if session.exec(select(Award.id).where(Award.year == new.year, Award.staff_id == staff.id)).first():
        raise ValidationFailed.one("staff_id", "training_award_taken")
    grade = rating(new.results and new.results.value, new.behaviour and new.behaviour.value)
    row = Award(year=new.year, district_id=unit.district_id, staff_id=staff.id, reason=new.reason, rating=grade,
                decided_by=actor.id or None)  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, "award", "training_award", row.id, after=new, district_id=unit.district_id)
    return row.id


def awards(session: Session, actor: Actor, year: int | None = None) -> pd.DataFrame:
    """Awards recorded in scope, newest year first: year, name, unit, reason, rating."""
    if not (actor.has(*READERS) or unit_head(actor)):
        raise AccessDenied()
    query = (
        select(Award.year, Staff.name, Unit.code, Award.reason, Award.rating)
        .join(Staff, Staff.id == Award.staff_id)
        .join(Unit, Unit.id == Staff.unit_id)
        .where(district_filter(actor, Award.district_id))
    )
    if year:
        query = query.where(Award.year == year)
    rows = session.exec(query.order_by(Award.year.desc(), Staff.name)).all()
    return pd.DataFrame([list(r) for r in rows], columns=["year", "name", "unit_code", "reason", "rating"])
