"""Survey responses and service-user counts for tests, written straight to the tables (fast, exact)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlmodel import Session

from models.satisfaction import ELEMENTS, ServiceUserCount
from services.surveys import insert_responses


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
