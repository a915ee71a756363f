"""The core: accounts, organisation, access, audit, settings, the national calendar, periods, the
database and the shared types every module uses. It names no module; modules name it."""

from models.core.base import Role
from services.core import home
from services.core.modules import Module, PageSpec

A, M, OF, OR, T = Role.admin, Role.manager, Role.officer, Role.organizer, Role.trainer
EVERYONE = tuple(Role)

MODULE = Module(
    name="core",
    messages="core",
    sections={
        "nav.section.main": 0,
        "nav.section.people": 80,
        "nav.section.admin": 90,
        "nav.section.account": 100,
    },
    pages=(
        PageSpec("pages/core/home.py", "home", "nav.home", ":material/home:", EVERYONE, "nav.section.main"),
        PageSpec("pages/core/staff.py", "staff", "nav.staff", ":material/badge:", (A, M, T), "nav.section.people"),
        PageSpec("pages/core/users.py", "users", "nav.users", ":material/manage_accounts:", (A,), "nav.section.admin"),
        PageSpec("pages/core/units.py", "units", "nav.units", ":material/apartment:", (A,), "nav.section.admin"),
        PageSpec("pages/core/settings.py", "settings", "nav.settings", ":material/tune:", (A,), "nav.section.admin"),
        PageSpec(
            "pages/core/holidays.py", "holidays", "nav.holidays", ":material/event_busy:", (A,), "nav.section.admin"
        ),
        PageSpec(
            "pages/core/audit.py", "audit", "nav.audit", ":material/history:", (A,), "nav.section.admin", order=90
        ),  # last of the admin screens
        PageSpec(
            "pages/core/account.py", "account", "nav.account", ":material/person:", EVERYONE, "nav.section.account"
        ),
    ),
    attention=(home.admin_attention,),
    figures=(home.people_figures,),
    demo="seed.core:seed_core",
    scale="seed.scale.org:build_org",
    cli="cli.core:register",
)
