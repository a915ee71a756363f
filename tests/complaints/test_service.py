"""Complaint intake, tracking IDs, confidentiality per role, duplicates, the queue, auto-closing, the
home page, similar complaints and reply templates (services, no Streamlit)."""

import re
import threading
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from models.complaints import Complaint, ComplaintEvent, State
from models.core.audit import AuditLog
from services.complaints import files as complaint_files
from services.complaints import home, replies, report, triage, workflow
from services.complaints import intake as complaint_intake
from services.complaints.triage import QueueFilter
from services.core import clock, db
from services.core.access import system_actor
from services.core.errors import AccessDenied, NotFound, ValidationFailed
from tests.complaints.factories import MONDAY, act, codes, count, events, intake, placed, refused, row

# --- intake -------------------------------------------------------------------------------------


def test_intake_gives_a_tracking_id_a_pin_and_the_verify_deadline(session, world, today):
    created = intake(session, world["officer"])
    assert re.fullmatch(r"WGR-2026-\d{6}", created.tracking_id)
    assert created.tracking_id == "WGR-2026-000001"
    assert re.fullmatch(r"\d{6}", created.pin)
    c = row(session, created.tracking_id)
    assert c.state == "received" and c.due_kind == "forward"
    assert c.due_on == date(2026, 2, 5)  # Monday 2 Feb + 3 working days
    assert c.resolve_by == date(2026, 2, 16)  # + 14 calendar days
    assert created.pin not in c.pin_hash and c.pin_hash.startswith("scrypt$")
    assert c.complainant_phone == "081234567890"  # stored in one national form
    [e] = events(session, created.tracking_id)
    assert (e.action, e.to_state, e.public) == ("create", "received", True)
    assert session.exec(select(AuditLog).where(AuditLog.entity == "complaint")).first().action == "create"


def test_tracking_ids_count_per_district_and_year(session, world, today):
    first = intake(session, world["officer"]).tracking_id
    second = intake(session, world["officer"]).tracking_id
    other_district = intake(session, world["officer.swl"]).tracking_id
    last_year = intake(session, world["officer"], received_on=date(2025, 12, 30)).tracking_id
    assert [first, second, other_district, last_year] == [
        "WGR-2026-000001",
        "WGR-2026-000002",
        "SWL-2026-000001",
        "WGR-2025-000001",
    ]


def test_tracking_ids_stay_unique_under_concurrent_intake(session, world, today):
    """Eight officers save at the same moment, each in its own connection and transaction."""
    officer = world["officer"]
    results, errors = [], []

    def one():
        try:
            with Session(db.get_engine()) as s:
                results.append(complaint_intake.create_complaint(s, officer, _data()).tracking_id)
                s.commit()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(results) == [f"WGR-2026-{i:06d}" for i in range(1, 9)]


def _data(**over):
    data = {
        "kind": "pengaduan",
        "channel": "phone",
        "category": "perizinan",
        "title": "Izin usaha belum terbit",
        "description": "Sudah sebulan menunggu NIB untuk kios di pasar.",
        "received_on": clock.today(),
    }
    data.update(over)
    return data


def test_an_anonymous_complaint_keeps_no_identity(session, world, today):
    created = intake(
        session,
        world["officer"],
        anonymous=True,
        complainant_name="Nama Rahasia",
        complainant_phone="081299998888",
        complainant_email="warga@contoh.id",
    )
    c = row(session, created.tracking_id)
    assert (c.complainant_name, c.complainant_phone, c.complainant_email) == (None, None, None)
    view = report.get_complaint(session, world["officer"], created.tracking_id)
    assert view.complainant is None and view.contact is None and not view.can_reveal


BAD_INTAKE = [
    ({"title": "x" * 151}, "title", "string_too_long"),
    ({"title": "  "}, "title", "required"),
    ({"description": "y" * 4001}, "description", "string_too_long"),
    ({"description": "pendek"}, "description", "string_too_short"),
    ({"received_on": MONDAY + timedelta(days=1)}, "received_on", "date_in_future"),
    ({"received_on": MONDAY - timedelta(days=400)}, "received_on", "received_too_old"),
    ({"received_on": "kemarin"}, "received_on", "date_invalid"),
    ({"complainant_phone": "12345"}, "complainant_phone", "phone_invalid"),
    ({"complainant_phone": "0812-abcd-7890"}, "complainant_phone", "phone_invalid"),
    ({"complainant_phone": "+1 212 555 0100"}, "complainant_phone", "phone_invalid"),
    ({"complainant_phone": "+62 00812 3456 789"}, "complainant_phone", "phone_invalid"),
    ({"complainant_phone": "0812 3456 7890 ext 5"}, "complainant_phone", "phone_invalid"),
    ({"complainant_phone": "+62+812345678"}, "complainant_phone", "phone_invalid"),
    ({"complainant_phone": "081234567890123"}, "complainant_phone", "phone_invalid"),
    ({"complainant_email": "bukan-surel"}, "complainant_email", "email_invalid"),
    ({"category": "sihir"}, "category", "choice_invalid"),
    ({"kind": "keluhan"}, "kind", "choice_invalid"),
    ({"channel": "merpati"}, "channel", "choice_invalid"),
    ({"priority": "sangat"}, "priority", "choice_invalid"),
    ({"unit_id": "SWL-DUKCAPIL"}, "unit_id", "unit_outside_district"),
    ({"unit_id": 999_999}, "unit_id", "choice_invalid"),
    ({"duplicate_of": "WGR-2026-999999"}, "duplicate_of", "merge_target_unknown"),
    ({"area": "k" * 101}, "area", "string_too_long"),
    ({"files": [("surat.exe", b"MZ\x90\x00" + b"\x00" * 100)]}, "attachments", "attachment_type"),
    ({"files": [("kosong.pdf", b"")]}, "attachments", "attachment_empty"),
    ({"files": [("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * (6 * 1024 * 1024))]}, "attachments", "attachment_size"),
    ({"files": [("a.pdf", b"%PDF-1.4 x")] * 6}, "attachments", "attachment_count"),
]


@pytest.mark.parametrize("over, field, code", BAD_INTAKE, ids=[f"{f}-{c}" for _, f, c in BAD_INTAKE])
def test_bad_intake_is_refused_with_a_reason_and_nothing_saved(session, world, today, tmp_path, over, field, code):
    over = dict(over)
    if isinstance(over.get("unit_id"), str):
        over["unit_id"] = world.units[over["unit_id"]].id
    files = over.pop("files", None)

    stored_before = (
        sorted(complaint_files.attachments_dir().rglob("*")) if complaint_files.attachments_dir().exists() else []
    )
    error = refused(session, complaint_intake.create_complaint, world["officer"], _data(**over), files)
    assert (field, code) in {(e.field, e.code) for e in error.errors}
    assert count(session, Complaint) == 0 and count(session, ComplaintEvent) == 0
    after = sorted(complaint_files.attachments_dir().rglob("*")) if complaint_files.attachments_dir().exists() else []
    assert after == stored_before


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("0812 3456 7890", "081234567890"),
        ("0812-3456-7890", "081234567890"),
        ("+62 812 3456 7890", "081234567890"),
        ("+62 0812-3456-7890", "081234567890"),  # the trunk 0 written after the country code
        ("+62 (0)812 3456 7890", "081234567890"),
        ("62 812 3456 7890", "081234567890"),
        ("62-0812-3456-7890", "081234567890"),
        ("0062 812 3456 7890", "081234567890"),
        ("(0984) 21234", "098421234"),
        ("+62 984 21234", "098421234"),
    ],
)
def test_a_phone_number_is_stored_in_one_national_form(session, world, today, typed, stored):
    created = intake(session, world["officer"], complainant_phone=typed)
    assert row(session, created.tracking_id).complainant_phone == stored


def test_every_error_of_a_form_is_reported_at_once(session, world, today):
    error = refused(
        session,
        complaint_intake.create_complaint,
        world["officer"],
        _data(title="", complainant_phone="12", complainant_email="x"),
    )
    assert {"title", "complainant_phone", "complainant_email"} <= {e.field for e in error.errors}


def test_only_officers_take_in_complaints(session, world, today):
    for name in ("manager", "admin", "organizer", "trainer"):
        with pytest.raises(AccessDenied):
            complaint_intake.create_complaint(session, world[name], _data())


def test_an_all_district_officer_names_the_district(session, world, today):
    from tests.factories import user

    roving = user(session, "petugas.provinsi", ["officer"])
    session.commit()
    assert "district_id" in {
        e.field for e in refused(session, complaint_intake.create_complaint, roving, _data()).errors
    }
    created = complaint_intake.create_complaint(session, roving, _data(district_id=world.swl.id))
    assert created.tracking_id.startswith("SWL-")


def test_the_category_suggests_its_unit(session, world, today):
    officer = world["officer"]
    assert complaint_intake.suggest_unit(session, officer, "adminduk", None) == world.units["WGR-DUKCAPIL"].id
    assert complaint_intake.suggest_unit(session, officer, "perizinan", None) == world.units["WGR-PTSP"].id
    assert (
        complaint_intake.suggest_unit(session, world["officer.swl"], "perizinan", None) == world.units["SWL-DPMPTSP"].id
    )


# --- confidentiality ------------------------------------------------------------------------------


def _tids(page):
    return {r.tracking_id for r in page.items}


def test_a_rahasia_complaint_is_seen_only_by_its_handlers_and_coordinators(session, world, today):
    secret = placed(session, world, State.forwarded, secret=True)  # forwarded to WGR-DUKCAPIL
    from tests.factories import user

    ptsp = user(session, "petugas.ptsp", ["officer"], world.wgr.id, world.units["WGR-PTSP"].id)
    session.commit()
    # Coordinator and the handling unit's liaison: the whole report.
    for reader in (world["officer"], world["officer.dukcapil"]):
        assert report.get_complaint(session, reader, secret.tracking_id).title == secret.title
        [r] = triage.queue(session, reader).items
        assert not r.masked and r.title == secret.title
    # Another unit's liaison: it does not exist for them.
    with pytest.raises(NotFound):
        report.get_complaint(session, ptsp, secret.tracking_id)
    assert triage.queue(session, ptsp).items == []
    # A manager in scope: a masked row for oversight (state, deadline), never the report.
    [r] = triage.queue(session, world["manager"]).items
    assert r.masked and r.title is None and r.area is None and r.state == "forwarded"
    with pytest.raises(NotFound):
        report.get_complaint(session, world["manager"], secret.tracking_id)
    # Its text is not searchable by those who cannot read it.
    assert triage.queue(session, world["manager"], QueueFilter(search="uji")).items == []
    assert len(triage.queue(session, world["officer"], QueueFilter(search="uji")).items) == 1


def test_other_districts_see_nothing(session, world, today):
    c = placed(session, world, State.forwarded)
    for reader in (world["officer.swl"], world["manager.swl"]):
        assert triage.queue(session, reader).items == []
        with pytest.raises(NotFound):
            report.get_complaint(session, reader, c.tracking_id)
    for outsider in (world["admin"], world["organizer"], world["trainer"]):
        with pytest.raises(AccessDenied):
            triage.queue(session, outsider)
        with pytest.raises(AccessDenied):
            report.get_complaint(session, outsider, c.tracking_id)


def test_contact_details_are_masked_unless_a_handler_reveals_them_which_is_audited(session, world, today):
    created = intake(session, world["officer"], complainant_email="yakomina@contoh.id")
    tid = created.tracking_id
    manager_view = report.get_complaint(session, world["manager"], tid)
    assert manager_view.complainant == "Y••••••• R••••••"
    assert "0812•••••890" in manager_view.contact and "y•••@contoh.id" in manager_view.contact
    assert "081234567890" not in repr(manager_view) and not manager_view.can_reveal
    with pytest.raises(AccessDenied):
        report.reveal_contact(session, world["manager"], tid)
    coordinator_view = report.get_complaint(session, world["officer"], tid)
    assert coordinator_view.complainant == "Yakomina Rumbiak"
    assert "081234567890" not in coordinator_view.contact and coordinator_view.can_reveal
    contact = report.reveal_contact(session, world["officer"], tid)
    session.commit()
    assert contact.phone == "081234567890" and contact.email == "yakomina@contoh.id"
    reveal = session.exec(select(AuditLog).where(AuditLog.action == "reveal")).one()
    assert (reveal.username, reveal.entity_id) == ("officer", tid)


def test_a_liaison_lists_its_units_complaints_and_finds_its_own_filings_apart(session, world, today):
    liaison = world["officer.dukcapil"]
    forwarded_here = placed(session, world, State.forwarded)
    not_yet = placed(session, world, State.received)  # concerns Dukcapil but not forwarded yet
    filed = intake(session, liaison, title="Dicatat di loket Dukcapil")
    assert _tids(triage.queue(session, liaison)) == {forwarded_here.tracking_id}  # what the unit holds
    assert _tids(triage.queue(session, liaison, QueueFilter(scope="filed"))) == {filed.tracking_id}
    with pytest.raises(NotFound):
        report.get_complaint(session, liaison, not_yet.tracking_id)
    view = report.get_complaint(session, liaison, filed.tracking_id)
    assert view.complainant == "Y••••••• R••••••" and view.actions == []  # filed it, does not handle it
    assert view.can_receipt and not view.can_reveal and view.attachments == []


# --- duplicates -------------------------------------------------------------------------------------


def test_a_duplicate_is_merged_and_both_histories_are_kept(session, world, today):
    officer = world["officer"]
    first = intake(session, officer).tracking_id
    act(session, officer, first, "forward", unit_id=world.units["WGR-DUKCAPIL"].id, note="Tolong dicek.")
    second = intake(session, officer, title="KTP-el saya juga belum jadi", duplicate_of=first)
    assert second.merged_into == first
    dup = row(session, second.tracking_id)
    assert dup.state == "duplicate" and dup.merged_into_id == row(session, first).id and dup.due_on is None
    view = report.get_complaint(session, officer, first)
    assert view.merged_from == [second.tracking_id]
    timeline = [(e.tracking_id, e.action) for e in view.events]
    assert (first, "create") in timeline and (first, "forward") in timeline
    assert (second.tracking_id, "create") in timeline and (second.tracking_id, "merge") in timeline
    assert (first, "merged_in") in timeline
    own = report.get_complaint(session, officer, second.tracking_id)
    assert own.merged_into == first and [e.action for e in own.events] == ["create", "merge"]


def test_merging_by_action_keeps_the_target_open(session, world, today):
    officer = world["officer"]
    first = intake(session, officer).tracking_id
    second = intake(session, officer).tracking_id
    act(session, officer, second, "merge", target=first, note="Sama dengan laporan sebelumnya.")
    assert row(session, second).state == "duplicate" and row(session, first).state == "received"


def test_a_secret_duplicate_stays_hidden_in_the_targets_timeline(session, world, today):
    first = intake(session, world["officer"]).tracking_id
    intake(session, world["officer"], secret=True, title="Rahasia: pungli di loket", duplicate_of=first)
    manager_view = report.get_complaint(session, world["manager"], first)
    assert {e.tracking_id for e in manager_view.events} == {first}


# --- the queue ------------------------------------------------------------------------------------


def test_the_queue_sorts_by_the_next_deadline_and_pages_in_sql(session, world, today):
    officer = world["officer"]
    for days_ago in (0, 9, 3, 1, 20):
        placed(session, world, State.received, received_on=clock.today() - timedelta(days=days_ago))
    page = triage.queue(session, officer, page=1, page_size=2)
    assert page.total == 5 and page.pages == 3 and len(page.items) == 2
    everything = triage.queue(session, officer, page_size=50).items
    dues = [r.due_on for r in everything]
    assert dues == sorted(dues)
    assert [r.days_left for r in everything][0] < 0 and everything[0].overdue
    newest = triage.queue(session, officer, QueueFilter(sort="newest")).items
    assert [r.received_on for r in newest] == sorted((r.received_on for r in newest), reverse=True)


def test_queue_filters(session, world, today):
    officer = world["officer"]
    a = placed(session, world, State.received, received_on=clock.today() - timedelta(days=20))  # overdue, escalated
    b = placed(session, world, State.forwarded, unit="WGR-PTSP")
    c = placed(session, world, State.closed)
    session.exec(select(Complaint)).all()
    b_row = row(session, b.tracking_id)
    b_row.category, b_row.priority, b_row.area, b_row.assignee_id = "perizinan", "urgent", "Kampung Yaro", officer.id
    b_row.title = "Izin usaha kios 100% belum jadi"
    session.add(b_row)
    session.commit()

    def q(**f):
        return _tids(triage.queue(session, officer, QueueFilter(**f)))

    assert q() == {a.tracking_id, b.tracking_id}  # open states by default
    assert q(states=("closed",)) == {c.tracking_id}
    assert q(unit_id=world.units["WGR-PTSP"].id) == {b.tracking_id}
    assert q(category="perizinan") == {b.tracking_id}
    assert q(priority="urgent") == {b.tracking_id}
    assert q(overdue=True) == {a.tracking_id}
    assert q(escalated=True) == {a.tracking_id}
    assert q(mine=True) == {b.tracking_id}
    assert q(area="kampung yaro") == {b.tracking_id}
    assert q(received_from=clock.today() - timedelta(days=10)) == {b.tracking_id}
    assert q(received_to=clock.today() - timedelta(days=10)) == {a.tracking_id}
    assert q(search="izin usaha") == {b.tracking_id}
    assert q(search="100%") == {b.tracking_id}  # % and _ are searched literally
    assert q(search="10_%") == set()
    assert q(search=a.tracking_id.lower()) == {a.tracking_id}
    assert q(sort="priority") == {a.tracking_id, b.tracking_id}
    summary = triage.summary(session, officer)
    assert (summary.open, summary.overdue, summary.escalated, summary.awaiting_forward) == (2, 1, 1, 1)


# --- bulk ---------------------------------------------------------------------------------------------


def test_bulk_forward_moves_all_or_none(session, world, today):
    officer = world["officer"]
    ids = [placed(session, world, State.verified).tracking_id for _ in range(3)]
    closed = placed(session, world, State.closed).tracking_id
    unit = world.units["WGR-DUKCAPIL"].id
    error = refused(session, workflow.bulk_forward, officer, [*ids, closed], {"unit_id": unit})
    assert {e.field for e in error.errors} == {closed}
    assert {row(session, t).state for t in ids} == {"verified"}
    assert (
        workflow.bulk_forward(session, officer, ids, {"unit_id": unit, "assignee_id": world["officer.dukcapil"].id})
        == 3
    )
    session.commit()
    assert {(row(session, t).state, row(session, t).assignee_id) for t in ids} == {
        ("forwarded", world["officer.dukcapil"].id)
    }
    assert workflow.bulk_assign(session, officer, ids, {"assignee_id": world["officer.dukcapil"].id}) == 3
    assert "required" in codes(refused(session, workflow.bulk_assign, officer, ids, {"assignee_id": None}))
    with pytest.raises(ValidationFailed):
        workflow.bulk_forward(session, officer, [], {"unit_id": unit})


def test_bulk_forward_by_a_liaison_is_refused(session, world, today):
    c = placed(session, world, State.forwarded)
    error = refused(session, workflow.bulk_forward, world["officer.dukcapil"], [c.tracking_id], {"unit_id": 1})
    assert codes(error) == {"access_denied"}


# --- auto-close, home page ------------------------------------------------------------------------


def test_a_followed_up_complaint_closes_itself_after_ten_quiet_working_days(session, world, today):
    officer, liaison = world["officer"], world["officer.dukcapil"]
    tid = intake(session, officer).tracking_id
    act(session, officer, tid, "forward", unit_id=world.units["WGR-DUKCAPIL"].id)
    act(session, liaison, tid, "follow_up", note="KTP-el sudah dicetak.")
    assert row(session, tid).due_on == date(2026, 2, 18)  # 10 working days, skipping 16-17 Feb
    today(date(2026, 2, 18))
    assert workflow.close_expired(session, system_actor()) == []  # not before the close of the 10th day
    today(date(2026, 2, 19))
    assert workflow.close_expired(session, system_actor()) == [tid]
    session.commit()
    closed = row(session, tid)
    assert closed.state == "closed" and closed.closed_on == date(2026, 2, 18) and closed.rating is None
    assert closed.on_time and closed.handling_days == 10  # received 2 Feb, closed 18 Feb (16-17 Feb off)
    last = events(session, tid)[-1]
    assert (last.action, last.actor_id, last.actor_name, last.public) == ("auto_close", None, "", True)
    assert workflow.close_expired(session, system_actor()) == []  # idempotent


def test_a_complainant_reply_restarts_the_units_clock(session, world, today):
    officer, liaison = world["officer"], world["officer.dukcapil"]
    tid = intake(session, officer).tracking_id
    act(session, officer, tid, "forward", unit_id=world.units["WGR-DUKCAPIL"].id)
    act(session, liaison, tid, "follow_up", note="Sudah dicetak.")
    today(date(2026, 2, 4))
    act(session, officer, tid, "reply", note="Pelapor: belum ada di loket.")
    c = row(session, tid)
    assert (c.state, c.due_kind, c.due_on) == ("forwarded", "follow_up", date(2026, 2, 11))


def test_home_says_what_is_overdue_due_today_and_new(session, world, today):
    placed(session, world, State.received, received_on=clock.today() - timedelta(days=20))  # overdue
    placed(session, world, State.forwarded)  # forwarded today to Dukcapil
    due_today = placed(session, world, State.received, received_on=date(2026, 1, 28))
    assert row(session, due_today.tracking_id).due_on == clock.today()
    keys = {a.text_key: a.count for a in home.home_attention(session, world["officer"])}
    assert keys["home.att.complaints_overdue"] == 1
    assert keys["home.att.complaints_due_today"] == 1
    assert keys["home.att.complaints_to_verify"] == 2
    liaison = {a.text_key: a.count for a in home.home_attention(session, world["officer.dukcapil"])}
    assert liaison == {"home.att.complaints_new_for_unit": 1}
    manager = {a.text_key: a.count for a in home.home_attention(session, world["manager"])}
    assert manager == {"home.att.complaints_overdue": 1, "home.att.complaints_escalated": 1}
    assert home.home_attention(session, world["manager.swl"]) == []
    assert home.home_attention(session, world["trainer"]) == []


# --- similar complaints and templates ----------------------------------------------------------------


def test_similar_open_complaints_are_offered_at_intake(session, world, today):
    officer = world["officer"]
    ktp = intake(session, officer, area="Kampung Yaro").tracking_id
    intake(session, officer, title="Jalan rusak di depan pasar", description="Jalan berlubang besar dan berbahaya.")
    old = intake(session, officer, received_on=clock.today() - timedelta(days=40)).tracking_id
    text = "KTP elektronik belum jadi sudah tiga bulan menunggu di kantor distrik"
    found = complaint_intake.similar_open(session, officer, text, area="Kampung Yaro")
    assert [s.tracking_id for s in found] == [ktp]
    assert found[0].score >= 60
    by_unit = complaint_intake.similar_open(session, officer, text, unit_id=None)
    assert old not in {s.tracking_id for s in by_unit}  # older than 30 days
    assert complaint_intake.similar_open(session, officer, "pendek") == []
    with pytest.raises(AccessDenied):
        complaint_intake.similar_open(session, world["manager"], text)


def test_reply_templates_are_validated_and_filled(session, world, today):
    admin = world["admin"]
    saved = replies.save_template(
        session,
        admin,
        {
            "category": "adminduk",
            "state": "in_follow_up",
            "title": "Siap diambil",
            "body": "Laporan {tracking_id}: silakan ambil di {unit}.",
        },
    )
    replies.save_template(
        session,
        admin,
        {"state": "in_follow_up", "title": "Umum", "body": "Terima kasih, {tracking_id} sudah ditindaklanjuti."},
    )
    session.commit()
    found = replies.templates_for(session, world["officer"], "adminduk", "in_follow_up")
    assert [t.title for t in found] == ["Siap diambil", "Umum"]  # the category's own first
    assert replies.templates_for(session, world["officer"], "perizinan", "in_follow_up")[0].title == "Umum"
    text = replies.fill_template(saved.body, {"tracking_id": "WGR-2026-000001", "unit": "Dukcapil"})
    assert text == "Laporan WGR-2026-000001: silakan ambil di Dukcapil."
    for body, code in (
        ("Halo {nama} sudah selesai", "template_placeholder"),
        ("Kurung { tidak lengkap sekali", "template_braces"),
    ):
        error = refused(session, replies.save_template, admin, {"state": "done", "title": "Salah", "body": body})
        assert code in codes(error)
    error = refused(
        session, replies.save_template, admin, {"state": "archived", "title": "Arsip", "body": "Diarsipkan ya."}
    )
    assert "choice_invalid" in codes(error)
    with pytest.raises(AccessDenied):
        replies.save_template(session, world["officer"], {"state": "done", "title": "x", "body": "y"})
    replies.delete_template(session, admin, saved.id)
    session.commit()
    assert [t.title for t in replies.list_templates(session, admin)] == ["Umum"]


def test_reply_templates_serve_every_district_so_only_an_admin_of_all_districts_changes_them(session, world):
    from services.complaints import replies

    data = {"category": None, "state": "done", "title": "Selesai", "body": "Laporan {tracking_id} selesai.",
            "active": True}  # fmt: skip
    with pytest.raises(ValidationFailed) as refused:
        replies.save_template(session, world["admin.wgr"], data)
    assert refused.value.errors[0].code == "templates_installation_only"
    saved = replies.save_template(session, world["admin"], data)
    with pytest.raises(ValidationFailed):
        replies.delete_template(session, world["admin.wgr"], saved.id)
    assert [t.title for t in replies.list_templates(session, world["admin.wgr"])] == ["Selesai"]  # reading stays
