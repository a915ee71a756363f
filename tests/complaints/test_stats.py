"""The dashboard's complaint aggregates: volume by category by month, share closed on time, median
working days to the answer; scoped by district, unit and period, rolled up to quarters."""

from datetime import date

import pandas as pd
import pytest

from models.complaints import State
from services.complaints import stats as complaint_stats
from services.complaints import workflow
from services.core import periods
from services.core.errors import AccessDenied
from tests.complaints.factories import placed, row


def closed(session, world, received, closed_on, days, on_time, unit="WGR-DUKCAPIL", category="adminduk"):
    c = placed(
        session,
        world,
        State.closed,
        unit=unit,
        received_on=received,
        district=None if unit.startswith("WGR") else world.swl,
    )
    r = row(session, c.tracking_id)
    r.closed_on, r.handling_days, r.on_time, r.category = closed_on, days, on_time, category
    session.add(r)
    session.commit()
    return c


@pytest.fixture
def data(session, world, today):
    closed(session, world, date(2026, 1, 5), date(2026, 1, 12), 3, True)
    closed(session, world, date(2026, 1, 6), date(2026, 1, 20), 8, False, category="perizinan", unit="WGR-PTSP")
    closed(session, world, date(2026, 1, 7), date(2026, 1, 14), 5, True)
    closed(session, world, date(2026, 2, 2), date(2026, 2, 10), 6, True)
    closed(session, world, date(2026, 2, 3), date(2026, 2, 5), 2, True, unit="SWL-DUKCAPIL")
    placed(session, world, State.received, received_on=date(2026, 2, 2))  # received, still open


def test_volume_by_category_and_month(session, world, data):
    frame = complaint_stats.volume_by_category(session, world["manager"], periods.parse("2026-Q1"))
    got = {(r.code, r.category): r.n for r in frame.itertuples()}
    assert got == {("2026-01", "adminduk"): 2, ("2026-01", "perizinan"): 1, ("2026-02", "adminduk"): 3}
    quarters = complaint_stats.volume_by_category(session, world["manager"], periods.parse("2026"), "quarter")
    assert {(r.code, r.category): r.n for r in quarters.itertuples()} == {
        ("2026-Q1", "adminduk"): 5,
        ("2026-Q1", "perizinan"): 1,
    }


def test_share_on_time_and_median_days_by_month(session, world, data):
    frame = complaint_stats.closing_by_bucket(session, world["manager"], periods.parse("2026-Q1"))
    by = {r.code: r for r in frame.itertuples()}
    assert list(by) == ["2026-01", "2026-02", "2026-03"]  # every month of the period, empty ones too
    assert (by["2026-01"].closed, by["2026-01"].on_time, by["2026-01"].median_days) == (3, 2, 5.0)
    assert by["2026-01"].share == pytest.approx(2 / 3)
    assert (by["2026-02"].closed, by["2026-02"].median_days) == (2, 4.0)  # median of 2 and 6
    assert by["2026-03"].closed == 0 and pd.isna(by["2026-03"].median_days) and pd.isna(by["2026-03"].share)


def test_scope_by_district_and_unit(session, world, data):
    q1 = periods.parse("2026-Q1")
    wgr = complaint_stats.closing_by_bucket(session, world["manager"], q1, district_id=world.wgr.id)
    assert wgr["closed"].sum() == 4
    unit = complaint_stats.closing_by_bucket(session, world["manager"], q1, unit_id=world.units["WGR-PTSP"].id)
    assert unit["closed"].sum() == 1 and unit.iloc[0].median_days == 8
    swl_only = complaint_stats.volume_by_category(session, world["manager.swl"], q1)
    assert swl_only["n"].sum() == 1  # a Sawahlunto manager counts Sawahlunto only
    with pytest.raises(AccessDenied):
        complaint_stats.volume_by_category(session, world["manager.swl"], q1, district_id=world.wgr.id)
    with pytest.raises(AccessDenied):
        complaint_stats.volume_by_category(session, world["organizer"], q1)


def test_overview_for_a_period(session, world, data):
    head = complaint_stats.overview(session, world["manager"], periods.parse("2026-01"))
    assert (head.received, head.closed, head.median_days) == (3, 3, 5.0)
    assert head.on_time_share == pytest.approx(2 / 3) and head.open == 1


@pytest.mark.parametrize(
    "histogram, median",
    [({}, None), ({4: 1}, 4.0), ({1: 1, 9: 1}, 5.0), ({1: 2, 3: 1}, 1.0), ({2: 1, 3: 1, 10: 2}, 6.5)],
)
def test_median_from_a_histogram(histogram, median):
    assert complaint_stats.median_of(histogram) == median


def test_the_median_runs_from_receipt_to_closing_done_or_closed(session, world, today):
    """Two complaints received on Monday 2 Feb 2026 and closed in February: one marked done on Friday
    6 Feb (4 working days) and closed by the coordinator the next week; one answered on Wednesday 4 Feb
    and closed by the system after the ten quiet working days (20 Feb: 12 working days, 16-17 Feb are
    off). The dashboard gives their median from receipt to closing, 8, not the 2 to the first answer."""
    from services.core.access import system_actor
    from tests.complaints.factories import act, intake

    officer, liaison, dukcapil = world["officer"], world["officer.dukcapil"], world.units["WGR-DUKCAPIL"].id
    done, quiet = intake(session, officer).tracking_id, intake(session, officer).tracking_id
    for tid in (done, quiet):
        act(session, officer, tid, "forward", unit_id=dukcapil)
    today(date(2026, 2, 4))
    for tid in (done, quiet):
        act(session, liaison, tid, "follow_up", note="Sudah dicetak.")
    today(date(2026, 2, 6))
    act(session, liaison, done, "done", note="Selesai, sudah diambil.")
    today(date(2026, 2, 11))
    act(session, officer, done, "close", rating=5)
    today(date(2026, 2, 23))
    assert workflow.close_expired(session, system_actor()) == [quiet]
    session.commit()
    assert (row(session, done).handling_days, row(session, quiet).handling_days) == (4, 12)
    frame = complaint_stats.closing_by_bucket(session, world["manager"], periods.parse("2026-02"))
    assert frame.iloc[0].closed == 2 and frame.iloc[0].median_days == 8.0
    assert complaint_stats.overview(session, world["manager"], periods.parse("2026-02")).median_days == 8.0


def session_of():
    from sqlmodel import Session

    from services.core import db

    return Session(db.get_engine(), expire_on_commit=False)


@pytest.mark.page
def test_the_panel_says_what_its_median_measures(world, today):
    from tests.apptest import open_page, texts

    placed(session_of(), world, State.closed)
    at = open_page("manager", "pages/satisfaction/dashboard.py")
    assert not at.exception
    [label] = [m for m in at.markdown if "Median hari kerja" in m.value]
    assert label.value == "**Median hari kerja sampai ditutup**" and "sampai dijawab" not in texts(at)
