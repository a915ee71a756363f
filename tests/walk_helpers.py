"""Shared by the access walks (tests/test_access_walk*.py): the service functions they call."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import io
import pkgutil
from collections.abc import Callable

import services
from tests.pdfs import pdf_text

# Functions no walk calls: they act on what their caller already checked.
NOT_WALKED = {
    "services.core.audit.record": "the audit log's writer: it records what its caller did, after the caller's checks",
}


def discover_all() -> dict[str, Callable]:
    """{dotted name: function} for every public service function taking `(session, actor, ...)`."""
    found = {}
    for info in pkgutil.walk_packages(services.__path__, "services."):
        if info.name.startswith("services.i18n"):
            continue
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            dotted = f"{module.__name__}.{name}"
            if list(inspect.signature(fn).parameters)[:2] == ["session", "actor"] and dotted not in NOT_WALKED:
                found[dotted] = fn
    return dict(sorted(found.items()))


def text_of(value) -> str:
    """What a caller could read in the value: repr, with XLSX cells and PDF text read out."""
    if isinstance(value, bytes | bytearray):
        data = bytes(value)
        if data.startswith(b"PK"):
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            return " ".join(str(c) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r)
        if data.startswith(b"%PDF"):
            return pdf_text(data)
        return data.decode("utf-8", "replace")
    if hasattr(value, "to_csv"):  # a DataFrame
        return value.to_csv()
    if isinstance(value, dict):
        return " ".join(f"{text_of(k)}: {text_of(v)}" for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return " ".join(text_of(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return " ".join(text_of(getattr(value, f.name)) for f in dataclasses.fields(value))
    if inspect.isgenerator(value):
        return text_of(list(value))
    return repr(value)


def calls(records: dict, variants: dict[str, list[dict]]):
    """(dotted name, function, keyword arguments) for every service function (discover_all) and each of
    its variants: the walk's record for a parameter named in `records`, a value of VALUES, {} for a
    data dict, None otherwise; defaults stay."""
    from tests.test_access_walk import VALUES

    for name, fn in discover_all().items():
        base = {}
        for param, p in list(inspect.signature(fn).parameters.items())[2:]:
            if p.default is not inspect.Parameter.empty:
                continue
            base[param] = records.get(param, VALUES.get(param, {} if param == "data" else None))
        yield name, fn, base
        for extra in variants.get(name, []):
            yield name, fn, {**base, **extra}


def reveal(session, fn, actor, kwargs, markers) -> tuple[str, list[str]]:
    """(what the call did, the markers found in what it returned or in its error's words)."""
    try:
        text = text_of(fn(session, actor, **kwargs))
        outcome = "returned"
    except Exception as exc:  # noqa: BLE001 (an error's words may leak too)
        text = f"{exc!s} {getattr(exc, 'errors', '')!r}"
        outcome = type(exc).__name__
    finally:
        session.rollback()
    low = text.lower()
    return outcome, [m for m in markers if m in low]
