"""PostgreSQL for the store tests: a throwaway cluster on loopback (Debian's binaries; the class
is benchmarks/servers.py's, shared with the benchmarks), or a skip when there are none."""

from __future__ import annotations

import pytest

from benchmarks.servers import PostgresCluster
from benchmarks.servers import postgres_binaries as binaries

__all__ = ["Cluster", "binaries"]


class Cluster(PostgresCluster):
    """`initdb` into a temporary folder and `pg_ctl start` on 127.0.0.1 (trust auth)."""

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
