"""How busy the machine was apart from this run: other processes' CPU use, per section.

The benchmarks share the machine with whatever else runs on it. A sampler thread reads
/proc every second: all CPU time spent (from /proc/stat) minus the CPU time of this process
and its children (servers, workers) is what the rest of the machine used.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Busy:
    """Average and peak cores used by other processes during a section."""

    section: str
    seconds: float
    others_mean: float
    others_peak: float


def _machine_ticks() -> int:
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return user + nice + system + irq + softirq + steal


def _tree_ticks(root: int) -> int:
    parents: dict[int, int] = {}
    times: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        times[pid] = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    total = 0
    for pid, ticks in times.items():
        ancestor = pid
        while ancestor not in (root, 0, 1) and ancestor in parents:
            ancestor = parents[ancestor]
        total += ticks if ancestor == root else 0
    return total


class CpuMonitor:
    """Samples other processes' CPU use once a second while the benchmarks run."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self.samples: list[tuple[float, float]] = []  # (time, cores used by others)
        self.sections: list[Busy] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> CpuMonitor:
        """Start sampling."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop sampling."""
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        me = os.getpid()
        last = (time.monotonic(), _machine_ticks(), _tree_ticks(me))
        while not self._stop.wait(self.interval):
            now = (time.monotonic(), _machine_ticks(), _tree_ticks(me))
            elapsed = now[0] - last[0]
            others = (now[1] - last[1]) - (now[2] - last[2])
            self.samples.append((now[0], max(0.0, others / TICKS / elapsed)))
            last = now

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        """Record other processes' CPU use while the block runs."""
        started = time.monotonic()
        yield
        ended = time.monotonic()
        inside = [cores for at, cores in self.samples if started < at <= ended]
        mean = sum(inside) / len(inside) if inside else float("nan")
        self.sections.append(Busy(name, ended - started, mean, max(inside, default=float("nan"))))
