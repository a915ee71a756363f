"""A small training world on top of tests/factories.py: one topic, one organiser, one programme of
16 JP, and a Wanggar cohort (capacity 2) with two sessions, plus more Wanggar staff to enrol."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import pytest
from sqlmodel import Session, select

from models.core.org import Staff
from services.training import catalogue, cohorts
from tests.factories import staff

NIPS = {
    "Maria Tebai": "199203142018012001",
    "Petrus Kogoya": "198811052012011004",
    "Ruth Yeimo": "199507202020122002",
}


@dataclass
class TrainingWorld:
    programme_id: int
    cohort_id: int
    session_ids: list[int]
    staff: dict[str, int]  # name -> staff id (Wanggar and Sawahlunto)


def add_cohort(session: Session, actor, programme_id: int, district_id: int, **kw) -> int:
    data = {
        "programme_id": programme_id,
        "district_id": district_id,
        "name": kw.pop("name", "Angkatan I"),
        "start_on": kw.pop("start_on", date(2026, 3, 2)),
        "end_on": kw.pop("end_on", date(2026, 3, 3)),
        "capacity": kw.pop("capacity", 2),
        "facilitator": "Dr. Yosua Wonda",
        **kw,
    }
    return cohorts.create_cohort(session, actor, data).id


def add_session(session: Session, actor, cohort_id: int, day: date, start=(8, 0), end=(12, 0)) -> int:
    version = cohorts.get_cohort(session, actor, cohort_id).version
    return cohorts.add_session(
        session,
        actor,
        cohort_id,
        version,
        {"day": day, "starts_at": time(*start), "ends_at": time(*end), "venue": "Aula Distrik"},
    ).id


def version(session: Session, actor, cohort_id: int) -> int:
    return cohorts.get_cohort(session, actor, cohort_id).version


@pytest.fixture
def tw(session, world) -> TrainingWorld:
    trainer = world["trainer"]
    topic = catalogue.add_topic(session, trainer, {"name": "TI dan e-government"})
    organiser = catalogue.add_organiser(session, trainer, {"name": "Universitas Cenderawasih", "kind": "university"})
    programme = catalogue.create_programme(
        session,
        trainer,
        {"title": "Pelatihan aplikasi pengaduan daring", "competency": "teknis", "topic_id": topic, "form": "pelatihan",
         "classroom": True, "organiser_id": organiser, "abroad": False, "jp": 16},
    )  # fmt: skip
    for name, nip in NIPS.items():
        staff(session, world.units["WGR-DUKCAPIL"], nip, name)
    cohort = add_cohort(session, trainer, programme.id, world.wgr.id)
    s1 = add_session(session, trainer, cohort, date(2026, 3, 2))
    s2 = add_session(session, trainer, cohort, date(2026, 3, 3))
    session.commit()
    people = {s.name: s.id for s in session.exec(select(Staff))}
    return TrainingWorld(programme.id, cohort, [s1, s2], people)
