"""Importing SKM responses from CSV and XLSX: every bad row is reported with its line and reason, and
nothing is imported unless the user accepts the good rows only."""

import io
from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlmodel import Session, func, select

from models.core.audit import AuditLog
from models.satisfaction import SurveyImport, SurveyResponse
from services.core import settings
from services.core.errors import AccessDenied, NotFound, ValidationFailed
from services.satisfaction import imports

HEADER = "date,unit_code,service,gender,age,education,occupation,u1,u2,u3,u4,u5,u6,u7,u8,u9,suggestion"


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


GOOD = [
    "2026-10-01,WGR-DUKCAPIL,KTP-el,P,34,SMA,wiraswasta,3,3,2,4,3,3,4,3,3,Antrean pagi panjang",
    "2026-10-02,WGR-DUKCAPIL,kartu keluarga,L,51,S1,pns,4,3,3,4,3,4,4,3,3,",
    "2026-10-02,WGR-PTSP,,,,,,3,3,3,3,3,3,3,3,3,",
]


def count(session) -> int:
    return session.exec(select(func.count()).select_from(SurveyResponse)).one()


def errors_of(preview) -> set[tuple[int, str | None, str]]:
    return {(e.row, e.column, e.code) for e in preview.errors}


def test_a_good_file_imports_every_row_in_one_batch(session, world):
    result = imports.import_file(session, world["officer"], csv_file(*GOOD), "skm.csv")
    assert (result.imported, result.skipped) == (3, 0)
    rows = session.exec(select(SurveyResponse).order_by(SurveyResponse.id)).all()
    assert [r.source for r in rows] == ["import"] * 3
    assert {r.import_id for r in rows} == {result.import_id}
    assert rows[0].education == "sma" and rows[1].occupation == "pns" and rows[1].service_id is not None
    assert rows[2].gender is None and rows[2].suggestion is None
    batch = session.get(SurveyImport, result.import_id)
    assert (batch.file_name, batch.rows, batch.created_by) == ("skm.csv", 3, world["officer"].id)
    assert session.exec(select(AuditLog).where(AuditLog.entity == "survey_import")).first().after["rows"] == 3


@pytest.mark.parametrize(
    "row, column, code",
    [
        ("2026/10/01,WGR-PTSP,,,,,,3,3,3,3,3,3,3,3,3,", "date", "date_format"),
        ("2026-02-30,WGR-PTSP,,,,,,3,3,3,3,3,3,3,3,3,", "date", "date_format"),
        (",WGR-PTSP,,,,,,3,3,3,3,3,3,3,3,3,", "date", "required"),
        ("2099-01-01,WGR-PTSP,,,,,,3,3,3,3,3,3,3,3,3,", "date", "date_future"),
        ("2026-10-01,WGR-PTSP,,,,,,0,3,3,3,3,3,3,3,3,", "u1", "score_invalid"),
        ("2026-10-01,WGR-PTSP,,,,,,3,3,3,3,5,3,3,3,3,", "u5", "score_invalid"),
        ("2026-10-01,WGR-PTSP,,,,,,3,3,3,3,3,3,3,3,,", "u9", "required"),
        ("2026-10-01,WGR-PTSP,,,,,,3,3,tiga,3,3,3,3,3,3,", "u3", "score_invalid"),
        ("2026-10-01,WGR-NOPE,,,,,,3,3,3,3,3,3,3,3,3,", "unit_code", "unit_code_unknown"),
        ("2026-10-01,WGR-PTSP,Akta nikah,,,,,3,3,3,3,3,3,3,3,3,", "service", "service_unknown"),
        ("2026-10-01,WGR-PTSP,,X,,,,3,3,3,3,3,3,3,3,3,", "gender", "gender_invalid"),
        ("2026-10-01,WGR-PTSP,,,200,,,3,3,3,3,3,3,3,3,3,", "age", "age_invalid"),
        ("2026-10-01,WGR-PTSP,,,,,petani kopi,3,3,3,3,3,3,3,3,3,", "occupation", "occupation_invalid"),
    ],
)
def test_each_bad_row_is_reported_with_its_line_and_reason(session, world, row, column, code):
    preview = imports.parse_import(session, world["officer"], csv_file(GOOD[0], row), "skm.csv")
    assert (3, column, code) in errors_of(preview)  # header is line 1, so the second data row is line 3
    assert len(preview.good) == 1


def test_any_bad_row_refuses_the_whole_file(session, world):
    content = csv_file(*GOOD, "2026-10-01,WGR-PTSP,,,,,,3,3,3,3,3,3,3,3,9,")
    with pytest.raises(ValidationFailed) as exc:
        imports.import_file(session, world["officer"], content, "skm.csv")
    assert [(e.field, e.code, e.params["row"]) for e in exc.value.errors] == [("u9", "score_invalid", 5)]
    assert count(session) == 0
    assert session.exec(select(func.count()).select_from(SurveyImport)).one() == 0


def test_the_good_rows_go_in_only_when_the_user_accepts_them(session, world):
    content = csv_file(*GOOD, "2026-10-01,WGR-PTSP,,,,,,3,3,3,3,3,3,3,3,9,")
    result = imports.import_file(session, world["officer"], content, "skm.csv", accept_good_rows=True)
    assert (result.imported, result.skipped) == (3, 1)
    assert count(session) == 3


def test_a_missing_required_column_refuses_the_file(session, world):
    header = HEADER.replace(",u9", "")
    preview = imports.parse_import(
        session, world["officer"], csv_file(GOOD[2].rsplit(",", 2)[0] + ",", header=header), "a.csv"
    )
    assert [(e.field, e.code, e.params) for e in preview.file_errors] == [
        ("file", "import_columns_missing", {"columns": "u9"})
    ]
    assert not preview.importable


def test_extra_columns_are_reported_and_ignored(session, world):
    content = csv_file(
        "2026-10-01,WGR-PTSP,3,3,3,3,3,3,3,3,3,Budi,0812",
        header="date,unit_code,u1,u2,u3,u4,u5,u6,u7,u8,u9,nama,telepon",
    )
    preview = imports.parse_import(session, world["officer"], content, "a.csv")
    assert preview.extra_columns == ["nama", "telepon"]
    assert not preview.errors and len(preview.good) == 1
    assert "Budi" not in repr(preview.good)  # a name column is never stored


def test_semicolons_windows_text_and_blank_lines_are_fine(session, world):
    text = (
        "date;u1;u2;u3;u4;u5;u6;u7;u8;u9;suggestion\r\n"
        "2026-10-01;3;3;3;3;3;3;3;3;3;Ruang tunggu panas\r\n"
        ";;;;;;;;;;\r\n"
    )
    preview = imports.parse_import(session, world["officer"], text.encode("cp1252"), "a.csv", "WGR-PTSP")
    assert not preview.file_errors and not preview.errors
    assert preview.rows_total == 1 and preview.good[0]["suggestion"] == "Ruang tunggu panas"


def test_xlsx_with_real_date_cells(session, world):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Date", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"])
    ws.append([datetime(2026, 10, 1), 4, 4, 3, 4, 3, 3, 4, 3.0, 3])
    ws.append(["2026-10-02", 3, 3, 3, 3, 3, 3, 3, 3, 3])
    buf = io.BytesIO()
    wb.save(buf)
    result = imports.import_file(session, world["officer"], buf.getvalue(), "skm.xlsx", "WGR-DUKCAPIL")
    assert result.imported == 2


def test_without_unit_codes_a_unit_must_be_chosen(session, world):
    content = csv_file("2026-10-01,3,3,3,3,3,3,3,3,3", header="date,u1,u2,u3,u4,u5,u6,u7,u8,u9")
    preview = imports.parse_import(session, world["officer"], content, "a.csv")
    assert [e.code for e in preview.file_errors] == ["import_unit_missing"]
    assert imports.parse_import(session, world["officer"], content, "a.csv", "WGR-PTSP").importable


def test_a_unit_outside_ones_scope_reads_as_unknown(session, world):
    content = csv_file("2026-10-01,SWL-DUKCAPIL,,,,,,3,3,3,3,3,3,3,3,3,")
    preview = imports.parse_import(session, world["officer"], content, "a.csv")
    assert errors_of(preview) == {(2, "unit_code", "unit_code_unknown")}
    liaison = imports.parse_import(session, world["officer.dukcapil"], csv_file(GOOD[2]), "a.csv")
    assert errors_of(liaison) == {(2, "unit_code", "survey_other_unit")}


def test_a_deactivated_unit_is_named_as_such(session, world):
    world.units["WGR-PTSP"].active = False
    session.add(world.units["WGR-PTSP"])
    session.commit()
    preview = imports.parse_import(session, world["officer"], csv_file(GOOD[2]), "a.csv")
    assert errors_of(preview) == {(2, "unit_code", "unit_inactive")}
    whole = imports.parse_import(session, world["officer"], csv_file(GOOD[0]), "b.csv", default_unit_code="WGR-PTSP")
    assert [e.code for e in whole.file_errors] == ["unit_inactive"]


def test_the_same_file_twice_is_refused(session, world):
    content = csv_file(*GOOD)
    imports.import_file(session, world["officer"], content, "skm.csv")
    with pytest.raises(ValidationFailed) as exc:
        imports.import_file(session, world["officer"], content, "again.csv")
    assert exc.value.errors[0].code == "import_duplicate"
    assert count(session) == 3


def test_wrong_file_types_and_empty_files(session, world):
    assert [e.code for e in imports.parse_import(session, world["officer"], b"x", "a.pdf").file_errors] == [
        "import_file_type"
    ]
    assert "import_empty" in [
        e.code for e in imports.parse_import(session, world["officer"], csv_file(), "a.csv").file_errors
    ]
    assert [e.code for e in imports.parse_import(session, world["officer"], b"not a zip", "a.xlsx").file_errors] == [
        "import_unreadable"
    ]


def test_too_many_rows_for_the_setting(session, world):
    settings.update(session, world["admin"], {"satisfaction.import_max_rows": 100})
    content = csv_file(*[GOOD[2]] * 101)
    preview = imports.parse_import(session, world["officer"], content, "a.csv")
    assert [e.code for e in preview.file_errors] == ["import_too_many_rows"]


def test_progress_covers_the_check_and_the_insert(session, world, monkeypatch):
    monkeypatch.setattr(imports, "INSERT_CHUNK", 2)
    monkeypatch.setattr(imports, "PARSE_STEP", 1)
    seen = []
    imports.import_file(session, world["officer"], csv_file(*GOOD), "a.csv", progress=seen.append)
    # The file is read (half the bar, a report per row here), then inserted two rows at a time.
    assert seen == pytest.approx([1 / 6, 2 / 6, 3 / 6, 3 / 6, 3 / 6 + 2 / 6, 1.0])
    assert seen == sorted(seen)


def test_an_import_reuses_the_preview_the_user_saw_instead_of_reading_the_file_again(session, world, monkeypatch):
    content = csv_file(*GOOD)
    preview = imports.parse_import(session, world["officer"], content, "skm.csv")
    monkeypatch.setattr(imports, "parse_import", lambda *a, **k: pytest.fail("the file was parsed again"))
    seen = []
    result = imports.import_file(session, world["officer"], content, "skm.csv", preview=preview, progress=seen.append)
    assert result.imported == 3 and count(session) == 3
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_a_stale_or_foreign_preview_is_not_trusted(session, world):
    from models.core.org import Unit

    content = csv_file(*GOOD)
    preview = imports.parse_import(session, world["officer"], content, "skm.csv")
    other = csv_file(GOOD[2])  # another file: its own rows are read, whatever preview comes along
    assert imports.import_file(session, world["officer"], other, "b.csv", preview=preview).imported == 1
    ptsp = session.get(Unit, world.units["WGR-PTSP"].id)
    ptsp.active = False  # closed after the preview was made
    session.add(ptsp)
    session.flush()
    with pytest.raises(ValidationFailed) as exc:
        imports.import_file(session, world["officer"], content, "skm.csv", preview=preview)
    assert [(e.field, e.code, e.params["row"]) for e in exc.value.errors] == [("unit_code", "unit_inactive", 4)]
    liaison = world["officer.dukcapil"]  # someone else's preview is never theirs to import
    ptsp.active = True
    session.add(ptsp)
    session.flush()
    with pytest.raises(ValidationFailed) as exc:
        imports.import_file(session, liaison, content, "skm.csv", preview=preview)
    assert {e.code for e in exc.value.errors} == {"survey_other_unit"}
    assert count(session) == 1


FIXED = "2026-10-01,WGR-PTSP,,,,,,3,3,3,3,3,3,3,3,4,"
BROKEN = "2026-10-01,WGR-PTSP,,,,,,3,3,3,3,3,3,3,3,9,"


def test_a_corrected_file_adds_only_the_rows_that_were_fixed(session, world):
    first = imports.import_file(session, world["officer"], csv_file(*GOOD, BROKEN), "skm.csv", accept_good_rows=True)
    assert (first.imported, first.skipped) == (3, 1)
    corrected = csv_file(*GOOD, FIXED)  # the bad row fixed, uploaded again whole
    preview = imports.parse_import(session, world["officer"], corrected, "skm-fixed.csv")
    assert (preview.already_lines, preview.good_lines, preview.errors) == ([2, 3, 4], [5], [])
    result = imports.import_file(session, world["officer"], corrected, "skm-fixed.csv")
    assert (result.imported, result.skipped, result.already) == (1, 0, 3)
    assert count(session) == 4
    scores = session.exec(select(SurveyResponse.u9).where(SurveyResponse.import_id == result.import_id)).all()
    assert scores == [4]


def test_identical_answers_in_one_file_are_different_people(session, world):
    same_answer = GOOD[2]
    assert imports.import_file(session, world["officer"], csv_file(*[same_answer] * 3), "a.csv").imported == 3
    # Later, the same three and a fourth person who answered alike: only the fourth is new.
    preview = imports.parse_import(session, world["officer"], csv_file(*[same_answer] * 4, GOOD[0]), "b.csv")
    assert (preview.already_lines, preview.good_lines) == ([2, 3, 4], [5, 6])
    # Another day, another unit or another answer is never "already imported".
    other_day = same_answer.replace("2026-10-02", "2026-10-03")
    other_unit = same_answer.replace("WGR-PTSP", "WGR-DUKCAPIL")
    other_answer = same_answer.replace(",3,3,3,3,3,3,3,3,3,", ",3,3,3,3,3,3,3,3,2,")
    preview = imports.parse_import(session, world["officer"], csv_file(other_day, other_unit, other_answer), "c.csv")
    assert (preview.already_lines, len(preview.good)) == ([], 3)


def test_rows_already_imported_can_be_imported_again_on_purpose(session, world):
    imports.import_file(session, world["officer"], csv_file(*GOOD), "a.csv")
    again = csv_file(*reversed(GOOD))  # the same rows in another order: another file
    with pytest.raises(ValidationFailed) as exc:
        imports.import_file(session, world["officer"], again, "b.csv")
    assert [e.code for e in exc.value.errors] == ["import_nothing_new"]
    result = imports.import_file(session, world["officer"], again, "b.csv", include_already_imported=True)
    assert (result.imported, result.already) == (3, 0)
    assert count(session) == 6


def test_responses_typed_or_sent_from_a_kiosk_are_not_imports(session, world):
    from tests.satisfaction.factories import responses

    responses(session, world.units["WGR-PTSP"].id, date(2026, 10, 2), [[3] * 9])  # a paper form typed by staff
    preview = imports.parse_import(session, world["officer"], csv_file(GOOD[2]), "a.csv")
    assert (preview.already_lines, preview.good_lines) == ([], [2])


def test_a_csv_neither_utf8_nor_windows_1252_is_refused_as_unreadable(session, world):
    undecodable = csv_file(*GOOD) + "2026-10-01,WGR-PTSP,,,,,,3,3,3,3,3,3,3,3,3,Ant\x81rean\x8d".encode("latin-1")
    preview = imports.parse_import(session, world["officer"], undecodable, "skm.csv")
    assert [(e.field, e.code) for e in preview.file_errors] == [("file", "import_unreadable_csv")]
    with pytest.raises(ValidationFailed) as exc:
        imports.import_file(session, world["officer"], undecodable, "skm.csv")
    assert [e.code for e in exc.value.errors] == ["import_unreadable_csv"]
    # Not CSV text at all: a cell far beyond anything a questionnaire holds (the csv module gives up).
    huge = csv_file(GOOD[0] + "x" * 200_000)
    assert [e.code for e in imports.parse_import(session, world["officer"], huge, "a.csv").file_errors] == [
        "import_unreadable_csv"
    ]
    assert count(session) == 0


def test_only_entry_roles_import(session, world):
    with pytest.raises(AccessDenied):
        imports.import_file(session, world["manager"], csv_file(*GOOD), "a.csv")


def test_an_admin_can_undo_an_import(session, world):
    result = imports.import_file(session, world["officer"], csv_file(*GOOD), "skm.csv")
    with pytest.raises(AccessDenied):
        imports.undo_import(session, world["officer"], result.import_id)
    swl_admin = replace(world["admin.wgr"], district_id=world.swl.id)
    with pytest.raises(NotFound):
        imports.undo_import(session, swl_admin, result.import_id)  # the rows lie in Wanggar: not theirs to know of
    assert imports.undo_import(session, world["admin"], result.import_id) == 3
    assert count(session) == 0
    assert [b.id for b in imports.recent_imports(session, world["officer"])] == []


def test_a_district_admin_cannot_undo_an_import_that_reaches_beyond_their_district(session, world):
    mixed = csv_file(GOOD[0], "2026-10-01,SWL-DUKCAPIL,,,,,,3,3,3,3,3,3,3,3,3,")
    result = imports.import_file(session, world["admin"], mixed, "skm.csv")
    with pytest.raises(ValidationFailed) as exc:
        imports.undo_import(session, world["admin.wgr"], result.import_id)  # half of it is theirs
    assert [e.code for e in exc.value.errors] == ["scope_outside_yours"]
    assert count(session) == 2


def test_the_templates_list_the_documented_columns(session, world):
    header = imports.template_csv().decode("utf-8-sig").splitlines()[0].split(",")
    assert header == list(imports.TEMPLATE_COLUMNS)
    preview = imports.parse_import(session, world["officer"], imports.template_csv(), "template.csv")
    assert not preview.file_errors and not preview.errors and len(preview.good) == 2
    xlsx = imports.parse_import(session, world["officer"], imports.template_xlsx(), "template.xlsx")
    assert not xlsx.file_errors and not xlsx.errors and len(xlsx.good) == 2


def test_numbers_in_text_columns_of_a_spreadsheet_are_text(session, world):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["date", "unit_code", "service", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "suggestion"])
    ws.append(["2026-10-01", "WGR-PTSP", None, 3, 3, 3, 3, 3, 3, 3, 3, 3, 123])
    buf = io.BytesIO()
    wb.save(buf)
    preview = imports.parse_import(session, world["officer"], buf.getvalue(), "a.xlsx")
    assert not preview.errors and preview.good[0]["suggestion"] == "123"


# --- two imports at the same instant ------------------------------------------------------------


def _at_once(*jobs):
    """Run each job in its own thread and session, released together; (results, errors) in order."""
    import threading

    from services.core import db

    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(i, job):
        with Session(db.get_engine(), expire_on_commit=False) as s:
            barrier.wait()
            try:
                results[i] = job(s)
                s.commit()
            except ValidationFailed as exc:
                s.rollback()
                results[i] = exc

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_the_same_file_sent_twice_at_the_same_instant_is_imported_once(session, world):
    content = csv_file(*GOOD)
    job = lambda s: imports.import_file(s, world["officer"], content, "skm.csv")  # noqa: E731
    results = _at_once(job, job)
    refused = [r for r in results if isinstance(r, ValidationFailed)]
    assert len(refused) == 1 and [e.code for e in refused[0].errors] == ["import_duplicate"]
    session.expire_all()
    assert session.exec(select(func.count()).select_from(SurveyResponse)).one() == len(GOOD)


def test_overlapping_files_at_the_same_instant_add_each_questionnaire_once(session, world):
    first, second = csv_file(*GOOD[:2]), csv_file(*GOOD[1:])
    results = _at_once(
        lambda s: imports.import_file(s, world["officer"], first, "a.csv"),
        lambda s: imports.import_file(s, world["officer"], second, "b.csv"),
    )
    assert not any(isinstance(r, ValidationFailed) for r in results), results
    session.expire_all()
    assert session.exec(select(func.count()).select_from(SurveyResponse)).one() == len(GOOD)  # not len(GOOD) + 1
