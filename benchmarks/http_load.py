"""Load over HTTP: a bounded list of questions posted by N concurrent clients."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from .stats import Summary, summarize


@dataclass
class LoadRun:
    """Latencies (ms) and throughput (answers per second) of one load run."""

    latency: Summary
    throughput: float
    errors: int
    server: Summary  # the answer's own timings_ms.total: time inside `Assistant.ask`


def run_load(url: str, questions: list[str], concurrency: int) -> LoadRun:
    """Post every question once to /v1/ask with `concurrency` requests in flight."""
    return asyncio.run(_load(url, questions, concurrency))


async def _load(url: str, questions: list[str], concurrency: int) -> LoadRun:
    pending = iter(questions)
    latencies: list[float] = []
    inside: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for question in pending:  # shared iterator: each question is sent once
            clock = time.perf_counter()
            reply = await client.post("/v1/ask", json={"question": question})
            latencies.append((time.perf_counter() - clock) * 1000.0)
            if reply.status_code != 200 or "status" not in reply.json():
                errors += 1
            else:
                inside.append(reply.json()["timings_ms"]["total"])

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as client:
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return LoadRun(summarize(latencies), len(latencies) / wall, errors, summarize(inside))
