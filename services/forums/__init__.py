"""Community forums: forum diskusi, musyawarah and outreach visits; what citizens said there; the
follow-up units owe; items turned into complaints and back; and "you said, we did", also in public."""

from models.core.base import Role
from services.core.modules import Module, PageSpec, Panel
from services.forums import home, links, retention

ORG, M, OF, A = Role.organizer, Role.manager, Role.officer, Role.admin
EVERYONE = tuple(Role)
SECTION = "nav.section.forums"

MODULE = Module(
    name="forums",
    messages="forums",
    sections={SECTION: 30},
    pages=(
        PageSpec("pages/forums/list.py", "forums", "nav.forum_list", ":material/groups:", (ORG, M, OF), SECTION),
        PageSpec("pages/forums/forum.py", "forum", "nav.forum_detail", ":material/event_note:", (ORG, M, OF), SECTION),
        PageSpec("pages/forums/items.py", "forum-items", "nav.forum_items", ":material/table_edit:", (ORG,), SECTION),
        PageSpec(
            "pages/forums/actions.py",
            "forum-actions",
            "nav.forum_actions",
            ":material/task_alt:",
            (ORG, M, OF),
            SECTION,
        ),
        PageSpec(
            "pages/forums/board.py", "forum-board", "nav.forum_board", ":material/view_kanban:", (ORG, M, OF), SECTION
        ),
        PageSpec(
            "pages/forums/report.py", "forum-you-said", "nav.forum_you_said", ":material/campaign:", (ORG, M), SECTION
        ),
        PageSpec(
            "pages/forums/public.py",
            "forum-report",
            "nav.forum_public",
            ":material/public:",
            EVERYONE,
            SECTION,
            public=True,
        ),  # fmt: skip
        PageSpec("pages/forums/tags.py", "forum-tags", "nav.forum_tags", ":material/sell:", (A,), "nav.section.admin"),
    ),
    attention=(home.home_attention,),
    figures=(home.home_figures,),
    panels=(Panel("panel.forums", "ui.forums.panel:render"),),
    demo="seed.forums:seed_forums",
    scale="seed.forums.scale:build",
    cli="cli.forums:register",
    retention=retention.purge,
    origins=(links.complaint_origins,),
)
