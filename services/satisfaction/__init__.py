"""Public satisfaction: the SKM survey (entry, import, kiosk), its IKM index, the published reports
and the managers' live dashboard."""

from models.core.base import Role
from services.core.modules import Module, PageSpec
from services.satisfaction import home

A, M, OF = Role.admin, Role.manager, Role.officer
EVERYONE = tuple(Role)
SECTION = "nav.section.satisfaction"

MODULE = Module(
    name="satisfaction",
    messages="satisfaction",
    sections={SECTION: 20},
    pages=(
        PageSpec(
            "pages/satisfaction/dashboard.py", "dashboard", "nav.dashboard", ":material/monitoring:", (A, M), SECTION
        ),
        PageSpec(
            "pages/satisfaction/reports.py", "ikm-reports", "nav.ikm_reports", ":material/summarize:", (A, M), SECTION
        ),
        PageSpec("pages/satisfaction/entry.py", "survey", "nav.survey_entry", ":material/edit_note:", (A, OF), SECTION),
        PageSpec(
            "pages/satisfaction/imports.py",
            "survey-import",
            "nav.survey_import",
            ":material/upload_file:",
            (A, OF),
            SECTION,
        ),  # fmt: skip
        PageSpec(
            "pages/satisfaction/service_users.py",
            "service-users",
            "nav.service_users",
            ":material/groups:",
            (A, OF),
            SECTION,
        ),  # fmt: skip
        PageSpec(
            "pages/satisfaction/kiosk.py", "kiosk", "nav.kiosk", ":material/tablet:", EVERYONE, SECTION, public=True
        ),
        PageSpec(
            "pages/satisfaction/kiosk_links.py",
            "kiosk-links",
            "nav.kiosk_links",
            ":material/qr_code_2:",
            (A,),
            "nav.section.admin",
        ),  # fmt: skip
    ),
    attention=(home.home_attention,),
    figures=(home.home_figures,),
    demo="seed.satisfaction:seed_satisfaction",
    scale="seed.satisfaction.scale:build",
    cli="cli.satisfaction:register",
)
