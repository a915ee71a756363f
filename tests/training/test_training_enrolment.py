"""Enrolment: one by one, a unit, a pasted NIP list; capacity, waitlist order and promotion; overlaps."""

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import select

from models.training import Enrolment
from services.core.errors import NotFound, ValidationFailed
from services.training import enrolment
from tests.training.conftest import NIPS, add_cohort, add_session, version


def codes(exc: ValidationFailed) -> list[str]:
    return [e.code for e in exc.errors]


def test_a_full_cohort_puts_the_rest_on_the_waitlist_in_order(session, world, tw):
    t = world["trainer"]
    ids = [tw.staff[n] for n in ("Maria Tebai", "Petrus Kogoya", "Ruth Yeimo", "Siti Aminah")]
    result = enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), ids)
    assert result.enrolled == ["Maria Tebai", "Petrus Kogoya"]
    assert result.waitlisted == ["Ruth Yeimo", "Siti Aminah"]
    rows = {r.name: r for r in enrolment.list_enrolments(session, t, tw.cohort_id)}
    assert (rows["Ruth Yeimo"].waitlist_position, rows["Siti Aminah"].waitlist_position) == (1, 2)


def test_withdrawing_a_participant_promotes_the_first_in_line_and_renumbers(session, world, tw):
    t = world["trainer"]
    ids = [tw.staff[n] for n in ("Maria Tebai", "Petrus Kogoya", "Ruth Yeimo", "Siti Aminah")]
    enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), ids)
    rows = {r.name: r for r in enrolment.list_enrolments(session, t, tw.cohort_id)}
    promoted = enrolment.withdraw(session, t, rows["Maria Tebai"].id, version(session, t, tw.cohort_id))
    assert promoted == [rows["Ruth Yeimo"].id]
    rows = {r.name: r for r in enrolment.list_enrolments(session, t, tw.cohort_id)}
    assert rows["Ruth Yeimo"].status == "enrolled" and rows["Ruth Yeimo"].waitlist_position is None
    assert (rows["Siti Aminah"].status, rows["Siti Aminah"].waitlist_position) == ("waitlisted", 1)
    assert rows["Maria Tebai"].status == "withdrawn"


def test_withdrawing_from_the_waitlist_promotes_nobody(session, world, tw):
    t = world["trainer"]
    ids = [tw.staff[n] for n in ("Maria Tebai", "Petrus Kogoya", "Ruth Yeimo")]
    enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), ids)
    rows = {r.name: r for r in enrolment.list_enrolments(session, t, tw.cohort_id)}
    assert enrolment.withdraw(session, t, rows["Ruth Yeimo"].id, version(session, t, tw.cohort_id)) == []


def test_a_pasted_nip_list_reports_unknown_and_invalid_nips_and_enrols_the_rest(session, world, tw):
    t = world["trainer"]
    text = f"{NIPS['Maria Tebai']}\n1992 0314 2018 01 2 001 , 123\n197812312005011002; 198001012005011999\n"
    result = enrolment.enrol_nips(session, t, tw.cohort_id, version(session, t, tw.cohort_id), text)
    assert result.enrolled == ["Maria Tebai"]
    assert result.invalid == ["123"]
    # Rahmat Hidayat's NIP is real but he works in Sawahlunto; the last one belongs to nobody.
    assert result.unknown == ["197812312005011002", "198001012005011999"]


def test_a_list_without_one_known_nip_is_refused_and_saves_nothing(session, world, tw):
    t = world["trainer"]
    with pytest.raises(ValidationFailed) as exc:
        enrolment.enrol_nips(session, t, tw.cohort_id, version(session, t, tw.cohort_id), "123\n198001012005011999")
    assert codes(exc.value) == ["training_no_known_nip"]
    assert session.exec(select(Enrolment)).all() == []


def test_a_whole_unit_is_enrolled_by_name(session, world, tw):
    t = world["trainer"]
    result = enrolment.enrol_unit(
        session, t, tw.cohort_id, version(session, t, tw.cohort_id), world.units["WGR-DUKCAPIL"].id
    )
    assert result.enrolled == ["Maria Tebai", "Petrus Kogoya"] and result.waitlisted == ["Ruth Yeimo", "Siti Aminah"]
    again = enrolment.enrol_unit(
        session, t, tw.cohort_id, version(session, t, tw.cohort_id), world.units["WGR-DUKCAPIL"].id
    )
    assert len(again.already) == 4 and not again.enrolled


def test_a_unit_of_another_district_cannot_be_enrolled(session, world, tw):
    t = world["trainer"]
    with pytest.raises(ValidationFailed):
        enrolment.enrol_unit(
            session, t, tw.cohort_id, version(session, t, tw.cohort_id), world.units["SWL-DUKCAPIL"].id
        )


def test_overlapping_sessions_are_warned_about_and_need_confirming(session, world, tw):
    t = world["trainer"]
    maria = tw.staff["Maria Tebai"]
    enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), [maria])
    other = add_cohort(session, t, tw.programme_id, world.wgr.id, name="Angkatan II")
    add_session(session, t, other, date(2026, 3, 3), start=(11, 0), end=(15, 0))  # crosses 08-12 on 3 March
    clashes = enrolment.overlaps(session, t, other, [maria, tw.staff["Petrus Kogoya"]])
    assert [(o.staff_name, o.other_cohort, o.day) for o in clashes] == [("Maria Tebai", "Angkatan I", "2026-03-03")]
    with pytest.raises(ValidationFailed) as exc:
        enrolment.enrol(session, t, other, version(session, t, other), [maria])
    assert codes(exc.value) == ["training_overlap"] and exc.value.errors[0].params["names"] == "Maria Tebai"
    result = enrolment.enrol(session, t, other, version(session, t, other), [maria], accept_overlaps=True)
    assert result.enrolled == ["Maria Tebai"]


def test_the_overlap_check_tells_nothing_of_another_districts_staff(session, world, tw):
    """The overlap check the enrolment page runs first named a Sawahlunto ASN and their Sawahlunto
    cohort to a Wanggar trainer given their staff id (found by the mixed access walk): now a list
    naming anyone outside the cohort's district is refused whole."""
    swl = world["trainer.swl"]
    rahmat = tw.staff["Rahmat Hidayat"]
    theirs = add_cohort(session, swl, tw.programme_id, world.swl.id, name="Angkatan Sawahlunto")
    add_session(session, swl, theirs, date(2026, 3, 2))  # the same morning as Wanggar's cohort
    enrolment.enrol(session, swl, theirs, version(session, swl, theirs), [rahmat])
    session.commit()
    wgr = replace(world["trainer"], district_id=world.wgr.id)  # a Wanggar trainer
    with pytest.raises(NotFound):
        enrolment.overlaps(session, wgr, tw.cohort_id, [tw.staff["Maria Tebai"], rahmat])
    assert enrolment.overlaps(session, world["trainer"], theirs, [rahmat]) == []  # its own cohort: no clash


def test_sessions_that_only_touch_do_not_overlap(session, world, tw):
    t = world["trainer"]
    maria = tw.staff["Maria Tebai"]
    enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), [maria])
    other = add_cohort(session, t, tw.programme_id, world.wgr.id, name="Angkatan II")
    add_session(session, t, other, date(2026, 3, 3), start=(12, 0), end=(15, 0))
    assert enrolment.overlaps(session, t, other, [maria]) == []


def test_a_stale_version_is_refused_so_no_write_is_lost(session, world, tw):
    t = world["trainer"]
    stale = version(session, t, tw.cohort_id)
    enrolment.enrol(session, t, tw.cohort_id, stale, [tw.staff["Maria Tebai"]])
    with pytest.raises(ValidationFailed) as exc:
        enrolment.enrol(session, t, tw.cohort_id, stale, [tw.staff["Petrus Kogoya"]])
    assert codes(exc.value) == ["training_cohort_changed"]


def test_another_districts_trainer_and_staff_are_kept_out(session, world, tw):
    with pytest.raises(NotFound):
        enrolment.list_enrolments(session, world["trainer.swl"], tw.cohort_id)
    t = world["trainer"]
    with pytest.raises(NotFound):  # Rahmat works in Sawahlunto: not enrolled into a Wanggar cohort
        enrolment.enrol(session, t, tw.cohort_id, version(session, t, tw.cohort_id), [tw.staff["Rahmat Hidayat"]])


def test_split_nips_reads_lines_commas_and_grouped_nips():
    assert enrolment.split_nips("1985 0315 2010 01 2 003\na,b;c  d") == ["198503152010012003", "a", "b", "c", "d"]


def test_an_uploaded_spreadsheet_of_nips_is_read_cell_by_cell():
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["NIP", "Nama"])
    book.active.append(["199203142018012001", "Maria Tebai"])
    book.active.append([198811052012011004, None])  # typed as a number: the last digits are gone
    out = io.BytesIO()
    book.save(out)
    text = enrolment.nips_from_file("peserta.xlsx", out.getvalue())
    nips = enrolment.split_nips(text)
    assert nips[2:5] == ["199203142018012001", "Maria", "Tebai"]
    assert nips[5] != "198811052012011004" and nips[5].startswith("198811052012011")
    assert enrolment.nips_from_file("peserta.csv", "\ufeff199203142018012001\n".encode()) == "199203142018012001\n"
    assert enrolment.nips_from_file("rusak.xlsx", b"not a workbook") == ""
