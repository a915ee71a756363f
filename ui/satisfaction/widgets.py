"""Streamlit pieces shared by the satisfaction screens: the questionnaire (staff form and kiosk ask
the same questions the same way), grade labels, and cached reads of the IKM aggregates for the live
dashboard. The Altair charts are in charts.py beside this file.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from models.satisfaction import ELEMENTS, Education, Occupation
from services import i18n
from services.core.access import Actor
from services.core.db import session_scope
from services.satisfaction import stats
from ui.context import lang, tr

# --- text -------------------------------------------------------------------------------------------


def element_name(element: str) -> str:
    return tr(f"ikm.element.{element}")


def grade_text(grade: str | None) -> str:
    """'B · Baik', or a dash without data."""
    return f"{grade} · {tr(f'ikm.grade.{grade}')}" if grade else "–"


def num(value: float | None, decimals: int = 2) -> str:
    return i18n.fmt_number(value, lang(), decimals) if value is not None else "–"


def signed(value: float | None, decimals: int = 2) -> str | None:
    if value is None:
        return None
    text = i18n.fmt_number(abs(value), lang(), decimals)
    return f"+{text}" if value >= 0 else f"-{text}"


# --- the questionnaire -----------------------------------------------------------------------------


def questionnaire(prefix: str, services: dict[int, str]) -> dict:
    """The service used, the respondent's profile, the nine elements with their official answer
    labels, and a suggestion. Returns the answers as a dict for the service (unanswered = None)."""
    data: dict = {}
    st.markdown(f"**{tr('survey.section.service')}**")
    data["service_id"] = st.selectbox(
        tr("survey.service"),
        list(services),
        format_func=services.get,
        index=None,
        placeholder=tr("common.optional"),
        key=f"{prefix}_service",
    )
    st.markdown(f"**{tr('survey.section.profile')}**")
    cols = st.columns(4)
    data["gender"] = cols[0].radio(
        tr("survey.gender"),
        ["L", "P"],
        format_func=lambda g: tr(f"gender.{g}"),
        index=None,
        key=f"{prefix}_gender",
        horizontal=True,
    )
    data["age"] = cols[1].number_input(
        tr("survey.age"), min_value=10, max_value=110, value=None, step=1, key=f"{prefix}_age"
    )
    data["education"] = cols[2].selectbox(
        tr("survey.education"),
        [e.value for e in Education],
        format_func=lambda e: tr(f"survey.education.{e}"),
        index=None,
        placeholder=tr("common.optional"),
        key=f"{prefix}_education",
    )
    data["occupation"] = cols[3].selectbox(
        tr("survey.occupation"),
        [o.value for o in Occupation],
        format_func=lambda o: tr(f"survey.occupation.{o}"),
        index=None,
        placeholder=tr("common.optional"),
        key=f"{prefix}_occupation",
    )
    st.markdown(f"**{tr('survey.section.elements')}**")
    st.caption(tr("survey.elements_help"))
    for i, element in enumerate(ELEMENTS, start=1):
        data[element] = st.radio(
            f"**{i}. {element_name(element)}** — {tr(f'ikm.question.{element}')}",
            [1, 2, 3, 4],
            format_func=lambda score, e=element: f"{score} · {answer_label(e, score)}",
            index=None,
            horizontal=True,
            key=f"{prefix}_{element}",
        )
    data["suggestion"] = st.text_area(
        tr("survey.suggestion"), max_chars=1000, key=f"{prefix}_suggestion", placeholder=tr("common.optional")
    )
    return data


def answer_label(element: str, score: int) -> str:
    """The official answer as PermenPAN-RB 14/2017 words it, in Indonesian; in the English interface
    with the translation beside it ("Sesuai (Appropriate)"), so staff can match the paper form."""
    key = f"ikm.answer.{element}.{score}"
    official, shown = i18n.t(key, "id"), tr(key)
    return official if shown == official else f"{official} ({shown})"


def field_labels() -> dict[str, str]:
    """Form field -> label, so a refused answer names the question in the user's language."""
    labels = {
        "unit_id": tr("common.unit"),
        "service_id": tr("survey.service"),
        "answered_on": tr("survey.date"),
        "gender": tr("survey.gender"),
        "age": tr("survey.age"),
        "education": tr("survey.education"),
        "occupation": tr("survey.occupation"),
        "suggestion": tr("survey.suggestion"),
        "users": tr("survey.users.count"),
        "period": tr("ikm.period"),
        "label": tr("kiosk.label"),
        "plan": tr("ikm.report.plan"),
        "file": tr("survey.import.file"),
        "unit_code": "unit_code",
        "service": "service",
        "date": "date",
    }
    labels.update({e: f"{e.upper()} {element_name(e)}" for e in ELEMENTS})
    return labels


# --- cached reads for the live dashboard -----------------------------------------------------------


def data_version() -> tuple[int, int, int]:
    """The cache key of the dashboard's aggregates: (responses, score total, highest response id),
    read from the roll-up on every redraw (see satisfaction_stats.data_version)."""
    with session_scope() as s:
        return stats.data_version(s)


@st.cache_data(ttl=3600, max_entries=128, show_spinner=False)
def cells(actor: Actor, district_id: int | None, start: date, end: date, version: tuple) -> list:
    """(unit, month) sums for the district (or everything in scope); cached until the data changes."""
    with session_scope() as s:
        return stats.monthly_cells(s, actor, start=start, end=end, district_id=district_id)


@st.cache_data(ttl=3600, max_entries=128, show_spinner=False)
def suggestions(actor: Actor, district_id, unit_id, start: date, end: date, version: tuple) -> list:
    from services.core import periods

    with session_scope() as s:
        return stats.suggestions(s, actor, period=periods.custom(start, end), district_id=district_id, unit_id=unit_id)


def message_keys() -> list[str]:
    """Catalogue keys the satisfaction screens and reports build at run time (checked by test_i18n)."""
    from services.satisfaction import ikm as engine

    keys = [f"ikm.element.{e}" for e in ELEMENTS] + [f"ikm.question.{e}" for e in ELEMENTS]
    keys += [f"ikm.answer.{e}.{score}" for e in ELEMENTS for score in (1, 2, 3, 4)]
    keys += [f"ikm.grade.{g}" for g in engine.GRADES] + [f"ikm.band.{g}" for g in engine.GRADES]
    keys += [f"survey.education.{e.value}" for e in Education] + [f"survey.occupation.{o.value}" for o in Occupation]
    keys += [f"period.kind.{k}" for k in ("month", "quarter", "semester", "year")]
    keys += [f"dash.range.{r}" for r in ("1y", "2y", "3y")]
    for level in ("district", "unit"):
        keys += [f"dash.by_{level}", f"dash.by_{level}_help"]
    for level in ("district", "unit", "period"):
        keys += [f"dash.heat_{level}", f"dash.row_{level}"]
    return keys
