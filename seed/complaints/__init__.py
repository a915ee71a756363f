"""A year of demo complaints per district, walked through the real workflow rules.

Each complaint is simulated step by step with services.complaints.rules.apply (the same code the app
runs), so every stored deadline, lateness flag and handling time follows the working-day calendar.
Steps that would fall after today are not taken: recent complaints are still open, some overdue.

The stories of the seed articles:
- Wanggar launched an online complaint system a few months into the year, answered by ASN trained in
  IT: the online channel grows from a trickle to most reports, and answers get faster; the outreach
  "Wanggar Mendengarkan" brings aspirations from community visits (channel forum).
- Walesi and Gayungan: business permits (izin usaha, NIB) draw many complaints; Walesi's permit desk
  is slow and has overdue reports; Gayungan's health centre struggles with its new information system.
- Tangerang Selatan: a busy city with a complaint app; Sawahlunto: aspirations from forum diskusi.

Deterministic (fixed seed, Faker id_ID) relative to the day it runs; a district that already has
complaints is left alone, so running the seed twice changes nothing.
"""

from __future__ import annotations

import functools
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from faker import Faker
from sqlalchemy import update
from sqlmodel import Session, func, select

from models.complaints import (
    CATEGORIES,
    Complaint,
    ComplaintCounter,
    ComplaintEvent,
    ComplaintHandler,
    ResponseTemplate,
    State,
    tracking_id,
)
from models.core.accounts import User
from models.core.org import District, Staff, Unit
from seed.complaints.texts import AREAS, ASPIRATIONS, REPLIES, TEMPLATES, TEXTS
from services.complaints import status as complaint_status
from services.complaints.rules import Action, Rules, Track, apply, start
from services.core import clock, config, workdays

SEED = 3
DEMO_PIN = "246810"  # every demo complaint opens on the status page with this PIN (demo only)
DAYS_BACK = 365

# Reports per year, and the category mix of each district (weights).
VOLUME = {"WGR": 520, "WLS": 380, "TGS": 1400, "SWL": 600, "GYG": 700}
MIX = {
    "WGR": {"adminduk": 26, "layanan_digital": 14, "bansos": 14, "kesehatan": 12, "infrastruktur": 14,
            "layanan_umum": 8, "perilaku_petugas": 4, "perizinan": 4, "lingkungan": 3, "lainnya": 1},
    "WLS": {"perizinan": 34, "adminduk": 16, "bansos": 12, "kesehatan": 10, "infrastruktur": 14,
            "layanan_umum": 6, "perilaku_petugas": 4, "lingkungan": 3, "lainnya": 1},
    "TGS": {"adminduk": 20, "layanan_digital": 16, "perizinan": 12, "kesehatan": 14, "bansos": 10,
            "infrastruktur": 10, "lingkungan": 8, "perilaku_petugas": 5, "layanan_umum": 4, "lainnya": 1},
    "SWL": {"adminduk": 18, "kesehatan": 14, "bansos": 14, "infrastruktur": 16, "perizinan": 10,
            "layanan_digital": 8, "lingkungan": 8, "perilaku_petugas": 6, "layanan_umum": 5, "lainnya": 1},
    "GYG": {"perizinan": 28, "kesehatan": 18, "adminduk": 16, "layanan_umum": 10, "lingkungan": 10,
            "infrastruktur": 8, "bansos": 6, "perilaku_petugas": 3, "lainnya": 1},
}  # fmt: skip
# Month-of-year weights: school enrolment (Jan, Jul) needs civil documents; social aid before
# Lebaran; year-end.
SEASON = {1: 1.25, 2: 0.9, 3: 1.3, 4: 1.05, 5: 0.9, 6: 1.0, 7: 1.35, 8: 1.0, 9: 0.9, 10: 1.0, 11: 0.95, 12: 1.1}
# Channel weights per district; Wanggar's "online" grows after the launch (see _channel).
CHANNELS = {
    "WGR": {"walk_in": 50, "phone": 15, "letter": 6, "social_media": 8, "forum": 16, "lapor": 5},
    "WLS": {"walk_in": 52, "phone": 10, "letter": 6, "social_media": 4, "forum": 24, "lapor": 4},
    "TGS": {"online": 58, "walk_in": 14, "phone": 8, "social_media": 12, "lapor": 6, "letter": 2},
    "SWL": {"walk_in": 34, "forum": 26, "online": 14, "phone": 12, "lapor": 8, "letter": 6},
    "GYG": {"walk_in": 40, "online": 24, "phone": 12, "social_media": 10, "lapor": 8, "forum": 6},
}
# Typical working days a unit takes to answer (mean), by district; some units are slower.
ANSWER_DAYS = {"WGR": 4.5, "WLS": 5.0, "TGS": 2.6, "SWL": 3.4, "GYG": 3.2}
SLOW_UNITS = {"WLS-PTSP": 3.5, "GYG-PKM": 1.5, "TGS-DUKCAPIL": 1.0}
WANGGAR_LAUNCH_DAYS_AGO = 240  # the online complaint system went live about eight months ago


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _received_days(rng: random.Random, n: int, today: date) -> list[date]:
    """n receipt days over the last year, with seasonal peaks and fewer reports at weekends."""
    days = [today - timedelta(days=i) for i in range(DAYS_BACK)]
    weights = [SEASON[d.month] * (0.35 if d.weekday() >= 5 else 1.0) for d in days]
    return sorted(rng.choices(days, weights=weights, k=n))


def _channel(rng: random.Random, code: str, day: date, today: date) -> str:
    weights = dict(CHANNELS[code])
    if code == "WGR":
        since_launch = WANGGAR_LAUNCH_DAYS_AGO - (today - day).days
        if since_launch >= 0:  # the online system grows in its first months, then carries most reports
            weights["online"] = 10 + min(90, since_launch * 0.6)
    return _weighted(rng, weights)


def seed_templates(session: Session) -> int:
    if session.exec(select(func.count()).select_from(ResponseTemplate)).one():
        return 0
    for category, state, title, body in TEMPLATES:
        session.add(ResponseTemplate(category=category, state=state, title=title, body=body))
    session.flush()
    return len(TEMPLATES)


class _People:
    """Who does each step: the demo accounts where they exist, otherwise the district's staff."""

    def __init__(self, session: Session, rng: random.Random) -> None:
        self.rng = rng
        self.users = {
            u.unit_id if u.unit_id else ("district", u.district_id): u
            for u in session.exec(select(User).where(User.active == True)).all()  # noqa: E712
            if u.district_id is not None
        }
        self.staff: dict[int, list[str]] = {}
        for unit_id, name in session.exec(select(Staff.unit_id, Staff.name).order_by(Staff.id)).all():
            self.staff.setdefault(unit_id, []).append(name)

    def coordinator(self, district_id: int, office_unit_id: int) -> tuple[int | None, str]:
        user = self.users.get(("district", district_id))
        if user is not None:
            return user.id, user.full_name
        return None, self._staff(office_unit_id)

    def liaison(self, unit_id: int) -> tuple[int | None, str]:
        user = self.users.get(unit_id)
        if user is not None:
            return user.id, user.full_name
        return None, self._staff(unit_id)

    def _staff(self, unit_id: int) -> str:
        names = self.staff.get(unit_id) or ["Petugas"]
        return self.rng.choice(names)


def seed_complaints(session: Session, seed: int = SEED) -> dict[str, int]:
    """A year of complaints for each district that has none yet."""
    today = clock.today()
    cal = workdays.calendar(session)
    rules = Rules()
    pin_hash = complaint_status.hash_pin(DEMO_PIN, salt=b"sigap-demo-pins!")
    people = _People(session, random.Random(seed))
    added = {"complaints": 0, "events": 0, "templates": seed_templates(session)}
    for district in session.exec(select(District).order_by(District.id)).all():
        if district.code not in VOLUME:
            continue
        if session.exec(select(Complaint.id).where(Complaint.district_id == district.id).limit(1)).first():
            continue
        units = session.exec(select(Unit).where(Unit.district_id == district.id).order_by(Unit.id)).all()
        n, e = _district(session, district, units, today, cal, rules, pin_hash, people, seed)
        added["complaints"] += n
        added["events"] += e
    return added


def _unit_for(category: str, units: list[Unit]) -> Unit:
    for kind in CATEGORIES[category]:
        for unit in units:
            if unit.kind == kind:
                return unit
    return units[0]


EVENT_KEYS = ("at", "day", "actor_id", "actor_name", "action", "from_state", "to_state", "unit_id", "assignee_id",
              "note", "public", "due_on", "due_kind")  # fmt: skip


def _district(session, district, units, today, cal, rules, pin_hash, people, seed) -> tuple[int, int]:
    """Simulate and bulk-insert one district's year of complaints; returns (complaints, events)."""
    code = district.code
    rng = random.Random(f"{seed}-{code}")
    fake = Faker("id_ID")
    fake.seed_instance(f"{seed}-{code}")
    office = next((u for u in units if u.kind == "kantor"), units[0])
    complaints: list[dict] = []
    timelines: list[list[dict]] = []
    handled_by: list[set[int]] = []
    merged_into: dict[int, int] = {}  # index of a duplicate -> index of the complaint it repeats
    by_unit: dict[int, list[int]] = {}
    ended: list[date | None] = []  # the day each complaint stopped being open (None: still open)
    seq_by_year: dict[int, int] = {}

    for received in _received_days(rng, VOLUME[code], today):
        channel = _channel(rng, code, received, today)
        aspiration = channel == "forum" and rng.random() < 0.45
        category = "infrastruktur" if aspiration and rng.random() < 0.4 else _weighted(rng, MIX[code])
        unit = _unit_for(category, units)
        area = rng.choice(AREAS[code])
        # A few reports repeat one still open in the same unit from the last weeks.
        recent = [
            i
            for i in by_unit.get(unit.id, [])[-40:]
            if (received - complaints[i]["received_on"]).days <= 30 and (ended[i] is None or ended[i] > received)
        ]
        original = rng.choice(recent) if recent and rng.random() < 0.05 else None
        if original is not None:
            first = complaints[original]
            title, category, area = first["title"], first["category"], first["area"]
            description = "Laporan serupa dari warga lain. " + first["description"]
        else:
            title, description = rng.choice(ASPIRATIONS if aspiration else TEXTS[category])
            fill = {"area": area, "weeks": rng.randint(2, 8)}
            title, description = title.format(**fill), description.format(**fill)
        anonymous = rng.random() < 0.12
        seq_by_year[received.year] = seq_by_year.get(received.year, 0) + 1
        seq = seq_by_year[received.year]
        coordinator = people.coordinator(district.id, office.id)
        liaison = people.liaison(unit.id)
        row = {
            "tracking_id": tracking_id(code, received.year, seq),
            "district_id": district.id,
            "year": received.year,
            "seq": seq,
            "kind": "aspirasi" if aspiration else ("informasi" if rng.random() < 0.06 else "pengaduan"),
            "channel": channel,
            "category": category,
            "title": title[:150],
            "description": description,
            "area": area,
            "external_ref": f"LAPOR-{received:%y%m}{rng.randint(1000, 9999)}" if channel == "lapor" else None,
            "priority": rng.choices(["low", "medium", "high", "urgent"], weights=[18, 60, 18, 4])[0],
            "unit_id": unit.id,
            "secret": rng.random() < (0.4 if category == "perilaku_petugas" else 0.03),
            "anonymous": anonymous,
            "complainant_name": None if anonymous else fake.name(),
            "complainant_phone": None
            if anonymous or rng.random() < 0.3
            else f"08{rng.randint(11, 59)}{rng.randint(10**7, 10**8 - 1)}",
            "complainant_email": None if anonymous or rng.random() < 0.85 else fake.free_email(),
            "pin_hash": pin_hash,
            "received_on": received,
            "created_by": coordinator[0],
            "rating": None,
            "maladministration": None,
            "merged_into_id": None,
        }
        field_check = category == "infrastruktur" and rng.random() < 0.3
        track = start(received, field_check, cal, rules)
        steps, track, units_ = _walk(rng, row, track, unit, code, cal, rules, today, coordinator, liaison, original)
        row.update(track.values())
        row["assignee_id"] = liaison[0] if units_ else None
        row["created_at"], row["updated_at"], row["version"] = steps[0]["at"], steps[-1]["at"], len(steps)
        if original is not None and row["state"] == State.duplicate:
            merged_into[len(complaints)] = original
        by_unit.setdefault(unit.id, []).append(len(complaints))
        ends = [
            s["day"]
            for s in steps
            if s["to_state"] in (State.closed, State.not_authority, State.archived, State.duplicate, State.done)
        ]
        ended.append(ends[0] if ends else None)
        complaints.append(row)
        timelines.append(steps)
        handled_by.append(units_)

    # Core inserts (one executemany each): the ORM's bulk insert would split the rows by which
    # columns are empty and send most of them one by one.
    table = Complaint.__table__
    conn = session.connection()
    ids = conn.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True), complaints).scalars().all()
    for dup, target in merged_into.items():
        session.execute(update(Complaint).where(Complaint.id == ids[dup]).values(merged_into_id=ids[target]))
    for dup, target in merged_into.items():  # the complaint that stays shows the merge on its timeline
        last = timelines[dup][-1]
        timelines[target].append(
            {**last, "action": "merged_in", "from_state": None, "to_state": None,
             "note": complaints[dup]["tracking_id"], "public": False, "due_on": None, "due_kind": None}
        )  # fmt: skip
    # Each complaint's steps go in in the order they happened, as the app writes them.
    events = [
        {**step, "complaint_id": cid}
        for cid, steps in zip(ids, timelines, strict=True)
        for step in sorted(steps, key=lambda e: (e["at"], e["day"]))
    ]
    conn.execute(ComplaintEvent.__table__.insert(), events)
    handlers = [{"complaint_id": cid, "unit_id": u} for cid, us in zip(ids, handled_by, strict=True) for u in us]
    if handlers:
        conn.execute(ComplaintHandler.__table__.insert(), handlers)
    for year, last in seq_by_year.items():
        session.add(ComplaintCounter(district_id=district.id, year=year, last=last))
    session.flush()
    return len(complaints), len(events)


def _walk(rng, row, track: Track, unit: Unit, code, cal, rules, today, coordinator, liaison, original):
    """Take one complaint through the workflow until today: (timeline, final track, units it went to)."""
    steps: list[dict] = []
    units: set[int] = set()
    received = track.received_on
    clock_at = [None]

    def step(day, action, who, *, note=None, public=False, unit_id=None, until=None) -> bool:
        nonlocal track
        if day > today:
            return False
        before = track.state
        if action == "auto_close":
            track = apply(track, Action.close, day, cal, rules)
        elif action != "create":
            track = apply(track, Action(action), day, cal, rules, until=until)
        steps.append(
            {
                "at": _at(rng, day, clock_at),
                "day": day,
                "actor_id": None if action == "auto_close" else who[0],
                "actor_name": "" if action == "auto_close" else who[1],  # the system: named by the catalogue
                "action": action,
                "from_state": None if action == "create" else before,
                "to_state": track.state,
                "unit_id": unit_id,
                "assignee_id": None,
                "note": note,
                "public": public,
                "due_on": track.due_on,
                "due_kind": track.due_kind,
            }
        )
        return True

    step(received, "create", coordinator, public=True)
    # Verify and forward: most within the 3 working days, some late (Walesi's permit desk more often).
    delay = rng.choices([0, 1, 2, 3, 4, 6], weights=[30, 30, 18, 10, 7, 5])[0]
    if code == "WLS" and unit.kind == "perizinan":
        delay += rng.choice([0, 1, 2])
    day = cal.add(received, delay) if delay or not cal.is_working_day(received) else received
    if original is not None:
        step(day, "merge", coordinator)
        return steps, track, units
    outcome = rng.random()
    if outcome < 0.02:
        step(day, "archive", coordinator, note="Laporan tidak jelas dan pelapor tidak dapat dihubungi.")
        return steps, track, units
    if not step(day, "verify", coordinator):
        return steps, track, units
    if outcome < 0.06:
        note = "Laporan ini kewenangan pemerintah provinsi; informasinya sudah kami teruskan ke instansi terkait."
        step(day, "reject", coordinator, note=note, public=True)
        return steps, track, units
    if not step(day, "forward", coordinator, unit_id=unit.id):
        return steps, track, units
    units.add(unit.id)
    stall = 0.25 if code == "WLS" and unit.kind == "perizinan" else 0.06
    if outcome > 1 - stall and (today - received).days < 40:
        return steps, track, units  # the unit has not answered yet (recent ones only: older ones were chased)
    if outcome < 0.09:
        # Postponed the next working day (after a holiday week that can be well after `day`), to be
        # taken up again after `until`, at the latest: the resumption is always after the postponement.
        postponed = cal.add(day, 1)
        until = postponed + timedelta(days=rng.randint(7, 21))
        note = "Menunggu kelengkapan dokumen dari pelapor."
        if not step(postponed, "postpone", liaison, until=until, note=note, public=True):
            return steps, track, units
        day = min(until, cal.add(postponed, rng.randint(4, 10)))
        if not step(day, "resume", liaison):
            return steps, track, units
    slow = SLOW_UNITS.get(unit.code, 1.0)
    # Wanggar: ASN trained to answer the online system get faster over the year.
    improving = 0.6 + 0.8 * min(1.0, (today - received).days / 365) if code == "WGR" else 1.0
    answer = cal.add(day, max(1, round(rng.expovariate(1 / (ANSWER_DAYS[code] * slow * improving)))))
    reply = REPLIES["follow_up"][rng.randrange(2)].format(detail=REPLIES["detail"][row["category"]])
    if not step(answer, "follow_up", liaison, note=reply, public=True):
        return steps, track, units
    if rng.random() < 0.12:  # the complainant is not satisfied: another round
        note = "Pelapor menyampaikan masalah belum tuntas."
        if not step(cal.add(answer, rng.randint(1, 6)), "reply", coordinator, note=note):
            return steps, track, units
        answer = cal.add(steps[-1]["day"], rng.randint(1, 6))
        if not step(answer, "follow_up", liaison, note="Kami sudah menindaklanjuti kembali.", public=True):
            return steps, track, units
    if rng.random() < 0.62:
        done = cal.add(answer, rng.randint(1, 4)) if rng.random() < 0.8 else answer
        if not step(done, "done", liaison, note="Penanganan selesai sesuai hasil pemeriksaan.", public=True):
            return steps, track, units
        closing = cal.add(done, rng.randint(0, 4))
        if closing <= today and rng.random() < 0.9 and step(closing, "close", coordinator):
            late = not track.on_time
            rating = rng.choices([1, 2, 3, 4, 5], weights=[8, 14, 30, 30, 18] if late else [1, 3, 12, 40, 44])[0]
            row["rating"] = None if rng.random() < 0.3 else rating
            if rng.random() < (0.25 if late else 0.03):
                row["maladministration"] = (
                    "permintaan_imbalan" if row["category"] == "perilaku_petugas" else "penundaan_berlarut"
                )
            return steps, track, units
    # No reply from the complainant: it closes itself after the quiet period.
    if track.due_on is not None and track.due_on < today:
        step(track.due_on, "auto_close", coordinator, public=True)
    return steps, track, units


@functools.lru_cache(maxsize=8192)
def _utc_offset(zone: str, day: date) -> timedelta:
    """The zone's offset from UTC during office hours of `day` (the scale seed asks millions of times)."""
    return datetime.combine(day, time(12, 0), tzinfo=ZoneInfo(zone)).utcoffset()


def _at(rng: random.Random, day: date, last: list) -> datetime:
    """An office-hours moment on `day`, after the previous step: a later step of the same day comes a
    few minutes after it (a dozen steps on one day still end that afternoon, never on the next day)."""
    local = datetime.combine(day, time(rng.randint(8, 13), rng.randint(0, 59)))
    moment = (local - _utc_offset(config.app_timezone(), day)).replace(tzinfo=UTC)
    if last[0] is not None and moment <= last[0]:
        moment = last[0] + timedelta(minutes=rng.randint(3, 20))
    last[0] = moment
    return moment
