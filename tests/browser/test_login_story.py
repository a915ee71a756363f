"""Stories of logging in and out, in a real browser against the real server."""

from playwright.sync_api import expect

from tests.browser.helpers import (
    auth_cookie,
    heading,
    logged_in,
    login,
    logout,
    no_exception,
    on_login_form,
    open_app,
    settle,
)


def test_admin_logs_in_opens_a_deep_page_refreshes_and_stays_then_logs_out(page, app_url):
    login(page, app_url, "admin")
    logged_in(page)
    expect(heading(page, "Administrator Sigap")).to_be_visible()
    auth_cookie(page)

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Pengguna").click()
    settle(page)
    expect(heading(page, "Pengguna")).to_be_visible()
    assert page.url.endswith("/users")

    page.reload()
    settle(page)
    expect(heading(page, "Pengguna")).to_be_visible()  # the refresh stays on the deep page
    assert page.url.endswith("/users")
    logged_in(page)
    no_exception(page)

    logout(page)
    on_login_form(page)


def test_each_demo_login_lands_on_its_home_with_only_its_pages(browser, app_url):
    expected = {
        "officer": {"Beranda", "Akun saya"},
        "organizer": {"Beranda", "Akun saya"},
        "trainer": {"Beranda", "Pegawai (ASN)", "Akun saya"},
        "manager.sawahlunto": {"Beranda", "Pegawai (ASN)", "Akun saya"},
    }
    for username, must_have in expected.items():
        ctx = browser.new_context()
        page = ctx.new_page()
        login(page, app_url, username)
        logged_in(page)
        expect(heading(page, "Selamat")).to_be_visible()
        links = {
            t.strip().splitlines()[-1]
            for t in page.get_by_test_id("stSidebarNav").get_by_role("link").all_inner_texts()
        }
        assert must_have <= links, links
        assert "Pengguna" not in links
        no_exception(page)
        ctx.close()


def test_a_copied_cookie_stops_working_after_logout(browser, page, app_url):
    login(page, app_url, "officer")
    logged_in(page)
    cookie = auth_cookie(page)

    # Control: while the user is logged in, the copied cookie alone logs another browser in.
    before = browser.new_context()
    before.add_cookies([cookie])
    other = before.new_page()
    open_app(other, app_url)
    logged_in(other)
    before.close()

    logout(page)
    on_login_form(page)

    after = browser.new_context()
    after.add_cookies([cookie])
    thief = after.new_page()
    open_app(thief, app_url)
    on_login_form(thief)
    after.close()


def test_logging_out_in_one_browser_ends_the_session_in_another(browser, app_url):
    first_ctx, second_ctx = browser.new_context(), browser.new_context()
    first, second = first_ctx.new_page(), second_ctx.new_page()
    login(first, app_url, "trainer")
    login(second, app_url, "trainer")
    logged_in(first)
    logged_in(second)

    logout(second)
    first.get_by_test_id("stSidebarNav").get_by_role("link", name="Pegawai (ASN)").click()
    settle(first)
    on_login_form(first)
    first_ctx.close()
    second_ctx.close()


def test_a_wrong_password_says_only_that_login_failed(page, app_url):
    login(page, app_url, "manager", "bukan-sandinya")
    expect(page.get_by_text("Gagal masuk. Periksa nama pengguna dan kata sandi.")).to_be_visible()
    on_login_form(page)


def test_the_interface_switches_to_english(page, app_url):
    open_app(page, app_url)
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    settle(page)
    expect(page.get_by_role("textbox", name="Username")).to_be_visible()
    expect(heading(page, "Sigap · Log in")).to_be_visible()


def test_a_shared_link_opens_on_its_page_for_a_user_who_reads_english(browser, app_url, browser_db_url):
    """The saved language is applied without a rerun that would lose the page the link points at."""
    from sqlalchemy import update
    from sqlmodel import Session

    from models.core.accounts import User
    from services.core import db

    engine = db.make_engine(browser_db_url)

    def set_language(code):
        with Session(engine) as s:
            s.exec(update(User).where(User.username == "trainer").values(language=code))
            s.commit()

    set_language("en")
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        login(page, app_url, "trainer")
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        auth_cookie(page)
        shared = ctx.new_page()  # a colleague's link, opened in a new tab of the same browser
        open_app(shared, f"{app_url}/staff")
        expect(heading(shared, "Staff (ASN)")).to_be_visible()
        assert shared.url.endswith("/staff")
        no_exception(shared)
    finally:
        ctx.close()
        set_language("id")
        engine.dispose()


def test_a_link_to_a_page_the_user_may_not_open_lands_on_home_with_our_message(page, app_url):
    login(page, app_url, "officer")
    logged_in(page)
    auth_cookie(page)
    open_app(page, f"{app_url}/users")  # an admin's page, from a colleague's link or an old bookmark
    expect(page.get_by_text("Halaman yang Anda tuju tidak ada atau tidak boleh Anda buka.")).to_be_visible()
    expect(heading(page, "Selamat")).to_be_visible()
    expect(heading(page, "Pengguna")).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    logged_in(page)
    no_exception(page)


def test_a_deep_link_opened_before_login_opens_after_login(page, app_url):
    open_app(page, f"{app_url}/users")
    expect(page.get_by_text("Page not found")).to_have_count(0)
    on_login_form(page)
    page.get_by_role("textbox", name="Nama pengguna").fill("admin")
    page.get_by_role("textbox", name="Kata sandi").fill("demo1234")
    page.locator('[data-testid="stBaseButton-secondaryFormSubmit"]').click()
    settle(page)
    expect(heading(page, "Pengguna")).to_be_visible()
    assert page.url.endswith("/users")
    no_exception(page)


def test_an_address_that_names_no_page_gets_our_page_in_the_users_language(page, app_url):
    open_app(page, f"{app_url}/pengaduan-lama")  # a retired or mistyped link, before login
    expect(heading(page, "Halaman tidak ditemukan")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    page.get_by_role("textbox", name="Nama pengguna").fill("officer")  # signing in right there
    page.get_by_role("textbox", name="Kata sandi").fill("demo1234")
    page.locator('[data-testid="stBaseButton-secondaryFormSubmit"]').click()
    settle(page)
    logged_in(page)
    open_app(page, f"{app_url}/no-such-screen")
    expect(heading(page, "Halaman tidak ditemukan")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    page.get_by_role("link", name="Ke beranda").click()
    settle(page)
    expect(heading(page, "Selamat")).to_be_visible()
    for own_address in ("home", "login"):  # the home page's own addresses lead home, not to "not found"
        open_app(page, f"{app_url}/{own_address}")
        expect(heading(page, "Selamat")).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
    no_exception(page)


def test_the_first_visitor_after_a_start_on_a_deep_address_gets_no_page_not_found(page, tmp_root, browser_db_url):
    """A process just started (a deploy, a restart): its very first visitor opens a citizen's
    /status link. Streamlit would take our pages/ folder for its old layout on that first run and
    put its English "Page not found" dialog over the page; serve.py tells it otherwise."""
    from tests.browser.conftest import serve

    with serve(browser_db_url, tmp_root / "fresh-data", tmp_root / "streamlit-fresh.log") as fresh:
        open_app(page, f"{fresh}/status")
        expect(heading(page, "Cek status pengaduan")).to_be_visible()
        page.wait_for_timeout(1500)  # the dialog, when it comes, comes with the first run's messages
        expect(page.get_by_role("dialog")).to_have_count(0)
        expect(page.get_by_text("Page not found")).to_have_count(0)
