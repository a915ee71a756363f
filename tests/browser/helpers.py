"""Steps of a browser story, waiting on the app's own signals instead of sleeping."""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

DEMO_PASSWORD = "demo1234"


def settle(page: Page) -> None:
    """Wait until the run an action asked for is over. The app marks a requested run on its root
    only at its next render, a few milliseconds after the click or key press: first give it that
    moment to show the run (a short wait, passed over when the run is already done or none was
    asked for), then wait until no run is going on. Checks after an action are still auto-retrying
    `expect`s on what the user should see next."""
    try:
        page.wait_for_selector("[data-testid='stApp']:not([data-test-script-state='notRunning'])", timeout=400)
    except PlaywrightTimeoutError:
        pass
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000)


def heading(page: Page, text: str):
    return page.get_by_role("heading", name=text, exact=False).first


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    settle(page)


def login(page: Page, url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    open_app(page, url)
    expect(page.get_by_role("textbox", name="Nama pengguna")).to_be_visible()
    page.get_by_role("textbox", name="Nama pengguna").fill(username)
    page.get_by_role("textbox", name="Kata sandi").fill(password)
    page.locator('[data-testid="stBaseButton-secondaryFormSubmit"]').click()
    settle(page)


def logged_in(page: Page) -> None:
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()


def on_login_form(page: Page) -> None:
    # First wait for the logged-in frame to go (the old page may still be on screen for a moment).
    expect(page.get_by_role("button", name="Keluar")).to_have_count(0)
    expect(page.get_by_test_id("stForm").get_by_role("textbox", name="Nama pengguna")).to_be_visible()
    expect(heading(page, "Sigap · Masuk")).to_be_visible()


def no_exception(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def auth_cookie(page: Page, name: str = "sigap_auth", timeout: float = 15) -> dict:
    """The login cookie, once the browser has stored it (it is written by a component after login)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for cookie in page.context.cookies():
            if cookie["name"] == name and cookie["value"]:
                return cookie
        page.wait_for_timeout(200)
    raise AssertionError("the login cookie was never written")


def logout(page: Page) -> None:
    """Log out and wait for the login form: only then has the logout run (and ended the user's
    sessions in the database); settle() alone may return before that run has even started."""
    page.get_by_role("button", name="Keluar").click()
    settle(page)
    on_login_form(page)
