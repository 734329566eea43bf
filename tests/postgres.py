"""A throwaway PostgreSQL cluster on loopback (Debian's binaries), for the store tests."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from benchmarks.harness import free_port


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl (the newest Debian version), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                   key=lambda path: int(path.parent.parent.name))
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


class Cluster:
    """`initdb` into a temporary folder and `pg_ctl start` on 127.0.0.1 (trust auth)."""

    def __init__(self, bin_dir: Path, port: int | None = None) -> None:
        self.bin_dir = bin_dir
        self.port = port or free_port()
        self.data = Path(tempfile.mkdtemp(prefix="compact-pg-"))
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/compact_test"

    @classmethod
    def start_or_skip(cls, port: int | None = None) -> Cluster:
        """A running cluster with a `compact_test` database; skips the test without binaries."""
        bin_dir = binaries()
        if bin_dir is None:
            pytest.skip("PostgreSQL is not installed (apt-get install postgresql) and "
                        "COMPACT_TEST_DATABASE_URL is not set")
        cluster = cls(bin_dir, port)
        cluster.start()
        return cluster

    def start(self) -> None:
        """Create the cluster, start the server and create the database."""
        if os.geteuid() == 0:  # initdb refuses to run as root
            postgres = pwd.getpwnam("postgres")
            os.chown(self.data, postgres.pw_uid, postgres.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"),
                  "-o", options, "-w", "start")
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "compact_test")

    def stop(self) -> None:
        """Stop the server and delete its files."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.data, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)
