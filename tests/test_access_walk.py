"""The access walk: every service function that takes a record, called with a record of Wanggar by
every role of the other district (Sawahlunto) and by every role of Wanggar that does not hold the
function's role. Nothing outside the actor's role and district may be read or changed: each call must
raise AccessDenied or NotFound (a few lists answer with nothing instead; they are listed below). Then
every list or chart that takes a district, unit, area, forum or staff member as a filter, given
Wanggar's by an actor of Sawahlunto, must refuse or answer exactly as for an id no record has.

Functions are found by inspecting `services.*` (the catalogues in services.i18n aside): every public
function whose parameters start `(session, actor, <record id>)`, and every one with a filter parameter.
A new kind of record id fails `test_every_record_kind_is_walked_or_declared` until someone builds a
record for it here or says why it is not district-scoped; a function whose checks let through the
command line's actor (every role and district) nowhere fails `test_the_walk_reaches_...`, so a refusal
the walk counts is the actor's, not a wrong argument's. Failures read as a report: one line per
(function, actor, outcome) that broke the rule.

Pages: tests/test_navigation.py opens every page of services.registry.pages() (the forum and training
pages included, checked below) for every role, and shows each refused to every role that may not open it.
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
from models.training import Certificate
from services.complaints import replies
from services.core import workdays
from services.core.access import Actor, system_actor
from services.core.errors import AccessDenied, NotFound, ValidationFailed
from services.forums import actions, items, links, records
from services.satisfaction import imports, kiosk, surveys
from services.training import attendance, catalogue, completion, enrolment
from tests.complaints.factories import intake, placed
from tests.factories import staff, user
from tests.forums.conftest import forum_data, grid_row
from tests.satisfaction.factories import service_users
from tests.training.conftest import add_cohort, add_session, version
from tests.walk_helpers import discover_all

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200

# The record parameters walked in both districts, and the kind of record each names (build_records makes
# one of each in Wanggar).
DISTRICT_SCOPED = {
    "tid": "complaint (tracking ID)",
    "tids": "complaints (a list of tracking IDs)",
    "tracking_id": "complaint (tracking ID)",
    "complaint_id": "complaint",
    "attachment_id": "complaint attachment",
    "district_id": "district",
    "unit_id": "unit",
    "staff_id": "staff member (ASN)",
    "user_id": "user account",
    "forum_id": "community forum",
    "item_id": "forum item (aspiration heard)",
    "action_id": "forum follow-up action",
    "link_id": "kiosk link",
    "response_id": "survey response",
    "import_id": "survey import batch",
    "cohort_id": "training cohort",
    "enrolment_id": "cohort enrolment",
    "certificate_id": "training certificate",
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
    return {name: (fn, param) for name, fn in discover_all().items() if (param := record_param(fn))}


FUNCTIONS = discover()


# --- one record of each kind, in Wanggar ---------------------------------------------------------------


def build_records(session: Session, world, today) -> dict[str, object]:
    """{record parameter: the id (or tracking ID) of a Wanggar record of its kind}."""
    officer, organizer, admin, trainer = world["officer"], world["organizer"], world["admin"], world["trainer"]
    dukcapil = world.units["WGR-DUKCAPIL"]
    ids: dict[str, object] = {}

    # complaints: one taken in at the counter, with an attachment (and linked to the forum item below)
    created = intake(session, officer, area="Kampung Bumi Raya", files=[("foto.png", PNG)])
    tid = created.tracking_id
    complaint = session.exec(select(Complaint).where(Complaint.tracking_id == tid)).one()
    ids.update(tid=tid, tids=[tid], tracking_id=tid, complaint_id=complaint.id)
    ids["attachment_id"] = session.exec(
        select(ComplaintAttachment.id).where(ComplaintAttachment.complaint_id == complaint.id)
    ).first()
    placed(session, world, State.forwarded)  # a second, already at the unit (gives the liaison work)
    placed(session, world, State.closed)  # and a closed one, for the closing charts

    # organisation
    ids["district_id"] = world.wgr.id
    ids["unit_id"] = dukcapil.id
    ids["staff_id"] = staff(session, dukcapil, "199203142018012001", "Maria Tebai").id
    ids["user_id"] = officer.id

    # forums: a forum, an item (with tags), a follow-up action
    area = records.create_area(session, organizer, {"name": "Kampung Bumi Raya", "level": "kampung"})
    ids["area_id"] = area
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
    actions.attach_evidence(session, world["officer.dukcapil"], ids["action_id"], "bukti.png", PNG, 0)
    links.link_complaint(session, organizer, ids["item_id"], tid)
    ids["source_id"], ids["target_id"] = session.exec(select(ForumTag.id).order_by(ForumTag.id)).all()[:2]

    # satisfaction: a kiosk link, a typed response, an imported file
    public, _token = kiosk.issue(session, admin, {"unit_id": dukcapil.id, "label": "Loket 1"})
    ids["link_id"] = public.id
    ids["response_id"] = surveys.create_response(
        session, officer, {"unit_id": dukcapil.id, "answered_on": today.current(), **{e: 3 for e in ELEMENTS}}
    ).id
    content = (
        "date,unit_code,u1,u2,u3,u4,u5,u6,u7,u8,u9\n"
        f"{today.current() - timedelta(days=1)},WGR-DUKCAPIL,3,3,3,3,3,3,3,3,3\n"
    ).encode()
    ids["import_id"] = imports.import_file(session, officer, content, "skm.csv").import_id
    service_users(session, dukcapil.id, "2026-Q1", 100)

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
    cohort = add_cohort(
        session, trainer, programme.id, world.wgr.id, start_on=date(2026, 3, 2), end_on=date(2026, 3, 2)
    )
    ids["session_id"] = add_session(session, trainer, cohort, date(2026, 3, 2))
    enrolment.enrol(session, trainer, cohort, version(session, trainer, cohort), [ids["staff_id"]])
    ids["cohort_id"] = cohort
    ids["enrolment_id"] = enrolment.list_enrolments(session, trainer, cohort)[0].id
    done = add_cohort(
        session,
        trainer,
        programme.id,
        world.wgr.id,
        name="Angkatan II",
        start_on=date(2026, 1, 5),
        end_on=date(2026, 1, 5),
    )
    done_session = add_session(session, trainer, done, date(2026, 1, 5))
    enrolment.enrol(session, trainer, done, version(session, trainer, done), [ids["staff_id"]])
    seat = enrolment.list_enrolments(session, trainer, done)[0].id
    attendance.record_attendance(
        session, trainer, done, version(session, trainer, done), done_session, {seat: "present"}
    )
    attendance.record_scores(
        session, trainer, done, version(session, trainer, done), {seat: {"pre_test": 60, "post_test": 80}}
    )
    completion.complete(session, trainer, done, version(session, trainer, done))
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


# Dates for the dashboard panels' ranges: with None their SQL cannot be built, in or out of scope (the
# walk checks what a call reaches, so everything else stays minimal: input checked before the record's
# access check shows up as a ValidationFailed, a finding).
VALUES = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}

# Functions whose record parameter is a filter: outside the actor's scope they answer with nothing
# (an empty list, table or page) instead of refusing. Nothing is read, so that is a pass, but only an
# empty answer is.
ANSWER_NOTHING = {
    "services.complaints.triage.areas": "the areas of complaints in scope, filtered by district",
    "services.complaints.workflow.officers_of_unit": "officers of the unit among the actor's district's accounts",
    "services.core.org.list_units": "the units of a district, filtered to the actor's scope",
    "services.core.org.list_staff": "the staff register, filtered to the actor's scope",
    "services.forums.items.board": "the board of themes, filtered to the actor's scope",
    "services.forums.links.items_of_complaint": "forum items of a complaint, filtered to the actor's scope",
    "services.forums.records.list_areas": "forum areas, filtered to the actor's scope",
    "services.forums.records.list_forums": "the forum list, filtered to the actor's scope",
    "services.satisfaction.stats.units_in_scope": "the units a chart may show, filtered to the actor's scope",
    "services.satisfaction.surveys.list_service_users": "service-user counts, filtered to the actor's scope",
    "services.training.cohorts.list_cohorts": "the cohort list, filtered to the actor's scope",
    "services.training.stats.monthly_ikm": "a unit's IKM per month for the dashboard panel, empty outside scope",
    "services.training.stats.cohort_ends": "a unit's completed cohorts for the dashboard panel, empty outside scope",
}

# Several records in one call answer with one report: a refused record is a row "access_denied" (the
# same for a record that does not exist, so the report confirms nothing).
PER_ROW = {"services.complaints.workflow.bulk_forward", "services.complaints.workflow.bulk_assign"}

# Functions that legitimately answer for a record of any district. None so far: the public pages'
# services (status page, kiosk, certificate check, forum results) take a token or a number, not an id.
ANY_DISTRICT: dict[str, str] = {}

# The roles that may call each function (the longest matching prefix wins). Every other role, in the
# record's own district, must be refused. From README "Roles" and each module's access rules.
ALL_ROLES = frozenset(Role)
ROLES = {
    "services.complaints": {Role.officer},
    "services.complaints.report.get_complaint": {Role.officer, Role.manager},
    "services.complaints.triage.areas": {Role.officer, Role.manager},
    "services.complaints.intake.note_on_timeline": {Role.officer, Role.organizer},  # a forum item's complaint
    "services.complaints.replies": {Role.admin},
    "services.core.accounts": {Role.admin},
    "services.core.org": {Role.admin},
    "services.core.org.get_staff": {Role.admin, Role.manager, Role.trainer},
    "services.core.org.list_staff": {Role.admin, Role.manager, Role.trainer},
    "services.core.org.update_staff": {Role.admin, Role.trainer},
    "services.core.org.get_unit": ALL_ROLES,  # the org chart every form picks units from
    "services.core.org.list_units": ALL_ROLES,
    "services.core.workdays": {Role.admin},
    "services.forums": {Role.organizer, Role.manager, Role.officer},  # READERS
    "services.forums.actions.add_action": {Role.organizer},
    "services.forums.items.add_item": {Role.organizer},
    "services.forums.items.delete_item": {Role.organizer},
    "services.forums.items.save_grid": {Role.organizer},
    "services.forums.items.update_item": {Role.organizer},
    "services.forums.links": {Role.organizer},
    "services.forums.links.items_of_complaint": {Role.organizer, Role.manager, Role.officer},
    "services.forums.records.add_participant": {Role.organizer},
    "services.forums.records.update_forum": {Role.organizer},
    "services.forums.records.merge_tags": {Role.admin},
    "services.satisfaction": {Role.admin},
    "services.satisfaction.reports": {Role.admin, Role.manager},
    "services.satisfaction.stats": {Role.admin, Role.manager},  # READERS of the charts
    "services.satisfaction.stats.units_in_scope": ALL_ROLES,  # the unit picker of every chart and form
    "services.satisfaction.surveys.delete_response": {Role.admin, Role.officer},
    "services.satisfaction.surveys.list_service_users": {Role.admin, Role.manager, Role.officer},
    "services.training": {Role.admin, Role.manager, Role.trainer},  # READERS (RUNNERS are a subset)
    # a unit head (an officer with a unit) reaches their unit's staff; a coordinator officer is refused
    "services.training.access.staff_in_scope": {Role.admin, Role.manager, Role.trainer, Role.officer},
}


def roles_of(name: str) -> frozenset[Role]:
    best = max((p for p in ROLES if name == p or name.startswith(p + ".")), key=len)
    return frozenset(ROLES[best])


@dataclass
class Outcome:
    function: str
    actor: str
    outcome: str  # "AccessDenied", "NotFound", "returned <value>" or another exception
    refused: bool

    def __str__(self) -> str:
        return f"{self.function.removeprefix('services.'):50} {self.actor:17} {self.outcome}"


def arguments(fn: Callable, param: str, records: dict, data: dict) -> dict:
    """Minimal arguments: the record, defaults where they exist, {} for a data dict, the Wanggar record
    for another record's id (a session of the cohort, the tag to merge into), a value from VALUES, None
    otherwise."""
    out = {}
    for name, p in list(inspect.signature(fn).parameters.items())[2:]:
        if name == param:
            out[name] = records[param]
        elif p.default is not inspect.Parameter.empty:
            continue
        elif name == "data":
            out[name] = dict(data)
        elif name in records:
            out[name] = records[name]
        else:
            out[name] = VALUES.get(name)
    return out


def empty(value) -> bool:
    if hasattr(value, "empty"):  # a DataFrame
        return bool(value.empty)
    if hasattr(value, "total") and hasattr(value, "items"):  # a Page
        return value.total == 0 and not value.items
    return not value


def call(session: Session, name: str, actor_name: str, actor: Actor, records: dict, data: dict) -> Outcome:
    fn, param = FUNCTIONS[name]
    try:
        value = fn(session, actor, **arguments(fn, param, records, data))
        outcome = f"returned {value!r:.70}"
        refused = name in ANSWER_NOTHING and empty(value)
    except (AccessDenied, NotFound) as exc:
        outcome, refused = type(exc).__name__, True
    except ValidationFailed as exc:
        outcome = f"ValidationFailed {[(e.field, e.code) for e in exc.errors]}"
        refused = name in PER_ROW and all(e.code == "access_denied" for e in exc.errors)
    except Exception as exc:  # noqa: BLE001 (the walk reports whatever happened)
        outcome, refused = f"{type(exc).__name__}: {exc!s:.70}", False
    finally:
        session.rollback()  # whatever the call did (it should have done nothing) is undone
    return Outcome(name, actor_name, outcome, refused)


def report(title: str, broken: list[Outcome], walked: int) -> str:
    lines = "\n".join(str(o) for o in broken)
    return f"{title}: {len(broken)} of {walked} calls broke the rule\n{lines}"


# Calls that an actor of every role and district (the command line's) still finds refused, because the
# minimal arguments stop them: the walk proves less for these. None so far.
SYSTEM_REFUSED: dict[str, str] = {}


@pytest.fixture
def walk(session, world, today):
    records = build_records(session, world, today)
    assert set(DISTRICT_SCOPED) | set(NOT_DISTRICT_SCOPED) <= set(records)
    other, same = add_actors(session, world)
    # An officer of the other district holds the role: give the one input a bulk assignment always has,
    # so the call reaches the records (without it, "assignee required" answers before any record).
    data = {"services.complaints.workflow.bulk_assign": {"assignee_id": world["officer.dukcapil"].id}}
    return session, records, other, same, data


def test_every_record_kind_is_walked_or_declared():
    kinds = {param for _fn, param in FUNCTIONS.values()}
    print(f"{len(FUNCTIONS)} service functions take a record:")
    for name, (_fn, param) in FUNCTIONS.items():
        print(f"  {name} ({param})")
    declared = set(DISTRICT_SCOPED) | set(NOT_DISTRICT_SCOPED)
    assert not set(DISTRICT_SCOPED) & set(NOT_DISTRICT_SCOPED)
    # A new kind: build a Wanggar record of it in build_records and add it to DISTRICT_SCOPED, or say
    # in NOT_DISTRICT_SCOPED why it belongs to no district.
    assert kinds == declared, f"undeclared kinds: {sorted(kinds - declared)}; gone: {sorted(declared - kinds)}"
    assert set(ANSWER_NOTHING) | PER_ROW | set(ANY_DISTRICT) <= set(FUNCTIONS), "a listed function is gone"


def test_the_walk_reaches_every_record_for_an_actor_in_scope(walk):
    """The same calls made by the command line's actor (every role, every district) are not refused:
    the refusals the walk sees come from the actor, not from a record or argument the walk got wrong."""
    session, records, _other, _same, data = walk
    calls = [call(session, name, "system", system_actor(), records, data.get(name, {})) for name in FUNCTIONS]
    refused = [o for o in calls if o.refused]
    assert {o.function for o in refused} == set(SYSTEM_REFUSED), report("refused in scope", refused, len(FUNCTIONS))


def test_no_actor_of_the_other_district_reaches_a_record(walk):
    session, records, other, _same, data = walk
    walked, broken = 0, []
    for name, (_fn, param) in FUNCTIONS.items():
        if param in NOT_DISTRICT_SCOPED or name in ANY_DISTRICT:
            continue
        for actor_name, actor in other.items():
            outcome = call(session, name, actor_name, actor, records, data.get(name, {}))
            walked += 1
            if not outcome.refused:
                broken.append(outcome)
    print(f"walked {walked} calls: Sawahlunto's actors on Wanggar's records")
    assert not broken, report("reached a record of another district", broken, walked)


def test_no_role_without_the_functions_role_reaches_it(walk):
    session, records, _other, same, data = walk
    walked, broken = 0, []
    for name in FUNCTIONS:
        allowed = roles_of(name)
        for actor_name, actor in same.items():
            if actor.has(*allowed):
                continue
            outcome = call(session, name, actor_name, actor, records, {})  # the role before any input
            walked += 1
            if not outcome.refused:
                broken.append(outcome)
    print(f"walked {walked} calls: Wanggar's actors without the function's role")
    assert not broken, report("reached a function outside the actor's roles", broken, walked)


def test_the_navigation_test_covers_every_modules_pages():
    """tests/test_navigation.py refuses every page to every role that may not open it, for the pages
    of services.registry.pages(): the forum and training pages are among them."""
    from services import registry
    from ui import nav

    paths = {p.path for p in nav.PAGES}
    assert paths == {p.path for p in registry.pages()}
    for module in registry.MODULES:
        assert {p.path for p in module.pages} <= paths, module.name
    by_module = {m.name: m.pages for m in registry.MODULES}
    assert by_module["forums"] and by_module["training"]


# --- filters: a district, unit, area, forum or staff member passed as a scope to a list or a chart ----------

FILTER_PARAMS = ("district_id", "unit_id", "area_id", "forum_id", "staff_id")
MISSING = 999_999  # an id no record has

# What a list or chart needs besides its scope (the whole of 2026, where the Wanggar records lie).
FILTER_VALUES = {
    "period": "2026",
    "start": date(2026, 1, 1),
    "end": date(2026, 12, 31),
    "year": 2026,
    "text": "KTP-el belum jadi setelah tiga bulan",
    "category": "adminduk",
}

FILTER_EXEMPT = {
    "services.core.audit.record": "the audit log's writer: it records what its caller did, after the caller's checks",
}


# Filters whose Wanggar record changes no answer even for an actor of every district (so a leak through
# them would not show): each with the reason.
FILTER_BLUNT = {
    "services.complaints.intake.similar_open(unit_id)": "the walk's complaint with the searched text has no unit yet",
}


def filters() -> dict[str, tuple[Callable, list[str]]]:
    """{dotted name: (function, its filter parameters)}: every service function taking the actor that
    has a district, unit, area, forum or staff parameter other than the record it is walked with above."""
    found = {}
    for info in pkgutil.walk_packages(services.__path__, "services."):
        if info.name.startswith("services.i18n"):
            continue
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            dotted = f"{module.__name__}.{name}"
            record = FUNCTIONS.get(dotted, (None, None))[1]
            scoped = [p for p in params[2:] if p in FILTER_PARAMS and p != record]
            if params[:2] == ["session", "actor"] and scoped and dotted not in FILTER_EXEMPT:
                found[dotted] = (fn, scoped)
    return dict(sorted(found.items()))


def answer(session: Session, fn: Callable, actor: Actor, scope: str, value, records: dict) -> str:
    """What the call answers, as comparable text; a refusal is "refused" whichever its kind. Other
    required parameters get a value of FILTER_VALUES, or the Wanggar record (a cohort to enrol a unit in)."""
    from services.core import periods

    kwargs = {}
    for name, p in list(inspect.signature(fn).parameters.items())[2:]:
        if name == scope:
            kwargs[name] = value
        elif p.default is not inspect.Parameter.empty:
            continue
        elif name == "period":
            kwargs[name] = periods.parse(FILTER_VALUES[name])
        else:
            kwargs[name] = FILTER_VALUES[name] if name in FILTER_VALUES else records.get(name)
    try:
        result = fn(session, actor, **kwargs)
        return repr(result.to_dict("list")) if hasattr(result, "to_dict") else repr(result)
    except (AccessDenied, NotFound):
        return "refused"
    except Exception as exc:  # noqa: BLE001 (the walk reports whatever happened)
        return f"{type(exc).__name__}: {exc}"
    finally:
        session.rollback()


def test_another_districts_scope_reads_as_one_that_does_not_exist(walk):
    """A list or chart asked for a Wanggar district, unit, area, forum or staff member by an actor of
    Sawahlunto refuses, or answers exactly what it answers for an id no record has."""
    session, records, other, _same, _data = walk
    walked, broken = 0, []
    for name, (fn, scoped) in filters().items():
        for scope in scoped:
            for actor_name, actor in other.items():
                got = answer(session, fn, actor, scope, records[scope], records)
                nothing = answer(session, fn, actor, scope, MISSING, records)
                walked += 1
                if got not in ("refused", nothing):
                    said = f"{got:.60} | for no record: {nothing:.20}"
                    broken.append(Outcome(f"{name}({scope}=Wanggar's)", actor_name, said, False))
    print(f"walked {walked} calls: Sawahlunto's actors filtering by Wanggar's records")
    # and the walk has teeth: for an actor of every district, Wanggar's record changes the answer
    blunt = [
        f"{name}({scope})"
        for name, (fn, scoped) in filters().items()
        for scope in scoped
        if answer(session, fn, system_actor(), scope, records[scope], records)
        == answer(session, fn, system_actor(), scope, MISSING, records)
    ]
    assert not broken, report("read another district through a filter", broken, walked)
    assert set(blunt) == set(FILTER_BLUNT), f"filters whose Wanggar record changes nothing in scope: {blunt}"
