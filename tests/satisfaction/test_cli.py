"""The command line for administrators and scheduled jobs: units, import-skm, report-ikm. Its numbers
are the screen's numbers."""

import json
from datetime import date

import pytest
from sqlmodel import Session, func, select

from models.satisfaction import SurveyResponse
from services.core import db, periods
from services.core.access import system_actor
from services.satisfaction import dashboard, stats
from tests.core.test_cli import manage
from tests.dbutil import fresh_database
from tests.factories import build_world
from tests.satisfaction.factories import responses, same

MIXED = [
    [3, 4, 2, 4, 3, 3, 4, 3, 3],
    [4, 3, 2, 4, 3, 4, 4, 2, 3],
    [3, 3, 3, 4, 3, 3, 3, 3, 3],
    [2, 3, 1, 4, 2, 3, 3, 2, 2],
]


@pytest.fixture(scope="module")
def cli_db(tmp_root):
    with fresh_database(tmp_root, "ikmcli") as url:
        engine = db.make_engine(url)
        with Session(engine) as s:
            world = build_world(s)
            units = {code: u.id for code, u in world.units.items()}
            responses(s, units["WGR-DUKCAPIL"], date(2026, 7, 2), MIXED * 30)
            responses(s, units["WGR-DUKCAPIL"], date(2026, 9, 30), same(4, 7))
            responses(s, units["WGR-PTSP"], date(2026, 8, 15), same(3, 11))
            responses(s, units["SWL-DUKCAPIL"], date(2026, 8, 15), same(2, 5))
            s.commit()
        yield url, units, engine
        engine.dispose()


def count(engine) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(SurveyResponse)).one()


def test_units_lists_the_codes(cli_db):
    url, _, _ = cli_db
    result = manage(url, "units")
    assert result.returncode == 0
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == [
        "SWL-DPMPTSP", "SWL-DUKCAPIL", "WGR-DUKCAPIL", "WGR-PTSP",
    ]  # fmt: skip


def test_report_json_is_exactly_one_object_with_numbers(cli_db):
    url, _, _ = cli_db
    result = manage(url, "report-ikm", "--unit", "WGR-DUKCAPIL", "--period", "2026-Q3", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    data = json.loads(result.stdout)
    # 127 respondents: 120 mixed answers (30 x MIXED) and 7 all-4s. Element sums:
    # u1 30x12+28=388, u2 30x13+28=418, u3 30x8+28=268, u4 30x16+28=508, u5 30x11+28=358,
    # u6 418, u7 30x14+28=448, u8 30x10+28=328, u9 358; total 3492.
    # IKM = 25 x 3492 / (9 x 127) = 76.3779... -> 76.38, grade C; U3 NRR 268/127 = 2.110 -> D.
    assert data == {
        "ikm": 76.38,
        "grade": "C",
        "n": 127,
        "nrr": {
            "u1": 3.06,
            "u2": 3.29,
            "u3": 2.11,
            "u4": 4.0,
            "u5": 2.82,
            "u6": 3.29,
            "u7": 3.53,
            "u8": 2.58,
            "u9": 2.82,
        },
    }
    assert isinstance(data["ikm"], float) and isinstance(data["n"], int)


def test_the_commands_numbers_equal_the_screens(cli_db):
    url, units, engine = cli_db
    actor = system_actor("test")
    window = periods.ending(date(2026, 11, 23), "quarter", 8)
    q3 = periods.parse("2026-Q3")
    with Session(engine) as s:
        for unit_code, district in ((None, None), ("WGR-PTSP", None), (None, "Wanggar")):
            args = ["report-ikm", "--period", "2026-Q3", "--json"]
            args += ["--unit", unit_code] if unit_code else ["--district", district] if district else []
            printed = json.loads(manage(url, *args).stdout)
            district_id = build_district_id(s, district)
            unit_id = units.get(unit_code) if unit_code else None
            selection = stats.select_scope(s, actor, district_id=district_id, unit_id=unit_id)
            context = selection if unit_id is None else stats.select_scope(s, actor, district_id=selection.district_id)
            cells = stats.monthly_cells(s, actor, start=window.start, end=window.end, district_id=selection.district_id)
            dash = dashboard.compose(
                cells, selection, context.units, buckets=periods.split(window, "quarter"), step="quarter", focus=q3
            )
            assert printed == dash.current.as_json()
            assert printed == stats.ikm_for(s, actor, period=q3, district_id=district_id, unit_id=unit_id).as_json()


def build_district_id(session, name):
    if name is None:
        return None
    from models.core.org import District

    return session.exec(select(District.id).where(District.name == name)).one()


def test_a_district_by_name_or_code_and_an_empty_period(cli_db):
    url, _, _ = cli_db
    by_name = json.loads(manage(url, "report-ikm", "--district", "wanggar", "--period", "2026", "--json").stdout)
    by_code = json.loads(manage(url, "report-ikm", "--district", "WGR", "--period", "2026", "--json").stdout)
    assert by_name == by_code and by_name["n"] == 138
    empty = json.loads(manage(url, "report-ikm", "--period", "2025-S1", "--json").stdout)
    assert empty == {"ikm": None, "grade": None, "n": 0, "nrr": {f"u{i}": None for i in range(1, 10)}}


def test_the_readable_report(cli_db):
    url, _, _ = cli_db
    result = manage(url, "report-ikm", "--unit", "WGR-PTSP", "--period", "2026-Q3")
    assert result.returncode == 0
    assert "IKM: 75.00  grade: C (Poor)" in result.stdout
    assert "u3 Waktu Penyelesaian" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--period", "2026-Q5"], "unknown period"),
        (["--period", "2026-Q3", "--unit", "WGR-NOPE"], "unknown unit code"),
        (["--period", "2026-Q3", "--district", "Atlantis"], "unknown district"),
    ],
)
def test_report_refuses_bad_arguments(cli_db, args, message):
    url, _, _ = cli_db
    result = manage(url, "report-ikm", *args)
    assert result.returncode == 2 and message in result.stderr and result.stdout == ""


def test_import_all_or_nothing_with_exit_codes(cli_db, tmp_path):
    url, _, engine = cli_db
    before = count(engine)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,u1,u2,u3,u4,u5,u6,u7,u8,u9,catatan\n"
        "2026-10-01,3,3,3,3,3,3,3,3,3,ok\n"
        "2026-10-32,3,3,3,3,3,3,3,3,3,\n"
        "2026-10-02,3,3,0,3,3,3,3,3,3,\n"
    )
    result = manage(url, "import-skm", str(bad), "--unit", "WGR-PTSP")
    assert result.returncode == 1
    assert "line 3: date: The date must be written YYYY-MM-DD." in result.stderr
    assert "line 4: u3: The score must be a whole number from 1 to 4." in result.stderr
    assert "nothing imported" in result.stderr
    assert count(engine) == before

    good = tmp_path / "good.csv"
    good.write_text("date,unit_code,u1,u2,u3,u4,u5,u6,u7,u8,u9\n2026-10-01,WGR-PTSP,3,3,3,3,3,3,3,3,3\n")
    result = manage(url, "import-skm", str(good))
    assert result.returncode == 0, result.stderr
    assert "imported 1 responses" in result.stdout
    assert count(engine) == before + 1
    again = manage(url, "import-skm", str(good))
    assert again.returncode == 1 and "already imported" in again.stderr
    assert manage(url, "import-skm", str(tmp_path / "missing.csv")).returncode == 2


def test_rebuild_ikm_repairs_the_roll_up(cli_db):
    url, _, engine = cli_db
    from sqlalchemy import update

    from models.satisfaction import SurveyMonth

    before = json.loads(manage(url, "report-ikm", "--period", "2026", "--json").stdout)
    with Session(engine) as s:
        s.exec(update(SurveyMonth).values(n=1))  # a hand edit behind the triggers' back
        s.commit()
    result = manage(url, "rebuild-ikm")
    assert result.returncode == 0 and "differed" in result.stdout
    assert json.loads(manage(url, "report-ikm", "--period", "2026", "--json").stdout) == before


def test_import_names_the_ignored_columns_and_counts_bad_rows_not_problems(cli_db, tmp_path):
    url, _, engine = cli_db
    before = count(engine)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,u1,u2,u3,u4,u5,u6,u7,u8,u9,nama,telepon\n"
        "2025-11-03,3,3,3,3,3,3,3,3,3,Budi,0812\n"
        "2025-11-32,3,3,0,3,3,3,3,3,3,,\n"  # two problems in one row
        "2025-11-04,3,3,3,3,3,3,3,3,5,,\n"
    )
    result = manage(url, "import-skm", str(bad), "--unit", "WGR-PTSP")
    assert result.returncode == 1
    assert "ignored columns: nama, telepon" in result.stderr
    assert "line 3: date:" in result.stderr and "line 3: u3:" in result.stderr and "line 4: u9:" in result.stderr
    assert "nothing imported: 2 bad rows in bad.csv (3 problems)" in result.stderr
    assert count(engine) == before
    good = tmp_path / "good.csv"
    good.write_text("date,u1,u2,u3,u4,u5,u6,u7,u8,u9,nama\n2025-11-03,3,3,3,3,3,3,3,3,3,Budi\n")
    imported = manage(url, "import-skm", str(good), "--unit", "WGR-PTSP")
    assert imported.returncode == 0 and "ignored columns: nama" in imported.stderr  # said on success too
    assert count(engine) == before + 1


def test_import_of_a_corrected_file_skips_the_rows_already_imported(cli_db, tmp_path):
    url, _, engine = cli_db
    header = "date,unit_code,u1,u2,u3,u4,u5,u6,u7,u8,u9\n"
    rows = ["2025-12-01,WGR-DUKCAPIL,4,4,4,4,4,4,4,4,4", "2025-12-01,WGR-DUKCAPIL,4,4,4,4,4,4,4,4,4"]
    first = tmp_path / "december.csv"
    first.write_text(header + "\n".join(rows) + "\n")
    assert manage(url, "import-skm", str(first)).returncode == 0
    before = count(engine)
    corrected = tmp_path / "december-fixed.csv"
    corrected.write_text(header + "\n".join([*rows, "2025-12-02,WGR-DUKCAPIL,2,2,2,2,2,2,2,2,2"]) + "\n")
    result = manage(url, "import-skm", str(corrected))
    assert result.returncode == 0, result.stderr
    assert "imported 1 responses" in result.stdout
    assert "skipped 2 rows already imported from an earlier file: lines 2-3" in result.stderr
    assert count(engine) == before + 1
    again = tmp_path / "december-again.csv"
    again.write_text(header + "\n".join(rows) + "\n\n")
    nothing = manage(url, "import-skm", str(again))
    assert nothing.returncode == 1 and "there is nothing new" in nothing.stderr
    forced = manage(url, "import-skm", str(again), "--include-already-imported")
    assert forced.returncode == 0 and "imported 2 responses" in forced.stdout
    assert count(engine) == before + 3


def test_import_of_an_unreadable_csv_says_so(cli_db, tmp_path):
    url, _, engine = cli_db
    before = count(engine)
    garbled = tmp_path / "garbled.csv"
    garbled.write_bytes(b"date,u1,u2,u3,u4,u5,u6,u7,u8,u9,suggestion\n2025-11-05,3,3,3,3,3,3,3,3,3,Ant\x81rean\x8d\n")
    result = manage(url, "import-skm", str(garbled), "--unit", "WGR-PTSP")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "file: The file cannot be read as CSV text" in result.stderr
    assert count(engine) == before
