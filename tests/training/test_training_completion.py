"""Attendance, scores, the completion rule at its bounds, certificates and the public check."""

from datetime import date

import pytest
from sqlmodel import select

from models.training import Certificate, Enrolment
from services.core.errors import NotFound, ValidationFailed
from services.training import attendance, certificates, completion, enrolment, verify
from services.training.attendance import meets_rule
from tests.training.conftest import version


def codes(exc) -> list[str]:
    return [e.code for e in exc.value.errors]


def enrolled(session, world, tw, names=("Maria Tebai", "Petrus Kogoya")) -> dict[str, int]:
    t = world["trainer"]
    enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), [tw.staff[n] for n in names])
    return {r.name: r.id for r in enrolment.list_enrolments(session, t, tw.cohort_id)}


def take(session, world, tw, session_index: int, marks: dict[int, str]) -> None:
    t = world["trainer"]
    attendance.record_attendance(
        session, t, tw.cohort_id, version(session, t, tw.cohort_id), tw.session_ids[session_index], marks
    )


@pytest.mark.parametrize(
    "attended, counted, post, expected",
    [(4, 5, 70, True), (3, 4, 70, False), (4, 5, 69.9, False), (5, 5, None, False), (0, 0, 100, False)],
)
def test_the_completion_rule_holds_at_its_bounds(attended, counted, post, expected):
    assert meets_rule(attended, counted, post, 80, 70)[0] is expected


def test_a_cohort_without_a_post_test_judges_attendance_only():
    assert meets_rule(4, 5, None, 80, None) == (True, ())


def test_excused_sessions_leave_the_count_and_late_counts_as_attended(session, world, tw):
    e = enrolled(session, world, tw)
    take(session, world, tw, 0, {e["Maria Tebai"]: "excused", e["Petrus Kogoya"]: "late"})
    take(session, world, tw, 1, {e["Maria Tebai"]: "present", e["Petrus Kogoya"]: "absent"})
    rows = {p.name: p for p in attendance.progress(session, world["trainer"], tw.cohort_id)}
    assert (rows["Maria Tebai"].counted, rows["Maria Tebai"].attendance_pct) == (1, 100.0)
    assert (rows["Petrus Kogoya"].attendance_pct, rows["Petrus Kogoya"].at_risk) == (50.0, True)


def test_a_score_of_140_is_refused_naming_the_participant_and_nothing_is_saved(session, world, tw):
    e = enrolled(session, world, tw)
    t = world["trainer"]
    with pytest.raises(ValidationFailed) as exc:
        attendance.record_scores(
            session, t, tw.cohort_id, version(session, t, tw.cohort_id),
            {e["Maria Tebai"]: {"pre_test": 50, "post_test": 80}, e["Petrus Kogoya"]: {"post_test": 140}},
        )  # fmt: skip
    assert codes(exc) == ["training_score_row"] and exc.value.errors[0].params["name"] == "Petrus Kogoya"
    assert session.get(Enrolment, e["Maria Tebai"]).post_test is None


def test_scores_give_the_gain(session, world, tw):
    e = enrolled(session, world, tw)
    t = world["trainer"]
    attendance.record_scores(
        session,
        t,
        tw.cohort_id,
        version(session, t, tw.cohort_id),
        {e["Maria Tebai"]: {"pre_test": "55", "post_test": 82.5}},
    )
    rows = {p.name: p for p in attendance.progress(session, t, tw.cohort_id)}
    assert rows["Maria Tebai"].gain == 27.5 and rows["Petrus Kogoya"].gain is None


def run_cohort(session, world, tw) -> completion.Completion:
    e = enrolled(session, world, tw)
    t = world["trainer"]
    take(session, world, tw, 0, {e["Maria Tebai"]: "present", e["Petrus Kogoya"]: "present"})
    take(session, world, tw, 1, {e["Maria Tebai"]: "late", e["Petrus Kogoya"]: "absent"})
    attendance.record_scores(
        session, t, tw.cohort_id, version(session, t, tw.cohort_id),
        {e["Maria Tebai"]: {"pre_test": 60, "post_test": 70}, e["Petrus Kogoya"]: {"pre_test": 60, "post_test": 90}},
    )  # fmt: skip
    return completion.complete(session, t, tw.cohort_id, version(session, t, tw.cohort_id))


def test_completing_applies_the_rule_and_issues_unique_certificates(session, world, tw):
    result = run_cohort(session, world, tw)
    assert result.passed == ["Maria Tebai"] and result.failed == ["Petrus Kogoya"]
    certs = session.exec(select(Certificate)).all()
    assert [c.staff_name for c in certs] == ["Maria Tebai"] and certs[0].jp == 16
    assert certs[0].number.startswith("SGP-2026-") and len(certs[0].number) == len("SGP-2026-") + 8


def test_a_cohort_is_completed_once(session, world, tw):
    run_cohort(session, world, tw)
    t = world["trainer"]
    with pytest.raises(ValidationFailed) as exc:
        completion.complete(session, t, tw.cohort_id, version(session, t, tw.cohort_id))
    assert codes(exc) == ["training_already_completed"]


def test_completion_waits_for_every_sessions_attendance(session, world, tw):
    e = enrolled(session, world, tw)
    take(session, world, tw, 0, {e["Maria Tebai"]: "present"})
    t = world["trainer"]
    with pytest.raises(ValidationFailed) as exc:
        completion.complete(session, t, tw.cohort_id, version(session, t, tw.cohort_id))
    assert codes(exc) == ["training_attendance_missing"]
    assert session.exec(select(Certificate)).all() == []


def test_certificate_numbers_never_repeat(session, world, tw, monkeypatch):
    run_cohort(session, world, tw)
    taken = session.exec(select(Certificate.number)).one()
    picks = iter(taken.split("-")[-1] + "3" * 8)  # the first draw repeats the number already issued
    monkeypatch.setattr(certificates.secrets, "choice", lambda alphabet: next(picks))
    assert certificates.new_number(session, 2026) == "SGP-2026-33333333"


def test_the_pdf_certificate_prints_the_name_number_and_a_qr_code(session, world, tw):
    run_cohort(session, world, tw)
    cert = session.exec(select(Certificate)).one()
    lines = [text for _, _, text in certificates.certificate_lines(cert, "id")]
    assert "Maria Tebai" in lines and f"Nomor sertifikat: {cert.number}" in lines
    assert any("16 JP" in line and "Universitas Cenderawasih" in line for line in lines)
    assert lines[-1].endswith(f"/verify?no={cert.number}")
    pdf = certificates.certificate_pdf(session, world["trainer"], cert.id)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Subtype /Image") == 1  # the QR code
    assert b"DejaVu" in pdf  # the Unicode font is embedded
    with pytest.raises(NotFound):
        certificates.certificate_pdf(session, world["trainer.swl"], cert.id)


def test_the_qr_code_is_a_png():
    assert certificates.qr_png("https://sigap.example/verify?no=SGP-2026-ABCDEFGH").startswith(b"\x89PNG")


def test_the_public_check_confirms_a_real_number_and_says_nothing_for_a_wrong_one(session, world, tw):
    run_cohort(session, world, tw)
    number = session.exec(select(Certificate.number)).one()
    answer = verify.check(session, f"  {number.lower()} ", "ip:1.2.3.4")
    assert answer.found and answer.name == "Maria Tebai" and answer.jp == 16
    assert (answer.start_on, answer.end_on) == (date(2026, 3, 2), date(2026, 3, 3))
    wrong = verify.check(session, number[:-1] + ("2" if number[-1] != "2" else "3"), "ip:1.2.3.4")
    assert wrong == verify.VerifyAnswer()


def test_wrong_numbers_are_throttled_per_browser(session, world, tw):
    for i in range(10):
        assert not verify.check(session, f"SGP-2026-XXXXXX{i:02d}", "ip:9.9.9.9").throttled
    blocked = verify.check(session, "SGP-2026-ANYTHING", "ip:9.9.9.9")
    assert blocked.throttled and blocked.retry_after_minutes >= 1
    assert not verify.check(session, "SGP-2026-ANYTHING", "ip:8.8.8.8").throttled  # another browser


def test_a_manager_reads_but_cannot_run_a_cohort(session, world, tw):
    from services.core.errors import AccessDenied

    m = world["manager"]
    assert attendance.progress(session, m, tw.cohort_id) == []
    with pytest.raises(AccessDenied):
        completion.complete(session, m, tw.cohort_id, None)
    with pytest.raises(AccessDenied):
        attendance.progress(session, world["officer"], tw.cohort_id)


def test_someone_who_can_no_longer_meet_the_attendance_rule_is_flagged_before_the_end(session, world, tw):
    from tests.training.conftest import add_session

    t = world["trainer"]
    for day in (2, 3):  # four sessions in all; the rule asks 80 %
        add_session(session, t, tw.cohort_id, date(2026, 3, day), start=(13, 0), end=(15, 0))
    e = enrolled(session, world, tw)
    rows = {p.name: p for p in attendance.progress(session, t, tw.cohort_id)}
    assert rows["Maria Tebai"].can_still_pass_attendance and not rows["Maria Tebai"].at_risk
    take(session, world, tw, 0, {e["Maria Tebai"]: "excused", e["Petrus Kogoya"]: "absent"})
    rows = {p.name: p for p in attendance.progress(session, t, tw.cohort_id)}
    assert rows["Maria Tebai"].can_still_pass_attendance  # excused: 3 of 3 still possible
    assert not rows["Petrus Kogoya"].can_still_pass_attendance and rows["Petrus Kogoya"].at_risk  # 3 of 4 at best


def test_a_certificate_prints_any_name_as_typed(session, world, tw):
    run_cohort(session, world, tw)
    cert = session.exec(select(Certificate)).one()
    cert.staff_name = "Nguyễn Thị Đào Σοφία Ёлка"  # Vietnamese, Greek and Cyrillic letters
    session.add(cert)
    pdf = certificates.certificate_pdf(session, world["trainer"], cert.id)
    assert pdf.startswith(b"%PDF") and b"DejaVu" in pdf
    assert "Nguyễn Thị Đào Σοφία Ёлка" in [text for _, _, text in certificates.certificate_lines(cert)]
