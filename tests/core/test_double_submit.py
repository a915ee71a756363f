"""A double click, a resubmitted form or a second tap on a slow line makes one record, not two."""

from __future__ import annotations

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from models.core.org import Unit


def _script():
    import streamlit as st

    from services.core import org
    from ui.context import ACTOR_KEY, call

    st.session_state[ACTOR_KEY] = st.session_state["who"]
    data = {"district_id": st.session_state["district_id"], "code": "WGR-KAM-YAB", "name": "Kantor Kampung Yaba",
            "kind": "kampung", "services": ""}  # fmt: skip
    for _ in range(st.session_state.get("clicks", 1)):
        ok, unit = call(org.create_unit, data)
        st.write(f"ok={ok} code={unit.code if unit else None}")
    if st.session_state.get("other"):
        ok, unit = call(org.create_unit, {**data, "code": "WGR-KAM-ARU", "name": "Kantor Kampung Aru"})
        st.write(f"ok={ok} code={unit.code if unit else None}")


def run(world, **state) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=30)
    at.session_state["who"] = world["admin"]
    at.session_state["district_id"] = world.wgr.id
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def units(session) -> list[str]:
    session.expire_all()
    return sorted(session.exec(select(Unit.code).where(Unit.code.like("WGR-KAM-%"))).all())


def test_the_same_change_asked_twice_at_once_is_made_once(world, session):
    at = run(world, clicks=2)
    assert not at.exception
    assert [m.value for m in at.markdown] == ["ok=True code=WGR-KAM-YAB"] * 2  # both clicks see it saved
    assert units(session) == ["WGR-KAM-YAB"]


def test_a_resubmit_on_the_next_run_is_made_once_and_a_different_change_goes_through(world, session):
    at = run(world)
    at.session_state["other"] = True
    at.run()  # the browser resubmits the same form, then the user adds another unit
    assert not at.exception and not at.error
    assert units(session) == ["WGR-KAM-ARU", "WGR-KAM-YAB"]


def test_without_the_guard_the_second_click_would_be_refused_as_a_duplicate(world, session, monkeypatch):
    """The guard is what makes the repeat harmless: switched off, the second call runs and fails."""
    from ui import context

    monkeypatch.setattr(context, "DOUBLE_SUBMIT_SECONDS", 0.0)
    at = run(world, clicks=2)
    assert [m.value for m in at.markdown][0] == "ok=True code=WGR-KAM-YAB"
    assert "ok=False code=None" in [m.value for m in at.markdown]
    assert units(session) == ["WGR-KAM-YAB"]
