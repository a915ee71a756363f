"""`seed --scale`: the generated city on top of the demo, at a five-hundredth of the city here.

What an operator notices: the counts it reports are the rows added; two builds are the same; the
app's own services read the data (IKM, complaint queue, forum board, 20-JP ledger) and keep working
on it (a new complaint gets the next tracking ID); a second build is refused. Runs on PostgreSQL
too with TEST_DATABASE_URL (COPY, sequences moved past the generated ids).
"""

from __future__ import annotations

import hashlib
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, func, select

from models.complaints import Complaint, ComplaintEvent, State
from models.core.org import District, Staff, Unit
from models.forums import FeedbackItem, FollowUpAction
from models.satisfaction import SurveyResponse
from models.training import Certificate, Enrolment
from seed import demo
from seed import scale as scale_build
from seed.scale.bulk import FastCalendar
from seed.scale.org import GENERATED_CODE
from services.complaints import intake, triage
from services.core import accounts, clock, db, periods, workdays
from services.core.access import system_actor
from services.forums import items as forum_items
from services.satisfaction import ikm, stats
from services.training import ledger
from tests.dbutil import fresh_database

FACTOR = 1 / 500
TODAY = date(2026, 2, 2)  # the suite's pinned Monday
KINDS = {  # what the build reports -> the table its rows go to
    "units": Unit,
    "staff": Staff,
    "complaints": Complaint,
    "complaint_events": ComplaintEvent,
    "skm_responses": SurveyResponse,
    "forum_items": FeedbackItem,
    "forum_actions": FollowUpAction,
    "training_enrolments": Enrolment,
    "training_certificates": Certificate,
}
# Columns that the generator decides (not the moment it ran), for the content checksum.
CHECKSUM = {
    "complaint": "tracking_id, state, unit_id, due_on, due_kind, closed_on, handling_days, on_time, secret, "
    "complainant_name, merged_into_id",
    "complaint_event": "complaint_id, action, day, at, to_state, actor_name, due_on",
    "survey_response": "unit_id, answered_on, u1, u2, u3, u4, u5, u6, u7, u8, u9, suggestion",
    "staff": "nip, name, unit_id",
    "feedback_item": "forum_id, unit_id, kind, text",
    "training_enrolment": "cohort_id, staff_id, status, post_test",
}


def _count(session: Session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _checksum(session: Session) -> str:
    digest = hashlib.sha256()
    for table, columns in CHECKSUM.items():
        for row in session.exec(text(f"SELECT {columns} FROM {table} ORDER BY id")):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def pinned():
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(clock, "today", lambda: TODAY)
        yield


def _demo_then_scale(url: str) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """(rows per kind after the demo, what the build reported, rows per kind after it)."""
    engine = db.make_engine(url)
    demo.run(lambda: _scope(engine), log=lambda line: None)
    with Session(engine) as s:
        before = {kind: _count(s, model) for kind, model in KINDS.items()}
    engine.dispose()  # as `seed --scale` would find it: nobody else on the database
    lines: list[str] = []
    counts = scale_build.build(url, "city", lines.append, factor=FACTOR)
    with Session(engine) as s:
        after = {kind: _count(s, model) for kind, model in KINDS.items()}
    engine.dispose()
    assert any("complaints" in line and " s" in line for line in lines)  # progress, stage by stage
    return before, counts, after


class _scope:
    def __init__(self, engine) -> None:
        self.session = Session(engine, expire_on_commit=False)

    def __enter__(self) -> Session:
        return self.session

    def __exit__(self, exc_type, *_):
        if exc_type is None:
            self.session.commit()
        self.session.close()


@pytest.fixture(scope="module")
def built(pinned, tmp_root):
    with fresh_database(tmp_root, "scale") as url:
        before, counts, after = _demo_then_scale(url)
        engine = db.make_engine(url)
        yield {"url": url, "engine": engine, "before": before, "counts": counts, "after": after}
        engine.dispose()


@pytest.fixture
def s(built):
    with Session(built["engine"], expire_on_commit=False) as session:
        yield session
        session.rollback()


def test_it_adds_the_counts_it_reports_a_five_hundredth_of_the_city(built):
    counts, before, after = built["counts"], built["before"], built["after"]
    assert counts["complaints"] == 1_000
    assert counts["skm_responses"] == 2_000
    assert counts["forum_items"] == 100
    assert counts["training_enrolments"] == 200
    assert counts["staff"] == round(19_700 * FACTOR)
    assert counts["units"] == 1  # at least one of every kind
    for kind in KINDS:
        assert after[kind] - before[kind] == counts[kind], kind
    assert counts["complaint_events"] > 5 * counts["complaints"]  # whole timelines, not one row each


def test_two_builds_on_the_same_day_are_the_same_database(built, pinned, tmp_root):
    with fresh_database(tmp_root, "scale2") as url:
        _, counts, _ = _demo_then_scale(url)
        engine = db.make_engine(url)
        with Session(engine) as other, Session(built["engine"]) as first:
            assert counts == built["counts"]
            assert _checksum(other) == _checksum(first)
        engine.dispose()


def test_a_second_build_is_refused_and_adds_nothing(built, pinned):
    with pytest.raises(scale_build.ScaleRefused, match="already holds a scale build"):
        scale_build.build(built["url"], "small", lambda line: None)
    with Session(built["engine"]) as s:
        assert {kind: _count(s, model) for kind, model in KINDS.items()} == built["after"]


def test_a_database_of_other_districts_is_refused(world, session):
    """Never onto a real installation's data: the city goes on top of the demo organisation."""
    units = _count(session, Unit)
    with pytest.raises(scale_build.ScaleRefused, match="lacks its districts"):
        scale_build.build(None, "small", lambda line: None)
    assert _count(session, Unit) == units


def test_an_unknown_scale_is_refused():
    with pytest.raises(scale_build.ScaleRefused, match="unknown scale"):
        scale_build.build(None, "province", lambda line: None)


def test_the_district_ikm_is_the_one_its_responses_give(s, pinned):
    """The dashboard reads the monthly roll-up; it must add up to the responses themselves."""
    assert stats.months_drift(s) == 0
    quarter = periods.previous(periods.containing(TODAY, "quarter"))
    for district_id in s.exec(select(District.id)).all():
        shown = stats.ikm_for(s, system_actor(), period=quarter, district_id=district_id)
        sums = ", ".join(f"SUM(r.u{i})" for i in range(1, 10))
        row = s.exec(
            text(
                f"SELECT COUNT(*), {sums} FROM survey_response r JOIN unit u ON u.id = r.unit_id "
                "WHERE u.district_id = :d AND r.answered_on BETWEEN :a AND :b"
            ),
            params={"d": district_id, "a": quarter.start, "b": quarter.end},
        ).one()
        assert shown.n == row[0] > 0
        assert shown == ikm.compute(row[1:], row[0])


def test_the_responses_span_three_years_and_most_units(s, built):
    demo_n = built["before"]["skm_responses"]
    generated = select(SurveyResponse).where(SurveyResponse.id > demo_n).subquery()
    first, last, units = s.exec(
        select(func.min(generated.c.answered_on), func.max(generated.c.answered_on),
               func.count(generated.c.unit_id.distinct()))
    ).one()  # fmt: skip
    assert first <= TODAY - timedelta(days=3 * 365 - 31) and last <= TODAY
    assert units >= 30  # of 36: a unit with few service users may get none at this size


def test_complaint_timelines_are_what_the_workflow_writes(s, built):
    demo_max = built["before"]["complaints"]  # the demo's complaints come first
    rows = s.exec(select(Complaint).where(Complaint.id > demo_max)).all()
    events: dict[int, list[ComplaintEvent]] = {}
    for e in s.exec(select(ComplaintEvent).where(ComplaintEvent.complaint_id > demo_max).order_by(ComplaintEvent.id)):
        events.setdefault(e.complaint_id, []).append(e)
    states = {c.state for c in rows}
    assert {State.closed, State.forwarded, State.duplicate} <= states
    assert any(c.secret for c in rows) and len({c.unit_id for c in rows}) > 10
    for c in rows:
        own = [e for e in events[c.id] if e.action != "merged_in"]
        assert own[0].action == "create" and c.version == len(own)
        moves = [e for e in own if e.to_state]
        assert moves[-1].to_state == c.state, c.tracking_id
        assert (c.due_on, c.due_kind) == (own[-1].due_on, own[-1].due_kind)
        if c.state == State.closed:
            assert own[-1].action in ("close", "auto_close") and c.closed_on and c.handling_days is not None
        if c.state == State.duplicate:
            assert c.merged_into_id is not None
            assert any(e.action == "merged_in" and e.note == c.tracking_id for e in events[c.merged_into_id])


def test_the_complaint_queue_of_a_district_lists_generated_complaints(s, pinned):
    district = s.exec(select(District).where(District.code == "TGS")).one()
    page = triage.queue(s, system_actor(), triage.QueueFilter(district_id=district.id), page_size=200)
    open_here = s.exec(
        select(func.count())
        .select_from(Complaint)
        .where(Complaint.district_id == district.id, Complaint.state.in_(["forwarded", "in_follow_up", "done"]))
    ).one()
    assert page.total >= open_here > 0
    assert all(r.tracking_id.startswith("TGS-") for r in page.items)


def test_a_new_complaint_gets_the_next_tracking_id(s, pinned):
    """The counters continue after the generated complaints (and, on PostgreSQL, so do the ids)."""
    officer = accounts.actor_for(s, "officer", time.time())
    wanggar = s.exec(select(District).where(District.code == "WGR")).one()
    last = s.exec(
        select(func.max(Complaint.seq)).where(Complaint.district_id == wanggar.id, Complaint.year == TODAY.year)
    ).one()
    created = intake.create_complaint(s, officer, {
        "kind": "pengaduan", "channel": "walk_in", "category": "adminduk", "title": "KTP-el belum jadi",
        "description": "Sudah tiga minggu belum jadi.", "received_on": TODAY,
    })  # fmt: skip
    assert created.tracking_id == f"WGR-{TODAY.year}-{last + 1:06d}"


def test_the_forum_board_of_a_district_shows_generated_units(s):
    district = s.exec(select(District).where(District.code == "TGS")).one()
    cards = forum_items.board(s, system_actor(), district_id=district.id)
    assert cards
    assert any(GENERATED_CODE.match(c.unit_code or "") for c in cards) or len(cards) > 50


def test_the_20_jp_ledger_counts_the_generated_certificates(s):
    cert = s.exec(select(Certificate).order_by(Certificate.id.desc())).first()
    unit = s.get(Unit, s.get(Staff, cert.staff_id).unit_id)
    frame = ledger.ledger(s, system_actor(), cert.end_on.year, district_id=unit.district_id)
    assert not frame.empty
    row = frame[frame["staff_id"] == cert.staff_id].iloc[0]
    assert row["completed_jp"] >= cert.jp


def test_the_fast_calendar_answers_as_the_calendar_does():
    cal = workdays.Calendar()
    first, last = date(2023, 11, 1), date(2027, 3, 1)
    fast = FastCalendar(cal, first, last)
    day = date(2023, 10, 20)  # from before the index to after it
    while day < date(2027, 3, 20):
        assert fast.is_working_day(day) == cal.is_working_day(day), day
        for n in (-3, -1, 0, 1, 3, 10):
            assert fast.add(day, n) == cal.add(day, n), (day, n)
        for span in (0, 1, 6, 40):
            end = day + timedelta(days=span)
            assert fast.between(day, end) == cal.between(day, end), (day, span)
            assert fast.between(end, day) == cal.between(end, day), (day, span)
            assert fast.days_left(day, end) == cal.days_left(day, end), (day, span)
            assert fast.days_left(end, day) == cal.days_left(end, day), (day, span)
        day += timedelta(days=3)
