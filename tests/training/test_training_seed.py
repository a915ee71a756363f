"""The demo seed: tells its stories through the real services, and running it twice adds nothing."""

from sqlmodel import select

from models.training import Award, Certificate, Cohort
from seed.core import seed_core
from seed.training import seed_training
from services.core.access import system_actor
from services.training import home, ledger
from tests.factories import TODAY


def test_the_training_demo_is_deterministic_idempotent_and_has_history(session, today):
    today(TODAY)  # 23 Nov 2026: cohorts of 2025 and 2026 are over, some still ahead
    seed_core(session)
    first = seed_training(session)
    session.commit()
    assert first["training_cohorts_added"] == 18 and first["training_awards_added"] == 1
    statuses = {c.status for c in session.exec(select(Cohort))}
    assert statuses == {"completed", "open", "running"}
    certs = session.exec(select(Certificate)).all()
    assert certs and len({c.number for c in certs}) == len(certs)
    assert {c.end_on.year for c in certs} == {2025, 2026}  # two years of history for the ledger
    again = seed_training(session)
    assert again["training_cohorts_added"] == 0 and again["training_external_added"] == 0
    assert len(session.exec(select(Award)).all()) == 1
    trainer = system_actor()
    frame = ledger.ledger(session, trainer, 2026)
    assert (frame["booked_jp"] > 0).any() and (frame["completed_jp"] > 0).any()
    items = {a.text_key for a in home.home_attention(session, trainer)}
    assert {"home.att.training_starting", "home.att.training_attendance_missing"} <= items


def test_the_demo_manager_of_sawahlunto_sees_sawahlunto_only(session, today):
    import time

    from services.core.accounts import actor_for

    today(TODAY)
    seed_core(session)
    seed_training(session)
    session.commit()
    swl = actor_for(session, "manager.sawahlunto", time.time())
    everyone = actor_for(session, "manager", time.time())
    frame = ledger.ledger(session, swl, 2026)
    assert len(frame) and {code.split("-")[0] for code in frame["unit_code"]} == {"SWL"}
    units = ledger.unit_summary(session, swl, 2026)
    assert {code.split("-")[0] for code in units["unit_code"]} == {"SWL"}
    assert len(ledger.ledger(session, everyone, 2026)) > len(frame)
    low = {a.text_key: a for a in home.home_attention(session, swl)}["home.att.training_units_low"]
    assert low.count == int((units["forecast_share"] < home.UNIT_SHARE_LOW).sum()) > 0
    all_low = {a.text_key: a for a in home.home_attention(session, everyone)}["home.att.training_units_low"]
    assert all_low.count > low.count  # the other districts' units are not in Sawahlunto's count
