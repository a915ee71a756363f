"""The foundation's screens as a user meets them: login, language, forms that refuse bad input."""

import time

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.core.accounts import User
from models.core.org import Staff
from services.core import accounts, db
from tests.apptest import APP, as_user, by_label, open_page, texts
from tests.factories import PASSWORD


def login(at, username, password):
    by_label(at.text_input, "Nama pengguna").input(username)
    by_label(at.text_input, "Kata sandi").input(password)
    at.button[0].click()
    return at.run()


def test_login_with_the_form_lands_on_home(world):
    at = login(as_user(None), "officer", PASSWORD)
    assert not at.exception
    assert "Officer" in at.title[0].value and at.title[0].value.startswith("Selamat")


def test_wrong_password_says_only_that_login_failed(world):
    wrong = login(as_user(None), "officer", "keliru-sekali")
    unknown = login(as_user(None), "tidak.ada", "keliru-sekali")
    assert (
        [e.value for e in wrong.error]
        == [e.value for e in unknown.error]
        == ["Gagal masuk. Periksa nama pengguna dan kata sandi."]
    )


def test_after_five_failures_even_the_right_password_fails(world):
    for _ in range(5):
        login(as_user(None), "officer", "keliru-sekali")
    at = login(as_user(None), "officer", PASSWORD)
    assert at.title[0].value == "Sigap · Masuk"
    assert "Gagal masuk" in at.error[0].value


def test_a_session_ended_elsewhere_returns_to_the_login_form(world):
    started = time.time()
    assert as_user("officer", started=started).title[0].value.startswith("Selamat")
    with db.session_scope() as s:
        accounts.end_sessions(s, world["officer"].id)  # logged out in another browser
    at = as_user("officer", started=started)  # the same browser session, next run
    assert at.title[0].value == "Sigap · Masuk"
    assert "sigap_session_started" not in at.session_state


def test_a_users_saved_language_applies_from_the_first_page(world):
    with db.session_scope() as s:
        accounts.set_language(s, world["manager"], "en")
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "manager"
    at.session_state["sigap_session_started"] = time.time()
    at.run()
    assert not at.exception
    assert at.title[0].value.startswith("Good")


def test_english_interface(world):
    at = as_user("admin", lang="en")
    assert at.title[0].value.startswith("Good")
    assert "Needs attention today" in texts(at)


def test_home_shows_what_needs_attention_for_an_admin(world):
    for _ in range(5):
        with db.session_scope() as s:
            accounts.authenticate(s, "officer.swl", "salah")
    at = as_user("admin")
    assert "1 akun sedang terkunci" in texts(at)


def test_home_says_when_nothing_is_due(world):
    at = as_user("organizer")
    assert "Tidak ada yang perlu ditindaklanjuti hari ini." in texts(at)


def staff_count():
    with Session(db.get_engine()) as s:
        return len(s.exec(select(Staff.id)).all())


def fill_staff_form(at, nip):
    by_label(at.text_input, "NIP").input(nip)
    by_label(at.text_input, "Nama").input("Ruth Yeimo")
    at.selectbox(key="staff_new_unit").select_index(0)
    by_label(at.text_input, "Jabatan").input("Operator SIAK")
    return at


def test_staff_form_refuses_a_17_digit_nip_and_saves_nothing(world):
    before = staff_count()
    at = fill_staff_form(open_page("trainer", "pages/core/staff.py"), "19920418201903201")
    at.button(key="FormSubmitter:staff_create-Simpan").click()
    at.run()
    assert "NIP: NIP harus tepat 18 digit angka." in at.error[0].value
    assert staff_count() == before


def test_staff_form_saves_a_valid_asn(world):
    at = fill_staff_form(open_page("trainer", "pages/core/staff.py"), "199204182019032011")
    at.button(key="FormSubmitter:staff_create-Simpan").click()
    at.run()
    assert not at.error
    assert "Data Ruth Yeimo tersimpan." in texts(at)


def test_manager_reads_staff_but_cannot_add(world):
    at = open_page("manager", "pages/core/staff.py")
    assert at.dataframe and not at.tabs


def test_users_page_refuses_a_duplicate_username(world):
    at = open_page("admin", "pages/core/users.py")
    form_inputs = [e for e in at.text_input if e.form_id == "user_create"]
    by_label(form_inputs, "Nama pengguna").input("officer")
    by_label(form_inputs, "Nama lengkap").input("Orang Lain")
    by_label(form_inputs, "Kata sandi").input("sandi-baru-1")
    at.multiselect[0].select("officer")
    at.button(key="FormSubmitter:user_create-Tambah pengguna").click()
    at.run()
    assert "Nama pengguna: Nama pengguna ini sudah dipakai." in at.error[0].value
    with Session(db.get_engine()) as s:
        assert len(s.exec(select(User).where(User.username == "officer")).all()) == 1


def test_account_page_refuses_a_wrong_current_password(world):
    at = open_page("officer", "pages/core/account.py")
    by_label(at.text_input, "Kata sandi sekarang").input("keliru")
    by_label(at.text_input, "Kata sandi baru").input("baru-sekali-9")
    by_label(at.text_input, "Ulangi kata sandi baru").input("baru-sekali-9")
    at.button[0].click() if at.button[0].label == "Ganti kata sandi" else None
    at.run()
    assert "Kata sandi sekarang salah." in at.error[0].value


def test_settings_refuse_a_value_out_of_range(world):
    at = open_page("admin", "pages/core/settings.py")
    at.number_input(key="setting_login.max_failures").set_value(2)
    at.button[0].click()
    at.run()
    assert "Harus antara 3 dan 20." in at.error[0].value


# --- after a save the page shows the change (tables and pickers above the form included) ------------


def create_user_on_page(at, username="petugas.baru"):
    form_inputs = [e for e in at.text_input if e.form_id == "user_create"]
    by_label(form_inputs, "Nama pengguna").input(username)
    by_label(form_inputs, "Nama lengkap").input("Petugas Baru")
    by_label(form_inputs, "Kata sandi").input("sandi-baru-1")
    at.multiselect[0].select("officer")
    at.button(key="FormSubmitter:user_create-Tambah pengguna").click()
    return at.run()


def test_a_new_user_shows_in_the_table_and_can_be_picked_for_editing(world):
    at = create_user_on_page(open_page("admin", "pages/core/users.py"))
    assert not at.exception and not at.error
    assert "Pengguna petugas.baru dibuat." in [s.value for s in at.success]
    assert "petugas.baru" in list(at.dataframe[0].value["Nama pengguna"])
    assert "petugas.baru · Petugas Baru" in at.selectbox(key="user_edit_pick").options
    at.run()  # the message is shown once
    assert "Pengguna petugas.baru dibuat." not in [s.value for s in at.success]


def test_a_new_unit_shows_in_the_table(world):
    at = open_page("admin", "pages/core/units.py")
    at.selectbox(key="unit_new_district").select(world.wgr.id)
    form_inputs = [e for e in at.text_input if e.form_id == "unit_create"]
    by_label(form_inputs, "Kode").input("WGR-KAM-YAB")  # a code in the seeded GYG-KEL-GYG style
    by_label(form_inputs, "Nama").input("Kantor Kampung Yaba")
    by_label(form_inputs, "Jenis").input("kampung")
    at.button(key="FormSubmitter:unit_create-Simpan").click()
    at.run()
    assert not at.exception and not at.error
    assert "Unit WGR-KAM-YAB tersimpan." in [s.value for s in at.success]
    assert "WGR-KAM-YAB" in list(at.dataframe[0].value["Kode"])
    assert "WGR-KAM-YAB · Kantor Kampung Yaba" in at.selectbox(key="unit_edit_pick").options


def test_a_new_staff_member_shows_in_the_register(world):
    at = fill_staff_form(open_page("trainer", "pages/core/staff.py"), "199204182019032011")
    at.button(key="FormSubmitter:staff_create-Simpan").click()
    at.run()
    assert "Data Ruth Yeimo tersimpan." in [s.value for s in at.success]
    assert "Ruth Yeimo" in list(at.dataframe[0].value["Nama"])
    assert "199204182019032011 · Ruth Yeimo" in at.selectbox(key="staff_edit_pick").options


def test_staff_of_a_deactivated_unit_can_be_edited_without_a_move(world):
    from services.core import org
    from services.core.access import system_actor

    with db.session_scope() as s:
        org.update_unit(s, system_actor(), world.units["WGR-PTSP"].id, {"active": False})
        staff_id = s.exec(select(Staff.id).where(Staff.name == "Yakobus Pigai")).one()
    at = open_page("trainer", "pages/core/staff.py")
    at.selectbox(key="staff_edit_pick").select(staff_id)
    at.run()
    form = f"staff_edit_{staff_id}"
    unit = next(e for e in at.selectbox if e.form_id == form and e.label == "Unit layanan")
    assert unit.value == world.units["WGR-PTSP"].id
    assert "WGR-PTSP · Layanan Perizinan Wanggar (nonaktif)" in unit.options
    by_label([e for e in at.text_input if e.form_id == form], "Jabatan").input("Analis Perizinan")
    at.button(key=f"FormSubmitter:{form}-Simpan").click()
    at.run()
    assert not at.error, [e.value for e in at.error]
    assert "Data Yakobus Pigai tersimpan." in [s.value for s in at.success]
    with Session(db.get_engine()) as s:
        assert s.get(Staff, staff_id).position == "Analis Perizinan"


# --- settings, audit log, sidebar -------------------------------------------------------------------


def test_a_district_admin_reads_the_settings_but_cannot_change_them(world):
    at = open_page("admin.wgr", "pages/core/settings.py")
    assert not at.exception
    assert "hanya administrator semua wilayah yang dapat mengubahnya" in at.info[0].value
    assert at.number_input and all(n.disabled for n in at.number_input)
    assert not [b for b in at.button if b.label == "Simpan"]


def test_an_all_district_admin_saves_settings_and_sees_how_many_changed(world):
    at = open_page("admin", "pages/core/settings.py")
    at.number_input(key="setting_login.lock_minutes").set_value(30)
    at.button(key="FormSubmitter:settings_form-Simpan").click()
    at.run()
    assert "1 pengaturan diubah." in [s.value for s in at.success]
    assert at.number_input(key="setting_login.lock_minutes").value == 30


def audit_table(at):
    frame = at.dataframe[0].value
    return [dict(zip(frame.columns, row, strict=True)) for row in frame.itertuples(index=False)]


def test_the_audit_log_speaks_the_users_language(world):
    from services.core import audit
    from services.core.access import system_actor

    with db.session_scope() as s:
        accounts.authenticate(s, "officer", "keliru")
        accounts.authenticate(s, "tidak.ada", "keliru")
        audit.record(s, system_actor(), "frobnicate", "widget", 7, note="made by another module")
    at = open_page("admin", "pages/core/audit.py")
    assert not at.exception
    rows = audit_table(at)
    shown = {(r["Tindakan"], r["Jenis data"], r["Catatan"]) for r in rows}
    assert ("Gagal masuk", "Pengguna", "Kata sandi salah") in shown
    assert ("Gagal masuk", "Pengguna", "Nama pengguna tidak dikenal") in shown
    assert ("frobnicate", "widget", "made by another module") in shown  # no label yet: shown as it is
    assert not {"login_failed", "user", "wrong_password", "wrong password"} & {v for r in shown for v in r}

    english = open_page("admin", "pages/core/audit.py", lang="en")
    assert ("Login failed", "User", "Wrong password") in {
        (r["Action"], r["Record type"], r["Note"]) for r in audit_table(english)
    }


def test_the_audit_log_filters_by_action(world):
    with db.session_scope() as s:
        accounts.authenticate(s, "officer", "keliru")
        accounts.authenticate(s, "officer", PASSWORD)
    at = open_page("admin", "pages/core/audit.py")
    assert {"Gagal masuk", "Masuk"} <= {r["Tindakan"] for r in audit_table(at)}
    at.selectbox(key="audit_action").select("login")
    at.run()
    assert {r["Tindakan"] for r in audit_table(at)} == {"Masuk"}


def test_a_lock_shows_its_minutes_in_the_audit_log(world):
    for _ in range(5):
        with db.session_scope() as s:
            accounts.authenticate(s, "officer", "keliru")
    at = open_page("admin", "pages/core/audit.py")
    assert "Terlalu sering gagal masuk; dikunci 15 menit" in {r["Catatan"] for r in audit_table(at)}


def test_a_wanggar_admin_does_not_read_sawahlunto_in_the_audit_log(world):
    with db.session_scope() as s:
        accounts.authenticate(s, "officer.swl", "keliru")
        accounts.authenticate(s, "officer", "keliru")
    at = open_page("admin.wgr", "pages/core/audit.py")
    assert {r["Pengguna"] for r in audit_table(at)} == {"officer"}


def test_the_district_name_in_the_sidebar_is_plain_text(world):
    from models.core.org import District

    with db.session_scope() as s:
        district = s.get(District, world.wgr.id)
        district.name = "Wanggar **Baru** [klik](http://contoh.test)"
        s.add(district)
    at = as_user("officer")
    caption = next(c.value for c in at.sidebar.caption if "Petugas" in c.value)
    assert caption == "Petugas · Wanggar \\*\\*Baru\\*\\* \\[klik\\]\\(http://contoh\\.test\\)"


def test_an_admin_resetting_their_own_password_is_told_to_log_in_again(world):
    at = open_page("admin", "pages/core/users.py")
    at.selectbox(key="user_edit_pick").select(world["admin"].id)
    at.run()
    assert any("akun Anda sendiri" in w.value for w in at.warning)
    form = f"user_reset_{world['admin'].id}"
    inputs = [e for e in at.text_input if e.form_id == form]
    by_label(inputs, "Kata sandi").input("sandi-admin-baru")
    by_label(inputs, "Ulangi kata sandi baru").input("sandi-admin-baru")
    at.button(key=f"FormSubmitter:{form}-Atur ulang kata sandi").click()
    at.run()
    assert "Kata sandi sudah diganti. Silakan masuk lagi dengan kata sandi baru." in texts(at)
    assert at.title[0].value == "Sigap · Masuk"


@pytest.mark.parametrize(
    "revision, says, advises_migrate",
    [
        ("0004", "Basis data belum diperbarui (versi 0004", True),
        (
            "9999_of_a_newer_release",
            "sudah diperbarui oleh versi Sigap yang lebih baru (versi 9999_of_a_newer_release",
            False,
        ),
    ],
)
def test_the_app_tells_a_database_behind_the_code_from_one_ahead_of_it(
    tmp_root, monkeypatch, revision, says, advises_migrate
):
    from sqlalchemy import text

    from tests.dbutil import fresh_database
    from ui import chrome

    with fresh_database(tmp_root, "gate") as url:
        engine = db.make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
        engine.dispose()
        monkeypatch.setenv("DATABASE_URL", url)
        monkeypatch.setattr(chrome, "_schema_checked", False)
        at = AppTest.from_file(APP, default_timeout=30).run()
        assert not at.exception
        assert says in at.error[0].value
        assert [c.value for c in at.code] == (["python manage.py migrate"] if advises_migrate else [])
        assert not at.text_input  # no login form on a database the code cannot use


def test_a_district_name_on_the_home_page_is_plain_text(world, monkeypatch):
    from models.core.org import District
    from tests.satisfaction.factories import TODAY, pin_clock, responses

    pin_clock(monkeypatch)
    with db.session_scope() as s:
        responses(s, world.units["SWL-DUKCAPIL"].id, TODAY, [[2] * 9] * 5)
        district = s.get(District, world.swl.id)
        district.name = "Sawahlunto _Kota_"
        s.add(district)
    at = as_user("manager")
    assert not at.exception
    said = [w.value for w in at.warning if "Sawahlunto" in w.value]
    assert said and all("Sawahlunto \\_Kota\\_" in w for w in said)
    labels = [m.label for m in at.metric if "Sawahlunto" in m.label]
    assert labels and all("Sawahlunto \\_Kota\\_" in label for label in labels)
