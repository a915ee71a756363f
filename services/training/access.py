"""Who may do what in staff development, checked on every service call.

- a trainer (training coordinator) runs cohorts, enrolment, attendance, completion and the ledger of
  the districts in their scope; an admin may do the same;
- a manager reads everything in scope (cohorts, the ledger, exports, the ranking) and changes nothing;
- a unit head is an officer tied to one unit (`User.unit_id`, the unit liaison of the complaints
  module): they nominate staff of that unit for ASN Berprestasi and read that unit's ledger. No new
  role was added for this: the unit is already on the account, and one person per unit holds it;
- the committee that records an award is the trainer or admin of the district;
- nobody reaches another district's staff, cohort or certificate by URL or service call: records
  outside the actor's scope read as "not found".
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from models.core.base import Role
from models.core.org import Staff, Unit
from models.training import Cohort
from services.core.access import Actor, in_scope, require
from services.core.errors import AccessDenied, NotFound, ValidationFailed

RUNNERS = (Role.trainer, Role.admin)
READERS = (Role.trainer, Role.admin, Role.manager)


def unit_head(actor: Actor) -> bool:
    """An officer tied to one unit: nominates within it and reads its ledger."""
    return actor.has(Role.officer) and actor.unit_id is not None


def cohort_for(session: Session, actor: Actor, cohort_id: int, *, write: bool = False) -> Cohort:
    """The cohort if the actor may read it (or run it, with `write`); NotFound outside their scope."""
    require(actor, *(RUNNERS if write else READERS))
    cohort = session.get(Cohort, cohort_id)
    if cohort is None or not in_scope(actor, cohort.district_id):
        raise NotFound()
    return cohort


def staff_in_scope(session: Session, actor: Actor, staff_id: int) -> tuple[Staff, Unit]:
    """A staff member and their unit, if in the actor's district (and unit, for a unit head). Only
    the training roles and unit heads reach staff through here."""
    if not (actor.has(*READERS) or unit_head(actor)):
        raise AccessDenied()
    row = session.exec(select(Staff, Unit).join(Unit, Unit.id == Staff.unit_id).where(Staff.id == staff_id)).first()
    if row is None or not in_scope(actor, row[1].district_id):
        raise NotFound()
    if not actor.has(*READERS) and unit_head(actor) and row[1].id != actor.unit_id:
        raise NotFound()
    return row


def check_version(cohort: Cohort, version: int | None) -> None:
    """Refuse a write based on a stale read of the cohort: someone else saved it meanwhile."""
    if version is not None and version != cohort.version:
        raise ValidationFailed.one(None, "training_cohort_changed")


def bump(session: Session, cohort: Cohort) -> None:
    """Mark the cohort changed (every write through a cohort goes through here)."""
    result = session.exec(
        update(Cohort)
        .where(col(Cohort.id) == cohort.id, col(Cohort.version) == cohort.version)
        .values(version=cohort.version + 1)
    )
    if result.rowcount != 1:
        raise ValidationFailed.one(None, "training_cohort_changed")
    session.refresh(cohort)
