"""The 20-JP ledger: sums from certificates and learning recorded by hand, the year boundary, the
forecast from what is booked, per-unit shares, and the SIASN export."""

import io
from datetime import date

import pandas as pd
import pytest

from models.training import jp_from_minutes
from services.core.errors import AccessDenied, NotFound, ValidationFailed
from services.training import enrolment, ledger
from tests.training.conftest import add_cohort, version
from tests.training.test_training_completion import run_cohort


def external(session, actor, staff_id, **kw):
    data = {
        "staff_id": staff_id, "title": "Seminar pelayanan prima", "organiser": "LAN RI", "competency": "manajerial",
        "form": "seminar", "start_on": date(2026, 5, 4), "end_on": date(2026, 5, 4), "jp": 6,
        "certificate_number": "LAN/2026/0001", "evidence": "arsip/2026/lan-0001.pdf", **kw,
    }  # fmt: skip
    return ledger.record_external(session, actor, data)


@pytest.mark.parametrize("minutes, jp", [(45, 1.0), (90, 2.0), (60, 1.33), (900, 20.0)])
def test_minutes_become_jp_at_45_minutes_each(minutes, jp):
    assert jp_from_minutes(minutes) == jp


def test_jp_sum_certificates_and_learning_recorded_by_hand_in_the_year_they_ended(session, world, tw):
    t = world["trainer"]
    run_cohort(session, world, tw)  # Maria passes: 16 JP in March 2026
    maria = tw.staff["Maria Tebai"]
    external(session, t, maria, minutes=180, jp=None, certificate_number="A-1")  # 4 JP
    external(session, t, maria, start_on=date(2025, 12, 29), end_on=date(2026, 1, 2), jp=3, certificate_number="A-2")
    external(session, t, maria, start_on=date(2025, 12, 1), end_on=date(2025, 12, 31), jp=5, certificate_number="A-3")
    frame = ledger.ledger(session, t, 2026, district_id=world.wgr.id).set_index("name")
    assert frame.loc["Maria Tebai", "completed_jp"] == 23.0  # 16 + 4 + 3; the December course counts in 2025
    assert frame.loc["Maria Tebai", "gap_jp"] == 0
    assert frame.loc["Petrus Kogoya", "completed_jp"] == 0 and frame.loc["Petrus Kogoya", "gap_jp"] == 20
    assert ledger.ledger(session, t, 2025).set_index("name").loc["Maria Tebai", "completed_jp"] == 5
    assert frame.index[0] != "Maria Tebai"  # the largest gap first


def test_the_forecast_adds_what_is_booked_in_cohorts_ending_this_year(session, world, tw):
    t = world["trainer"]
    maria = tw.staff["Maria Tebai"]
    later = add_cohort(session, t, tw.programme_id, world.wgr.id, name="Angkatan II",
                       start_on=date(2026, 10, 5), end_on=date(2026, 10, 6))  # fmt: skip
    enrolment.enrol(session, t, later, version(session, t, later), [maria])
    row = ledger.ledger(session, t, 2026).set_index("name").loc["Maria Tebai"]
    assert (row["completed_jp"], row["booked_jp"], row["forecast_jp"]) == (0, 16, 16)
    units = ledger.unit_summary(session, t, 2026, district_id=world.wgr.id).set_index("unit_code")
    dukcapil = units.loc["WGR-DUKCAPIL"]
    assert dukcapil["staff"] == 4 and dukcapil["at_target"] == 0 and dukcapil["forecast_at_target"] == 0
    external(session, t, maria, jp=4, certificate_number="B-1")
    units = ledger.unit_summary(session, t, 2026, district_id=world.wgr.id).set_index("unit_code")
    assert units.loc["WGR-DUKCAPIL", "forecast_at_target"] == 1 and units.loc["WGR-DUKCAPIL", "forecast_share"] == 0.25


def test_a_duplicate_certificate_number_is_refused(session, world, tw):
    t = world["trainer"]
    external(session, t, tw.staff["Maria Tebai"])
    with pytest.raises(ValidationFailed) as exc:
        external(session, t, tw.staff["Petrus Kogoya"])
    assert [(e.field, e.code) for e in exc.value.errors] == [("certificate_number", "training_certificate_taken")]


def test_learning_needs_its_length_and_sane_dates(session, world, tw):
    t = world["trainer"]
    with pytest.raises(ValidationFailed) as exc:
        external(session, t, tw.staff["Maria Tebai"], jp=None)
    assert exc.value.errors[0].code == "jp_required"
    with pytest.raises(ValidationFailed) as exc:
        external(session, t, tw.staff["Maria Tebai"], end_on=date(2026, 5, 1))
    assert exc.value.errors[0].code == "period_reversed"


def test_the_siasn_export_has_the_siasn_fields(session, world, tw):
    t = world["trainer"]
    run_cohort(session, world, tw)
    external(session, t, tw.staff["Maria Tebai"], title="=HYPERLINK(1)")
    frame = pd.read_csv(io.BytesIO(ledger.export_csv(session, t, 2026)), encoding="utf-8-sig", dtype=str)
    assert list(frame.columns) == ledger.SIASN_COLUMNS
    assert set(frame["Nama Diklat"]) == {"Pelatihan aplikasi pengaduan daring", "'=HYPERLINK(1)"}
    row = frame[frame["Jenis Diklat"] == "pelatihan"].iloc[0]
    assert (row["NIP"], row["Jumlah Jam (JP)"], row["Tahun"]) == ("199203142018012001", "16", "2026")
    assert (row["Tanggal Mulai"], row["Tanggal Selesai"], row["Jenis Kompetensi"]) == (
        "2026-03-02",
        "2026-03-03",
        "teknis",
    )
    book = pd.read_excel(io.BytesIO(ledger.export_xlsx(session, t, 2026)))
    assert list(book.columns) == ledger.SIASN_COLUMNS and len(book) == 2


def test_scope_a_district_trainer_sees_only_their_district_and_a_unit_head_their_unit(session, world, tw):
    swl = ledger.ledger(session, world["trainer.swl"], 2026)
    assert set(swl["name"]) == {"Rahmat Hidayat"}
    head = ledger.ledger(session, world["officer.dukcapil"], 2026, unit_id=world.units["WGR-PTSP"].id)
    assert set(head["unit_code"]) == {"WGR-DUKCAPIL"}
    with pytest.raises(AccessDenied):
        ledger.ledger(session, world["officer"], 2026)  # an officer without a unit is no unit head
    with pytest.raises(NotFound):
        external(session, world["trainer.swl"], tw.staff["Maria Tebai"])


def test_manage_py_exports_the_siasn_history(session, world, tw, tmp_path, database_url):
    import manage

    run_cohort(session, world, tw)
    session.commit()
    out = tmp_path / "riwayat.csv"
    assert manage.main(["export-siasn", "--year", "2026", "--district", "WGR", "--out", str(out)]) == 0
    frame = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert list(frame.columns) == ledger.SIASN_COLUMNS and frame["Nama"].tolist() == ["Maria Tebai"]
    assert manage.main(["export-siasn", "--year", "2026", "--district", "XXX", "--out", str(out)]) == 2


def test_home_names_the_units_below_target_and_opens_the_ledger_on_them(session, world, tw, today):
    from services.training import home

    run_cohort(session, world, tw)
    items = {a.text_key: a for a in home.home_attention(session, world["manager"])}
    low = items["home.att.training_units_low"]
    assert (low.page, low.query) == ("training-ledger", {"year": "2026", "view": "units", "below": "1"})
    assert low.count == 3  # every Wanggar and Sawahlunto unit with staff: nobody will reach 20 JP
    figure = home.home_figures(session, world["trainer"])[0]
    assert figure.value == "0 %"


def test_a_one_district_manager_home_and_ledger_speak_of_that_district_only(session, world, tw, today):
    from services.training import home

    swl = world["manager.swl"]
    run_cohort(session, world, tw)  # Wanggar runs training; Sawahlunto does not yet
    assert home.home_attention(session, swl) == [] and home.home_figures(session, swl) == []
    add_cohort(session, world["trainer.swl"], tw.programme_id, world.swl.id, name="Angkatan Sawahlunto")
    session.commit()
    low = {a.text_key: a for a in home.home_attention(session, swl)}["home.att.training_units_low"]
    assert low.count == 1  # SWL-DUKCAPIL (the other Sawahlunto unit has no staff); Wanggar's two are not counted
    everyone = {a.text_key: a for a in home.home_attention(session, world["manager"])}["home.att.training_units_low"]
    assert everyone.count == 3
    assert [f.value for f in home.home_figures(session, swl)] == ["0 %"]  # Maria's 16 JP are Wanggar's
    assert set(ledger.ledger(session, swl, 2026)["name"]) == {"Rahmat Hidayat"}
    assert set(ledger.unit_summary(session, swl, 2026)["unit_code"]) == {"SWL-DUKCAPIL"}
    assert ledger.ledger(session, swl, 2026, district_id=world.wgr.id).empty  # asking for Wanggar gives nothing
    assert ledger.furthest_below(session, swl, 2026)["name"].tolist() == ["Rahmat Hidayat"]
    assert ledger.history(session, swl, 2026).empty  # the export: Maria's Wanggar certificate is not theirs
    assert len(ledger.history(session, world["manager"], 2026)) == 1
