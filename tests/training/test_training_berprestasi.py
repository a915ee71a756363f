"""ASN Berprestasi: the evidence ranking and its breakdown, nominations within a unit, the award and
the PermenPAN-RB 6/2022 rating matrix."""

from datetime import date

import pytest

from models.complaints import State
from models.training import RATING_MATRIX
from services.core.errors import AccessDenied, NotFound, ValidationFailed
from services.training import berprestasi
from tests.complaints.factories import placed
from tests.factories import staff
from tests.training.conftest import NIPS


def closed_by(session, world, user: str, on_time: bool, rating: int | None):
    c = placed(session, world, State.closed)
    c.assignee_id, c.on_time, c.rating = world[user].id, on_time, rating
    session.add(c)
    session.commit()


@pytest.fixture
def handler(session, world, tw):
    """A staff member whose name is the account that closes Wanggar's civil-registry complaints."""
    person = staff(session, world.units["WGR-DUKCAPIL"], "199402022019031005", "Officer Dukcapil")
    session.commit()
    return person.id


def test_candidates_are_ranked_by_on_time_closings_then_jp_with_the_evidence_shown(session, world, tw, handler, today):
    year = today.current().year
    closed_by(session, world, "officer.dukcapil", True, 5)
    closed_by(session, world, "officer.dukcapil", True, 4)
    closed_by(session, world, "officer.dukcapil", False, 2)
    frame = berprestasi.candidates(session, world["trainer"], year, district_id=world.wgr.id)
    top = frame.iloc[0]
    assert top["name"] == "Officer Dukcapil"
    assert (top["closed"], top["on_time"], top["rating"], top["jp"]) == (3, 2, 3.67, 0.0)
    assert top["forum_actions"] is None  # not counted until forums land, and said so
    assert list(frame.columns) == berprestasi.COLUMNS  # every piece of evidence, no combined score
    assert "score" not in frame.columns


def test_a_unit_head_sees_and_nominates_only_their_unit(session, world, tw, handler, today):
    head = world["officer.dukcapil"]
    year = today.current().year
    frame = berprestasi.candidates(session, head, year)
    assert set(frame["unit_code"]) == {"WGR-DUKCAPIL"}
    berprestasi.nominate(
        session, head, {"year": year, "staff_id": tw.staff["Maria Tebai"], "reason": "Layanan KTP-el keliling."}
    )
    with pytest.raises(ValidationFailed) as exc:
        berprestasi.nominate(
            session, head, {"year": year, "staff_id": tw.staff["Maria Tebai"], "reason": "Sekali lagi, dua kali."}
        )
    assert exc.value.errors[0].code == "training_nomination_taken"
    with pytest.raises((AccessDenied, NotFound)):
        berprestasi.nominate(
            session, head, {"year": year, "staff_id": tw.staff["Yakobus Pigai"], "reason": "Unit lain, tidak boleh."}
        )
    with pytest.raises(AccessDenied):
        berprestasi.candidates(session, world["officer"], year)
    assert berprestasi.candidates(session, head, year, nominated_only=True)["name"].tolist() == ["Maria Tebai"]


def test_the_committee_records_an_award_with_the_rating_of_the_matrix(session, world, tw):
    t = world["trainer"]
    data = {"year": 2026, "staff_id": tw.staff["Maria Tebai"], "reason": "Inovasi layanan daring.", "results": "above"}
    with pytest.raises(ValidationFailed) as exc:
        berprestasi.record_award(session, t, data)
    assert exc.value.errors[0].code == "training_rating_pair"
    berprestasi.record_award(session, t, {**data, "behaviour": "as_expected"})
    assert berprestasi.awards(session, world["manager"])["rating"].tolist() == ["baik"]
    with pytest.raises(ValidationFailed):
        berprestasi.record_award(session, t, {**data, "behaviour": "as_expected"})
    with pytest.raises(AccessDenied):
        berprestasi.record_award(session, world["manager"], {**data, "behaviour": "above"})
    assert berprestasi.awards(session, world["trainer.swl"]).empty


@pytest.mark.parametrize(
    "results, behaviour, rating",
    [("above", "above", "sangat_baik"), ("as_expected", "above", "baik"), ("above", "below", "kurang"),
     ("below", "as_expected", "butuh_perbaikan"), ("below", "below", "sangat_kurang")],
)  # fmt: skip
def test_the_6_2022_matrix(results, behaviour, rating):
    assert berprestasi.rating(results, behaviour) == rating
    assert len(RATING_MATRIX) == 9


def test_nips_in_the_fixture_are_real():
    from models.core.validators import parse_nip

    for nip in NIPS.values():
        assert parse_nip(nip, date(2026, 1, 1))
