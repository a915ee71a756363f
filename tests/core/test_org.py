"""Districts, units and staff: validation, scope and paging."""

import pytest
from sqlmodel import select

from models.core.org import Staff, UnitService
from services.core import org
from services.core.errors import AccessDenied, NotFound, ValidationFailed


def codes(exc):
    return {(e.field, e.code) for e in exc.errors}


def staff_data(world, **over):
    data = {
        "nip": "199204182019032011",
        "name": "Ruth Yeimo",
        "unit_id": world.units["WGR-DUKCAPIL"].id,
        "position": "Operator SIAK",
        "employment": "PNS",
        "rank": "III/a",
    }
    data.update(over)
    return data


def test_trainer_registers_staff_with_fields_derived_from_the_nip(session, world):
    created = org.create_staff(session, world["trainer"], staff_data(world))
    assert created.gender == "P" and created.birth_date.year == 1992 and created.unit_code == "WGR-DUKCAPIL"


@pytest.mark.parametrize(
    "over, expected",
    [
        ({"nip": "19920418201903201"}, ("nip", "nip_length")),
        ({"name": ""}, ("name", "required")),
        ({"rank": "IX"}, ("rank", "rank_invalid")),
        ({"employment": "Honorer"}, ("employment", "choice_invalid")),
        ({"unit_id": None}, ("unit_id", "required")),
    ],
)
def test_bad_staff_input_saves_nothing(session, world, over, expected):
    before = len(session.exec(select(Staff)).all())
    with pytest.raises(ValidationFailed) as exc:
        org.create_staff(session, world["trainer"], staff_data(world, **over))
    assert expected in codes(exc.value)
    assert len(session.exec(select(Staff)).all()) == before


def test_duplicate_nip_is_refused(session, world):
    with pytest.raises(ValidationFailed) as exc:
        org.create_staff(session, world["trainer"], staff_data(world, nip="198503152010012003"))
    assert codes(exc.value) == {("nip", "nip_taken")}


def test_district_trainer_cannot_add_staff_to_another_district(session, world):
    with pytest.raises(ValidationFailed) as exc:
        org.create_staff(session, world["trainer.swl"], staff_data(world))
    assert codes(exc.value) == {("unit_id", "scope_outside_yours")}


def test_officers_and_organizers_cannot_read_the_staff_register(session, world):
    for name in ("officer", "organizer"):
        with pytest.raises(AccessDenied):
            org.list_staff(session, world[name])


def test_district_manager_sees_only_their_staff(session, world):
    names = {s.name for s in org.list_staff(session, world["manager.swl"]).items}
    assert names == {"Rahmat Hidayat"}
    staff_id = session.exec(select(Staff.id).where(Staff.name == "Siti Aminah")).one()
    with pytest.raises(NotFound):
        org.get_staff(session, world["manager.swl"], staff_id)


def test_search_by_nip_prefix_or_name_and_paging(session, world):
    assert [s.name for s in org.list_staff(session, world["manager"], search="19850315").items] == ["Siti Aminah"]
    assert [s.name for s in org.list_staff(session, world["manager"], search="pigai").items] == ["Yakobus Pigai"]
    page = org.list_staff(session, world["manager"], page=2, page_size=2)
    assert page.total == 3 and len(page.items) == 1 and page.pages == 2


def test_rank_must_still_fit_after_changing_employment(session, world):
    staff_id = session.exec(select(Staff.id).where(Staff.name == "Siti Aminah")).one()
    with pytest.raises(ValidationFailed) as exc:
        org.update_staff(session, world["trainer"], staff_id, {"employment": "PPPK"})
    assert codes(exc.value) == {("rank", "rank_invalid")}
    updated = org.update_staff(session, world["trainer"], staff_id, {"employment": "PPPK", "rank": "IX"})
    assert (updated.employment, updated.rank) == ("PPPK", "IX")


def test_unit_code_must_carry_the_district_prefix(session, world):
    data = {"district_id": world.wgr.id, "code": "SWL-BARU", "name": "Unit Baru", "kind": "kantor"}
    with pytest.raises(ValidationFailed) as exc:
        org.create_unit(session, world["admin"], data)
    assert codes(exc.value) == {("code", "unit_code_prefix")}


def test_unit_services_are_kept_in_order_and_removed_ones_deactivated(session, world):
    unit = org.create_unit(
        session,
        world["admin"],
        {
            "district_id": world.wgr.id,
            "code": "wgr-kantor",
            "name": "Kantor Distrik",
            "kind": "kantor",
            "services": "Surat A\nSurat B\n\nsurat a",
        },
    )
    assert unit.code == "WGR-KANTOR" and unit.services == ["Surat A", "Surat B"]
    updated = org.update_unit(session, world["admin"], unit.id, {"services": ["Surat B", "Surat C"]})
    assert updated.services == ["Surat B", "Surat C"]
    kept = session.exec(select(UnitService).where(UnitService.unit_id == unit.id, UnitService.name == "Surat A")).one()
    assert kept.active is False  # still there for old surveys and complaints


def test_units_are_listed_in_scope(session, world):
    assert {u.code for u in org.list_units(session, world["officer.swl"])} == {"SWL-DUKCAPIL", "SWL-DPMPTSP"}
    assert len(org.list_units(session, world["manager"])) == 4


def test_only_all_district_admins_add_districts(session, world):
    data = {
        "name": "Gayungan",
        "code": "GYG",
        "kind": "kecamatan",
        "province": "Jawa Timur",
        "regency": "Kota Surabaya",
    }
    with pytest.raises(ValidationFailed):
        org.create_district(session, world["admin.wgr"], data)
    assert org.create_district(session, world["admin"], data).code == "GYG"
    with pytest.raises(ValidationFailed) as exc:
        org.create_district(session, world["admin"], data)
    assert ("name", "name_taken") in codes(exc.value)


def test_an_admin_creates_a_unit_code_in_the_seeded_kelurahan_style(session, world):
    data = {"district_id": world.wgr.id, "code": "wgr-kam-yaba", "name": "Kampung Yaba", "kind": "kampung"}
    assert org.create_unit(session, world["admin"], data).code == "WGR-KAM-YABA"
    with pytest.raises(ValidationFailed) as exc:
        org.create_unit(session, world["admin"], {**data, "code": "WGR-KAM-"})
    assert codes(exc.value) == {("code", "unit_code_invalid")}


def test_staff_stay_in_a_deactivated_unit_but_none_join_it(session, world):
    ptsp = world.units["WGR-PTSP"].id
    org.update_unit(session, world["admin"], ptsp, {"active": False})
    pigai = session.exec(select(Staff.id).where(Staff.name == "Yakobus Pigai")).one()
    updated = org.update_staff(session, world["trainer"], pigai, {"unit_id": ptsp, "position": "Analis Perizinan"})
    assert (updated.unit_id, updated.position) == (ptsp, "Analis Perizinan")
    siti = session.exec(select(Staff.id).where(Staff.name == "Siti Aminah")).one()
    with pytest.raises(ValidationFailed) as exc:
        org.update_staff(session, world["trainer"], siti, {"unit_id": ptsp})
    assert codes(exc.value) == {("unit_id", "unit_inactive")}
    with pytest.raises(ValidationFailed) as exc:
        org.create_staff(session, world["trainer"], staff_data(world, unit_id=ptsp))
    assert codes(exc.value) == {("unit_id", "unit_inactive")}


def test_staff_and_unit_changes_are_filed_under_their_district(session, world):
    from models.core.audit import AuditLog

    org.create_staff(session, world["trainer"], staff_data(world))  # an all-district trainer, a Wanggar unit
    org.update_unit(session, world["admin"], world.units["SWL-DPMPTSP"].id, {"name": "DPMPTSP Kota"})
    session.commit()
    placed = {(r.entity, r.district_id) for r in session.exec(select(AuditLog))}
    assert placed == {("staff", world.wgr.id), ("unit", world.swl.id)}
