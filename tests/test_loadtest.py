"""The load test against the real server: `streamlit run app.py` on a free port over a demo database,
three simulated users (an officer, a manager, an organizer) taking three steps each on the websocket
stream. No timing is asserted (the figures are measured, not tested): the users log in through the
form, walk their pages without an error, and the officer's complaints and survey form are in the
database afterwards. Slow tier (tests/conftest.py SLOW_TESTS): a subprocess and a demo seed."""

from __future__ import annotations

import os

import pytest
from sqlmodel import Session

import loadtest
from loadtest import server, writes
from loadtest.journeys import Write
from services.core import db
from tests.dbutil import fresh_database


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The app served over a database with the demo districts, units, staff and accounts."""
    from seed import demo

    tmp = tmp_path_factory.mktemp("loadtest")
    with fresh_database(tmp, "load") as url:
        engine = db.make_engine(url)
        for name, step in demo.STEPS:
            if name == "core":  # the organisation and the demo accounts; module data is not needed
                with Session(engine) as s:
                    step(s)
                    s.commit()
        engine.dispose()
        env = {**os.environ, "DATABASE_URL": url, "SIGAP_DATA_DIR": str(tmp / "data")}
        with server.serve(env=env, log=tmp / "streamlit.log") as served:
            yield served, url


@pytest.fixture
def app_database(demo_server, monkeypatch):
    """This process reads the server's database (for the check of the writes)."""
    monkeypatch.setenv("DATABASE_URL", demo_server[1])
    db.reset_engine_cache()
    yield
    db.reset_engine_cache()


def test_three_users_log_in_walk_their_pages_and_every_write_is_in_the_database(demo_server, app_database):
    served, _ = demo_server
    report = loadtest.run(
        served.url,
        users=3,
        steps=3,
        pid=served.pid,
        ramp=0,
        accounts=("officer", "manager", "organizer"),
        verify=writes.missing_writes,
    )

    assert dict(report.errors) == {}, report.error_samples
    assert report.sessions == 3
    # Each user: the login form, its submit, then one page of its sidebar per step.
    assert len(report.timings["login"]) == len(report.timings["login (submit)"]) == 3
    # The officer filed complaints on steps 0 and 2 and typed a survey form on step 1.
    assert sorted(w.kind for w in report.writes) == ["complaint", "complaint", "survey_response"]
    assert report.missing == []
    assert report.rss_before_kb and report.rss_after_kb and report.server_cpu_s > 0
    assert report.ok


def test_the_write_check_names_a_write_that_is_not_in_the_database(app_database):
    ghost = Write("complaint", "LTffffff-u000-s000", "officer")
    assert writes.missing_writes([ghost], "LTffffff") == [ghost]


def test_a_failed_login_is_an_error(demo_server):
    served, _ = demo_server
    report = loadtest.run(served.url, users=1, steps=1, ramp=0, password="wrong-password", warm_up=False)
    assert report.errors["login_failed"] == 1
    assert report.sessions == 0 and not report.ok
