"""The rahasia walk: a confidential complaint's content reaches nobody who does not handle it.

README (Complaint triage, Confidentiality): a *rahasia* report is visible only to its district's
coordinators, to the unit handling it and to the officer who took it in; managers see it as a masked
row (tracking ID, state, next deadline, overdue, a *Rahasia* badge) and count it in every figure;
elsewhere it does not exist. So a title, a description, a complainant's name or phone, or an area planted
in one rahasia complaint of Wanggar must appear in nothing that a service function returns (or says
in an error) to anyone else: its district's managers and admins, the liaison of the unit it has LEFT
(a former unit reads non-rahasia complaints only), forum organizers, trainers, every role of Sawahlunto.

Every public service function taking `(session, actor, ...)` is called (not only the record-taking ones:
queues, exports, stats, search, the similar-complaint suggestions at intake and on the forum page, home
items, origins and links), with the rahasia complaint as the record, the marker title as the searched
text, the marker area and contact as the filters, and a few variants (queue scopes, a search, an export
with personal data). Whatever comes back is turned into text (XLSX cells and PDF text read out, bytes
decoded) and searched for the markers. The walk has teeth: the same calls by the district's coordinator
(who handles it) show the markers in the queue, the report, the export and the intake's suggestions.

Reading of an ambiguous rule: the data-subject request (services.complaints.subjects) lists everything
held on a complainant, rahasia or not, to an admin of the district: it answers a request the subject
made with their own contact (UU 27/2022, right of access), and the admin is the data officer; so it is
exempt (SUBJECT_REQUEST), and asked only by the contact, never by text.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from models.complaints import Complaint, ComplaintAttachment
from models.forums import FeedbackItem
from services.complaints import workflow
from services.complaints.triage import QueueFilter
from services.core import periods
from services.forums import items
from services.forums.actions import ActionFilter
from tests import walk_helpers
from tests.complaints.factories import intake
from tests.factories import user
from tests.forums.conftest import grid_row
from tests.test_access_walk import PNG, add_actors, build_records

TITLE = "Zebrakuarsa pungutan liar loket"
DESCRIPTION = "Xilokarpa: petugas meminta uang tambahan untuk KTP-el dan mengancam pelapor."
NAME = "Wilhelmina Rahasiani"
PHONE = "0812 7070 6060"
AREA = "Kampung Kuokka"
LIKE = "Pungutan liar di loket: petugas meminta uang tambahan untuk KTP-el dan mengancam pelapor"
MARKERS = ("zebrakuarsa", "xilokarpa", "wilhelmina", "rahasiani", "081270706060", "kuokka")

SUBJECT_REQUEST = {
    "services.complaints.subjects.held": "a data subject's own data, to the district's data officer (admin)",
    "services.complaints.subjects.export": "a data subject's own data, to the district's data officer (admin)",
    "services.complaints.subjects.erase": "a data subject's own data, to the district's data officer (admin)",
}

# What the district's coordinator (who handles the complaint) must see: proof that the markers are
# planted where the walk searches.
HANDLER_SEES = {
    "services.complaints.report.get_complaint",
    "services.complaints.triage.queue",
    "services.complaints.exports.export_table",
    "services.complaints.intake.similar_open",
}

# Variants besides the minimal call: {function: [keyword arguments]}.
VARIANTS = {
    "services.complaints.triage.queue": [
        {"flt": QueueFilter(search=TITLE)},
        {"flt": QueueFilter(area=AREA)},
        {"flt": QueueFilter(scope="former")},
        {"flt": QueueFilter(scope="filed")},
        {"flt": QueueFilter(states=("forwarded",), sort="newest")},
    ],
    "services.complaints.exports.export_table": [
        {"flt": QueueFilter(), "include_personal": True},
        {"flt": QueueFilter(search=TITLE)},
        {"flt": QueueFilter(scope="former")},
    ],
    "services.complaints.intake.similar_open": [{"text": f"{TITLE} {DESCRIPTION}", "area": AREA}],
    "services.forums.actions.list_actions": [{"flt": ActionFilter()}],
}


@pytest.fixture
def rahasia(session, world, today):
    """The Wanggar records of the access walk, and a rahasia complaint with the markers: taken in by
    the coordinator, forwarded to the permit desk, sent back, now at Dukcapil (so the permit desk is a
    former unit)."""
    records = build_records(session, world, today)
    other, same = add_actors(session, world)
    world.actors["liaison.ptsp"] = user(session, "liaison.ptsp", ["officer"], world.wgr.id, world.units["WGR-PTSP"].id)
    session.commit()
    coordinator = world["officer"]
    created = intake(
        session, coordinator, title=TITLE, description=DESCRIPTION, complainant_name=NAME,
        complainant_phone=PHONE, area=AREA, secret=True, files=[("bukti.png", PNG)],
    )  # fmt: skip
    tid = created.tracking_id
    for actor, action, data in (
        (coordinator, "verify", {}),
        (coordinator, "forward", {"unit_id": world.units["WGR-PTSP"].id}),
        (world["liaison.ptsp"], "send_back", {"note": "Bukan kewenangan perizinan."}),
        (coordinator, "forward", {"unit_id": world.units["WGR-DUKCAPIL"].id}),
    ):
        workflow.act(session, actor, tid, action, data)
        session.commit()
    c = session.exec(select(Complaint).where(Complaint.tracking_id == tid)).one()
    attachment = session.exec(select(ComplaintAttachment.id).where(ComplaintAttachment.complaint_id == c.id)).first()
    # a forum item that reads like it (the forum page's suggestions would offer it, were it not rahasia)
    items.save_grid(session, world["organizer"], records["forum_id"], [grid_row(text=LIKE)])
    records["item_id"] = max(session.exec(select(FeedbackItem.id)).all())
    session.commit()
    records.update(tid=tid, tids=[tid], tracking_id=tid, complaint_id=c.id, attachment_id=attachment, key=tid)
    records.update(
        text=TITLE, search=TITLE, area=AREA, contact=PHONE, record="complaint", category="adminduk",
        period=periods.parse("2026"), start=date(2026, 1, 1), end=date(2026, 12, 31), year=2026,
        flt=QueueFilter(), kind="month", state="forwarded", district_id=None,
    )  # fmt: skip
    outsiders = {n: a for n, a in {**same, **other}.items() if n not in ("officer", "officer.dukcapil")}
    outsiders["liaison.ptsp"] = world["liaison.ptsp"]
    outsiders["manager"], outsiders["admin"], outsiders["trainer"] = world["manager"], world["admin"], world["trainer"]
    return session, records, outsiders, coordinator


def calls(records: dict):
    return walk_helpers.calls(records, VARIANTS)


def reveal(session, fn, actor, kwargs) -> tuple[str, list[str]]:
    return walk_helpers.reveal(session, fn, actor, kwargs, MARKERS)


def test_no_one_who_does_not_handle_a_rahasia_complaint_reads_its_content(rahasia):
    session, records, outsiders, _coordinator = rahasia
    walked, broken = 0, []
    for name, fn, kwargs in calls(records):
        if name in SUBJECT_REQUEST:
            continue
        for actor_name, actor in outsiders.items():
            outcome, markers = reveal(session, fn, actor, kwargs)
            walked += 1
            if markers:
                args = ", ".join(f"{k}={v!r:.20}" for k, v in kwargs.items() if k in VARIANT_KEYS)
                broken.append(f"{name.removeprefix('services.')}({args}) {actor_name:15} {outcome}: {markers}")
    print(f"walked {walked} calls: {len(outsiders)} actors who do not handle the rahasia complaint")
    assert not broken, f"revealed a rahasia complaint: {len(broken)} of {walked} calls\n" + "\n".join(broken)


VARIANT_KEYS = {k for variants in VARIANTS.values() for v in variants for k in v}


def test_the_handler_sees_the_markers_where_the_walk_looks(rahasia):
    session, records, _outsiders, coordinator = rahasia
    shown = {name for name, fn, kwargs in calls(records) if reveal(session, fn, coordinator, kwargs)[1]}
    print(f"the coordinator sees the markers in {len(shown)} functions: {sorted(shown)}")
    assert HANDLER_SEES <= shown, f"not shown to the handler: {sorted(HANDLER_SEES - shown)}"


# Were it not rahasia, these would show its content to someone the walk calls: the walk reaches the
# paths a leak would take.
OUTSIDER_WOULD_SEE = {
    "services.complaints.report.get_complaint": "manager.wgr",
    "services.complaints.triage.queue": "liaison.ptsp",  # the former unit, under "once handled by my unit"
    "services.complaints.exports.export_table": "manager",
    "services.complaints.intake.similar_open": "liaison.ptsp",
    "services.forums.links.similar_complaints": "organizer",
}


def test_were_it_not_rahasia_the_outsiders_would_read_it(rahasia):
    session, records, outsiders, _coordinator = rahasia
    c = session.exec(select(Complaint).where(Complaint.tracking_id == records["tid"])).one()
    c.secret = False
    session.commit()
    shown = {
        (name, actor_name)
        for name, fn, kwargs in calls(records)
        for actor_name in set(OUTSIDER_WOULD_SEE.values())
        if name in OUTSIDER_WOULD_SEE and reveal(session, fn, outsiders[actor_name], kwargs)[1]
    }
    assert set(OUTSIDER_WOULD_SEE.items()) <= shown, f"not reached: {sorted(set(OUTSIDER_WOULD_SEE.items()) - shown)}"


def test_no_filter_confirms_what_a_masked_row_hides(rahasia, world):
    """README: a manager sees a rahasia report as a masked row, and "no filter or list of areas confirms"
    its category, unit, area, dates or text. Filtered by any of them, the queue and its export of every
    outsider leave its tracking ID out (unfiltered, the manager's queue lists it, masked)."""
    from services.complaints import exports, triage

    session, records, outsiders, coordinator = rahasia
    tid = records["tid"].lower()
    day = session.exec(select(Complaint.received_on).where(Complaint.tracking_id == records["tid"])).one()
    filters = {
        "unit": QueueFilter(unit_id=world.units["WGR-DUKCAPIL"].id),
        "category": QueueFilter(category="adminduk"),
        "area": QueueFilter(area=AREA),
        "from": QueueFilter(received_from=day),
        "to": QueueFilter(received_to=day),
        "text": QueueFilter(search="pungutan liar"),
        "priority": QueueFilter(priority="medium"),
    }
    broken = []
    for label, flt in filters.items():
        for actor_name, actor in outsiders.items():
            for name, fn, kwargs in (
                ("triage.queue", triage.queue, {"flt": flt}),
                ("exports.export_table", exports.export_table, {"flt": flt}),
            ):
                outcome, found = walk_helpers.reveal(session, fn, actor, kwargs, (tid,))
                if found:
                    broken.append(f"{name}({label}) {actor_name} {outcome}")
    assert not broken, "a filter confirmed a masked row:\n" + "\n".join(broken)
    assert walk_helpers.reveal(session, triage.queue, world["manager.wgr"], {}, (tid,))[1] == [tid]
    # and each filter matches it for the coordinator, who handles it
    missed = [
        k
        for k, f in filters.items()
        if not walk_helpers.reveal(session, triage.queue, coordinator, {"flt": f}, (tid,))[1]
    ]
    assert not missed, f"filters that do not match the rahasia complaint even for its handler: {missed}"
