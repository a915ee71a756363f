"""A training cohort's end in a real browser: the coordinator opens a Wanggar cohort from the list,
enrols staff by pasting their NIPs (an unknown NIP is reported, the rest enrolled), takes the
attendance of both sessions, completes the cohort and downloads a participant's certificate; a
citizen without a login checks the certificate's number on the public page, and a wrong number gets
nothing. No JavaScript dialog opens on the way."""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.browser.helpers import heading, logged_in, login, no_exception, open_app, settle

COHORT = "Angkatan Cerita Peramban"
PROGRAMME = "Pelatihan layanan KTP-el daring"
UNKNOWN_NIP = "199001012015031999"  # a well-formed NIP that no Wanggar staff member holds


def choose(page: Page, label: str, option: str) -> str:
    """Pick the option containing `option` in the selectbox labelled `label`; returns its full text."""
    settle(page)
    box = page.get_by_role("combobox", name=label, exact=True)
    box.scroll_into_view_if_needed()
    box.click()
    item = page.get_by_role("option", name=option).first
    text = item.inner_text()
    item.click()
    settle(page)
    return text


def in_main(page: Page, link: str) -> None:
    """Follow a link in the page body (the sidebar has links of the same names)."""
    page.get_by_role("main").get_by_role("link", name=link).click()
    settle(page)


def seed_cohort(db_url: str) -> tuple[list[tuple[str, str]], list[str]]:
    """A programme of 8 JP and a Wanggar cohort with two sessions in the last days (through the
    services, as the demo seed does). Returns two Wanggar civil-registry staff (name, NIP) to enrol
    and the labels of the two sessions as the attendance page shows them."""
    from sqlmodel import Session, select

    from models.core.org import District, Staff, Unit
    from services import i18n
    from services.core import clock, db
    from services.core.access import system_actor
    from services.training import catalogue, cohorts

    actor = system_actor("browser-story")
    first = clock.today() - timedelta(days=3)
    days = [first, first + timedelta(days=1)]
    engine = db.make_engine(db_url)
    with Session(engine) as s:
        wgr = s.exec(select(District).where(District.name == "Wanggar")).one()
        people = s.exec(
            select(Staff.name, Staff.nip)
            .join(Unit, Unit.id == Staff.unit_id)
            .where(Unit.code == "WGR-DUKCAPIL", Staff.active == True)  # noqa: E712
            .order_by(Staff.name)
            .limit(2)
        ).all()
        assert s.exec(select(Staff.id).where(Staff.nip == UNKNOWN_NIP)).first() is None
        topic = catalogue.add_topic(s, actor, {"name": "Cerita peramban: adminduk daring"})
        organiser = catalogue.add_organiser(s, actor, {"name": "BPSDM Cerita Peramban", "kind": "agency"})
        programme = catalogue.create_programme(
            s,
            actor,
            {"title": PROGRAMME, "competency": "teknis", "topic_id": topic, "form": "pelatihan", "classroom": True,
             "organiser_id": organiser, "abroad": False, "jp": 8},
        )  # fmt: skip
        cohort = cohorts.create_cohort(
            s,
            actor,
            {"programme_id": programme.id, "district_id": wgr.id, "name": COHORT, "start_on": days[0],
             "end_on": days[1], "capacity": 10, "facilitator": "Dr. Yosua Wonda", "min_post_test": None},
        )  # fmt: skip
        for day in days:
            version = cohorts.get_cohort(s, actor, cohort.id).version
            cohorts.add_session(
                s,
                actor,
                cohort.id,
                version,
                {"day": day, "starts_at": "08:00", "ends_at": "12:00", "venue": "Aula Distrik Wanggar"},
            )
        version = cohorts.get_cohort(s, actor, cohort.id).version
        cohorts.update_cohort(s, actor, cohort.id, version, {"status": "open"})
        s.commit()
    engine.dispose()
    return [tuple(p) for p in people], [f"{i18n.fmt_date(d, 'id')} 08.00–12.00" for d in days]


def test_a_trainer_enrols_by_nip_completes_a_cohort_and_its_certificate_checks(browser, page, app_url, browser_db_url):
    people, sessions = seed_cohort(browser_db_url)
    dialogs: list[str] = []

    def refuse(dialog) -> None:  # the app never needs a JS dialog; one opening is a failure below
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    page.evaluate("window.alert('probe')")  # the handler does catch a dialog...
    assert dialogs == ["probe"]
    dialogs.clear()  # ... and from here on none may open

    # 1. The coordinator opens the cohort from the list of cohorts.
    login(page, app_url, "trainer")
    expect(page.get_by_role("button", name="Keluar")).to_be_visible(timeout=30_000)
    logged_in(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Angkatan pelatihan").click()
    settle(page)
    choose(page, "Buka angkatan", COHORT)
    in_main(page, "Sesi & peserta")
    expect(heading(page, COHORT)).to_be_visible()
    no_exception(page)

    # 2. ... pastes three NIPs, one of them unknown: two are enrolled, the unknown one is named.
    page.get_by_role("tab", name="Daftar NIP").click()
    nips = page.get_by_role("textbox", name="NIP, satu per baris")
    nips.fill("\n".join([people[0][1], people[1][1], UNKNOWN_NIP]))
    nips.press("Control+Enter")  # the pasted list is sent before the button is pressed
    settle(page)
    page.get_by_role("tabpanel", name="Daftar NIP").get_by_role("button", name="Daftarkan").click()
    settle(page)
    expect(page.get_by_text("2 peserta terdaftar, 0 masuk daftar tunggu.")).to_be_visible()
    expect(page.get_by_text(f"NIP tidak dikenal di wilayah ini: {UNKNOWN_NIP}")).to_be_visible()
    cells = page.get_by_test_id("stDataFrame").locator("td[role=gridcell]")  # mirrored for assistive tech
    for name, nip in people:  # the participants' table lists both
        expect(cells.filter(has_text=name)).to_have_count(1)
        expect(cells.filter(has_text=nip)).to_have_count(1)
    expect(cells.filter(has_text=UNKNOWN_NIP)).to_have_count(0)
    no_exception(page)

    # 3. Attendance for both sessions: everyone came (the grid starts filled with "present").
    in_main(page, "Presensi & nilai")
    expect(heading(page, "Presensi & nilai")).to_be_visible()
    saved = page.get_by_text("Presensi tersimpan: 2 dari 2 hadir.")
    for label in sessions:
        choose(page, "Sesi", label)
        expect(saved).to_have_count(0)  # the message of the session before has gone with the rerun
        page.get_by_role("button", name="Simpan presensi").click()
        settle(page)
        expect(saved).to_be_visible()
    no_exception(page)

    # 4. The cohort is completed once; each participant passes and gets a certificate.
    in_main(page, "Kelulusan & sertifikat")
    expect(page.get_by_text("2 dari 2 peserta lulus", exact=False)).to_be_visible()
    page.get_by_text("Saya paham kelulusan hanya sekali dan menerbitkan sertifikat.").click()
    settle(page)
    page.get_by_role("button", name="Luluskan angkatan").click()
    settle(page)
    expect(page.get_by_text("Angkatan selesai: 2 lulus, 0 tidak lulus.")).to_be_visible()
    name = people[0][0]
    picked = choose(page, "Sertifikat", name)
    number = re.search(r"SGP-\d{4}-[A-Z0-9]{8}", picked).group(0)
    page.get_by_role("button", name="Siapkan PDF").click()
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh sertifikat (PDF)").click()
    assert download.value.suggested_filename == f"sertifikat-{number}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    no_exception(page)

    # 5. A citizen opens the certificate's link without logging in: name, programme and JP.
    citizen_ctx = browser.new_context(locale="id-ID")
    citizen = citizen_ctx.new_page()
    citizen.on("dialog", refuse)
    open_app(citizen, f"{app_url}/verify?no={number}")
    expect(heading(citizen, "Cek keaslian sertifikat")).to_be_visible()
    expect(citizen.get_by_text("Sertifikat ini asli.")).to_be_visible()
    body = citizen.get_by_role("main")
    expect(body.get_by_text(f"Nama: {name}")).to_be_visible()
    expect(body.get_by_text(f"Program: {PROGRAMME}")).to_be_visible()
    expect(body.get_by_text("JP: 8", exact=True)).to_be_visible()
    expect(citizen.get_by_role("button", name="Keluar")).to_have_count(0)  # nobody is logged in
    no_exception(citizen)

    # 6. A wrong number says nothing about anyone.
    open_app(citizen, f"{app_url}/verify?no=SGP-2026-NOTREAL1")
    expect(citizen.get_by_text("Nomor sertifikat tidak ditemukan", exact=False)).to_be_visible()
    expect(citizen.get_by_text("Sertifikat ini asli.")).to_have_count(0)
    expect(citizen.get_by_text(name)).to_have_count(0)
    expect(citizen.get_by_text(PROGRAMME)).to_have_count(0)
    no_exception(citizen)
    citizen_ctx.close()

    assert dialogs == [], dialogs
