"""The public status page: the public timeline for the right ID and PIN, nothing else; one answer for
every wrong try; wrong tries slowed per tracking ID and per browser."""

from datetime import timedelta

from sqlalchemy import update

from models.core.throttle import ThrottleHit
from services.complaints import report
from services.complaints import status as complaint_status
from tests.complaints.factories import act, intake


def story(session, world):
    """A complaint forwarded with an internal note, answered publicly, with an internal comment."""
    officer, liaison = world["officer"], world["officer.dukcapil"]
    created = intake(session, officer, complainant_name="Yakomina Rumbiak")
    tid = created.tracking_id
    act(session, officer, tid, "forward", unit_id=world.units["WGR-DUKCAPIL"].id, note="INTERNAL: cek pungli")
    act(session, liaison, tid, "comment", note="INTERNAL: petugas loket lalai")
    act(session, liaison, tid, "follow_up", note="KTP-el Anda sudah dicetak, silakan ambil di loket.")
    return created


def test_the_right_id_and_pin_show_the_public_timeline_only(session, world, today):
    created = story(session, world)
    answer = complaint_status.lookup(session, created.tracking_id.lower(), created.pin, "10.0.0.1")
    assert answer.found and answer.state == "in_follow_up" and answer.tracking_id == created.tracking_id
    assert [s.action for s in answer.steps] == ["create", "forward", "follow_up"]
    assert answer.steps[1].unit_name == "Layanan Dukcapil Wanggar"
    shown = repr(answer)
    assert "KTP-el Anda sudah dicetak" in shown
    assert "INTERNAL" not in shown and "Yakomina" not in shown and "0812" not in shown
    assert answer.next_due is None  # waiting for the complainant, no staff deadline to show


def test_a_wrong_pin_and_a_wrong_id_get_the_same_answer(session, world, today):
    created = story(session, world)
    wrong_pin = complaint_status.lookup(session, created.tracking_id, "000000", "10.0.0.2")
    wrong_id = complaint_status.lookup(session, "WGR-2026-000999", created.pin, "10.0.0.3")
    garbage = complaint_status.lookup(session, "'; drop table complaint; --", "", "10.0.0.4")
    assert wrong_pin == wrong_id == garbage == complaint_status.StatusAnswer()


def test_repeated_wrong_tries_are_slowed_per_tracking_id(session, world, today):
    created = story(session, world)
    for i in range(5):  # from five different browsers
        assert not complaint_status.lookup(session, created.tracking_id, f"11111{i}", f"10.1.0.{i}").found
    session.commit()
    blocked = complaint_status.lookup(session, created.tracking_id, created.pin, "10.9.9.9")
    assert blocked.throttled and not blocked.found and 1 <= blocked.retry_after_minutes <= 16
    # The window passes: the right PIN works again.
    session.exec(update(ThrottleHit).values(at=ThrottleHit.at - timedelta(minutes=16)))
    assert complaint_status.lookup(session, created.tracking_id, created.pin, "10.9.9.9").found


def test_repeated_wrong_tries_are_slowed_per_browser_across_ids(session, world, today):
    created = story(session, world)
    for i in range(5):
        complaint_status.lookup(session, f"WGR-2026-{i + 100:06d}", "123456", "10.2.0.1")
    assert complaint_status.lookup(session, created.tracking_id, created.pin, "10.2.0.1").throttled
    assert complaint_status.lookup(session, created.tracking_id, created.pin, "10.2.0.2").found


def test_a_throttled_try_does_not_check_the_pin_and_unknown_ids_throttle_alike(session, world, today):
    for i in range(5):
        complaint_status.lookup(session, "WGR-2026-000777", "123456", f"10.3.0.{i}")
    assert complaint_status.lookup(session, "WGR-2026-000777", "123456", "10.3.1.1").throttled


def test_the_refusal_reads_the_same_whether_the_id_exists_or_not(session, world, today):
    created = story(session, world)
    unknown = "WGR-2026-000777"
    for i in range(5):  # the same wrong tries against a real report and against an unknown one
        complaint_status.lookup(session, created.tracking_id, f"00000{i}", f"ip:10.3.2.{i}")
        complaint_status.lookup(session, unknown, f"00000{i}", f"ip:10.3.3.{i}")
    session.commit()
    real = complaint_status.lookup(session, created.tracking_id, "123123", "ip:10.3.9.1")
    made_up = complaint_status.lookup(session, unknown, "123123", "ip:10.3.9.2")
    assert real == made_up and real.throttled and real.retry_after_minutes == 15


def test_a_lookup_always_names_the_asking_browser(session, world, today):
    import pytest

    with pytest.raises(ValueError):  # never one bucket for everyone whose address is unknown
        complaint_status.lookup(session, "WGR-2026-000001", "123456", "")


def test_right_answers_do_not_count_as_wrong_tries(session, world, today):
    created = story(session, world)
    for _ in range(8):
        assert complaint_status.lookup(session, created.tracking_id, created.pin, "10.4.0.1").found


def test_a_reissued_pin_replaces_the_old_one(session, world, today):
    created = story(session, world)
    new = report.reissue_pin(session, world["officer"], created.tracking_id)
    session.commit()
    assert not complaint_status.lookup(session, created.tracking_id, created.pin, "10.5.0.1").found
    assert complaint_status.lookup(session, created.tracking_id, new, "10.5.0.1").found


def test_a_merged_report_shows_the_combined_handling_but_not_the_other_report(session, world, today):
    first = story(session, world)
    dup = intake(session, world["officer"], duplicate_of=first.tracking_id, complainant_name="Orang Lain")
    answer = complaint_status.lookup(session, dup.tracking_id, dup.pin, "10.6.0.1")
    assert answer.merged and answer.state == "in_follow_up"
    assert [s.action for s in answer.steps] == ["create", "merge"]
    assert first.tracking_id not in repr(answer)


def test_pin_hashes_carry_their_cost_and_compare_safely():
    stored = complaint_status.hash_pin("123456")
    assert complaint_status.check_pin("123456", stored)
    assert not complaint_status.check_pin("123457", stored)
    assert not complaint_status.check_pin("123456", "plain-text")
    assert not complaint_status.check_pin("123456", "scrypt$99999999$8$1$00$00")  # absurd cost refused
