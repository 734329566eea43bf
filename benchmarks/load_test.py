"""Bounded load test on loopback: questions at a fixed concurrency against the real server.

    .venv/bin/python -m benchmarks.load_test [--questions 2000] [--concurrency 16]
                                             [--database-url URL]

Starts `compact-assistant serve` as a child process on a free loopback port (its own temporary
index, no rate limit, no API keys), posts the questions of `evals/cases.jsonl` in a cycle to
`POST /v1/ask`, prints throughput and p50/p95/p99 latency with the count of 5xx responses and
dropped connections, stops the server and exits 1 unless every request got a 200 answer
whose turn was saved.
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
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .fixtures import evaluation_questions
from .harness import ServerProcess
from .stats import Summary, percentile, summarize

STATUSES = {"answered", "not_found", "out_of_scope"}


@dataclass
class LoadResult:
    """What a load run saw: per-request latencies (ms) and how each request ended."""

    latencies_ms: list[float] = field(default_factory=list)
    inside_ms: list[float] = field(default_factory=list)  # each answer's own timings_ms.total
    statuses: Counter[int] = field(default_factory=Counter)
    dropped: int = 0  # connection refused, reset or timed out: no HTTP response at all
    bad_bodies: int = 0  # a 200 whose body is not an answer
    unsaved: int = 0  # an answer whose turn the server could not record ("saved": false)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        """Requests sent."""
        return len(self.latencies_ms)

    @property
    def server_errors(self) -> int:
        """Responses with a 5xx status."""
        return sum(count for status, count in self.statuses.items() if status >= 500)

    @property
    def throughput(self) -> float:
        """Requests completed per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """The latency at percentile p, in milliseconds (benchmarks.stats's definition)."""
        return percentile(self.latencies_ms, p)

    @property
    def latency(self) -> Summary:
        """p50, p95 and p99 of the latencies."""
        return summarize(self.latencies_ms)

    @property
    def server(self) -> Summary:
        """p50, p95 and p99 of the time spent inside `Assistant.ask`."""
        return summarize(self.inside_ms)

    @property
    def errors(self) -> int:
        """Requests that did not end in a 200 with an answer."""
        return self.requests - self.statuses.get(200, 0) + self.bad_bodies

    @property
    def clean(self) -> bool:
        """Every request got a 200 with an answer, and every turn was saved."""
        return (self.statuses.get(200, 0) == self.requests
                and not self.bad_bodies and not self.unsaved)


def questions(count: int) -> list[str]:
    """`count` questions, cycling over the evaluation cases' questions."""
    return list(itertools.islice(itertools.cycle(evaluation_questions()), count))


def run_load(url: str, asked: list[str], concurrency: int, timeout: float = 60) -> LoadResult:
    """Post every question once to `{url}/v1/ask`, `concurrency` requests in flight."""
    return asyncio.run(_load(url, asked, concurrency, timeout))


async def _load(url: str, asked: list[str], concurrency: int, timeout: float) -> LoadResult:
    result = LoadResult()
    pending = iter(asked)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(_worker(client, pending, result) for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
    return result


async def _worker(client: httpx.AsyncClient, pending: Iterator[str], result: LoadResult) -> None:
    for question in pending:  # one iterator shared by the workers: each question is sent once
        sent = time.perf_counter()
        try:
            response = await client.post("/v1/ask", json={"question": question})
        except httpx.TransportError:
            result.dropped += 1
        else:
            result.statuses[response.status_code] += 1
            if response.status_code == 200:
                check_answer(response, result)
        result.latencies_ms.append((time.perf_counter() - sent) * 1000)


def check_answer(response: httpx.Response, result: LoadResult) -> None:
    """Count a 200 whose body is not an answer, or whose turn was not saved."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if body.get("status") not in STATUSES or not body.get("answer"):
        result.bad_bodies += 1
        return
    result.inside_ms.append(float(body.get("timings_ms", {}).get("total", 0.0)))
    if body.get("saved") is False:
        result.unsaved += 1


def report(result: LoadResult, concurrency: int) -> str:
    """The figures, one per line."""
    statuses = ", ".join(f"{status}: {n}" for status, n in sorted(result.statuses.items()))
    return "\n".join([
        f"requests      {result.requests} at concurrency {concurrency} in {result.seconds:.1f} s",
        f"throughput    {result.throughput:.1f} requests/s",
        f"latency (ms)  p50 {result.percentile(50):.0f}  p95 {result.percentile(95):.0f}  "
        f"p99 {result.percentile(99):.0f}  max {max(result.latencies_ms, default=0):.0f}",
        f"statuses      {statuses or 'none'}",
        f"5xx           {result.server_errors}",
        f"dropped       {result.dropped}",
        f"bad bodies    {result.bad_bodies}",
        f"not saved     {result.unsaved}",
    ])


def main(argv: list[str] | None = None) -> int:
    """Start the server, run the load, print the figures; 1 unless every answer came back."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database-url", help="COMPACT_DATABASE_URL for the server")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compact-load-") as workdir:
        print("starting the server (building its index)...", file=sys.stderr)
        env = {"COMPACT_INDEX_DIR": str(Path(workdir) / "index"), "COMPACT_RATE_LIMIT": "",
               "COMPACT_API_KEYS": "", "COMPACT_LOG_FORMAT": "json",
               **({"COMPACT_DATABASE_URL": args.database_url} if args.database_url else {})}
        with ServerProcess(Path(workdir) / "server.log", env) as server:
            run_load(server.url, questions(min(args.concurrency, 50)), args.concurrency)  # warm-up
            result = run_load(server.url, questions(args.questions), args.concurrency)
    print(report(result, args.concurrency))
    return 0 if result.clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
