"""Throwaway servers on loopback for the tests and the benchmarks: Chroma, PostgreSQL and Redis,
each on a free port with its files in a temporary folder that is deleted when it stops; and
several API replicas sharing them."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from .harness import HOST, ServerProcess, answers_200, free_port, wait_until

REDIS_SERVER = Path("/usr/bin/redis-server")  # Debian's, installed by `make system-deps`
READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 20.0
LOG_TAIL_CHARS = 2000


class ThrowawayServer:
    """A server on a free loopback port whose files live in a temporary folder; `stop` deletes
    them. A context manager: started on entry, stopped on exit."""

    name = "server"

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.data = Path(tempfile.mkdtemp(prefix=f"compact-{self.name}-"))

    def start(self) -> None:
        """Start the server and return once it answers."""
        raise NotImplementedError

    def halt(self) -> None:
        """Stop the server process (its files stay)."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop the server and delete its files."""
        self.halt()
        shutil.rmtree(self.data, ignore_errors=True)

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


class ChildServer(ThrowawayServer):
    """A server run in the foreground as a child process, its output in `server.log`."""

    process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        """The command line that runs the server."""
        raise NotImplementedError

    def ready(self) -> bool:
        """True once the server answers."""
        raise NotImplementedError

    @property
    def log(self) -> Path:
        """The server's stdout and stderr."""
        return self.data / "server.log"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until(self.ready, READY_TIMEOUT_S, f"{self.name} on port {self.port}",
                       alive=self._running, interval=0.1)
        except RuntimeError as error:
            tail = self.log.read_text(errors="replace")[-LOG_TAIL_CHARS:]
            raise RuntimeError(f"{error}; its log ends:\n{tail}") from None

    def _running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def halt(self) -> None:
        if not self._running():
            return
        assert self.process is not None
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class ChromaServer(ChildServer):
    """`chroma run` (the chromadb package's server) with its store in the temporary folder."""

    name = "chroma"

    @property
    def url(self) -> str:
        """Base URL, the value of COMPACT_CHROMA_URL."""
        return f"http://{HOST}:{self.port}"

    def command(self) -> list[str]:
        chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
        return [chroma, "run", "--path", str(self.data / "store"), "--host", HOST,
                "--port", str(self.port)]

    def ready(self) -> bool:
        return answers_200(f"{self.url}/api/v2/heartbeat")()


class RedisServer(ChildServer):
    """Debian's `redis-server`, in memory only (no snapshots, no append-only file)."""

    name = "redis"

    @property
    def url(self) -> str:
        """Database 0, the value of COMPACT_RATE_LIMIT_STORAGE."""
        return f"redis://{HOST}:{self.port}/0"

    def command(self) -> list[str]:
        return [str(REDIS_SERVER), "--bind", HOST, "--port", str(self.port), "--save", "",
                "--appendonly", "no", "--dir", str(self.data)]

    def ready(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except redis.RedisError:
            return False


def postgres_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl (the newest Debian version), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                   key=lambda path: int(path.parent.parent.name))
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


class PostgresCluster(ThrowawayServer):
    """`initdb` into the temporary folder and `pg_ctl start` on 127.0.0.1 (trust auth), with a
    `compact_test` database."""

    name = "pg"

    def __init__(self, bin_dir: Path, port: int | None = None) -> None:
        super().__init__(port)
        self.bin_dir = bin_dir
        self.url = f"postgresql+psycopg://postgres@{HOST}:{self.port}/compact_test"

    def start(self) -> None:
        """Create the cluster, start the server and create the database."""
        if os.geteuid() == 0:  # initdb refuses to run as root
            postgres = pwd.getpwnam("postgres")
            os.chown(self.data, postgres.pw_uid, postgres.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.data} -c listen_addresses={HOST} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"),
                  "-o", options, "-w", "start")
        self._run("createdb", "-h", HOST, "-p", str(self.port), "-U", "postgres", "compact_test")

    def halt(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)


@dataclass
class ReplicaSetup:
    """What every API replica shares: a Chroma server, the conversation database, the Redis of
    the rate limit and the corpus folder; and the settings they all run with."""

    chroma_url: str
    database_url: str
    redis_url: str
    corpus_dir: Path
    rate_limit: str = ""  # unset: no limit
    admin_key: str = ""  # unset: no admin routes
    collection_prefix: str = "compact"

    def env(self, index_dir: Path) -> dict[str, str]:
        """The environment of one replica, with an index folder of its own."""
        return {
            "COMPACT_CHROMA_URL": self.chroma_url, "COMPACT_DATABASE_URL": self.database_url,
            "COMPACT_RATE_LIMIT_STORAGE": self.redis_url, "COMPACT_RATE_LIMIT": self.rate_limit,
            "COMPACT_ADMIN_KEY": self.admin_key, "COMPACT_CORPUS_DIR": str(self.corpus_dir),
            "COMPACT_INDEX_DIR": str(index_dir), "COMPACT_API_KEYS": "", "HF_HUB_OFFLINE": "1",
            "COMPACT_COLLECTION_PREFIX": self.collection_prefix,
        }


@contextmanager
def replicas(setup: ReplicaSetup, workdir: Path, count: int = 2) -> Iterator[list[ServerProcess]]:
    """`count` `compact-assistant serve` processes on `setup`, started one after the other (the
    first brings the shared index up to date, the others find it so); stopped on exit."""
    with ExitStack() as stack:
        yield [stack.enter_context(ServerProcess(workdir / f"replica-{n}.log",
                                                 setup.env(workdir / f"index-{n}")))
               for n in range(count)]
