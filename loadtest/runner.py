"""Many simulated users at once, in one asyncio loop: each its own websocket session (loadtest.protocol)."""

from __future__ import annotations

import asyncio
import ipaddress
import random
import secrets
import socket
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from loadtest import journeys
from loadtest.journeys import ACCOUNTS, WRITERS, FlowError, Journal, Write
from loadtest.protocol import Dropped, Tab
from loadtest.report import Report
from loadtest.server import cpu_seconds, rss_kb

MAX_USERS = 500  # bounds: a typo must not open ten thousand sockets
MAX_STEPS = 1000
RUN_TIMEOUT = 60.0  # seconds one page run may take before the user counts it as a dropped session
SAMPLES = 10  # error details kept for the report


class RemoteRefused(ValueError):
    """The URL is not on this machine and --allow-remote was not given."""


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname
    if not host:
        return False
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)


def run(
    url: str,
    users: int,
    steps: int,
    *,
    pid: int | None = None,
    duration: float = 600.0,
    ramp: float = 5.0,
    think: float = 0.0,
    password: str = journeys.DEMO_PASSWORD,
    accounts: tuple[str, ...] = ACCOUNTS,
    verify: Callable[[list[Write], str], list[Write]] | None = None,
    allow_remote: bool = False,
    warm_up: bool = True,
) -> Report:
    """Run `users` simulated users against the Sigap at `url`, each logging in and taking `steps` steps
    (one page of its role's sidebar, and for the officers one complaint or one survey form, per step).

    `pid` is the server process, for its memory before and after; `verify(writes, prefix)` returns the
    confirmed writes missing from the database (loadtest.writes.missing_writes when this process shares
    the server's DATABASE_URL); `duration` bounds the whole test in seconds; users start spread over
    `ramp` seconds, as people arrive; `think` is the mean pause in seconds before each action after the
    first (a person reading the screen, typing; 0 runs every user flat out, the worst case)."""
    if not 1 <= users <= MAX_USERS or not 0 <= steps <= MAX_STEPS:
        raise ValueError(f"users must be 1..{MAX_USERS} and steps 0..{MAX_STEPS}")
    if not allow_remote and not is_loopback(url):
        raise RemoteRefused(f"{url} is not a loopback address: pass allow_remote (--allow-remote) to load it")
    return asyncio.run(_run(url, users, steps, pid, duration, ramp, think, password, accounts, verify, warm_up))


async def _run(url, users, steps, pid, duration, ramp, think, password, accounts, verify, warm_up) -> Report:
    report = Report(url=url, users=users, steps=steps, think=think)
    prefix = f"LT{secrets.token_hex(3)}"
    if warm_up:
        await _warm_up(url, accounts[:users], password)
    report.rss_before_kb = rss_kb(pid) if pid else None
    cpu_before = cpu_seconds(pid) if pid else None
    started = time.monotonic()
    deadline = started + duration
    done = asyncio.Event()
    finished = 0
    tabs: list[Tab] = []

    async def one(i: int) -> None:
        nonlocal finished
        await asyncio.sleep(ramp * i / users)
        username = accounts[i % len(accounts)]
        journal = Journal()
        try:
            await _user(url, i, username, password, steps, think, deadline, prefix, journal, tabs, report)
        finally:
            _merge(report, journal)
            finished += 1
            if finished == users:
                done.set()

    tasks = [asyncio.create_task(one(i)) for i in range(users)]
    await done.wait()
    report.seconds = time.monotonic() - started
    # Every session still open: the server holds all their state now.
    report.rss_after_kb = rss_kb(pid) if pid else None
    cpu_after = cpu_seconds(pid) if pid else None
    if cpu_before is not None and cpu_after is not None:
        report.server_cpu_s = cpu_after - cpu_before
    for tab in tabs:
        try:
            await tab.close()
        except Exception:  # noqa: BLE001 (a socket that already dropped is counted)
            pass
    await asyncio.gather(*tasks, return_exceptions=True)
    report.stopped_by_time = time.monotonic() > deadline
    if verify is not None:
        report.missing = verify(report.writes, prefix)
    return report


async def _user(url, i, username, password, steps, think, deadline, prefix, journal, tabs, report) -> None:
    pause = random.Random(i)  # the same pauses on every run of the test
    try:
        tab = await Tab.open(url, timeout=RUN_TIMEOUT)
    except Dropped as exc:
        journal.errors.append(("dropped", f"user {i} ({username}): {exc}"))
        return
    tabs.append(tab)
    if think:
        tab.think = lambda: min(think * pause.uniform(0.5, 1.5), max(0.0, deadline - time.monotonic()))
    try:
        if not await journeys.login(tab, journal, username, password):
            return
        report.sessions += 1
        pages = [p.url_path for p in tab.sidebar_pages()]
        for step in range(steps):
            if time.monotonic() > deadline:
                break
            try:
                await journeys.visit(tab, journal, pages[(i + step) % len(pages)])
                if username in WRITERS:
                    marker = f"{prefix}-u{i:03d}-s{step:03d}"
                    if step % 2 == 0:
                        await journeys.file_complaint(tab, journal, marker, username)
                    else:
                        await journeys.enter_survey(tab, journal, marker, username)
            except FlowError as exc:
                journal.errors.append((exc.kind, f"user {i} ({username}) step {step}: {exc}"))
    except FlowError as exc:
        journal.errors.append((exc.kind, f"user {i} ({username}): {exc}"))
    except Dropped as exc:
        journal.errors.append(("dropped", f"user {i} ({username}): {exc}"))
    except Exception as exc:  # noqa: BLE001 (a surprise in one user must not stop the others)
        journal.errors.append(("client_error", f"user {i} ({username}): {exc!r}"))


async def _warm_up(url: str, accounts: tuple[str, ...], password: str) -> None:
    """One pass over every sidebar page of every account, one after another, before measuring: a
    server's first run of a page imports its modules and fills its caches, once per process, which
    is not what a user of a server that has been up for a while waits for."""
    for username in dict.fromkeys(accounts):
        try:
            tab = await Tab.open(url, timeout=RUN_TIMEOUT)
        except Dropped:
            return  # the users will find the server down and count it
        try:
            journal = Journal()
            if await journeys.login(tab, journal, username, password):
                for page in tab.sidebar_pages():
                    await journeys.visit(tab, journal, page.url_path)
        except (Dropped, FlowError):
            pass  # not measured: the users' own runs count what goes wrong
        finally:
            await tab.close()


def _merge(report: Report, journal: Journal) -> None:
    for label, seconds in journal.timings:
        report.timings.setdefault(label, []).append(seconds)
    for kind, detail in journal.errors:
        report.errors[kind] += 1
        if len(report.error_samples) < SAMPLES:
            report.error_samples.append(f"{kind}: {detail}")
    report.writes.extend(journal.writes)
