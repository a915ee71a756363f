"""A complaint's whole life in a real browser: the Wanggar coordinator takes it in at the counter and
forwards it to the civil-registry unit; the unit's liaison finds it in the queue and follows up; the
coordinator closes it with the complainant's rating; the timeline shows every step, and the citizen
sees the public part on the status page with the receipt's ID and PIN."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import heading, logged_in, login, logout, no_exception, open_app, settle


def choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label`, scrolled into view first as a user would (a
    click that must scroll the page first can land beside the box and leave the list closed)."""
    settle(page)
    box = page.get_by_role("combobox", name=label, exact=True)
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("option", name=option).first.click()
    settle(page)


def signed_in(page: Page) -> None:
    """Logged in; the first login on a freshly started server can take longer than a page turn."""
    expect(page.get_by_role("button", name="Keluar")).to_be_visible(timeout=30_000)
    logged_in(page)


def go(page: Page, link: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
    settle(page)


def take_action(page: Page, action: str) -> None:
    choose(page, "Pilih tindakan", action)
    expect(page.get_by_role("button", name="Simpan tindakan")).to_be_visible()


def save_action(page: Page, action: str) -> None:
    page.get_by_role("button", name="Simpan tindakan").click()
    settle(page)
    expect(page.get_by_text(f"Tersimpan: {action}.")).to_be_visible()
    no_exception(page)


def test_a_complaint_from_the_counter_to_its_closing(browser, page, app_url):
    # 1. The coordinator takes the complaint in at the counter.
    login(page, app_url, "officer")
    signed_in(page)
    go(page, "Catat pengaduan")
    expect(heading(page, "Catat pengaduan")).to_be_visible()
    choose(page, "Kategori", "Administrasi kependudukan (KTP-el, KK, akta)")
    expect(page.get_by_text("Disarankan dari kategori: WGR-DUKCAPIL", exact=False)).to_be_visible()
    page.get_by_role("textbox", name="Ringkasan").fill("Akta kelahiran anak belum terbit")
    page.get_by_role("textbox", name="Uraian").fill(
        "Berkas akta kelahiran sudah lengkap sejak bulan lalu, belum ada kabar. Anak perlu akta untuk sekolah."
    )
    page.get_by_role("textbox", name="Nama").fill("Yakomina Rumbiak")
    page.get_by_role("textbox", name="Telepon / WhatsApp").fill("0812 3456 7890")
    page.get_by_role("button", name="Simpan laporan").click()
    settle(page)
    saved = page.get_by_text(re.compile(r"Laporan WGR-\d{4}-\d{6} tersimpan\."))
    expect(saved).to_be_visible()
    tracking_id = re.search(r"WGR-\d{4}-\d{6}", saved.inner_text()).group(0)
    pin_metric = page.get_by_test_id("stMetric").filter(has_text="PIN pelapor")
    pin = re.search(r"\d{6}", pin_metric.get_by_test_id("stMetricValue").inner_text()).group(0)
    expect(page.get_by_role("button", name="Unduh tanda terima (PDF)")).to_be_visible()

    # 2. ... opens it and forwards it to the civil-registry unit, to its liaison.
    page.get_by_role("main").get_by_role("link", name="Buka laporan").click()
    settle(page)
    expect(heading(page, tracking_id)).to_be_visible()
    take_action(page, "Disposisi ke unit")
    choose(page, "Unit tujuan", "WGR-DUKCAPIL · Layanan Dukcapil Distrik Wanggar")
    choose(page, "Petugas unit (opsional)", "Ruth Yeimo")
    page.get_by_role("textbox", name="Catatan").fill("Mohon dicek status berkas akta di SIAK.")
    save_action(page, "Disposisi ke unit")
    expect(page.get_by_text("Didisposisikan").first).to_be_visible()
    logout(page)

    # 3. The unit's liaison finds it in the queue, opens it and follows up publicly.
    login(page, app_url, "petugas.dukcapil")
    signed_in(page)
    go(page, "Antrean pengaduan")
    page.get_by_role("textbox", name="Cari").fill(tracking_id)
    page.get_by_role("textbox", name="Cari").press("Enter")
    settle(page)
    # While the search reruns, the old table may still be on screen: wait for the one filtered table.
    expect(page.get_by_test_id("stDataFrame")).to_have_count(1, timeout=20_000)
    grid = page.get_by_test_id("stDataFrame")
    # The grid draws on a canvas; its cells are mirrored in an offscreen table for assistive tech.
    expect(grid.locator("table")).to_have_attribute("aria-rowcount", "2")  # the header and our report
    expect(grid.locator("td[role=gridcell]", has_text=tracking_id)).to_have_count(1)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the first row's selection box
    settle(page)
    page.get_by_role("button", name="Buka laporan terpilih").click()
    settle(page)
    expect(heading(page, tracking_id)).to_be_visible()
    take_action(page, "Kirim tindak lanjut")
    expect(page.get_by_text("Catatan ini terlihat oleh pelapor di halaman status.")).to_be_visible()
    page.get_by_role("textbox", name="Catatan").fill("Akta kelahiran sudah terbit dan dapat diambil di loket Dukcapil.")
    save_action(page, "Kirim tindak lanjut")
    expect(page.get_by_text("Ditindaklanjuti").first).to_be_visible()
    logout(page)

    # 4. The coordinator closes it with the complainant's rating.
    login(page, app_url, "officer")
    signed_in(page)
    go(page, "Cari laporan")
    page.get_by_role("textbox", name="Nomor laporan").fill(tracking_id.lower())
    page.get_by_role("button", name="Buka").click()
    settle(page)
    expect(heading(page, tracking_id)).to_be_visible()
    take_action(page, "Tutup laporan")
    page.get_by_text("5 · Sangat puas", exact=True).click()
    settle(page)
    save_action(page, "Tutup laporan")

    # 5. The timeline shows every step, who took it and what was said.
    expect(page.get_by_text("Ditutup").first).to_be_visible()
    expect(page.get_by_text("Kepuasan pelapor: 5/5")).to_be_visible()
    expect(page.get_by_role("heading", name="Riwayat")).to_be_visible()
    expect(page.get_by_text("Ditindaklanjuti → Ditutup")).to_be_visible()  # the last step has been drawn
    joined = page.get_by_role("main").inner_text().split("Riwayat")[-1]
    for step in ("Laporan dicatat", "Didisposisikan", "Tindak lanjut", "Ditutup"):
        assert step in joined, (step, joined)
    assert "Ruth Yeimo" in joined and "Yohanes Womsiwor" in joined
    assert joined.index("Laporan dicatat") < joined.index("Didisposisikan") < joined.index("Tindak lanjut")
    no_exception(page)

    # 6. The citizen checks the status with the receipt's ID and PIN, without logging in.
    citizen_ctx = browser.new_context()
    citizen = citizen_ctx.new_page()
    open_app(citizen, f"{app_url}/status")
    expect(heading(citizen, "Cek status pengaduan")).to_be_visible()
    citizen.get_by_role("textbox", name="Nomor laporan").fill(tracking_id)
    citizen.get_by_role("textbox", name="PIN").fill(pin)
    citizen.get_by_role("button", name="Cek status").click()
    settle(citizen)
    expect(citizen.get_by_text("Laporan ditutup")).to_be_visible()
    expect(citizen.get_by_text("Akta kelahiran sudah terbit dan dapat diambil di loket Dukcapil.")).to_be_visible()
    expect(citizen.get_by_text("Mohon dicek status berkas akta di SIAK.")).to_have_count(0)  # internal note
    expect(citizen.get_by_text("Yakomina")).to_have_count(0)
    citizen_ctx.close()


def test_a_manager_clicks_a_month_of_complaints_and_the_dashboard_narrows_to_it(page, app_url, browser_db_url):
    from sqlmodel import Session

    from seed.complaints import seed_complaints
    from services.core import db

    engine = db.make_engine(browser_db_url)
    with Session(engine) as s:
        seed_complaints(s)  # a year of demo complaints (idempotent)
        s.commit()
    engine.dispose()

    login(page, app_url, "manager")
    signed_in(page)
    go(page, "Dasbor pimpinan")
    panel = page.get_by_role("heading", name="Pengaduan", exact=True)
    expect(panel).to_be_visible(timeout=30_000)
    panel.scroll_into_view_if_needed()
    expect(page.get_by_text(re.compile(r"pengaduan diterima · .* ditutup · .* tepat waktu"))).to_be_visible()
    for _ in range(3):  # a click on a chart still being replaced by a rerun is lost; a user clicks again
        chart = page.get_by_test_id("stVegaLiteChart").filter(has=page.locator("[aria-label*='Kategori: ']"))
        bar = chart.first.locator("[aria-roledescription='bar']").last
        expect(bar).to_be_attached(timeout=30_000)
        bar.scroll_into_view_if_needed()
        box = bar.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        settle(page)
        try:
            expect(page).to_have_url(re.compile(r"focus=\d{4}-"), timeout=5_000)
            break
        except AssertionError:
            continue
    expect(page).to_have_url(re.compile(r"focus=\d{4}-"))
    # The panel's figures now speak of that quarter only.
    expect(page.get_by_text(re.compile(r"^Triwulan [IV]+ \d{4} · .* pengaduan diterima"))).to_be_visible()
    no_exception(page)
