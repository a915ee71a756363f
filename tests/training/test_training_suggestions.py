"""Suggested training: a unit's weakest SKM element or most frequent complaint category, linked to
a topic, suggests that topic's programmes on the trainer's home page."""

from datetime import timedelta

import pytest

from models.complaints import State
from models.satisfaction import SurveyResponse
from services.core import clock
from services.core.errors import AccessDenied, ValidationFailed
from services.training import home, suggestions
from tests.complaints.factories import placed


def weak_waiting_time(session, unit_id: int, n: int = 12) -> None:
    for _ in range(n):
        scores = {f"u{i}": 3 for i in range(1, 10)} | {"u3": 2}
        session.add(
            SurveyResponse(unit_id=unit_id, answered_on=clock.today() - timedelta(days=5), source="form", **scores)
        )
    session.commit()


def test_the_weakest_element_linked_to_a_topic_suggests_its_programmes(session, world, tw, today):
    weak_waiting_time(session, world.units["WGR-DUKCAPIL"].id)
    assert suggestions.suggestions(session, world["trainer"]) == []  # no mapping yet
    suggestions.set_link(session, world["trainer"], {"source": "skm", "code": "u3", "topic_id": 1})
    found = suggestions.suggestions(session, world["trainer"])
    assert [(s.unit_code, s.source, s.code, s.programmes) for s in found] == [
        ("WGR-DUKCAPIL", "skm", "u3", ("Pelatihan aplikasi pengaduan daring",))
    ]
    item = next(
        a for a in home.home_attention(session, world["trainer"]) if a.text_key == "home.att.training_suggested"
    )
    assert (item.count, item.page, item.query) == (1, "training-catalogue", {"show": "suggested"})
    assert suggestions.suggestions(session, world["trainer.swl"]) == []  # another district's unit


def test_too_few_answers_suggest_nothing_but_the_top_complaint_category_does(session, world, tw, today):
    weak_waiting_time(session, world.units["WGR-DUKCAPIL"].id, n=3)
    suggestions.set_link(session, world["trainer"], {"source": "skm", "code": "u3", "topic_id": 1})
    assert suggestions.suggestions(session, world["trainer"]) == []
    suggestions.set_link(session, world["trainer"], {"source": "complaint", "code": "adminduk", "topic_id": 1})
    for _ in range(suggestions.MIN_COMPLAINTS - 1):
        placed(session, world, State.forwarded)  # adminduk complaints at WGR-DUKCAPIL
    assert suggestions.suggestions(session, world["trainer"]) == []  # four reports: not yet a pattern
    placed(session, world, State.forwarded)
    assert [(s.source, s.code) for s in suggestions.suggestions(session, world["trainer"])] == [
        ("complaint", "adminduk")
    ]


def test_an_element_graded_b_or_better_suggests_nothing(session, world, tw, today):
    for _ in range(12):
        scores = {f"u{i}": 4 for i in range(1, 10)} | {"u3": 3}  # u3 is the lowest, NRR 3.0 < 3.0644 (C)
        session.add(
            SurveyResponse(unit_id=world.units["WGR-PTSP"].id, answered_on=clock.today(), source="form", **scores)
        )
    for _ in range(12):
        scores = {f"u{i}": 4 for i in range(1, 10)} | {"u3": 3 if _ % 4 else 4}  # NRR 3.25: grade B, not weak
        session.add(
            SurveyResponse(unit_id=world.units["WGR-DUKCAPIL"].id, answered_on=clock.today(), source="form", **scores)
        )
    session.commit()
    suggestions.set_link(session, world["trainer"], {"source": "skm", "code": "u3", "topic_id": 1})
    assert [s.unit_code for s in suggestions.suggestions(session, world["trainer"])] == ["WGR-PTSP"]


def test_the_mapping_accepts_only_known_elements_and_categories(session, world, tw):
    with pytest.raises(ValidationFailed):
        suggestions.set_link(session, world["trainer"], {"source": "skm", "code": "u10", "topic_id": 1})
    with pytest.raises(AccessDenied):
        suggestions.set_link(session, world["manager"], {"source": "skm", "code": "u3", "topic_id": 1})
    suggestions.set_link(session, world["trainer"], {"source": "complaint", "code": "perizinan", "topic_id": 1})
    assert suggestions.links(session, world["manager"]) == [("complaint", "perizinan", "TI dan e-government")]


def test_a_unit_already_trained_in_the_topic_gets_no_suggestion(session, world, tw, today, monkeypatch):
    from datetime import date

    from tests.training.test_training_completion import run_cohort

    today(date(2026, 3, 20))
    run_cohort(session, world, tw)  # Maria, one of WGR-DUKCAPIL's four staff, certified in topic 1
    weak_waiting_time(session, world.units["WGR-DUKCAPIL"].id)
    suggestions.set_link(session, world["trainer"], {"source": "skm", "code": "u3", "topic_id": 1})
    assert len(suggestions.suggestions(session, world["trainer"])) == 1  # a quarter covered: still suggested
    monkeypatch.setattr(suggestions, "COVERED_SHARE", 0.25)
    assert suggestions.suggestions(session, world["trainer"]) == []


def test_home_says_nothing_about_jp_where_training_is_not_run_yet(session, world):
    assert home.home_attention(session, world["manager"]) == [] and home.home_figures(session, world["trainer"]) == []
