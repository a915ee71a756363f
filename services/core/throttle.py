"""A database-backed rate limit for pages open to the public (complaint status, survey kiosk).

Counting in the database makes the limit hold across browser sessions and server processes. Each
`hit` adds one attempt for a key; `allowed` says whether fewer than `limit` attempts fell inside the
last `window` seconds. Old rows are pruned as new ones arrive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from models.core.base import utcnow
from models.core.throttle import ThrottleHit


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    attempts: int  # inside the window, this one included
    retry_after: int  # seconds until one more attempt is allowed (0 when allowed)


def hit(session: Session, key: str, limit: int, window: int) -> Verdict:
    """Record one attempt for `key` and say whether it is within `limit` per `window` seconds."""
    now = utcnow()
    since = now - timedelta(seconds=window)
    session.exec(delete(ThrottleHit).where(col(ThrottleHit.key) == key, col(ThrottleHit.at) < since))
    session.add(ThrottleHit(key=key[:120], at=now))
    session.flush()
    rows = session.exec(
        select(func.count(), func.min(ThrottleHit.at)).where(ThrottleHit.key == key[:120], ThrottleHit.at >= since)
    ).one()
    attempts, oldest = rows
    if attempts <= limit:
        return Verdict(True, attempts, 0)
    oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
    wait = int((oldest + timedelta(seconds=window) - now).total_seconds()) + 1
    return Verdict(False, attempts, max(1, wait))


def clear(session: Session, key: str) -> None:
    session.exec(delete(ThrottleHit).where(col(ThrottleHit.key) == key[:120]))


def client_key(address: str | None, forwarded_for: str | None, behind_proxy: bool) -> str | None:
    """Whom to count a public page's attempts against: the client's address, or, behind one trusted
    reverse proxy, the address that proxy appended to X-Forwarded-For (the last one: the earlier ones
    are whatever the client sent, and a client could forge them to dodge the limit). None when
    neither is known; the caller then counts per browser session instead."""
    if behind_proxy:
        last = (forwarded_for or "").split(",")[-1].strip()
        if last:
            return f"ip:{last}"
    return f"ip:{address}" if address else None
