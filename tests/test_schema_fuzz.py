"""Schemathesis against the served OpenAPI schema: every route, valid and invalid input."""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from api.main import create_app
from assistant.config import Settings
from assistant.pipeline import build_assistant, build_index
from assistant.search.embedders import Embedder

from .conftest import CORPUS, LiveServer, make_settings
from .console_setup import quick_cases

ADMIN_KEY = "fuzz-admin-key"
MAX_EXAMPLES = 50  # per operation and phase; keeps the whole module well under a minute
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection]
calls: list[tuple[str, int]] = []  # (operation, status) of every request sent


@pytest.fixture(scope="module")
def fuzzed_api(
    built_settings: Settings, embedder: Embedder, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The real app over HTTP, with admin routes, on private copies of the built index and of
    the corpus (the fuzzed uploads and removals change the copy), evaluating a few cases."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(built_settings.index_dir, root / "index")
    shutil.copytree(CORPUS, root / "corpus")
    settings = make_settings(root / "corpus", root / "index", admin_key=ADMIN_KEY,
                             database_url=f"sqlite:///{root / 'fuzz.db'}",
                             console_cases_file=quick_cases(root / "cases.jsonl"))
    assistant = build_assistant(settings, index=build_index(settings), embedder=embedder)
    with LiveServer(create_app(settings, assistant=assistant)) as server:
        yield server.url
    if calls:  # the fuzzing ran in this module, whatever the order: check how far it reached
        operations = [operation for operation, _ in calls]
        print(f"\nschemathesis sent {len(calls)} requests; per documented operation: "
              + ", ".join(f"{op} {operations.count(op)}" for op in sorted(set(operations))
                          if operations.count(op) > 1))
        assert_reach(calls)


def _schema_of_the_app() -> dict[str, Any]:
    """The OpenAPI document the app serves (loaded at import: schemathesis parametrizes then)."""
    settings = make_settings(CORPUS, CORPUS.parent / "index", admin_key=ADMIN_KEY)
    return create_app(settings).openapi()


# `schemathesis.pytest.from_fixture` cannot run under pytest 9 (it sets `node._nodeid`); the
# schema comes from the app itself, and a test below checks it is the one the server serves.
schema = schemathesis.openapi.from_dict(_schema_of_the_app())
schema.config.generation.update(max_examples=MAX_EXAMPLES)


@schema.parametrize()
def test_every_route_keeps_its_contract(case: schemathesis.Case, fuzzed_api: str) -> None:
    # An uploaded file is bytes: a "file" the fuzzer turns into a number or an object arrives as
    # its text, which is a text document, so its acceptance is no schema violation (the route
    # types a file by its content; tests/test_staff_console.py checks the refusals).
    upload = (case.method, case.path) == ("POST", "/v1/admin/documents")
    checks = [check for check in CHECKS if not (upload and check is negative_data_rejection)]
    response = case.call_and_validate(base_url=fuzzed_api, headers={"X-Admin-Key": ADMIN_KEY},
                                      checks=checks, timeout=30)
    calls.append((f"{case.method} {case.path}", response.status_code))


def assert_reach(calls: list[tuple[str, int]]) -> None:
    """The fuzzing got past validation and the admin key (checked when the module ends)."""
    statuses: dict[str, set[int]] = defaultdict(set)
    for operation, status in calls:
        statuses[operation].add(status)
    assert {200, 422} <= statuses["POST /v1/ask"]
    assert {404, 422} <= statuses["POST /v1/feedback"]  # random ids are unknown answers
    assert 202 in statuses["POST /v1/admin/reindex"] and 200 in statuses["GET /v1/admin/status"]
    assert len(calls) >= 300


def test_the_fuzzed_schema_is_the_served_one_and_covers_every_route(fuzzed_api: str) -> None:
    assert httpx.get(f"{fuzzed_api}/openapi.json").json() == schema.raw_schema
    paths = set(schema.raw_schema["paths"])
    assert {"/v1/ask", "/v1/ask/stream", "/v1/feedback", "/v1/conversations/{conversation_id}",
            "/v1/admin/reindex", "/v1/admin/status", "/healthz", "/readyz"} <= paths
