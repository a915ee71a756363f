"""Attachments of complaints, stored safely.

Only images and PDF, recognised by their content (the `filetype` package), never by the name the
user gave; each at most `complaints.attachment_max_mb` MB. They are written under
`data/attachments/<year>/` with generated names; the user's file name is kept for display only. A
transaction that rolls back deletes the files it wrote. Every download is audited.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from pathlib import Path

import filetype
from sqlalchemy import event
from sqlmodel import Session, col, select

from models.complaints import Complaint, ComplaintAttachment, State
from models.core.base import Role
from services.complaints import access, steps
from services.core import audit, clock, config, settings
from services.core.access import Actor, require
from services.core.errors import AccessDenied, FieldError, NotFound

# Sniffed type -> stored extension. Images a browser shows, and PDF.
ALLOWED_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "application/pdf": "pdf",
}
UPLOAD_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif", "pdf"]


def attachments_dir() -> Path:
    return config.data_dir() / "attachments"


def _display_name(name: str) -> str:
    """The user's file name for display: no folders, no control characters, bounded."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return (base or "lampiran")[:150]


def check_files(session: Session, files: list[tuple[str, bytes]]) -> list[FieldError]:
    """Why these uploads cannot be stored (count, emptiness, size, type); empty when they can."""
    if not files:
        return []
    values = settings.all_values(session)
    max_count, max_mb = values["complaints.attachment_max_count"], values["complaints.attachment_max_mb"]
    errors = []
    if len(files) > max_count:
        errors.append(FieldError("attachments", "attachment_count", {"max": max_count}))
    for name, data in files:
        shown = _display_name(name)
        if not data:
            errors.append(FieldError("attachments", "attachment_empty", {"name": shown}))
        elif len(data) > max_mb * 1024 * 1024:
            errors.append(FieldError("attachments", "attachment_size", {"name": shown, "max": max_mb}))
        else:
            kind = filetype.guess(data[:8192])
            if kind is None or kind.mime not in ALLOWED_TYPES:
                errors.append(FieldError("attachments", "attachment_type", {"name": shown}))
    return errors


def delete_files_after(session: Session, paths: list[Path], outcome: str) -> None:
    """Remove `paths` once the session's transaction ends with `outcome` ("after_rollback": files
    written for rows that were not saved; "after_commit": files of rows deleted for good); the
    other outcome keeps them."""
    other = "after_commit" if outcome == "after_rollback" else "after_rollback"

    def cleanup(_session) -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    def forget(_session) -> None:
        if event.contains(session, outcome, cleanup):
            event.remove(session, outcome, cleanup)

    event.listen(session, outcome, cleanup, once=True)
    event.listen(session, other, forget, once=True)


def remove_for(session: Session, complaint_ids: list[int]) -> int:
    """Delete the attachments of these complaints, rows now and files on commit (erasure and
    retention: a citizen's scanned documents are personal data). The caller checks access. Returns
    how many files."""
    if not complaint_ids:
        return 0
    rows = session.exec(
        select(ComplaintAttachment).where(col(ComplaintAttachment.complaint_id).in_(complaint_ids))
    ).all()
    delete_files_after(session, [attachments_dir() / r.stored_name for r in rows], "after_commit")
    for row in rows:
        session.delete(row)
    session.flush()
    return len(rows)


def store(session: Session, actor: Actor, complaint_id: int, files: list[tuple[str, bytes]]) -> int:
    """Write checked files to disk and record them; call `check_files` first. Officers handling
    the complaint, or the one taking it in while it is still received (intake); for anyone else the
    complaint reads as not found (a liaison of another unit included)."""
    require(actor, Role.officer)
    complaint = session.get(Complaint, complaint_id)
    taking_in = access.received_by(actor, complaint) and complaint.state == State.received if complaint else False
    if complaint is None or not (access.handles(actor, complaint) or taking_in):
        raise NotFound()
    if not files:
        return 0
    folder = attachments_dir() / str(clock.today().year)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    delete_files_after(session, written, "after_rollback")
    for name, data in files:
        mime = filetype.guess(data[:8192]).mime
        stored = f"{clock.today().year}/{secrets.token_hex(16)}.{ALLOWED_TYPES[mime]}"
        path = attachments_dir() / stored
        path.write_bytes(data)
        written.append(path)
        session.add(
            ComplaintAttachment(
                complaint_id=complaint_id,
                stored_name=stored,
                original_name=_display_name(name),
                mime=mime,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=actor.id or None,
            )
        )
    session.flush()
    return len(files)


def add_attachments(session: Session, actor: Actor, tid: str, files: list[tuple[str, bytes]]) -> int:
    """Attach more files to a complaint (officers handling it)."""
    from services.core.errors import ValidationFailed

    c, handling = access._readable(session, actor, tid)
    if not handling or not actor.has(Role.officer):
        raise AccessDenied()
    if not files:
        raise ValidationFailed.one("attachments", "required")
    existing = len(session.exec(select(ComplaintAttachment.id).where(ComplaintAttachment.complaint_id == c.id)).all())
    errors = check_files(session, files)
    limit = settings.get(session, "complaints.attachment_max_count") * 4
    if existing + len(files) > limit:
        errors.append(FieldError("attachments", "attachment_count", {"max": limit}))
    if errors:
        raise ValidationFailed(errors)
    n = store(session, actor, c.id, files)
    # On the timeline as "attachments added" (a catalogue label) with the files' names as its note.
    names = ", ".join(_display_name(name) for name, _ in files)
    steps._event(session, actor, c, "attach", None, None, clock.today(), note=names)
    return n


def read_attachment(session: Session, actor: Actor, attachment_id: int) -> tuple[str, str, bytes]:
    """(display name, mime type, content) of one attachment, for those handling the complaint.
    Every download is written to the audit log."""

    row = session.get(ComplaintAttachment, attachment_id)
    if row is None:
        raise NotFound()
    c = session.get(Complaint, row.complaint_id)
    _, handling = access._readable(session, actor, c.tracking_id)
    if not handling:
        raise AccessDenied()
    path = (attachments_dir() / row.stored_name).resolve()
    if attachments_dir().resolve() not in path.parents or not path.exists():
        raise NotFound()
    audit.record(
        session, actor, "download", "complaint_attachment", row.id, note=c.tracking_id, district_id=c.district_id
    )
    return row.original_name, row.mime, path.read_bytes()
