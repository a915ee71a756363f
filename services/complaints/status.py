"""The receipt PIN and the public status page: one complaint's public timeline for whoever holds
both its tracking ID and its PIN, nothing else.

- Only a salted scrypt hash of the PIN is stored; comparisons are constant-time.
- A wrong ID and a wrong PIN get the same answer, after the same work (a dummy hash for an unknown ID).
- Wrong tries are counted in the database per tracking ID and per browser (services/throttle.py's
  table): past `complaints.status_max_tries` in `complaints.status_window_minutes` the page refuses
  to check at all until the window has passed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, func, select

from models.complaints import MERGE_DEPTH, Complaint, ComplaintEvent, State, normalise_tracking_id
from models.core.base import utcnow
from models.core.org import Unit
from models.core.throttle import ThrottleHit
from services.core import settings, throttle

PIN_LENGTH = 6
# scrypt cost: about 30 ms and 16 MB per check on the development machine; slows guessing, not people.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
_DUMMY = None  # a hash to compare against for an unknown tracking ID (made on first use)


def new_pin() -> str:
    """A short numeric PIN for the receipt (read out over the phone, typed on a phone keypad)."""
    return "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """scrypt$n$r$p$salt$digest: the cost travels with the hash, so raising it later keeps old PINs valid."""
    salt = salt or secrets.token_bytes(16)
    n, r, p = _SCRYPT["n"], _SCRYPT["r"], _SCRYPT["p"]
    digest = hashlib.scrypt(pin.encode()[:64], salt=salt, n=n, r=r, p=p, dklen=_SCRYPT["dklen"])
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    """Constant-time comparison of a typed PIN with a stored hash."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        n, r, p = int(n), int(r), int(p)
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
    except ValueError:
        return False
    if scheme != "scrypt" or n > 2**20 or r > 16 or p > 4:
        return False
    digest = hashlib.scrypt((pin or "").encode()[:64], salt=salt, n=n, r=r, p=p, dklen=len(expected))
    return hmac.compare_digest(digest, expected)


def _dummy_hash() -> str:
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = hash_pin(new_pin())
    return _DUMMY


@dataclass(frozen=True)
class PublicStep:
    day: date
    at: datetime
    action: str  # complaints.did.<action>
    to_state: str | None
    unit_name: str | None  # the unit it went to (forwarding only)
    note: str | None  # only notes marked public


@dataclass
class StatusAnswer:
    """What the status page may show: `found` False means 'ID or PIN wrong' (one answer for both)."""

    found: bool = False
    throttled: bool = False
    retry_after_minutes: int = 0
    tracking_id: str | None = None
    kind: str | None = None
    category: str | None = None
    state: str | None = None
    received_on: date | None = None
    next_due: date | None = None
    next_due_kind: str | None = None
    merged: bool = False  # merged into another report; `state` is then the combined handling's
    steps: list[PublicStep] = field(default_factory=list)


def _failures(session: Session, key: str, since: datetime) -> tuple[int, datetime | None]:
    return session.exec(
        select(func.count(), func.min(ThrottleHit.at)).where(ThrottleHit.key == key[:120], ThrottleHit.at >= since)
    ).one()


def lookup(session: Session, tracking_id: str, pin: str, client: str) -> StatusAnswer:
    """The public view of one complaint for its tracking ID and PIN, or a refusal.

    `client` identifies the browser (ui.context.browser_key: its address, else its session), never
    one bucket shared by everyone. Wrong tries count against it and against the tracking ID, whether
    or not that ID exists, so the refusal and its "try again in N minutes" read the same for both.
    """
    if not client:
        raise ValueError("lookup needs the asking browser's key")
    limit = settings.get(session, "complaints.status_max_tries")
    window = settings.get(session, "complaints.status_window_minutes") * 60
    now = utcnow()
    since = now - timedelta(seconds=window)
    tid = normalise_tracking_id(tracking_id)[:20]
    keys = [f"status:client:{client}"[:120], f"status:id:{tid}"[:120]]
    waits = []
    for key in keys:
        count, oldest = _failures(session, key, since)
        if count >= limit and oldest is not None:
            oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
            waits.append((oldest + timedelta(seconds=window) - now).total_seconds())
    if waits:
        return StatusAnswer(throttled=True, retry_after_minutes=max(1, int(max(waits) // 60) + 1))

    row = session.exec(select(Complaint).where(Complaint.tracking_id == tid)).first()
    ok = check_pin(pin or "", row.pin_hash if row is not None else _dummy_hash()) and row is not None
    if not ok:
        for key in keys:
            throttle.hit(session, key, limit=limit, window=window)
        return StatusAnswer()
    return _answer(session, row)


def _answer(session: Session, row: Complaint) -> StatusAnswer:
    units = dict(session.exec(select(Unit.id, Unit.name)).all())
    events = session.exec(
        select(ComplaintEvent)
        .where(ComplaintEvent.complaint_id == row.id)
        .order_by(col(ComplaintEvent.at), col(ComplaintEvent.id))
    ).all()
    steps = [
        PublicStep(
            day=e.day,
            at=e.at,
            action=e.action,
            to_state=e.to_state,
            unit_name=units.get(e.unit_id) if e.action == "forward" else None,
            note=e.note if e.public else None,
        )
        for e in events
        if e.to_state is not None or e.public  # state changes and public notes; internal notes never
    ]
    state, due, due_kind, merged = row.state, row.due_on, row.due_kind, False
    handling = row
    for _ in range(MERGE_DEPTH):  # a duplicate of a duplicate follows the complaint that finally stays
        if handling.state != State.duplicate or handling.merged_into_id is None:
            break
        target = session.get(Complaint, handling.merged_into_id)
        if target is None:
            break
        handling, merged = target, True
    if merged:
        state, due, due_kind = handling.state, handling.due_on, handling.due_kind
    return StatusAnswer(
        found=True,
        tracking_id=row.tracking_id,
        kind=row.kind,
        category=row.category,
        state=state,
        received_on=row.received_on,
        next_due=due if due_kind in ("forward", "follow_up") else None,
        next_due_kind=due_kind if due_kind in ("forward", "follow_up") else None,
        merged=merged,
        steps=steps,
    )
