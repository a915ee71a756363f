"""Widgets shared by the training pages: code labels, the cohort picker behind `?id=`, and the
error/label helpers. One place each."""

from __future__ import annotations

import streamlit as st

from models.training import CohortStatus, Competency, EnrolmentStatus, Form, OrganiserKind, Presence
from services import i18n
from services.training import cohorts
from ui import nav
from ui.context import actor, lang, read, tr
from ui.widgets import choice


def labels(prefix: str, codes) -> dict[str, str]:
    return {c.value: tr(f"training.{prefix}.{c.value}") for c in codes}


def competency_labels() -> dict[str, str]:
    return labels("competency", Competency)


def form_labels() -> dict[str, str]:
    return labels("form", Form)


def organiser_kind_labels() -> dict[str, str]:
    return labels("organiser_kind", OrganiserKind)


def status_labels() -> dict[str, str]:
    return labels("status", CohortStatus)


def enrolment_labels() -> dict[str, str]:
    return labels("enrolment", EnrolmentStatus)


def presence_labels() -> dict[str, str]:
    return labels("presence", Presence)


def message_keys() -> list[str]:
    """Every catalogue key these labels build at run time (tests check they exist)."""
    groups = {
        "competency": Competency, "form": Form, "organiser_kind": OrganiserKind, "status": CohortStatus,
        "enrolment": EnrolmentStatus, "presence": Presence,
    }  # fmt: skip
    return [f"training.{p}.{c.value}" for p, codes in groups.items() for c in codes]


def pick_cohort(key: str):
    """The cohort named by `?id=` in the URL, or a picker; the choice is written back to the URL so
    the page can be bookmarked and shared. Returns the CohortPublic or None."""
    options = read(cohorts.cohort_options)
    if not options:
        st.info(tr("training.no_cohorts"))
        return None
    raw = st.query_params.get("id")
    wanted = int(raw) if raw and raw.isdigit() and int(raw) in options else None
    ids = list(options)
    chosen = choice(
        tr("training.cohort"),
        options,
        key,
        index=ids.index(wanted) if wanted else None,
        placeholder=tr("common.choose"),
    )
    if chosen is None:
        return None
    if str(chosen) != raw:
        st.query_params["id"] = str(chosen)
    return read(cohorts.get_cohort, chosen)


def cohort_caption(c) -> str:
    dates = f"{i18n.fmt_date(c.start_on, lang())} – {i18n.fmt_date(c.end_on, lang())}"
    return " · ".join(
        [
            tr(f"training.status.{c.status}"),
            dates,
            tr("training.jp_n", n=c.jp),
            tr("training.seats", n=c.enrolled, capacity=c.capacity, waiting=c.waitlisted),
        ]
    )


def link_to(url_path: str, label_key: str, cohort_id: int, icon: str = ":material/arrow_forward:") -> None:
    """A link to another page of the cohort, drawn only for users who may open that page (a link to
    a page outside the user's navigation is an error in the browser, where a manager reads a cohort
    whose attendance only trainers take)."""
    if not actor().has(*nav.by_url(url_path).roles):
        return
    st.page_link(nav.path_of(url_path), label=tr(label_key), icon=icon, query_params={"id": str(cohort_id)})
