"""A community forum in a real browser: Walesi's organizer records a forum on business permits,
pastes what was heard from a spreadsheet into the grid and corrects one cell by typing, assigns a
follow-up action with a public and an internal note to the permit office (WLS-PTSP) and turns
another item into a complaint; a manager finds the complaint's way back to the forum; the permit
office's liaison marks the action done; the organizer's "you said, we did" XLSX and PDF list all
three items with their status; and a citizen, without logging in, sees the district's results (three
heard, two followed up, one done) with the public note but never the internal one."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.helpers import heading, logged_in, login, logout, no_exception, open_app, settle
from tests.pdfs import pdf_text

TITLE = "Forum Perizinan Usaha Walesi"
# What the organizer noted on paper and typed into a spreadsheet, in the grid's column order:
# kind, text, themes, unit, service, priority (kind and priority as the codes the grid's help lists).
HEARD = [
    ("keluhan", "Izin usaha mikro lama terbit, sudah dua bulan menunggu", "perizinan, oss", "WLS-PTSP", "", "high"),
    ("saran", "Loket perizinan dibuka juga hari Sabtu", "perizinan", "WLS-PTSP", "Izin usaha", "medium"),
    ("apresiasi", "Petugas PTSP ramah dan sabar menjelaskan", "pelayanan", "", "", "medium"),
]
PUBLIC_NOTE = "Mulai bulan depan loket PTSP buka Sabtu pukul 08.00-12.00."
INTERNAL_NOTE = "Perlu tambahan dua petugas piket; anggaran lembur belum ada."
ACTION = "Buka loket PTSP hari Sabtu"
LIAISON = "petugas.perizinan"  # the demo's liaison of WLS-PTSP (README, "Demo logins")
# Each item's follow-up status once the liaison has finished the action: the complaint is still
# being handled, the suggestion's action is done, the appreciation needed none.
STATUS = {HEARD[0][1]: "Sedang ditindaklanjuti", HEARD[1][1]: "Selesai", HEARD[2][1]: "Belum ditindaklanjuti"}
# The counts of the report and the public page then: one forum, three heard, two followed up, one done.
DONE_COUNTS = (("Forum terlaksana", "1"), ("Masukan didengar", "3"), ("Ditindaklanjuti", "2"), ("Selesai", "1"))


def choose(page: Page, label: str, option, within=None) -> None:
    """Pick `option` (text or pattern) in the selectbox labelled `label`, scrolled into view first."""
    settle(page)
    box = (within or page).get_by_role("combobox", name=label, exact=True)
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("option", name=option).first.click()
    settle(page)


def signed_in(page: Page) -> None:
    expect(page.get_by_role("button", name="Keluar")).to_be_visible(timeout=30_000)
    logged_in(page)


def go(page: Page, link: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
    settle(page)


def grid_rows(grid) -> list[list[str]]:
    """The grid's cells as text: it draws on a canvas and mirrors its cells in an offscreen table."""
    return [[td.inner_text() for td in tr.locator("td").all()] for tr in grid.locator("tbody tr").all()]


def test_an_organizer_records_a_forum_and_citizens_see_what_was_done(browser, page, app_url):
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    # 1. The organizer records the forum, held today.
    login(page, app_url, "organizer")
    signed_in(page)
    go(page, "Daftar forum")
    expect(heading(page, "Forum warga")).to_be_visible()
    new = page.get_by_test_id("stExpander").filter(has_text="Catat forum baru")
    if not new.get_by_role("textbox", name="Judul forum", exact=True).is_visible():
        new.get_by_text("Catat forum baru").click()
        settle(page)
    choose(page, "Status", "Terlaksana", within=new)
    new.get_by_role("textbox", name="Judul forum", exact=True).fill(TITLE)
    new.get_by_role("textbox", name="Tempat", exact=True).fill("Aula Distrik Walesi")
    page.get_by_role("button", name="Simpan forum").click()
    settle(page)
    expect(page.get_by_text(f"Forum “{TITLE}” tersimpan.")).to_be_visible()

    # 2. ... opens it from the list (the list's link cell holds the forum's address).
    listing = page.get_by_test_id("stDataFrame").first
    row = listing.locator("tbody tr").filter(has=page.locator("td", has_text=TITLE)).first
    expect(row).to_be_attached()
    href = row.locator("td").first.inner_text()
    assert re.fullmatch(r"/forum\?id=\d+", href), href
    open_app(page, app_url + href)
    expect(heading(page, TITLE)).to_be_visible()
    expect(page.get_by_text("Belum ada masukan tercatat.")).to_be_visible()

    # 3. The grid: paste the rows from the spreadsheet into the first cell, then retype one cell.
    page.get_by_role("link", name="Catat masukan (tabel)").click()
    settle(page)
    expect(heading(page, "Catat masukan")).to_be_visible()
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    grid.hover()
    grid.get_by_role("button", name="Add row").click()
    settle(page)
    page.evaluate("(t) => navigator.clipboard.writeText(t)", "\n".join("\t".join(r) for r in HEARD))
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)  # the first cell of the first row
    page.keyboard.press("Control+V")
    settle(page)
    expect(grid.locator("tbody tr")).to_have_count(3)
    assert [r[:4] for r in grid_rows(grid)] == [list(r[:4]) for r in HEARD]
    # The third item's priority, typed into its cell (the last column): open the cell, type the
    # label the dropdown shows ("Rendah" for low), Enter. The cell keeps the code.
    page.mouse.dblclick(box["x"] + box["width"] - 30, box["y"] + 35 + 17 + 2 * 35)
    editor = page.get_by_test_id("portal").get_by_role("combobox")
    editor.fill("Rendah")
    editor.press("Enter")
    expect(editor).to_have_count(0)
    settle(page)
    expect(grid.locator("tbody tr").nth(2).locator("td").last).to_have_text("low")
    page.get_by_role("button", name="Simpan tabel").click()
    settle(page)
    expect(page.get_by_text("3 masukan baru, 0 diubah.")).to_be_visible()
    no_exception(page)

    # 4. Back on the forum: a follow-up action for the suggestion, assigned to the permit office.
    page.get_by_role("link", name="Kembali ke forum").click()
    settle(page)
    expect(heading(page, TITLE)).to_be_visible()
    choose(page, "Masukan", re.compile(r"Saran · Loket perizinan"))
    page.get_by_role("tab", name="Tindak lanjut", exact=True).click()
    action = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Tambah tindak lanjut"))
    choose(page, "Unit penanggung jawab", re.compile(r"^WLS-PTSP · "), within=action)
    expect(action.get_by_role("combobox", name="Unit penanggung jawab", exact=True)).to_have_value(
        re.compile(r"^WLS-PTSP · ")
    )
    action.get_by_role("textbox", name="Tindak lanjut", exact=True).fill(ACTION)
    action.get_by_role("textbox", name="Catatan publik").fill(PUBLIC_NOTE)
    action.get_by_role("textbox", name="Catatan internal").fill(INTERNAL_NOTE)
    action.get_by_role("button", name="Tambah tindak lanjut").click()
    settle(page)
    expect(page.get_by_text("Tindak lanjut ditambahkan.")).to_be_visible()

    # 5. ... and the complaint about the slow permit becomes a complaint in the queue.
    choose(page, "Masukan", re.compile(r"Keluhan · Izin usaha mikro"))
    page.get_by_role("tab", name="Pengaduan", exact=True).click()
    page.get_by_role("button", name="Jadikan pengaduan").click()
    settle(page)
    made = page.get_by_text(re.compile(r"Pengaduan WLS-\d{4}-\d{6} dibuat dari masukan ini\."))
    expect(made).to_be_visible()
    tracking_id = re.search(r"WLS-\d{4}-\d{6}", made.inner_text()).group(0)
    heard = page.get_by_test_id("stDataFrame").first
    expect(heard.locator("td", has_text=f"{tracking_id} · Diterima")).to_have_count(1)
    no_exception(page)
    logout(page)

    # 6. A manager opens the complaint and follows its link back to the forum.
    login(page, app_url, "manager")
    signed_in(page)
    open_app(page, f"{app_url}/complaint?id={tracking_id}")
    expect(heading(page, tracking_id)).to_be_visible()
    back = page.get_by_role("link", name=re.compile(rf"^Dari forum: {TITLE}, "))
    expect(back).to_be_visible()
    back.click()
    settle(page)
    expect(heading(page, TITLE)).to_be_visible()
    no_exception(page)
    logout(page)

    # 7. The permit office's liaison finds the action on the follow-up page and marks it done.
    login(page, app_url, LIAISON)
    signed_in(page)
    go(page, "Tindak lanjut forum")
    expect(heading(page, "Tindak lanjut forum")).to_be_visible()
    todo = page.get_by_test_id("stDataFrame").first
    expect(todo.locator("td", has_text=ACTION)).to_have_count(1)
    choose(page, "Tindak lanjut", re.compile(rf"^#\d+ · {ACTION} · WLS-PTSP$"))
    update = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Simpan", exact=True))
    expect(update).to_have_count(1)
    expect(update.get_by_role("textbox", name="Tindak lanjut", exact=True)).to_have_count(0)  # progress only
    choose(page, "Status", "Selesai", within=update)
    slider = update.get_by_role("slider", name="Kemajuan (%)")
    slider.focus()
    slider.press("End")
    expect(slider).to_have_value("100")
    update.get_by_role("button", name="Simpan", exact=True).click()
    settle(page)
    expect(page.get_by_text("Tindak lanjut disimpan.")).to_be_visible()
    row = page.get_by_test_id("stDataFrame").first.locator("tbody tr").filter(has=page.locator("td", has_text=ACTION))
    expect(row.locator("td", has_text="Selesai")).to_have_count(1)
    no_exception(page)
    logout(page)

    # 8. The organizer takes "you said, we did" of this forum to the next meeting: all three items
    # with their status, on screen, in the workbook and in the PDF.
    login(page, app_url, "organizer")
    signed_in(page)
    open_app(page, app_url + href)
    expect(heading(page, TITLE)).to_be_visible()
    page.get_by_test_id("stMainBlockContainer").get_by_role("link", name="Kamu bilang, kami kerjakan").click()
    settle(page)
    expect(heading(page, "Kamu bilang, kami kerjakan")).to_be_visible()
    expect(page.get_by_text(f"Satu forum: {TITLE}")).to_be_visible()
    for label, value in DONE_COUNTS:
        metric = page.get_by_test_id("stMetric").filter(has_text=label)
        expect(metric.get_by_test_id("stMetricValue")).to_have_text(value)
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh XLSX").click()
    assert download.value.suggested_filename == "kamu-bilang-kami-kerjakan.xlsx"
    with open(download.value.path(), "rb") as f:  # a download's file has no extension: openpyxl reads bytes
        sheet = load_workbook(io.BytesIO(f.read()), read_only=True)["Masukan dan tindak lanjut"]
    header, *lines = [list(r) for r in sheet.iter_rows(values_only=True)]
    rows = [dict(zip(header, line, strict=True)) for line in lines]
    assert {r["Masukan"]: r["Status"] for r in rows} == STATUS, rows
    assert len(rows) == 3 and {r["Forum"] for r in rows} == {TITLE}
    by_text = {r["Masukan"]: r for r in rows}
    assert by_text[HEARD[1][1]]["Tindak lanjut"] == ACTION
    assert by_text[HEARD[1][1]]["Kemajuan"] == "100 %"
    assert by_text[HEARD[1][1]]["Unit"] == "WLS-PTSP"
    assert by_text[HEARD[1][1]]["Catatan publik"] == PUBLIC_NOTE
    assert by_text[HEARD[0][1]]["Pengaduan"] == tracking_id
    assert by_text[HEARD[0][1]]["Status pengaduan"] == "Diterima"
    assert INTERNAL_NOTE not in str(rows)
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh PDF").click()
    assert download.value.suggested_filename == "kamu-bilang-kami-kerjakan.pdf"
    with open(download.value.path(), "rb") as f:
        text = pdf_text(f.read())
    assert "1 forum terlaksana · 3 masukan didengar · 2 ditindaklanjuti · 1 selesai" in text, text
    assert text.count("Kamu bilang:") == 3, text
    for said, status in STATUS.items():
        assert f"Kamu bilang: {said}" in text, text
        assert status in text, text
    assert f"Kami kerjakan: {ACTION} · Selesai (100 %)" in text, text
    assert f"{tracking_id} · Diterima" in text, text
    assert INTERNAL_NOTE not in text
    settle(page)
    no_exception(page)

    # 9. A citizen opens the district's results without logging in: three heard, two followed up,
    # one done, and the done action with its public note, never the internal one.
    citizen_ctx = browser.new_context()
    citizen = citizen_ctx.new_page()
    citizen.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    open_app(citizen, f"{app_url}/forum-report?district=WLS")
    expect(heading(citizen, "Hasil forum warga")).to_be_visible()
    expect(citizen.get_by_role("button", name="Keluar")).to_have_count(0)
    for label, value in DONE_COUNTS:
        metric = citizen.get_by_test_id("stMetric").filter(has_text=label)
        expect(metric.get_by_test_id("stMetricValue")).to_have_text(value)
    done = citizen.get_by_test_id("stDataFrame")
    row = done.locator("tbody tr").filter(has=citizen.locator("td", has_text=ACTION))
    expect(row).to_have_count(1)
    expect(row.locator("td", has_text="Selesai")).to_have_count(1)
    done.hover()
    citizen.mouse.wheel(3000, 0)  # the progress and the public note are the last columns: scroll to them
    expect(row.locator("td", has_text="100")).to_have_count(1)
    expect(done.locator("td", has_text=PUBLIC_NOTE)).to_have_count(1)
    expect(done.locator("td", has_text=INTERNAL_NOTE)).to_have_count(0)
    expect(citizen.get_by_text(INTERNAL_NOTE)).to_have_count(0)
    expect(citizen.get_by_text("Izin usaha mikro lama terbit")).to_have_count(0)  # no item text in public
    no_exception(citizen)
    citizen_ctx.close()
    assert alerts == []
