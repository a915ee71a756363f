"""Does training move service? The per-unit figures the dashboard panel draws, and the charts."""

from datetime import date

import pandas as pd

from models.complaints import State
from models.satisfaction import SurveyResponse
from services.training import stats
from tests.complaints.factories import placed
from tests.training.test_training_completion import run_cohort


def answered(session, unit_id: int, day: date, score: int, n: int = 2) -> None:
    for _ in range(n):
        session.add(
            SurveyResponse(unit_id=unit_id, answered_on=day, source="form", **{f"u{i}": score for i in range(1, 10)})
        )
    session.commit()


def test_training_against_ikm_and_on_time_closing_before_and_after(session, world, tw, today):
    run_cohort(session, world, tw)  # Maria (WGR-DUKCAPIL, 4 staff) finishes on 3 March 2026
    unit = world.units["WGR-DUKCAPIL"].id
    answered(session, unit, date(2026, 1, 15), 3)
    answered(session, unit, date(2026, 3, 20), 4)
    today(date(2026, 3, 25))
    late = placed(session, world, State.closed)
    late.on_time = False
    session.add(late)
    placed(session, world, State.closed)
    session.commit()
    frame = stats.training_vs_service(session, world["manager"], date(2026, 3, 1), date(2026, 4, 30), world.wgr.id)
    row = frame.set_index("unit_code").loc["WGR-DUKCAPIL"]
    assert row["trained"] == 0.25
    assert (row["ikm_before"], row["ikm"]) == (75.0, 100.0)
    assert row["on_time"] == 0.5 and pd.isna(row["on_time_before"])  # nothing closed the period before
    assert frame.set_index("unit_code").loc["WGR-PTSP", "trained"] == 0
    assert (
        stats.training_vs_service(session, world["manager.swl"], date(2026, 3, 1), date(2026, 4, 30))["unit_code"]
        .str.startswith("SWL")
        .all()
    )


def test_cohort_end_dates_mark_the_units_ikm_trend(session, world, tw):
    run_cohort(session, world, tw)
    unit = world.units["WGR-DUKCAPIL"].id
    answered(session, unit, date(2026, 2, 10), 3)
    answered(session, unit, date(2026, 4, 10), 4)
    trend = stats.monthly_ikm(session, world["manager"], unit, date(2026, 1, 1), date(2026, 12, 31))
    assert trend.to_dict("records") == [
        {"month": date(2026, 2, 1), "ikm": 75.0, "n": 2},
        {"month": date(2026, 4, 1), "ikm": 100.0, "n": 2},
    ]
    ends = stats.cohort_ends(session, world["manager"], unit, date(2026, 1, 1), date(2026, 12, 31))
    assert ends.to_dict("records") == [{"end_on": date(2026, 3, 3), "name": "Angkatan I", "people": 1}]


def test_completion_rate_gain_and_jp_bands(session, world, tw):
    run_cohort(session, world, tw)  # Maria passes (60 -> 70), Petrus does not (60 -> 90, attendance too low)
    rates = stats.completion_by_programme(session, world["trainer"], 2026).iloc[0]
    assert (rates["participants"], rates["completed"], rates["rate"], rates["gain"]) == (2, 1, 0.5, 20.0)
    bands = stats.jp_distribution(session, world["trainer"], 2026, world.wgr.id)
    dukcapil = bands[bands["unit_code"] == "WGR-DUKCAPIL"].set_index("band")["staff"].to_dict()
    assert dukcapil == {"0": 3, "1-9": 0, "10-19": 1, "20+": 0}
