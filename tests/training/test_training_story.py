"""The coordinator's story through the real pages (AppTest): create a cohort, add two sessions, enrol
a unit, take attendance for both sessions, record scores, complete the cohort, and a participant's
certificate verifies on the public page. The real-browser story (enrolment by pasted NIPs, the
certificate download, the citizen's check) is tests/browser/test_training_story.py."""

from datetime import date, time

from sqlmodel import Session, select

from models.training import Certificate, Cohort, CohortSession, Enrolment
from services.core import db
from tests.apptest import by_label, texts
from tests.training.test_training_pages import open_at


def test_a_trainer_runs_a_cohort_end_to_end_and_the_certificate_verifies(session, world, tw):
    # 1. a new cohort of the programme, in Wanggar, 9-10 March
    at = open_at("trainer", "pages/training/cohorts.py")
    at.selectbox(key="tr_c_prog").select(tw.programme_id)
    at.selectbox(key="tr_c_district").select(world.wgr.id)
    by_label(at.text_input, "Nama angkatan").input("Angkatan Cerita")
    by_label(at.date_input, "Tanggal mulai").set_value(date(2026, 3, 9))
    by_label(at.date_input, "Tanggal selesai").set_value(date(2026, 3, 10))
    by_label(at.number_input, "Kapasitas").set_value(10)
    next(b for b in at.button if b.label == "Simpan").click()
    at.run()
    assert "Angkatan dibuat: Angkatan Cerita" in texts(at)
    with Session(db.get_engine()) as s:
        cohort_id = s.exec(select(Cohort.id).where(Cohort.name == "Angkatan Cerita")).one()

    # 2. two sessions
    for day in (date(2026, 3, 9), date(2026, 3, 10)):
        at = open_at("trainer", "pages/training/cohort.py", id=cohort_id)
        by_label(at.date_input, "Tanggal sesi").set_value(day)
        by_label(at.time_input, "Jam mulai").set_value(time(8, 0))
        by_label(at.time_input, "Jam selesai").set_value(time(12, 0))
        by_label(at.text_input, "Tempat").input("Aula Distrik Wanggar")
        next(b for b in at.button if b.label == "Simpan" and "tr_sess_" in str(b.form_id)).click()
        at.run()
        assert "Sesi tersimpan." in texts(at), at.error

    # 3. the whole civil-registry unit
    at.selectbox(key=f"tr_unit_{cohort_id}").select(world.units["WGR-DUKCAPIL"].id)
    at.run()
    at.button(key=f"tr_enrol_unit_{cohort_id}").click()
    at.run()
    assert "4 peserta terdaftar, 0 masuk daftar tunggu." in texts(at)

    # 4. attendance for both sessions: Petrus (second by name) misses both
    with Session(db.get_engine()) as s:
        sessions = s.exec(
            select(CohortSession.id).where(CohortSession.cohort_id == cohort_id).order_by(CohortSession.day)
        ).all()
    for sid in sessions:
        at = open_at("trainer", "pages/training/attendance.py", id=cohort_id)
        at.selectbox(key="tr_att_session").select(sid)
        at.run()
        grid = f"tr_att_grid_{cohort_id}_{sid}"
        at.session_state[grid] = {
            "edited_rows": {1: {"Kehadiran": "Tidak hadir"}},
            "added_rows": [],
            "deleted_rows": [],
        }
        at.run()
        at.button(key=f"tr_att_save_{cohort_id}").click()
        at.run()
        assert "Presensi tersimpan: 3 dari 4 hadir." in texts(at)

    # 5. scores: everyone 80 after 60
    at = open_at("trainer", "pages/training/attendance.py", id=cohort_id)
    edits = {i: {"Pre-test": 60, "Post-test": 80} for i in range(4)}
    at.session_state[f"tr_scores_{cohort_id}"] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key=f"tr_scores_save_{cohort_id}").click()
    at.run()
    assert "Nilai tersimpan (4 peserta)." in texts(at)

    # 6. complete: three pass, Petrus does not
    at = open_at("trainer", "pages/training/completion.py", id=cohort_id)
    at.checkbox(key=f"tr_done_sure_{cohort_id}").check()
    at.run()
    at.button(key=f"tr_done_go_{cohort_id}").click()
    at.run()
    assert "Angkatan selesai: 3 lulus, 1 tidak lulus." in texts(at)
    with Session(db.get_engine()) as s:
        failed = s.exec(
            select(Enrolment.staff_id).where(Enrolment.cohort_id == cohort_id, Enrolment.status == "failed")
        ).one()
        assert failed == tw.staff["Petrus Kogoya"]
        number = s.exec(select(Certificate.number).where(Certificate.staff_id == tw.staff["Maria Tebai"])).one()

    # 7. the public check, from the certificate's QR link, without login
    at = open_at(None, "pages/training/verify.py", no=number)
    assert "Sertifikat ini asli." in texts(at) and "Maria Tebai" in texts(at) and "9 Mar 2026" in texts(at)
