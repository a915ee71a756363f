"""The access walk: every service function that takes a record, called by every role of the other
district and by every role of the same district that does not hold the function's role, with a record
of Wanggar. Nothing outside the actor's role and district may be read or changed: each call must raise
AccessDenied or NotFound (a few filters answer with nothing instead; they are listed below).

Functions are found by inspecting `services.*` (the catalogues in services.i18n aside): every public
function whose parameters start `(session, actor, <record id>)`. A new kind of record id fails
`test_every_record_kind_is_walked_or_declared` until someone builds a record for it here or says why it
is not district-scoped. Pages are refused by role in tests/test_navigation.py (every page of
services.registry.pages(), the forum and training pages included).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

import services
from models.complaints import Complaint, ComplaintAttachment, State
from models.core.base import Role
from models.forums import FeedbackItem, ForumTag
from models.satisfaction import ELEMENTS
from services.complaints import replies
from services.core import workdays
from services.core.access import Actor
from services.core.errors import AccessDenied, NotFound
from services.forums import actions, items, records
from services.satisfaction import imports, kiosk, surveys
from services.training import attendance, catalogue, completion, enrolment
from tests.complaints.factories import intake, placed
from tests.factories import staff, user
from tests.forums.conftest import forum_data, grid_row
from tests.training.conftest import add_cohort, add_session, version

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200

# The parameter that names the record, and the kind of record it names.
KIND_OF_PARAM = {
    "tid": "complaint",
    "tids": "complaint",
    "tracking_id": "complaint",
    "complaint_id": "complaint",
    "attachment_id": "attachment",
}

# Kinds that hold for every district alike: a record of them belongs to no district, so there is no
# "other district" to walk; their role check is still walked in the same district.
NOT_DISTRICT_SCOPED = {
    "programme_id": "the training catalogue (programmes) is one list for every district",
    "template_id": "reply templates apply to every district's complaints of their category and state",
    "override_id": "the working-day calendar is national (an installation admin's job)",
    "source_id": "forum theme tags are one vocabulary for every district (merged by an admin)",
}


def record_param(fn: Callable) -> str | None:
    params = list(inspect.signature(fn).parameters)
    if len(params) < 3 or params[:2] != ["session", "actor"]:
        return None
    third = params[2]
    return third if third.endswith("_id") or third in ("tid", "tids", "tracking_id") else None


def discover() -> dict[str, tuple[Callable, str]]:
    """{dotted name: (function, record parameter)} for every walked service function."""
    found = {}
    for info in pkgutil.walk_packages(services.__path__, "services."):
        if info.name.startswith("services.i18n"):
            continue
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            param = record_param(fn)
            if param:
                found[f"{module.__name__}.{name}"] = (fn, param)
    return dict(sorted(found.items()))


FUNCTIONS = discover()


# --- one record of each kind, in Wanggar ---------------------------------------------------------------


def build_records(session: Session, world, today) -> dict[str, object]:
    """{record parameter: the id (or tracking ID) of a Wanggar record of its kind}."""
    officer, organizer, admin, trainer = world["officer"], world["organizer"], world["admin"], world["trainer"]
    dukcapil = world.units["WGR-DUKCAPIL"]
    ids: dict[str, object] = {}

    # complaints: one forwarded to the Dukcapil unit, with an attachment
    created = intake(session, officer, files=[("foto.png", PNG)])
    tid = created.tracking_id
    complaint = session.exec(select(Complaint).where(Complaint.tracking_id == tid)).one()
    ids.update(tid=tid, tids=[tid], tracking_id=tid, complaint_id=complaint.id)
    ids["attachment_id"] = session.exec(
        select(ComplaintAttachment.id).where(ComplaintAttachment.complaint_id == complaint.id)
    ).first()
    placed(session, world, State.forwarded)  # a second, already at the unit (gives the liaison work)

    # organisation
    ids["district_id"] = world.wgr.id
    ids["unit_id"] = dukcapil.id
    ids["staff_id"] = staff(session, dukcapil, "199203142018012001", "Maria Tebai").id
    ids["user_id"] = officer.id

    # forums: a forum, an item (with tags), a follow-up action
    area = records.create_area(session, organizer, {"name": "Kampung Bumi Raya", "level": "kampung"})
    ids["forum_id"] = records.create_forum(
        session, organizer, forum_data(held_on=today.current() - timedelta(days=7), area_id=area)
    )
    items.save_grid(session, organizer, ids["forum_id"], [grid_row()])
    ids["item_id"] = session.exec(select(FeedbackItem.id).where(FeedbackItem.forum_id == ids["forum_id"])).one()
    ids["action_id"] = actions.add_action(
        session,
        organizer,
        ids["item_id"],
        {"title": "Cetak KTP-el", "owner_unit_id": dukcapil.id, "due_on": today.current() + timedelta(days=14)},
    )
    ids["source_id"] = session.exec(select(ForumTag.id).order_by(ForumTag.id)).first()

    # satisfaction: a kiosk link, a typed response, an imported file
    public, _token = kiosk.issue(session, admin, {"unit_id": dukcapil.id, "label": "Loket 1"})
    ids["link_id"] = public.id
    ids["response_id"] = surveys.create_response(
        session, officer, {"unit_id": dukcapil.id, "answered_on": today.current(), **{e: 3 for e in ELEMENTS}}
    ).id
    content = (
        "date,unit_code,u1,u2,u3,u4,u5,u6,u7,u8,u9\n" f"{today.current() - timedelta(days=1)},WGR-DUKCAPIL,3,3,3,3,3,3,3,3,3\n"
    ).encode()
    ids["import_id"] = imports.import_file(session, officer, content, "skm.csv").import_id

    # complaints' shared records: a reply template, a day off
    ids["template_id"] = replies.save_template(
        session, admin, {"state": "in_follow_up", "title": "Umum", "body": "Terima kasih, {tracking_id} diproses."}
    ).id
    ids["override_id"] = workdays.add_override(session, admin, {"day": date(2026, 3, 9), "name": "Libur lokal"}).id

    # training: a programme, an open cohort with an enrolment, a completed cohort with a certificate
    topic = catalogue.add_topic(session, trainer, {"name": "TI dan e-government"})
    organiser = catalogue.add_organiser(session, trainer, {"name": "Universitas Cenderawasih", "kind": "university"})
    programme = catalogue.create_programme(
        session,
        trainer,
        {"title": "Pelatihan aplikasi pengaduan daring", "competency": "teknis", "topic_id": topic, "form": "pelatihan",
         "classroom": True, "organiser_id": organiser, "abroad": False, "jp": 16},
    )  # fmt: skip
    ids["programme_id"] = programme.id
    cohort = add_cohort(session, trainer, programme.id, world.wgr.id, start_on=date(2026, 3, 2), end_on=date(2026, 3, 2))
    add_session(session, trainer, cohort, date(2026, 3, 2))
    enrolment.enrol(session, trainer, cohort, version(session, trainer, cohort), [ids["staff_id"]])
    ids["cohort_id"] = cohort
    ids["enrolment_id"] = enrolment.list_enrolments(session, trainer, cohort)[0].id
    done = add_cohort(
        session, trainer, programme.id, world.wgr.id, name="Angkatan II", start_on=date(2026, 1, 5), end_on=date(2026, 1, 5)
    )
    done_session = add_session(session, trainer, done, date(2026, 1, 5))
    enrolment.enrol(session, trainer, done, version(session, trainer, done), [ids["staff_id"]])
    seat = enrolment.list_enrolments(session, trainer, done)[0].id
    attendance.record_attendance(session, trainer, done, version(session, trainer, done), done_session, {seat: "present"})
    attendance.record_scores(session, trainer, done, version(session, trainer, done), {seat: {"pre_test": 60, "post_test": 80}})
    completion.complete(session, trainer, done, version(session, trainer, done))
    from models.training import Certificate

    ids["certificate_id"] = session.exec(select(Certificate.id)).one()
    session.commit()
    return ids


# --- the actors ----------------------------------------------------------------------------------------


def add_actors(session: Session, world) -> tuple[dict[str, Actor], dict[str, Actor]]:
    """(Sawahlunto's actors, Wanggar's actors): one of each role in each district, and a unit liaison."""
    w, s = world.wgr.id, world.swl.id
    extra = {
        "admin.swl": (["admin"], s, None),
        "liaison.swl": (["officer"], s, world.units["SWL-DUKCAPIL"].id),
        "organizer.swl": (["organizer"], s, None),
        "manager.wgr": (["manager"], w, None),
        "trainer.wgr": (["trainer"], w, None),
    }
    for name, (roles, district_id, unit_id) in extra.items():
        world.actors[name] = user(session, name, roles, district_id, unit_id)
    session.commit()
    swl = ["admin.swl", "manager.swl", "officer.swl", "liaison.swl", "organizer.swl", "trainer.swl"]
    wgr = ["admin.wgr", "manager.wgr", "officer", "officer.dukcapil", "organizer", "trainer.wgr"]
    return {n: world[n] for n in swl}, {n: world[n] for n in wgr}


@dataclass
class Outcome:
    function: str
    actor: str
    outcome: str  # "AccessDenied", "NotFound", "returned <value>" or another exception

    def __str__(self) -> str:
        return f"{self.function:55} {self.actor:18} {self.outcome}"


def arguments(fn: Callable, param: str, record) -> dict:
    """Minimal arguments: the record, defaults where they exist, {} for a data dict, None otherwise."""
    out = {}
    for name, p in list(inspect.signature(fn).parameters.items())[2:]:
        if name == param:
            out[name] = record
        elif p.default is not inspect.Parameter.empty:
            continue
        else:
            out[name] = {} if name == "data" else None
    return out


def call(session: Session, name: str, actor_name: str, actor: Actor, records: dict) -> Outcome:
    fn, param = FUNCTIONS[name]
    try:
        value = fn(session, actor, **arguments(fn, param, records[param]))
        outcome = f"returned {value!r:.80}"
    except (AccessDenied, NotFound) as exc:
        outcome = type(exc).__name__
    except Exception as exc:  # noqa: BLE001 (the walk reports whatever happened)
        outcome = f"{type(exc).__name__}: {exc!s:.80}"
    finally:
        session.rollback()  # whatever the call did (it should have done nothing) is undone
    return Outcome(name, actor_name, outcome)


def test_explore(session, world, today):
    records_ = build_records(session, world, today)
    swl, wgr = add_actors(session, world)
    for name in FUNCTIONS:
        for an, a in {**swl, **wgr}.items():
            print(call(session, name, an, a, records_))
