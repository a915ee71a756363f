"""Working days (hari kerja) for SP4N-LAPOR! deadlines, and the admin's holiday overrides.

A day is a working day unless it is a Saturday or Sunday, a national holiday or a cuti bersama day
(both from the `holidays` package: `country_holidays('ID', categories=('public', 'government'))`), or
a day an admin added. An admin may also turn a listed holiday back into a working day, since the
government sets and moves cuti bersama late.

Counting rule: a period of N working days starts on the first working day after the day of receipt
(a complaint received on a holiday or weekend starts counting on the next working day after that)
and ends at the close of the N-th working day. So the deadline is `add(received, N)`.

The calendar is cached per process and rebuilt only when the override table changes (one cheap
aggregate query tells); a change made in another process is seen at the next call.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays as holidays_lib
from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from models.core.base import Role
from models.core.calendar import HolidayCreate, HolidayOverride
from services.core import audit
from services.core.access import Actor, installation_admin, require
from services.core.errors import NotFound, ValidationFailed, validate

WEEKEND = (5, 6)  # Saturday, Sunday: ASN work a five-day week
# Farther than this from a start day, `add` refuses: no SLA runs for years.
MAX_SPAN_DAYS = 3660
PACKAGE_LANGUAGES = {"id": "id", "en": "en_US"}


@dataclass(frozen=True)
class DayOff:
    day: date
    name: str
    source: str  # national | cuti_bersama | added | removed (a listed holiday worked after all)
    override_id: int | None = None


class Calendar:
    """Working days under one set of overrides. Thread-safe; holidays are loaded per year on demand."""

    def __init__(self, added: dict[date, str] | None = None, removed: set[date] | None = None) -> None:
        self.added = dict(added or {})
        self.removed = set(removed or ())
        self._years: dict[int, frozenset[date]] = {}
        self._lock = threading.Lock()

    def _national(self, year: int) -> frozenset[date]:
        days = self._years.get(year)
        if days is None:
            with self._lock:
                days = self._years.get(year)
                if days is None:
                    listed = holidays_lib.country_holidays("ID", categories=("public", "government"), years=year)
                    days = frozenset(listed.keys())
                    self._years[year] = days
        return days

    def is_holiday(self, day: date) -> bool:
        if day in self.removed:
            return False
        return day in self.added or day in self._national(day.year)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in WEEKEND and not self.is_holiday(day)

    def add(self, start: date, n: int) -> date:
        """The close of the n-th working day after `start` (n >= 1); n = 0 gives `start` itself,
        n < 0 the |n|-th working day before it (a stopped clock that had already run out)."""
        if n == 0:
            return start
        step = 1 if n > 0 else -1
        remaining, day = abs(n), start
        for _ in range(MAX_SPAN_DAYS):
            day += timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
                if remaining == 0:
                    return day
        raise ValueError("working-day span too long")

    def between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (negative when end is before start): how many
        working days of a clock started on `start` have passed by the close of `end`."""
        if end == start:
            return 0
        if end < start:
            return -self.between(end, start)
        if (end - start).days > MAX_SPAN_DAYS:
            raise ValueError("working-day span too long")
        # Whole weeks hold five working days each; then the days left over; then the holidays that
        # fall on a weekday in the span (O(holidays), not O(days): deadlines years overdue are counted too).
        weeks, rest = divmod((end - start).days, 7)
        count = weeks * (7 - len(WEEKEND))
        count += sum(1 for i in range(1, rest + 1) if (end - timedelta(days=i - 1)).weekday() not in WEEKEND)
        for year in range(start.year, end.year + 1):
            off = (self._national(year) | {d for d in self.added if d.year == year}) - self.removed
            count -= sum(1 for d in off if start < d <= end and d.weekday() not in WEEKEND)
        return count

    def days_left(self, today: date, due: date) -> int:
        """Where `today` stands against a deadline at the close of `due`: the working days still left
        (> 0), 0 on the due day itself, or -N when it is overdue by N working days. Once the due day
        has passed it is overdue by at least 1, also on the weekend or holiday right after it (due 23
        Dec: 24-28 Dec read -1, 29 Dec -2); a due day that is no working day (a postponement's date)
        is never 'today' before it comes."""
        if due > today:
            return max(1, self.between(today, due))
        if due == today:
            return 0
        return -max(1, self.between(due, today))

    def days_off(self, year: int, lang: str = "id") -> list[DayOff]:
        """Every holiday of `year` with its source, and the listed ones worked after all."""
        public = holidays_lib.country_holidays("ID", years=year, language=PACKAGE_LANGUAGES.get(lang, "id"))
        both = holidays_lib.country_holidays(
            "ID", categories=("public", "government"), years=year, language=PACKAGE_LANGUAGES.get(lang, "id")
        )
        out: dict[date, DayOff] = {}
        for day, name in both.items():
            source = "national" if day in public else "cuti_bersama"
            out[day] = DayOff(day, name, "removed" if day in self.removed else source)
        for day, name in self.added.items():
            if day.year == year:
                out[day] = DayOff(day, name, "added")
        return sorted(out.values(), key=lambda d: d.day)


# --- the per-process cache ---------------------------------------------------------------------

_cache_lock = threading.Lock()
_cached: tuple[tuple, Calendar] | None = None


def _version(session: Session) -> tuple:
    """Changes whenever an override is added, changed or removed (count, newest id, newest edit)."""
    count, max_id, max_updated = session.exec(
        select(func.count(), func.max(HolidayOverride.id), func.max(HolidayOverride.updated_at))
    ).one()
    return (count, max_id, str(max_updated))


def calendar(session: Session) -> Calendar:
    """The working-day calendar with the admin's overrides (cached until they change)."""
    global _cached
    version = _version(session)
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    rows = session.exec(select(HolidayOverride)).all()
    cal = Calendar(
        added={r.day: r.name for r in rows if not r.working},
        removed={r.day for r in rows if r.working},
    )
    with _cache_lock:
        _cached = (version, cal)
    return cal


def forget_cache() -> None:
    global _cached
    with _cache_lock:
        _cached = None


# --- admin: the holidays page ------------------------------------------------------------------


@dataclass(frozen=True)
class OverridePublic:
    id: int
    day: date
    working: bool
    name: str


@dataclass
class YearView:
    year: int
    days_off: list[DayOff] = field(default_factory=list)
    overrides: list[OverridePublic] = field(default_factory=list)
    working_days: int = 0


def year_view(session: Session, actor: Actor, year: int, lang: str = "id") -> YearView:
    """The holidays of a year as the calendar sees them, for the admin's holidays page."""
    require(actor, Role.admin)
    if not 2000 <= year <= 2100:
        raise ValidationFailed.one("year", "out_of_range", min=2000, max=2100)
    cal = calendar(session)
    rows = session.exec(
        select(HolidayOverride)
        .where(HolidayOverride.day >= date(year, 1, 1), HolidayOverride.day <= date(year, 12, 31))
        .order_by(HolidayOverride.day)
    ).all()
    return YearView(
        year=year,
        days_off=cal.days_off(year, lang),
        overrides=[OverridePublic(r.id, r.day, r.working, r.name) for r in rows],
        working_days=cal.between(date(year - 1, 12, 31), date(year, 12, 31)),
    )


def _require_national_admin(actor: Actor) -> None:
    """The calendar is national and shared by every district: only an all-district admin edits it."""
    require(actor, Role.admin)
    if not installation_admin(actor):
        raise ValidationFailed.one(None, "holiday_national_only")


def add_override(session: Session, actor: Actor, data: dict) -> OverridePublic:
    """Add a day off (working=False) or make a listed holiday a working day (working=True)."""
    _require_national_admin(actor)
    new = validate(HolidayCreate, data)
    cal = calendar(session)
    if session.exec(select(HolidayOverride.id).where(HolidayOverride.day == new.day)).first() is not None:
        raise ValidationFailed.one("day", "holiday_exists")
    if new.working and (new.day.weekday() in WEEKEND or not cal.is_holiday(new.day)):
        raise ValidationFailed.one("day", "holiday_not_listed")
    if not new.working and not cal.is_working_day(new.day):
        raise ValidationFailed.one("day", "holiday_already_off")
    row = HolidayOverride(day=new.day, working=new.working, name=new.name, created_by=actor.id or None)
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "holiday", row.id, after=new)
    return OverridePublic(row.id, row.day, row.working, row.name)


def remove_override(session: Session, actor: Actor, override_id: int) -> None:
    """Undo an override: the day follows the national calendar again."""
    _require_national_admin(actor)
    row = session.get(HolidayOverride, override_id)
    if row is None:
        raise NotFound()
    before = {"day": row.day, "working": row.working, "name": row.name}
    session.exec(delete(HolidayOverride).where(col(HolidayOverride.id) == override_id))
    audit.record(session, actor, "delete", "holiday", override_id, before=before)


def deadline(session: Session, actor: Actor, start: date, n: int) -> date:
    """The close of the n-th working day after `start` (the holidays page's calculator)."""
    require(actor, Role.admin, Role.officer, Role.manager)
    if not 1 <= n <= 250:
        raise ValidationFailed.one("n", "out_of_range", min=1, max=250)
    return calendar(session).add(start, n)
