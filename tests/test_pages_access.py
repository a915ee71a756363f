"""Every page opens for every role allowed to see it, and no other role can reach it."""

import pytest

from models.base import Role
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


def test_navigation_lists_only_the_users_pages(world):
    at = as_user("officer")
    assert not at.exception
    reachable = {p.path for p in nav.pages_for({Role.officer})}
    in_sidebar = {p.path for p in nav.PAGES if Role.officer in p.roles and not p.public}
    assert reachable == {"pages/home.py", "pages/account.py"} | in_sidebar


def test_without_login_only_the_login_form_is_shown(world):
    at = as_user(None)
    assert [t.value for t in at.title] == ["Sigap · Masuk"]
    with pytest.raises(ValueError):
        at.switch_page(str(ROOT / "pages/staff.py"))
