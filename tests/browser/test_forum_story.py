"""A community forum in a real browser: Walesi's organizer records a forum on business permits,
pastes what was heard from a spreadsheet into the grid and corrects one cell by typing, adds a
follow-up action with a public and an internal note to one item and turns another into a complaint;
a manager finds the complaint's way back to the forum; and a citizen, without logging in, sees the
district's results with the public note but never the internal one."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import heading, logged_in, login, logout, no_exception, open_app, settle

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

    # 4. Back on the forum: a follow-up action for the suggestion, owned by the permit office.
    page.get_by_role("link", name="Kembali ke forum").click()
    settle(page)
    expect(heading(page, TITLE)).to_be_visible()
    choose(page, "Masukan", re.compile(r"Saran · Loket perizinan"))
    page.get_by_role("tab", name="Tindak lanjut", exact=True).click()
    action = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Tambah tindak lanjut"))
    action.get_by_role("textbox", name="Tindak lanjut", exact=True).fill("Buka loket PTSP hari Sabtu")
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

    # 7. A citizen opens the district's results without logging in.
    citizen_ctx = browser.new_context()
    citizen = citizen_ctx.new_page()
    citizen.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    open_app(citizen, f"{app_url}/forum-report?district=WLS")
    expect(heading(citizen, "Hasil forum warga")).to_be_visible()
    expect(citizen.get_by_role("button", name="Keluar")).to_have_count(0)
    for label, value in (("Forum terlaksana", "1"), ("Masukan didengar", "3"), ("Ditindaklanjuti", "2")):
        metric = citizen.get_by_test_id("stMetric").filter(has_text=label)
        expect(metric.get_by_test_id("stMetricValue")).to_have_text(value)
    done = citizen.get_by_test_id("stDataFrame")
    expect(done.locator("td", has_text="Buka loket PTSP hari Sabtu")).to_have_count(1)
    done.hover()
    citizen.mouse.wheel(3000, 0)  # the public note is the last column: scroll the table to it
    expect(done.locator("td", has_text=PUBLIC_NOTE)).to_have_count(1)
    expect(done.locator("td", has_text=INTERNAL_NOTE)).to_have_count(0)
    expect(citizen.get_by_text(INTERNAL_NOTE)).to_have_count(0)
    expect(citizen.get_by_text("Izin usaha mikro lama terbit")).to_have_count(0)  # no item text in public
    no_exception(citizen)
    citizen_ctx.close()
    assert alerts == []
