"""The unit walk: an actor tied to one unit reaches nothing of another unit of the same district.

Which accounts are unit-bound: any account may carry `User.unit_id`, but only an officer's unit means
anything (services/complaints/access.py: an officer with a unit is that unit's liaison;
services/training/access.py: the same account is the training module's *unit head*; services/satisfaction
/surveys.py: a unit's officer enters surveys for that unit only; services/forums/access.py: a unit's
liaison updates the actions its unit owns). So the walked actor is the liaison of Wanggar's permit desk
(WGR-PTSP), and every record is Dukcapil's (WGR-DUKCAPIL): the complaints are forwarded to Dukcapil (one
through the workflow, one placed there) and were never at the permit desk; the follow-up action is owned
by Dukcapil; the staff member, the enrolments, the certificate, the survey response, the import and the
service-user count are Dukcapil's.

Every record-taking service function (tests/test_access_walk.py: FUNCTIONS) is called by that liaison
and must refuse (AccessDenied, NotFound, or an empty answer for a filter) unless DISTRICT_WIDE says why
a liaison reads it for the whole district. Then every list or chart filtered by Dukcapil, asked by that
liaison, must refuse or answer as for a unit no record has, unless DISTRICT_WIDE_FILTERS says why not.

Readings of the rules (from the services' docstrings and README, Roles and each module's "Who"):
- Forums: "officers read [the district's forums] (a unit's liaison updates the actions its unit owns)"
  (README, Community forums): reading every forum, item, action (and its evidence, shown on the forum
  page) is district-wide for a liaison; writing an action is its owner unit's only.
- Satisfaction: entry is the liaison's unit only; the service-user counts (N, the sample's
  denominator, printed in every IKM report) are listed on *Populasi & sampel* for the district's
  officers, so reading them is district-wide; entering and taking back a response are the unit's.
- Complaints: a liaison sees the complaints at its unit now, those it once had (not rahasia) and those it
  took in; nothing else, by any function. Picking an assignee lists the officers of a unit of the
  district (names of colleagues, not a record), district-wide.
- Complaint figures (services/complaints/stats.py, READERS include officers): aggregates over the
  district, no record and no text; a liaison reads them for the district, so narrowing them to another
  unit is district-wide too (a rahasia complaint is counted in every figure, README).
- Training: a unit head reaches the staff of their unit only (services.training.access.staff_in_scope).
"""

from __future__ import annotations

import pytest

from services.complaints import workflow
from services.core.access import system_actor
from tests import walk_helpers
from tests.factories import user
from tests.test_access_walk import (
    ANSWER_NOTHING,
    FUNCTIONS,
    MISSING,
    Outcome,
    add_actors,
    answer,
    build_records,
    call,
    filters,
    report,
)

# Functions a liaison reads for the whole district (each with the rule that says so).
FORUM_READERS = "README: officers read the district's forums; only writing an action is its owner unit's"
DISTRICT_WIDE = {
    "services.core.org.get_unit": "the org chart every form picks units from (every role)",
    "services.core.org.list_units": "the org chart every form picks units from (every role)",
    "services.satisfaction.stats.units_in_scope": "the unit picker of every chart and form (every role)",
    "services.satisfaction.surveys.list_service_users": "Populasi & sampel lists the district's N to officers",
    "services.complaints.workflow.officers_of_unit": "the assignee picker: colleagues' names, not a record",
    "services.forums.access.forum_in_scope": FORUM_READERS,
    "services.forums.access.item_in_scope": FORUM_READERS,
    "services.forums.access.action_in_scope": FORUM_READERS,
    "services.forums.actions.read_evidence": FORUM_READERS + " (the evidence is on the forum page)",
    "services.forums.items.board": FORUM_READERS,
    "services.forums.items.get_item": FORUM_READERS,
    "services.forums.items.list_items": FORUM_READERS,
    "services.forums.records.get_forum": FORUM_READERS,
    "services.forums.records.list_forums": FORUM_READERS,
    "services.forums.records.list_areas": FORUM_READERS,
    "services.forums.records.list_participants": FORUM_READERS + " (the list is shown masked)",
    "services.forums.report.you_said_we_did": FORUM_READERS,
    "services.forums.links.items_of_complaint": FORUM_READERS + " (which forum items a complaint came from)",
}

FIGURES = "complaint figures (counts, shares, medians; no record) are read by the district's officers"
DISTRICT_WIDE_FILTERS = {
    "services.complaints.stats.closing_by_bucket(unit_id)": FIGURES,
    "services.complaints.stats.overview(unit_id)": FIGURES,
    "services.complaints.stats.volume_by_category(unit_id)": FIGURES,
    "services.forums.stats.heard_and_acted(unit_id)": FORUM_READERS,
    "services.forums.stats.themes_over_time(unit_id)": FORUM_READERS,
    "services.forums.stats.forum_dates(unit_id)": FORUM_READERS,
    "services.satisfaction.surveys.list_service_users(unit_id)": DISTRICT_WIDE[
        "services.satisfaction.surveys.list_service_users"
    ],
}


@pytest.fixture
def units_walk(session, world, today):
    records = build_records(session, world, today)
    add_actors(session, world)
    liaison = user(session, "liaison.ptsp", ["officer"], world.wgr.id, world.units["WGR-PTSP"].id)
    session.commit()
    # the walk's counter complaint goes to Dukcapil (the permit desk never had it)
    for action, data in (("verify", {}), ("forward", {"unit_id": world.units["WGR-DUKCAPIL"].id})):
        workflow.act(session, world["officer"], records["tid"], action, data)
        session.commit()
    records["note"] = "Dari forum Wanggar Mendengarkan"  # what a forum writes on the timeline
    data = {"services.complaints.workflow.bulk_assign": {"assignee_id": world["officer.dukcapil"].id}}
    return session, world, records, liaison, data


def test_a_units_liaison_reaches_no_record_of_another_unit(units_walk):
    session, _world, records, liaison, data = units_walk
    walked, broken, wide = 0, [], set()
    for name in FUNCTIONS:
        outcome = call(session, name, "liaison.ptsp", liaison, records, data.get(name, {}))
        walked += 1
        if name in DISTRICT_WIDE:
            wide.add(name) if not outcome.refused else None
        elif not outcome.refused:
            broken.append(outcome)
    print(f"walked {walked} calls: the permit desk's liaison on Dukcapil's records")
    assert not broken, report("reached a record of another unit", broken, walked)
    # the list stays honest: each function declared district-wide does answer the liaison
    assert wide == set(DISTRICT_WIDE), f"declared district-wide but refused: {sorted(set(DISTRICT_WIDE) - wide)}"


def test_the_units_own_liaison_reaches_what_the_other_is_refused(units_walk):
    """Teeth: Dukcapil's liaison (or, for the coordinator's part, the coordinator) is not refused the
    complaint, the action, the staff member and the response the permit desk's liaison is refused."""
    session, world, records, _liaison, data = units_walk
    for name in (
        "services.complaints.report.get_complaint",
        "services.forums.actions.update_action",
        "services.forums.actions.attach_evidence",
        "services.training.access.staff_in_scope",
    ):
        own = call(session, name, "officer.dukcapil", world["officer.dukcapil"], records, data.get(name, {}))
        assert not own.refused or name in ANSWER_NOTHING, str(own)


def test_a_units_liaison_filtering_by_another_unit_reads_as_no_unit(units_walk):
    session, world, records, liaison, _data = units_walk
    walked, broken = 0, []
    for name, (fn, scoped) in filters().items():
        if "unit_id" not in scoped or f"{name}(unit_id)" in DISTRICT_WIDE_FILTERS:
            continue
        got = answer(session, fn, liaison, "unit_id", records["unit_id"], records)
        nothing = answer(session, fn, liaison, "unit_id", MISSING, records)
        walked += 1
        if got not in ("refused", nothing):
            broken.append(
                Outcome(f"{name}(unit_id=Dukcapil)", "liaison.ptsp", f"{got:.60} | none: {nothing:.20}", False)
            )
    print(f"walked {walked} calls: the permit desk's liaison filtering by Dukcapil")
    assert not broken, report("read another unit through a filter", broken, walked)
    for key in DISTRICT_WIDE_FILTERS:  # declared filters are still ones Dukcapil's record changes
        name = key.removesuffix("(unit_id)")
        fn = filters()[name][0]
        assert answer(session, fn, system_actor(), "unit_id", records["unit_id"], records) != answer(
            session, fn, system_actor(), "unit_id", MISSING, records
        ), key


# --- content: nothing a function returns to the permit desk's liaison names Dukcapil's records -------

UNIT_TITLE = "Marmoset loket Dukcapil lambat melayani"
UNIT_NAME = "Bartolomeus Unitara"
UNIT_MARKERS = ("marmoset", "bartolomeus", "unitara", "tebai", "199203142018012001")

# Where Dukcapil's own liaison sees the markers (the walk looks where they are).
OWN_LIAISON_SEES = {
    "services.complaints.report.get_complaint",
    "services.complaints.triage.queue",
    "services.complaints.exports.export_table",
    "services.training.ledger.ledger",
}


@pytest.fixture
def unit_content(units_walk):
    from sqlmodel import select

    from models.complaints import Complaint
    from services.complaints.triage import QueueFilter
    from services.core import periods

    session, world, records, liaison, _data = units_walk
    c = session.exec(select(Complaint).where(Complaint.tracking_id == records["tid"])).one()
    c.title, c.complainant_name = UNIT_TITLE, UNIT_NAME
    session.commit()
    records = {**records, "text": UNIT_TITLE, "search": UNIT_TITLE, "period": periods.parse("2026"), "year": 2026}
    records.update(flt=QueueFilter(), kind="month", record="complaint", key=records["tid"], category="adminduk")
    unscoped = {**records, "unit_id": None, "district_id": None, "staff_id": None}
    variants = {
        "services.complaints.triage.queue": [{"flt": QueueFilter(scope=s)} for s in ("former", "filed")]
        + [{"flt": QueueFilter(search=UNIT_TITLE)}],
        "services.complaints.exports.export_table": [{"flt": QueueFilter(scope="former")}],
        "services.complaints.intake.similar_open": [{"text": UNIT_TITLE, "unit_id": None}],
    }
    return session, world, (records, unscoped), liaison, variants


def content_calls(records_pair, variants):
    for records in records_pair:
        yield from walk_helpers.calls(records, variants)


def test_nothing_returned_to_a_units_liaison_names_another_units_records(unit_content):
    session, _world, records_pair, liaison, variants = unit_content
    walked, broken = 0, []
    for name, fn, kwargs in content_calls(records_pair, variants):
        outcome, markers = walk_helpers.reveal(session, fn, liaison, kwargs, UNIT_MARKERS)
        walked += 1
        if markers:
            broken.append(f"{name.removeprefix('services.'):50} liaison.ptsp {outcome}: {markers}")
    print(f"walked {walked} calls: every service function, by the permit desk's liaison")
    assert not broken, f"named another unit's records: {len(broken)} of {walked}\n" + "\n".join(sorted(set(broken)))


def test_the_units_own_liaison_sees_the_markers_where_the_walk_looks(unit_content):
    session, world, records_pair, _liaison, variants = unit_content
    own = world["officer.dukcapil"]
    shown = {
        name
        for name, fn, kwargs in content_calls(records_pair, variants)
        if walk_helpers.reveal(session, fn, own, kwargs, UNIT_MARKERS)[1]
    }
    print(f"Dukcapil's liaison sees the markers in {sorted(shown)}")
    assert OWN_LIAISON_SEES <= shown, f"not shown to the unit's own liaison: {sorted(OWN_LIAISON_SEES - shown)}"
