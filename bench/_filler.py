"""TEMPORARY stand-in for seed.scale (not committed): SKM responses and complaints at scale on the
demo organisation's units. BENCH_SCALE_BUILDER=bench._filler:build"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session, select

from models.complaints import CATEGORIES, Complaint, ComplaintHandler
from models.core.org import District, Unit
from models.satisfaction import ELEMENTS
from services.core import clock, db
from services.satisfaction import surveys

SIZES = {"city": (1_000_000, 500_000), "small": (50_000, 25_000)}
WORDS = (
    "KTP-el belum jadi antrean panjang izin usaha NIB lambat obat kosong jalan rusak bantuan sosial "
    "tidak tepat sasaran sampah menumpuk aplikasi error petugas kasar surat keterangan legalisasi"
).split()


def build(url, scale, progress=print):
    responses, complaints = SIZES[scale]
    engine = db.make_engine(url)
    rng = random.Random(2026)
    today = clock.today()
    with Session(engine) as s:
        units = [(u.id, u.district_id) for u in s.exec(select(Unit)).all()]
        codes = {d.id: d.code for d in s.exec(select(District)).all()}
        start = today - timedelta(days=3 * 365)
        now = datetime.now(UTC)
        batch = []
        for n in range(responses):
            u = units[int(rng.random() * len(units))][0]
            batch.append(
                {
                    "unit_id": u,
                    "answered_on": start + timedelta(days=int(rng.random() * 3 * 365)),
                    **{e: rng.choice((2, 3, 3, 4, 4, 1)) for e in ELEMENTS},
                    "gender": rng.choice("LP"),
                    "age": 17 + int(rng.random() * 60),
                    "education": None,
                    "occupation": None,
                    "suggestion": "Antrean terlalu lama" if rng.random() < 0.05 else None,
                    "source": "demo",
                    "service_id": None,
                    "kiosk_link_id": None,
                    "import_id": None,
                    "created_at": now,
                    "created_by": None,
                }
            )
            if len(batch) >= 50_000:
                surveys.insert_responses(s, batch)
                batch.clear()
                progress(f"responses {n + 1:,}")
        if batch:
            surveys.insert_responses(s, batch)
        s.commit()
        seqs = {}
        rows, handlers = [], []
        first_id = s.exec(text("select coalesce(max(id), 0) from complaint")).one()[0]
        cid = first_id
        cats = list(CATEGORIES)
        for n in range(complaints):
            unit, d = units[int(rng.random() * len(units))]
            received = today - timedelta(days=rng.randrange(3 * 365))
            seqs[(d, received.year)] = seqs.get((d, received.year), 100000) + 1
            age = (today - received).days
            state = (
                "closed"
                if age > 30 and rng.random() < 0.9
                else rng.choice(
                    ["received", "verified", "forwarded", "in_follow_up", "done", "closed", "postponed", "archived"]
                )
            )
            open_ = state not in ("closed", "archived")
            due_kind = {
                "received": "forward",
                "verified": "forward",
                "forwarded": "follow_up",
                "postponed": "resume",
            }.get(state, "auto_close" if state in ("in_follow_up", "done") else None)
            closed_on = received + timedelta(days=rng.randint(3, 25)) if state == "closed" else None
            cid += 1
            rows.append(
                {
                    "tracking_id": f"{codes[d]}-{received.year}-{seqs[(d, received.year)]:06d}",
                    "district_id": d,
                    "year": received.year,
                    "seq": seqs[(d, received.year)],
                    "kind": "pengaduan",
                    "channel": "online",
                    "category": rng.choice(cats),
                    "title": " ".join(rng.choices(WORDS, k=6)),
                    "description": " ".join(rng.choices(WORDS, k=45)),
                    "area": f"Kelurahan {rng.randrange(40)}",
                    "received_on": received,
                    "priority": rng.choice(["low", "medium", "medium", "high", "urgent"]),
                    "state": state,
                    "unit_id": unit,
                    "secret": rng.random() < 0.03,
                    "anonymous": rng.random() < 0.1,
                    "complainant_name": "Warga Bench",
                    "pin_hash": "scrypt$16384$8$1$00$00",
                    "due_on": received + timedelta(days=rng.randint(3, 40)) if open_ else None,
                    "due_kind": due_kind if open_ else None,
                    "resolve_by": received + timedelta(days=14),
                    "late": rng.random() < 0.3,
                    "paused_days": 0,
                    "closed_on": closed_on,
                    "handling_days": rng.randint(1, 20) if closed_on else None,
                    "on_time": rng.random() < 0.65 if closed_on else None,
                    "created_at": now,
                    "updated_at": now,
                    "version": 0,
                }
            )
            if state != "received":
                handlers.append({"complaint_id": cid, "unit_id": unit})
            if len(rows) >= 20_000:
                s.connection().execute(Complaint.__table__.insert(), rows)
                rows = []
                progress(f"complaints {n + 1:,}")
        if rows:
            s.connection().execute(Complaint.__table__.insert(), rows)
        for i in range(0, len(handlers), 20_000):
            s.connection().execute(ComplaintHandler.__table__.insert(), handlers[i : i + 20_000])
        s.commit()
    engine.dispose()
    return {"responses": responses, "complaints": complaints}
