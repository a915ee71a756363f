"""Helpers shared by every table module."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum


def utcnow() -> datetime:
    """Aware UTC timestamp (SQLModel's UTCDateTime stores UTC on every database); shown in local time."""
    return datetime.now(UTC)


class Role(StrEnum):
    """The five roles of the app. A user may hold several; each page and service names the ones it admits."""

    admin = "admin"  # users, districts, units, holidays, settings
    manager = "manager"  # all charts and reports, reads everything in scope
    officer = "officer"  # complaints and surveys
    organizer = "organizer"  # forums and community feedback
    trainer = "trainer"  # training cohorts and staff development


ALL_ROLES = tuple(Role)
