"""The complaint screens as officers, managers, admins and citizens meet them (AppTest).

AppTest 1.67 runs app.py on the first run only; later runs execute the current page alone, which is
what these tests drive. Dataframe row selection, downloads and chart clicks belong to the browser
story (tests/browser/test_complaint_story.py)."""

from datetime import date, timedelta

from sqlmodel import Session, func, select

from models.complaints import Complaint, ResponseTemplate, State
from models.core.calendar import HolidayOverride
from services.complaints import files, home, workflow
from services.core import clock, db
from tests.apptest import ROOT, as_user, by_label, open_page, texts
from tests.complaints.factories import placed


def complaint_count() -> int:
    with Session(db.get_engine()) as s:
        return s.exec(select(func.count()).select_from(Complaint)).one()


def fill_intake(at, **values):
    at.selectbox(key="intake_cat_0").select(values.get("category", "adminduk"))
    at.run()
    at.text_input(key="intake_title_0").input(values.get("title", "KTP-el belum jadi setelah dua bulan"))
    at.text_area(key="intake_description_0").input(
        values.get("description", "Sudah dua bulan menunggu KTP-el, setiap datang dibilang blangko habis.")
    )
    at.text_input(key="intake_name_0").input("Yakomina Rumbiak")
    at.text_input(key="intake_phone_0").input(values.get("phone", "0812 3456 7890"))
    return at.run()


def test_intake_saves_a_complaint_and_shows_its_id_and_pin_once(world, today):
    at = fill_intake(open_page("officer", "pages/complaints/intake.py"))
    assert at.selectbox(key="intake_unit_0").value == world.units["WGR-DUKCAPIL"].id  # suggested by category
    at.button(key="intake_save_0").click()
    at.run()
    assert not at.exception and not at.error
    assert "Laporan WGR-2026-000001 tersimpan." in texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Nomor laporan"] == "WGR-2026-000001" and len(metrics["PIN pelapor"]) == 6
    assert complaint_count() == 1
    at.button(key=next(b.key for b in at.button if b.label == "Catat laporan lain")).click()
    at.run()
    assert at.text_input(key="intake_title_1").value == ""  # a fresh, empty form


def test_intake_refuses_a_phone_that_is_not_a_phone_and_saves_nothing(world, today):
    at = fill_intake(open_page("officer", "pages/complaints/intake.py"), phone="12-34")
    at.button(key="intake_save_0").click()
    at.run()
    assert "Telepon / WhatsApp: Bukan nomor telepon Indonesia" in at.error[0].value
    assert complaint_count() == 0
    assert at.text_input(key="intake_title_0").value  # what was typed stays for correcting


def test_intake_offers_a_similar_open_complaint_to_link_as_a_duplicate(world, today):
    first = placed(world_session(), world, State.forwarded)
    with Session(db.get_engine()) as s:
        c = s.exec(select(Complaint).where(Complaint.tracking_id == first.tracking_id)).one()
        c.title, c.description = "KTP-el belum jadi setelah dua bulan", "Menunggu KTP-el sejak lama di distrik."
        s.add(c)
        s.commit()
    at = fill_intake(open_page("officer", "pages/complaints/intake.py"))
    radio = at.radio(key="intake_duplicate_0")
    assert first.tracking_id in radio.options[1]
    radio.set_value(first.tracking_id)
    at.button(key="intake_save_0").click()
    at.run()
    assert f"digabung ke {first.tracking_id}" in texts(at)


def world_session():
    return Session(db.get_engine(), expire_on_commit=False)


def test_queue_lists_open_complaints_by_deadline_and_filters_overdue(world, today):
    s = world_session()
    late = placed(s, world, State.received, received_on=clock.today() - timedelta(days=20))
    fresh = placed(s, world, State.received, received_on=clock.today())
    at = open_page("officer", "pages/complaints/queue.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Nomor laporan"]) == [late.tracking_id, fresh.tracking_id]
    assert "terlambat" in table["Batas berikutnya"][0] and "HK lagi" in table["Batas berikutnya"][1]
    assert {m.label: m.value for m in at.metric}["Terlambat"] == "1"
    at.toggle(key="cq_overdue").set_value(True)
    at.run()
    assert list(at.dataframe[0].value["Nomor laporan"]) == [late.tracking_id]
    at.toggle(key="cq_overdue").set_value(False)
    at.text_input(key="cq_search").input(fresh.tracking_id.lower())
    at.run()
    assert list(at.dataframe[0].value["Nomor laporan"]) == [fresh.tracking_id]


def test_queue_in_english(world, today):
    placed(world_session(), world, State.forwarded)
    at = open_page("officer", "pages/complaints/queue.py", lang="en")
    assert at.title[0].value == "Complaint queue"
    assert list(at.dataframe[0].value.columns)[:3] == ["Tracking ID", "Next deadline", "Waiting for"]
    assert at.dataframe[0].value["State"][0] == "Forwarded"


def test_a_manager_sees_a_rahasia_complaint_only_as_a_masked_row(world, today):
    secret = placed(world_session(), world, State.forwarded, secret=True)
    at = open_page("manager", "pages/complaints/queue.py")
    table = at.dataframe[0].value
    assert table["Ringkasan"][0] == "(rahasia)" and secret.title not in repr(table)
    detail = as_user("manager")
    detail.query_params["id"] = secret.tracking_id
    detail.switch_page(str(ROOT / "pages/complaints/detail.py"))
    detail.run()
    assert "Data tidak ditemukan." in texts(detail) and secret.title not in texts(detail)


def open_detail(username, tid, lang="id"):
    at = as_user(username, lang)
    at.query_params["id"] = tid
    at.switch_page(str(ROOT / "pages/complaints/detail.py"))
    return at.run()


def test_detail_shows_the_timeline_and_forwards(world, today):
    from tests.complaints.factories import act, intake

    with world_session() as s:
        c = intake(s, world["officer"])
        act(s, world["officer"], c.tracking_id, "verify")
    at = open_detail("officer", c.tracking_id)
    assert not at.exception and at.title[0].value == c.tracking_id
    steps = [m.value for m in at.markdown if m.value.startswith("**") and " · Officer · " in m.value]
    assert len(steps) == 2 and "**Laporan dicatat**" in steps[0] and "**Diverifikasi**" in steps[1]
    at.selectbox(key=f"detail_action_{c.tracking_id}_0").select("forward")
    at.run()
    k = f"{c.tracking_id}_forward_0"
    at.selectbox(key=f"act_unit_{k}").select(world.units["WGR-DUKCAPIL"].id)
    at.run()
    at.selectbox(key=f"act_officer_{k}").select(world["officer.dukcapil"].id)
    at.text_area(key=f"act_note_{k}").input("Mohon segera ditindaklanjuti.")
    at.button(key=f"act_go_{k}").click()
    at.run()
    assert not at.exception and not at.error
    assert "Tersimpan: Disposisi ke unit." in texts(at)
    assert "Didisposisikan" in texts(at) and "Mohon segera ditindaklanjuti" in texts(at)  # escaped markdown
    with Session(db.get_engine()) as s:
        row = s.exec(select(Complaint).where(Complaint.tracking_id == c.tracking_id)).one()
        assert (row.state, row.assignee_id) == ("forwarded", world["officer.dukcapil"].id)


def test_detail_refuses_an_action_without_its_required_note(world, today):
    c = placed(world_session(), world, State.forwarded)
    at = open_detail("officer.dukcapil", c.tracking_id)
    at.selectbox(key=f"detail_action_{c.tracking_id}_0").select("follow_up")
    at.run()
    at.button(key=f"act_go_{c.tracking_id}_follow_up_0").click()
    at.run()
    assert "Catatan: Wajib diisi." in at.error[0].value
    with Session(db.get_engine()) as s:
        assert s.exec(select(Complaint.state).where(Complaint.tracking_id == c.tracking_id)).one() == "forwarded"


def test_detail_without_an_id_asks_for_one(world, today):
    at = open_page("officer", "pages/complaints/detail.py")
    assert at.title[0].value == "Cari laporan" and by_label(at.text_input, "Nomor laporan")


def test_status_page_without_login_gives_one_answer_for_wrong_tries(world, today):
    c = placed(world_session(), world, State.forwarded)
    at = as_user(None)
    at.switch_page(str(ROOT / "pages/complaints/status.py"))
    at.run()
    by_label(at.text_input, "Nomor laporan").input(c.tracking_id)
    by_label(at.text_input, "PIN").input("999999")
    at.button[0].click()
    at.run()
    assert at.error[0].value.startswith("Nomor laporan atau PIN tidak cocok")
    by_label(at.text_input, "PIN").input("123456")  # the factory's PIN
    at.button[0].click()
    at.run()
    assert not at.error
    assert "Diteruskan ke unit yang berwenang" in texts(at)
    assert "Pelapor Uji" not in texts(at)


def test_admin_adds_a_cuti_bersama_day_on_the_holidays_page(world, today):
    at = open_page("admin", "pages/core/holidays.py")
    assert not at.exception and at.dataframe
    form = [e for e in at.date_input if e.form_id == "hol_add"]
    form[0].set_value(date(2026, 12, 31))
    [e for e in at.text_input if e.form_id == "hol_add"][0].input("Cuti bersama akhir tahun")
    at.button(key="FormSubmitter:hol_add-Simpan").click()
    at.run()
    assert not at.error and "Kalender diperbarui." in texts(at)
    with Session(db.get_engine()) as s:
        assert s.exec(select(HolidayOverride.name)).one() == "Cuti bersama akhir tahun"


def test_admin_adds_a_reply_template_and_bad_placeholders_are_refused(world, today):
    at = open_page("admin", "pages/complaints/templates.py")
    inputs = [e for e in at.text_input if e.form_id == "tpl_new"]
    inputs[0].input("Siap diambil")
    [e for e in at.text_area if e.form_id == "tpl_new"][0].input("Laporan {nomor} sudah selesai.")
    at.button(key="FormSubmitter:tpl_new-Simpan").click()
    at.run()
    assert "Penanda {nomor} tidak dikenal" in at.error[0].value
    [e for e in at.text_area if e.form_id == "tpl_new"][0].input("Laporan {tracking_id} sudah selesai.")
    at.button(key="FormSubmitter:tpl_new-Simpan").click()
    at.run()
    assert "Templat Siap diambil tersimpan." in texts(at)
    with Session(db.get_engine()) as s:
        assert s.exec(select(func.count()).select_from(ResponseTemplate)).one() == 1


def test_a_district_admin_reads_the_templates_without_forms_that_would_refuse(world, today):
    at = open_page("admin.wgr", "pages/complaints/templates.py")
    assert not at.exception
    assert "hanya administrator semua wilayah" in texts(at)
    assert not [b for b in at.button if "FormSubmitter:tpl_new" in (b.key or "")]
    assert not at.text_area


def test_home_of_an_officer_lists_overdue_complaints(world, today):
    placed(world_session(), world, State.received, received_on=clock.today() - timedelta(days=20))
    at = as_user("officer")
    assert "1 pengaduan melewati batas waktu penanganan." in texts(at)


def test_each_home_item_links_to_the_queue_filtered_to_it(world, today):
    s = world_session()
    placed(s, world, State.received, received_on=clock.today() - timedelta(days=20))  # overdue, and new
    s.close()
    at = as_user("officer")
    links = [(p.proto.page, p.proto.query_string) for p in at.get("page_link") if p.proto.label == "Buka"]
    assert ("complaints", "show=overdue") in links
    assert ("complaints", "show=to_verify") in links


# --- the audit's defects, as the user meets them -------------------------------------------------------


def status_try(at, tracking_id, pin):
    by_label(at.text_input, "Nomor laporan").input(tracking_id)
    by_label(at.text_input, "PIN").input(pin)
    at.button[0].click()
    return at.run()


def citizen():
    at = as_user(None)
    at.switch_page(str(ROOT / "pages/complaints/status.py"))
    return at.run()


def test_one_citizens_wrong_tries_do_not_lock_out_the_next_citizen(world, today, monkeypatch):
    import streamlit as st

    # As on a local socket (and behind some proxies): Streamlit knows no client address.
    monkeypatch.setattr(type(st.context), "ip_address", property(lambda self: None))
    c = placed(world_session(), world, State.forwarded)
    guesser = citizen()  # each browser session then counts on its own
    for i in range(5):
        status_try(guesser, f"WGR-2026-{i + 500:06d}", "000000")
    status_try(guesser, c.tracking_id, "123456")
    assert "Terlalu banyak percobaan yang salah" in guesser.error[0].value
    other = status_try(citizen(), c.tracking_id, "123456")
    assert not other.error and "Diteruskan ke unit yang berwenang" in texts(other)


def test_the_status_answer_is_gone_when_the_user_leaves_the_page(world, today):
    # An officer checks a citizen's report at the counter, then goes on with the queue. (AppTest 1.67
    # does not run app.py on every page switch of a logged-out session, so this story is a staff one.)
    c = placed(world_session(), world, State.forwarded)
    at = open_page("officer", "pages/complaints/status.py")
    status_try(at, c.tracking_id, "123456")
    assert "Diteruskan ke unit yang berwenang" in texts(at)
    at.switch_page(str(ROOT / "pages/complaints/queue.py"))
    at.run()
    at.switch_page(str(ROOT / "pages/complaints/status.py"))
    at.run()
    assert "Diteruskan ke unit yang berwenang" not in texts(at) and c.tracking_id not in texts(at)


def test_the_saved_id_and_pin_are_gone_when_the_officer_leaves_the_intake_page(world, today):
    at = fill_intake(open_page("officer", "pages/complaints/intake.py"))
    at.button(key="intake_save_0").click()
    at.run()
    pin = {m.label: m.value for m in at.metric}["PIN pelapor"]
    at.switch_page(str(ROOT / "pages/complaints/queue.py"))
    at.run()
    at.switch_page(str(ROOT / "pages/complaints/intake.py"))
    at.run()
    assert "tersimpan" not in texts(at) and pin not in repr([m.value for m in at.metric])
    assert at.text_input(key="intake_title_1").value == ""  # a blank form


def test_an_overdue_complaint_never_reads_due_today_over_christmas(world, today):
    today(date(2026, 12, 15))
    c = placed(world_session(), world, State.received, received_on=date(2026, 12, 18))  # verify by Wed 23 Dec
    with Session(db.get_engine()) as s:
        due = s.exec(select(Complaint.due_on).where(Complaint.tracking_id == c.tracking_id)).one()
    assert due == date(2026, 12, 23)
    for day, shown in ((date(2026, 12, 23), "hari ini"), (date(2026, 12, 24), "terlambat 1 HK")):
        today(day)
        at = open_page("officer", "pages/complaints/queue.py")
        assert at.dataframe[0].value["Batas berikutnya"][0] == f"23 Des 2026 · {shown}", day
    for day in (date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 27), date(2026, 12, 28)):
        today(day)
        at = open_detail("officer", c.tracking_id)
        assert "23 Des 2026 · terlambat 1 HK" in texts(at) and "hari ini" not in texts(at), day
        assert ":red-badge[:material/alarm: Terlambat]" in [m.value for m in at.markdown]  # beside it, as before


def test_the_national_limit_shown_is_the_configured_one(world, today):
    from services.core import settings

    c = placed(world_session(), world, State.received)
    with Session(db.get_engine()) as s:
        settings.update(s, world["admin"], {"complaints.escalate_days": 21})
        s.commit()
    assert "Batas nasional menjawab (21 hari)" in texts(open_detail("officer", c.tracking_id))


def test_other_complaints_titles_are_not_drawn_as_markdown_in_the_duplicate_choice(world, today):
    first = placed(world_session(), world, State.forwarded)
    with Session(db.get_engine()) as s:
        row = s.exec(select(Complaint).where(Complaint.tracking_id == first.tracking_id)).one()
        row.title = "**KTP-el** belum jadi [klik](http://contoh.id)"
        row.description = "KTP-el belum jadi setelah dua bulan menunggu di distrik."
        s.add(row)
        s.commit()
    at = fill_intake(open_page("officer", "pages/complaints/intake.py"))
    option = at.radio(key="intake_duplicate_0").options[1]
    assert r"\*\*KTP\-el\*\* belum jadi \[klik\]\(http://contoh\.id\)" in option


def test_the_timeline_names_the_system_and_the_added_files_in_the_users_language(world, today):
    from services.core.access import system_actor
    from tests.complaints.factories import act, intake

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 3000
    with world_session() as s:
        created = intake(s, world["officer"])
        act(s, world["officer"], created.tracking_id, "forward", unit_id=world.units["WGR-DUKCAPIL"].id)
        act(s, world["officer.dukcapil"], created.tracking_id, "follow_up", note="Sudah dicetak.")
        files.add_attachments(s, world["officer"], created.tracking_id, [("foto loket.png", png)])
        s.commit()
    today(date(2026, 2, 20))  # the ten quiet working days have passed
    with world_session() as s:
        workflow.close_expired(s, system_actor())
        s.commit()
    english = open_detail("officer", created.tracking_id, lang="en")
    shown = texts(english)
    assert "System · **Closed automatically" in shown and "Sistem" not in shown
    assert "**Attachments added**" in shown and "foto loket\\.png" in shown and "📎" not in shown.split("Timeline")[-1]
    assert "📎 foto loket.png · 2.9 kB" in [t.value for t in english.text]
    indonesian = open_detail("officer", created.tracking_id)
    assert "Sistem · **Ditutup otomatis" in texts(indonesian)
    assert "📎 foto loket.png · 2,9 kB" in [t.value for t in indonesian.text]


def test_the_queue_opened_from_a_home_item_lists_exactly_what_it_counted(world, today):

    s = world_session()
    placed(s, world, State.received, received_on=clock.today() - timedelta(days=20))  # overdue
    placed(s, world, State.received)
    due = [placed(s, world, State.received, received_on=date(2026, 1, 28)) for _ in range(2)]  # due today
    items = {a.query["show"]: a.count for a in home.home_attention(s, world["officer"])}
    s.close()  # no transaction left open (on PostgreSQL it would hold the next test's TRUNCATE)
    assert items["due_today"] == 2
    at = as_user("officer")
    at.query_params["show"] = "due_today"
    at.switch_page(str(ROOT / "pages/complaints/queue.py"))
    at.run()
    assert at.toggle(key="cq_due_today").value and not at.toggle(key="cq_overdue").value
    assert sorted(at.dataframe[0].value["Nomor laporan"]) == sorted(c.tracking_id for c in due)
    assert {m.label: m.value for m in at.metric}["Jatuh tempo hari ini"] == "2"
