"""The managers' dashboard in AppTest: each filter, from the widgets and from a shared URL; scope;
module panels. (Clicking inside a chart needs a browser: tests/browser/test_dashboard_story.py.)"""

from datetime import date

import pytest

from tests.apptest import ROOT, as_user, by_label, texts
from tests.satisfaction.factories import pin_clock, responses, same, service_users

PAGE = str(ROOT / "pages/satisfaction/dashboard.py")


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """The data below carry fixed 2026 dates and the page's windows end today: today is 20 Nov 2026."""
    return pin_clock(monkeypatch)


@pytest.fixture
def data(session, world):
    u = {code: unit.id for code, unit in world.units.items()}
    responses(session, u["WGR-DUKCAPIL"], date(2026, 8, 10), same(3, 10), suggestion="Antrean terlalu lama")
    responses(session, u["WGR-PTSP"], date(2026, 9, 5), same([3, 3, 1, 3, 3, 3, 3, 3, 3], 4))
    responses(session, u["SWL-DUKCAPIL"], date(2026, 9, 20), same(4, 6))
    responses(session, u["WGR-DUKCAPIL"], date(2026, 11, 2), same(4, 3))
    service_users(session, u["WGR-DUKCAPIL"], "2026-Q3", 100)
    session.commit()
    return u


def open_dashboard(username: str = "manager", **params):
    at = as_user(username)
    at.switch_page(PAGE)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def metric(at, label_start: str):
    found = [m for m in at.metric if m.label.startswith(label_start)]
    assert found, [m.label for m in at.metric]
    return found[0]


def charts(at) -> int:
    return len(at.get("vega_lite_chart"))


def test_opens_on_this_quarter_for_everything_in_scope(world, data):
    at = open_dashboard()
    assert not at.exception, at.exception
    ikm = metric(at, "IKM Triwulan IV 2026")
    assert ikm.value == "100,00"  # November: three all-4 answers
    assert metric(at, "Mutu pelayanan").value == "A"
    assert charts(at) == 4  # trend, ranking, elements, heatmap
    assert "Semua wilayah" in texts(at)
    assert "Antrean terlalu lama" not in texts(at)  # the suggestion is from Q3


def test_a_shared_url_opens_the_same_view(world, data):
    at = open_dashboard(district="WGR", unit="WGR-PTSP", focus="2026-Q3", element="u3")
    assert not at.exception, at.exception
    assert by_label(at.selectbox, "Wilayah").value == world.wgr.id
    assert by_label(at.selectbox, "Unit layanan").value == data["WGR-PTSP"]
    assert metric(at, "IKM Triwulan III 2026").value == "69,44"  # U3 all 1s, the rest 3s: 25 x 25/9
    assert metric(at, "Unsur terendah").value == "U3 · 1,00"
    assert "Tren U3 Waktu Penyelesaian (NRR x 25) · Layanan Perizinan Wanggar" in texts(at)
    assert dict(at.query_params) == {"district": "WGR", "unit": "WGR-PTSP", "focus": "2026-Q3", "element": "u3"}


def test_choosing_a_district_narrows_the_page_and_the_url(world, data):
    at = open_dashboard(focus="2026-Q3")
    by_label(at.selectbox, "Wilayah").select(world.swl.id).run()
    assert not at.exception
    assert metric(at, "IKM Triwulan III 2026").value == "100,00"
    assert at.query_params["district"] == "SWL"
    assert "Sawahlunto" in texts(at)


def test_choosing_a_unit(world, data):
    at = open_dashboard(focus="2026-Q3")
    by_label(at.selectbox, "Wilayah").select(world.wgr.id).run()
    by_label(at.selectbox, "Unit layanan").select(data["WGR-DUKCAPIL"]).run()
    assert not at.exception
    assert metric(at, "IKM Triwulan III 2026").value == "75,00"
    assert metric(at, "Responden").value == "10"
    assert "Antrean terlalu lama" in texts(at)
    assert "Tren IKM · Layanan Dukcapil Wanggar" in texts(at)
    assert at.query_params["unit"] == "WGR-DUKCAPIL"


def test_changing_the_district_drops_a_unit_of_another_district(world, data):
    at = open_dashboard(unit="WGR-PTSP")
    by_label(at.selectbox, "Wilayah").select(world.swl.id).run()
    assert by_label(at.selectbox, "Unit layanan").value == 0
    assert "unit" not in at.query_params


def test_monthly_steps(world, data):
    at = open_dashboard(step="month", focus="2026-09")
    assert not at.exception, at.exception
    assert metric(at, "IKM September 2026").value == "87,78"  # 25 x (4 x 25 + 6 x 36) / (9 x 10)
    by_label(at.segmented_control, "Langkah").set_value("quarter").run()
    assert metric(at, "IKM Triwulan").label.startswith("IKM Triwulan")
    assert "step" not in at.query_params


def test_a_calendar_year_range(world, data):
    at = open_dashboard(range="2025")
    assert not at.exception
    assert "Belum ada kuesioner" in texts(at)
    by_label(at.selectbox, "Rentang").select("2026").run()
    assert charts(at) == 4
    assert at.query_params["range"] == "2026"


def test_focus_and_element_can_be_cleared(world, data):
    at = open_dashboard(focus="2026-Q3", element="u3")
    at.button(key="dash_clear_element").click().run()
    assert "element" not in at.query_params
    at.button(key="dash_clear_focus").click().run()
    assert "focus" not in at.query_params
    assert metric(at, "IKM Triwulan IV 2026")


def test_nonsense_in_the_url_is_ignored(world, data):
    at = open_dashboard(district="XXX", unit="NOPE", step="week", range="99y", focus="2019-Q1", element="u12")
    assert not at.exception, at.exception
    assert dict(at.query_params) == {}
    assert metric(at, "IKM Triwulan IV 2026")


def test_a_district_manager_sees_their_district_whatever_the_url_says(world, data):
    at = open_dashboard("manager.swl", district="WGR", unit="WGR-PTSP", focus="2026-Q3")
    assert not at.exception, at.exception
    assert by_label(at.selectbox, "Wilayah").options == ["Sawahlunto"]
    assert metric(at, "IKM Triwulan III 2026").value == "100,00"
    assert "Wanggar" not in texts(at)


def test_the_sample_check_warns_when_responses_fall_short(world, data):
    at = open_dashboard(unit="WGR-DUKCAPIL", focus="2026-Q3")
    assert metric(at, "Responden").delta == "-70 dari minimum"  # 10 of 80 for N = 100
    assert any("belum mencapai sampel minimum" in w.value for w in at.warning)


def test_district_names_are_shown_as_typed_not_as_markdown(world, data, session):
    from models.core.org import District
    from ui.widgets import md_escape

    district = session.get(District, world.swl.id)
    district.name = "Sawahlunto _Kota_"
    session.add(district)
    session.commit()
    at = open_dashboard(focus="2026-Q4")  # Sawahlunto has no questionnaire in Q4
    assert f"Tanpa kuesioner pada periode ini: {md_escape('Sawahlunto _Kota_')}" in texts(at)
    at = open_dashboard(district="SWL", range="2025")
    assert md_escape("Sawahlunto _Kota_") in at.info[0].value


def test_an_empty_database_shows_a_hint_not_an_error(world):
    at = open_dashboard()
    assert not at.exception, at.exception
    assert "Belum ada kuesioner" in texts(at)
    assert charts(at) == 0


def test_english(world, data):
    at = as_user("manager", lang="en")
    at.switch_page(PAGE)
    at.query_params["focus"] = "2026-Q3"
    at.run()
    assert not at.exception
    assert metric(at, "IKM Q3 2026").value == "81.39"  # 25 x (270 + 100 + 216) / (9 x 20)


def test_module_panels_are_drawn_with_the_dashboards_scope(world, data, monkeypatch):
    from ui import dashboard as registry

    seen = []

    def panel(scope):
        import streamlit as st

        seen.append(scope)
        st.write("panel drawn")

    monkeypatch.setattr(registry, "panels", lambda: [("dash.title", panel)])
    at = open_dashboard(district="WGR", step="month", focus="2026-09")
    assert not at.exception, at.exception
    assert "panel drawn" in texts(at)
    scope = seen[-1]
    assert (scope.district_id, scope.unit_id, scope.granularity, scope.focus.code) == (
        world.wgr.id,
        None,
        "month",
        "2026-09",
    )
    from services.core import clock, periods

    assert scope.period.end == periods.containing(clock.today(), "month").end  # 24 months up to this one


def test_the_managers_home_shows_this_quarters_ikm_per_district(world, session):
    from services.core import clock, periods

    this = periods.containing(clock.today(), "quarter")
    last = periods.previous(this)
    responses(session, world.units["WGR-DUKCAPIL"].id, last.start, same(3, 4))
    responses(session, world.units["WGR-DUKCAPIL"].id, clock.today(), same([3, 3, 2, 3, 3, 3, 3, 3, 3], 4))
    session.commit()
    at = as_user("manager")
    assert not at.exception, at.exception
    label = f"IKM Wanggar · {periods.short_label(this, 'id')}"
    ikm = metric(at, label)
    assert (ikm.value, ikm.delta) == ("72,22 · C", "-2,78")  # 25 x 26/9, against 75.00 last quarter
    assert "unsur terendah Waktu Penyelesaian (NRR 2,00)" in texts(at)
    links = [(p.proto.page, p.proto.query_string) for p in at.get("page_link") if p.proto.label == "Buka"]
    assert ("dashboard", "district=WGR") in links  # the item opens the dashboard on that district
    assert not [m for m in at.metric if m.label.startswith("IKM") and "Sawahlunto" in m.label]  # no responses
    officer = as_user("officer")
    assert not [m for m in officer.metric if m.label.startswith("IKM")]


def test_the_filters_survive_a_switch_of_language(world, data):
    at = open_dashboard(district="WGR", range="1y", focus="2026-Q3")
    at.session_state["sigap_lang"] = "en"
    at.run()
    assert by_label(at.selectbox, "District").value == world.wgr.id
    assert by_label(at.selectbox, "Range").value == "1y"
    assert metric(at, "IKM Q3 2026")
    assert dict(at.query_params) == {"district": "WGR", "range": "1y", "focus": "2026-Q3"}


def test_a_response_entered_elsewhere_shows_on_the_next_refresh(world, data, session):
    """The aggregates are cached, keyed by a data version: new data is never hidden by the cache."""
    at = open_dashboard(unit="WGR-DUKCAPIL", focus="2026-Q4")
    assert metric(at, "Responden").value == "3"
    responses(session, data["WGR-DUKCAPIL"], date(2026, 11, 3), same(2, 2))  # e.g. from a kiosk
    session.commit()
    at.run()  # what the fragment's timer does every `satisfaction.refresh_seconds`
    assert metric(at, "Responden").value == "5"
