"""The survey screens as their users meet them: staff entry, the public kiosk, kiosk links, the
service-user counts and the published report."""

import io
from datetime import date

import pytest
from sqlmodel import Session, func, select

from models.core.org import District, Unit
from models.satisfaction import ELEMENTS, KioskLink, SurveyResponse
from services.core import db, settings
from services.satisfaction import kiosk
from services.satisfaction import reports as ikm_reports
from tests.apptest import ROOT, as_user, by_label, open_page, texts
from tests.satisfaction.factories import pin_clock, responses, same
from ui.widgets import md_escape


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Fixed 2026 data, and the report opens on the quarter containing today: today is 20 Nov 2026."""
    return pin_clock(monkeypatch)


def count() -> int:
    with Session(db.get_engine()) as s:
        return s.exec(select(func.count()).select_from(SurveyResponse)).one()


def answer_all(at, prefix: str, score: int = 3, skip: str | None = None) -> None:
    for e in ELEMENTS:
        if e != skip:
            at.radio(key=f"{prefix}_{e}").set_value(score)


def element(at, e: str):
    """The radio of one SKM element, found by its question number as the user reads it."""
    number = ELEMENTS.index(e) + 1
    found = [r for r in at.radio if r.label.startswith(f"**{number}. ")]
    assert len(found) == 1, [r.label for r in at.radio]
    return found[0]


def fill_form(at, score: int, skip: str | None = None) -> None:
    for e in ELEMENTS:
        if e != skip:
            element(at, e).set_value(score)


def test_an_officer_types_a_paper_form(world):
    unit = world.units["WGR-DUKCAPIL"]
    at = open_page("officer", "pages/satisfaction/entry.py")
    assert not at.exception
    assert at.selectbox(key="survey_unit").value == unit.id
    fill_form(at, 4)
    by_label(at.radio, "Jenis kelamin").set_value("P")
    by_label(at.text_area, "Saran dan masukan").input("Ruang tunggu nyaman")
    at.button[0].click()  # the form's submit button is drawn first
    at = at.run()
    assert not at.exception, at.exception
    assert any("tersimpan" in s.value for s in at.success)
    assert count() == 1
    assert "WGR-DUKCAPIL" in at.dataframe[0].value.to_string()  # the entry is listed below
    # Saved: the form is empty again for the next paper form.
    assert [element(at, e).value for e in ELEMENTS] == [None] * 9
    assert by_label(at.text_area, "Saran dan masukan").value == ""


def test_an_unanswered_element_is_named_and_nothing_is_saved(world):
    at = open_page("officer", "pages/satisfaction/entry.py")
    fill_form(at, 3, skip="u3")
    at.button[0].click()
    at = at.run()
    assert count() == 0
    assert "U3 Waktu Penyelesaian: Wajib diisi." in at.error[0].value


def test_a_refused_form_keeps_every_answer_so_only_the_missing_one_is_typed(world):
    at = open_page("officer", "pages/satisfaction/entry.py")
    fill_form(at, 4, skip="u3")
    by_label(at.radio, "Jenis kelamin").set_value("L")
    by_label(at.number_input, "Usia (tahun)").set_value(47)
    by_label(at.text_area, "Saran dan masukan").input("Loket kurang")
    at.button[0].click()
    at = at.run()
    assert "U3 Waktu Penyelesaian: Wajib diisi." in at.error[0].value
    assert count() == 0
    assert [element(at, e).value for e in ELEMENTS] == [4, 4, None, 4, 4, 4, 4, 4, 4]
    # The staff fill in the one missing answer and save: nothing else is typed again.
    element(at, "u3").set_value(2)
    at.button[0].click()
    at = at.run()
    assert not at.exception, at.exception
    assert any("tersimpan" in s.value for s in at.success), [e.value for e in at.error]
    with Session(db.get_engine()) as s:
        row = s.exec(select(SurveyResponse)).one()
    assert [getattr(row, e) for e in ELEMENTS] == [4, 4, 2, 4, 4, 4, 4, 4, 4]
    assert (row.gender, row.age, row.suggestion) == ("L", 47, "Loket kurang")
    assert [element(at, e).value for e in ELEMENTS] == [None] * 9  # saved: empty for the next form
    assert by_label(at.radio, "Jenis kelamin").value is None


def test_an_entry_typed_by_mistake_is_taken_back_and_the_page_says_so(world):
    at = open_page("officer", "pages/satisfaction/entry.py")
    fill_form(at, 2)
    at.button[0].click()
    at = at.run()
    entry = at.dataframe[0].value.iloc[0]["#"]
    at.selectbox(key="survey_undo_pick").select(int(entry)).run()
    by_label(at.button, "Batalkan entri").click()
    at = at.run()
    assert not at.exception, at.exception
    assert f"Entri #{entry} dibatalkan." in [s.value for s in at.success]
    assert count() == 0 and "Anda belum mengisi kuesioner." in texts(at)


def test_in_english_the_answers_keep_their_official_indonesian_wording(world):
    at = open_page("officer", "pages/satisfaction/entry.py", lang="en")
    assert not at.exception, at.exception
    assert element(at, "u1").options == [
        "1 · Tidak sesuai (Not appropriate)",
        "2 · Kurang sesuai (Less appropriate)",
        "3 · Sesuai (Appropriate)",
        "4 · Sangat sesuai (Very appropriate)",
    ]
    assert element(at, "u8").options[1] == "2 · Ada tetapi tidak berfungsi (Exists but does not work)"
    indonesian = open_page("officer", "pages/satisfaction/entry.py")
    assert element(indonesian, "u1").options[2] == "3 · Sesuai"  # Indonesian alone in Indonesian


def test_the_kiosk_takes_one_anonymous_response_and_clears_itself(world):
    with Session(db.get_engine()) as s:
        _, token = kiosk.issue(s, world["admin"], {"unit_id": world.units["WGR-PTSP"].id, "label": "Loket 1"})
        s.commit()
    at = as_user(None)
    at.switch_page(str(ROOT / "pages/satisfaction/kiosk.py"))
    at.query_params["token"] = token
    at.run()
    assert not at.exception, at.exception
    assert "Layanan Perizinan Wanggar" in texts(at)
    assert not at.sidebar.button  # no staff frame: no logout, no navigation
    answer_all(at, "kiosk_0", 2)
    by_label(at.button, "Kirim").click()
    at = at.run()
    assert not at.exception, at.exception
    assert "Terima kasih" in texts(at)
    assert count() == 1
    assert at.radio(key="kiosk_1_u1").value is None


def test_a_kiosk_with_a_wrong_or_revoked_token_shows_nothing_but_a_notice(world):
    with Session(db.get_engine()) as s:
        link, token = kiosk.issue(s, world["admin"], {"unit_id": world.units["WGR-PTSP"].id, "label": "Loket 1"})
        kiosk.revoke(s, world["admin"], link.id)
        s.commit()
    for value in (token, "tebakan"):
        at = as_user(None)
        at.switch_page(str(ROOT / "pages/satisfaction/kiosk.py"))
        at.query_params["token"] = value
        at.run()
        assert not at.exception
        assert "Tautan survei ini tidak berlaku" in at.error[0].value
        assert not at.radio and "Wanggar" not in texts(at)


def test_an_admin_issues_a_kiosk_link_that_is_shown_once(world):
    at = open_page("admin", "pages/satisfaction/kiosk_links.py")
    at.selectbox(key="kiosk_unit").select(world.units["WGR-DUKCAPIL"].id)
    by_label(at.text_input, "Nama perangkat/loket").input("Tablet loket 1")
    by_label(at.button, "Buat tautan").click()
    at = at.run()
    assert not at.exception, at.exception
    url = at.code[0].value
    assert "/kiosk?token=" in url
    token = url.split("token=")[1]
    with Session(db.get_engine()) as s:
        assert s.exec(select(KioskLink.token_hash)).one() == kiosk.hash_token(token)
    at = at.run()
    assert not at.code  # never shown again
    assert "Tablet loket 1" in at.dataframe[0].value.to_string()


def test_an_admin_revokes_a_link_and_is_told_so_with_its_label_as_typed(world):
    at = open_page("admin", "pages/satisfaction/kiosk_links.py")
    at.selectbox(key="kiosk_unit").select(world.units["WGR-DUKCAPIL"].id)
    by_label(at.text_input, "Nama perangkat/loket").input("Tablet *lantai 2*")
    by_label(at.button, "Buat tautan").click()
    at = at.run()
    assert md_escape("Tablet *lantai 2*") in at.success[0].value
    at.selectbox(key="kiosk_revoke_pick").select_index(0).run()
    by_label(at.button, "Cabut tautan").click()
    at = at.run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [f"Tautan {md_escape('Tablet *lantai 2*')} dicabut."]


def test_the_service_user_count_shows_its_minimum_sample(world):
    at = open_page("officer", "pages/satisfaction/service_users.py")
    assert not at.exception
    at.number_input[0].set_value(1000).run()
    assert "sampel minimum 278" in texts(at)
    at.button(key="users_save").click().run()
    assert any("tersimpan" in s.value for s in at.success)
    assert at.number_input[0].value == 1000  # shown again for correction


def test_the_report_page_shows_the_figures_and_saves_the_plan(world, session):
    responses(session, world.units["WGR-DUKCAPIL"].id, date(2026, 11, 2), same(3, 4), gender="L", age=40)
    session.commit()
    at = open_page("manager", "pages/satisfaction/reports.py")
    at.selectbox(key="report_unit").select(world.units["WGR-DUKCAPIL"].id).run()
    assert not at.exception, at.exception
    assert [m.value for m in at.metric[:3]] == ["75,00", "C", "4"]
    assert at.metric[1].delta == "Kurang Baik"
    at.text_area[0].input("Menambah petugas loket pada pagi hari.")
    by_label(at.button, "Simpan").click()
    at = at.run()
    assert any("tersimpan" in s.value for s in at.success)
    assert len(at.get("download_button")) == 2


def test_the_downloads_right_after_saving_carry_the_plan_just_saved(world, session, monkeypatch):
    from openpyxl import load_workbook

    from tests.satisfaction.test_reports import pdf_text

    responses(session, world.units["WGR-DUKCAPIL"].id, date(2026, 11, 2), same(3, 4))
    session.commit()
    offered = {}  # the bytes behind each download button of the last run
    for fmt in ("pdf", "xlsx"):
        real = getattr(ikm_reports, fmt)
        monkeypatch.setattr(
            ikm_reports, fmt, lambda rep, lang, real=real, fmt=fmt: offered.setdefault(fmt, real(rep, lang))
        )
    at = open_page("manager", "pages/satisfaction/reports.py")
    at.selectbox(key="report_unit").select(world.units["WGR-DUKCAPIL"].id).run()
    at.text_area[0].input("Menambah petugas loket pada pagi hari.")
    by_label(at.button, "Simpan").click()
    offered.clear()
    at = at.run()
    assert any("tersimpan" in s.value for s in at.success)
    sheet = load_workbook(io.BytesIO(offered["xlsx"])).active
    assert "Menambah petugas loket pada pagi hari." in [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Menambah petugas loket pada pagi hari." in pdf_text(offered["pdf"])
    assert "Terakhir diubah oleh" in texts(at)  # and the page says who saved it


MARKDOWN_NAME = "Loket **Utama** [klik](https://contoh.test)"


def test_names_set_by_an_admin_are_shown_as_typed_not_as_markdown(world, session):
    unit = session.get(Unit, world.units["WGR-PTSP"].id)
    unit.name = MARKDOWN_NAME
    session.add(unit)
    district = session.get(District, unit.district_id)
    district.name = "Wanggar _Kota_"
    session.add(district)
    _, token = kiosk.issue(session, world["admin"], {"unit_id": unit.id, "label": "Loket 1"})
    session.commit()
    at = as_user(None)
    at.switch_page(str(ROOT / "pages/satisfaction/kiosk.py"))
    at.query_params["token"] = token
    at.run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert md_escape(MARKDOWN_NAME) in shown and md_escape("Wanggar _Kota_") in shown
    assert "[klik](https://contoh.test)" not in shown and "_Kota_" not in shown

    report = open_page("manager", "pages/satisfaction/reports.py")
    report.selectbox(key="report_unit").select(unit.id).run()
    assert report.subheader[0].value.startswith(md_escape(MARKDOWN_NAME) + " · ")


def test_the_kiosk_counts_a_flood_per_client_not_per_browser_session(world, session, monkeypatch):
    """Reloading the page (a new session) does not reset the limit: it is counted per client
    (ui.context.browser_key, here a fixed address as a proxy would forward it)."""
    from ui import context

    settings.update(session, world["admin"], {"satisfaction.kiosk_max_per_browser": 1})
    _, token = kiosk.issue(session, world["admin"], {"unit_id": world.units["WGR-PTSP"].id, "label": "Loket 1"})
    session.commit()
    monkeypatch.setattr(context, "browser_key", lambda: "ip:203.0.113.7")
    for _reload in range(2):
        at = as_user(None)  # a fresh browser session each time, as after a reload
        at.switch_page(str(ROOT / "pages/satisfaction/kiosk.py"))
        at.query_params["token"] = token
        at.run()
        answer_all(at, "kiosk_0", 3)
        by_label(at.button, "Kirim").click()
        at = at.run()
        assert not at.exception, at.exception
    assert count() == 1
    assert "Terlalu banyak kiriman" in at.error[0].value


def test_the_import_page_offers_the_templates(world):
    at = open_page("officer", "pages/satisfaction/imports.py")
    assert not at.exception
    assert len(at.get("download_button")) == 2
    assert "unit_code" in texts(at)


IMPORT_HEADER = "date,unit_code,u1,u2,u3,u4,u5,u6,u7,u8,u9,catatan"
IMPORT_ROWS = ["2026-10-01,WGR-PTSP,3,3,3,3,3,3,3,3,3,a", "2026-10-02,WGR-PTSP,4,4,4,4,4,4,4,4,4,b"]


def upload(at, *rows: str, name: str = "skm.csv"):
    at.file_uploader(key="import_file").upload(name, ("\n".join([IMPORT_HEADER, *rows]) + "\n").encode(), "text/csv")
    return at.run()


def test_after_an_import_the_page_keeps_its_message_and_the_history(world):
    at = open_page("officer", "pages/satisfaction/imports.py")
    at = upload(at, *IMPORT_ROWS)
    assert not at.exception, at.exception
    assert md_escape("catatan") in texts(at)  # the ignored column is named
    by_label(at.button, "Impor 2 baris").click()
    at = at.run()
    assert not at.exception, at.exception
    assert count() == 2
    for _ in range(2):  # and on every later run while the file stays chosen (any click reruns the page)
        assert any(f"2 kuesioner dari {md_escape('skm.csv')} diimpor" in s.value for s in at.success), texts(at)
        assert not at.error
        assert "skm.csv" in at.dataframe[-1].value.to_string()  # the import history
        at = at.run()


def test_a_corrected_file_on_screen_imports_only_the_rows_that_were_fixed(world):
    at = open_page("officer", "pages/satisfaction/imports.py")
    at = upload(at, *IMPORT_ROWS, "2026-10-03,WGR-PTSP,3,3,3,3,3,3,3,3,7,c")
    at.checkbox(key="import_confirm").check().run()
    by_label(at.button, "Impor 2 baris").click()
    at = at.run()
    assert count() == 2
    at = upload(at, *IMPORT_ROWS, "2026-10-03,WGR-PTSP,3,3,3,3,3,3,3,3,2,c", name="skm-diperbaiki.csv")
    assert not at.exception, at.exception
    assert [m.value for m in at.metric] == ["3", "1", "2", "0"]  # rows, new, already imported, bad
    assert any("dilewati: baris 2-3." in i.value for i in at.info), [i.value for i in at.info]
    by_label(at.button, "Impor 1 baris").click()
    at = at.run()
    assert count() == 3
    assert any(f"1 kuesioner dari {md_escape('skm-diperbaiki.csv')} diimpor" in s.value for s in at.success)


def test_an_unreadable_file_is_refused_with_a_message_and_the_page_goes_on(world):
    at = open_page("officer", "pages/satisfaction/imports.py")
    garbled = (IMPORT_HEADER + "\n2026-10-01,WGR-PTSP,3,3,3,3,3,3,3,3,3,Ant\x81rean\x8d\n").encode("latin-1")
    at.file_uploader(key="import_file").upload("lama.csv", garbled, "text/csv")
    at = at.run()
    assert not at.exception, at.exception
    assert "Berkas tidak dapat dibaca sebagai teks CSV" in at.error[0].value
    assert "Impor terakhir" in texts(at) and count() == 0
