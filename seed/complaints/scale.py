"""The complaints' part of the scale build: 500,000 complaints over three years with their whole
timelines, walked through the real workflow rules exactly as the demo's are (`_walk`, which applies
services.complaints.rules step by step), so states, deadlines in working days, lateness, handling
times, closings, postponements and merged duplicates are what the app itself would have written.

Spread over the districts in the demo's proportions and over each district's units of the kind a
category goes to (the demo's units and the generated ones); some are rahasia or anonymous. The
tracking-ID counters continue where the demo left them.

Walking half a million complaints is most of the build's work, so it runs in slices of consecutive
complaints of one district, each with its own random generator, id range and sequence numbers
worked out beforehand: worker processes (one per core) walk the slices while this process inserts
them, in slice order, so the result is the same however the work was shared.
"""

from __future__ import annotations

import multiprocessing
import os
import random
from collections import deque
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import select

from models.complaints import (
    CATEGORIES,
    Complaint,
    ComplaintCounter,
    ComplaintEvent,
    ComplaintHandler,
    State,
    tracking_id,
)
from models.core.org import District
from seed.complaints import (
    DEMO_PIN,
    MIX,
    SEASON,
    VOLUME,
    _channel,
    _People,
    _walk,
    _weighted,
)
from seed.complaints.texts import AREAS, ASPIRATIONS, TEXTS
from seed.scale.bulk import Build, FastCalendar, UnitRef, prepare
from services.complaints import status as complaint_status
from services.complaints.rules import Rules, start
from services.core import workdays

CITY_COMPLAINTS = 500_000
DAYS_BACK = 3 * 365
SLICE = 20_000  # complaints per slice of work (with about seven timeline steps each)
ENDED = (State.closed, State.not_authority, State.archived, State.duplicate, State.done)
_STATES = ("from_state", "to_state", "due_kind", "state", "paused_state", "paused_due_kind")


def _split(total: int, weights: dict[str, float]) -> dict[str, int]:
    """`total` shared by weight, exactly (largest remainder)."""
    whole = sum(weights.values())
    raw = {k: total * w / whole for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[: total - sum(out.values())]:
        out[k] += 1
    return out


def _plain(row: dict) -> dict:
    """Workflow vocabularies as plain strings (COPY writes them as they are)."""
    for key in _STATES:
        if key in row and row[key] is not None:
            row[key] = str(row[key])
    return row


@dataclass(frozen=True)
class _Slice:
    code: str
    district_id: int
    received: list  # the receipt days, in order
    first_id: int
    first_seq: dict  # year -> the sequence number of the slice's first complaint that year
    label: str  # seeds its random generator


# What the worker processes read (set before they fork, so nothing of it is pickled).
_SHARED: dict = {}


def build(b: Build) -> dict[str, int]:
    session = b.session
    districts = {code: i for i, code in session.exec(select(District.id, District.code))}
    share = _split(b.count(CITY_COMPLAINTS), {c: VOLUME[c] for c in VOLUME if c in districts})
    counters = {(c.district_id, c.year): c for c in session.exec(select(ComplaintCounter)).all()}
    slices, next_id = [], b.next_id(Complaint.__table__)
    days = [b.today - timedelta(days=i) for i in range(DAYS_BACK)]
    weights = [SEASON[d.month] * (0.35 if d.weekday() >= 5 else 1.0) for d in days]
    for code, n in share.items():
        district_id = districts[code]
        rng = b.rng(f"complaint-days-{code}")
        received = sorted(rng.choices(days, weights=weights, k=n))
        seqs = {year: c.last for (d, year), c in counters.items() if d == district_id}
        for k in range(0, n, SLICE):
            part = received[k : k + SLICE]
            first_seq = {}
            for day in part:
                first_seq.setdefault(day.year, seqs.get(day.year, 0) + 1)
                seqs[day.year] = seqs.get(day.year, 0) + 1
            slices.append(_Slice(code, district_id, part, next_id, first_seq, f"{code}-{k}"))
            next_id += len(part)
        for year, last in seqs.items():
            counter = counters.get((district_id, year)) or ComplaintCounter(district_id=district_id, year=year)
            counter.last = last
            session.add(counter)
    _SHARED.update(
        today=b.today,
        postgres=b.postgres,
        names=b.names,
        units=b.units,
        people=_People(session, random.Random(0)),
        cal=FastCalendar(
            workdays.calendar(session), b.today - timedelta(days=DAYS_BACK + 60), b.today + timedelta(days=400)
        ),
        pin_hash=complaint_status.hash_pin(DEMO_PIN, salt=b"sigap-demo-pins!"),
    )
    counts = {"complaints": 0, "complaint_events": 0, "complaint_handlers": 0}
    tables = (Complaint.__table__, ComplaintEvent.__table__, ComplaintHandler.__table__)
    try:
        for prepared in _walked(slices):
            for key, table, (columns, values) in zip(counts, tables, prepared, strict=True):
                counts[key] += b.insert_values(table, columns, values)
            b.stage("complaints (timelines, hops)", counts["complaints"], f"{counts['complaint_events']:,} steps")
    finally:
        _SHARED.clear()
    session.flush()
    return counts


def _walked(slices: list[_Slice]):
    """Each slice's rows, in slice order: from worker processes where the platform forks."""
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(slices) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(_walk_slice, slices)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_walk_slice, slices)


def _candidates(units: list[UnitRef]) -> dict[str, list[UnitRef]]:
    """Per category, the district's units of the first kind that handles it."""
    out = {}
    for category, kinds in CATEGORIES.items():
        for kind in kinds:
            found = [u for u in units if u.kind == kind]
            if found:
                out[category] = found
                break
        else:
            out[category] = [next((u for u in units if u.kind == "kantor"), units[0])]
    return out


def _walk_slice(part: _Slice):
    """The complaints, timeline steps and unit hops of one slice, prepared for the bulk insert."""
    shared = _SHARED
    today, names, cal, pin_hash = shared["today"], shared["names"], shared["cal"], shared["pin_hash"]
    code, district_id = part.code, part.district_id
    rng = random.Random(f"scale-complaints-{part.label}")
    people = shared["people"]
    people.rng = rng  # whoever of a unit's staff signs a step: drawn from this slice's generator
    units = [u for u in shared["units"] if u.district_code == code]
    handlers = _candidates(units)
    office = next((u for u in units if u.kind == "kantor"), units[0])
    rules = Rules()
    seqs = {year: seq - 1 for year, seq in part.first_seq.items()}
    rows, timeline, hops = [], [], []
    recent_by_unit: dict[int, deque] = {}  # each unit's last complaints: (id, received, ended, row)
    for cid, received in enumerate(part.received, start=part.first_id):
        channel = _channel(rng, code, received, today)
        aspiration = channel == "forum" and rng.random() < 0.45
        category = "infrastruktur" if aspiration and rng.random() < 0.4 else _weighted(rng, MIX[code])
        pool = handlers[category]
        unit = pool[0] if rng.random() < 0.3 else rng.choice(pool)  # the demo's own unit keeps its share
        area = rng.choice(AREAS[code])
        # A few reports repeat one still open in the same unit from the last weeks.
        original = None
        if rng.random() < 0.05:
            recent = [
                r
                for r in recent_by_unit.get(unit.id, ())
                if (received - r[1]).days <= 30 and (r[2] is None or r[2] > received)
            ]
            original = rng.choice(recent) if recent else None
        if original is not None:
            first = original[3]
            title, category, area = first["title"], first["category"], first["area"]
            description = "Laporan serupa dari warga lain. " + first["description"]
        else:
            title, description = rng.choice(ASPIRATIONS if aspiration else TEXTS[category])
            fill = {"area": area, "weeks": rng.randint(2, 8)}
            title, description = title.format(**fill), description.format(**fill)
        anonymous = rng.random() < 0.12
        name = None if anonymous else names.name(rng)
        seqs[received.year] += 1
        seq = seqs[received.year]
        coordinator = people.coordinator(district_id, office.id)
        liaison = people.liaison(unit.id)
        row = {
            "id": cid,
            "tracking_id": tracking_id(code, received.year, seq),
            "district_id": district_id,
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
            "complainant_name": name,
            "complainant_phone": None
            if anonymous or rng.random() < 0.3
            else f"08{rng.randint(11, 59)}{rng.randint(10**7, 10**8 - 1)}",
            "complainant_email": None
            if anonymous or rng.random() < 0.85
            else f"{name.split()[0].lower()}{rng.randint(1, 999)}@contoh.id",
            "pin_hash": pin_hash,
            "received_on": received,
            "created_by": coordinator[0],
            "rating": None,
            "maladministration": None,
            "merged_into_id": None,
        }
        field_check = category == "infrastruktur" and rng.random() < 0.3
        track = start(received, field_check, cal, rules)
        steps, track, went_to = _walk(rng, row, track, unit, code, cal, rules, today, coordinator, liaison, original)
        row.update(track.values())
        row["assignee_id"] = liaison[0] if went_to else None
        row["created_at"], row["updated_at"], row["version"] = steps[0]["at"], steps[-1]["at"], len(steps)
        if original is not None and row["state"] == State.duplicate:
            row["merged_into_id"] = original[0]
            # The complaint that stays shows the merge on its timeline.
            timeline.append(
                {**steps[-1], "complaint_id": original[0], "action": "merged_in", "from_state": None,
                 "to_state": None, "note": row["tracking_id"], "public": False, "due_on": None, "due_kind": None}
            )  # fmt: skip
        ends = [s["day"] for s in steps if s["to_state"] in ENDED]
        recent_by_unit.setdefault(unit.id, deque(maxlen=40)).append((cid, received, ends[0] if ends else None, row))
        rows.append(_plain(row))
        timeline += [_plain({**s, "complaint_id": cid}) for s in sorted(steps, key=lambda e: (e["at"], e["day"]))]
        hops += [{"complaint_id": cid, "unit_id": u} for u in went_to]
    postgres = shared["postgres"]
    return (
        prepare(Complaint.__table__, rows, postgres),
        prepare(ComplaintEvent.__table__, timeline, postgres),
        prepare(ComplaintHandler.__table__, hops, postgres) if hops else ([], []),
    )
