"""A load test at Streamlit's protocol level: simulated users on the app's own websocket stream.

    from loadtest import run
    report = run("http://127.0.0.1:8501", users=50, steps=10, pid=server_pid)
    print(report.format())

`python manage.py loadtest --users N --steps K URL` (cli/core.py) is the same from the command line.
A browser is the wrong load client on a small machine (it spends the CPU, not the server); this one
speaks the BackMsg/ForwardMsg protobufs the browser speaks (loadtest/protocol.py), logs in through
the real form and walks each role's pages (loadtest/journeys.py).
"""

from loadtest.report import Report
from loadtest.runner import RemoteRefused, is_loopback, run

__all__ = ["RemoteRefused", "Report", "is_loopback", "run"]
