"""Kiosk links: the SKM survey on a counter tablet, without a staff login, for one unit only.

An admin issues a link bound to one unit; the token is shown once and only its SHA-256 is stored, so
a database leak reveals no working link. The public page accepts nothing but the nine answers and
the respondent profile for that unit (the date is the day of the answer), stops the moment the
link is revoked, and slows down a flood: at most `satisfaction.kiosk_max_per_browser` responses from
one browser and `satisfaction.kiosk_max_per_link_hour` per link in their windows.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from models.core.accounts import User
from models.core.base import Role, utcnow
from models.core.org import District, Unit, UnitService
from models.satisfaction import (
    KioskLink,
    KioskLinkCreate,
    KioskLinkPublic,
    Source,
    SurveyAnswers,
    SurveyResponse,
)
from services.core import audit, clock, settings, throttle
from services.core.access import SYSTEM_ID, Actor, district_filter, require, require_district
from services.core.errors import NotFound, ValidationFailed, validate

TOKEN_BYTES = 24  # 192 bits: not guessable, short enough for a URL
# The fields a kiosk submission may carry; anything else is refused, not ignored.
KIOSK_FIELDS = frozenset(SurveyAnswers.model_fields)


def hash_token(token: str) -> str:
    return hashlib.sha256((token or "").strip().encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


# --- admin side ----------------------------------------------------------------------------------


def issue(session: Session, actor: Actor, data: dict) -> tuple[KioskLinkPublic, str]:
    """Make a link for one unit; returns it and the token, which is never shown again."""
    require(actor, Role.admin)
    new = validate(KioskLinkCreate, data)
    unit = session.get(Unit, new.unit_id)
    if unit is None or not unit.active:
        raise ValidationFailed.one("unit_id", "choice_invalid")
    if not actor.all_districts and unit.district_id != actor.district_id:
        raise ValidationFailed.one("unit_id", "scope_outside_yours")
    token = new_token()
    link = KioskLink(
        unit_id=unit.id,
        label=new.label,
        token_hash=hash_token(token),
        created_by=None if actor.id == SYSTEM_ID else actor.id,
    )
    session.add(link)
    session.flush()
    audit.record(
        session, actor, "create", "kiosk_link", link.id,
        after={"unit": unit.code, "label": new.label}, district_id=unit.district_id,
    )  # fmt: skip
    return get_link(session, actor, link.id), token


def revoke(session: Session, actor: Actor, link_id: int) -> KioskLinkPublic:
    """Stop a link at once: the next submission through it is refused."""
    require(actor, Role.admin)
    link = session.get(KioskLink, link_id)
    if link is None:
        raise NotFound()
    district_id = session.get(Unit, link.unit_id).district_id
    require_district(actor, district_id)
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        link.revoked_by = None if actor.id == SYSTEM_ID else actor.id
        session.add(link)
        session.flush()
        audit.record(
            session, actor, "revoke", "kiosk_link", link.id, after={"label": link.label}, district_id=district_id
        )
    return get_link(session, actor, link.id)


def _links_query(actor: Actor):
    responses = (
        select(func.count())
        .select_from(SurveyResponse)
        .where(SurveyResponse.kiosk_link_id == KioskLink.id)
        .correlate(KioskLink)
        .scalar_subquery()
    )
    return (
        select(KioskLink, Unit.code, Unit.name, User.full_name, responses)
        .join(Unit, Unit.id == KioskLink.unit_id)
        .join(User, User.id == KioskLink.created_by, isouter=True)
        .where(district_filter(actor, Unit.district_id))
    )


def _public(row) -> KioskLinkPublic:
    link, code, name, creator, responses = row
    return KioskLinkPublic(
        id=link.id,
        unit_id=link.unit_id,
        unit_code=code,
        unit_name=name,
        label=link.label,
        created_at=link.created_at,
        created_by_name=creator,
        revoked_at=link.revoked_at,
        last_used_at=link.last_used_at,
        responses=int(responses or 0),
    )


def list_links(session: Session, actor: Actor, include_revoked: bool = True) -> list[KioskLinkPublic]:
    """Links in the admin's scope, active first, newest first, with how many responses each took."""
    require(actor, Role.admin)
    query = _links_query(actor)
    if not include_revoked:
        query = query.where(col(KioskLink.revoked_at).is_(None))
    rows = session.exec(query.order_by(col(KioskLink.revoked_at).is_not(None), col(KioskLink.id).desc())).all()
    return [_public(r) for r in rows]


def get_link(session: Session, actor: Actor, link_id: int) -> KioskLinkPublic:
    require(actor, Role.admin)
    row = session.exec(_links_query(actor).where(KioskLink.id == link_id)).first()
    if row is None:
        raise NotFound()
    return _public(row)


# --- public side ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class KioskView:
    """What the kiosk page may know: its unit and that unit's services. Nothing else."""

    link_id: int
    unit_id: int
    unit_name: str
    district_name: str
    services: dict[int, str]


def _active_link(session: Session, token: str | None) -> KioskLink:
    if not token or len(token) > 200:
        raise NotFound()
    link = session.exec(select(KioskLink).where(KioskLink.token_hash == hash_token(token))).first()
    if link is None or link.revoked_at is not None:
        raise NotFound()  # one answer for unknown and revoked links
    unit = session.get(Unit, link.unit_id)
    if unit is None or not unit.active:
        raise NotFound()
    return link


def open_link(session: Session, token: str | None) -> KioskView:
    """The unit a kiosk token opens; NotFound for an unknown or revoked token."""
    link = _active_link(session, token)
    unit = session.get(Unit, link.unit_id)
    district = session.get(District, unit.district_id)
    services = dict(
        session.exec(
            select(UnitService.id, UnitService.name)
            .where(UnitService.unit_id == unit.id, UnitService.active == True)  # noqa: E712
            .order_by(UnitService.id)
        ).all()
    )
    return KioskView(link.id, unit.id, unit.name, district.name, services)


def submit(session: Session, token: str | None, data: dict[str, Any], browser: str) -> int:
    """Save one response through a kiosk link; returns its id.

    Refuses (nothing saved) an unknown or revoked link, any field beyond the survey's own, a unit or
    service of another unit, and a flood from one browser or on one link.
    """
    link = _active_link(session, token)
    unit_id = data.get("unit_id")
    if unit_id is not None and unit_id != link.unit_id:
        raise ValidationFailed.one("unit_id", "kiosk_other_unit")
    refused = sorted(set(data) - KIOSK_FIELDS - {"unit_id"})
    if refused:
        raise ValidationFailed.one(refused[0], "kiosk_field_refused")
    answers = validate(SurveyAnswers, {k: v for k, v in data.items() if k != "unit_id"})
    if answers.service_id is not None:
        svc = session.get(UnitService, answers.service_id)
        if svc is None or svc.unit_id != link.unit_id or not svc.active:
            raise ValidationFailed.one("service_id", "kiosk_other_unit")
    window = settings.get(session, "satisfaction.kiosk_window_seconds")
    per_browser = throttle.hit(
        session, f"kiosk:{link.id}:{browser}"[:120], settings.get(session, "satisfaction.kiosk_max_per_browser"), window
    )
    per_link = throttle.hit(
        session, f"kiosk:{link.id}", settings.get(session, "satisfaction.kiosk_max_per_link_hour"), 3600
    )
    if not per_browser.allowed or not per_link.allowed:
        wait = max(per_browser.retry_after, per_link.retry_after)
        raise ValidationFailed.one(None, "kiosk_slow_down", seconds=wait)
    row = SurveyResponse.model_validate(
        answers,
        update={
            "unit_id": link.unit_id,
            "answered_on": clock.today(),
            "source": Source.kiosk.value,
            "kiosk_link_id": link.id,
        },
    )
    session.add(row)
    session.exec(update(KioskLink).where(col(KioskLink.id) == link.id).values(last_used_at=utcnow()))
    session.flush()
    return row.id
