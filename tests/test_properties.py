"""Bad input never crashes (property-based, hypothesis): any input to every Create/Update model, every
import parser and every reader of typed or URL text gives a result or a clear refusal
(ValidationFailed, with a code the catalogue can word), never an unhandled exception."""

from __future__ import annotations

import inspect
import pkgutil
from datetime import date

import pytest  # noqa: F401
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import SQLModel

import models
from services import i18n
from services.core import periods
from services.core.errors import ValidationFailed, validate

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# What a form, a pasted grid, a CSV cell or a URL can hand us.
WILD = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.text(alphabet="0123456789-+ .,:/()@", max_size=25),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.lists(st.text(max_size=10), max_size=3),
    st.just("<script>alert(1)</script>"),
    st.just('=HYPERLINK("http://x")'),
    st.just("\x00\u202e\ufeff"),
)


def _input_models() -> list[type[SQLModel]]:
    found = {}
    for info in pkgutil.walk_packages(models.__path__, prefix="models."):
        module = __import__(info.name, fromlist=["_"])
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, SQLModel)
                and not getattr(obj, "__table__", None) is not None
                and name.endswith(("Create", "Update", "Change", "Answers", "Row"))
                and obj.__module__ == module.__name__
            ):
                found[f"{obj.__module__}.{name}"] = obj
    return [found[k] for k in sorted(found)]


INPUT_MODELS = _input_models()


def test_every_module_has_input_models_under_test():
    modules = {m.__module__.split(".")[1] for m in INPUT_MODELS}
    assert {"core", "complaints", "satisfaction"} <= modules, modules


def _refusal_is_worded(exc: ValidationFailed) -> None:
    """Each refusal has words in both languages with its placeholders filled (a missing one raises)."""
    for error in exc.errors:
        for lang in ("id", "en"):
            assert i18n.error_text(error.code, lang, error.params), error.code


@pytest.mark.parametrize("model", INPUT_MODELS, ids=lambda m: f"{m.__module__}.{m.__name__}")
@SETTINGS
@given(data=st.data())
def test_any_form_input_is_saved_or_refused_with_a_message(model, data):
    fields = list(model.model_fields)
    values = data.draw(st.fixed_dictionaries({}, optional={f: WILD for f in fields}))
    extra = data.draw(st.dictionaries(st.text(max_size=8), WILD, max_size=2))
    try:
        validate(model, {**extra, **values})
    except ValidationFailed as exc:
        _refusal_is_worded(exc)


@SETTINGS
@given(text=st.text(max_size=30))
def test_any_period_code_parses_or_is_refused(text):
    try:
        p = periods.parse(text)
    except ValidationFailed as exc:
        _refusal_is_worded(exc)
    else:
        assert p.start <= p.end


@SETTINGS
@given(text=st.text(max_size=40))
def test_any_typed_tracking_id_is_normalised_without_crashing(text):
    from models.complaints import normalise_tracking_id

    assert isinstance(normalise_tracking_id(text), str)


@SETTINGS
@given(name=st.one_of(st.none(), st.text(max_size=20)))
def test_any_queue_preset_in_the_url_is_a_filter_or_refused(name):
    from services.complaints import triage

    try:
        triage.preset(name)
    except (ValidationFailed, KeyError, ValueError):
        pass  # the page treats an unknown ?show= as no preset


# --- import parsers, on the database -----------------------------------------------------------

HEADER = "date,u1,u2,u3,u4,u5,u6,u7,u8,u9,gender,age\n"
CSV_CELL = st.one_of(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12), st.integers(-5, 9))


@SETTINGS
@given(
    raw=st.one_of(
        st.binary(max_size=400),
        st.lists(st.lists(CSV_CELL, min_size=1, max_size=12), max_size=6).map(
            lambda rows: (
                "date,u1,u2,u3,u4,u5,u6,u7,u8,u9,gender,age\n" + "\n".join(",".join(map(str, r)) for r in rows)
            ).encode()
        ),
    ),
    name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a"]),
)
def test_any_skm_file_gives_a_preview_or_a_refusal(session, world, raw, name):
    from services.satisfaction import imports

    try:
        preview = imports.parse_import(session, world["officer"], raw, name)
    except ValidationFailed as exc:
        _refusal_is_worded(exc)
    else:
        for e in [*preview.file_errors, *preview.errors]:
            assert i18n.error_text(e.code, "en", e.params)
    session.rollback()
