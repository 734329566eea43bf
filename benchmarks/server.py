"""The real API server in a child process on loopback: `compact-assistant serve`."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx

from .fixtures import CORPUS_DIR

HOST = "127.0.0.1"


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """`compact-assistant serve` on a free loopback port, stopped on exit."""

    def __init__(self, index_dir: Path, log: Path, corpus_dir: Path = CORPUS_DIR) -> None:
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.index_dir = index_dir
        self.corpus_dir = corpus_dir
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.cold_start_s = float("nan")  # spawn to the first answer over HTTP

    def __enter__(self) -> ServerProcess:
        env = {
            **os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
            "COMPACT_INDEX_DIR": str(self.index_dir), "COMPACT_CORPUS_DIR": str(self.corpus_dir),
        }
        command = [sys.executable, "-m", "api.cli", "serve", "--host", HOST,
                   "--port", str(self.port)]
        started = time.perf_counter()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        try:
            self._wait_ready()
            reply = httpx.post(f"{self.url}/v1/ask", json={"question": "What is the Compact?"},
                               timeout=60)
            reply.raise_for_status()
        except BaseException:
            self.stop()
            raise
        self.cold_start_s = time.perf_counter() - started
        return self

    def _wait_ready(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited early: see {self.log}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"the server was not ready after {timeout:.0f} s: see {self.log}")

    @property
    def pid(self) -> int:
        """Process id of the server."""
        assert self.process is not None
        return self.process.pid

    def stop(self) -> None:
        """Stop the server (Ctrl-C, then kill if it hangs)."""
        if self.process is None or self.process.poll() is not None:
            return
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
