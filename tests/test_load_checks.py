"""How the load test judges a screen and whom it agrees to load (no server needed; the load itself
is tests/test_loadtest.py)."""

from __future__ import annotations

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.Element_pb2 import Element

import loadtest
from loadtest.journeys import failures
from loadtest.protocol import Run
from loadtest.report import percentile
from services import i18n


def _run(*elements: Element) -> Run:
    return Run(list(elements), 0.1, 1)


def _alert(body: str, fmt=Alert.ERROR) -> Element:
    e = Element()
    e.alert.body = body
    e.alert.format = fmt
    return e


def test_a_traceback_on_the_page_is_an_error():
    e = Element()
    e.exception.type = "KeyError"
    e.exception.message = "'unit_id'"
    assert failures(_run(e)) == [("exception", "KeyError: 'unit_id'")]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_apps_own_failure_messages_are_errors_in_either_language(lang):
    refused = _alert(i18n.t("err.form_not_saved", lang) + "\n\n- Ringkasan: Wajib diisi.")
    down = _alert(i18n.t("db.unavailable", lang), Alert.WARNING)
    assert [kind for kind, _ in failures(_run(refused, down))] == ["refused_input", "db_unavailable"]


def test_red_content_is_not_an_error():
    """The home page lists overdue complaints in red: that is the app working."""
    assert failures(_run(_alert("5 pengaduan melewati batas waktu penanganan."))) == []


def test_only_this_machine_is_loaded_unless_allowed():
    assert loadtest.is_loopback("http://127.0.0.1:8501")
    assert loadtest.is_loopback("http://localhost:8501/sigap")
    assert loadtest.is_loopback("http://[::1]:8501")
    assert not loadtest.is_loopback("http://192.0.2.10:8501")  # TEST-NET-1: never a loopback
    with pytest.raises(loadtest.RemoteRefused):
        loadtest.run("http://192.0.2.10:8501", users=1, steps=1)


def test_the_counts_are_bounded():
    with pytest.raises(ValueError):
        loadtest.run("http://127.0.0.1:1", users=100_000, steps=1)


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile([0.3], 95) == 0.3
