"""Two `compact-assistant serve` replicas on one Chroma server, one PostgreSQL and one Redis:
conversations, the rate limit, re-indexing and feedback are shared, whichever replica is asked."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.pipeline import REFRESH_SECONDS
from benchmarks.harness import ServerProcess, wait_until
from benchmarks.servers import ReplicaSetup, replicas

from .conftest import CORPUS

pytestmark = [pytest.mark.server, pytest.mark.slow]

RATE_LIMIT = 5  # per minute, per caller, across both replicas
ADMIN_KEY = "replica-admin-key"
QUESTION = "Is the Compact legally binding?"
NEW_DOCUMENT = "volunteer-mileage.md"
NEW_TEXT = (
    "# Volunteer mileage\n\nUnder the Compact, partners agreed that volunteers who drive to "
    "partnership meetings are repaid a mileage allowance of 45 pence a mile within 14 days of "
    "their claim.\n"
)
NEW_QUESTION = "How quickly are volunteers repaid their mileage allowance?"
REINDEX_TIMEOUT_S = 60.0
# A replica checks the active index version at most every REFRESH_SECONDS; allow for the
# answer that notices it.
SERVED_TIMEOUT_S = REFRESH_SECONDS + 15.0
# Every 127.x.y.z address reaches loopback: each caller below has a rate-limit bucket of its own.
_callers = (f"127.0.{n // 250}.{n % 250 + 2}" for n in itertools.count(1))


@dataclass
class Replicas:
    """The two running replicas and the corpus folder they share."""

    a: ServerProcess
    b: ServerProcess
    corpus: Path


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory, chroma_url: str, postgres_url: str,
         redis_url: str) -> Iterator[Replicas]:
    """Replicas A and B, configured only through their environment."""
    root = tmp_path_factory.mktemp("replicas")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    setup = ReplicaSetup(
        chroma_url=chroma_url, database_url=postgres_url, redis_url=redis_url, corpus_dir=corpus,
        rate_limit=f"{RATE_LIMIT}/minute", admin_key=ADMIN_KEY,
        collection_prefix=f"replicas{time.time_ns() % 10**9}",
    )
    with replicas(setup, root) as (a, b):
        yield Replicas(a, b, corpus)


def caller() -> httpx.Client:
    """A client calling from a loopback address no other request has used."""
    transport = httpx.HTTPTransport(local_address=next(_callers))
    return httpx.Client(transport=transport, timeout=60)


def ask(client: httpx.Client, server: ServerProcess, question: str,
        conversation_id: str | None = None) -> dict[str, Any]:
    """POST /v1/ask; the answer's body (the request must succeed)."""
    body = {"question": question, **({"conversation_id": conversation_id}
                                      if conversation_id else {})}
    response = client.post(f"{server.url}/v1/ask", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_a_conversation_started_on_one_replica_continues_on_the_other(pair: Replicas) -> None:
    with caller() as client:
        first = ask(client, pair.a, "Is there a local Compact in Leeds?")
        follow_up = ask(client, pair.b, "when was it first launched?", first["conversation_id"])
        turns = client.get(f"{pair.a.url}/v1/conversations/{first['conversation_id']}")
    assert follow_up["conversation_id"] == first["conversation_id"]
    assert follow_up["query"] == "when was the local Compact in Leeds first launched?"
    assert follow_up["saved"] is True
    assert [turn["answer_id"] for turn in turns.json()["turns"]] == [
        first["answer_id"], follow_up["answer_id"]]


def test_the_rate_limit_holds_across_both_replicas(pair: Replicas) -> None:
    servers = itertools.islice(itertools.cycle((pair.a, pair.b)), RATE_LIMIT)
    with caller() as client:
        codes = [client.post(f"{s.url}/v1/ask", json={"question": QUESTION}).status_code
                 for s in servers]
        over = [client.post(f"{s.url}/v1/ask", json={"question": QUESTION})
                for s in (pair.a, pair.b)]
    assert codes == [200] * RATE_LIMIT
    assert [response.status_code for response in over] == [429, 429]
    assert all(response.json()["error"]["code"] == "rate_limited" for response in over)


def test_a_reindex_through_one_replica_is_served_by_both(pair: Replicas) -> None:
    (pair.corpus / NEW_DOCUMENT).write_text(NEW_TEXT, encoding="utf-8")
    admin = {"X-Admin-Key": ADMIN_KEY}
    started = httpx.post(f"{pair.a.url}/v1/admin/reindex", headers=admin)
    assert started.status_code == 202
    wait_until(lambda: _reindexed(pair.a, admin), REINDEX_TIMEOUT_S, "the re-index on replica A",
               interval=0.5)
    for server in (pair.a, pair.b):
        wait_until(lambda server=server: _cites_new_document(server), SERVED_TIMEOUT_S,
                   f"replica {server.url} answering from {NEW_DOCUMENT}", interval=0.5)


def _reindexed(server: ServerProcess, admin: dict[str, str]) -> bool:
    status = httpx.get(f"{server.url}/v1/admin/status", headers=admin).json()
    if status["reindex_running"] or status["last_reindex"] is None:
        return False
    assert status["last_reindex"]["ok"] is True, status
    return True


def _cites_new_document(server: ServerProcess) -> bool:
    with caller() as client:  # each poll from a new address: polling is not rate-limited
        answer = ask(client, server, NEW_QUESTION)
    return any(citation["doc_id"] == NEW_DOCUMENT for citation in answer["citations"])


def test_feedback_given_on_one_replica_is_exported_from_the_other(pair: Replicas) -> None:
    comment = f"rated on replica A {uuid.uuid4().hex}"
    with caller() as client:
        answer = ask(client, pair.b, QUESTION)
        rated = client.post(f"{pair.a.url}/v1/feedback", json={
            "answer_id": answer["answer_id"], "rating": "down", "comment": comment})
    assert rated.status_code == 200, rated.text
    export = subprocess.run(
        [sys.executable, "-m", "api.cli", "feedback", "export", "--rating", "down"],
        env=pair.b.env, capture_output=True, text=True, timeout=60, check=True)
    exported = [json.loads(line) for line in export.stdout.splitlines()]
    (ours,) = [case for case in exported if case["comment"] == comment]
    assert ours["question"] == QUESTION and ours["rating"] == "down"
