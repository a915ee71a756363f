"""Sigap as it is deployed on several processes: one PostgreSQL database with the demo, two app
processes started by deploy/run-processes.sh, and Debian's nginx in front of them configured from
deploy/nginx/ (the shipped snippets included as they are, the upstream block of sigap.conf with
this run's ports). Everything listens on loopback and is stopped at the end of the module.

Where CI=true a missing nginx, Chromium or PostgreSQL fails the run; elsewhere the module is
skipped with the reason.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from loadtest.server import wait_healthy
from services.core import db
from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS, ROOT, _free_port, _require_browser
from tests.dbutil import SERVER_URL, fresh_database

NGINX = "/usr/sbin/nginx"
LOCAL_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEPLOY = ROOT / "deploy"
# What the test's nginx logs per request (a websocket when it closes): which process served it, the
# route it hashed on, the route cookie the browser sent, and the X-Forwarded-For the client sent.
LOG_FIELDS = ("method", "uri", "status", "upstream", "route", "cookie", "xff")
LOG_FORMAT = "|".join(
    (
        "$request_method",
        "$uri",
        "$status",
        "$upstream_addr",
        "$sigap_route",
        "$cookie_sigap_route",
        "$http_x_forwarded_for",
    )
)
IN_CI = os.environ.get("CI", "").lower() == "true"


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason}: CI must provide it (see .ci/run)")
    pytest.skip(reason)


def postgres_server() -> str:
    """TEST_DATABASE_URL's server when it is PostgreSQL, else the local one at 127.0.0.1:5432."""
    if SERVER_URL and make_url(db.normalise_url(SERVER_URL)).get_backend_name() == "postgresql":
        return SERVER_URL
    return LOCAL_SERVER


def _require_postgres(server: str) -> None:
    url = make_url(db.normalise_url(server))
    probe = create_engine(url.set(database="postgres"), connect_args={"connect_timeout": 3})
    try:
        probe.connect().close()
    except OperationalError:
        _missing(f"no PostgreSQL server at {url.host}:{url.port or 5432}: the multi-process test needs one")
    finally:
        probe.dispose()


@dataclass
class Stack:
    db_url: str
    processes: list[str]  # each app process's own address, http://127.0.0.1:PORT
    nginx: str  # the address users open, through nginx
    access_log: Path

    def log_lines(self) -> list[dict]:
        """nginx's access log so far, one dict per request."""
        return [
            dict(zip(LOG_FIELDS, line.split("|"), strict=True)) for line in self.access_log.read_text().splitlines()
        ]


def nginx_config(prefix: Path, listen: int, ports: list[int]) -> str:
    """An nginx.conf for this run from deploy/nginx/: the two snippets included unchanged, and
    sigap.conf's upstream block with its `server` lines replaced by this run's processes."""
    site = (DEPLOY / "nginx" / "sigap.conf").read_text()
    upstream = re.search(r"upstream sigap \{(.*?)\n\}", site, re.S)
    assert upstream, "deploy/nginx/sigap.conf has no `upstream sigap { ... }` block"
    kept = [line for line in upstream.group(1).splitlines() if not line.strip().startswith("server ")]
    servers = [f"    server 127.0.0.1:{port};" for port in ports]
    temp = prefix / "tmp"
    user = "user root;" if os.geteuid() == 0 else ""  # workers would otherwise run as nobody
    return "\n".join(
        [
            user,
            "worker_processes 1;",
            f"pid {prefix / 'nginx.pid'};",
            f"error_log {prefix / 'error.log'} warn;",
            "events { worker_connections 512; }",
            "http {",
            *(f"  {kind}_temp_path {temp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
            f"  log_format sigap '{LOG_FORMAT}';",
            f"  access_log {prefix / 'access.log'} sigap;",
            f"  include {DEPLOY / 'nginx' / 'snippets' / 'sigap-maps.conf'};",
            "  upstream sigap {",
            *kept,
            *servers,
            "  }",
            "  server {",
            f"    listen 127.0.0.1:{listen};",
            f"    include {DEPLOY / 'nginx' / 'snippets' / 'sigap-proxy.conf'};",
            "  }",
            "}",
        ]
    )


def _stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM to the process (the runner stops its children itself), then SIGKILL to its whole
    process group for anything still alive."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=5)


def _wait_for_url(url: str, proc: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} never answered:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def stack(tmp_root):
    if not os.path.exists(NGINX):
        _missing(f"{NGINX} not installed (apt-get install nginx-light)")
    _require_browser()
    server = postgres_server()
    _require_postgres(server)
    run = tmp_root / f"multi-{os.getpid()}"
    run.mkdir()
    with fresh_database(run, "multi", server_url=server) as url:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SIGAP_DATA_DIR": str(run / "data"),  # one data folder for both, as a shared mount would be
            "SIGAP_TRUSTED_PROXY": "1",
            "PYTHON": sys.executable,
        }  # SIGAP_COOKIE_KEY: tests/conftest.py set one for the whole run, so both processes share it
        seeded = subprocess.run(
            [sys.executable, "manage.py", "seed", "--demo"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert seeded.returncode == 0, seeded.stderr[-3000:]
        from sqlmodel import Session

        from models.core.settings import Setting

        engine = db.make_engine(url)
        with Session(engine) as s:  # the dashboard redraws every 10 s (the least allowed) in this run
            s.add(Setting(key="satisfaction.refresh_seconds", value=10))
            s.commit()
        engine.dispose()

        ports = [_free_port(), _free_port()]
        runner_log = run / "processes.log"
        with runner_log.open("w") as out:
            runner = subprocess.Popen(
                [str(DEPLOY / "run-processes.sh"), *map(str, ports)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        nginx = None
        try:
            processes = [f"http://127.0.0.1:{port}" for port in ports]
            for base in processes:
                wait_healthy(base, runner, 60, runner_log)

            prefix = run / "nginx"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
                (prefix / "tmp" / kind).mkdir(parents=True)
            listen = _free_port()
            (prefix / "nginx.conf").write_text(nginx_config(prefix, listen, ports))
            nginx_log = prefix / "stderr.log"
            with nginx_log.open("w") as out:
                nginx = subprocess.Popen(
                    [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(prefix / "nginx.conf"),
                     "-g", "daemon off;"],
                    stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                )  # fmt: skip
            front = f"http://127.0.0.1:{listen}"
            _wait_for_url(f"{front}/_stcore/health", nginx, prefix / "error.log")
            yield Stack(url, processes, front, prefix / "access.log")
        finally:
            if nginx is not None:
                _stop(nginx)
            _stop(runner)
            shutil.rmtree(run / "data", ignore_errors=True)


@pytest.fixture(scope="module")
def browser(stack):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)  # two app processes and nginx share 2 cores with the browser
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_context(browser):
    """Open browser contexts (separate browsers: own cookies) as the test needs; all closed after."""
    opened = []

    def make(**kwargs):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="id-ID", **kwargs)
        ctx.set_default_timeout(30_000)
        opened.append(ctx)
        return ctx

    yield make
    for ctx in opened:
        ctx.close()
