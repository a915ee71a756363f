"""The shipped deployment files as an operator installs them: nginx accepts the site file, and the
runner refuses what would break several processes before it starts any."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.deploy.conftest import DEPLOY, NGINX, ROOT, _missing

pytestmark = pytest.mark.slow


def test_nginx_accepts_the_site_file_as_shipped(tmp_path):
    """sigap.conf with its two snippets, in an http {} as Debian's nginx.conf has it; only the
    install paths (snippets, certificate) point into this checkout and a scratch certificate."""
    if not os.path.exists(NGINX):
        _missing(f"{NGINX} not installed (apt-get install nginx-light)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=sigap.test",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (
        (DEPLOY / "nginx" / "sigap.conf")
        .read_text()
        .replace("/etc/nginx/snippets/", f"{DEPLOY / 'nginx' / 'snippets'}/")
        .replace("/etc/letsencrypt/live/sigap.example.go.id/fullchain.pem", str(cert))
        .replace("/etc/letsencrypt/live/sigap.example.go.id/privkey.pem", str(key))
    )
    directives = [line.split("#")[0] for line in site.splitlines()]
    assert not any("/etc/" in line for line in directives), "an install path the test does not know"
    (tmp_path / "sigap.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nevents {{}}\nhttp {{\n  include {tmp_path / 'sigap.conf'};\n}}\n"
    )
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


@pytest.mark.parametrize(
    ("missing", "says"),
    [
        ({"SIGAP_COOKIE_KEY": ""}, "SIGAP_COOKIE_KEY"),
        ({"DATABASE_URL": ""}, "DATABASE_URL"),
        ({"DATABASE_URL": "sqlite:///data/sigap.db"}, "PostgreSQL"),
    ],
)
def test_the_runner_refuses_settings_that_would_split_the_processes(tmp_path, missing, says):
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/none",
        "SIGAP_COOKIE_KEY": "k" * 40,
        "PYTHON": sys.executable,
        **missing,
    }
    ran = subprocess.run(
        [str(DEPLOY / "run-processes.sh"), "18999"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert ran.returncode != 0
    assert says in ran.stderr
    assert "started" not in ran.stdout
