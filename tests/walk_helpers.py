"""Shared by the access walks (tests/test_access_walk*.py): the service functions they call."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable

import services

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
