"""The public "you said, we did" page (no login): per district, what was heard (counts by kind and
theme) and what was done (each action's status, progress and public note), from held forums only.

No personal data, no item text, no internal note, nothing of an item linked to a rahasia complaint:
the public report is built by report.build(public=True), which never selects those.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, select

from models.core.org import District
from models.forums import Forum
from services.core import clock
from services.forums.report import YouSaidWeDid, build

PUBLIC_MONTHS = 24  # the public page covers the last two years of forums


@dataclass(frozen=True)
class PublicDistrict:
    code: str
    name: str


def districts(session: Session) -> list[PublicDistrict]:
    """Every district, for the page's picker (names and codes are public)."""
    return [PublicDistrict(d.code, d.name) for d in session.exec(select(District).order_by(District.name)).all()]


def district_report(session: Session, code: str | None) -> YouSaidWeDid | None:
    """The public report of the district with this code, or None when there is no such district."""
    code = (code or "").strip().upper()[:3]
    district = session.exec(select(District).where(District.code == code)).first() if code else None
    if district is None:
        return None
    since = clock.today() - timedelta(days=PUBLIC_MONTHS * 31)
    where = (Forum.district_id == district.id) & (Forum.held_on >= since)
    return build(session, where, district.name, public=True)
