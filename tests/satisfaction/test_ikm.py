"""The IKM engine on hand-computed cases (PermenPAN-RB 14/2017), the grade bounds from both sides,
the Krejcie-Morgan sample, and the reporting periods the screens and commands share."""

from datetime import date
from fractions import Fraction

import pytest

from services.core import periods
from services.satisfaction import ikm


def test_all_answers_3_give_75_and_grade_c():
    result = ikm.from_scores([[3] * 9] * 10)
    assert result.ikm == 75.00
    assert result.grade == "C"
    assert result.nrr == {e: 3.0 for e in ikm.ELEMENTS}
    assert set(result.element_grades.values()) == {"C"}


def test_all_4_give_100_a_and_all_1_give_25_d():
    assert (ikm.from_scores([[4] * 9]).ikm, ikm.from_scores([[4] * 9]).grade) == (100.0, "A")
    assert (ikm.from_scores([[1] * 9]).ikm, ikm.from_scores([[1] * 9]).grade) == (25.0, "D")


def test_a_hand_computed_unit():
    # Three respondents. Element sums: u1 3+4+3=10, u2 9, u3 2+2+3=7, u4 12, u5 9, u6 10, u7 11, u8 8, u9 9.
    responses = [
        [3, 3, 2, 4, 3, 3, 4, 3, 3],
        [4, 3, 2, 4, 3, 4, 4, 2, 3],
        [3, 3, 3, 4, 3, 3, 3, 3, 3],
    ]
    result = ikm.from_scores(responses)
    assert result.n == 3
    assert result.sums == (10, 9, 7, 12, 9, 10, 11, 8, 9)
    # NRR: 3.333, 3, 2.333, 4, 3, 3.333, 3.667, 2.667, 3 -> rounded only for display
    assert result.nrr == {
        "u1": 3.33, "u2": 3.0, "u3": 2.33, "u4": 4.0, "u5": 3.0, "u6": 3.33, "u7": 3.67, "u8": 2.67, "u9": 3.0,
    }  # fmt: skip
    # IKM = 25 x (85/3)/9 = 25 x 85/27 = 78.7037... -> 78.70, B
    assert result.ikm_exact == Fraction(2125, 27)
    assert result.ikm == 78.70
    assert result.grade == "B"
    assert result.element_grades["u3"] == "D"  # 2.333 < 2.60
    assert result.element_grades["u8"] == "C"  # 2.667 >= 2.60
    assert result.element_grades["u4"] == "A"
    assert result.lowest_elements()[:2] == ["u3", "u8"]


def test_rounding_happens_only_at_the_end():
    # Rounding each NRR first would give 25 x (3.33 x 9)/9 = 83.25; the exact value is 83.33.
    result = ikm.compute([10] * 9, 3)
    assert result.nrr["u1"] == 3.33
    assert result.ikm == 83.33


@pytest.mark.parametrize(
    "value, grade",
    [
        (100.0, "A"), (88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"), (65.00, "C"), (64.99, "D"), (25.0, "D"),
        # The grade is read from the published 2-decimal figure, rounding half up.
        (Fraction(88305, 1000), "A"), (Fraction(883049, 10000), "B"), (Fraction(76605, 1000), "B"),
        (Fraction(649949, 10000), "D"), (Fraction(64995, 1000), "C"),
    ],
)  # fmt: skip
def test_ikm_grade_on_both_sides_of_every_bound(value, grade):
    assert ikm.ikm_grade(value) == grade


@pytest.mark.parametrize(
    "nrr, grade",
    [
        (4.0, "A"), (3.5324, "A"), (3.5323, "B"), (3.0644, "B"), (3.0643, "C"), (2.60, "C"), (2.5999, "D"), (1.0, "D"),
    ],
)  # fmt: skip
def test_element_grade_on_both_sides_of_every_bound(nrr, grade):
    assert ikm.nrr_grade(nrr) == grade


def test_element_grade_uses_the_unrounded_nrr():
    # 2.599 shows as 2.60 but is below the C bound: the rule's bound is applied to the real value.
    result = ikm.compute([2599] + [3000] * 8, 1000)
    assert result.nrr["u1"] == 2.60
    assert result.element_grades["u1"] == "D"


@pytest.mark.parametrize("population, sample", [(100, 80), (1_000, 278), (10_000, 370), (0, 0), (1, 1), (50, 45)])
def test_krejcie_morgan_minimum_sample(population, sample):
    assert ikm.min_sample(population) == sample


def test_minimum_sample_approaches_384_for_very_large_populations():
    assert 380 <= ikm.min_sample(1_000_000) <= 384


def test_no_responses_give_no_figures_instead_of_a_crash():
    result = ikm.compute([0] * 9, 0)
    assert (result.n, result.ikm, result.grade) == (0, None, None)
    assert result.as_json() == {"ikm": None, "grade": None, "n": 0, "nrr": {e: None for e in ikm.ELEMENTS}}


def test_impossible_sums_are_refused():
    with pytest.raises(ValueError):
        ikm.compute([5] * 9, 1)  # more than 4 per respondent
    with pytest.raises(ValueError):
        ikm.from_scores([[0] * 9])


def test_groups_combine_exactly():
    a, b = ikm.from_scores([[4] * 9] * 2), ikm.from_scores([[1] * 9])
    n, sums = ikm.combine([(a.n, a.sums), (b.n, b.sums)])
    assert ikm.compute(sums, n).ikm_exact == Fraction(75)  # (4 + 4 + 1) / 3 = 3 -> 75
    assert ikm.compute(sums, n).ikm == 75.0


def test_round_half_up_is_exact():
    assert ikm.round2(Fraction(82145, 1000)) == 82.15
    assert ikm.round2(82.145) == 82.15  # a binary float would round this down
    assert ikm.round_half_up(Fraction(1, 3), 3) == 0.333


def test_json_shape():
    result = ikm.from_scores([[3, 3, 3, 3, 3, 3, 3, 3, 4]] * 4)
    assert result.as_json() == {
        "ikm": 77.78,
        "grade": "B",
        "n": 4,
        "nrr": {"u1": 3.0, "u2": 3.0, "u3": 3.0, "u4": 3.0, "u5": 3.0, "u6": 3.0, "u7": 3.0, "u8": 3.0, "u9": 4.0},
    }


# --- periods (services/periods.py, extended by this module) --------------------------------------


@pytest.mark.parametrize(
    "code, start, end",
    [
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-S1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_codes_the_report_command_takes(code, start, end):
    p = periods.parse(code)
    assert (p.start, p.end) == (start, end)


def test_the_last_n_periods():
    window = periods.ending(date(2026, 11, 23), "quarter", 8)
    assert (window.start, window.end) == (date(2025, 1, 1), date(2026, 12, 31))
    assert [p.code for p in periods.split(window, "quarter")][-2:] == ["2026-Q3", "2026-Q4"]
    months = periods.ending(date(2026, 11, 23), "month", 12)
    assert (months.start, months.end) == (date(2025, 12, 1), date(2026, 11, 30))


@pytest.mark.parametrize(
    "code, lang, text",
    [
        ("2026-Q4", "id", "Triwulan IV 2026"),
        ("2026-Q4", "en", "Q4 2026"),
        ("2026-S1", "id", "Semester I 2026"),
        ("2026-11", "id", "November 2026"),
        ("2026-08", "id", "Agustus 2026"),
        ("2026", "en", "2026"),
    ],
)
def test_period_labels(code, lang, text):
    assert periods.label(periods.parse(code), lang) == text


def test_short_period_labels():
    assert periods.short_label(periods.parse("2026-Q3"), "id") == "TW III 26"
    assert periods.short_label(periods.parse("2026-Q3"), "en") == "Q3 26"
    assert periods.short_label(periods.parse("2026-08"), "id") == "Agu 26"
