"""Login, lockout, session epochs and user administration, without Streamlit."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from models.core.accounts import User
from models.core.audit import AuditLog
from models.core.base import Role, utcnow
from services.core import accounts, settings
from services.core.errors import AccessDenied, ValidationFailed
from tests.factories import PASSWORD


def codes(exc: ValidationFailed) -> set[tuple[str | None, str]]:
    return {(e.field, e.code) for e in exc.errors}


def test_right_password_logs_in_and_is_audited(session, world):
    assert accounts.authenticate(session, "officer", PASSWORD).ok
    session.commit()
    row = session.exec(select(AuditLog).where(AuditLog.action == "login")).one()
    assert row.username == "officer"
    assert session.exec(select(User).where(User.username == "officer")).one().last_login_at is not None


def test_username_is_case_and_space_insensitive(session, world):
    assert accounts.authenticate(session, "  Officer ", PASSWORD).ok


def test_wrong_password_and_unknown_user_fail_the_same_way(session, world):
    wrong = accounts.authenticate(session, "officer", "salah-sandi")
    unknown = accounts.authenticate(session, "nobody", "salah-sandi")
    assert wrong == unknown == accounts.LoginOutcome(ok=False)


def test_a_name_typed_for_an_unknown_account_is_not_kept(session, world):
    accounts.authenticate(session, "Rahasia-Sandi-Saya", "x")
    session.commit()
    row = session.exec(select(AuditLog).where(AuditLog.note == "unknown_username")).one()
    assert row.username is None and "Rahasia" not in str(row.model_dump())


def test_five_failures_lock_the_account_even_for_the_right_password(session, world):
    for _ in range(4):
        assert not accounts.authenticate(session, "officer", "salah").locked
    assert accounts.authenticate(session, "officer", "salah").locked
    session.commit()
    outcome = accounts.authenticate(session, "officer", PASSWORD)
    assert not outcome.ok and outcome.locked
    user = session.exec(select(User).where(User.username == "officer")).one()
    assert user.locked_until > utcnow() + timedelta(minutes=14)


def test_failures_count_across_separate_sessions(engine, world):
    """Two server processes share the count through the database."""
    for _ in range(5):
        with Session(engine) as s:  # a new connection each time, like another browser or process
            accounts.authenticate(s, "officer", "salah")
            s.commit()
    with Session(engine) as s:
        assert accounts.authenticate(s, "officer", PASSWORD).locked


def test_lock_ends_after_the_configured_minutes(session, world):
    for _ in range(5):
        accounts.authenticate(session, "officer", "salah")
    user = session.exec(select(User).where(User.username == "officer")).one()
    user.locked_until = utcnow() - timedelta(seconds=1)
    session.add(user)
    session.commit()
    assert accounts.authenticate(session, "officer", PASSWORD).ok


def test_lock_threshold_is_a_setting(session, world):
    settings.update(session, world["admin"], {"login.max_failures": 3})
    for _ in range(2):
        assert not accounts.authenticate(session, "officer", "salah").locked
    assert accounts.authenticate(session, "officer", "salah").locked


def test_inactive_account_cannot_log_in(session, world):
    accounts.update_user(session, world["admin"], world["officer"].id, {"active": False})
    assert not accounts.authenticate(session, "officer", PASSWORD).ok


def test_session_started_before_logout_is_refused(session, world):
    officer = world["officer"]
    started = 1_000.0
    assert accounts.actor_for(session, "officer", started) is not None
    epoch = accounts.end_sessions(session, officer.id)
    assert accounts.actor_for(session, "officer", started) is None
    assert accounts.actor_for(session, "officer", epoch + 0.001) is not None


def test_changing_password_ends_every_session(session, world):
    officer = world["officer"]
    accounts.change_own_password(
        session, officer, PASSWORD, {"new_password": "baru-sekali-9", "repeat": "baru-sekali-9"}
    )
    assert accounts.actor_for(session, "officer", 10.0) is None
    assert accounts.authenticate(session, "officer", "baru-sekali-9").ok
    assert not accounts.authenticate(session, "officer", PASSWORD).ok


def test_changing_password_needs_the_current_one(session, world):
    with pytest.raises(ValidationFailed) as exc:
        accounts.change_own_password(
            session, world["officer"], "keliru", {"new_password": "baru-sekali-9", "repeat": "baru-sekali-9"}
        )
    assert codes(exc.value) == {("current_password", "password_wrong")}


def test_new_passwords_must_match_and_be_long_enough(session, world):
    with pytest.raises(ValidationFailed) as exc:
        accounts.change_own_password(session, world["officer"], PASSWORD, {"new_password": "pendek", "repeat": "lain"})
    assert ("new_password", "password_short") in codes(exc.value)


def new_user(**over):
    data = {
        "username": "petugas.baru",
        "full_name": "Petugas Baru",
        "password": "sandi-baru-1",
        "roles": ["officer"],
        "district_id": None,
    }
    data.update(over)
    return data


def test_admin_creates_a_user_who_can_log_in(session, world):
    created = accounts.create_user(session, world["admin"], new_user(district_id=world.wgr.id))
    session.commit()
    assert created.roles == [Role.officer]
    assert accounts.authenticate(session, "petugas.baru", "sandi-baru-1").ok
    entry = session.exec(select(AuditLog).where(AuditLog.entity == "user", AuditLog.action == "create")).one()
    assert "password" not in entry.after


@pytest.mark.parametrize(
    "over, expected",
    [
        ({"username": "ab"}, ("username", "username_invalid")),
        ({"username": "Nama Spasi"}, ("username", "username_invalid")),
        ({"full_name": "  "}, ("full_name", "required")),
        ({"roles": []}, ("roles", "roles_required")),
        ({"password": "1234567"}, ("password", "password_short")),
        ({"email": "bukan-surel"}, ("email", "email_invalid")),
    ],
)
def test_bad_user_input_is_refused_and_nothing_saved(session, world, over, expected):
    before = len(session.exec(select(User)).all())
    with pytest.raises(ValidationFailed) as exc:
        accounts.create_user(session, world["admin"], new_user(**over))
    assert expected in codes(exc.value)
    assert len(session.exec(select(User)).all()) == before


def test_duplicate_username_is_refused(session, world):
    with pytest.raises(ValidationFailed) as exc:
        accounts.create_user(session, world["admin"], new_user(username="officer"))
    assert codes(exc.value) == {("username", "username_taken")}


def test_district_admin_cannot_create_users_outside_their_district(session, world):
    with pytest.raises(ValidationFailed) as exc:
        accounts.create_user(session, world["admin.wgr"], new_user(district_id=None))
    assert codes(exc.value) == {("district_id", "scope_outside_yours")}
    with pytest.raises(ValidationFailed):
        accounts.create_user(session, world["admin.wgr"], new_user(district_id=world.swl.id))


def test_unit_of_a_user_must_lie_in_their_district(session, world):
    with pytest.raises(ValidationFailed) as exc:
        accounts.create_user(
            session, world["admin"], new_user(district_id=world.wgr.id, unit_id=world.units["SWL-DUKCAPIL"].id)
        )
    assert codes(exc.value) == {("unit_id", "unit_outside_district")}


def test_district_admin_sees_only_their_district_accounts(session, world):
    names = {u.username for u in accounts.list_users(session, world["admin.wgr"]).items}
    assert "officer" in names and "officer.swl" not in names and "manager" not in names


def test_only_admins_manage_users(session, world):
    for name in ("manager", "officer", "organizer", "trainer"):
        with pytest.raises(AccessDenied):
            accounts.list_users(session, world[name])
        with pytest.raises(AccessDenied):
            accounts.create_user(session, world[name], new_user())


def test_admin_cannot_drop_own_admin_role_or_deactivate_self(session, world):
    admin = world["admin"]
    with pytest.raises(ValidationFailed) as exc:
        accounts.update_user(session, admin, admin.id, {"roles": ["manager"]})
    assert codes(exc.value) == {("roles", "cannot_drop_own_admin")}
    with pytest.raises(ValidationFailed):
        accounts.update_user(session, admin, admin.id, {"active": False})


def test_role_change_is_audited_with_before_and_after(session, world):
    accounts.update_user(session, world["admin"], world["officer"].id, {"roles": ["officer", "manager"]})
    session.commit()
    entry = session.exec(select(AuditLog).where(AuditLog.action == "update", AuditLog.entity == "user")).one()
    assert entry.before == {"roles": ["officer"]}
    assert entry.after == {"roles": ["manager", "officer"]}


def test_deactivation_ends_sessions(session, world):
    accounts.update_user(session, world["admin"], world["officer"].id, {"active": False})
    assert accounts.actor_for(session, "officer", float("inf")) is None


def test_reset_password_unlocks_and_ends_sessions(session, world):
    for _ in range(5):
        accounts.authenticate(session, "officer", "salah")
    accounts.reset_password(
        session, world["admin"], world["officer"].id, {"new_password": "reset-baru-1", "repeat": "reset-baru-1"}
    )
    assert accounts.actor_for(session, "officer", 10.0) is None
    assert accounts.authenticate(session, "officer", "reset-baru-1").ok


def test_locked_accounts_are_counted_for_the_admin_home(session, world):
    assert accounts.locked_accounts(session, world["admin"]) == 0
    for _ in range(5):
        accounts.authenticate(session, "officer.swl", "salah")
    assert accounts.locked_accounts(session, world["admin"]) == 1
    assert accounts.locked_accounts(session, world["admin.wgr"]) == 0


def test_credentials_for_the_login_library_hold_hashes_of_active_users_only(session, world):
    accounts.update_user(session, world["admin"], world["officer.swl"].id, {"active": False})
    creds = accounts.credentials_for_login(session)["usernames"]
    assert "officer.swl" not in creds
    assert creds["officer"]["password"].startswith("$2")
    assert creds["officer"]["roles"] == ["officer"]


def test_the_command_line_can_change_settings(session, world):
    from services.core.access import system_actor

    assert settings.update(session, system_actor("cron"), {"login.lock_minutes": 30}) == {"login.lock_minutes": 30}
    session.commit()
    assert settings.get(session, "login.lock_minutes") == 30


# --- failed logins count only within the lock window ----------------------------------------------


def test_old_failures_do_not_add_up_with_a_new_one(session, world):
    """Four typos weeks ago and one today do not lock the account."""
    for _ in range(4):
        accounts.authenticate(session, "officer", "salah")
    user = session.exec(select(User).where(User.username == "officer")).one()
    user.last_failed_login_at = utcnow() - timedelta(days=21)
    session.add(user)
    session.commit()
    outcome = accounts.authenticate(session, "officer", "salah")
    assert not outcome.locked
    assert accounts.authenticate(session, "officer", PASSWORD).ok


def test_failures_spread_within_the_window_still_lock(session, world):
    for _ in range(4):
        accounts.authenticate(session, "officer", "salah")
    user = session.exec(select(User).where(User.username == "officer")).one()
    user.last_failed_login_at = utcnow() - timedelta(minutes=10)  # the window is 15 minutes
    session.add(user)
    session.commit()
    assert accounts.authenticate(session, "officer", "salah").locked


# --- the audit trail: codes, and each admin's district ---------------------------------------------


def audit_rows(session, actor, **filters):
    from services.core import audit

    return audit.list_entries(session, actor, page_size=500, **filters).items


def test_login_notes_are_codes_and_the_lock_keeps_its_minutes(session, world):
    accounts.authenticate(session, "officer", "salah")
    accounts.authenticate(session, "nobody", "salah")
    for _ in range(4):
        accounts.authenticate(session, "officer", "salah")
    accounts.authenticate(session, "officer", PASSWORD)
    session.commit()
    rows = [(r.action, r.note, r.after) for r in audit_rows(session, world["admin"])]
    assert ("login_failed", "wrong_password", None) in rows
    assert ("login_failed", "unknown_username", None) in rows
    assert ("account_locked", "too_many_failures", {"lock_minutes": 15}) in rows
    assert ("login_failed", "locked", None) in rows


def sawahlunto_activity(session, world):
    """Things happening in Sawahlunto that a Wanggar admin must not read."""
    from services.core import org

    org.create_staff(
        session,
        world["trainer.swl"],
        {
            "nip": "199204182019032011",
            "name": "Ruth Sawahlunto",
            "unit_id": world.units["SWL-DUKCAPIL"].id,
            "position": "Operator",
            "employment": "PNS",
        },
    )
    accounts.authenticate(session, "officer.swl", "salah")
    accounts.authenticate(session, "manager.swl", PASSWORD)
    accounts.create_user(session, world["admin"], new_user(username="petugas.swl", district_id=world.swl.id))
    org.update_unit(session, world["admin"], world.units["SWL-DPMPTSP"].id, {"name": "DPMPTSP Kota Sawahlunto"})


def wanggar_activity(session, world):
    accounts.authenticate(session, "officer", "salah")
    accounts.create_user(session, world["admin.wgr"], new_user(username="petugas.wgr", district_id=world.wgr.id))


def test_a_district_admin_reads_only_their_districts_audit_rows(session, world):
    sawahlunto_activity(session, world)
    wanggar_activity(session, world)
    accounts.authenticate(session, "nobody", "salah")  # no district at all
    settings.update(session, world["admin"], {"login.lock_minutes": 20})  # installation-wide
    session.commit()

    seen = audit_rows(session, world["admin.wgr"])
    text = str([r.model_dump() for r in seen])
    assert {r.username for r in seen} >= {"officer", "admin.wgr"}
    for secret in ("199204182019032011", "Ruth Sawahlunto", "officer.swl", "manager.swl", "petugas.swl", "DPMPTSP"):
        assert secret not in text, secret
    assert all(r.district_id == world.wgr.id for r in seen)

    everything = audit_rows(session, world["admin"])
    assert len(everything) > len(seen)
    assert {"officer.swl", "manager.swl", "officer"} <= {r.username for r in everything}
    assert any(r.entity == "setting" for r in everything) and any(r.note == "unknown_username" for r in everything)


def test_a_district_admins_filters_offer_only_their_rows(session, world):
    from services.core import audit

    sawahlunto_activity(session, world)
    session.commit()
    assert audit.entities(session, world["admin.wgr"]) == []
    assert audit.actions(session, world["admin.wgr"]) == []
    wanggar_activity(session, world)
    session.commit()
    assert audit.entities(session, world["admin.wgr"]) == ["user"]
    assert set(audit.actions(session, world["admin.wgr"])) == {"create", "login_failed"}
    assert {"staff", "unit", "user"} <= set(audit.entities(session, world["admin"]))


def test_audit_rows_of_other_modules_fall_under_the_acting_users_district(session, world):
    from services.core import audit

    audit.record(session, world["officer.swl"], "reveal", "complaint", "SWL-2026-000001", note="contact")
    audit.record(session, world["officer"], "export", "complaint", None)
    session.commit()
    assert [r.action for r in audit_rows(session, world["admin.wgr"])] == ["export"]
    assert {r.action for r in audit_rows(session, world["admin"])} == {"export", "reveal"}


def test_rows_from_before_district_scoping_are_for_all_district_admins_only(session, world):
    session.add(AuditLog(action="login_failed", entity="user", username="officer", note="wrong password"))
    session.commit()
    assert audit_rows(session, world["admin.wgr"]) == []
    assert [r.username for r in audit_rows(session, world["admin"])] == ["officer"]


# --- settings hold for every district ---------------------------------------------------------------


def test_a_district_admin_cannot_change_installation_wide_settings(session, world):
    with pytest.raises(ValidationFailed) as exc:
        settings.update(session, world["admin.wgr"], {"login.max_failures": 10, "complaints.verify_days": 10})
    assert codes(exc.value) == {(None, "settings_all_districts_only")}
    session.commit()
    assert settings.get(session, "login.max_failures") == 5
    assert settings.get(session, "complaints.verify_days") == 3
    assert settings.current(session, world["admin.wgr"])["login.max_failures"] == 5  # they may read them
    assert settings.update(session, world["admin"], {"login.max_failures": 10}) == {"login.max_failures": 10}


def test_the_dashboard_refreshes_at_least_once_a_minute(session, world):
    from models.core.settings import Setting

    with pytest.raises(ValidationFailed) as exc:
        settings.update(session, world["admin"], {"satisfaction.refresh_seconds": 61})
    assert codes(exc.value) == {("satisfaction.refresh_seconds", "out_of_range")}
    assert settings.update(session, world["admin"], {"satisfaction.refresh_seconds": 60})
    session.commit()
    # A value saved before the bound was tightened reads as the bound.
    session.merge(Setting(key="satisfaction.refresh_seconds", value=300))
    session.commit()
    assert settings.get(session, "satisfaction.refresh_seconds") == 60
    assert settings.all_values(session)["satisfaction.refresh_seconds"] == 60


# --- no lost writes -------------------------------------------------------------------------------


def test_two_admins_saving_one_account_the_second_is_refused_with_who_and_when(session, world):
    from services.core.errors import ValidationFailed

    target = world["officer"]
    first = accounts.get_user(session, world["admin"], target.id)
    accounts.update_user(session, world["admin"], target.id, {"version": first.version, "full_name": "Nama Baru"})
    session.commit()
    with pytest.raises(ValidationFailed) as refused:
        accounts.update_user(session, world["admin.wgr"], target.id, {"version": first.version, "email": "x@y.id"})
    session.rollback()
    error = refused.value.errors[0]
    assert error.code == "record_changed" and error.params["who"] == "admin"
    now = accounts.get_user(session, world["admin"], target.id)
    assert (now.full_name, now.email, now.version) == ("Nama Baru", None, first.version + 1)  # the first kept
    accounts.update_user(session, world["admin.wgr"], target.id, {"version": now.version, "email": "x@y.id"})
    session.commit()
    assert accounts.get_user(session, world["admin"], target.id).email == "x@y.id"  # after a reload it saves
