"""Who handles a complaint, as its officers meet it: the unit it sits with now (its queue, its counts and
its home page agree), the unit it has left (read-only, never rahasia), the officer who took it in (its
receipt), what managers see of a rahasia report, the home page's links into the queue, the system's
closing of quiet follow-ups, and chains of duplicates (services, no Streamlit)."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from models.complaints import State
from models.core.audit import AuditLog
from services import registry
from services.complaints import access, exports, files, report, triage, workflow
from services.complaints import home as complaint_home
from services.complaints import status as complaint_status
from services.complaints.triage import QueueFilter
from services.core import clock, masking
from services.core.access import system_actor
from services.core.errors import AccessDenied, NotFound
from tests.complaints.factories import act, events, expired, intake, placed, row
from tests.complaints.test_files import PNG
from tests.factories import user
from tests.pdfs import pdf_text


def tids(page):
    return {r.tracking_id for r in page.items}


def ptsp_liaison(session, world):
    liaison = user(session, "petugas.ptsp", ["officer"], world.wgr.id, world.units["WGR-PTSP"].id)
    session.commit()
    return liaison


# --- the officer who took it in (defect 1) ---------------------------------------------------------


@pytest.mark.parametrize("secret", [False, True], ids=["biasa", "rahasia"])
def test_a_liaison_who_takes_a_complaint_in_opens_it_and_prints_its_receipt(session, world, today, secret):
    liaison = world["officer.dukcapil"]
    created = intake(session, liaison, secret=secret, title="Dicatat di loket Dukcapil")
    view = report.get_complaint(session, liaison, created.tracking_id)  # even a rahasia one
    assert view.title == "Dicatat di loket Dukcapil" and view.can_receipt and view.actions == []
    pdf = exports.receipt_pdf(session, liaison, created.tracking_id, created.pin, "https://x/status")
    assert created.tracking_id in pdf_text(pdf) and " ".join(created.pin) in pdf_text(pdf)
    new_pin = report.reissue_pin(session, liaison, created.tracking_id)
    session.commit()
    assert complaint_status.lookup(session, created.tracking_id, new_pin, "ip:10.7.0.1").found
    audited = session.exec(select(AuditLog.action).where(AuditLog.entity_id == created.tracking_id)).all()
    assert {"create", "receipt", "reissue_pin"} <= set(audited)
    # Nobody else gains anything: another unit's liaison still cannot open a rahasia one.
    other = ptsp_liaison(session, world)
    if secret:
        with pytest.raises(NotFound):
            report.get_complaint(session, other, created.tracking_id)


def test_a_reissued_receipt_names_the_officer_who_received_the_complaint(session, world, today):
    created = intake(session, world["officer.dukcapil"])
    second = user(session, "koordinator.dua", ["officer"], world.wgr.id)
    session.commit()
    new_pin = report.reissue_pin(session, second, created.tracking_id)
    text = pdf_text(exports.receipt_pdf(session, second, created.tracking_id, new_pin, "https://x/status"))
    assert "Officer Dukcapil" in text and "Koordinator Dua" not in text


# --- the current unit, the former unit (defect 3) --------------------------------------------------


def moved_on(session, world, today, how: str, secret: bool = False) -> str:
    """A complaint forwarded to Dukcapil that left it two weeks ago (sent back, or forwarded to the permit
    desk) and is overdue where it is now."""
    now = today.current()
    today(now - timedelta(days=14))
    c = placed(session, world, State.forwarded, secret=secret, received_on=clock.today() - timedelta(days=20))
    if how == "sent_back":
        act(session, world["officer.dukcapil"], c.tracking_id, "send_back", note="Bukan kewenangan Dukcapil.")
    else:
        act(session, world["officer"], c.tracking_id, "forward", unit_id=world.units["WGR-PTSP"].id)
    today(now)
    return c.tracking_id


@pytest.mark.parametrize("how", ["sent_back", "forwarded_elsewhere"])
def test_a_unit_no_longer_lists_or_counts_a_complaint_that_left_it(session, world, today, how):
    liaison = world["officer.dukcapil"]
    here = placed(session, world, State.forwarded)  # still at Dukcapil
    gone = moved_on(session, world, today, how)
    assert row(session, gone).due_on < clock.today()  # overdue wherever it is now
    assert tids(triage.queue(session, liaison)) == {here.tracking_id}
    counts = triage.summary(session, liaison)
    assert (counts.open, counts.overdue) == (1, 0)
    assert triage.queue(session, liaison, QueueFilter(overdue=True)).total == 0
    assert "home.att.complaints_overdue" not in {a.text_key for a in complaint_home.home_attention(session, liaison)}
    # "Once handled by my unit": readable, read-only, identity masked.
    assert tids(triage.queue(session, liaison, QueueFilter(scope="former"))) == {gone}
    view = report.get_complaint(session, liaison, gone)
    assert view.former_unit and not view.handling and view.actions == [] and not view.can_receipt
    assert view.complainant == masking.mask_name("Pelapor Uji") != "Pelapor Uji"
    assert view.attachments == [] and not view.can_reveal


@pytest.mark.parametrize("how", ["sent_back", "forwarded_elsewhere"])
def test_a_former_unit_loses_every_power_over_the_complaint(session, world, today, how):
    liaison = world["officer.dukcapil"]
    gone = moved_on(session, world, today, how)
    attachment = files.add_attachments(session, world["officer"], gone, [("foto.png", PNG)])
    session.commit()
    assert attachment == 1
    pin_before = row(session, gone).pin_hash
    for refused_call in (
        lambda: report.reveal_contact(session, liaison, gone),
        lambda: report.reissue_pin(session, liaison, gone),  # would void the citizen's receipt
        lambda: files.add_attachments(session, liaison, gone, [("foto.png", PNG)]),
        lambda: files.read_attachment(session, liaison, _attachment_id(session, gone)),
        lambda: exports.receipt_pdf(session, liaison, gone, "123456", "x"),
        lambda: workflow.act(session, liaison, gone, "comment", {"note": "Masih kami pantau."}),
    ):
        with pytest.raises(AccessDenied):
            refused_call()
        session.rollback()
    assert row(session, gone).pin_hash == pin_before


def _attachment_id(session, tid):
    from models.complaints import ComplaintAttachment

    c = row(session, tid)
    return session.exec(select(ComplaintAttachment.id).where(ComplaintAttachment.complaint_id == c.id)).first()


def test_a_rahasia_complaint_is_gone_for_the_unit_once_it_moved_on(session, world, today):
    liaison = world["officer.dukcapil"]
    gone = moved_on(session, world, today, "forwarded_elsewhere", secret=True)
    with pytest.raises(NotFound):
        report.get_complaint(session, liaison, gone)
    assert triage.queue(session, liaison, QueueFilter(scope="former")).items == []
    # The unit it went to handles it in full.
    assert report.get_complaint(session, ptsp_liaison(session, world), gone).handling


def test_the_unit_that_closed_a_complaint_still_has_it(session, world, today):
    c = placed(session, world, State.closed, secret=True)
    view = report.get_complaint(session, world["officer.dukcapil"], c.tracking_id)
    assert view.handling and view.can_receipt


def test_a_complaint_postponed_before_forwarding_is_not_the_units(session, world, today):
    c = placed(session, world, State.verified)  # concerns Dukcapil, not forwarded
    act(
        session,
        world["officer"],
        c.tracking_id,
        "postpone",
        note="Menunggu berkas.",
        until=clock.today() + timedelta(9),
    )
    today(clock.today() + timedelta(days=10))  # the day to take it up again has passed
    assert triage.summary(session, world["officer.dukcapil"]).open == 0
    assert complaint_home.home_attention(session, world["officer.dukcapil"]) == []
    assert {a.text_key for a in complaint_home.home_attention(session, world["officer"])} == {
        "home.att.complaints_overdue"
    }


# --- home and queue: one count, one filter (defects 3 and 12) ---------------------------------------


def the_day_s_work(session, world, today):
    placed(session, world, State.received, received_on=clock.today() - timedelta(days=20))  # overdue, escalated
    placed(session, world, State.forwarded)  # forwarded today to Dukcapil
    placed(session, world, State.received, received_on=date(2026, 1, 28))  # verify by today
    due = placed(session, world, State.forwarded)
    r = row(session, due.tracking_id)
    r.due_on, r.forwarded_on = clock.today(), date(2026, 1, 26)  # the unit's follow-up due today, not new
    session.add(r)
    session.commit()
    moved_on(session, world, today, "sent_back")  # verified, overdue: the coordinator's again
    placed(session, world, State.forwarded, secret=True, received_on=clock.today() - timedelta(days=30))


@pytest.mark.parametrize("who", ["officer", "officer.dukcapil", "manager"])
def test_every_home_item_opens_the_queue_on_exactly_the_complaints_it_counts(session, world, today, who):
    the_day_s_work(session, world, today)
    actor = world[who]
    items = complaint_home.home_attention(session, actor)
    assert items
    for item in items:
        assert item.page == "complaints"  # the queue, by its URL id
        page = triage.queue(session, actor, triage.preset(item.query["show"]), page_size=200)
        assert page.total == item.count == len(page.items), item
    counts = triage.summary(session, actor)  # the queue's metrics: the same numbers
    for item in items:
        assert getattr(counts, item.query["show"]) == item.count


def test_the_home_page_gives_each_role_its_items(session, world, today):
    the_day_s_work(session, world, today)

    def got(who):
        return {a.query["show"]: a.count for a in registry.attention(session, world[who]) if hasattr(a, "query")}

    assert got("officer") == {"overdue": 2, "escalated": 3, "due_today": 2, "to_verify": 2}
    assert got("officer.dukcapil") == {"due_today": 1, "new_for_unit": 2}  # what sits with the unit now
    assert got("manager") == {"overdue": 2, "escalated": 3}  # the rahasia one counted too
    assert got("manager.swl") == {}


def test_due_today_is_a_queue_filter(session, world, today):
    placed(session, world, State.received)  # due in 3 working days
    due = placed(session, world, State.received, received_on=date(2026, 1, 28))
    assert tids(triage.queue(session, world["officer"], QueueFilter(due_today=True))) == {due.tracking_id}


# --- what a rahasia complaint shows to those who cannot read it (defect 6) -------------------------


def test_a_manager_gets_the_id_state_and_deadline_of_a_rahasia_complaint_and_nothing_else(session, world, today):
    c = placed(session, world, State.forwarded, secret=True, received_on=clock.today() - timedelta(days=20))
    r = row(session, c.tracking_id)
    r.area, r.assignee_id, r.priority = "Kampung Rahasia", world["officer.dukcapil"].id, "urgent"
    session.add(r)
    session.commit()
    [masked] = triage.queue(session, world["manager"]).items
    assert masked.masked and masked.secret
    assert (masked.tracking_id, masked.state, masked.due_on) == (c.tracking_id, "forwarded", r.due_on)
    hidden = ("received_on", "title", "category", "kind", "channel", "unit_code", "area", "priority", "assignee")
    assert {name: getattr(masked, name) for name in hidden} == dict.fromkeys(hidden)
    assert triage.summary(session, world["manager"]).open == 1  # still counted


def test_no_filter_or_picker_confirms_a_rahasia_complaints_hidden_details(session, world, today):
    c = placed(session, world, State.forwarded, secret=True)
    r = row(session, c.tracking_id)
    r.area = "Kampung Rahasia"
    session.add(r)
    session.commit()
    manager = world["manager"]
    assert "Kampung Rahasia" not in triage.areas(session, manager)
    assert "Kampung Rahasia" in triage.areas(session, world["officer"])  # the coordinator handles it
    for flt in (
        QueueFilter(area="Kampung Rahasia"),
        QueueFilter(category="adminduk"),
        QueueFilter(unit_id=world.units["WGR-DUKCAPIL"].id),
        QueueFilter(priority="medium"),
        QueueFilter(received_from=clock.today() - timedelta(days=30)),
        QueueFilter(received_to=clock.today()),
    ):
        assert triage.queue(session, manager, flt).items == [], flt
    assert tids(triage.queue(session, manager, QueueFilter(states=("forwarded",)))) == {c.tracking_id}


def test_a_rahasia_duplicates_id_is_not_shown_on_the_report_it_was_merged_into(session, world, today):
    first = intake(session, world["officer"]).tracking_id
    secret = intake(session, world["officer"], secret=True, duplicate_of=first)
    view = report.get_complaint(session, world["manager"], first)
    assert view.merged_from == [] and secret.tracking_id not in repr(view)
    assert report.get_complaint(session, world["officer"], first).merged_from == [secret.tracking_id]


# --- chains of duplicates (defect 15) --------------------------------------------------------------


def test_a_chain_of_merges_keeps_every_history_on_the_complaint_that_stays(session, world, today):
    officer = world["officer"]
    a = intake(session, officer, title="Laporan pertama KTP-el").tracking_id
    b = intake(session, officer, title="Laporan kedua KTP-el").tracking_id
    c = intake(session, officer, title="Laporan ketiga KTP-el").tracking_id
    act(session, officer, a, "merge", target=b, note="Sama.")
    act(session, officer, b, "merge", target=c, note="Sama juga.")
    view = report.get_complaint(session, officer, c)
    assert view.merged_from == [a, b]
    timeline = {(e.tracking_id, e.action) for e in view.events}
    assert {(a, "create"), (a, "merge"), (b, "create"), (b, "merge"), (b, "merged_in"), (c, "merged_in")} <= timeline
    # The first complainant's status page follows the report that stays, not the one in between.
    pin = report.reissue_pin(session, officer, a)
    answer = complaint_status.lookup(session, a, pin, "ip:10.8.0.1")
    assert answer.merged and answer.state == "received"


def test_merging_a_postponed_complaint_ends_its_stopped_clock(session, world, today):
    officer = world["officer"]
    c = placed(session, world, State.postponed)
    target = placed(session, world, State.forwarded)
    today(clock.today() + timedelta(days=7))  # a week postponed: 5 working days
    act(session, officer, c.tracking_id, "merge", target=target.tracking_id, note="Sama dengan laporan lain.")
    merged = row(session, c.tracking_id)
    assert merged.state == "duplicate" and (merged.due_on, merged.due_kind) == (None, None)
    assert (merged.paused_state, merged.paused_due_kind, merged.paused_remaining, merged.postponed_on) == (None,) * 4
    assert merged.paused_days == 5


# --- closing quiet follow-ups: a system task (defect 5) ---------------------------------------------


def test_a_visit_closes_only_what_is_in_the_visitors_scope_and_as_the_system(session, world, today):
    wanggar = expired(session, world)
    sawahlunto = expired(session, world, district=world.swl, unit="SWL-DUKCAPIL")
    assert workflow.close_expired(session, world["manager.swl"]) == [sawahlunto]
    session.commit()
    assert row(session, wanggar).state == "in_follow_up"
    last = events(session, sawahlunto)[-1]
    assert (last.action, last.actor_id, last.actor_name) == ("auto_close", None, "")
    with pytest.raises(AccessDenied):
        workflow.close_expired(session, world["organizer"])
    assert workflow.close_expired(session, system_actor()) == [wanggar]  # the scheduled job: everywhere


def test_the_home_page_counts_do_not_wait_for_expired_follow_ups_to_close(session, world, today):
    expired(session, world)
    placed(session, world, State.received, received_on=clock.today() - timedelta(days=20))
    before = {(a.text_key, a.count) for a in complaint_home.home_attention(session, world["officer"])}
    workflow.close_expired(session, system_actor())
    session.commit()
    assert {(a.text_key, a.count) for a in complaint_home.home_attention(session, world["officer"])} == before


@pytest.mark.parametrize("state", [s.value for s in State])
def test_the_queue_and_the_detail_agree_on_which_unit_holds_a_complaint(session, world, today, state):
    """complaint_rules.current_unit (each complaint) and its SQL twin (the queue) in every state."""
    liaison = world["officer.dukcapil"]
    c = placed(session, world, State(state))
    held_by_sql = tids(triage.queue(session, liaison, QueueFilter(states=(state,)))) == {c.tracking_id}
    assert access.handles(liaison, row(session, c.tracking_id)) == held_by_sql
    assert held_by_sql == (state in {"forwarded", "in_follow_up", "done", "closed", "postponed"})


def test_a_liaison_of_another_unit_writes_no_note_on_a_complaints_timeline(session, world, today):
    """intake.note_on_timeline (what the forums module writes) was open to every officer of the
    district: the permit desk's liaison could write on a complaint at Dukcapil. Now an officer writes
    only on one they handle or are taking in; an organizer (the forum's link checked by the caller) as
    before."""
    from services.complaints import intake as complaint_intake

    ptsp = user(session, "liaison.ptsp", ["officer"], world.wgr.id, world.units["WGR-PTSP"].id)
    c = placed(session, world, State.forwarded)  # at Dukcapil
    n = len(events(session, c.tracking_id))
    with pytest.raises(NotFound):
        complaint_intake.note_on_timeline(session, ptsp, c.tracking_id, "Catatan dari unit lain")
    session.rollback()
    assert len(events(session, c.tracking_id)) == n
    complaint_intake.note_on_timeline(session, world["officer.dukcapil"], c.tracking_id, "Dari forum")
    complaint_intake.note_on_timeline(session, world["organizer"], c.tracking_id, "Dari forum")
    session.commit()
    assert len(events(session, c.tracking_id)) == n + 2
