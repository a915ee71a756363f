"""The training screens as trainers, managers, unit heads and the public meet them (AppTest).

AppTest cannot edit st.data_editor cells: the attendance and score edits are seeded through the
editor's session state, as a browser would send them. Downloads and chart clicks belong to the
browser story."""

from datetime import date

import pytest
from sqlmodel import Session, select

from models.training import Attendance, Certificate, Cohort, Enrolment, Nomination, Programme
from services.core import db
from services.training import attendance, enrolment
from tests.apptest import ROOT, as_user, by_label, texts
from tests.factories import staff
from tests.training.conftest import NIPS, version
from tests.training.test_training_berprestasi import forum_action
from tests.training.test_training_completion import run_cohort


def open_at(username: str, path: str, lang: str = "id", **query) -> object:
    at = as_user(username, lang)
    for k, v in query.items():
        at.query_params[k] = str(v)
    at.switch_page(str(ROOT / path))
    return at.run()


def fresh() -> Session:
    return Session(db.get_engine(), expire_on_commit=False)


def test_the_catalogue_lists_programmes_and_a_trainer_adds_one(session, world, tw):
    at = open_at("trainer", "pages/training/catalogue.py")
    assert not at.exception and at.title[0].value == "Katalog program pelatihan"
    assert list(at.dataframe[0].value["Judul"]) == ["Pelatihan aplikasi pengaduan daring"]
    by_label(at.text_input, "Judul").input("Bimtek SIMPUS untuk tenaga kesehatan")
    at.selectbox(key="tr_prog_topic").select(1)
    at.selectbox(key="tr_prog_org").select(1)
    at.selectbox(key="tr_prog_form").select("bimtek")
    at.button[0].click()
    at.run()
    assert not at.error, at.error
    assert "Program tersimpan: Bimtek SIMPUS untuk tenaga kesehatan" in texts(at)
    with fresh() as s:
        assert len(s.exec(select(Programme)).all()) == 2


def test_the_catalogue_refuses_a_programme_without_a_topic(session, world, tw):
    at = open_at("trainer", "pages/training/catalogue.py")
    by_label(at.text_input, "Judul").input("Tanpa topik")
    at.button[0].click()
    at.run()
    assert "Topik: Wajib diisi." in at.error[0].value


def test_the_catalogue_charts_completion_and_gain_per_programme(session, world, tw):
    run_cohort(session, world, tw)
    session.commit()
    at = open_at("manager", "pages/training/catalogue.py")
    at.selectbox(key="tr_cat_year").select(2026)
    at.run()
    assert len(at.get("vega_lite_chart")) == 2


def test_a_manager_reads_the_catalogue_without_forms(session, world, tw):
    at = open_at("manager", "pages/training/catalogue.py", lang="en")
    assert at.title[0].value == "Training programme catalogue"
    assert [b.key for b in at.button] == ["sigap_logout"]  # no forms for a reader


def test_the_cohort_list_filters_by_status_from_the_url(session, world, tw):
    at = open_at("trainer", "pages/training/cohorts.py")
    assert list(at.dataframe[0].value["Nama angkatan"]) == ["Angkatan I"]
    at = open_at("trainer", "pages/training/cohorts.py", status="running")
    assert not at.dataframe and "Belum ada angkatan pelatihan." in texts(at)
    assert at.query_params["status"] == "running"


def test_a_district_trainer_does_not_see_another_districts_cohort(session, world, tw):
    at = open_at("trainer.swl", "pages/training/cohorts.py")
    assert not at.dataframe
    at = open_at("trainer.swl", "pages/training/cohort.py", id=tw.cohort_id)
    assert not at.exception and "Angkatan I" not in texts(at)


def test_creating_a_cohort_that_ends_before_it_starts_says_so(session, world, tw):
    at = open_at("trainer", "pages/training/cohorts.py")
    at.selectbox(key="tr_c_prog").select(tw.programme_id)
    by_label(at.text_input, "Nama angkatan").input("Angkatan III")
    by_label(at.date_input, "Tanggal mulai").set_value(date(2026, 5, 5))
    by_label(at.date_input, "Tanggal selesai").set_value(date(2026, 5, 4))
    next(b for b in at.button if b.label == "Simpan").click()
    at.run()
    assert "Tanggal akhir sebelum tanggal awal." in at.error[0].value
    with fresh() as s:
        assert len(s.exec(select(Cohort)).all()) == 1


def test_a_trainer_enrols_a_pasted_nip_list_and_sees_the_unknown_ones(session, world, tw):
    at = open_at("trainer", "pages/training/cohort.py", id=tw.cohort_id)
    assert not at.exception and at.subheader[0].value == "Angkatan I"
    at.text_area(key=f"tr_nips_{tw.cohort_id}").input(
        f"{NIPS['Maria Tebai']}\n{NIPS['Ruth Yeimo']}\n198001012005011999\n12"
    )
    at.button(key=f"tr_enrol_nips_{tw.cohort_id}").click()
    at.run()
    assert not at.error, at.error
    shown = texts(at)
    assert "2 peserta terdaftar, 0 masuk daftar tunggu." in shown
    assert "NIP tidak dikenal di wilayah ini: 198001012005011999" in shown and "NIP tidak valid: 12" in shown
    table = at.dataframe[-1].value
    assert set(table["Nama"]) == {"Maria Tebai", "Ruth Yeimo"}


def test_enrolling_a_whole_unit_fills_the_seats_then_the_waitlist(session, world, tw):
    at = open_at("trainer", "pages/training/cohort.py", id=tw.cohort_id)
    at.selectbox(key=f"tr_unit_{tw.cohort_id}").select(world.units["WGR-DUKCAPIL"].id)
    at.run()
    at.button(key=f"tr_enrol_unit_{tw.cohort_id}").click()
    at.run()
    assert "2 peserta terdaftar, 2 masuk daftar tunggu." in texts(at)
    table = at.dataframe[-1].value
    assert list(table["Status peserta"]) == ["Terdaftar", "Terdaftar", "Daftar tunggu", "Daftar tunggu"]


def test_the_attendance_grid_saves_what_the_trainer_marked(session, world, tw):
    t = world["trainer"]
    enrolment.enrol(
        session,
        t,
        tw.cohort_id,
        version(session, t, tw.cohort_id),
        [tw.staff["Maria Tebai"], tw.staff["Petrus Kogoya"]],
    )
    session.commit()
    at = open_at("trainer", "pages/training/attendance.py", id=tw.cohort_id)
    assert not at.exception
    key = f"tr_att_grid_{tw.cohort_id}_{tw.session_ids[0]}"
    at.session_state[key] = {"edited_rows": {1: {"Kehadiran": "Tidak hadir"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key=f"tr_att_save_{tw.cohort_id}").click()
    at.run()
    assert not at.error, at.error
    assert "Presensi tersimpan: 1 dari 2 hadir." in texts(at)
    with fresh() as s:
        marks = {a.status for a in s.exec(select(Attendance)).all()}
    assert marks == {"present", "absent"}


def test_a_score_of_140_in_the_grid_is_refused_with_the_name(session, world, tw):
    t = world["trainer"]
    enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), [tw.staff["Maria Tebai"]])
    session.commit()
    at = open_at("trainer", "pages/training/attendance.py", id=tw.cohort_id)
    at.session_state[f"tr_scores_{tw.cohort_id}"] = {
        "edited_rows": {0: {"Post-test": 140}}, "added_rows": [], "deleted_rows": []
    }  # fmt: skip
    at.run()
    at.button(key=f"tr_scores_save_{tw.cohort_id}").click()
    at.run()
    assert "Maria Tebai: nilai harus 0 sampai 100." in at.error[0].value
    with fresh() as s:
        assert s.exec(select(Enrolment.post_test)).one() is None


def test_at_risk_participants_show_before_the_end(session, world, tw):
    t = world["trainer"]
    enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), [tw.staff["Maria Tebai"]])
    e = session.exec(select(Enrolment.id)).one()
    attendance.record_attendance(
        session, t, tw.cohort_id, version(session, t, tw.cohort_id), tw.session_ids[0], {e: "absent"}
    )
    session.commit()
    at = open_at("trainer", "pages/training/attendance.py", id=tw.cohort_id)
    assert "1 peserta berisiko tidak lulus." in texts(at)


def test_completing_issues_certificates_and_offers_the_pdf(session, world, tw):
    run_cohort(session, world, tw)
    session.commit()
    at = open_at("trainer", "pages/training/completion.py", id=tw.cohort_id)
    assert not at.exception and "Angkatan diluluskan pada" in texts(at)
    cert = session.exec(select(Certificate)).one()
    assert list(at.dataframe[0].value["Nomor sertifikat"]) == [cert.number]
    at.selectbox(key=f"tr_cert_pick_{tw.cohort_id}").select(cert.id)
    at.run()
    at.button(key=f"tr_cert_make_{cert.id}").click()
    at.run()
    assert not at.error and at.get("download_button")


def test_completing_from_the_page_applies_the_rule(session, world, tw):
    t = world["trainer"]
    enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), [tw.staff["Maria Tebai"]])
    e = session.exec(select(Enrolment.id)).one()
    for sid in tw.session_ids:
        attendance.record_attendance(session, t, tw.cohort_id, version(session, t, tw.cohort_id), sid, {e: "present"})
    attendance.record_scores(session, t, tw.cohort_id, version(session, t, tw.cohort_id), {e: {"post_test": 70}})
    session.commit()
    at = open_at("trainer", "pages/training/completion.py", id=tw.cohort_id)
    assert "**1** dari 1 peserta lulus" in texts(at)
    at.checkbox(key=f"tr_done_sure_{tw.cohort_id}").check()
    at.run()
    at.button(key=f"tr_done_go_{tw.cohort_id}").click()
    at.run()
    assert "Angkatan selesai: 1 lulus, 0 tidak lulus." in texts(at)


def test_the_ledger_shows_jp_per_person_and_per_unit_with_filters_in_the_url(session, world, tw):
    run_cohort(session, world, tw)
    session.commit()
    at = open_at("trainer", "pages/training/ledger.py", year=2026)
    assert not at.exception
    table = at.dataframe[0].value.set_index("Nama")
    assert table.loc["Maria Tebai", "JP selesai"] == 16 and table.loc["Maria Tebai", "Kurang"] == 4
    assert at.get("vega_lite_chart")  # the JP distribution per unit
    at = open_at("manager", "pages/training/ledger.py", lang="en", year=2026, view="units", district=world.wgr.id)
    units = at.dataframe[0].value.set_index("Service unit")
    assert (
        units.loc["WGR-DUKCAPIL", "Staff"] == 4
        and units.loc["WGR-DUKCAPIL", "Furthest below"] == "Petrus Kogoya (0 JP)"
    )
    assert at.query_params["view"] == "units"


def test_the_ledger_prepares_the_siasn_export(session, world, tw):
    run_cohort(session, world, tw)
    session.commit()
    at = open_at("trainer", "pages/training/ledger.py", year=2026)
    at.button(key="tr_l_csv").click()
    at.run()
    assert not at.error and at.get("download_button")


def test_a_unit_head_nominates_staff_of_their_unit(session, world, tw):
    at = open_at("officer.dukcapil", "pages/training/berprestasi.py")
    assert not at.exception
    assert set(at.dataframe[0].value["Unit layanan"]) == {"WGR-DUKCAPIL"}
    at.selectbox(key="tr_b_nom_staff").select(tw.staff["Maria Tebai"])
    by_label(at.text_area, "Alasan").input("Menuntaskan pengaduan daring tepat waktu sepanjang tahun.")
    at.button[0].click()
    at.run()
    assert not at.error, at.error
    assert "Usulan tersimpan." in texts(at)
    with fresh() as s:
        assert s.exec(select(Nomination.staff_id)).one() == tw.staff["Maria Tebai"]


def test_the_berprestasi_breakdown_shows_forum_actions_as_their_own_column(session, world, tw):
    staff(session, world.units["WGR-DUKCAPIL"], "199402022019031005", "Officer Dukcapil")  # the liaison's ASN
    session.commit()
    forum_action(session, world, "WGR-DUKCAPIL")
    at = open_at("trainer", "pages/training/berprestasi.py")
    assert not at.exception
    frame = at.dataframe[0].value.set_index("Nama")
    assert frame.loc["Officer Dukcapil", "Tindak lanjut forum"] == 1
    assert frame.loc["Maria Tebai", "Tindak lanjut forum"] == 0
    assert frame.index[0] == "Officer Dukcapil"  # the last key of the order breaks the tie
    assert "akun penghubung unit" in texts(at)  # the help text says how actions are matched


def test_an_officer_without_a_unit_is_told_who_nominates(session, world, tw):
    at = open_at("officer", "pages/training/berprestasi.py")
    assert "Usulan dibuat oleh kepala unit" in texts(at) and not at.dataframe


@pytest.mark.parametrize("lang, genuine", [("id", "Sertifikat ini asli."), ("en", "This certificate is genuine.")])
def test_the_public_page_verifies_a_certificate_from_its_link(session, world, tw, lang, genuine):
    run_cohort(session, world, tw)
    session.commit()
    number = session.exec(select(Certificate.number)).one()
    at = open_at(None, "pages/training/verify.py", lang=lang, no=number)
    assert not at.exception
    assert genuine in texts(at) and "Maria Tebai" in texts(at) and "16" in texts(at)


def test_the_public_page_says_nothing_for_a_wrong_number(session, world, tw):
    run_cohort(session, world, tw)
    session.commit()
    at = open_at(None, "pages/training/verify.py", no="SGP-2026-NOTREAL1")
    assert at.error[0].value.startswith("Nomor sertifikat tidak ditemukan")
    assert "Maria Tebai" not in texts(at)


def test_the_dashboard_panel_draws_training_against_service(session, world, tw):
    from streamlit.testing.v1 import AppTest

    run_cohort(session, world, tw)
    session.commit()

    def panel(actor):
        from datetime import date

        import streamlit as st

        from services.core.modules import Scope
        from services.core.periods import Period
        from ui.training import panel as p

        st.session_state["sigap_actor"] = actor
        p.render(Scope(None, None, Period(date(2026, 1, 1), date(2026, 12, 31), "year", "2026"), "month"))

    at = AppTest.from_function(panel, args=(world["manager"],), default_timeout=30).run()
    assert not at.exception, at.exception
    assert "Belum ada data pelatihan" in texts(at)  # no surveys or complaints in this world yet


def test_the_catalogue_shows_suggested_programmes_per_unit(session, world, tw, today):
    from services.training import suggestions
    from tests.training.test_training_suggestions import weak_waiting_time

    weak_waiting_time(session, world.units["WGR-DUKCAPIL"].id)
    suggestions.set_link(session, world["trainer"], {"source": "skm", "code": "u3", "topic_id": 1})
    session.commit()
    at = open_at("trainer", "pages/training/catalogue.py", show="suggested")
    table = next(d.value for d in at.dataframe if "Alasan" in d.value.columns)
    assert table["Unit layanan"].tolist() == ["WGR-DUKCAPIL"]
    assert table["Alasan"].tolist() == ["unsur SKM terendah: Waktu Penyelesaian"]


def test_the_ledger_shows_one_persons_training_history(session, world, tw):
    run_cohort(session, world, tw)
    session.commit()
    at = open_at("trainer", "pages/training/ledger.py", year=2026)
    at.selectbox(key="tr_hist_staff").select(tw.staff["Maria Tebai"])
    at.run()
    history = next(d.value for d in at.dataframe if "Nomor Sertifikat" in d.value.columns)
    assert history["Nama Diklat"].tolist() == ["Pelatihan aplikasi pengaduan daring"]


def test_the_dashboard_panel_charts_trained_units_against_their_ikm(session, world, tw):
    from streamlit.testing.v1 import AppTest

    from tests.training.test_training_stats import answered

    run_cohort(session, world, tw)
    answered(session, world.units["WGR-DUKCAPIL"].id, date(2026, 2, 10), 3)
    answered(session, world.units["WGR-DUKCAPIL"].id, date(2026, 4, 10), 4)
    session.commit()

    def panel(actor):
        from datetime import date

        import streamlit as st

        from services.core.modules import Scope
        from services.core.periods import Period
        from ui.training import panel as p

        st.session_state["sigap_actor"] = actor
        p.render(Scope(None, None, Period(date(2026, 3, 1), date(2026, 6, 30), "custom", "x"), "month"))

    at = AppTest.from_function(panel, args=(world["manager"],), default_timeout=30).run()
    assert not at.exception, at.exception
    assert len(at.get("vega_lite_chart")) == 3  # IKM and on-time against the trained share; the trend
    assert "1 angkatan selesai ditandai garis putus-putus." in texts(at)


def test_the_dashboard_panel_waits_until_training_is_run(session, world):
    from streamlit.testing.v1 import AppTest

    def panel(actor):
        from datetime import date

        import streamlit as st

        from services.core.modules import Scope
        from services.core.periods import Period
        from ui.training import panel as p

        st.session_state["sigap_actor"] = actor
        p.render(Scope(None, None, Period(date(2026, 1, 1), date(2026, 12, 31), "year", "2026"), "month"))

    at = AppTest.from_function(panel, args=(world["manager"],), default_timeout=30).run()
    assert "Belum ada angkatan pelatihan atau pembelajaran tercatat" in texts(at) and not at.get("vega_lite_chart")


def test_a_unit_head_reads_the_ledger_of_their_unit_only(session, world, tw):
    at = open_at("officer.dukcapil", "pages/training/ledger.py", year=2026)
    assert not at.exception
    assert not at.error  # no refusal drawn for a part of the page a unit head may not use (found by the load test)
    assert set(at.dataframe[0].value["Unit layanan"]) == {"WGR-DUKCAPIL"}
    at = open_at("officer", "pages/training/ledger.py")
    assert "kepala unit" in texts(at) and not at.dataframe


def test_home_items_open_exactly_what_they_count(session, world, tw, today):
    from services.training import home

    t = world["trainer"]
    enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), [tw.staff["Maria Tebai"]])
    from services.training import cohorts

    cohorts.update_cohort(session, t, tw.cohort_id, version(session, t, tw.cohort_id), {"status": "open"})
    cohorts.update_cohort(session, t, tw.cohort_id, version(session, t, tw.cohort_id), {"status": "running"})
    e = session.exec(select(Enrolment.id)).one()
    attendance.record_attendance(
        session, t, tw.cohort_id, version(session, t, tw.cohort_id), tw.session_ids[0], {e: "absent"}
    )
    session.commit()
    items = {a.text_key: a for a in home.home_attention(session, t)}
    risk = items["home.att.training_at_risk"]
    assert (risk.count, risk.page, risk.query, risk.params) == (
        1,
        "training-attendance",
        {"id": str(tw.cohort_id)},
        {"cohort": "Angkatan I"},
    )
    units = {a.text_key: a for a in home.home_attention(session, world["manager"])}["home.att.training_units_low"]
    at = open_at("manager", "pages/training/ledger.py", **units.query)
    assert len(at.dataframe[0].value) == units.count


def test_a_one_district_manager_opens_the_ledger_from_home_on_their_district_only(session, world, tw):
    from services.training import home
    from tests.training.conftest import add_cohort

    run_cohort(session, world, tw)
    add_cohort(session, world["trainer.swl"], tw.programme_id, world.swl.id, name="Angkatan Sawahlunto")
    session.commit()
    units = {a.text_key: a for a in home.home_attention(session, world["manager.swl"])}["home.att.training_units_low"]
    at = open_at("manager.swl", "pages/training/ledger.py", **units.query)
    assert not at.exception
    assert at.dataframe[0].value.iloc[:, 0].tolist() == ["SWL-DUKCAPIL"]  # as many rows as the home item counts
    at = open_at("manager.swl", "pages/training/ledger.py", year=2026, district=world.wgr.id)  # a crafted URL
    assert not at.exception
    shown = " ".join(str(v) for v in at.dataframe[0].value.to_numpy().ravel())
    assert "Rahmat Hidayat" in shown and "Maria Tebai" not in shown and "Siti Aminah" not in shown


def test_a_trainer_retires_a_programme_and_removes_a_session_on_their_pages(session, world, tw):
    at = open_at("trainer", "pages/training/catalogue.py")
    at.selectbox(key="tr_prog_edit").select(tw.programme_id)
    at.run()
    next(c for c in at.checkbox if c.label == "Aktif").uncheck()
    next(b for b in at.button if b.label == "Simpan" and "tr_prog_edit" in str(b.form_id)).click()
    at.run()
    assert not at.error, at.error
    with fresh() as s:
        assert s.get(Programme, tw.programme_id).active is False
    at = open_at("trainer", "pages/training/cohort.py", id=tw.cohort_id)
    at.selectbox(key=f"tr_sess_rm_{tw.cohort_id}").select(tw.session_ids[1])
    at.run()
    at.button(key=f"tr_sess_rm_go_{tw.cohort_id}").click()
    at.run()
    assert "Sesi dihapus." in texts(at) and len(at.dataframe[0].value) == 1
