"""Retention of forum participants' personal data (UU 27/2022): an attendance list is kept for the
retention period after the forum was held, then its names and phone numbers are blanked. The forum,
its attendance figures, the number of people on the list, what was heard and every chart stay; the
community a participant spoke for (RT/RW, kampung, group) stays too, as it names no person."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, update
from sqlmodel import Session, col, func, select

from models.core.base import Role
from models.forums import Forum, ForumParticipant
from services.core import audit
from services.core.access import Actor, require

BLANK_NAME = ""  # the column is NOT NULL: an erased name is the empty text (masked lists show none)


def _expired(before: date):
    """Participants of forums held (dated) before `before` whose name or phone is still there."""
    held_before = select(Forum.id).where(col(Forum.held_on) < before)
    return (
        col(ForumParticipant.forum_id).in_(held_before),
        or_(col(ForumParticipant.name) != BLANK_NAME, col(ForumParticipant.phone).is_not(None)),
    )


def count_expired(session: Session, actor: Actor, before: date) -> int:
    require(actor, Role.admin)
    return session.exec(select(func.count()).select_from(ForumParticipant).where(*_expired(before))).one()


def purge(session: Session, actor: Actor, before: date) -> dict[str, int]:
    """Blank name and phone of every participant of a forum held before `before`; one audit row per
    district with how many (never the values). Idempotent: a second run finds nothing."""
    require(actor, Role.admin)
    per_district = dict(
        session.exec(
            select(Forum.district_id, func.count())
            .select_from(ForumParticipant)
            .join(Forum, col(Forum.id) == col(ForumParticipant.forum_id))
            .where(*_expired(before))
            .group_by(Forum.district_id)
        ).all()
    )
    if not per_district:
        return {"participants": 0}
    session.exec(
        update(ForumParticipant)
        .where(*_expired(before))
        .values(name=BLANK_NAME, phone=None)
        .execution_options(synchronize_session=False)
    )
    for district_id, n in sorted(per_district.items()):
        audit.record(
            session, actor, "purge_personal", "forum_participant", None,
            after={"participants": n, "held_before": before.isoformat()}, district_id=district_id,
        )  # fmt: skip
    return {"participants": sum(per_district.values())}
