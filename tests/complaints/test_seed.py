"""The demo complaints: a year per district that tells the seeds' stories, with deadlines that follow
the working-day calendar; deterministic and idempotent."""

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlmodel import Session, func, select

from models.complaints import Complaint, ComplaintEvent, ComplaintHandler, ResponseTemplate
from models.core.org import District, Unit
from seed import demo
from seed.complaints import DEMO_PIN
from services.complaints import status as complaint_status
from services.complaints.rules import Rules
from services.core import clock, workdays

# The seed runs "a year back from today": pinned, every run of these tests (and both seeds of the
# same-on-every-run test) sees the same year, whatever the calendar says, also across midnight. A year
# back from 20 Nov 2026 holds the Idul Fitri weeks of March 2026 and the May holidays.
SEED_TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def seeded(database_url):
    from services.core import db
    from tests.dbutil import truncate_all

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(clock, "today", lambda: SEED_TODAY)
        engine = db.get_engine()
        truncate_all(engine)
        for name, step in demo.STEPS:
            if name in ("core", "complaints"):
                with Session(engine) as s:
                    step(s)
                    s.commit()
        yield engine
        truncate_all(engine)


def by_district(session, column=None):
    query = select(District.code, func.count()).join(Complaint, Complaint.district_id == District.id)
    return dict(session.exec(query.group_by(District.code)).all())


def test_a_year_of_complaints_per_district(seeded):
    with Session(seeded) as s:
        counts = by_district(s)
        assert set(counts) == {"WGR", "WLS", "TGS", "SWL", "GYG"}
        assert counts["TGS"] > counts["WGR"] > counts["WLS"] > 300
        oldest, newest = s.exec(select(func.min(Complaint.received_on), func.max(Complaint.received_on))).one()
        assert (clock.today() - oldest).days > 300 and newest <= clock.today()
        states = Counter(s.exec(select(Complaint.state)).all())
        assert states["closed"] > 2000
        for state in ("received", "forwarded", "in_follow_up", "duplicate", "not_authority", "archived"):
            assert states[state] > 0, state
        assert s.exec(select(func.count()).select_from(ResponseTemplate)).one() >= 5
        assert s.exec(select(func.count()).select_from(ComplaintEvent)).one() > 4 * sum(counts.values())


def test_the_seeds_stories(seeded):
    today = clock.today()
    with Session(seeded) as s:

        def rows(code):
            return s.exec(
                select(Complaint).join(District, District.id == Complaint.district_id).where(District.code == code)
            ).all()

        # Wanggar's online complaint system takes over after its launch.
        wgr = rows("WGR")
        early = [c for c in wgr if (today - c.received_on).days > 270]
        late = [c for c in wgr if (today - c.received_on).days < 90]
        assert sum(c.channel == "online" for c in early) == 0
        assert sum(c.channel == "online" for c in late) / len(late) > 0.4
        assert any(c.channel == "forum" and c.kind == "aspirasi" for c in wgr)  # Wanggar Mendengarkan
        # Business permits are Walesi's and Gayungan's first complaint, and Walesi's permit desk is behind.
        for code in ("WLS", "GYG"):
            assert Counter(c.category for c in rows(code)).most_common(1)[0][0] == "perizinan"
        ptsp = s.exec(select(Unit.id).where(Unit.code == "WLS-PTSP")).one()
        overdue = [c for c in rows("WLS") if c.due_kind in ("forward", "follow_up") and c.due_on < today]
        assert len(overdue) >= 3 and sum(c.unit_id == ptsp for c in overdue) >= len(overdue) // 2
        # Duplicates are merged into a complaint of the same unit.
        dups = s.exec(select(Complaint).where(Complaint.state == "duplicate")).all()
        assert dups and all(s.get(Complaint, d.merged_into_id).unit_id == d.unit_id for d in dups)
        # The unit liaisons of the demo handle their units' complaints.
        assert s.exec(select(func.count()).select_from(ComplaintHandler).where(ComplaintHandler.unit_id == ptsp)).one()


def test_every_demo_deadline_follows_the_calendar(seeded):
    with Session(seeded) as s:
        cal, rules = workdays.calendar(s), Rules()
        waiting = s.exec(select(Complaint).where(Complaint.state == "received")).all()
        assert waiting
        for c in waiting:
            assert c.due_on == cal.add(c.received_on, rules.verify_days), c.tracking_id
            assert c.resolve_by == c.received_on + timedelta(days=60 if c.field_check else 14)
        for c in s.exec(select(Complaint).where(Complaint.state == "closed").limit(300)).all():
            assert c.handling_days is not None and c.on_time is not None and c.closed_on >= c.received_on


def test_every_demo_timeline_runs_forward(seeded):
    """Per complaint, in the order the steps were written: each step's day and moment are at or after
    the previous one's (a resumption never before its postponement, a merge note in its place), and
    each moment falls on its own day."""
    with Session(seeded) as s:
        rows = s.exec(
            select(ComplaintEvent.complaint_id, ComplaintEvent.id, ComplaintEvent.day, ComplaintEvent.at,
                   ComplaintEvent.action).order_by(ComplaintEvent.complaint_id, ComplaintEvent.id)
        ).all()  # fmt: skip
    assert {r.action for r in rows} >= {"postpone", "resume", "merged_in", "auto_close"}
    previous: dict[int, tuple] = {}
    for cid, _, day, at, action in rows:
        assert clock.local_datetime(at).date() == day, (cid, action)
        if cid in previous:
            assert (day, at) >= previous[cid][:2], (cid, previous[cid][2], action)
        previous[cid] = (day, at, action)


def test_the_system_keeps_no_display_name_in_the_demo(seeded):
    with Session(seeded) as s:
        names = set(s.exec(select(ComplaintEvent.actor_name).where(ComplaintEvent.action == "auto_close")).all())
    assert names == {""}


def test_the_demo_pin_opens_a_demo_complaint(seeded):
    with Session(seeded) as s:
        c = s.exec(select(Complaint).order_by(Complaint.id)).first()
        assert complaint_status.check_pin(DEMO_PIN, c.pin_hash)


def test_running_the_complaint_step_again_changes_nothing(seeded):
    with Session(seeded) as s:
        before = by_district(s), s.exec(select(func.count()).select_from(ComplaintEvent)).one()
    from seed.complaints import seed_complaints

    with Session(seeded) as s:
        assert seed_complaints(s) == {"complaints": 0, "events": 0, "templates": 0}
        s.commit()
    with Session(seeded) as s:
        assert (by_district(s), s.exec(select(func.count()).select_from(ComplaintEvent)).one()) == before


def test_the_demo_is_the_same_on_every_run(seeded, tmp_root):
    from services.core import db
    from tests.dbutil import fresh_database

    with Session(seeded) as s:
        first = s.exec(
            select(Complaint.tracking_id, Complaint.title, Complaint.state).order_by(Complaint.tracking_id)
        ).all()
    with fresh_database(tmp_root, "seed2") as url:
        engine = db.make_engine(url)
        for name, step in demo.STEPS:
            if name in ("core", "complaints"):
                with Session(engine) as s:
                    step(s)
                    s.commit()
        with Session(engine) as s:
            again = s.exec(
                select(Complaint.tracking_id, Complaint.title, Complaint.state).order_by(Complaint.tracking_id)
            ).all()
        engine.dispose()
    assert again == first


class _Scripted:
    """A stand-in for random.Random that always takes the smallest value offered, and `draw` for random()."""

    def __init__(self, draw: float) -> None:
        self.draw = draw

    def random(self) -> float:
        return self.draw

    def randint(self, a: int, b: int) -> int:
        return a

    def choices(self, population, weights=None, k=1):
        return [population[0]] * k

    def choice(self, seq):
        return seq[0]

    def randrange(self, n: int) -> int:
        return 0

    def expovariate(self, lambd: float) -> float:
        return 1.0


def test_a_demo_postponement_just_before_idul_fitri_is_resumed_after_it():
    """Forwarded on Tuesday 17 March 2026, postponed on the next working day (25 March, after the Idul
    Fitri week) for the shortest time: it is taken up again after 25 March, not before."""
    from types import SimpleNamespace

    from seed.complaints import _walk
    from services.complaints.rules import start
    from services.core.workdays import Calendar

    cal, rules = Calendar(), Rules()
    received = date(2026, 3, 17)
    unit = SimpleNamespace(id=1, code="WGR-DUKCAPIL", kind="dukcapil")
    steps, _, _ = _walk(
        _Scripted(0.07),  # 0.06 <= draw < 0.09: verified, forwarded, then postponed
        {"category": "adminduk"},
        start(received, False, cal, rules),
        unit,
        "WGR",
        cal,
        rules,
        date(2026, 6, 1),
        (1, "Koordinator"),
        (2, "Petugas"),
        None,
    )
    days = {s["action"]: s["day"] for s in steps}
    assert days["forward"] == received and days["postpone"] == date(2026, 3, 25)
    assert days["resume"] > days["postpone"]
    assert [s["day"] for s in steps] == sorted(s["day"] for s in steps)
