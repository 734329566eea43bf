"""Load on two API replicas sharing one Chroma server, one PostgreSQL and one Redis.

    .venv/bin/python -m benchmarks.replica_load [--questions 2000] [--concurrency 16]
                                                [--database-url URL]

Starts, on loopback, a Chroma server (`chroma run`), a throwaway PostgreSQL cluster (or uses
--database-url), a Redis for the shared rate limit (set far above this load, so every request is
counted in Redis and none is refused) and two `compact-assistant serve` processes on them. Then
asks the evaluation cases' questions, cycled, as conversations: a follow-up case's earlier
questions start a conversation and each next turn goes to the other replica, with the
conversation id the first one gave. Prints questions sent, HTTP statuses and answers per status,
5xx, errors, p50/p95/p99 latency, throughput and "lost": questions whose turn is not recorded in
the database afterwards. Exits 1 on any error or lost turn. A benchmark: nothing is asserted on
timings.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import select

from assistant.chat.database import make_engine, turns
from evals.cases import Case, load_cases

from .fixtures import CASES_FILE, CORPUS_DIR
from .load_test import LoadResult, check_answer, report
from .servers import (
    ChromaServer,
    PostgresCluster,
    RedisServer,
    ReplicaSetup,
    postgres_binaries,
    replicas,
)

REPLICAS = 2
RATE_LIMIT = "100000/minute"  # counted in Redis for every request, never reached
REQUEST_TIMEOUT_S = 60.0

Conversation = list[str]  # its questions, in order


@dataclass
class ReplicaLoadResult(LoadResult):
    """A load run's figures, with the answers' statuses and ids and where each request went."""

    answer_statuses: Counter[str] = field(default_factory=Counter)
    answer_ids: set[str] = field(default_factory=set)
    per_replica: Counter[int] = field(default_factory=Counter)
    follow_ups: int = 0  # questions sent with a conversation id from the other replica
    lost: int = 0

    @property
    def clean(self) -> bool:
        """No error and no lost turn."""
        return super().clean and not self.lost


def conversations(count: int) -> list[Conversation]:
    """The evaluation cases as conversations (history, then question), cycled: `count`
    questions in all."""
    chosen: list[Conversation] = []
    total = 0
    for case in itertools.cycle(_spread_follow_ups(load_cases(CASES_FILE))):
        if total >= count:
            break
        questions = [*case.history, case.question][: count - total]
        chosen.append(questions)
        total += len(questions)
    return chosen


def _spread_follow_ups(cases: list[Case]) -> list[Case]:
    """The cases with the follow-ups (those with a history) spread evenly among the others."""
    groups = [[case for case in cases if not case.history],
              [case for case in cases if case.history]]
    spread = [(n / len(group), case) for group in groups for n, case in enumerate(group)]
    return [case for _, case in sorted(spread, key=lambda item: item[0])]


def run_load(urls: list[str], asked: list[Conversation], concurrency: int) -> ReplicaLoadResult:
    """Ask every conversation once, `concurrency` conversations in flight."""
    return asyncio.run(_load(urls, asked, concurrency))


async def _load(urls: list[str], asked: list[Conversation],
                concurrency: int) -> ReplicaLoadResult:
    result = ReplicaLoadResult()
    pending = enumerate(asked)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with ReplicaClients(urls, limits) as clients:
        started = time.perf_counter()
        await asyncio.gather(*(_worker(clients, pending, result) for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
    return result


class ReplicaClients:
    """One async client per replica, closed together."""

    def __init__(self, urls: list[str], limits: httpx.Limits) -> None:
        self.clients = [httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT_S, limits=limits)
                        for url in urls]

    async def __aenter__(self) -> list[httpx.AsyncClient]:
        return self.clients

    async def __aexit__(self, *_: object) -> None:
        await asyncio.gather(*(client.aclose() for client in self.clients))


async def _worker(clients: list[httpx.AsyncClient], pending: Iterator[tuple[int, Conversation]],
                  result: ReplicaLoadResult) -> None:
    for number, conversation in pending:  # shared by the workers: each is asked once
        conversation_id: str | None = None
        for turn, question in enumerate(conversation):
            replica = (number + turn) % len(clients)  # each next turn on the other replica
            if conversation_id is not None:
                result.follow_ups += 1
            conversation_id = await _ask(clients[replica], question, conversation_id, result)
            result.per_replica[replica] += 1


async def _ask(client: httpx.AsyncClient, question: str, conversation_id: str | None,
               result: ReplicaLoadResult) -> str | None:
    """Post one question; the conversation id to continue with (None when it failed)."""
    body = {"question": question, **({"conversation_id": conversation_id}
                                      if conversation_id else {})}
    sent = time.perf_counter()
    try:
        response = await client.post("/v1/ask", json=body)
    except httpx.TransportError:
        result.dropped += 1
        return None
    finally:
        result.latencies_ms.append((time.perf_counter() - sent) * 1000)
    result.statuses[response.status_code] += 1
    if response.status_code != 200:
        return None
    check_answer(response, result)
    answer = response.json()
    result.answer_statuses[str(answer.get("status"))] += 1
    result.answer_ids.add(str(answer.get("answer_id")))
    return str(answer["conversation_id"])


def count_lost(database_url: str, result: ReplicaLoadResult) -> int:
    """Questions sent whose turn is not in the database: not answered, or answered unrecorded."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as db:
            recorded = set(db.scalars(select(turns.c.answer_id)))
    finally:
        engine.dispose()
    return result.requests - len(result.answer_ids & recorded)


def replica_report(result: ReplicaLoadResult, concurrency: int) -> str:
    """The load test's figures, then the answers' statuses, the replicas and lost turns."""
    answers = ", ".join(f"{status}: {n}" for status, n in sorted(result.answer_statuses.items()))
    replicas_line = ", ".join(f"{'AB'[n]}: {count}" for n, count in
                              sorted(result.per_replica.items()))
    return "\n".join([
        f"questions     {result.requests} ({result.follow_ups} follow-ups on the other replica)",
        report(result, concurrency),
        f"answers       {answers or 'none'}",
        f"per replica   {replicas_line}",
        f"errors        {result.errors}",
        f"lost          {result.lost}",
    ])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.replica_load", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=2000, metavar="N",
                        help="questions to send in all (default 2000)")
    parser.add_argument("--concurrency", type=int, default=16, metavar="N",
                        help="conversations in flight at once (default 16)")
    parser.add_argument("--database-url", metavar="URL",
                        help="a PostgreSQL database to use instead of a throwaway cluster")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Start the servers and the replicas, run the load, print the figures."""
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compact-replicas-") as workdir, ExitStack() as stack:
        print("starting Chroma, PostgreSQL, Redis and two replicas...", file=sys.stderr)
        chroma = stack.enter_context(ChromaServer())
        database_url = args.database_url or _throwaway_database(stack)
        redis = stack.enter_context(RedisServer())
        setup = ReplicaSetup(chroma_url=chroma.url, database_url=database_url,
                             redis_url=redis.url, corpus_dir=CORPUS_DIR, rate_limit=RATE_LIMIT)
        servers = stack.enter_context(replicas(setup, Path(workdir), REPLICAS))
        print(f"asking {args.questions} questions...", file=sys.stderr)
        result = run_load([server.url for server in servers], conversations(args.questions),
                          args.concurrency)
        result.lost = count_lost(database_url, result)
    print(replica_report(result, args.concurrency))
    return 0 if result.clean else 1


def _throwaway_database(stack: ExitStack) -> str:
    bin_dir = postgres_binaries()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed (make system-deps), and no --database-url")
    return stack.enter_context(PostgresCluster(bin_dir)).url


if __name__ == "__main__":
    raise SystemExit(main())
