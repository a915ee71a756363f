"""Attachments (type by content, size, generated names, cleaned up on rollback, audited downloads),
the counter receipt PDF, and the export of the filtered list with or without personal data."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from models.complaints import Complaint, ComplaintAttachment, State
from models.core.audit import AuditLog
from services.complaints import exports, files
from services.complaints.triage import QueueFilter
from services.core.errors import AccessDenied
from tests.complaints.factories import codes, intake, placed, refused
from tests.pdfs import pdf_text

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
PDF = b"%PDF-1.4\n" + b"1 0 obj\n<<>>\nendobj\n" * 10


def stored_files():
    root = files.attachments_dir()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_attachments_are_sniffed_stored_under_generated_names_and_downloaded_with_an_audit(session, world, today):
    before = stored_files()
    created = intake(session, world["officer"], files=[("../../etc/passwd.png", PNG), ("surat resmi.pdf", PDF)])
    rows = session.exec(select(ComplaintAttachment).order_by(ComplaintAttachment.id)).all()
    assert [(r.original_name, r.mime) for r in rows] == [
        ("passwd.png", "image/png"),
        ("surat resmi.pdf", "application/pdf"),
    ]
    new = [p for p in stored_files() if p not in before]
    assert len(new) == 2 and all(re.fullmatch(r"[0-9a-f]{32}\.(png|pdf)", p.name) for p in new)
    assert all(files.attachments_dir() in p.parents for p in new)
    name, mime, data = files.read_attachment(session, world["officer"], rows[0].id)
    session.commit()
    assert (name, mime, data) == ("passwd.png", "image/png", PNG)
    assert session.exec(select(AuditLog).where(AuditLog.action == "download")).one().note == created.tracking_id
    with pytest.raises(AccessDenied):  # a manager may read the report but not download its files
        files.read_attachment(session, world["manager"], rows[0].id)


def test_a_png_named_pdf_is_judged_by_its_content_and_a_script_named_jpg_refused(session, world, today):
    assert files.check_files(session, [("foto.pdf", PNG)]) == []
    errors = files.check_files(session, [("foto.jpg", b"<script>alert(1)</script>" * 10)])
    assert [(e.code, e.params["name"]) for e in errors] == [("attachment_type", "foto.jpg")]


def test_files_written_before_a_failure_are_removed_with_the_rollback(session, world, today):
    before = stored_files()
    c = placed(session, world, State.forwarded)
    files.add_attachments(session, world["officer"], c.tracking_id, [("foto.png", PNG)])
    assert len(stored_files()) == len(before) + 1
    session.rollback()  # e.g. the transaction failed after the files were written
    assert stored_files() == before
    files.add_attachments(session, world["officer"], c.tracking_id, [("foto.png", PNG)])
    session.commit()
    assert len(stored_files()) == len(before) + 1  # a committed upload stays


def test_only_handlers_add_attachments(session, world, today):
    c = placed(session, world, State.forwarded)
    with pytest.raises(AccessDenied):
        files.add_attachments(session, world["manager"], c.tracking_id, [("foto.png", PNG)])
    assert "required" in codes(refused(session, files.add_attachments, world["officer"], c.tracking_id, []))


def test_a_liaison_of_another_unit_stores_no_file_on_a_complaint_by_a_direct_call(session, world, today):
    """files.store is what intake and add_attachments call; called directly by the permit desk's liaison
    on a complaint at Dukcapil it is refused and writes nothing (the access walk of units found it open to
    every officer of the district)."""
    from services.core.errors import NotFound
    from tests.factories import user

    ptsp = user(session, "liaison.ptsp", ["officer"], world.wgr.id, world.units["WGR-PTSP"].id)
    at_dukcapil = placed(session, world, State.forwarded)
    taken = intake(session, world["officer.dukcapil"])  # taken in by Dukcapil's liaison, not yet verified
    received = session.exec(select(Complaint).where(Complaint.tracking_id == taken.tracking_id)).one()
    before = stored_files()
    for complaint in (at_dukcapil, received):
        with pytest.raises(NotFound):
            files.store(session, ptsp, complaint.id, [("foto.png", PNG)])
    assert stored_files() == before
    # the complaint's handlers, and the officer taking one in, still store
    assert files.store(session, world["officer.dukcapil"], at_dukcapil.id, [("foto.png", PNG)]) == 1
    assert files.store(session, world["officer.dukcapil"], received.id, [("foto.png", PNG)]) == 1
    session.rollback()


# --- the receipt ------------------------------------------------------------------------------------


def test_the_receipt_has_the_tracking_id_the_pin_and_where_to_check(session, world, today):
    created = intake(session, world["officer"], title="KTP-el belum jadi – sudah 3 bulan “lama”")
    data = exports.receipt_pdf(
        session, world["officer"], created.tracking_id, created.pin, "https://sigap.example/status"
    )
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert created.tracking_id in text and " ".join(created.pin) in text
    assert "https://sigap.example/status" in text and "Tanda Terima Pengaduan" in text
    assert "5 Feb 2026" in text  # verified and forwarded by
    assert "KTP-el belum jadi – sudah 3 bulan “lama”" in text  # typed punctuation prints as typed
    with pytest.raises(AccessDenied):
        exports.receipt_pdf(session, world["manager"], created.tracking_id, created.pin, "x")


def test_every_name_prints_on_the_receipt_as_typed(session, world, today):
    """The bundled Unicode font draws names outside Latin-1 (before, they were folded or shown as '?')."""
    name = "Ṣiti Ñurhaliza Wénda-Žagar Łukasz"
    created = intake(session, world["officer"], complainant_name=name, complainant_phone="081234567890")
    text = pdf_text(exports.receipt_pdf(session, world["officer"], created.tracking_id, created.pin, "https://x/s"))
    assert name in text and "?" not in text.replace("https://x/s", "")


# --- export -----------------------------------------------------------------------------------------


def exported(session, actor, personal=False, fmt="csv", **flt):
    header, rows = exports.export_table(session, actor, QueueFilter(**flt), personal)
    data = exports.exporter(fmt)(header, rows)
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(data)).active
        table = [[("" if v is None else str(v)) for v in r] for r in sheet.iter_rows(values_only=True)]
    return table[0], table[1:]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_leaves_personal_data_out_unless_an_officer_asks_and_it_is_audited(session, world, today, fmt):
    intake(session, world["officer"], title='=HYPERLINK("http://x")', complainant_email="warga@contoh.id")
    header, rows = exported(session, world["manager"], fmt=fmt)
    assert "Nama pelapor" not in header and len(rows) == 1
    assert "Yakomina" not in repr(rows) and "0812" not in repr(rows)
    assert rows[0][header.index("Ringkasan")] == '\'=HYPERLINK("http://x")'  # never a live formula
    with pytest.raises(AccessDenied):
        exports.export_table(session, world["manager"], QueueFilter(), True)
    header, rows = exported(session, world["officer"], personal=True, fmt=fmt)
    assert rows[0][header.index("Nama pelapor")] == "Yakomina Rumbiak"
    assert rows[0][header.index("Telepon")] == "081234567890"
    session.commit()
    audits = session.exec(select(AuditLog).where(AuditLog.action == "export").order_by(AuditLog.id)).all()
    assert [a.note for a in audits] == ["without_personal_data", "with_personal_data"]
    assert audits[1].after["personal_rows"] == 1


def test_export_personal_data_only_for_rows_the_officer_handles(session, world, today):
    mine = placed(session, world, State.forwarded)
    filed = intake(session, world["officer.dukcapil"], title="Dicatat di loket")  # not forwarded to Dukcapil
    secret_other = placed(session, world, State.received, secret=True)
    header, rows = exported(session, world["officer.dukcapil"], personal=True)
    by_id = {r[0]: r for r in rows}
    assert set(by_id) == {mine.tracking_id}  # the unit's work; a rahasia report it does not handle is left out
    assert by_id[mine.tracking_id][header.index("Nama pelapor")] == "Pelapor Uji"
    header, rows = exported(session, world["officer.dukcapil"], personal=True, scope="filed")
    assert [(r[0], r[header.index("Nama pelapor")]) for r in rows] == [(filed.tracking_id, "")]  # filed, not handled
    assert secret_other.tracking_id not in {r[0] for r in rows}


def test_export_follows_the_queue_filters(session, world, today):
    placed(session, world, State.received)
    closed = placed(session, world, State.closed)
    _, rows = exported(session, world["officer"], states=("closed",))
    assert [r[0] for r in rows] == [closed.tracking_id]
