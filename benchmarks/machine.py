"""The machine a run measured: CPU, cores, load, and a process's resident memory."""

from __future__ import annotations

import os
import platform
import subprocess
from collections import Counter
from datetime import datetime
from pathlib import Path


def cpu_model() -> str:
    """The CPU model name as lscpu reports it."""
    try:
        output = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return platform.processor() or "unknown"
    for line in output.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages."""
    return os.getloadavg()


def describe() -> dict[str, str]:
    """Machine, software and date of this run, for the results header."""
    import chromadb
    import onnxruntime
    import torch

    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": f"{memory_gb:.0f} GB",
        "python": platform.python_version(),
        "torch": f"{torch.__version__} ({torch.get_num_threads()} threads)",
        "chromadb": chromadb.__version__,
        "onnxruntime": onnxruntime.__version__,
        "os": platform.platform(),
    }


def rss_mb(pid: int | None = None, field: str = "VmRSS") -> float:
    """Resident memory of a process in MB (`VmHWM` for its peak), from /proc."""
    status = Path(f"/proc/{pid or 'self'}/status").read_text()
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (uvicorn may fork), in MB."""
    total = rss_mb(pid)
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in children.read_text().split() if children.exists() else []:
        total += tree_rss_mb(int(child))
    return total


def folder_mb(path: Path) -> float:
    """Bytes on disk under a folder, in MB."""
    return sum(f.stat().st_blocks * 512 for f in path.rglob("*") if f.is_file()) / 1e6


def rss_by_mapping(pid: int, top: int = 8) -> list[tuple[str, float]]:
    """Where a process's resident memory is: MB by mapped file (its name) or anonymous memory,
    largest first, from /proc/PID/smaps."""
    kb: Counter[str] = Counter()
    name = "anonymous"
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        fields = line.split()
        if "-" in fields[0]:  # a mapping's header: address range, mode, offset, device, inode
            path = fields[5] if len(fields) > 5 else "anonymous"
            name = Path(path).name if path.startswith("/") else path
        elif fields[0] == "Rss:":
            kb[name] += int(fields[1])
    return [(name, size / 1024) for name, size in kb.most_common(top)]
