"""A short load run over HTTP (the full one is `python -m benchmarks.load_test`)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from api.main import create_app
from assistant.chat.database import SqlStore, answers, make_engine
from assistant.config import Settings
from assistant.pipeline import Assistant
from benchmarks.load_test import questions, report, run_load

from .conftest import LiveServer, make_settings


def test_200_questions_at_concurrency_16_all_answered_and_saved(
    assistant: Assistant, built_settings: Settings, tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'load.db'}"
    settings = make_settings(built_settings.corpus_dir, built_settings.index_dir,
                             database_url=database_url)
    with LiveServer(create_app(settings, assistant=assistant)) as server:
        result = run_load(server.url, questions(200), concurrency=16)
    assert result.requests == 200, report(result, 16)
    assert result.server_errors == 0 and result.dropped == 0, report(result, 16)
    assert result.clean, report(result, 16)
    store = SqlStore(make_engine(database_url))
    with store.engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(answers)) == 200
    store.close()
