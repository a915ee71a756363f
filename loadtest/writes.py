"""After the test: is every write the app confirmed in the database? Found by the marker each carried
(a complaint's title, a survey response's suggestion), through the app's own database settings."""

from __future__ import annotations

from sqlmodel import col, select

from loadtest.journeys import Write
from models.complaints import Complaint
from models.satisfaction import SurveyResponse
from services.core.db import session_scope

COLUMNS = {"complaint": col(Complaint.title), "survey_response": col(SurveyResponse.suggestion)}


def missing_writes(writes: list[Write], prefix: str) -> list[Write]:
    """The writes whose marker (all start with `prefix`) is in no row of their table."""
    found: dict[str, set[str]] = {}
    with session_scope() as s:
        for kind, column in COLUMNS.items():
            texts = s.exec(select(column).where(column.startswith(prefix))).all()
            found[kind] = {t.split(" ", 1)[0] for t in texts if t}
    return [w for w in writes if w.marker not in found.get(w.kind, set())]
