"""Errors services raise; pages turn them into messages in the user's language.

Every error carries catalogue codes, never final text, so the same failure reads right in Bahasa
Indonesia and in English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from services.core import clock

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class FieldError:
    field: str | None  # form field name, None for the whole form
    code: str  # catalogue key without the "err." prefix
    params: dict[str, Any] = field(default_factory=dict)


class SigapError(Exception):
    code = "error"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(f"{self.code} {params}" if params else self.code)


class AccessDenied(SigapError):
    """The acting user may not do this (role or district scope)."""

    code = "access_denied"


class NotFound(SigapError):
    """No such record, or one the acting user may not know exists."""

    code = "not_found"


class ValidationFailed(SigapError):
    """Input refused; nothing was saved. `errors` name the fields and why."""

    code = "validation"

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("validation", errors=[(e.field, e.code) for e in errors])

    @classmethod
    def one(cls, field: str | None, code: str, **params: Any) -> ValidationFailed:
        return cls([FieldError(field, code, params)])


# pydantic error types that need no special message map to one generic message each.
_PYDANTIC_ALIASES = {
    "string_type": "invalid",
    "int_parsing": "number_invalid",
    "int_type": "number_invalid",
    "float_parsing": "number_invalid",
    "float_type": "number_invalid",
    "date_parsing": "date_invalid",
    "date_from_datetime_parsing": "date_invalid",
    "date_type": "date_invalid",
    "enum": "choice_invalid",
    "literal_error": "choice_invalid",
    "too_long": "too_many",
    "too_short": "too_few",
    "bool_parsing": "invalid",
    "none_required": "invalid",
}


def from_pydantic(exc: ValidationError) -> ValidationFailed:
    errors = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)]
        if err.get("input", ...) is None and err["type"].endswith("_type"):
            code = "required"  # an empty select or number field: say it is required, not "wrong type"
        else:
            code = _PYDANTIC_ALIASES.get(err["type"], err["type"])
        ctx = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, (int, float, str))}
        errors.append(FieldError(loc[0] if loc else None, code, ctx))
    return ValidationFailed(errors)


def validate(model: type[M], data: Mapping[str, Any] | BaseModel) -> M:
    """Validate form data through a Create/Update model, raising ValidationFailed with codes."""
    if isinstance(data, BaseModel):
        data = data.model_dump(exclude_unset=True)
    try:
        # The app's today (in its time zone) for rules like "not in the future"; models stay free of it.
        return model.model_validate(dict(data), context={"today": clock.today()})
    except ValidationError as exc:
        raise from_pydantic(exc) from None
