"""Forum test data on top of the shared world: an organizer of each district, an area, a held forum."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.forums import records
from tests.factories import user


@pytest.fixture
def forums(session, world, today):
    """world + organizer.swl, an area of Wanggar, and a forum held last week there (its id)."""
    world.actors["organizer.swl"] = user(session, "organizer.swl", ["organizer"], world.swl.id)
    org = world["organizer"]
    area = records.create_area(session, org, {"name": "Kampung Bumi Raya", "level": "kampung"})
    held = today.current() - timedelta(days=7)
    forum_id = records.create_forum(session, org, forum_data(held_on=held, area_id=area))
    session.commit()
    world.area_id = area
    world.forum_id = forum_id
    return world


def forum_data(**over) -> dict:
    data = {
        "type": "outreach",
        "status": "held",
        "title": "Wanggar Mendengarkan di Bumi Raya",
        "held_on": date(2026, 1, 26),
        "venue": "Balai kampung Bumi Raya",
        "organizers": "Tim Distrik Wanggar",
        "attendance_total": 40,
        "attendance_women": 18,
        "attendance_men": 20,
        "vulnerable_groups": ["elderly", "women"],
        "minutes": "Warga menyampaikan keluhan KTP-el.",
    }
    data.update(over)
    return data


def grid_row(**over) -> dict:
    row = {"kind": "keluhan", "text": "KTP-el belum jadi sudah tiga bulan", "tags": "adminduk, ktp-el",
           "unit": "WGR-DUKCAPIL", "service": "KTP-el", "priority": "high"}  # fmt: skip
    row.update(over)
    return row
