"""Accounts: password checks with a database-backed lockout, session validity, and user administration.

The login library keeps no server state; these functions add what it lacks, shared by every browser
session and server process through the database:
- failed logins are counted per account; `login.max_failures` of them lock it for `login.lock_minutes`;
- `session_epoch` ends every earlier session of a user at logout or password change.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import timedelta

import bcrypt
from sqlalchemy import case, delete, update
from sqlmodel import Session, col, func, select

from models.core.accounts import PasswordChange, User, UserCreate, UserPublic, UserRole, UserUpdate
from models.core.base import Role, utcnow
from models.core.org import District, Unit
from services.core import audit, locking, settings
from services.core.access import Actor, require, require_district
from services.core.errors import NotFound, ValidationFailed, validate
from services.core.paging import Page, clamp, fetch

# bcrypt cost; tests lower it through SIGAP_BCRYPT_ROUNDS to keep the suite fast.
BCRYPT_ROUNDS = int(os.environ.get("SIGAP_BCRYPT_ROUNDS", "12"))
# Hash compared against when the username does not exist, so both cases take the same time.
_DUMMY_HASH = bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(BCRYPT_ROUNDS)).decode()


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()


def check_password(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode(), hashed.encode())
    except ValueError:
        return False


@dataclass(frozen=True)
class LoginOutcome:
    ok: bool
    locked: bool = False  # for the audit trail and tests; never shown to the person logging in


def authenticate(session: Session, username: str, password: str) -> LoginOutcome:
    """Check a password. Counts failures, locks after too many, and never tells why it failed.

    Failures count towards the lock only while each comes within `login.lock_minutes` of the one
    before: a typo weeks ago does not add up with one today. The counting is one UPDATE ... RETURNING,
    so concurrent attempts from several processes add up.
    """
    username = (username or "").strip().lower()
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        check_password(password or "", _DUMMY_HASH)
        # The typed name is not kept: people sometimes type their password into the username field.
        audit.record(session, None, "login_failed", "user", None, note="unknown_username")
        return LoginOutcome(ok=False)
    now = utcnow()
    # The row concerns the account's district (None for an all-district account).
    attempt = {"username": username, "district_id": user.district_id}
    if not user.active:
        check_password(password or "", _DUMMY_HASH)
        audit.record(session, None, "login_failed", "user", user.id, note="inactive", **attempt)
        return LoginOutcome(ok=False)
    if user.locked_until is not None and user.locked_until > now:
        check_password(password or "", _DUMMY_HASH)
        audit.record(session, None, "login_failed", "user", user.id, note="locked", **attempt)
        return LoginOutcome(ok=False, locked=True)
    if check_password(password or "", user.password_hash):
        session.exec(
            update(User)
            .where(col(User.id) == user.id)
            .values(failed_logins=0, last_failed_login_at=None, locked_until=None, last_login_at=now)
        )
        audit.record(session, None, "login", "user", user.id, **attempt)
        return LoginOutcome(ok=True)
    minutes = settings.get(session, "login.lock_minutes")
    window_start = now - timedelta(minutes=minutes)
    recent = col(User.last_failed_login_at).is_not(None) & (col(User.last_failed_login_at) >= window_start)
    failures = session.exec(
        update(User)
        .where(col(User.id) == user.id)
        .values(failed_logins=case((recent, User.failed_logins + 1), else_=1), last_failed_login_at=now)
        .returning(User.failed_logins)
    ).scalar_one()
    if failures >= settings.get(session, "login.max_failures"):
        session.exec(
            update(User)
            .where(col(User.id) == user.id)
            .values(failed_logins=0, last_failed_login_at=None, locked_until=now + timedelta(minutes=minutes))
        )
        audit.record(
            session,
            None,
            "account_locked",
            "user",
            user.id,
            after={"lock_minutes": minutes},
            note="too_many_failures",
            **attempt,
        )
        return LoginOutcome(ok=False, locked=True)
    audit.record(session, None, "login_failed", "user", user.id, note="wrong_password", **attempt)
    return LoginOutcome(ok=False)


def _roles_of(session: Session, user_id: int) -> frozenset[Role]:
    rows = session.exec(select(UserRole.role).where(UserRole.user_id == user_id)).all()
    return frozenset(Role(r) for r in rows)


def actor_for(session: Session, username: str, session_started: float) -> Actor | None:
    """The Actor for a logged-in browser session, or None when that session must end.

    A session ends when the account is gone or inactive, or began before the user's session epoch
    (they logged out elsewhere, or the password changed).
    """
    user = session.exec(select(User).where(User.username == (username or "").lower())).first()
    if user is None or not user.active or session_started < user.session_epoch:
        return None
    return Actor(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        roles=_roles_of(session, user.id),
        district_id=user.district_id,
        unit_id=user.unit_id,
        language=user.language,
        district_name=session.get(District, user.district_id).name if user.district_id else None,
    )


def end_sessions(session: Session, user_id: int, note: str = "logout") -> float:
    """Refuse every session and cookie of this user issued until now; returns the new epoch."""
    epoch = time.time()
    session.exec(update(User).where(col(User.id) == user_id).values(session_epoch=epoch))
    username, district_id = session.exec(select(User.username, User.district_id).where(User.id == user_id)).one()
    audit.record(session, None, note, "user", user_id, username=username, district_id=district_id)
    return epoch


def logout(session: Session, actor: Actor) -> None:
    """Logging out ends every session of the user, on every browser (the cookie alone proves nothing)."""
    end_sessions(session, actor.id, "logout")


def change_own_password(session: Session, actor: Actor, current: str, data: dict) -> None:
    """Change the acting user's password; every session (this one too) must log in again."""
    change = validate(PasswordChange, data)
    user = session.get(User, actor.id)
    if user is None:
        raise NotFound()
    if not check_password(current or "", user.password_hash):
        raise ValidationFailed.one("current_password", "password_wrong")
    user.password_hash = hash_password(change.new_password)
    user.password_changed_at = utcnow()
    session.add(user)
    end_sessions(session, actor.id, "password_changed")


def set_language(session: Session, actor: Actor, language: str) -> None:
    if language in ("id", "en"):
        session.exec(update(User).where(col(User.id) == actor.id).values(language=language))


def credentials_for_login(session: Session) -> dict:
    """The dict streamlit-authenticator expects, built from the active accounts in the database."""
    users = session.exec(select(User).where(User.active == True)).all()  # noqa: E712
    roles: dict[int, list[str]] = {}
    for user_id, role in session.exec(select(UserRole.user_id, UserRole.role)).all():
        roles.setdefault(user_id, []).append(role)
    return {
        "usernames": {
            u.username: {
                "email": u.email or "",
                "first_name": u.full_name,
                "last_name": "",
                "password": u.password_hash,
                "roles": sorted(roles.get(u.id, [])),
            }
            for u in users
        }
    }


# --- administration (admins only) --------------------------------------------------------------


def _public(session: Session, users: list[User]) -> list[UserPublic]:
    ids = [u.id for u in users]
    roles: dict[int, list[Role]] = {}
    if ids:
        for user_id, role in session.exec(
            select(UserRole.user_id, UserRole.role).where(col(UserRole.user_id).in_(ids))
        ):
            roles.setdefault(user_id, []).append(Role(role))
    districts = dict(session.exec(select(District.id, District.name)).all())
    units = dict(session.exec(select(Unit.id, Unit.code)).all())
    return [
        UserPublic(
            id=u.id,
            username=u.username,
            full_name=u.full_name,
            email=u.email,
            roles=sorted(roles.get(u.id, [])),
            district_id=u.district_id,
            district_name=districts.get(u.district_id),
            unit_id=u.unit_id,
            unit_code=units.get(u.unit_id),
            language=u.language,
            active=u.active,
            locked_until=u.locked_until if u.locked_until and u.locked_until > utcnow() else None,
            last_login_at=u.last_login_at,
            version=u.version,
        )
        for u in users
    ]


def list_users(
    session: Session,
    actor: Actor,
    *,
    search: str | None = None,
    role: Role | None = None,
    include_inactive: bool = True,
    page: int = 1,
    page_size: int = 50,
) -> Page[UserPublic]:
    """Accounts in the admin's scope (a district admin sees only their district's accounts)."""
    require(actor, Role.admin)
    page, page_size = clamp(page, page_size)
    query = select(User)
    if not actor.all_districts:
        query = query.where(User.district_id == actor.district_id)
    if search:
        like = f"%{search.strip().lower()}%"
        query = query.where(col(User.username).like(like) | func.lower(User.full_name).like(like))
    if role:
        query = query.where(col(User.id).in_(select(UserRole.user_id).where(UserRole.role == role.value)))
    if not include_inactive:
        query = query.where(User.active == True)  # noqa: E712
    total, users = fetch(session, query, page, page_size, User.username)
    return Page(items=_public(session, users), total=total, page=page, page_size=page_size)


def _user_in_scope(session: Session, actor: Actor, user_id: int) -> User:
    """The account, when the acting admin's scope covers it."""
    require(actor, Role.admin)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    require_district(actor, user.district_id)
    return user


def get_user(session: Session, actor: Actor, user_id: int) -> UserPublic:
    return _public(session, [_user_in_scope(session, actor, user_id)])[0]


def _check_scope(session: Session, actor: Actor, district_id: int | None, unit_id: int | None) -> None:
    """A district admin may only give accounts in their own district; a unit must lie in the district."""
    if not actor.all_districts and district_id != actor.district_id:
        raise ValidationFailed.one("district_id", "scope_outside_yours")
    if district_id is not None and session.get(District, district_id) is None:
        raise ValidationFailed.one("district_id", "choice_invalid")
    if unit_id is not None:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise ValidationFailed.one("unit_id", "choice_invalid")
        if district_id is None or unit.district_id != district_id:
            raise ValidationFailed.one("unit_id", "unit_outside_district")


def create_user(session: Session, actor: Actor, data: dict) -> UserPublic:
    require(actor, Role.admin)
    new = validate(UserCreate, data)
    _check_scope(session, actor, new.district_id, new.unit_id)
    if session.exec(select(User.id).where(User.username == new.username)).first() is not None:
        raise ValidationFailed.one("username", "username_taken")
    user = User(
        username=new.username,
        full_name=new.full_name,
        email=new.email,
        password_hash=hash_password(new.password),
        district_id=new.district_id,
        unit_id=new.unit_id,
        language=new.language,
        password_changed_at=utcnow(),
    )
    session.add(user)
    session.flush()
    for role in new.roles:
        session.add(UserRole(user_id=user.id, role=role.value))
    audit.record(
        session,
        actor,
        "create",
        "user",
        user.id,
        after=new.model_dump(exclude={"password"}),
        district_id=user.district_id,
    )
    session.flush()
    return _public(session, [user])[0]


def update_user(session: Session, actor: Actor, user_id: int, data: dict) -> UserPublic:
    user = _user_in_scope(session, actor, user_id)
    change = validate(UserUpdate, data)
    fields = change.model_dump(exclude_unset=True)
    read_version = fields.pop("version", None)
    if read_version is not None:
        locking.claim(session, User, user.id, read_version, entity="user")  # refused if changed meanwhile
        session.refresh(user)
    district_id = fields.get("district_id", user.district_id)
    unit_id = fields.get("unit_id", user.unit_id)
    _check_scope(session, actor, district_id, unit_id)
    if user.id == actor.id:
        # An admin cannot lock themselves out: keep own admin role and active flag.
        if "roles" in fields and Role.admin not in fields["roles"]:
            raise ValidationFailed.one("roles", "cannot_drop_own_admin")
        if fields.get("active") is False:
            raise ValidationFailed.one("active", "cannot_deactivate_self")
    before = _public(session, [user])[0].model_dump(mode="json")
    roles = fields.pop("roles", None)
    user.sqlmodel_update(fields)
    session.add(user)
    if roles is not None:
        session.exec(delete(UserRole).where(col(UserRole.user_id) == user.id))
        for role in roles:
            session.add(UserRole(user_id=user.id, role=role.value))
    session.flush()
    after = _public(session, [user])[0]
    if fields.get("active") is False:
        end_sessions(session, user.id, "deactivated")
    b, a = audit.diff(before, after.model_dump(mode="json"))
    if a:
        # Filed under the district the account belongs to now (a move is visible in before/after).
        audit.record(session, actor, "update", "user", user.id, b, a, district_id=user.district_id)
    return after


def reset_password(session: Session, actor: Actor, user_id: int, data: dict) -> None:
    """An admin sets a new password; the user's sessions end and any lock is lifted."""
    user = _user_in_scope(session, actor, user_id)
    change = validate(PasswordChange, data)
    user.password_hash = hash_password(change.new_password)
    user.password_changed_at = utcnow()
    user.failed_logins, user.locked_until = 0, None
    session.add(user)
    audit.record(session, actor, "password_reset", "user", user.id, district_id=user.district_id)
    end_sessions(session, user.id, "password_changed")


def unlock(session: Session, actor: Actor, user_id: int) -> None:
    user = _user_in_scope(session, actor, user_id)
    user.failed_logins, user.locked_until = 0, None
    session.add(user)
    audit.record(session, actor, "unlock", "user", user.id, district_id=user.district_id)


def locked_accounts(session: Session, actor: Actor) -> int:
    """Accounts locked right now, in the admin's scope (for the admin's home page)."""
    require(actor, Role.admin)
    query = select(func.count()).select_from(User).where(col(User.locked_until) > utcnow())
    if not actor.all_districts:
        query = query.where(User.district_id == actor.district_id)
    return session.exec(query).one()
