"""The survey screens as their users meet them: staff entry, the public kiosk, kiosk links, the
service-user counts and the published report."""

from datetime import date

import pytest
from sqlmodel import Session, func, select

from models.satisfaction import ELEMENTS, KioskLink, SurveyResponse
from services import db, kiosk
from tests.apptest import ROOT, as_user, by_label, open_page, texts
from tests.factories_satisfaction import pin_clock, responses, same


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
    at = open_page("officer", "pages/survey_entry.py")
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
    at = open_page("officer", "pages/survey_entry.py")
    fill_form(at, 3, skip="u3")
    at.button[0].click()
    at = at.run()
    assert count() == 0
    assert "U3 Waktu Penyelesaian: Wajib diisi." in at.error[0].value


def test_a_refused_form_keeps_every_answer_so_only_the_missing_one_is_typed(world):
    at = open_page("officer", "pages/survey_entry.py")
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


def test_in_english_the_answers_keep_their_official_indonesian_wording(world):
    at = open_page("officer", "pages/survey_entry.py", lang="en")
    assert not at.exception, at.exception
    assert element(at, "u1").options == [
        "1 · Tidak sesuai (Not appropriate)",
        "2 · Kurang sesuai (Less appropriate)",
        "3 · Sesuai (Appropriate)",
        "4 · Sangat sesuai (Very appropriate)",
    ]
    assert element(at, "u8").options[1] == "2 · Ada tetapi tidak berfungsi (Exists but does not work)"
    indonesian = open_page("officer", "pages/survey_entry.py")
    assert element(indonesian, "u1").options[2] == "3 · Sesuai"  # Indonesian alone in Indonesian


def test_the_kiosk_takes_one_anonymous_response_and_clears_itself(world):
    with Session(db.get_engine()) as s:
        _, token = kiosk.issue(s, world["admin"], {"unit_id": world.units["WGR-PTSP"].id, "label": "Loket 1"})
        s.commit()
    at = as_user(None)
    at.switch_page(str(ROOT / "pages/kiosk.py"))
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
        at.switch_page(str(ROOT / "pages/kiosk.py"))
        at.query_params["token"] = value
        at.run()
        assert not at.exception
        assert "Tautan survei ini tidak berlaku" in at.error[0].value
        assert not at.radio and "Wanggar" not in texts(at)


def test_an_admin_issues_a_kiosk_link_that_is_shown_once(world):
    at = open_page("admin", "pages/admin_kiosk.py")
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


def test_the_service_user_count_shows_its_minimum_sample(world):
    at = open_page("officer", "pages/survey_service_users.py")
    assert not at.exception
    at.number_input[0].set_value(1000).run()
    assert "sampel minimum 278" in texts(at)
    at.button(key="users_save").click().run()
    assert any("tersimpan" in s.value for s in at.success)
    assert at.number_input[0].value == 1000  # shown again for correction


def test_the_report_page_shows_the_figures_and_saves_the_plan(world, session):
    responses(session, world.units["WGR-DUKCAPIL"].id, date(2026, 11, 2), same(3, 4), gender="L", age=40)
    session.commit()
    at = open_page("manager", "pages/ikm_reports.py")
    at.selectbox(key="report_unit").select(world.units["WGR-DUKCAPIL"].id).run()
    assert not at.exception, at.exception
    assert [m.value for m in at.metric[:3]] == ["75,00", "C", "4"]
    assert at.metric[1].delta == "Kurang Baik"
    at.text_area[0].input("Menambah petugas loket pada pagi hari.")
    by_label(at.button, "Simpan").click()
    at = at.run()
    assert any("tersimpan" in s.value for s in at.success)
    assert len(at.get("download_button")) == 2


def test_the_import_page_offers_the_templates(world):
    at = open_page("officer", "pages/survey_import.py")
    assert not at.exception
    assert len(at.get("download_button")) == 2
    assert "unit_code" in texts(at)
