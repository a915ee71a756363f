"""The complaint and survey modules write their audit rows with the district they concern, so a
district admin reads them on the audit page and an admin of another district does not."""

from __future__ import annotations

from services.complaints import report
from services.core import audit
from services.satisfaction import kiosk
from tests.complaints.factories import act, intake


def rows(session, actor):
    return audit.list_entries(session, actor, page_size=200).items


def test_a_complaint_and_its_reveal_are_audited_for_its_district(session, world, today):
    created = intake(session, world["officer"])
    act(session, world["officer"], created.tracking_id, "verify")
    act(session, world["officer"], created.tracking_id, "forward", unit_id=world.units["WGR-DUKCAPIL"].id)
    report.reveal_contact(session, world["officer.dukcapil"], created.tracking_id)
    intake(session, world["officer.swl"], complainant_name="Rahmat")  # Sawahlunto's
    session.commit()

    wanggar = [(r.action, r.entity) for r in rows(session, world["admin.wgr"])]
    assert ("create", "complaint") in wanggar and ("reveal", "complaint") in wanggar
    assert [r for r in rows(session, world["admin.wgr"]) if r.username == "officer.swl"] == []
    assert any(r.username == "officer.swl" for r in rows(session, world["admin"]))


def test_a_kiosk_link_made_by_an_all_district_admin_is_audited_for_its_units_district(session, world):
    link, _ = kiosk.issue(session, world["admin"], {"unit_id": world.units["WGR-PTSP"].id, "label": "Loket 1"})
    kiosk.revoke(session, world["admin"], link.id)
    session.commit()
    seen = [(r.action, r.entity) for r in rows(session, world["admin.wgr"])]
    assert ("create", "kiosk_link") in seen and ("revoke", "kiosk_link") in seen
