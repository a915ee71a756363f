"""Fixtures of the complaint tests, loaded as a plugin (`pytest_plugins = ["tests.complaint_fixtures"]`)."""

from __future__ import annotations

from datetime import date

import pytest

from services import clock, complaint_status
from tests.factories_complaints import MONDAY


@pytest.fixture
def today(monkeypatch):
    """Pin 'today' (the app's clock) to a date; returns a setter for moving it."""
    current = {"day": MONDAY}
    monkeypatch.setattr(clock, "today", lambda: current["day"])

    def set_day(day: date) -> date:
        current["day"] = day
        return day

    set_day.current = lambda: current["day"]
    return set_day


@pytest.fixture(autouse=True)
def cheap_pins(monkeypatch):
    """scrypt at a test cost: the parameters travel with each hash, so checks still work."""
    monkeypatch.setitem(complaint_status._SCRYPT, "n", 2**8)
