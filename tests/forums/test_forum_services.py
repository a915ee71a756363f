"""Forum services: records, the items grid, follow-up, scope, locking, complaints both ways, reports."""

from datetime import timedelta

import pytest
from sqlmodel import select

from models.complaints import Complaint, ComplaintEvent, State
from models.forums import FeedbackItem, FollowUpAction, ForumTag, ItemTag
from services.core.errors import AccessDenied, NotFound, ValidationFailed
from services.forums import actions, home, items, links, public, records, report
from tests.forums.conftest import forum_data, grid_row
from tests.pdfs import pdf_text


def codes(exc: ValidationFailed) -> set[str]:
    return {e.code for e in exc.errors}


def one_item(session, w, **over) -> int:
    result = items.save_grid(session, w["organizer"], w.forum_id, [grid_row(**over)])
    assert result.created == 1, result.rejected
    session.commit()
    return session.exec(select(FeedbackItem.id).order_by(FeedbackItem.id.desc())).first()


def an_action(session, w, item_id, **over) -> int:
    data = {"title": "Cetak KTP-el yang tertunda", "owner_unit_id": w.units["WGR-DUKCAPIL"].id,
            "due_on": w_today(session) + timedelta(days=14)}  # fmt: skip
    data.update(over)
    action_id = actions.add_action(session, w["organizer"], item_id, data)
    session.commit()
    return action_id


def w_today(_session):
    from services.core import clock

    return clock.today()


# --- records ----------------------------------------------------------------------------------------


def test_forum_record_is_created_in_the_organizers_district_and_read_back(session, forums):
    f = records.get_forum(session, forums["organizer"], forums.forum_id)
    assert f.district_id == forums.wgr.id and f.area_name == "Kampung Bumi Raya" and f.status == "held"
    assert f.vulnerable_groups == ["elderly", "women"]


def test_forum_dated_in_the_future_cannot_be_held_and_times_must_run_forward(session, forums, today):
    future = today.current() + timedelta(days=3)
    with pytest.raises(ValidationFailed) as exc:
        records.create_forum(session, forums["organizer"], forum_data(held_on=future))
    assert codes(exc.value) == {"forum_held_in_future"}
    with pytest.raises(ValidationFailed) as exc:
        records.create_forum(session, forums["organizer"], forum_data(start_time="10:00", end_time="09:00"))
    assert codes(exc.value) == {"forum_time_reversed"}
    planned = records.create_forum(session, forums["organizer"], forum_data(held_on=future, status="planned"))
    assert records.get_forum(session, forums["organizer"], planned).status == "planned"


def test_forum_minutes_keep_markup_as_typed_text(session, forums):
    minutes = "<script>alert(1)</script> **tebal** [tautan](http://x)"
    f = records.get_forum(session, forums["organizer"], forums.forum_id)
    data = forum_data(held_on=f.held_on, minutes=minutes, version=f.version)
    records.update_forum(session, forums["organizer"], f.id, data)
    assert records.get_forum(session, forums["organizer"], f.id).minutes == minutes


def test_forum_update_refuses_a_stale_version_so_no_write_is_lost(session, forums):
    f = records.get_forum(session, forums["organizer"], forums.forum_id)
    data = forum_data(held_on=f.held_on, title="Judul pertama", version=f.version)
    assert records.update_forum(session, forums["organizer"], f.id, data) == f.version + 1
    with pytest.raises(ValidationFailed) as exc:
        records.update_forum(session, forums["organizer"], f.id, {**data, "title": "Judul kedua"})
    assert codes(exc.value) == {"forum_changed"}
    assert records.get_forum(session, forums["organizer"], f.id).title == "Judul pertama"


def test_forum_of_another_district_does_not_exist_for_its_organizer(session, forums):
    other = forums["organizer.swl"]
    with pytest.raises(NotFound):
        records.get_forum(session, other, forums.forum_id)
    with pytest.raises(NotFound):
        items.save_grid(session, other, forums.forum_id, [grid_row()])
    assert records.list_forums(session, other) == []
    assert [f.id for f in records.list_forums(session, forums["manager"])] == [forums.forum_id]
    with pytest.raises(NotFound):
        records.get_forum(session, forums["manager.swl"], forums.forum_id)


def test_forum_roles_without_the_right_are_refused(session, forums):
    with pytest.raises(AccessDenied):
        records.create_forum(session, forums["officer"], forum_data())
    with pytest.raises(AccessDenied):
        records.list_forums(session, forums["trainer"])
    with pytest.raises(AccessDenied):
        items.save_grid(session, forums["manager"], forums.forum_id, [grid_row()])


def test_forum_participants_are_shown_masked(session, forums):
    records.add_participant(
        session, forums["organizer"], forums.forum_id, {"name": "Wénda Ñoño", "phone": "081234567890"}
    )
    shown = records.list_participants(session, forums["manager"], forums.forum_id)
    assert shown[0]["name"] != "Wénda Ñoño" and shown[0]["name"].startswith("W")
    assert "4567" not in shown[0]["phone"]


# --- the grid ---------------------------------------------------------------------------------------


def test_forum_grid_saves_good_rows_and_returns_bad_ones_with_line_and_reason(session, forums):
    rows = [
        grid_row(),
        grid_row(text=""),  # empty item
        grid_row(tags="x" * 500),  # a tag of 500 characters
        {"kind": None, "text": None, "tags": None, "unit": None, "service": None, "priority": None},  # blank
        grid_row(kind="pujian"),  # not a kind
        grid_row(unit="SWL-DUKCAPIL"),  # another district's unit
        grid_row(text="Jalan ke puskesmas rusak", tags="jalan", unit=None, kind="aspirasi"),
    ]
    result = items.save_grid(session, forums["organizer"], forums.forum_id, rows)
    session.commit()
    assert result.created == 2
    assert [(r.line, codes_of(r)) for r in result.rejected] == [
        (2, {"required"}),
        (3, {"forum_tag_long"}),
        (5, {"choice_invalid"}),
        (6, {"unit_outside_district"}),
    ]
    assert result.rejected[0].row["tags"] == "adminduk, ktp-el"  # kept for correction
    saved = items.list_items(session, forums["organizer"], forums.forum_id)
    assert [i.text for i in saved] == ["KTP-el belum jadi sudah tiga bulan", "Jalan ke puskesmas rusak"]
    assert saved[0].tags == ["adminduk", "ktp-el"] and saved[0].unit_code == "WGR-DUKCAPIL"


def codes_of(rejected) -> set[str]:
    return {e.code for e in rejected.errors}


def test_forum_grid_with_wrong_columns_saves_nothing(session, forums):
    with pytest.raises(ValidationFailed) as exc:
        items.save_grid(session, forums["organizer"], forums.forum_id, [{"Nama": "x", "Alamat": "y"}])
    assert codes(exc.value) == {"forum_grid_columns"}
    assert session.exec(select(FeedbackItem)).all() == []


def test_forum_grid_updates_saved_rows_and_refuses_stale_ones(session, forums):
    item_id = one_item(session, forums)
    saved = items.list_items(session, forums["organizer"], forums.forum_id)[0]
    edit = grid_row(id=saved.id, version=saved.version, text="KTP-el belum jadi empat bulan")
    assert items.save_grid(session, forums["organizer"], forums.forum_id, [edit]).updated == 1
    session.commit()
    stale = items.save_grid(session, forums["organizer"], forums.forum_id, [edit])
    assert stale.updated == 0 and codes_of(stale.rejected[0]) == {"forum_item_changed"}
    assert items.get_item(session, forums["organizer"], item_id).text == "KTP-el belum jadi empat bulan"


def test_forum_tags_are_merged_by_an_admin(session, forums):
    one_item(session, forums, tags="ktp, ktp-el")
    one_item(session, forums, tags="ktp")
    tag = {t.name: t.id for t in session.exec(select(ForumTag)).all()}
    with pytest.raises(AccessDenied):
        records.merge_tags(session, forums["organizer"], tag["ktp"], tag["ktp-el"])
    assert records.merge_tags(session, forums["admin"], tag["ktp"], tag["ktp-el"]) == 1
    session.commit()
    names = {n for _, n, _ in records.list_tags(session, forums["organizer"])}
    assert "ktp" not in names and len(session.exec(select(ItemTag)).all()) == 2


# --- follow-up --------------------------------------------------------------------------------------


def test_forum_action_rules_due_date_progress_and_reason(session, forums):
    item_id = one_item(session, forums)
    base = {"title": "Cetak KTP-el", "owner_unit_id": forums.units["WGR-DUKCAPIL"].id}
    with pytest.raises(ValidationFailed) as exc:
        actions.add_action(session, forums["organizer"], item_id, {**base, "due_on": "2026-01-01"})
    assert codes(exc.value) == {"forum_due_before_forum"}
    with pytest.raises(ValidationFailed) as exc:
        actions.add_action(session, forums["organizer"], item_id, {**base, "due_on": "2026-03-01", "progress": 120})
    assert codes(exc.value) == {"forum_progress_range"}
    with pytest.raises(ValidationFailed) as exc:
        actions.add_action(
            session, forums["organizer"], item_id, {**base, "due_on": "2026-03-01", "status": "not_possible"}
        )
    assert codes(exc.value) == {"forum_reason_required"}
    with pytest.raises(ValidationFailed) as exc:
        other = forums.units["SWL-DUKCAPIL"].id
        actions.add_action(
            session, forums["organizer"], item_id, {**base, "owner_unit_id": other, "due_on": "2026-03-01"}
        )
    assert codes(exc.value) == {"unit_outside_district"}


def test_forum_action_is_updated_by_its_owner_unit_only_and_locking_holds(session, forums):
    action_id = an_action(session, forums, one_item(session, forums))
    liaison = forums["officer.dukcapil"]
    done = {"status": "done", "public_note": "KTP-el sudah dicetak", "internal_note": "blangko datang", "version": 0}
    with pytest.raises(AccessDenied):
        actions.update_action(session, forums["officer"], action_id, done)  # not the owner unit
    assert actions.update_action(session, liaison, action_id, done) == 1
    session.commit()
    with pytest.raises(ValidationFailed) as exc:
        actions.update_action(session, liaison, action_id, {**done, "status": "in_progress"})
    assert codes(exc.value) == {"forum_action_changed"}
    row = actions.list_actions(session, liaison)[0]
    assert row.status == "done" and row.progress == 100 and row.done_on is not None


def test_forum_overdue_home_item_counts_exactly_what_the_filtered_page_lists(session, forums, today):
    item_id = one_item(session, forums)
    due = today.current() + timedelta(days=2)
    late = an_action(session, forums, item_id, due_on=due)
    an_action(session, forums, item_id, due_on=due + timedelta(days=30))
    an_action(session, forums, item_id, due_on=due, status="done")
    today(due + timedelta(days=1))
    for who in ("organizer", "officer.dukcapil"):
        att = home.home_attention(session, forums[who])
        assert [(a.count, a.page, a.query) for a in att] == [(1, "forum-actions", {"show": "overdue"})]
        shown = actions.list_actions(session, forums[who], actions.ActionFilter(show="overdue"))
        assert [a.id for a in shown] == [late] and shown[0].overdue
    assert home.home_attention(session, forums["organizer.swl"]) == []
    assert home.home_attention(session, forums["manager"]) == []


# --- complaints, both ways --------------------------------------------------------------------------


def test_forum_item_becomes_a_complaint_and_shows_its_closure(session, forums):
    item_id = one_item(session, forums)
    tid = links.to_complaint(session, forums["organizer"], item_id, {"category": "adminduk"})
    session.commit()
    c = session.exec(select(Complaint).where(Complaint.tracking_id == tid)).one()
    assert c.channel == "forum" and c.external_ref == f"FORUM-{forums.forum_id}"
    assert c.unit_id == forums.units["WGR-DUKCAPIL"].id and c.area == "Kampung Bumi Raya"
    notes = session.exec(select(ComplaintEvent.note).where(ComplaintEvent.complaint_id == c.id)).all()
    assert any("Wanggar Mendengarkan di Bumi Raya" in (n or "") for n in notes)  # the timeline says where from
    origin = links.items_of_complaint(session, forums["manager"], tid)
    assert [(o.forum_id, o.item_id) for o in origin] == [(forums.forum_id, item_id)]
    item = items.get_item(session, forums["organizer"], item_id)
    assert item.complaint_tracking_id == tid and item.complaint_state == "received"
    with pytest.raises(ValidationFailed) as exc:
        links.to_complaint(session, forums["organizer"], item_id, {"category": "adminduk"})
    assert codes(exc.value) == {"forum_item_has_complaint"}
    c.state, c.closed_on = "closed", w_today(session)
    session.add(c)
    session.commit()
    item = items.get_item(session, forums["organizer"], item_id)
    assert item.complaint_state == "closed" and item.complaint_closed_on == w_today(session)
    assert [card.status for card in items.board(session, forums["manager"])] == ["done", "done"]  # two tags


def test_forum_item_links_to_a_similar_open_complaint_never_a_rahasia_one(session, forums):
    from tests.complaints.factories import placed

    first = placed(session, forums, State.forwarded)
    secret = placed(session, forums, State.forwarded, secret=True)
    for tid in (first.tracking_id, secret.tracking_id):
        c = session.exec(select(Complaint).where(Complaint.tracking_id == tid)).one()
        c.title, c.description = "KTP-el belum jadi tiga bulan", "Menunggu KTP-el sudah tiga bulan di distrik."
        session.add(c)
    session.commit()
    item_id = one_item(session, forums)
    suggested = [s.tracking_id for s in links.similar_complaints(session, forums["organizer"], item_id)]
    assert suggested == [first.tracking_id]
    with pytest.raises(ValidationFailed):
        links.link_complaint(session, forums["organizer"], item_id, secret.tracking_id)
    assert links.link_complaint(session, forums["organizer"], item_id, first.tracking_id.lower()) == first.tracking_id
    session.commit()
    assert items.get_item(session, forums["organizer"], item_id).complaint_tracking_id == first.tracking_id


def test_forum_origin_of_a_complaint_names_the_forum_with_a_link_to_its_page(session, forums):
    from services import i18n, registry

    item_id = one_item(session, forums)
    tid = links.to_complaint(session, forums["organizer"], item_id, {"category": "adminduk"})
    session.commit()
    held = records.get_forum(session, forums["manager"], forums.forum_id).held_on
    for who in ("manager", "officer", "officer.dukcapil"):
        [origin] = registry.origins(session, forums[who], "complaint", tid.lower())
        assert (origin.page, origin.query) == ("forum", {"id": forums.forum_id})
        assert i18n.t(origin.text_key, "id", **origin.params) == (
            f"Dari forum: Wanggar Mendengarkan di Bumi Raya, {i18n.fmt_date(held, 'id')}"
        )
    for who in ("trainer", "admin", "organizer.swl", "manager.swl"):  # no forum reader, or another district
        assert links.complaint_origins(session, forums[who], "complaint", tid) == []
    assert links.complaint_origins(session, forums["manager"], "survey", tid) == []
    assert links.complaint_origins(session, forums["manager"], "complaint", "WGR-2026-999999") == []


def test_forum_origin_comes_from_the_reference_of_a_forum_complaint_without_a_linked_item(session, forums):
    from tests.complaints.factories import placed

    taken = placed(session, forums, State.forwarded)
    c = session.exec(select(Complaint).where(Complaint.tracking_id == taken.tracking_id)).one()
    c.channel, c.external_ref = "forum", f"FORUM-{forums.forum_id}"
    session.add(c)
    other = records.create_forum(session, forums["organizer.swl"], forum_data(title="Musyawarah Lubang Panjang"))
    odd = placed(session, forums, State.forwarded)
    o = session.exec(select(Complaint).where(Complaint.tracking_id == odd.tracking_id)).one()
    o.channel, o.external_ref = "forum", f"FORUM-{other}"  # a forum of another district: not this one's origin
    session.add(o)
    session.commit()
    [origin] = links.complaint_origins(session, forums["manager"], "complaint", taken.tracking_id)
    assert origin.query == {"id": forums.forum_id}
    assert links.complaint_origins(session, forums["manager"], "complaint", odd.tracking_id) == []
    # linked from an item of the same forum as well: still one line
    links.link_complaint(session, forums["organizer"], one_item(session, forums), taken.tracking_id)
    session.commit()
    assert len(links.complaint_origins(session, forums["manager"], "complaint", taken.tracking_id)) == 1


def test_forum_origin_of_a_rahasia_complaint_is_not_told(session, forums):
    from tests.complaints.factories import placed

    secret = placed(session, forums, State.forwarded, secret=True)
    item_id = one_item(session, forums)
    row = session.get(FeedbackItem, item_id)
    row.complaint_id = session.exec(select(Complaint.id).where(Complaint.tracking_id == secret.tracking_id)).one()
    session.add(row)
    session.commit()
    assert links.complaint_origins(session, forums["officer"], "complaint", secret.tracking_id) == []


# --- you said, we did -------------------------------------------------------------------------------


def _story(session, forums):
    """Three items: one done with a public and an internal note, one not possible, one linked to a
    rahasia complaint."""
    from tests.complaints.factories import placed

    a = one_item(session, forums)
    b = one_item(session, forums, text="Jalan kampung berlubang", tags="jalan", kind="aspirasi")
    c = one_item(session, forums, text="Rahasia: pungli di loket", tags="pungli")
    done = an_action(session, forums, a)
    actions.update_action(session, forums["officer.dukcapil"], done, {
        "status": "done", "public_note": "KTP-el Wénda Ñoño sudah dicetak", "internal_note": "RAHASIA-INTERNAL",
        "version": 0})  # fmt: skip
    an_action(session, forums, b, status="not_possible", reason="Bukan kewenangan distrik", title="Perbaikan jalan")
    an_action(session, forums, c, title="Periksa loket", internal_note="RAHASIA-INTERNAL")
    secret = placed(session, forums, State.forwarded, secret=True)
    row = session.get(FeedbackItem, c)
    row.complaint_id = session.exec(select(Complaint.id).where(Complaint.tracking_id == secret.tracking_id)).one()
    session.add(row)
    session.commit()


def test_forum_report_counts_what_was_heard_and_done(session, forums):
    _story(session, forums)
    r = report.you_said_we_did(session, forums["organizer"], forum_id=forums.forum_id)
    assert (r.forums, r.items, r.acted, r.done) == (1, 3, 3, 1)
    assert r.by_kind == {"keluhan": 2, "aspirasi": 1}
    assert dict(r.by_theme)["adminduk"] == 1 and r.by_status == {"done": 1, "not_possible": 1, "planned": 1}
    assert {row.status for row in r.rows} == {"done", "not_possible", "planned"}
    assert not any("RAHASIA-INTERNAL" in repr(row) for row in r.rows)  # the internal note never leaves
    xlsx = report.to_xlsx(r, "id")
    assert xlsx[:2] == b"PK"
    pdf = report.to_pdf(r, "id")
    assert pdf.startswith(b"%PDF") and b"DejaVu" in pdf  # drawn in the bundled Unicode font


def test_forum_pdf_prints_a_name_with_non_ascii_letters(session, forums):
    _story(session, forums)
    r = report.you_said_we_did(session, forums["organizer"], forum_id=forums.forum_id)
    assert any("Wénda Ñoño" in (row.public_note or "") for row in r.rows)
    pdf = report.to_pdf(r, "en")
    drawn = pdf_text(pdf)
    assert "KTP-el Wénda Ñoño sudah dicetak" in drawn  # as typed, not folded to "Wenda Nono"
    assert "You said, we did" in drawn and "RAHASIA-INTERNAL" not in drawn


def test_forum_public_page_shows_aggregates_and_public_notes_only(session, forums):
    _story(session, forums)
    records.add_participant(session, forums["organizer"], forums.forum_id, {"name": "Wénda Ñoño"})
    session.commit()
    r = public.district_report(session, "wgr")
    assert (r.items, r.done) == (2, 1)  # the item of the rahasia complaint is not even counted
    assert r.by_kind == {"keluhan": 1, "aspirasi": 1} and "pungli" not in dict(r.by_theme)
    text = repr(r)
    assert "KTP-el Wénda Ñoño sudah dicetak" in text  # the public note
    assert "RAHASIA-INTERNAL" not in text and "pungli di loket" not in text and "Periksa loket" not in text
    assert "KTP-el belum jadi" not in text  # no item text, only what was done
    assert all(row.complaint is None and row.item_text is None for row in r.rows)
    assert public.district_report(session, "XXX") is None
    assert public.district_report(session, "SWL").items == 0


# --- evidence, catalogue ------------------------------------------------------------------------------

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_forum_action_evidence_is_recognised_by_content_and_read_back(session, forums):
    action_id = an_action(session, forums, one_item(session, forums))
    liaison = forums["officer.dukcapil"]
    with pytest.raises(ValidationFailed) as exc:
        actions.attach_evidence(session, liaison, action_id, "bukti.pdf", b"#!/bin/sh\necho not a pdf", 0)
    assert codes(exc.value) == {"attachment_type"}
    assert actions.attach_evidence(session, liaison, action_id, "../../foto bukti.png", PNG, 0) == 1
    session.commit()
    name, mime, data = actions.read_evidence(session, forums["manager"], action_id)
    assert (name, mime, data) == ("foto bukti.png", "image/png", PNG)
    with pytest.raises(AccessDenied):
        actions.attach_evidence(session, forums["officer"], action_id, "x.png", PNG, 1)


def test_committed_evidence_survives_a_later_rollback_of_the_same_session(session, forums):
    action_id = an_action(session, forums, one_item(session, forums))
    liaison = forums["officer.dukcapil"]
    actions.attach_evidence(session, liaison, action_id, "foto.png", PNG, 0)
    session.commit()
    session.get(FollowUpAction, action_id)  # the next unit of work on this session begins, and fails:
    session.rollback()  # the committed file stays
    assert actions.read_evidence(session, forums["manager"], action_id)[2] == PNG
    actions.attach_evidence(session, liaison, action_id, "lain.png", PNG, 1)
    stored = actions.evidence_dir() / session.get(FollowUpAction, action_id).evidence_stored
    session.rollback()  # an attachment that is rolled back leaves no file behind
    assert not stored.exists()


def test_forum_labels_built_at_run_time_exist_in_both_languages():
    from services import i18n
    from ui.forums.widgets import message_keys

    missing = [k for k in message_keys() if not i18n.has(k)]
    assert not missing, missing


def test_forum_home_figures_count_this_quarters_items(session, forums):
    one_item(session, forums)
    an_action(session, forums, one_item(session, forums, text="Jalan rusak sekali", tags="jalan"))
    figures = {f.label_key: f.value for f in home.home_figures(session, forums["manager"])}
    assert figures["home.fig.forum_items"] == 2
    assert figures["home.fig.forum_acted"].replace("\xa0", " ") == "50 %"
    assert home.home_figures(session, forums["manager.swl"])[0].value == 0
    assert home.home_figures(session, forums["officer"]) == []


def test_forum_item_is_removed_only_while_nothing_hangs_on_it(session, forums):
    free = one_item(session, forums)
    busy = one_item(session, forums, text="Jalan rusak sekali", tags="jalan")
    an_action(session, forums, busy)
    with pytest.raises(ValidationFailed) as exc:
        items.delete_item(session, forums["organizer"], busy)
    assert codes(exc.value) == {"forum_item_in_use"}
    with pytest.raises(NotFound):
        items.delete_item(session, forums["organizer.swl"], free)
    items.delete_item(session, forums["organizer"], free)
    session.commit()
    assert [i.id for i in items.list_items(session, forums["organizer"], forums.forum_id)] == [busy]


def test_forum_overdue_command_lists_the_overdue_actions(session, forums, today, capsys):
    from cli.forums import cmd_overdue

    an_action(session, forums, one_item(session, forums), due_on=today.current() + timedelta(days=1))
    today(today.current() + timedelta(days=5))
    assert cmd_overdue(None) == 0
    out = capsys.readouterr().out
    assert "WGR-DUKCAPIL" in out and "Cetak KTP-el yang tertunda" in out and "1 overdue forum action(s)" in out
