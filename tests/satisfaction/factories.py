"""Survey responses and service-user counts for tests, written straight to the tables (fast, exact),
and `pin_clock` for the tests whose data carry fixed 2026 dates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from sqlmodel import Session

from models.satisfaction import ELEMENTS, ServiceUserCount
from services.core import clock
from services.satisfaction.surveys import insert_responses

# The day the screens open on in tests with fixed 2026 data: in Q4 2026, after every response of it.
TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 10.00 in Jakarta


def pin_clock(monkeypatch) -> date:
    """Pin the app's clock (clock.today and clock.now) to TODAY whatever the calendar says. AppTest runs
    the pages in this process, so the screens open on the same day as the test data."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return TODAY


def responses(
    session: Session,
    unit_id: int,
    day: date,
    scores: Iterable[Sequence[int]],
    *,
    source: str = "form",
    suggestion: str | None = None,
    **profile,
) -> int:
    """Insert one response per score list (nine scores each) for `unit_id` on `day`."""
    rows = [
        {
            "unit_id": unit_id,
            "answered_on": day,
            **dict(zip(ELEMENTS, s, strict=True)),
            "source": source,
            "suggestion": suggestion,
            **profile,
        }
        for s in scores
    ]
    if rows:
        insert_responses(session, rows)
        session.flush()
    return len(rows)


def same(score: int | Sequence[int], count: int) -> list[list[int]]:
    """`count` identical responses (all nine elements `score`, or the nine given scores)."""
    nine = [score] * 9 if isinstance(score, int) else list(score)
    return [list(nine) for _ in range(count)]


def service_users(session: Session, unit_id: int, period: str, users: int) -> None:
    session.add(ServiceUserCount(unit_id=unit_id, period=period, users=users))
    session.flush()


def form_data(unit_id: int, day: date, score: int = 3, **extra) -> dict:
    """What the staff form sends for one complete questionnaire."""
    return {"unit_id": unit_id, "answered_on": day, **{e: score for e in ELEMENTS}, **extra}
