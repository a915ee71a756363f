"""IKM in SQL: sums and counts per group in the database, the exact engine on top; the dashboard's
roll-ups equal a direct query; access per role and district; the manager's home."""

from datetime import date

import pytest

from services.core import periods
from services.core.errors import AccessDenied, NotFound
from services.satisfaction import dashboard, home, ikm, imports, stats, surveys
from tests.satisfaction.factories import responses, same, service_users

Q3 = periods.parse("2026-Q3")
Q4 = periods.parse("2026-Q4")
YEAR = periods.parse("2026")


@pytest.fixture
def data(session, world):
    """Wanggar: Dukcapil all 3s in July (10) and 4s in August (5); PTSP a weak U3 in Q3.
    Sawahlunto: all 2s in September (4). Q4 a little of everything."""
    u = {code: unit.id for code, unit in world.units.items()}
    responses(session, u["WGR-DUKCAPIL"], date(2026, 7, 10), same(3, 10), gender="P", age=30, education="sma")
    responses(session, u["WGR-DUKCAPIL"], date(2026, 8, 3), same(4, 5), gender="L", age=60, suggestion="Cepat sekali")
    responses(session, u["WGR-PTSP"], date(2026, 9, 30), same([3, 3, 1, 4, 3, 3, 3, 3, 3], 6), occupation="wiraswasta")
    responses(session, u["SWL-DUKCAPIL"], date(2026, 9, 15), same(2, 4), suggestion="Antrean lama")
    responses(session, u["WGR-DUKCAPIL"], date(2026, 10, 1), same(3, 2))
    responses(session, u["SWL-DPMPTSP"], date(2026, 11, 2), same(4, 3))
    session.commit()
    return u


def test_a_unit_quarter_equals_the_engine_on_the_same_answers(session, world, data):
    result = stats.ikm_for(session, world["manager"], period=Q3, unit_id=data["WGR-DUKCAPIL"])
    expected = ikm.from_scores(same(3, 10) + same(4, 5))
    assert result == expected
    assert (result.n, result.ikm, result.grade) == (15, 83.33, "B")


def test_a_district_and_everything(session, world, data):
    wgr = stats.ikm_for(session, world["manager"], period=Q3, district_id=world.wgr.id)
    assert wgr == ikm.from_scores(same(3, 10) + same(4, 5) + same([3, 3, 1, 4, 3, 3, 3, 3, 3], 6))
    everything = stats.ikm_for(session, world["manager"], period=Q3)
    assert everything.n == 25
    assert stats.ikm_for(session, world["manager"], period=YEAR).n == 30


def test_boundaries_of_a_period_are_inclusive(session, world, data):
    sept = stats.ikm_for(session, world["manager"], period=periods.parse("2026-09"), district_id=world.wgr.id)
    assert sept.n == 6  # 30 September counts
    oct_ = stats.ikm_for(session, world["manager"], period=periods.parse("2026-10"), district_id=world.wgr.id)
    assert oct_.n == 2  # 1 October counts


def test_a_district_manager_sees_only_their_district(session, world, data):
    swl = world["manager.swl"]
    assert stats.ikm_for(session, swl, period=YEAR).n == 7  # "everything" means everything in scope
    with pytest.raises(AccessDenied):
        stats.ikm_for(session, swl, period=YEAR, district_id=world.wgr.id)
    with pytest.raises(AccessDenied):
        stats.ikm_for(session, swl, period=YEAR, unit_id=data["WGR-PTSP"])
    with pytest.raises(NotFound):
        stats.ikm_for(session, swl, period=YEAR, unit_id=999_999)


@pytest.mark.parametrize("who", ["officer", "organizer", "trainer"])
def test_other_roles_read_no_aggregates(session, world, data, who):
    with pytest.raises(AccessDenied):
        stats.ikm_for(session, world[who], period=YEAR)


def test_monthly_cells_are_sums_and_counts_per_unit_and_month(session, world, data):
    cells = stats.monthly_cells(session, world["manager"], start=Q3.start, end=Q3.end, district_id=world.wgr.id)
    by_key = {(c.unit_id, c.month): (c.n, c.sums) for c in cells}
    assert by_key == {
        (data["WGR-DUKCAPIL"], "2026-07"): (10, (30,) * 9),
        (data["WGR-DUKCAPIL"], "2026-08"): (5, (20,) * 9),
        (data["WGR-PTSP"], "2026-09"): (6, (18, 18, 6, 24, 18, 18, 18, 18, 18)),
    }


def test_the_dashboard_roll_up_equals_the_direct_query(session, world, data):
    window = periods.ending(date(2026, 11, 23), "quarter", 4)
    buckets = periods.split(window, "quarter")
    for district_id in (None, world.wgr.id):
        selection = stats.select_scope(session, world["manager"], district_id=district_id)
        cells = stats.monthly_cells(
            session, world["manager"], start=window.start, end=window.end, district_id=district_id
        )
        dash = dashboard.compose(cells, selection, selection.units, buckets=buckets, step="quarter", focus=Q3)
        direct = stats.ikm_for(session, world["manager"], period=Q3, district_id=district_id)
        assert dash.current == direct
        assert [p.result for p in dash.trend if p.period.code == "2026-Q3"] == [direct]
        assert dash.focus.code == "2026-Q3"


def test_compose_ranks_groups_lowest_first_and_picks_the_latest_period_with_data(session, world, data):
    window = periods.ending(date(2026, 11, 23), "quarter", 4)
    selection = stats.select_scope(session, world["manager"])
    cells = stats.monthly_cells(session, world["manager"], start=window.start, end=window.end)
    dash = dashboard.compose(
        cells, selection, selection.units, buckets=periods.split(window, "quarter"), step="quarter", focus=None
    )
    assert dash.focus.code == "2026-Q4"
    assert dash.group_level == "district"
    q3 = dashboard.compose(
        cells, selection, selection.units, buckets=periods.split(window, "quarter"), step="quarter", focus=Q3
    )
    assert [g.name for g in q3.groups] == ["Sawahlunto", "Wanggar"]  # 50.00 before 80.56
    assert q3.previous is not None and q3.previous.n == 0
    assert q3.heat_level == "district" and [label for _, label, _ in q3.heat_rows] == ["Sawahlunto", "Wanggar"]


def test_compose_for_one_unit_compares_it_with_its_siblings_and_follows_one_element(session, world, data):
    window = periods.ending(date(2026, 11, 23), "month", 6)
    unit = data["WGR-PTSP"]
    selection = stats.select_scope(session, world["manager"], unit_id=unit)
    context = stats.select_scope(session, world["manager"], district_id=world.wgr.id)
    cells = stats.monthly_cells(session, world["manager"], start=window.start, end=window.end, district_id=world.wgr.id)
    sept = periods.parse("2026-09")
    dash = dashboard.compose(
        cells, selection, context.units, buckets=periods.split(window, "month"), step="month", focus=sept, element="u3"
    )
    assert dash.group_level == "unit" and {g.code for g in dash.groups} == {"WGR-DUKCAPIL", "WGR-PTSP"}
    ptsp = next(g for g in dash.groups if g.code == "WGR-PTSP")
    assert (ptsp.value, ptsp.grade) == (25.0, "D")  # U3 all 1s: NRR 1 x 25
    assert [p.value for p in dash.trend if p.period.code == "2026-09"] == [25.0]
    assert dash.heat_level == "period" and [label for _, label, _ in dash.heat_rows] == ["2026-09"]
    assert dash.current.lowest_elements()[0] == "u3"


def test_sample_check_uses_the_entered_service_users(session, world, data):
    service_users(session, data["WGR-DUKCAPIL"], "2026-Q3", 100)  # minimum 80
    selection = stats.select_scope(session, world["manager"], district_id=world.wgr.id)
    rows = {
        r.unit.code: r
        for r in dashboard.sample_check(session, world["manager"], selection, Q3, {data["WGR-DUKCAPIL"]: 15})
    }
    assert (rows["WGR-DUKCAPIL"].minimum, rows["WGR-DUKCAPIL"].short) == (80, True)
    assert (rows["WGR-PTSP"].population, rows["WGR-PTSP"].short) == (None, None)


def test_sample_check_keeps_to_the_readers_scope(session, world, data):
    service_users(session, data["WGR-DUKCAPIL"], "2026-Q3", 100)
    swl = world["manager.swl"]
    wanggar = stats.select_scope(session, world["manager"], district_id=world.wgr.id)
    with pytest.raises(AccessDenied):  # a selection made by (or for) someone else
        dashboard.sample_check(session, swl, wanggar, Q3, {data["WGR-DUKCAPIL"]: 15})
    forged = stats.Selection(district_id=None, unit_id=None, units=wanggar.units)  # "everything", Wanggar's units
    with pytest.raises(AccessDenied):
        dashboard.sample_check(session, swl, forged, Q3, {})
    own = stats.select_scope(session, swl)
    assert {r.unit.code for r in dashboard.sample_check(session, swl, own, Q3, {})} == {"SWL-DPMPTSP", "SWL-DUKCAPIL"}


def test_profile_and_suggestions_are_aggregates_in_scope(session, world, data):
    prof = stats.profile(session, world["manager"], period=Q3, unit_id=data["WGR-DUKCAPIL"])
    assert prof.n == 15
    assert prof.gender == {"P": 10, "L": 5}
    assert prof.age == {"25-34": 10, "55+": 5}
    assert prof.education == {"sma": 10, "-": 5}
    said = stats.suggestions(session, world["manager"], period=YEAR)
    assert [s.text for s in said] == ["Antrean lama"] * 4 + ["Cepat sekali"] * 4  # newest first, at most 8
    assert said[0].low == tuple(f"u{i}" for i in range(1, 10))  # all 2s
    assert said[-1].low == ()
    assert {s.unit_code for s in stats.suggestions(session, world["manager.swl"], period=YEAR)} == {"SWL-DUKCAPIL"}


def test_data_version_changes_when_a_response_is_added(session, world, data):
    before = stats.data_version(session)
    responses(session, data["WGR-PTSP"], date(2026, 11, 1), same(3, 1))
    assert stats.data_version(session) != before


def test_home_shows_this_quarters_ikm_per_district_with_its_change(session, world, data, monkeypatch):
    from services.core import clock

    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 23))
    rows = home.districts_this_quarter(session, world["manager"], date(2026, 11, 23))
    by_name = {d.district_name: d for d in rows}
    assert by_name["Wanggar"].current.ikm == 75.0 and by_name["Wanggar"].previous.n == 21
    assert by_name["Wanggar"].change == ikm.round2(
        by_name["Wanggar"].current.ikm_exact - by_name["Wanggar"].previous.ikm_exact
    )
    assert by_name["Sawahlunto"].current.ikm == 100.0 and by_name["Sawahlunto"].change == 50.0
    figures = home.home_figures(session, world["manager.swl"])
    assert [(f.params["district"], f.value, f.delta) for f in figures] == [("Sawahlunto", "100,00 · A", "+50,00")]
    items = home.home_attention(session, world["manager"])
    wanggar = next(i for i in items if i.params["district"] == "Wanggar")
    assert wanggar.text_key == "home.att.ikm_below_target" and wanggar.severity == "warning"
    assert home.home_figures(session, world["officer"]) == []


def test_the_monthly_roll_up_stays_exact_through_every_way_of_writing(session, world):
    """Triggers keep survey_month equal to the responses: entry, kiosk, import, corrections, deletes."""
    from sqlalchemy import update
    from sqlmodel import select

    from models.satisfaction import SurveyMonth, SurveyResponse
    from services.core import clock
    from services.satisfaction import kiosk
    from tests.satisfaction.factories import form_data

    unit = world.units["WGR-DUKCAPIL"].id
    saved = surveys.create_response(session, world["officer"], form_data(unit, date(2026, 10, 5), 4))
    _, token = kiosk.issue(session, world["admin"], {"unit_id": unit, "label": "Loket"})
    kiosk.submit(session, token, {f"u{i}": 2 for i in range(1, 10)}, "b")
    csv = (
        b"date,unit_code,u1,u2,u3,u4,u5,u6,u7,u8,u9\n"
        b"2026-09-30,WGR-PTSP,3,3,1,3,3,3,3,3,3\n"
        b"2026-10-01,WGR-PTSP,4,4,4,4,4,4,4,4,4\n"
    )
    batch = imports.import_file(session, world["officer"], csv, "a.csv")
    responses(session, unit, date(2026, 10, 31), same(1, 3))
    assert stats.months_drift(session) == 0
    session.exec(update(SurveyResponse).where(SurveyResponse.id == saved.id).values(answered_on=date(2026, 8, 1), u3=1))
    imports.undo_import(session, world["admin"], batch.import_id)
    assert stats.months_drift(session) == 0
    october = session.get(SurveyMonth, (unit, date(2026, 10, 1)))
    assert (october.n, october.s1) == (3, 3)  # the three 1s; the form's response moved to August
    this_month = clock.today().replace(day=1)  # the kiosk dates a response today
    assert session.get(SurveyMonth, (unit, this_month)).s1 == 2
    august = session.get(SurveyMonth, (unit, date(2026, 8, 1)))
    assert (august.n, august.s3, august.s1) == (1, 1, 4)
    # A hand edit that bypassed the triggers is repaired by a rebuild.
    session.exec(update(SurveyMonth).values(n=99))
    assert stats.months_drift(session) > 0
    stats.rebuild_months(session)
    assert stats.months_drift(session) == 0
    months = [m.month for m in session.exec(select(SurveyMonth).order_by(SurveyMonth.month))]
    assert months == sorted({date(2026, 8, 1), date(2026, 10, 1), this_month})


def test_a_range_of_days_is_added_up_from_the_responses(session, world, data):
    days = periods.custom(date(2026, 8, 1), date(2026, 9, 29))  # not whole months: 30 September left out
    assert stats.ikm_for(session, world["manager"], period=days, district_id=world.wgr.id).n == 5
