"""One harness for the tests and the benchmarks: free ports, waiting until something is ready,
and the real API server (`compact-assistant serve`) in a child process on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import httpx

HOST = "127.0.0.1"


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def wait_until(
    ready: Callable[[], bool], timeout: float, what: str,
    alive: Callable[[], bool] = lambda: True, interval: float = 0.05,
) -> None:
    """Poll `ready` until it is true; RuntimeError naming `what` at the deadline, or at once if
    `alive` turns false (the process being waited for has exited)."""
    deadline = time.monotonic() + timeout
    while not ready():
        if not alive():
            raise RuntimeError(f"{what}: exited before it was ready")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not ready after {timeout:.0f} s")
        time.sleep(interval)


def answers_200(url: str) -> Callable[[], bool]:
    """A readiness check: GET `url` answers 200 (connection errors count as not yet)."""
    def check() -> bool:
        try:
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    return check


class ServerProcess:
    """`compact-assistant serve` on a free loopback port, with its own settings; stopped on
    exit. `cold_start_s` is the time from spawning it to its first answer over HTTP."""

    def __init__(self, log: Path, env: dict[str, str] | None = None,
                 ready_timeout: float = 600.0) -> None:
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log = log
        self.env = {**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                    **(env or {})}
        self.ready_timeout = ready_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.cold_start_s = float("nan")

    def __enter__(self) -> ServerProcess:
        command = [sys.executable, "-m", "api.cli", "serve", "--host", HOST,
                   "--port", str(self.port)]
        started = time.perf_counter()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT)
        try:
            wait_until(answers_200(f"{self.url}/readyz"), self.ready_timeout,
                       f"the server (log: {self.log})", alive=self._running)
            reply = httpx.post(f"{self.url}/v1/ask", json={"question": "What is the Compact?"},
                               timeout=60)
            reply.raise_for_status()
        except BaseException:
            self.stop()
            raise
        self.cold_start_s = time.perf_counter() - started
        return self

    def _running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int:
        """Process id of the server."""
        assert self.process is not None
        return self.process.pid

    def stop(self) -> None:
        """Stop the server (Ctrl-C, then kill if it hangs)."""
        if not self._running():
            return
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
