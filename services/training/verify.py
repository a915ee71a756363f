"""The public certificate check (`/verify?no=...`, no login): name, programme, organiser, dates and
JP for a real number; one plain "not found" for anything else.

Wrong tries are counted in the database per browser and per number (the throttle table of the
complaint status page): past `training.verify_max_tries` in `training.verify_window_minutes`, the
page refuses to check at all until the window has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, func, select

from models.core.base import utcnow
from models.core.throttle import ThrottleHit
from models.training import Certificate
from services.core import settings, throttle
from services.core.settings import SettingDef
from services.training.certificates import normalise_number

settings.define(
    # The public certificate check: wrong numbers allowed per browser and per number in the window.
    SettingDef("training.verify_max_tries", 10, 2, 100, "training"),
    SettingDef("training.verify_window_minutes", 15, 1, 1440, "training"),
)


@dataclass(frozen=True)
class VerifyAnswer:
    found: bool = False
    throttled: bool = False
    retry_after_minutes: int = 0
    number: str | None = None
    name: str | None = None
    programme: str | None = None
    organiser: str | None = None
    start_on: date | None = None
    end_on: date | None = None
    jp: int | None = None


def check(session: Session, number: str, client: str) -> VerifyAnswer:
    """The public answer for a certificate number asked by `client` (ui.context.browser_key)."""
    if not client:
        raise ValueError("check needs the asking browser's key")
    limit = settings.get(session, "training.verify_max_tries")
    window = settings.get(session, "training.verify_window_minutes") * 60
    now = utcnow()
    since = now - timedelta(seconds=window)
    wanted = normalise_number(number)
    keys = [f"verify:client:{client}"[:120], f"verify:no:{wanted}"[:120]]
    waits = []
    for key in keys:
        count, oldest = session.exec(
            select(func.count(), func.min(ThrottleHit.at)).where(ThrottleHit.key == key, ThrottleHit.at >= since)
        ).one()
        if count >= limit and oldest is not None:
            oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
            waits.append((oldest + timedelta(seconds=window) - now).total_seconds())
    if waits:
        return VerifyAnswer(throttled=True, retry_after_minutes=max(1, int(max(waits) // 60) + 1))
    cert = session.exec(select(Certificate).where(Certificate.number == wanted)).first() if wanted else None
    if cert is None:
        for key in keys:
            throttle.hit(session, key, limit=limit, window=window)
        return VerifyAnswer()
    return VerifyAnswer(
        found=True,
        number=cert.number,
        name=cert.staff_name,
        programme=cert.programme_title,
        organiser=cert.organiser,
        start_on=cert.start_on,
        end_on=cert.end_on,
        jp=cert.jp,
    )
