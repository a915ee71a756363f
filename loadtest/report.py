"""The load test's findings: page run times, errors by kind, sessions, writes and memory."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from loadtest.journeys import Write

LOGIN_LABELS = ("login", "login (submit)")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Report:
    url: str
    users: int
    steps: int
    think: float = 0.0  # mean pause before each action, seconds
    sessions: int = 0  # users whose socket opened and who logged in
    seconds: float = 0.0  # wall time of the whole test
    timings: dict[str, list[float]] = field(default_factory=dict)  # page label -> run seconds
    errors: Counter = field(default_factory=Counter)  # kind -> count
    error_samples: list[str] = field(default_factory=list)  # the first few, for the operator
    writes: list[Write] = field(default_factory=list)
    missing: list[Write] | None = None  # None: not checked
    rss_before_kb: int | None = None
    rss_after_kb: int | None = None
    stopped_by_time: bool = False
    server_cpu_s: float | None = None  # CPU the server process used during the test (user + system)

    @property
    def all_runs(self) -> list[float]:
        return [t for times in self.timings.values() for t in times]

    @property
    def page_runs(self) -> list[float]:
        """Every run but the two of logging in (once per session, and mostly the password hash)."""
        return [t for label, times in self.timings.items() if label not in LOGIN_LABELS for t in times]

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def rss_per_session_kb(self) -> float | None:
        if self.rss_before_kb is None or self.rss_after_kb is None or not self.sessions:
            return None
        return (self.rss_after_kb - self.rss_before_kb) / self.sessions

    def p(self, q: float, label: str | None = None) -> float | None:
        values = self.all_runs if label is None else self.timings.get(label, [])
        return percentile(values, q) if values else None

    @property
    def ok(self) -> bool:
        """No error, and every confirmed write found (when checked)."""
        return self.error_count == 0 and not self.missing and self.sessions == self.users

    def to_dict(self) -> dict:
        def ms(v: float | None) -> float | None:
            return None if v is None else round(v * 1000, 1)

        return {
            "url": self.url,
            "users": self.users,
            "steps": self.steps,
            "think_s": self.think,
            "sessions": self.sessions,
            "seconds": round(self.seconds, 1),
            "runs": len(self.all_runs),
            "p50_ms": ms(self.p(50)),
            "p95_ms": ms(self.p(95)),
            "pages_p50_ms": ms(percentile(self.page_runs, 50)) if self.page_runs else None,
            "pages_p95_ms": ms(percentile(self.page_runs, 95)) if self.page_runs else None,
            "pages": {
                label: {"runs": len(v), "p50_ms": ms(percentile(v, 50)), "p95_ms": ms(percentile(v, 95))}
                for label, v in sorted(self.timings.items())
            },
            "errors": dict(self.errors),
            "error_samples": self.error_samples,
            "writes": len(self.writes),
            "writes_by_kind": dict(Counter(w.kind for w in self.writes)),
            "writes_missing": None if self.missing is None else len(self.missing),
            "rss_before_mb": None if self.rss_before_kb is None else round(self.rss_before_kb / 1024, 1),
            "rss_after_mb": None if self.rss_after_kb is None else round(self.rss_after_kb / 1024, 1),
            "rss_per_session_mb": None if self.rss_per_session_kb is None else round(self.rss_per_session_kb / 1024, 2),
            "server_cpu_s": None if self.server_cpu_s is None else round(self.server_cpu_s, 1),
            "server_cpu_ms_per_run": None
            if self.server_cpu_s is None or not self.all_runs
            else round(self.server_cpu_s * 1000 / len(self.all_runs), 1),
            "stopped_by_time": self.stopped_by_time,
        }

    def format(self) -> str:
        d = self.to_dict()
        lines = [
            f"{self.users} users x {self.steps} steps (think {self.think:g} s) against {self.url}: "
            f"{d['sessions']} sessions, {d['runs']} page runs in {d['seconds']} s"
            + (" (stopped by --duration)" if self.stopped_by_time else ""),
            "",
            f"{'page':32} {'runs':>5} {'p50 ms':>8} {'p95 ms':>8}",
        ]
        for label, row in d["pages"].items():
            lines.append(f"{label:32} {row['runs']:>5} {row['p50_ms']:>8} {row['p95_ms']:>8}")
        lines.append(f"{'all runs':32} {d['runs']:>5} {d['p50_ms']!s:>8} {d['p95_ms']!s:>8}")
        lines.append(
            f"{'all runs but the login':32} {len(self.page_runs):>5} {d['pages_p50_ms']!s:>8} {d['pages_p95_ms']!s:>8}"
        )
        lines.append("")
        if self.errors:
            lines.append("errors: " + ", ".join(f"{k} {v}" for k, v in sorted(self.errors.items())))
            lines.extend(f"  {s}" for s in self.error_samples)
        else:
            lines.append("errors: none")
        kinds = ", ".join(f"{v} {k}" for k, v in sorted(d["writes_by_kind"].items())) or "none"
        if self.missing is None:
            lines.append(f"writes: {len(self.writes)} ({kinds}); not checked against the database")
        else:
            lines.append(f"writes: {len(self.writes)} ({kinds}); {len(self.missing)} missing from the database")
            lines.extend(f"  missing: {w.kind} {w.marker} by {w.user}" for w in self.missing[:10])
        if d["rss_per_session_mb"] is not None:
            lines.append(
                f"server memory: {d['rss_before_mb']} MB before, {d['rss_after_mb']} MB with every session open: "
                f"{d['rss_per_session_mb']} MB per session"
            )
        else:
            lines.append("server memory: not measured (pass --pid or --serve)")
        if d["server_cpu_s"] is not None:
            # CPU per run does not depend on what else the machine runs, unlike the times above.
            lines.append(
                f"server CPU: {d['server_cpu_s']} s over the test, {d['server_cpu_ms_per_run']} ms per page run "
                f"({d['server_cpu_s'] / max(self.seconds, 0.001):.2f} cores on average)"
            )
        return "\n".join(lines)
