"""The one catalogue of visible text, and locale formatting with Babel.

Each module of the app keeps its messages in `services/i18n/<module>.py` (named by its Module's
`messages`) as `MESSAGES = {key: (bahasa_indonesia, english)}`; every such file in this folder is
found and merged here, so a new module adds its file and touches nothing else. Bahasa Indonesia is
the default. A test fails when a key used in code is missing or a message lacks a language.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date, datetime

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from services.core import clock

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
# English dates in day-month order ("23 Nov 2026"), as an Indonesian reader of English expects.
BABEL_LOCALE = {"id": "id_ID", "en": "en_GB"}

# Every catalogue file beside this one, core first (its keys are the shared ones).
_NAMES = sorted((m.name for m in pkgutil.iter_modules(__path__)), key=lambda name: (name != "core", name))
_MODULES = [importlib.import_module(f"{__name__}.{name}") for name in _NAMES]
CATALOGUES: tuple[str, ...] = tuple(_NAMES)


def _merge() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for module in _MODULES:
        for key, pair in module.MESSAGES.items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} defined twice")
            merged[key] = pair
    return merged


CATALOG: dict[str, tuple[str, str]] = _merge()


def _text(pair, lang: str, params: dict):
    """The message in `lang`; a count-aware message ({"one": ..., "other": ...}, CLDR's plural
    categories) takes the form Babel's plural rule gives for the number `n`, and a whole `n` is
    written the locale's way (1.234 in Bahasa Indonesia, 1,234 in English)."""
    text = pair[0] if lang != "en" else pair[1]
    n = params.get("n")
    if isinstance(text, dict):
        form = Locale.parse(_locale(lang)).plural_form(n) if isinstance(n, (int, float)) else "other"
        text = text.get(form, text["other"])
    if isinstance(n, int) and not isinstance(n, bool):
        params = {**params, "n": fmt_number(n, lang)}
    return text, params


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params) -> str:
    """The message `key` in `lang`, with {placeholders} filled from params (a count as `n`)."""
    pair = CATALOG.get(key)
    if pair is None:
        return key  # visible, and tests/core/test_i18n.py catches it before it ships
    text, params = _text(pair, lang, params)
    return text.format(**params) if params else text


def has(key: str) -> bool:
    return key in CATALOG


class _KeepMissing(dict):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def label(key: str, fallback: str, lang: str = DEFAULT_LANGUAGE, params: dict | None = None) -> str:
    """The message `key` for a code kept in data (an audit action, entity or note), or `fallback`
    (the code itself) when the catalogue has none, so another module's new code still shows.
    Placeholders are filled from `params` where they can be; the others stay visible."""
    pair = CATALOG.get(key)
    if pair is None:
        return fallback
    text, params = _text(pair, lang, params or {})
    return text.format_map(_KeepMissing(params))


def error_text(code: str, lang: str, params: dict | None = None) -> str:
    key = f"err.{code}"
    return t(key if key in CATALOG else "err.invalid", lang, **(params or {}))


# --- formatting -----------------------------------------------------------------------------


def _locale(lang: str) -> str:
    return BABEL_LOCALE.get(lang, BABEL_LOCALE[DEFAULT_LANGUAGE])


def fmt_date(value: date | datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """23 Nov 2026 (both languages; month names per language)."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = clock.local_datetime(value).date()
    return babel_dates.format_date(value, "d MMM y", locale=_locale(lang))


def fmt_datetime(value: datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """23 Nov 2026 14.05 in the app's time zone."""
    if value is None:
        return "–"
    local = clock.local_datetime(value)
    return babel_dates.format_datetime(local, "d MMM y HH.mm", locale=_locale(lang))


def fmt_number(value: float | int | None, lang: str = DEFAULT_LANGUAGE, decimals: int | None = None) -> str:
    """1.234,5 in Bahasa Indonesia, 1,234.5 in English; `decimals` fixes the digits after the point."""
    if value is None:
        return "–"
    if decimals is None:
        return babel_numbers.format_decimal(value, locale=_locale(lang))
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=_locale(lang), decimal_quantization=True)


def fmt_percent(value: float | None, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + " %"
    return babel_numbers.format_percent(value, format=pattern, locale=_locale(lang))


def fmt_file_size(size: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """'512 byte', '12,5 kB', '1,2 MB' (Babel's units, per language)."""
    from babel.units import format_unit

    if size < 1024:
        return format_unit(size, "digital-byte", length="short", locale=_locale(lang))
    unit, value = ("digital-kilobyte", size / 1024) if size < 1024 * 1024 else ("digital-megabyte", size / 1024**2)
    return format_unit(round(value, 1), unit, length="short", format="#,##0.#", locale=_locale(lang))


def fmt_weekday(value: date, lang: str = DEFAULT_LANGUAGE) -> str:
    """Senin, Selasa, ... (Monday, ... in English)."""
    return babel_dates.format_date(value, "EEEE", locale=_locale(lang))


def month_names(lang: str = DEFAULT_LANGUAGE, width: str = "abbreviated") -> list[str]:
    names = babel_dates.get_month_names(width, locale=_locale(lang))
    return [names[i] for i in range(1, 13)]
