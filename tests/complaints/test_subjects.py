"""A data subject's request: an admin finds everything held on one complainant by phone or e-mail,
exports it, and erases the identity; district admins only within their district; all audited."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from models.core.audit import AuditLog
from services.complaints import subjects
from services.core.errors import AccessDenied, ValidationFailed
from tests.apptest import open_page, texts
from tests.complaints.factories import intake, row


@pytest.fixture
def held(session, world, today):
    a = intake(session, world["officer"], complainant_name="Ruth Wenda", complainant_phone="+62 812-3456-7890",
               complainant_email="Ruth@Contoh.id", title="Jalan rusak di Kampung Yaro")  # fmt: skip
    b = intake(session, world["officer"], complainant_name="Ruth W.", complainant_phone="0812 3456 7890")
    other = intake(session, world["officer"], complainant_name="Orang Lain", complainant_phone="081111111111")
    swl = intake(session, world["officer.swl"], complainant_name="Ruth di SWL", complainant_phone="081234567890",
                 district_id=world.swl.id)  # fmt: skip
    return {"a": a.tracking_id, "b": b.tracking_id, "other": other.tracking_id, "swl": swl.tracking_id}


def test_a_phone_written_any_way_finds_every_complaint_of_that_person_in_scope(session, world, held):
    found = {h.tracking_id for h in subjects.held(session, world["admin"], "0812-3456-7890")}
    assert found == {held["a"], held["b"], held["swl"]}
    by_mail = subjects.held(session, world["admin"], "ruth@contoh.ID")
    assert [h.tracking_id for h in by_mail] == [held["a"]]


def test_a_district_admin_finds_only_their_districts_complaints(session, world, held):
    found = {h.tracking_id for h in subjects.held(session, world["admin.wgr"], "081234567890")}
    assert found == {held["a"], held["b"]}


def test_only_admins_and_only_a_real_contact(session, world, held):
    with pytest.raises(AccessDenied):
        subjects.held(session, world["officer"], "081234567890")
    with pytest.raises(ValidationFailed) as e:
        subjects.held(session, world["admin"], "Ruth Wenda")
    assert e.value.errors[0].code == "contact_invalid"


def test_the_export_holds_the_complaints_their_timeline_and_no_pin(session, world, held):
    data = json.loads(subjects.export(session, world["admin"], "081234567890"))
    assert {c["tracking_id"] for c in data["complaints"]} == {held["a"], held["b"], held["swl"]}
    first = next(c for c in data["complaints"] if c["tracking_id"] == held["a"])
    assert first["title"] == "Jalan rusak di Kampung Yaro" and first["timeline"]
    assert "pin_hash" not in first


def test_erasure_blanks_the_identity_everywhere_in_scope_and_keeps_the_complaints(session, world, held):
    assert subjects.erase(session, world["admin"], "081234567890") == 3
    session.commit()
    session.expire_all()
    for key in ("a", "b", "swl"):
        r = row(session, held[key])
        assert (r.complainant_name, r.complainant_phone, r.complainant_email) == (None, None, None)
    assert row(session, held["other"]).complainant_name == "Orang Lain"
    assert subjects.held(session, world["admin"], "081234567890") == []


def test_every_step_is_audited_without_the_contact_itself(session, world, held):
    subjects.held(session, world["admin"], "081234567890")
    subjects.export(session, world["admin"], "081234567890")
    subjects.erase(session, world["admin"], "081234567890")
    session.commit()
    rows = session.exec(select(AuditLog).where(AuditLog.entity == "data_subject")).all()
    assert [r.action for r in rows] == ["subject_search", "export", "erase_personal"]
    assert all("0812" not in f"{r.entity_id}{r.after}" for r in rows)


def test_the_page_finds_shows_and_erases(world, held, session):
    at = open_page("admin", "pages/complaints/data_requests.py")
    at.text_input[0].input("0812-3456-7890")
    at.button(key="FormSubmitter:subject_find-Cari").click()
    at.run()
    assert not at.exception
    assert "3 pengaduan menyimpan kontak ini" in texts(at)
    assert held["a"] in list(at.dataframe[0].value["Nomor laporan"])
    at.checkbox[0].check()
    at.button(key="FormSubmitter:subject_erase-Hapus identitas").click()
    at.run()
    assert not at.exception
    assert "Identitas pelapor dihapus dari 3 pengaduan." in texts(at)
    session.expire_all()
    assert row(session, held["a"]).complainant_name is None


def test_erasure_deletes_the_files_the_complainant_handed_in_and_nobody_elses(session, world, today):
    from models.complaints import ComplaintAttachment
    from services.complaints import files

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    mine = intake(session, world["officer"], complainant_phone="0812 9999 0000", files=[("ktp.png", png)])
    theirs = intake(session, world["officer"], complainant_phone="0813 1111 2222", files=[("kk.png", png)])
    stored = {
        a.complaint_id: files.attachments_dir() / a.stored_name for a in session.exec(select(ComplaintAttachment))
    }
    assert all(p.exists() for p in stored.values())

    subjects.erase(session, world["admin"], "081299990000")
    session.commit()
    left = session.exec(select(ComplaintAttachment.complaint_id)).all()
    assert left == [row(session, theirs.tracking_id).id]
    assert not stored[row(session, mine.tracking_id).id].exists()
    assert stored[row(session, theirs.tracking_id).id].exists()
    audit = session.exec(select(AuditLog).where(AuditLog.action == "erase_personal")).one()
    assert audit.after == {"complaints": 1, "attachments": 1}


def test_a_refused_erasure_keeps_the_files(session, world, today):
    from models.complaints import ComplaintAttachment
    from services.complaints import files

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    intake(session, world["officer"], complainant_phone="0812 9999 0000", files=[("ktp.png", png)])
    path = files.attachments_dir() / session.exec(select(ComplaintAttachment.stored_name)).one()
    subjects.erase(session, world["admin"], "081299990000")
    session.rollback()  # the change did not go through (a later step failed): the file is still needed
    assert path.exists()
    assert session.exec(select(ComplaintAttachment)).one()
