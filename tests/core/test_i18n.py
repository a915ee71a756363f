"""Every visible string comes from the catalogue, in both languages, with matching placeholders."""

import re
import string
from pathlib import Path

import pytest

from models.core.base import Role
from models.core.org import DistrictKind
from services import i18n
from services.complaints import rules as complaint_rules
from services.core import settings
from ui import nav
from ui.satisfaction import widgets as satisfaction_ui

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for d in ("pages", "ui", "services", "models", "seed", "cli") for p in (ROOT / d).rglob("*.py")] + [
    ROOT / "app.py",
    ROOT / "manage.py",
]
CATALOGUE = ROOT / "services" / "i18n"
# tr("key"), t("key", ...), i18n.t("key"), and keys handed to Attention/Figure/PageSpec.
KEY_RE = re.compile(r"""(?:\btr|\bi18n\.t|\bt)\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
FIELD_KEY_RE = re.compile(r"""["']((?:home|nav|err|role|setting|settings)\.[a-z0-9_.]+)["']""")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def forms(text) -> list[str]:
    """A message's texts: itself, or each plural form of a count-aware message."""
    if isinstance(text, dict):
        assert "other" in text, text
        return list(text.values())
    return [text]


def test_every_message_has_both_languages_and_the_same_placeholders():
    for key, (indonesian, english) in i18n.CATALOG.items():
        for a in forms(indonesian):
            for b in forms(english):
                assert a.strip() and b.strip(), key
                assert placeholders(a) == placeholders(b), key


@pytest.mark.parametrize(
    ("n", "lang", "text"),
    [
        (1, "en", "1 complaint is due today."),
        (2, "en", "2 complaints are due today."),
        (0, "en", "0 complaints are due today."),
        (1234, "en", "1,234 complaints are due today."),
        (1, "id", "1 pengaduan jatuh tempo hari ini."),
        (1234, "id", "1.234 pengaduan jatuh tempo hari ini."),
    ],
)
def test_counts_take_the_plural_form_of_the_language_and_its_number_format(n, lang, text):
    assert i18n.t("home.att.complaints_due_today", lang, n=n) == text


def test_a_count_shown_as_text_takes_the_general_form():
    assert i18n.t("common.rows_total", "en", n="about 5") == "about 5 rows"


def keys_in_code() -> set[str]:
    found = set()
    for path in SOURCES:
        text = path.read_text()
        found |= set(KEY_RE.findall(text))
        if CATALOGUE not in path.parents:
            found |= {k for k in FIELD_KEY_RE.findall(text) if not k.endswith(".")}
    return found


def test_every_key_used_in_code_exists():
    missing = sorted(k for k in keys_in_code() if not i18n.has(k))
    assert not missing, f"missing catalogue keys: {missing}"


def test_keys_built_at_run_time_exist():
    built = [f"role.{r}" for r in Role] + [f"role.{r}.about" for r in Role]
    built += [f"district_kind.{k}" for k in DistrictKind] + ["gender.L", "gender.P"]
    built += [p.title_key for p in nav.PAGES] + list(nav.SECTIONS)
    built += complaint_rules.message_keys()  # states, actions, categories, channels, ... of complaints
    built += satisfaction_ui.message_keys()  # elements, answers, grades, profile choices, dashboard levels
    built += [f"setting.{k}" for k in settings.DEFINITIONS] + [
        f"settings.group.{d.group}" for d in settings.DEFINITIONS.values()
    ]
    missing = [k for k in built if not i18n.has(k)]
    assert not missing, missing


def test_a_missing_key_shows_itself_rather_than_crashing():
    assert i18n.t("no.such.key", "en") == "no.such.key"


@pytest.mark.parametrize(
    "lang, number, text",
    [("id", 1234.5, "1.234,5"), ("en", 1234.5, "1,234.5"), ("id", 82.156, "82,16"), ("en", 1000000, "1,000,000")],
)
def test_numbers_follow_the_locale(lang, number, text):
    decimals = 2 if number == 82.156 else None
    assert i18n.fmt_number(number, lang, decimals) == text


@pytest.mark.parametrize(
    "lang, size, text",
    [("id", 2970, "2,9 kB"), ("en", 2970, "2.9 kB"), ("id", 5 * 1024**2, "5 MB"), ("en", 1536 * 1024, "1.5 MB")],
)
def test_file_sizes_follow_the_locale(lang, size, text):
    assert i18n.fmt_file_size(size, lang) == text


def test_dates_read_day_month_year_in_both_languages():
    from datetime import date

    assert i18n.fmt_date(date(2026, 11, 23), "id") == "23 Nov 2026"
    assert i18n.fmt_date(date(2026, 8, 17), "id") == "17 Agu 2026"
    assert i18n.fmt_date(date(2026, 8, 17), "en") == "17 Aug 2026"


def test_error_text_falls_back_to_a_generic_message():
    assert i18n.error_text("nip_length", "id") == "NIP harus tepat 18 digit angka."
    assert i18n.error_text("some_new_code", "en") == i18n.t("err.invalid", "en")


AUDIT_CALL_RE = re.compile(
    r"""audit\.record\(\s*session,\s*\w+,\s*(?:"([a-z_]+)"|(.+?)),\s*"([a-z_]+)"(.*?)\)\s*(?:#|$)""", re.S | re.M
)
NOTE_CODE_RE = re.compile(r"""note=(?:"([a-z_]+)"(?:\s+if\s+\w+\s+else\s+"([a-z_]+)")?)""")


def test_every_audited_action_record_type_and_note_code_has_a_label_on_the_audit_page():
    """The audit page shows codes through the catalogue; a code without a label would show raw."""
    actions, entities, notes = set(), set(), set()
    for path in (ROOT / "services").rglob("*.py"):
        for action, expr, entity, rest in AUDIT_CALL_RE.findall(path.read_text()):
            actions |= {action} if action else set(re.findall(r'"([a-z_]+)"', expr))
            entities.add(entity)
            for pair in NOTE_CODE_RE.findall(rest):
                notes |= {n for n in pair if n}
    assert {"reveal", "import", "login_failed"} <= actions and {"complaint", "kiosk_link"} <= entities
    assert {"contact", "with_personal_data"} <= notes
    missing = sorted(
        f"audit.{kind}.{code}"
        for kind, codes in (("action", actions), ("entity", entities), ("note", notes))
        for code in codes
        if f"audit.{kind}.{code}" not in i18n.CATALOG
    )
    assert not missing, missing
