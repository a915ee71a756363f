"""The forum screens as organizers, unit liaisons, managers, admins and citizens meet them (AppTest).

AppTest cannot type into st.data_editor: the grid's rows are seeded through the page's pending-rows
key in session_state, the same path rows that failed to save take back into the grid."""

from datetime import timedelta

from sqlmodel import Session, select

from models.complaints import State
from models.forums import FeedbackItem
from services.core import clock, db
from services.forums import actions, items
from tests.apptest import ROOT, as_user, texts
from tests.forums.conftest import grid_row


def open_at(username: str, path: str, lang: str = "id", **query):
    at = as_user(username, lang)
    for k, v in query.items():
        at.query_params[k] = str(v)
    at.switch_page(str(ROOT / path))
    return at.run()


def s():
    return Session(db.get_engine(), expire_on_commit=False)


def with_items(forums, *rows):
    with s() as session:
        result = items.save_grid(session, forums["organizer"], forums.forum_id, list(rows) or [grid_row()])
        session.commit()
        return [i.id for i in items.list_items(session, forums["organizer"], forums.forum_id)], result


def test_forum_list_shows_the_districts_forums_and_keeps_filters_in_the_url(forums):
    at = open_at("organizer", "pages/forums/list.py")
    assert not at.exception
    assert at.title[0].value == "Forum warga"
    table = at.dataframe[0].value
    assert list(table["Judul forum"]) == ["Wanggar Mendengarkan di Bumi Raya"]
    at.selectbox(key="fl_type").select("musyawarah")
    at.run()
    assert at.query_params["type"] == ["musyawarah"] or at.query_params["type"] == "musyawarah"
    assert "Belum ada forum untuk saringan ini." in texts(at)


def test_forum_list_opens_with_the_filters_of_its_url(forums):
    at = open_at("organizer", "pages/forums/list.py", type="musyawarah")
    assert "Belum ada forum untuk saringan ini." in texts(at)


def test_forum_list_is_empty_for_another_districts_organizer(forums):
    at = open_at("organizer.swl", "pages/forums/list.py")
    assert not at.exception and "Belum ada forum untuk saringan ini." in texts(at)


def test_forum_new_forum_is_recorded_from_the_list(forums):
    at = open_at("organizer", "pages/forums/list.py", lang="en")
    at.text_input(key="fn_title").input("Musyawarah kampung Wanggar Pantai")
    at.selectbox(key="fn_type").select("musyawarah")
    at.button(key="FormSubmitter:forum_new-Save forum").click()
    at.run()
    assert not at.exception, at.exception
    assert "Forum “Musyawarah kampung Wanggar Pantai” saved." in texts(at)


def test_forum_page_shows_minutes_as_inert_text(forums):
    from services.forums import records

    with s() as session:
        f = records.get_forum(session, forums["organizer"], forums.forum_id)
        data = f.model_dump(include={"type", "status", "title", "held_on", "area_id", "vulnerable_groups"})
        records.update_forum(session, forums["organizer"], f.id, {**data, "version": f.version,
                             "minutes": "<script>alert('x')</script> **tebal**"})  # fmt: skip
        session.commit()
    with_items(forums)
    at = open_at("manager", "pages/forums/forum.py", id=forums.forum_id)
    assert not at.exception
    assert at.title[0].value == "Wanggar Mendengarkan di Bumi Raya"
    assert "<script>alert('x')</script> **tebal**" in [t.value for t in at.text]
    assert "KTP-el belum jadi sudah tiga bulan" in list(at.dataframe[0].value["Isi masukan"])
    assert not [b for b in at.button if b.key != "sigap_logout"]  # a manager reads; no organizer forms


def test_forum_page_refuses_another_districts_organizer_by_url(forums):
    at = open_at("organizer.swl", "pages/forums/forum.py", id=forums.forum_id)
    assert "Data tidak ditemukan." in texts(at) and "Bumi Raya" not in texts(at)


def test_forum_page_turns_an_item_into_a_complaint(forums):
    [item_id], _ = with_items(forums)
    at = open_at("organizer", "pages/forums/forum.py", id=forums.forum_id)
    at.selectbox(key=f"fd_cat_{item_id}").select("adminduk")
    at.button(key=f"fd_conv_{item_id}").click()
    at.run()
    assert not at.exception, at.exception
    assert "Pengaduan WGR-2026-000001 dibuat dari masukan ini." in texts(at)
    assert "WGR-2026-000001 · Diterima" in list(at.dataframe[0].value["Pengaduan"])


def test_forum_grid_saves_good_rows_and_keeps_bad_ones_for_correction(forums):
    at = as_user("organizer")
    at.query_params["id"] = str(forums.forum_id)
    at.session_state[f"forum_grid_pending_{forums.forum_id}"] = [
        grid_row(), grid_row(text="Jalan rusak", tags="jalan", unit=None, kind="aspirasi"), grid_row(tags="x" * 500),
    ]  # fmt: skip
    at.switch_page(str(ROOT / "pages/forums/items.py"))
    at.run()
    assert not at.exception, at.exception
    at.button(key=f"forum_grid_save_{forums.forum_id}").click()
    at.run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "2 masukan baru, 0 diubah." in shown and "1 baris belum tersimpan" in shown
    assert "Baris 3" in shown and "Satu tema paling panjang 40 karakter." in shown
    with s() as session:
        assert len(session.exec(select(FeedbackItem)).all()) == 2
    assert at.session_state[f"forum_grid_pending_{forums.forum_id}"][0]["tags"] == "x" * 500


def test_forum_actions_page_opens_on_exactly_the_home_items_overdue_actions(forums, today):
    [item_id], _ = with_items(forums)
    with s() as session:
        due = clock.today() + timedelta(days=1)
        for title, when in (("Cetak KTP-el", due), ("Jadwal keliling", due + timedelta(days=40))):
            data = {"title": title, "owner_unit_id": forums.units["WGR-DUKCAPIL"].id, "due_on": when}
            actions.add_action(session, forums["organizer"], item_id, data)
        session.commit()
    today(due + timedelta(days=2))
    home = as_user("officer.dukcapil")
    assert "1 tindak lanjut forum melewati tenggat." in [e.value for e in home.error]
    links = [(p.proto.page, p.proto.query_string) for p in home.get("page_link") if p.proto.label == "Buka"]
    assert [q for page, q in links if "forum-actions" in page or "actions.py" in page] == ["show=overdue"]
    at = open_at("officer.dukcapil", "pages/forums/actions.py", show="overdue")
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["Tindak lanjut"]) == ["Cetak KTP-el"]


def test_forum_actions_are_updated_by_the_owner_unit(forums):
    [item_id], _ = with_items(forums)
    with s() as session:
        actions.add_action(session, forums["organizer"], item_id, {"title": "Cetak KTP-el",
                           "owner_unit_id": forums.units["WGR-DUKCAPIL"].id, "due_on": clock.today()})  # fmt: skip
        session.commit()
    at = open_at("officer.dukcapil", "pages/forums/actions.py")
    action_id = at.selectbox(key="fa_pick").value
    at.selectbox(key=f"fa_s_{action_id}").select("done")
    at.text_area(key=f"fa_pn_{action_id}").input("Sudah dicetak")
    at.button(key=f"fa_save_{action_id}").click()
    at.run()
    assert not at.exception, at.exception
    assert "Tindak lanjut disimpan." in texts(at)
    with s() as session:
        assert actions.list_actions(session, forums["organizer"])[0].status == "done"


def test_forum_board_and_report_show_the_items(forums):
    with_items(forums)
    board = open_at("manager", "pages/forums/board.py")
    assert not board.exception, board.exception
    assert "adminduk" in texts(board)
    rep = open_at("organizer", "pages/forums/report.py", forum=forums.forum_id)
    assert not rep.exception, rep.exception
    assert {m.label: m.value for m in rep.metric}["Masukan didengar"] == "1"
    assert [b.label for b in rep.get("download_button")] == ["Unduh PDF", "Unduh XLSX"]
    links = [(p.proto.label, p.proto.query_string) for p in rep.get("page_link")]
    assert ("Halaman publik wilayah ini", "district=WGR") in links


def test_forum_public_page_opens_without_login_and_hides_internal_notes(forums):
    [item_id], _ = with_items(forums)
    with s() as session:
        actions.add_action(session, forums["organizer"], item_id, {"title": "Cetak KTP-el", "public_note":
                           "Dicetak bulan ini", "internal_note": "RAHASIA-INTERNAL",
                           "owner_unit_id": forums.units["WGR-DUKCAPIL"].id, "due_on": clock.today()})  # fmt: skip
        session.commit()
    at = as_user(None)
    at.query_params["district"] = "WGR"
    at.switch_page(str(ROOT / "pages/forums/public.py"))
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Hasil forum warga"
    table = at.dataframe[0].value
    assert list(table["Catatan publik"]) == ["Dicetak bulan ini"]
    assert "RAHASIA-INTERNAL" not in repr(table) and "KTP-el belum jadi" not in repr(table)


def test_forum_tags_page_merges_for_an_admin(forums):
    with_items(forums)
    at = open_at("admin", "pages/forums/tags.py")
    assert not at.exception, at.exception
    assert "ktp-el" in list(at.dataframe[0].value["Tema"])


def test_forum_pages_are_refused_to_roles_without_them(forums):
    import pytest

    for user, path in (("trainer", "pages/forums/list.py"), ("officer", "pages/forums/items.py"),
                       ("manager", "pages/forums/items.py"), ("officer", "pages/forums/report.py")):  # fmt: skip
        at = as_user(user)
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(str(ROOT / path))


def test_forum_pages_in_english(forums):
    with_items(forums)
    at = open_at("organizer", "pages/forums/forum.py", lang="en", id=forums.forum_id)
    assert not at.exception, at.exception
    assert "What was heard" in texts(at)
    assert list(at.dataframe[0].value.columns)[1:4] == ["Kind", "Feedback", "Themes"]
    public = as_user(None, lang="en")
    public.switch_page(str(ROOT / "pages/forums/public.py"))
    public.run()
    assert public.title[0].value == "Community forum results" and not public.dataframe  # no district chosen yet


def test_forum_edit_form_refuses_a_save_over_someone_elses_change(forums):
    from services.forums import records

    at = open_at("organizer", "pages/forums/forum.py", id=forums.forum_id)
    k = f"fe_{forums.forum_id}_"
    at.text_input(key=k + "title").input("Judul dari formulir")
    with s() as session:  # meanwhile, another organizer saves the forum
        f = records.get_forum(session, forums["organizer"], forums.forum_id)
        data = f.model_dump(include={"type", "status", "title", "held_on", "area_id", "vulnerable_groups"})
        records.update_forum(session, forums["organizer"], f.id, {**data, "title": "Judul orang lain", "version": 0})
        session.commit()
    at.button(key=k + "save").click()
    at.run()
    assert not at.exception, at.exception
    assert "Forum ini baru saja diubah orang lain" in at.error[0].value
    assert at.text_input(key=k + "title").value == "Judul dari formulir"  # nothing typed is lost
    at.button(key=k + "reload").click()
    at.run()
    assert at.text_input(key=k + "title").value == "Judul orang lain"
    at.text_input(key=k + "title").input("Judul akhir")
    at.button(key=k + "save").click()
    at.run()
    assert "Data forum disimpan." in texts(at) and at.title[0].value == "Judul akhir"


def test_forum_titles_typed_with_markup_show_as_typed(forums):
    from services.forums import records

    with s() as session:
        f = records.get_forum(session, forums["organizer"], forums.forum_id)
        data = f.model_dump(include={"type", "status", "held_on", "area_id", "vulnerable_groups"})
        title = "[Klik](http://jahat.example) **penting**"
        records.update_forum(session, forums["organizer"], f.id, {**data, "title": title, "version": f.version})
        session.commit()
    at = open_at("manager", "pages/forums/forum.py", id=forums.forum_id)
    assert at.title[0].value == r"\[Klik\]\(http://jahat\.example\) \*\*penting\*\*"  # escaped: drawn as typed


def test_forum_complaint_detail_links_back_to_the_forum_it_came_from(forums):
    from services import i18n
    from services.forums import links, records

    [item_id], _ = with_items(forums)
    with s() as session:
        tid = links.to_complaint(session, forums["organizer"], item_id, {"category": "adminduk"})
        held = records.get_forum(session, forums["manager"], forums.forum_id).held_on
        session.commit()
    for who, lang, label in (
        ("officer", "id", f"Dari forum: Wanggar Mendengarkan di Bumi Raya, {i18n.fmt_date(held, 'id')}"),
        ("manager", "en", f"From forum: Wanggar Mendengarkan di Bumi Raya, {i18n.fmt_date(held, 'en')}"),
    ):
        at = open_at(who, "pages/complaints/detail.py", lang, id=tid)
        assert not at.exception, at.exception
        found = [(p.proto.label, p.proto.page, p.proto.query_string) for p in at.get("page_link")]
        assert (label, "forum", f"id={forums.forum_id}") in found, found


def test_forum_complaint_detail_without_a_forum_has_no_forum_line(forums):
    from tests.complaints.factories import placed

    with s() as session:
        tid = placed(session, forums, State.forwarded).tracking_id
        session.commit()
    at = open_at("officer", "pages/complaints/detail.py", id=tid)
    assert not at.exception, at.exception
    assert not [p for p in at.get("page_link") if "forum" in p.proto.label.lower()]


def test_forum_grid_dropdowns_show_translated_labels_and_keep_the_codes(forums):
    import json

    for lang, kind, priority in (("id", "Keluhan", "Tinggi"), ("en", "Complaint", "High")):
        at = open_at("organizer", "pages/forums/items.py", lang, id=forums.forum_id)
        assert not at.exception, at.exception
        columns = json.loads(at.dataframe[0].proto.columns)
        kinds = {o["value"]: o["label"] for o in columns["kind"]["type_config"]["options"]}
        priorities = {o["value"]: o["label"] for o in columns["priority"]["type_config"]["options"]}
        assert kinds["keluhan"] == kind and len(kinds) == 5  # the cell keeps the code, shows the label
        assert priorities["high"] == priority and columns["priority"]["default"] == "medium"
