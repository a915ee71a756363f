"""The admin command line: migrate, check, the demo seed (deterministic, idempotent), createuser."""

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from models.core.accounts import User, UserRole
from models.core.org import District, Staff, Unit
from models.satisfaction import FollowUpPlan, ServiceUserCount, SurveyResponse
from services.core import accounts, db
from services.satisfaction import stats, surveys
from tests.dbutil import fresh_database

ROOT = Path(__file__).resolve().parents[2]


def manage(url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo_url(tmp_root):
    with fresh_database(tmp_root, "demo") as url:
        result = manage(url, "seed", "--demo")
        assert result.returncode == 0, result.stderr
        yield url


def counts(url: str) -> dict[str, int]:
    engine = db.make_engine(url)
    with Session(engine) as s:
        tables = (District, Unit, Staff, User, SurveyResponse, ServiceUserCount, FollowUpPlan)
        out = {m.__name__: s.exec(select(func.count()).select_from(m)).one() for m in tables}
    engine.dispose()
    return out


def test_demo_has_five_districts_5_to_8_units_each_and_about_300_staff(demo_url):
    engine = db.make_engine(demo_url)
    with Session(engine) as s:
        names = set(s.exec(select(District.name)).all())
        per_district = s.exec(select(Unit.district_id, func.count()).group_by(Unit.district_id)).all()
        staff = s.exec(select(func.count()).select_from(Staff)).one()
    engine.dispose()
    assert names == {"Wanggar", "Walesi", "Tangerang Selatan", "Sawahlunto", "Gayungan"}
    assert all(5 <= n <= 8 for _, n in per_district)
    assert 280 <= staff <= 320


def test_running_the_seed_twice_changes_nothing(demo_url):
    before = counts(demo_url)
    assert manage(demo_url, "seed", "--demo").returncode == 0
    assert counts(demo_url) == before


def test_demo_users_have_their_roles_and_scope_and_the_demo_password(demo_url):
    engine = db.make_engine(demo_url)
    with Session(engine) as s:
        rows = s.exec(
            select(User.username, UserRole.role, District.code).join(UserRole).join(District, isouter=True)
        ).all()
        scope = {u: (r, d) for u, r, d in rows}
        assert accounts.authenticate(s, "manager.sawahlunto", "demo1234").ok
    engine.dispose()
    assert scope == {
        "admin": ("admin", None),
        "manager": ("manager", None),
        "manager.sawahlunto": ("manager", "SWL"),
        "officer": ("officer", "WGR"),
        "organizer": ("organizer", "WLS"),
        "trainer": ("trainer", None),
        "petugas.dukcapil": ("officer", "WGR"),
        "petugas.perizinan": ("officer", "WLS"),
    }


def test_the_demo_is_the_same_on_every_machine(tmp_root, demo_url):
    engine = db.make_engine(demo_url)
    with Session(engine) as s:
        first = s.exec(select(Staff.nip, Staff.name).order_by(Staff.nip)).all()
    engine.dispose()
    with fresh_database(tmp_root, "demo2") as other:
        assert manage(other, "seed", "--demo").returncode == 0
        engine = db.make_engine(other)
        with Session(engine) as s:
            assert s.exec(select(Staff.nip, Staff.name).order_by(Staff.nip)).all() == first
            assert survey_fingerprint(s) == survey_fingerprint_of(demo_url)
        engine.dispose()


def test_seed_if_empty_skips_a_database_with_data(demo_url):
    result = manage(demo_url, "seed", "--demo", "--if-empty")
    assert result.returncode == 0 and "skipped" in result.stdout


def test_check_fails_on_a_database_that_is_behind(tmp_root):
    url = f"sqlite:///{tmp_root / 'behind.db'}"
    result = manage(url, "check")
    assert result.returncode == 1
    assert "database at -" in result.stdout
    assert manage(url, "migrate").returncode == 0
    assert manage(url, "check").returncode == 0


def test_createuser_makes_a_real_account_and_refuses_bad_input(demo_url):
    ok = manage(
        demo_url,
        "createuser",
        "--username",
        "kepala.wgr",
        "--full-name",
        "Kepala Distrik",
        "--role",
        "manager",
        "--district",
        "WGR",
        "--password-stdin",
        stdin="sandi-kuat-2026\n",
    )
    assert ok.returncode == 0, ok.stderr
    base = ["createuser", "--username", "kepala.wgr", "--full-name", "X Y", "--role", "manager", "--password-stdin"]
    short = manage(demo_url, *base, stdin="pendek\n")
    assert short.returncode == 1 and "at least 8" in short.stderr
    taken = manage(demo_url, *base, stdin="sandi-kuat-2026\n")
    assert taken.returncode == 1 and "already taken" in taken.stderr


def test_createuser_refuses_an_empty_password_from_stdin(demo_url):
    base = ["createuser", "--username", "kosong.wgr", "--full-name", "Tanpa Sandi", "--role", "officer"]
    for stdin in ("\n", ""):
        empty = manage(demo_url, *base, "--password-stdin", stdin=stdin)
        assert empty.returncode == 1
        assert "no password given" in empty.stderr
        assert "Password:" not in empty.stdout + empty.stderr  # no interactive prompt instead
    engine = db.make_engine(demo_url)
    with Session(engine) as s:
        assert s.exec(select(User).where(User.username == "kosong.wgr")).first() is None
    engine.dispose()


def stamp(url: str, revision: str) -> None:
    from sqlalchemy import text

    engine = db.make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_check_tells_a_database_of_a_newer_release_from_one_that_is_behind(tmp_root):
    with fresh_database(tmp_root, "ahead") as url:
        stamp(url, "9999_from_a_newer_release")
        ahead = manage(url, "check")
        assert ahead.returncode == 1 and "newer version of Sigap" in ahead.stderr
        refused = manage(url, "migrate")
        assert refused.returncode == 1 and "newer version of Sigap" in refused.stderr
        stamp(url, "0004")
        behind = manage(url, "check")
        assert behind.returncode == 1 and "run `python manage.py migrate`" in behind.stderr


# --- the satisfaction demo (seed/satisfaction/) ------------------------------------------------------


def survey_fingerprint(session) -> tuple:
    """Counts and sums that change if any demo response differs."""
    from models.satisfaction import ELEMENTS

    columns = [func.count(), *[func.sum(getattr(SurveyResponse, e)) for e in ELEMENTS], func.sum(SurveyResponse.age)]
    return tuple(session.exec(select(*columns)).one())


def survey_fingerprint_of(url: str) -> tuple:
    engine = db.make_engine(url)
    with Session(engine) as s:
        out = survey_fingerprint(s)
    engine.dispose()
    return out


def test_the_satisfaction_demo_tells_the_seeds_stories(demo_url):
    from services.core import clock, periods
    from services.core.access import system_actor
    from services.satisfaction import ikm

    actor = system_actor("test")
    # The seed ran in a subprocess on the machine's clock, whatever this process's clock says.
    seeded_on = datetime.now(clock.zone()).date()
    last = periods.previous(periods.containing(seeded_on, "quarter"))
    first = periods.split(periods.ending(seeded_on, "quarter", 8), "quarter")[0]
    engine = db.make_engine(demo_url)
    with Session(engine) as s:
        units = dict(s.exec(select(Unit.code, Unit.id)).all())

        def result(code, period):
            return stats.ikm_for(s, actor, period=period, unit_id=units[code])

        # Every unit has responses, and the stories show in the figures.
        with_responses = s.exec(select(func.count(func.distinct(SurveyResponse.unit_id)))).one()
        assert with_responses == len(units) == 35
        weak = result("WLS-PTSP", last)
        assert weak.lowest_elements()[0] == "u3" and weak.element_grades["u3"] == "D"
        assert result("WGR-DUKCAPIL", last).ikm > result("WGR-DUKCAPIL", first).ikm + 5  # improving
        assert result("TGS-RSUD", last).ikm < result("TGS-RSUD", first).ikm - 5  # slipping
        # Most units pass their minimum sample in a whole quarter; a couple do not.
        population = surveys.service_users_for(s, list(units.values()), last)
        short = [code for code, uid in units.items() if result(code, last).n < ikm.min_sample(population[uid])]
        assert 1 <= len(short) <= 4, short
        assert s.exec(
            select(func.count()).select_from(SurveyResponse).where(SurveyResponse.suggestion.is_not(None))
        ).one()
        assert stats.months_drift(s) == 0
    engine.dispose()
