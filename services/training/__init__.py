"""Staff development: the programme catalogue, cohorts and their sessions, enrolment with a
waitlist, attendance and scores, completion with certificates and their public check, the 20-JP
ledger with the SIASN export, ASN Berprestasi, and whether training moves a unit's service."""

from models.core.base import Role
from services.core.modules import Module, PageSpec, Panel
from services.training import home

T, A, M, OF = Role.trainer, Role.admin, Role.manager, Role.officer
EVERYONE = tuple(Role)
SECTION = "nav.section.training"


def _page(script: str, url: str, title: str, icon: str, roles, order: int, **kw) -> PageSpec:
    return PageSpec(f"pages/training/{script}.py", url, title, icon, roles, SECTION, order=order, **kw)


MODULE = Module(
    name="training",
    messages="training",
    sections={SECTION: 40},
    pages=(
        _page("cohorts", "training-cohorts", "nav.training_cohorts", ":material/groups:", (T, A, M), 10),
        _page("cohort", "training-cohort", "nav.training_cohort", ":material/event_note:", (T, A, M), 20),
        _page("attendance", "training-attendance", "nav.training_attendance", ":material/fact_check:", (T, A), 30),
        _page(
            "completion",
            "training-completion",
            "nav.training_completion",
            ":material/workspace_premium:",
            (T, A, M),
            40,
        ),
        _page("ledger", "training-ledger", "nav.training_ledger", ":material/timer:", (T, A, M, OF), 50),
        _page(
            "berprestasi",
            "training-berprestasi",
            "nav.training_berprestasi",
            ":material/military_tech:",
            (T, A, M, OF),
            60,
        ),
        _page("catalogue", "training-catalogue", "nav.training_catalogue", ":material/menu_book:", (T, A, M), 70),
        _page("verify", "verify", "nav.training_verify", ":material/verified:", EVERYONE, 80, public=True),
    ),
    attention=(home.home_attention,),
    figures=(home.home_figures,),
    panels=(Panel("panel.training", "ui.training.panel:render"),),
    demo="seed.training:seed_training",
    scale="seed.training.scale:build",
    cli="cli.training:register",
)
