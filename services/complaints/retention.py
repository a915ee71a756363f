"""Retention of complainants' personal data (UU 27/2022): kept while a complaint is handled and for
the retention period after it was closed, then blanked. The complaint, its timeline and every figure
stay; only who complained and how to reach them are gone."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import or_, update
from sqlmodel import Session, col, func, select

from models.complaints import OPEN_STATES, Complaint, ComplaintAttachment
from models.core.base import Role
from services.complaints.files import remove_for
from services.core import audit, clock
from services.core.access import Actor, require

PERSONAL = ("complainant_name", "complainant_phone", "complainant_email")


def _closed_before(before: date):
    """Closed (in any final state) and untouched since before `before`."""
    cutoff = datetime.combine(before, time.min, tzinfo=clock.zone())
    return (col(Complaint.state).not_in([s.value for s in OPEN_STATES]), col(Complaint.updated_at) < cutoff)


def _expired(before: date):
    """Closed before `before`, with personal data left."""
    return (*_closed_before(before), or_(*(col(getattr(Complaint, name)).is_not(None) for name in PERSONAL)))


def count_expired(session: Session, actor: Actor, before: date) -> int:
    require(actor, Role.admin)
    return session.exec(select(func.count()).select_from(Complaint).where(*_expired(before))).one()


def purge(session: Session, actor: Actor, before: date) -> dict[str, int]:
    """Blank name, phone and e-mail of every complaint closed before `before`; one audit row per
    district with how many (never the values). Idempotent: a second run finds nothing."""
    require(actor, Role.admin)
    with_files = select(Complaint.id).where(*_closed_before(before))
    holding = session.exec(
        select(ComplaintAttachment.complaint_id).where(col(ComplaintAttachment.complaint_id).in_(with_files)).distinct()
    ).all()
    files = remove_for(session, list(holding))  # the citizens' scanned documents go too
    per_district = dict(
        session.exec(
            select(Complaint.district_id, func.count()).where(*_expired(before)).group_by(Complaint.district_id)
        ).all()
    )
    if not per_district:
        return {"complaints": 0, "attachments": files}
    # updated_at stays: blanking is not a step of the complaint, and the next run must not see it as new.
    session.exec(update(Complaint).where(*_expired(before)).values(**dict.fromkeys(PERSONAL)))
    for district_id, n in sorted(per_district.items()):
        audit.record(
            session, actor, "purge_personal", "complaint", None,
            after={"complaints": n, "closed_before": before.isoformat()}, district_id=district_id,
        )  # fmt: skip
    return {"complaints": sum(per_district.values()), "attachments": files}
