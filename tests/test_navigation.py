"""Every page opens for every role allowed to see it, and no other role can reach it."""

import pytest
import streamlit as st

from models.core.base import Role
from services import i18n
from tests.apptest import ROOT, as_user, open_page
from ui import nav

ROLE_USER = {
    Role.admin: "admin",
    Role.manager: "manager",
    Role.officer: "officer",
    Role.organizer: "organizer",
    Role.trainer: "trainer",
}
CASES = [(spec.path, role) for spec in nav.PAGES for role in Role]


@pytest.mark.parametrize("path, role", CASES, ids=[f"{p.split('/')[-1]}-{r}" for p, r in CASES])
def test_page_opens_only_for_its_roles(world, path, role):
    spec = nav.spec(path)
    if role in spec.roles:
        at = open_page(ROLE_USER[role], path)
        assert not at.exception, at.exception
        assert at.title, "every page has a title"
    else:
        at = as_user(ROLE_USER[role])
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(str(ROOT / path))


def rendered_navigation(monkeypatch, username: str) -> dict[str, list[str]]:
    """The sidebar the app draws for `username`: {section: [page title, ...]}, hidden pages left out."""
    drawn = {}
    real = st.navigation

    def spy(pages, **kwargs):
        drawn.update(pages if isinstance(pages, dict) else {"": pages})
        return real(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", spy)
    at = as_user(username)
    assert not at.exception, at.exception
    return {
        section: [p.title for p in pages if p.visibility == "visible"]
        for section, pages in drawn.items()
        if any(p.visibility == "visible" for p in pages)
    }


@pytest.mark.parametrize("role", list(Role))
def test_the_sidebar_shows_exactly_the_pages_of_the_users_roles(world, monkeypatch, role):
    sidebar = rendered_navigation(monkeypatch, ROLE_USER[role])
    shown = [title for titles in sidebar.values() for title in titles]
    expected = [i18n.t(p.title_key) for p in nav.PAGES if role in p.roles and not p.public]
    assert shown == expected
    assert list(sidebar) == [i18n.t(s) for s in nav.SECTIONS if i18n.t(s) in sidebar]  # in registry order
    assert {"Beranda", "Akun saya"} <= set(shown)
    admin_pages = {"Pengguna", "Wilayah & unit", "Pengaturan", "Log audit"}
    assert admin_pages <= set(shown) if role == Role.admin else not admin_pages & set(shown)
    assert ("Pegawai (ASN)" in shown) == (role in (Role.admin, Role.manager, Role.trainer))
    assert not {"Cek status pengaduan", "Kios survei"} & set(shown)  # public pages stay out of the sidebar


def test_a_user_with_two_roles_sees_the_pages_of_both(world, monkeypatch):
    from services.core import accounts, db

    with db.session_scope() as s:
        accounts.update_user(s, world["admin"], world["organizer"].id, {"roles": ["organizer", "trainer"]})
    shown = {t for titles in rendered_navigation(monkeypatch, "organizer").values() for t in titles}
    assert "Pegawai (ASN)" in shown and "Pengguna" not in shown


def test_without_login_only_the_login_form_is_shown(world):
    at = as_user(None)
    assert [t.value for t in at.title] == ["Sigap · Masuk"]
    with pytest.raises(ValueError):
        at.switch_page(str(ROOT / "pages/core/staff.py"))
