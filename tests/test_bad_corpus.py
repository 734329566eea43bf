"""Each kind of bad corpus input: a clear error naming the file, the rest indexed, nothing lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from assistant.errors import EmptyCorpusError
from assistant.ingest.indexing import Indexer, corpus_files
from assistant.pipeline import build_assistant, build_index, build_indexer
from assistant.search.embedders import Embedder

from .conftest import CORPUS, CountingEmbedder, LiveServer, make_settings


def _pdf_without_text(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a scan would be an image: no text layer either way
    pdf.output(str(path))


def _write(path: Path, kind: str) -> None:
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 8)
    elif kind == "latin1":
        path.write_bytes("Réunion des bénévoles à Sheffield".encode("latin-1"))
    elif kind == "corrupt-pdf":
        path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Pages 9 0 R >>\ntruncated")
    elif kind == "no-text-pdf":
        _pdf_without_text(path)
    elif kind == "huge":
        with path.open("wb") as handle:  # sparse: 51 MB on paper, instant to make
            handle.truncate(51 * 1024 * 1024)
    elif kind == "csv-missing-column":
        path.write_text("title,region\nA Compact,South East\n")
    elif kind == "csv-bad-quoting":
        path.write_text('name,area\n"Unclosed Compact,Somewhere\nB Compact,B"x"y\n')


CASES = [
    ("empty.txt", "empty", "empty"),
    ("image.txt", "binary", "binary"),
    ("notes.txt", "latin1", "UTF-8"),
    ("broken.pdf", "corrupt-pdf", "PDF"),
    ("scan.pdf", "no-text-pdf", "no text layer"),
    ("huge.md", "huge", "over the 50 MB cap"),
    ("other-list.csv", "csv-missing-column", "missing required column"),
    ("quoted-list.csv", "csv-bad-quoting", "CSV"),
]


@pytest.fixture(scope="module")
def good_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """An index of the shipped corpus, copied per test so each starts from a good state."""


    root = tmp_path_factory.mktemp("good")
    settings = make_settings(CORPUS, root / "index")
    assert build_indexer(settings, embedder_factory=lambda: embedder).build().ok
    return root / "index"


@pytest.mark.parametrize(("name", "kind", "reason"), CASES, ids=[c[1] for c in CASES])
def test_bad_input_is_named_and_the_rest_indexed(
    corpus_copy: Path, tmp_path: Path, embedder: Embedder, good_index: Path,
    name: str, kind: str, reason: str,
) -> None:
    import shutil

    index_dir = tmp_path / "index"
    shutil.copytree(good_index, index_dir)
    settings = make_settings(corpus_copy, index_dir)
    before = build_index(settings).info()
    _write(corpus_copy / name, kind)
    counter = CountingEmbedder(embedder)
    report = build_indexer(settings, embedder_factory=lambda: counter).build()
    assert [(e.path.name, reason.lower() in str(e).lower()) for e in report.errors] == [
        (name, True)
    ], [str(e) for e in report.errors]
    assert counter.embedded == 0  # the good documents were reused, nothing lost or redone
    after = build_index(settings).info()
    assert before is not None and after is not None
    assert set(after.doc_hashes) == set(before.doc_hashes)
    assistant = build_assistant(settings, index=build_index(settings), embedder=embedder)
    assert assistant.ask("Is the Compact legally binding?").citations


def test_a_file_deleted_mid_index_is_reported(
    corpus_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    doomed = corpus_copy / "doomed.md"
    doomed.write_text("# Doomed\n\nThis file disappears after it is listed.\n")

    def list_then_delete(folder: Path) -> list[Path]:
        files = corpus_files(folder)
        doomed.unlink()
        return files

    settings = make_settings(corpus_copy, tmp_path / "index")
    indexer = Indexer(
        build_index(settings), lambda: embedder, corpus_copy,
        embedder.model_name, list_files=list_then_delete,
    )
    report = indexer.build()
    assert [e.path.name for e in report.errors] == ["doomed.md"]
    assert "cannot be read" in str(report.errors[0])
    assert len(report.embedded_docs) == len(corpus_files(CORPUS)) and report.version is not None


def test_an_emptied_corpus_folder_keeps_a_good_index(  # type: ignore[no-untyped-def]
    indexed_copy, corpus_copy: Path, embedder: Embedder
) -> None:
    # issue 15, defect 3: an empty folder at start-up committed an empty index
    settings, index, first = indexed_copy
    for path in corpus_files(corpus_copy):
        path.unlink()
    indexer = build_indexer(settings, index=index, embedder_factory=lambda: embedder)
    with pytest.raises(EmptyCorpusError, match="--allow-empty"):
        indexer.build()
    assert index.active_version() == first.version
    emptied = indexer.build(allow_empty=True)
    assert emptied.ok and emptied.chunk_count == 0 and emptied.removed_docs
    assert not build_assistant(settings, index=index, embedder=embedder).ready


def test_serve_keeps_the_index_when_the_corpus_folder_is_missing(
    corpus_copy: Path, tmp_path: Path, embedder: Embedder,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from api.cli import _update_before_serving

    settings = make_settings(corpus_copy, tmp_path / "index")
    first = build_indexer(settings, embedder_factory=lambda: embedder).build()
    shutil.rmtree(corpus_copy)
    _update_before_serving(settings)  # no exception: the built index is served
    assert "serving the index built before" in capsys.readouterr().err
    assert build_index(settings).active_version() == first.version


def test_an_empty_index_is_not_ready(
    corpus_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    from api.main import create_app

    for path in corpus_files(corpus_copy):
        path.unlink()
    settings = make_settings(corpus_copy, tmp_path / "index")
    build_indexer(settings, embedder_factory=lambda: embedder).build(allow_empty=True)
    app = create_app(settings, assistant=build_assistant(settings, embedder=embedder))
    with LiveServer(app) as server:
        assert httpx.get(f"{server.url}/readyz").status_code == 503
