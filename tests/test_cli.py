"""The console script, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assistant.config import Settings

from .conftest import CORPUS


def _run(args: list[str], env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_help_explains_the_commands() -> None:
    result = _run(["--help"], {})
    assert result.returncode == 0
    for command in ("index", "ask", "serve", "COMPACT_CORPUS_DIR"):
        assert command in result.stdout


def test_ask_json_has_the_api_shape(built_settings: Settings) -> None:
    result = _run(
        ["ask", "--json", "--top-k", "3", "Is the Compact legally binding?"],
        {"COMPACT_INDEX_DIR": str(built_settings.index_dir), "COMPACT_CORPUS_DIR": str(CORPUS)},
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["status"] == "answered"
    assert "not legally binding" in answer["answer"]
    assert all(c["quote"] for c in answer["citations"]) and len(answer["citations"]) <= 3
    assert "DEBUG" not in result.stderr  # a library's debug logging is shown only with -v


def test_index_exits_non_zero_naming_a_bad_file(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text("# Notes\n\nThe Compact is a voluntary agreement.\n")
    (corpus / "bad.pdf").write_bytes(b"%PDF-1.4 broken")
    env = {"COMPACT_INDEX_DIR": str(tmp_path / "index"), "COMPACT_CORPUS_DIR": str(corpus)}
    result = _run(["index"], env)
    assert result.returncode == 1
    assert "bad.pdf" in result.stderr and "1 file(s) could not be indexed" in result.stderr
    assert "Indexed 1 changed document(s)" in result.stdout
    again = _run(["ask", "Is the Compact voluntary?"], env)
    assert again.returncode == 0 and "voluntary agreement" in again.stdout


def test_bad_top_k_is_refused(built_settings: Settings) -> None:
    result = _run(
        ["ask", "--top-k", "0", "x"], {"COMPACT_INDEX_DIR": str(built_settings.index_dir)}
    )
    assert result.returncode == 2 and "--top-k" in result.stderr
