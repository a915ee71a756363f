"""ASN Berprestasi: the evidence ranking and its breakdown (complaints, JP, ratings, forum actions),
nominations within a unit, the award and the PermenPAN-RB 6/2022 rating matrix."""

from datetime import date, timedelta

import pytest

from models.complaints import State
from models.core.accounts import User
from models.forums import FollowUpAction
from models.training import RATING_MATRIX
from services.core.errors import AccessDenied, NotFound, ValidationFailed
from services.forums import actions, items, records
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
    assert top["forum_actions"] == 0
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


# --- forum follow-up actions ------------------------------------------------------------------------


def forum_action(session, world, unit: str, status: str = "done") -> int:
    """A follow-up action owned by the Wanggar `unit`, on an item of a Wanggar forum held last week."""
    organizer = world["organizer"]
    held = date(2026, 1, 26)
    forum = records.create_forum(
        session,
        organizer,
        {"type": "outreach", "status": "held", "title": "Distrik Mendengarkan", "held_on": held,
         "venue": "Balai kampung", "attendance_total": 30},
    )  # fmt: skip
    item = items.add_item(session, organizer, forum, {"kind": "keluhan", "text": "KTP-el belum jadi tiga bulan"})
    action = actions.add_action(
        session,
        organizer,
        item,
        {"title": "Cetak KTP-el yang tertunda", "owner_unit_id": world.units[unit].id, "status": status,
         "due_on": held + timedelta(days=14)},
    )  # fmt: skip
    session.commit()
    return action


def test_forum_actions_done_count_for_the_liaison_of_the_owner_unit(session, world, tw, handler, today):
    year = today.current().year
    forum_action(session, world, "WGR-DUKCAPIL")
    forum_action(session, world, "WGR-DUKCAPIL")
    forum_action(session, world, "WGR-DUKCAPIL", status="in_progress")  # not done: not counted
    forum_action(session, world, "WGR-PTSP")  # a unit without a liaison account: nobody is credited
    last_year = session.get(FollowUpAction, forum_action(session, world, "WGR-DUKCAPIL"))
    last_year.done_on = date(year - 1, 12, 30)  # counts in the year it was done
    session.add(last_year)
    session.commit()
    frame = berprestasi.candidates(session, world["trainer"], year).set_index("name")
    assert frame.loc["Officer Dukcapil", "forum_actions"] == 2
    assert frame.loc["Maria Tebai", "forum_actions"] == 0  # a colleague of the unit, not its liaison
    assert frame.loc["Yakobus Pigai", "forum_actions"] == 0
    before = berprestasi.candidates(session, world["trainer"], year - 1).set_index("name")
    assert before.loc["Officer Dukcapil", "forum_actions"] == 1
    assert "score" not in frame.columns  # its own column, no combined score


def test_forum_actions_break_the_tie_after_complaints_jp_and_rating(session, world, tw, handler, today):
    forum_action(session, world, "WGR-DUKCAPIL")
    frame = berprestasi.candidates(session, world["trainer"], today.current().year, district_id=world.wgr.id)
    # Nobody closed a complaint or finished a programme: alphabetically Maria Tebai would lead.
    assert frame["name"].iloc[0] == "Officer Dukcapil"
    assert berprestasi.ORDER[-1] == "forum_actions"


def test_forum_actions_are_matched_within_the_district_and_read_in_scope(session, world, tw, handler, today):
    year = today.current().year
    namesake = staff(session, world.units["SWL-DUKCAPIL"], "199105052019031003", "Officer Dukcapil")
    session.commit()
    forum_action(session, world, "WGR-DUKCAPIL")
    frame = berprestasi.candidates(session, world["trainer"], year)
    by_id = frame.set_index("staff_id")["forum_actions"]
    assert by_id[handler] == 1
    assert by_id[namesake.id] == 0  # the same name in Sawahlunto is another person
    swl = berprestasi.candidates(session, world["trainer.swl"], year)
    assert set(swl["unit_code"]) <= {"SWL-DUKCAPIL", "SWL-DPMPTSP"}
    assert swl["forum_actions"].sum() == 0
    head = berprestasi.candidates(session, world["officer.dukcapil"], year).set_index("name")
    assert head.loc["Officer Dukcapil", "forum_actions"] == 1  # the unit head reads the same evidence


def test_an_inactive_liaison_account_is_not_credited(session, world, tw, handler, today):
    forum_action(session, world, "WGR-DUKCAPIL")
    account = session.get(User, world["officer.dukcapil"].id)
    account.active = False
    session.add(account)
    session.commit()
    frame = berprestasi.candidates(session, world["trainer"], today.current().year).set_index("staff_id")
    assert frame.loc[handler, "forum_actions"] == 0
