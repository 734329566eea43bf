"""Access and limits over HTTP: API keys, admin routes, rate limits, body cap, headers, logs."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from api.main import create_app
from assistant.config import Settings
from assistant.logs import JsonFormatter, scrub
from assistant.pipeline import Assistant, build_assistant, build_index, build_indexer
from assistant.search.embedders import Embedder
from benchmarks.servers import REDIS_SERVER, RedisServer

from .conftest import LiveServer, make_settings

QUESTION = {"question": "Is the Compact legally binding?"}


@pytest.fixture
def serve(assistant: Assistant, built_settings: Settings, tmp_path: Path) -> Iterator[object]:
    """Start the real app with extra settings; yields a function returning its base URL."""
    servers: list[LiveServer] = []

    def start(**extra: object) -> str:
        settings = make_settings(built_settings.corpus_dir, built_settings.index_dir,
                                 database_url=f"sqlite:///{tmp_path / 'h.db'}", **extra)
        server = LiveServer(create_app(settings, assistant=assistant)).__enter__()
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.__exit__()


def test_api_keys_when_configured(serve) -> None:  # type: ignore[no-untyped-def]
    url = serve(api_keys=["k-one", "k-two"])
    assert httpx.post(f"{url}/v1/ask", json=QUESTION).status_code == 401
    wrong = httpx.post(f"{url}/v1/ask", json=QUESTION, headers={"X-API-Key": "nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "unauthorized"
    assert httpx.post(f"{url}/v1/ask", json=QUESTION, headers={"X-API-Key": "k-one"}).is_success
    bearer = {"Authorization": "Bearer k-two"}
    assert httpx.post(f"{url}/v1/ask", json=QUESTION, headers=bearer).is_success
    assert httpx.get(f"{url}/healthz").is_success  # health stays open for load balancers


def test_open_api_without_keys(live_api: str) -> None:
    assert httpx.post(f"{live_api}/v1/ask", json=QUESTION).is_success


def test_admin_routes_absent_without_admin_key(live_api: str) -> None:
    assert httpx.get(f"{live_api}/v1/admin/status").status_code == 404
    assert httpx.post(f"{live_api}/v1/admin/reindex").status_code == 404


def test_rate_limit_gives_429_with_retry_after(serve) -> None:  # type: ignore[no-untyped-def]
    url = serve(rate_limit="3/minute")
    codes = [httpx.post(f"{url}/v1/ask", json=QUESTION).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    limited = httpx.post(f"{url}/v1/ask", json=QUESTION)
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited.headers["retry-after"]) <= 60


def test_two_apps_share_the_rate_limit_through_redis(serve, redis_url: str) -> None:  # type: ignore[no-untyped-def]
    first, second = (serve(rate_limit="3/minute", rate_limit_storage=redis_url) for _ in range(2))
    codes = [httpx.post(f"{url}/v1/ask", json=QUESTION).status_code
             for url in (first, second, first, second)]
    assert codes == [200, 200, 200, 429]


def test_an_unreachable_redis_gives_503_until_it_is_back(  # type: ignore[no-untyped-def]
    serve, caplog: pytest.LogCaptureFixture
) -> None:
    if not REDIS_SERVER.exists():
        pytest.skip("Redis is not installed (apt-get install redis-server)")
    redis = RedisServer()  # not started yet: nothing listens on its port
    url = serve(rate_limit="3/minute", rate_limit_storage=redis.url)
    down = httpx.post(f"{url}/v1/ask", json=QUESTION)
    assert down.status_code == 503 and down.json()["error"]["code"] == "rate_limit_unavailable"
    assert down.headers["retry-after"] == "5"
    assert any(r.getMessage() == "rate limit storage unavailable" for r in caplog.records)
    assert httpx.get(f"{url}/healthz").is_success  # the app itself is up
    with redis:
        assert httpx.post(f"{url}/v1/ask", json=QUESTION).status_code == 200


@pytest.mark.parametrize("uri", [
    "memcached://127.0.0.1:11211", "redis://", "127.0.0.1:6379", "memory://elsewhere", "",
])
def test_a_rate_limit_storage_other_than_memory_or_redis_is_refused(uri: str) -> None:
    with pytest.raises(ValidationError, match="must be memory:// or a Redis URI"):
        Settings(rate_limit_storage=uri)  # type: ignore[call-arg]


@pytest.mark.parametrize("uri", ["memory://", "redis://cache:6379/0", "rediss://:pw@cache:6380"])
def test_memory_and_redis_rate_limit_storages_are_accepted(uri: str) -> None:
    assert Settings(rate_limit_storage=uri).rate_limit_storage == uri  # type: ignore[call-arg]


def test_an_invented_api_key_does_not_escape_the_rate_limit(serve) -> None:  # type: ignore[no-untyped-def]
    # issue 15, defect 2: without COMPACT_API_KEYS each made-up key had a bucket of its own
    url = serve(rate_limit="3/minute")
    codes = [httpx.post(f"{url}/v1/ask", json=QUESTION, headers={"X-API-Key": f"made-up-{n}"})
             .status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_body_size_is_capped(serve) -> None:  # type: ignore[no-untyped-def]
    url = serve(max_body_bytes=2048)
    big = httpx.post(f"{url}/v1/ask", json={"question": "x" * 5000})
    assert big.status_code == 413 and big.json()["error"]["code"] == "body_too_large"

    def chunks() -> Iterator[bytes]:  # no content-length: counted as it arrives
        yield b'{"question": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}'

    streamed = httpx.post(f"{url}/v1/ask", content=chunks(),
                          headers={"content-type": "application/json"})
    assert streamed.status_code == 413
    assert httpx.post(f"{url}/v1/ask", json=QUESTION).is_success


def test_security_headers(live_api: str) -> None:
    page = httpx.get(f"{live_api}/")
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    api = httpx.post(f"{live_api}/v1/ask", json=QUESTION)
    assert api.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in api.headers


def test_questions_are_logged_as_json_without_personal_data(
    assistant: Assistant, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="assistant.pipeline")
    assistant.ask("Email me at jo@example.org or ring 07700 900123 about the Compact in LS1 4AP")
    record = next(r for r in caplog.records if r.getMessage() == "question answered")
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "info" and line["logger"] == "assistant.pipeline"
    assert "jo@example.org" not in json.dumps(line) and "07700" not in json.dumps(line)
    assert "LS1 4AP" not in line["question"] and "[postcode]" in line["question"]
    assert scrub("call +44 20 7946 0958") == "call [phone]"


def test_admin_reindex_runs_once_at_a_time(
    corpus_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    settings = make_settings(corpus_copy, tmp_path / "index", admin_key="s3cret",
                             database_url=f"sqlite:///{tmp_path / 'a.db'}")
    first = build_indexer(settings, embedder_factory=lambda: embedder).build()
    assistant = build_assistant(settings, index=build_index(settings), embedder=embedder)
    lines = ["# Minutes", ""] + [
        f"Partners in area {n} agreed to share minutes about volunteering within a week.\n"
        for n in range(300)
    ]
    (corpus_copy / "minutes.md").write_text("\n".join(lines))
    admin = {"X-Admin-Key": "s3cret"}
    with LiveServer(create_app(settings, assistant=assistant)) as server:
        url = server.url
        assert httpx.post(f"{url}/v1/admin/reindex").status_code == 401
        bad = httpx.get(f"{url}/v1/admin/status", headers={"X-Admin-Key": "guess"})
        assert bad.status_code == 401
        assert httpx.post(f"{url}/v1/admin/reindex", headers=admin).status_code == 202
        assert httpx.post(f"{url}/v1/admin/reindex", headers=admin).status_code == 409
        status = httpx.get(f"{url}/v1/admin/status", headers=admin).json()
        assert status["reindex_running"] is True
        deadline = time.monotonic() + 120
        while status["reindex_running"] and time.monotonic() < deadline:
            time.sleep(0.5)
            status = httpx.get(f"{url}/v1/admin/status", headers=admin).json()
        assert status["last_reindex"]["ok"] is True
        # the four documents and the one added
        assert status["index_version"] != first.version and status["documents"] == 5
        assert status["chunks"] > first.chunk_count and status["build_errors"] == []


def test_conversation_ids_stay_out_of_the_access_log(
    live_api: str, caplog: pytest.LogCaptureFixture
) -> None:
    # issue 15, defect 9: the id that reads a conversation was logged with the path
    caplog.set_level(logging.INFO, logger="api.access")
    started = httpx.post(f"{live_api}/v1/ask", json=QUESTION).json()
    conversation_id = started["conversation_id"]
    assert httpx.get(f"{live_api}/v1/conversations/{conversation_id}").status_code == 200
    paths = [getattr(r, "path", "") for r in caplog.records if r.getMessage() == "request"]
    assert "/v1/conversations/{id}" in paths
    assert not any(conversation_id in path for path in paths)


@pytest.mark.parametrize("number", [
    "07700 900123", "07700900123", "(07700) 900126", "07700-900-123", "+44 7700 900123",
    "+44 (0)7700 900123", "0044 7700 900123", "0161 496 0000", "020 7946 0000",
    "(020) 7946 0000", "+1 202 555 0143", "+1 (202) 555-0143", "+33 1 23 45 67 89",
    "+49 30 901820", "+353 1 234 5678",
])
def test_telephone_numbers_are_scrubbed_from_logs(number: str) -> None:
    # issue 15, defect 7: "(07700) 900126" and international formats were logged as written
    assert scrub(f"ring me on {number} please") == "ring me on [phone] please"


@pytest.mark.parametrize("text", [
    "renewed in 2010", "12 weeks", "between 2011 and 2012", "1998-2010", "£500,000",
    "165 local Compacts", "outcome 0.5", "section 3.2.1",
])
def test_numbers_that_are_not_telephone_numbers_stay(text: str) -> None:
    assert scrub(text) == text


def test_the_host_header_is_not_copied_into_the_demo_page(live_api: str) -> None:
    # issue 15, defect 8: the page embedded the request's Host as the script's origin
    page = httpx.get(f"{live_api}/", headers={"Host": "evil.example"})
    assert page.status_code == 200 and "<compact-assistant" in page.text
    assert "evil.example" not in page.text


def test_guessing_api_keys_is_throttled(serve) -> None:  # type: ignore[no-untyped-def]
    # issue 15, defect 5: wrong keys were refused before the limiter ran, without limit
    url = serve(api_keys=["k-one"])
    codes = [httpx.post(f"{url}/v1/ask", json=QUESTION, headers={"X-API-Key": f"guess-{n}"})
             .status_code for n in range(11)]
    assert codes == [401] * 10 + [429]
    right = httpx.post(f"{url}/v1/ask", json=QUESTION, headers={"X-API-Key": "k-one"})
    assert right.status_code == 429  # a guess that happens to be right learns nothing
    assert right.json()["error"]["code"] == "too_many_failed_keys"
    assert 1 <= int(right.headers["retry-after"]) <= 60


def test_guessing_the_admin_key_is_throttled(serve) -> None:  # type: ignore[no-untyped-def]
    url = serve(admin_key="the-admin-key")
    codes = [httpx.get(f"{url}/v1/admin/status", headers={"X-Admin-Key": f"guess-{n}"})
             .status_code for n in range(11)]
    assert codes == [401] * 10 + [429]
    held = httpx.get(f"{url}/v1/admin/status", headers={"X-Admin-Key": "the-admin-key"})
    assert held.status_code == 429 and "retry-after" in held.headers
