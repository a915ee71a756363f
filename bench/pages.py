"""Whole page runs timed on the server side: Streamlit's AppTest runs the real app.py and page
scripts in this process, as the server does for a browser session, and every figure includes
AppTest's own work (script runner, element tree, widget state). `apptest_overhead_ms` is that work
for a page that draws one line, and `apptest_recompile_ms` what AppTest adds to every run of a real
page: it compiles app.py and the page script again on each run, where a server compiles them once.

Cold runs start with st.cache_data emptied and a new database engine (no pooled connections);
warm runs repeat the page in the same session, as the live refresh does.
"""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st
from streamlit.testing.v1 import AppTest

from bench.appsession import ROOT, as_user
from services.core import db

USER = "manager"  # the demo's manager of every district
DASHBOARD = "pages/satisfaction/dashboard.py"
QUEUE = "pages/complaints/queue.py"
BOARD = "pages/forums/board.py"
LEDGER = "pages/training/ledger.py"


@dataclass
class Timing:
    ms: float  # median wall time
    runs: list[float]  # wall time of each run
    cpu: list[float] = field(default_factory=list)  # CPU time of the process in each run

    @property
    def cpu_ms(self) -> float:
        """Median CPU time: on a machine shared with other work it moves less than the wall time."""
        return statistics.median(self.cpu) if self.cpu else float("nan")


def median_ms(runs: list[tuple[float, float]]) -> Timing:
    walls = [wall for wall, _ in runs]
    return Timing(statistics.median(walls), walls, [cpu for _, cpu in runs])


def quiet_streamlit() -> None:
    """AppTest outside `streamlit run` logs a warning per cached call ("missing ScriptRunContext"):
    keep the table readable."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def _fail_on_exception(at: AppTest, what: str) -> None:
    if at.exception:
        raise RuntimeError(f"{what}: the page raised {at.exception[0].value}")
    errors = [e.value for e in at.error]
    if errors:
        raise RuntimeError(f"{what}: the page shows an error: {errors[0]}")


def _timed_run(at: AppTest) -> tuple[float, float]:
    """(wall ms, CPU ms of the process) of one run of the page."""
    started, cpu = time.perf_counter(), time.process_time()
    at.run()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def empty_caches() -> None:
    """What a freshly started server has: no cached data, no open connections."""
    st.cache_data.clear()
    db.reset_engine_cache()


def overhead(repeat: int) -> Timing:
    """AppTest's cost of a page that draws one line (no database)."""
    quiet_streamlit()
    at = AppTest.from_string("import streamlit as st\nst.write('x')", default_timeout=30)
    at.run()
    return median_ms([_timed_run(at) for _ in range(repeat)])


def recompile_ms(page: str = DASHBOARD, repeat: int = 5) -> float:
    """What AppTest 1.67 adds to every run that a server does not: it gives each run a new
    ScriptCache, so app.py and the page are compiled again each time (the server compiles once).
    Median ms of compiling app.py and `page` as Streamlit does (with its magic pass)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        cache = ScriptCache()
        for script in ("app.py", page):
            cache.get_bytecode(str(ROOT / script))
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def _opened(path: str, user: str = USER) -> AppTest:
    at = as_user(user)
    quiet_streamlit()
    at.switch_page(str(ROOT / path))
    return at


def dashboard(repeat: int) -> tuple[Timing, Timing, int]:
    """(cold, warm, charts drawn) of the managers' dashboard, all districts, every panel."""
    cold = []
    for _ in range(repeat):
        at = _opened(DASHBOARD)
        empty_caches()
        cold.append(_timed_run(at))
        _fail_on_exception(at, "dashboard")
    charts = len(at.get("vega_lite_chart"))
    warm = [_timed_run(at) for _ in range(repeat)]
    _fail_on_exception(at, "dashboard")
    return median_ms(cold), median_ms(warm), charts


def _filtered(path: str, widgets: Callable[[AppTest], None], repeat: int, what: str) -> Timing:
    """Open the page, set its filters as a user would, then time its runs with them."""
    at = _opened(path)
    at.run()
    _fail_on_exception(at, what)
    widgets(at)
    at.run()
    _fail_on_exception(at, what)
    runs = [_timed_run(at) for _ in range(repeat)]
    _fail_on_exception(at, what)
    return median_ms(runs)


def triage(repeat: int, district_id: int, state: str) -> Timing:
    """The complaint queue of one district in one state, by deadline, first page."""

    def filters(at: AppTest) -> None:
        at.selectbox(key="cq_district").select(district_id)
        at.multiselect(key="cq_states").select(state)
        at.selectbox(key="cq_sort").select("deadline")

    return _filtered(QUEUE, filters, repeat, "triage queue")


def forum_board(repeat: int, district_id: int) -> Timing:
    return _filtered(BOARD, lambda at: at.selectbox(key="fb_district").select(district_id), repeat, "forum board")


def training_ledger(repeat: int, district_id: int) -> Timing:
    return _filtered(
        LEDGER, lambda at: at.selectbox(key="tr_l_district").select(district_id), repeat, "training ledger"
    )
