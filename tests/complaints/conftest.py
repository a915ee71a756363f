"""Fixtures of the complaint tests (this folder only)."""

from __future__ import annotations

import pytest

from services.complaints import status as complaint_status


@pytest.fixture(autouse=True)
def cheap_pins(monkeypatch):
    """scrypt at a test cost: the parameters travel with each hash, so checks still work."""
    monkeypatch.setitem(complaint_status._SCRYPT, "n", 2**8)
