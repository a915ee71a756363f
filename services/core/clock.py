"""The app's sense of time: one time zone (SIGAP_TIMEZONE, default WIB) decides 'today' and day bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.core import config


def zone() -> ZoneInfo:
    return ZoneInfo(config.app_timezone())


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today's date in the app's time zone; deadlines and 'overdue' are decided by it."""
    return datetime.now(zone()).date()


def local_datetime(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone())


def day_start(day: date) -> datetime:
    """The instant the local day begins, as an aware datetime (for timestamp range filters)."""
    return datetime.combine(day, time.min, tzinfo=zone())


def day_end(day: date) -> datetime:
    """The instant the next local day begins (exclusive upper bound)."""
    return day_start(day + timedelta(days=1))
