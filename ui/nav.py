"""The page registry: every screen, who may see it, and where it sits in the navigation.

A module adds its screens by adding PageSpec rows here; app.py builds the navigation for the
user's roles from this list only. (Services check access again: hiding a page is not security.)
"""

from __future__ import annotations

from dataclasses import dataclass

from models.base import Role

A, M, OF, OR, T = Role.admin, Role.manager, Role.officer, Role.organizer, Role.trainer
EVERYONE = tuple(Role)


@dataclass(frozen=True)
class PageSpec:
    path: str  # script under pages/
    url_path: str
    title_key: str
    icon: str
    roles: tuple[Role, ...]
    section: str  # catalogue key of the section heading
    public: bool = False  # reachable without a staff login (citizens, the counter kiosk); never in the sidebar


# Section order in the sidebar; modules without pages yet (forums, training) slot in here.
SECTIONS = (
    "nav.section.main",
    "nav.section.complaints",
    "nav.section.satisfaction",
    "nav.section.forums",
    "nav.section.training",
    "nav.section.people",
    "nav.section.admin",
    "nav.section.account",
)

PAGES: list[PageSpec] = [
    PageSpec("pages/home.py", "home", "nav.home", ":material/home:", EVERYONE, "nav.section.main"),
    PageSpec(
        "pages/complaint_queue.py",
        "complaints",
        "nav.complaint_queue",
        ":material/inbox:",
        (OF, M),
        "nav.section.complaints",
    ),
    PageSpec(
        "pages/complaint_intake.py",
        "complaints-new",
        "nav.complaint_intake",
        ":material/add_comment:",
        (OF,),
        "nav.section.complaints",
    ),
    PageSpec(
        "pages/complaint_detail.py",
        "complaint",
        "nav.complaint_detail",
        ":material/article:",
        (OF, M),
        "nav.section.complaints",
    ),
    PageSpec(
        "pages/complaint_status.py",
        "status",
        "nav.complaint_status",
        ":material/travel_explore:",
        EVERYONE,
        "nav.section.complaints",
        public=True,
    ),
    PageSpec(
        "pages/dashboard.py", "dashboard", "nav.dashboard", ":material/monitoring:", (A, M), "nav.section.satisfaction"
    ),
    PageSpec(
        "pages/ikm_reports.py",
        "ikm-reports",
        "nav.ikm_reports",
        ":material/summarize:",
        (A, M),
        "nav.section.satisfaction",
    ),
    PageSpec(
        "pages/survey_entry.py",
        "survey",
        "nav.survey_entry",
        ":material/edit_note:",
        (A, OF),
        "nav.section.satisfaction",
    ),
    PageSpec(
        "pages/survey_import.py",
        "survey-import",
        "nav.survey_import",
        ":material/upload_file:",
        (A, OF),
        "nav.section.satisfaction",
    ),
    PageSpec(
        "pages/survey_service_users.py",
        "service-users",
        "nav.service_users",
        ":material/groups:",
        (A, OF),
        "nav.section.satisfaction",
    ),
    PageSpec(
        "pages/kiosk.py", "kiosk", "nav.kiosk", ":material/tablet:", EVERYONE, "nav.section.satisfaction", public=True
    ),
    PageSpec("pages/staff.py", "staff", "nav.staff", ":material/badge:", (A, M, T), "nav.section.people"),
    PageSpec("pages/admin_users.py", "users", "nav.users", ":material/manage_accounts:", (A,), "nav.section.admin"),
    PageSpec("pages/admin_org.py", "units", "nav.units", ":material/apartment:", (A,), "nav.section.admin"),
    PageSpec("pages/admin_settings.py", "settings", "nav.settings", ":material/tune:", (A,), "nav.section.admin"),
    PageSpec("pages/admin_holidays.py", "holidays", "nav.holidays", ":material/event_busy:", (A,), "nav.section.admin"),
    PageSpec(
        "pages/admin_templates.py",
        "reply-templates",
        "nav.reply_templates",
        ":material/quick_phrases:",
        (A,),
        "nav.section.admin",
    ),
    PageSpec(
        "pages/admin_kiosk.py", "kiosk-links", "nav.kiosk_links", ":material/qr_code_2:", (A,), "nav.section.admin"
    ),
    PageSpec("pages/admin_audit.py", "audit", "nav.audit", ":material/history:", (A,), "nav.section.admin"),
    PageSpec("pages/account.py", "account", "nav.account", ":material/person:", EVERYONE, "nav.section.account"),
]


HOME = "pages/home.py"  # every role's landing page


def pages_for(roles) -> list[PageSpec]:
    """The sidebar pages a user holding `roles` may open, in registry order."""
    held = set(roles)
    return [p for p in PAGES if not p.public and held.intersection(p.roles)]


def public_pages() -> list[PageSpec]:
    """Pages anyone may open by URL; they check their own token or PIN in a service."""
    return [p for p in PAGES if p.public]


def refused_specs(roles) -> list[PageSpec]:
    """The screens a user holding `roles` may not open (None: not logged in), public pages aside."""
    allowed = set() if roles is None else {p.path for p in pages_for(roles)}
    return [p for p in PAGES if not p.public and p.path not in allowed]


def spec(path: str) -> PageSpec:
    return next(p for p in PAGES if p.path == path)
