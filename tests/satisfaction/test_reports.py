"""Reports for publication: the figures, the respondents' profile and the follow-up plan, as PDF and
XLSX; aggregates only."""

import io
from datetime import date

import pytest
from sqlmodel import select

from models.core.audit import AuditLog
from services.core.errors import AccessDenied, ValidationFailed
from services.satisfaction import reports as ikm_reports
from tests.pdfs import pdf_text
from tests.satisfaction.factories import responses, same, service_users


@pytest.fixture
def unit(session, world):
    unit_id = world.units["WGR-DUKCAPIL"].id
    responses(session, unit_id, date(2026, 7, 3), same(3, 8), gender="P", age=29, education="s1", occupation="pns",
              suggestion="Nama saya Siti, nomor 0812-3456")  # fmt: skip
    responses(session, unit_id, date(2026, 8, 3), same([4, 4, 2, 4, 4, 4, 4, 4, 4], 2), gender="L")
    service_users(session, unit_id, "2026-Q3", 12)
    session.commit()
    return unit_id


def test_the_report_holds_the_figures_the_profile_and_the_sample(session, world, unit):
    rep = ikm_reports.report(session, world["manager"], unit, "2026-Q3")
    assert (rep.unit_code, rep.district_name, rep.period.code) == ("WGR-DUKCAPIL", "Wanggar", "2026-Q3")
    assert rep.result.n == 10
    assert rep.profile.gender == {"P": 8, "L": 2}
    assert (rep.population, rep.minimum) == (12, 12)  # 12 users: the whole population is the sample


def test_the_follow_up_plan_is_stored_per_unit_and_period_and_audited(session, world, unit):
    ikm_reports.save_plan(session, world["manager"], unit, "2026-q3", {"plan": "  Tambah loket pagi.  "})
    ikm_reports.save_plan(session, world["manager"], unit, "2026-Q3", {"plan": "Tambah loket pagi dan sore."})
    rep = ikm_reports.report(session, world["manager"], unit, "2026-Q3")
    assert rep.plan == "Tambah loket pagi dan sore."
    assert rep.plan_updated_by == world["manager"].full_name
    assert ikm_reports.report(session, world["manager"], unit, "2026-Q2").plan == ""
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity == "ikm_follow_up")).all()
    assert actions == ["create", "update"]
    with pytest.raises(ValidationFailed):
        ikm_reports.save_plan(session, world["manager"], unit, "2026-Q3", {"plan": "x" * 4001})


@pytest.mark.parametrize("who, error", [("manager.swl", AccessDenied), ("officer", AccessDenied)])
def test_reports_and_plans_stay_in_scope(session, world, unit, who, error):
    with pytest.raises(error):
        ikm_reports.report(session, world[who], unit, "2026-Q3")
    with pytest.raises(error):
        ikm_reports.save_plan(session, world[who], unit, "2026-Q3", {"plan": "x"})


@pytest.mark.parametrize("lang", ["id", "en"])
def test_pdf_has_the_figures_and_no_personal_data(session, world, unit, lang):
    ikm_reports.save_plan(session, world["manager"], unit, "2026-Q3", {"plan": "Percepat “verifikasi” – 3 hari"})
    rep = ikm_reports.report(session, world["manager"], unit, "2026-Q3")
    data = ikm_reports.pdf(rep, lang)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Layanan Dukcapil Wanggar" in text
    assert ("Triwulan III 2026" if lang == "id" else "Q3 2026") in text
    assert "Waktu Penyelesaian" in text or "Completion time" in text
    assert "Percepat “verifikasi” – 3 hari" in text  # the plan as typed, quotes and dash included
    assert "Siti" not in text and "0812" not in text  # suggestions are never printed


def test_xlsx_has_the_figures_and_no_personal_data(session, world, unit):
    from openpyxl import load_workbook

    rep = ikm_reports.report(session, world["manager"], unit, "2026-Q3")
    wb = load_workbook(io.BytesIO(ikm_reports.xlsx(rep, "id")))
    cells = [c for row in wb.active.iter_rows(values_only=True) for c in row if c is not None]
    assert rep.result.ikm in cells and rep.result.grade in cells and 10 in cells
    assert "Persyaratan" in cells and "Rencana tindak lanjut" in cells
    assert not any(isinstance(c, str) and ("Siti" in c or "0812" in c) for c in cells)


@pytest.mark.parametrize("plan", ['=HYPERLINK("https://contoh.test","Klik")', "=2+5 loket dibuka"])
def test_xlsx_never_turns_typed_text_into_a_formula(session, world, unit, plan):
    from openpyxl import load_workbook

    from models.core.org import Unit

    named = session.get(Unit, unit)
    named.name = "=1+1"  # an administrator's unit name is typed text too
    session.add(named)
    ikm_reports.save_plan(session, world["manager"], unit, "2026-Q3", {"plan": plan})
    rep = ikm_reports.report(session, world["manager"], unit, "2026-Q3")
    sheet = load_workbook(io.BytesIO(ikm_reports.xlsx(rep, "id"))).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert any(t.endswith(plan) for t in texts)  # still there, to read
    assert any("=1+1 (WGR-DUKCAPIL)" in t for t in texts)


def test_file_names(session, world, unit):
    rep = ikm_reports.report(session, world["manager"], unit, "2026-Q3")
    assert ikm_reports.file_name(rep, "pdf") == "skm-wgr-dukcapil-2026-q3.pdf"
