"""The public pages' rate limit counts in the database, per key, in a sliding window."""

from datetime import timedelta

from sqlalchemy import update

from models.core.throttle import ThrottleHit
from services.core import throttle


def test_attempts_beyond_the_limit_are_refused_with_a_wait(session):
    verdicts = [throttle.hit(session, "status:WGR-2026-000001", limit=3, window=60) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert 1 <= verdicts[-1].retry_after <= 61


def test_keys_are_counted_separately(session):
    for _ in range(3):
        throttle.hit(session, "kiosk:a", limit=3, window=60)
    assert throttle.hit(session, "kiosk:b", limit=3, window=60).allowed


def test_old_attempts_fall_out_of_the_window(session):
    for _ in range(3):
        throttle.hit(session, "k", limit=3, window=60)
    session.exec(update(ThrottleHit).values(at=ThrottleHit.at - timedelta(seconds=120)))
    assert throttle.hit(session, "k", limit=3, window=60).allowed


def test_clear_forgets_a_key(session):
    for _ in range(4):
        throttle.hit(session, "k", limit=3, window=60)
    throttle.clear(session, "k")
    assert throttle.hit(session, "k", limit=3, window=60).allowed


def test_the_client_is_its_address_or_behind_a_proxy_the_address_the_proxy_forwarded():
    from services.core.throttle import client_key

    assert client_key("10.0.0.7", None, behind_proxy=False) == "ip:10.0.0.7"
    assert client_key("10.0.0.1", "203.0.113.9", behind_proxy=False) == "ip:10.0.0.1"  # header not trusted
    # A client may send its own X-Forwarded-For; the proxy appends the address it saw: that one counts.
    assert client_key("10.0.0.1", "1.2.3.4, 203.0.113.9", behind_proxy=True) == "ip:203.0.113.9"
    assert client_key("10.0.0.1", None, behind_proxy=True) == "ip:10.0.0.1"
    assert client_key(None, None, behind_proxy=False) is None  # the page counts per browser session
