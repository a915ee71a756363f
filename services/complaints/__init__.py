"""Complaint triage: intake, the queue, one report and its timeline, the workflow within the
working-day deadlines, attachments and exports, reply templates, the citizens' status page."""

from models.core.base import Role
from services.complaints import home, retention
from services.core.modules import Module, PageSpec, Panel

M, OF = Role.manager, Role.officer
A = Role.admin
EVERYONE = tuple(Role)
SECTION = "nav.section.complaints"

MODULE = Module(
    name="complaints",
    messages="complaints",
    sections={SECTION: 10},
    pages=(
        PageSpec(
            "pages/complaints/queue.py", "complaints", "nav.complaint_queue", ":material/inbox:", (OF, M), SECTION
        ),
        PageSpec(
            "pages/complaints/intake.py",
            "complaints-new",
            "nav.complaint_intake",
            ":material/add_comment:",
            (OF,),
            SECTION,
        ),  # fmt: skip
        PageSpec(
            "pages/complaints/detail.py", "complaint", "nav.complaint_detail", ":material/article:", (OF, M), SECTION
        ),
        PageSpec(
            "pages/complaints/status.py",
            "status",
            "nav.complaint_status",
            ":material/travel_explore:",
            EVERYONE,
            SECTION,
            public=True,
        ),  # fmt: skip
        PageSpec(
            "pages/complaints/data_requests.py",
            "data-requests",
            "nav.data_requests",
            ":material/person_search:",
            (A,),
            "nav.section.admin",
            order=80,
        ),  # fmt: skip
        PageSpec(
            "pages/complaints/templates.py",
            "reply-templates",
            "nav.reply_templates",
            ":material/quick_phrases:",
            (A,),
            "nav.section.admin",
        ),  # fmt: skip
    ),
    attention=(home.home_attention,),
    panels=(Panel("panel.complaints", "ui.complaints.panel:render"),),
    demo="seed.complaints:seed_complaints",
    scale="seed.complaints.scale:build",
    cli="cli.complaints:register",
    retention=retention.purge,
)
