"""Reply templates: public reply texts per category and state."""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, col, select

from models.complaints import ResponseTemplate, TemplateCreate, TemplatePublic
from models.core.base import Role, utcnow
from services.complaints.steps import _user_id
from services.core import audit
from services.core.access import Actor, installation_admin, require
from services.core.errors import NotFound, ValidationFailed, validate

# --- reply templates --------------------------------------------------------------------------------


def templates_for(session: Session, actor: Actor, category: str | None, state: str) -> list[TemplatePublic]:
    """Active templates for a reply leading to `state`: the category's own first, then general ones."""
    require(actor, Role.officer, Role.admin)
    rows = session.exec(
        select(ResponseTemplate).where(
            ResponseTemplate.active == True,  # noqa: E712
            ResponseTemplate.state == state,
            or_(ResponseTemplate.category == category, col(ResponseTemplate.category).is_(None)),
        )
    ).all()
    rows = sorted(rows, key=lambda r: (r.category is None, r.title))
    return [TemplatePublic.model_validate(r) for r in rows]


def fill_template(body: str, values: dict[str, str]) -> str:
    """The template with {placeholders} filled; unknown ones stay as written."""

    class Keep(dict):
        def __missing__(self, key):
            return "{" + key + "}"

    try:
        return body.format_map(Keep(values))
    except (ValueError, IndexError):
        return body


def list_templates(session: Session, actor: Actor) -> list[TemplatePublic]:
    require(actor, Role.admin)
    rows = session.exec(select(ResponseTemplate).order_by(ResponseTemplate.state, ResponseTemplate.category)).all()
    return [TemplatePublic.model_validate(r) for r in rows]


def save_template(session: Session, actor: Actor, data: dict, template_id: int | None = None) -> TemplatePublic:
    """Add a template, or change one. Templates serve every district, so, like the holiday calendar and
    the settings, only an admin of all districts changes them."""
    _require_installation_admin(actor)
    new = validate(TemplateCreate, data)
    if template_id is None:
        row = ResponseTemplate(**new.model_dump(mode="json"), updated_by=_user_id(actor))
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", "response_template", row.id, after=new)
    else:
        row = session.get(ResponseTemplate, template_id)
        if row is None:
            raise NotFound()
        before = TemplatePublic.model_validate(row).model_dump(mode="json")
        row.sqlmodel_update({**new.model_dump(mode="json"), "updated_by": _user_id(actor), "updated_at": utcnow()})
        session.add(row)
        session.flush()
        b, a = audit.diff(before, TemplatePublic.model_validate(row).model_dump(mode="json"))
        audit.record(session, actor, "update", "response_template", row.id, b, a)
    return TemplatePublic.model_validate(row)


def delete_template(session: Session, actor: Actor, template_id: int) -> None:
    _require_installation_admin(actor)
    row = session.get(ResponseTemplate, template_id)
    if row is None:
        raise NotFound()
    audit.record(session, actor, "delete", "response_template", row.id, before=TemplatePublic.model_validate(row))
    session.delete(row)


def may_edit(actor: Actor) -> bool:
    """Whether the actor may add, change or delete templates (they serve every district)."""
    return actor.has(Role.admin) and installation_admin(actor)


def _require_installation_admin(actor: Actor) -> None:
    require(actor, Role.admin)
    if not installation_admin(actor):
        raise ValidationFailed.one(None, "templates_installation_only")
