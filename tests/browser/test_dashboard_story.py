"""A manager reads the satisfaction dashboard in a real browser: the charts render, a click on a
district and then on a unit narrows the page to it, a click on an element follows that element, and
the address can be shared."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from models.core.org import Unit
from models.core.settings import Setting
from services.core import clock, db, periods
from tests.browser.helpers import heading, logged_in, login, no_exception, settle
from tests.satisfaction.factories import responses, same

WEAK_U3 = [3, 3, 2, 3, 3, 3, 3, 3, 3]
SLOW = 20_000  # ms, for the first run of a page on a cold server


@pytest.fixture(scope="module")
def survey_data(browser_db_url):
    """This quarter and last: every Walesi and Wanggar unit fair; Walesi's permit office slow (U3)."""
    engine = db.make_engine(browser_db_url)
    today = clock.today()
    last_quarter = periods.previous(periods.containing(today, "quarter")).start
    with Session(engine) as s:
        s.add(Setting(key="satisfaction.refresh_seconds", value=10))  # for the live check below
        units = dict(s.exec(select(Unit.code, Unit.id).where(Unit.code.like("W%"))).all())
        for code, unit_id in units.items():
            scores = same(WEAK_U3, 12) if code == "WLS-PTSP" else same(3, 8) + same(4, 4)
            responses(s, unit_id, today, scores, suggestion="Antrean izin usaha lama" if code == "WLS-PTSP" else None)
            responses(s, unit_id, last_quarter, same(3, 10))
        s.commit()
    engine.dispose()
    return units


def add_responses(url: str, unit_id: int, count: int) -> None:
    engine = db.make_engine(url)
    with Session(engine) as s:
        responses(s, unit_id, clock.today(), same(WEAK_U3, count))
        s.commit()
    engine.dispose()


def click_mark(page: Page, chart_index: int, kind: str, label_part: str, until: str) -> None:
    """Click the mark (bar, point, ...) whose accessible label contains `label_part`, at its position in
    the chart's SVG as a user's pointer would, until the address shows `until`.

    Right after a rerun Streamlit may still show the previous run's chart while the new one mounts;
    a click on that one is lost (a user would click again), so the click is repeated, up to three times.
    """
    for _ in range(3):
        chart = page.get_by_test_id("stVegaLiteChart").nth(chart_index)
        mark = chart.locator(f"[aria-roledescription='{kind}'][aria-label*='{label_part}']").first
        expect(mark).to_be_attached(timeout=SLOW)
        mark.scroll_into_view_if_needed()
        box = mark.bounding_box()
        assert box, f"no {kind} labelled {label_part!r}"
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        settle(page)
        try:
            expect(page).to_have_url(re.compile(until), timeout=5_000)
            return
        except AssertionError:
            continue
    raise AssertionError(f"clicking the {kind} {label_part!r} never led to {until!r}")


def log_in(page: Page, app_url: str, username: str) -> None:
    login(page, app_url, username)
    expect(page.get_by_role("button", name="Keluar")).to_be_visible(timeout=SLOW)  # a cold server is slower
    logged_in(page)


def chosen(page: Page, label: str, value: str, timeout: float = 5_000) -> None:
    """The selectbox labelled `label` shows `value`."""
    expect(page.get_by_role("combobox", name=label)).to_have_value(re.compile(re.escape(value)), timeout=timeout)


def test_a_manager_opens_the_dashboard_and_narrows_it_by_clicking(page, app_url, survey_data):
    log_in(page, app_url, "manager")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Dasbor pimpinan").click()
    settle(page)
    expect(heading(page, "Kepuasan masyarakat")).to_be_visible(timeout=SLOW)

    # The four satisfaction charts render (module panels may add more below).
    charts = page.get_by_test_id("stVegaLiteChart")
    for i in range(4):
        expect(charts.nth(i)).to_be_visible(timeout=SLOW)
        expect(charts.nth(i).locator("svg")).to_be_attached(timeout=SLOW)
    expect(page.get_by_text("IKM per wilayah", exact=False)).to_be_visible()
    no_exception(page)

    # Walesi is the lowest district: a click on its bar opens Walesi.
    click_mark(page, 1, "bar", "name: Walesi;", until=r"district=WLS")
    chosen(page, "Wilayah", "Walesi")
    expect(page.get_by_text("IKM per unit", exact=False)).to_be_visible()
    expect(page).to_have_url(re.compile(r"district=WLS"))

    # Its permit office is the lowest unit: a click on it narrows the page to that unit.
    click_mark(page, 1, "bar", "name: WLS-PTSP;", until=r"unit=WLS-PTSP")
    chosen(page, "Unit layanan", "WLS-PTSP")
    expect(page.get_by_text("Tren IKM · Layanan Perizinan Distrik Walesi")).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Unsur terendah")).to_contain_text("U3")
    expect(page.get_by_text("Antrean izin usaha lama").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"unit=WLS-PTSP"))
    no_exception(page)

    # Why: a click on the lowest element follows waiting time alone.
    click_mark(page, 2, "bar", "name: U3 Waktu Penyelesaian;", until=r"element=u3")
    expect(page.get_by_role("button", name=re.compile("Unsur: U3 Waktu Penyelesaian"))).to_be_visible()
    expect(page.get_by_text("Tren U3 Waktu Penyelesaian (NRR x 25)", exact=False)).to_be_visible()
    expect(page).to_have_url(re.compile(r"element=u3"))

    # The address is the view: opened again, it shows the same unit and element.
    shared = page.url
    page.goto(shared)
    settle(page)
    chosen(page, "Unit layanan", "WLS-PTSP", timeout=SLOW)  # the reload logs in again from the cookie
    expect(page.get_by_role("button", name=re.compile("Unsur: U3 Waktu Penyelesaian"))).to_be_visible()
    no_exception(page)


def test_a_response_entered_elsewhere_appears_without_a_reload(page, app_url, browser_db_url, survey_data):
    log_in(page, app_url, "manager")
    page.goto(f"{app_url}/dashboard?district=WLS&unit=WLS-PTSP")
    settle(page)
    respondents = page.get_by_test_id("stMetric").filter(has_text="Responden").get_by_test_id("stMetricValue")
    expect(respondents).to_have_text(re.compile(r"^\d+$"), timeout=SLOW)
    before = int(respondents.inner_text())
    add_responses(browser_db_url, survey_data["WLS-PTSP"], 3)  # e.g. at the counter's kiosk
    # No click, no reload: the dashboard redraws itself (every 10 s in this story).
    expect(respondents).to_have_text(str(before + 3), timeout=30_000)
    no_exception(page)
