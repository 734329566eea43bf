"""A staff console to test against: the real app over HTTP, on private copies of the shipped
corpus and of the session's built index (so uploads never touch corpus/), with its own
conversation database and a small set of repository cases for quick evaluation runs."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from api.main import create_app
from assistant.config import Settings
from assistant.pipeline import build_assistant, build_index
from assistant.search.embedders import Embedder
from benchmarks.harness import wait_until
from evals.cases import CASES_FILE

from .conftest import CORPUS, LiveServer, make_settings

ADMIN_KEY = "console-admin-key"
STAFF_NAME, STAFF_KEY = "alice", "alice-staff-key-1"
UPLOAD_CAP_MB = 0.2  # small, so that the oversized upload is cheap to send
# answered three times (once a follow-up), declined once
QUICK_CASES = ("guid-what-01", "guid-voluntary-02", "fu-truro-14", "oos-france-01")
ADMIN = {"X-Admin-Key": ADMIN_KEY}


@dataclass
class Console:
    """A running console: its URL, settings and corpus folder."""

    url: str
    settings: Settings
    corpus: Path

    def wait_for_reindex(self) -> dict[str, object]:
        """Wait until the re-index the last change started has finished; its report."""
        def finished() -> bool:
            status = httpx.get(f"{self.url}/v1/admin/status", headers=ADMIN).json()
            return not status["reindex_running"] and status["last_reindex"] is not None

        wait_until(finished, 120, "the console's re-index")
        report = httpx.get(f"{self.url}/v1/admin/status", headers=ADMIN).json()["last_reindex"]
        return dict(report)


def quick_cases(target: Path) -> Path:
    """The few repository cases the console's evaluation runs in the tests."""
    lines = [line for line in CASES_FILE.read_text(encoding="utf-8").splitlines()
             if json.loads(line)["id"] in QUICK_CASES]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@contextmanager
def running_console(built: Settings, embedder: Embedder, root: Path) -> Iterator[Console]:
    """A console over copies of the corpus and the built index under `root`."""
    corpus, index = root / "corpus", root / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(built.index_dir, index)
    settings = make_settings(
        corpus, index, admin_key=ADMIN_KEY, staff_keys=f"{STAFF_NAME}:{STAFF_KEY}",
        database_url=f"sqlite:///{root / 'console.db'}", max_upload_mb=UPLOAD_CAP_MB,
        console_cases_file=quick_cases(root / "cases.jsonl"))
    assistant = build_assistant(settings, index=build_index(settings), embedder=embedder)
    with LiveServer(create_app(settings, assistant=assistant)) as server:
        yield Console(server.url, settings, corpus)


def folder_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) with the SHA-256 of its bytes."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}
