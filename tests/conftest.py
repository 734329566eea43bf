"""Shared fixtures: the real embedder (loaded once), real indexes under tmp, the real app."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.config import PROJECT_ROOT, Settings  # noqa: E402
from assistant.pipeline import (  # noqa: E402
    Assistant,
    build_assistant,
    build_embedder,
    build_index,
    build_indexer,
)
from assistant.search.embedders import Embedder  # noqa: E402
from benchmarks.harness import free_port, wait_until  # noqa: E402
from benchmarks.servers import REDIS_SERVER, ChromaServer, RedisServer  # noqa: E402

CORPUS = PROJECT_ROOT / "corpus"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's, installed by `make system-deps`
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class CountingEmbedder:
    """The real embedder, counting the passages it embeds (and failing on request)."""

    def __init__(self, inner: Embedder, fail_after: int | None = None) -> None:
        self.inner = inner
        self.model_name = inner.model_name
        self.embedded = 0
        self.fail_after = fail_after

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.fail_after is not None and self.embedded + len(texts) > self.fail_after:
            raise RuntimeError("simulated crash while embedding")
        self.embedded += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        return self.inner.embed_queries(texts)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The bundled all-MiniLM-L6-v2 in the default runtime, loaded once for the whole run."""
    return build_embedder(Settings())


def make_settings(corpus: Path, index: Path, **extra: object) -> Settings:
    """Settings pointing at a corpus copy and an index folder."""
    return Settings(corpus_dir=corpus, index_dir=index, **extra)  # type: ignore[arg-type]


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped corpus that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def indexed_copy(corpus_copy: Path, tmp_path: Path, embedder: Embedder):  # type: ignore[no-untyped-def]
    """Settings over a private corpus copy, its index, and the report of its first build."""
    settings = make_settings(corpus_copy, tmp_path / "index")
    index = build_index(settings)
    first = build_indexer(settings, index=index, embedder_factory=lambda: embedder).build()
    return settings, index, first


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """Settings of an index built once from the shipped corpus."""
    root = tmp_path_factory.mktemp("shared-index")
    settings = make_settings(CORPUS, root / "index")
    report = build_indexer(settings, embedder_factory=lambda: embedder).build()
    assert report.ok, report.errors
    return settings


@pytest.fixture(scope="session")
def assistant(built_settings: Settings, embedder: Embedder) -> Assistant:
    """The real assistant over the shipped corpus."""
    return build_assistant(built_settings, index=build_index(built_settings), embedder=embedder)


class LiveServer:
    """A uvicorn server on loopback in a background thread."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        wait_until(lambda: self.server.started, 60, "the app in a thread",
                   alive=self.thread.is_alive)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_api(built_settings: Settings, assistant: Assistant) -> Iterator[str]:
    """Base URL of the real app, served over HTTP, sharing the session's assistant."""
    from api.main import create_app

    with LiveServer(create_app(built_settings, assistant=assistant)) as server:
        yield server.url


def send_ok(handler: BaseHTTPRequestHandler, body: bytes, content_type: str) -> None:
    """Answer a loopback stand-in server's request with 200 and `body` (the tests' fake Slack
    and the static websites the widget is embedded in)."""
    handler.send_response(200)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database: CI's (COMPACT_TEST_DATABASE_URL), else a throwaway cluster."""
    given = os.environ.get("COMPACT_TEST_DATABASE_URL")
    if given:
        yield given
        return
    from .postgres import Cluster

    cluster = Cluster.start_or_skip()
    try:
        yield cluster.url
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def chroma_url() -> Iterator[str]:
    """The Chroma server CI started (COMPACT_TEST_CHROMA_URL), else `chroma run` for the module."""
    given = os.environ.get("COMPACT_TEST_CHROMA_URL")
    if given:
        yield given
        return
    with ChromaServer() as server:
        yield server.url


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """A throwaway in-memory `redis-server` on loopback for the module."""
    if not REDIS_SERVER.exists():
        pytest.skip("Redis is not installed (apt-get install redis-server)")
    with RedisServer() as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright. Per module: Playwright's sync API keeps
    an event loop running while it is open, which would stop later tests' `asyncio.run`."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()



def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With COMPACT_FAIL_ON_SKIP (as `make test` sets it), a skipped test fails the run: on a
    machine that has run `make test` every dependency is there, so a skip hides a gap."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("COMPACT_FAIL_ON_SKIP") and skipped and exitstatus == 0:
        reporter.write_line(f"{len(skipped)} test(s) skipped: failing the run "
                            "(COMPACT_FAIL_ON_SKIP; the reasons are listed above)", red=True)
        session.exitstatus = 1
