"""What one simulated user does: log in through the real form, walk the sidebar pages of its role, and
(for the officers) file complaints and type survey forms, each carrying a marker to find it later.

Every run is checked the way a person looking at the screen would judge it (`failures`):
- an exception element (a traceback on the page) is an error; so is a script that does not compile;
- Sigap shows its own failures as alerts with fixed catalogue texts: a refused form, a refused page,
  a record not found, the database out of reach, a failed login. Those count, in either language.
  Other red alerts are content (the home page lists overdue complaints in red) and do not;
- a save that does not end with its success message is an error ("not_confirmed");
- a dropped socket or a run that never finishes is counted by the runner ("dropped").
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from loadtest.protocol import Run, Tab
from services import i18n

DEMO_PASSWORD = "demo1234"
# The demo seed's accounts of the roles that use the app day to day (admin is left out: few people).
ACCOUNTS = ("officer", "manager", "organizer", "trainer", "petugas.dukcapil", "petugas.perizinan")
WRITERS = {"officer", "petugas.dukcapil", "petugas.perizinan"}  # staff who file complaints and type forms

# Catalogue keys of the app's own failure messages (services/i18n): an alert opening with one is an error.
FAILURE_KEYS = {
    "err.form_not_saved": "refused_input",
    "err.access_denied": "access_denied",
    "err.not_found": "not_found",
    "db.unavailable": "db_unavailable",
    "login.failed": "login_failed",
    "nav.page_refused": "page_refused",
}
SUCCESS = 4  # streamlit.proto Alert.Format.SUCCESS


def _failure_texts() -> list[tuple[str, str]]:
    return [(i18n.t(key, lang), kind) for key, kind in FAILURE_KEYS.items() for lang in i18n.LANGUAGES]


FAILURE_TEXTS = _failure_texts()


def failures(run: Run) -> list[tuple[str, str]]:
    """(kind, detail) for every sign of failure on the screen a run drew."""
    found = []
    if run.compile_error:
        found.append(("compile_error", "the page script did not compile"))
    for e in run.elements:
        kind = e.WhichOneof("type")
        if kind == "exception":
            found.append(("exception", f"{e.exception.type}: {e.exception.message}"[:300]))
        elif kind == "alert":
            for text, failure in FAILURE_TEXTS:
                if e.alert.body.startswith(text):
                    found.append((failure, e.alert.body[:300]))
                    break
    return found


class FlowError(Exception):
    """The screen did not offer what the user needed next (a form field, a button, a success message)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


@dataclass
class Write:
    """One record a user saved: what it is and the marker text it carries."""

    kind: str  # "complaint" or "survey_response"
    marker: str
    user: str


@dataclass
class Journal:
    """What a user saw: run times per page, failures, and the writes the app confirmed."""

    timings: list[tuple[str, float]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)

    def record(self, label: str, run: Run) -> Run:
        self.timings.append((label, run.seconds))
        self.errors.extend((kind, f"{label}: {detail}") for kind, detail in failures(run))
        return run


async def login(tab: Tab, journal: Journal, username: str, password: str) -> bool:
    """Open the app's address and log in through the form on it, as a person would."""
    run = journal.record("login", await tab.load(""))
    fields = [w for w in run.of_type("text_input") if w.form_id]
    submit = [b for b in run.of_type("button") if b.is_form_submitter]
    if len(fields) != 2 or not submit:
        raise FlowError("no_login_form", "the first page has no login form")
    tab.set_text(fields[0], username)
    tab.set_text(fields[1], password)
    run = journal.record("login (submit)", await tab.rerun(click=submit[0]))
    if failures(run):  # already counted (a failed login shows its message)
        return False
    if len(tab.sidebar_pages()) < 2:
        raise FlowError("login_failed", f"{username} is not logged in after the form")
    return True


def page_label(url_path: str) -> str:
    return url_path or "home"


async def visit(tab: Tab, journal: Journal, url_path: str) -> Run:
    return journal.record(page_label(url_path), await tab.goto(url_path))


async def file_complaint(tab: Tab, journal: Journal, marker: str, user: str) -> None:
    """Catat pengaduan: the staff intake form, filled and saved; the receipt must show."""
    run = await visit(tab, journal, "complaints-new")
    if not any(w.label.startswith(i18n.t("intake.title_field", "id")) for w in run.of_type("text_input")):
        # The receipt of an earlier save is still on the page: "record another" first.
        run = journal.record("complaints-new", await tab.rerun(click=_button(run, "intake.another")))
    category = _widget(run, "selectbox", "intake.category")
    tab.choose(category, category.options[zlib.crc32(marker.encode()) % len(category.options)])
    tab.set_text(_widget(run, "text_input", "intake.title_field"), f"{marker} jalan berlubang")
    tab.set_text(
        _widget(run, "text_area", "intake.description"),
        f"{marker}: jalan di depan kantor kelurahan berlubang sejak minggu lalu, mohon diperbaiki.",
    )
    tab.set_text(_widget(run, "text_input", "intake.name"), "Warga Uji Beban")
    # Typing into the fields reruns the page once (the similar-complaints box appears), then: save.
    run = journal.record("complaints-new (fill)", await tab.rerun())
    run = journal.record("complaints-new (save)", await tab.rerun(click=_button(run, "intake.save")))
    if _confirmed(run, "complaint"):
        journal.writes.append(Write("complaint", marker, user))


async def enter_survey(tab: Tab, journal: Journal, marker: str, user: str) -> None:
    """Entri survei: one paper SKM questionnaire typed into the staff form and saved."""
    run = await visit(tab, journal, "survey")
    for radio in run.of_type("radio"):
        if radio.form_id and radio.label.startswith("**"):  # the nine elements, numbered in bold
            tab.choose(radio, radio.options[-1 - zlib.crc32((marker + radio.label).encode()) % 2])  # 4 or 3
    tab.set_text(_widget(run, "text_area", "survey.suggestion"), f"{marker} antrean sudah lebih tertib")
    submit = [b for b in run.of_type("button") if b.is_form_submitter]
    if not submit:
        raise FlowError("no_form", "the survey entry page has no form")
    run = journal.record("survey (save)", await tab.rerun(click=submit[0]))
    if _confirmed(run, "survey response"):
        journal.writes.append(Write("survey_response", marker, user))


def _widget(run: Run, kind: str, label_key: str):
    try:
        return run.widget(kind, i18n.t(label_key, "id"))
    except LookupError as exc:
        raise FlowError("missing_widget", str(exc)) from exc


def _button(run: Run, label_key: str):
    return _widget(run, "button", label_key)


def _confirmed(run: Run, what: str) -> bool:
    """True when the save showed its success message; a failure on the screen is already counted."""
    if failures(run):
        return False
    if not any(a.format == SUCCESS for a in run.of_type("alert")):
        raise FlowError("not_confirmed", f"the {what} was not confirmed by a success message")
    return True
