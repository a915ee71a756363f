"""The foundation's screens as a user meets them: login, language, forms that refuse bad input."""

import time

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.accounts import User
from models.org import Staff
from services import accounts, db
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
    at = fill_staff_form(open_page("trainer", "pages/staff.py"), "19920418201903201")
    at.button(key="FormSubmitter:staff_create-Simpan").click()
    at.run()
    assert "NIP: NIP harus tepat 18 digit angka." in at.error[0].value
    assert staff_count() == before


def test_staff_form_saves_a_valid_asn(world):
    at = fill_staff_form(open_page("trainer", "pages/staff.py"), "199204182019032011")
    at.button(key="FormSubmitter:staff_create-Simpan").click()
    at.run()
    assert not at.error
    assert "Data Ruth Yeimo tersimpan." in texts(at)


def test_manager_reads_staff_but_cannot_add(world):
    at = open_page("manager", "pages/staff.py")
    assert at.dataframe and not at.tabs


def test_users_page_refuses_a_duplicate_username(world):
    at = open_page("admin", "pages/admin_users.py")
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
    at = open_page("officer", "pages/account.py")
    by_label(at.text_input, "Kata sandi sekarang").input("keliru")
    by_label(at.text_input, "Kata sandi baru").input("baru-sekali-9")
    by_label(at.text_input, "Ulangi kata sandi baru").input("baru-sekali-9")
    at.button[0].click() if at.button[0].label == "Ganti kata sandi" else None
    at.run()
    assert "Kata sandi sekarang salah." in at.error[0].value


def test_settings_refuse_a_value_out_of_range(world):
    at = open_page("admin", "pages/admin_settings.py")
    at.number_input(key="setting_login.max_failures").set_value(2)
    at.button[0].click()
    at.run()
    assert "Harus antara 3 dan 20." in at.error[0].value
