"""What a citation tells a reader about its document: title, publisher, link, date, staleness."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import httpx
import pytest

from assistant.answer.citations import build_citations
from assistant.answer.sources import SourceCatalogue, SourceInfo, SourcesFile
from assistant.errors import CorpusError
from assistant.ingest.indexing import corpus_files
from assistant.schemas import Chunk, Citation, Draft, Passage

from .conftest import CORPUS

GUIDANCE = "compact-voice-helping-commissioners.txt"


def _passage(doc_id: str, source: str, title: str = "Doc") -> Passage:
    chunk = Chunk(f"{doc_id}#0", doc_id, title, "Section", source, "Some text.", 0, 10)
    return Passage(chunk, 1.0, dense=0.5)


def test_every_shipped_document_has_its_public_details() -> None:
    catalogue = SourceCatalogue.load(CORPUS / "sources.toml")
    for path in corpus_files(CORPUS):
        info = catalogue.get(path.name)
        assert info.publisher and info.published, path.name


def test_a_citation_carries_title_publisher_link_and_date_and_says_when_it_is_old() -> None:
    catalogue = SourceCatalogue({GUIDANCE: SourceInfo(
        title="The Compact: Helping you", publisher="Compact Voice",
        url="http://www.compactvoice.org.uk/", published="2013")})
    draft = Draft("Text. [1]", [_passage(GUIDANCE, f"corpus/{GUIDANCE}")], "extractive")
    (old,) = build_citations(draft, catalogue, stale_after_years=5, today=date(2026, 12, 2))
    assert (old.title, old.publisher, old.url, old.published) == (
        "The Compact: Helping you", "Compact Voice", "http://www.compactvoice.org.uk/", "2013")
    assert old.stale and old.provenance == "Compact Voice · published 2013; may be out of date"
    (recent,) = build_citations(draft, catalogue, stale_after_years=20, today=date(2026, 12, 2))
    assert not recent.stale and recent.provenance == "Compact Voice · published 2013"


def test_a_list_row_keeps_its_own_link_and_an_unlisted_document_its_own_title() -> None:
    catalogue = SourceCatalogue({"list.csv": SourceInfo(url="https://example.org/list",
                                                        published="2026-11")})
    row = _passage("list.csv", "https://leeds.example.org/compact", title="The list")
    other = _passage("notes.md", "corpus/notes.md", title="Notes")
    cited = build_citations(Draft("A [1] B [2]", [row, other], "extractive"), catalogue)
    assert cited[0].url == "https://leeds.example.org/compact"
    assert cited[0].provenance == "published November 2026" and cited[0].title == "The list"
    assert cited[1].url is None and cited[1].title == "Notes" and cited[1].provenance == ""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('["a.md"]\nurl = "javascript:alert(1)"', "url should start with http"),
        ('["a.md"]\npublished = "October 2013"', "YYYY, YYYY-MM or YYYY-MM-DD"),
        ('["a.md"]\nauthor = "Someone"', "unknown keys ['author']"),
        ('["a.md"]\npublished = 2013', "values should be strings"),
        ('"a.md" = "Compact Voice"', "should be a table"),
        ("[a.md\n", "is not valid TOML"),
    ],
)
def test_a_malformed_sources_file_is_refused_with_the_reason(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match="sources.toml") as raised:
        SourceCatalogue.load(path)
    assert problem in str(raised.value)


def test_the_sources_file_is_read_again_when_it_changes_and_a_broken_edit_is_not_taken(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sources.toml"
    sources = SourcesFile(path)
    assert len(sources.current()) == 0  # no file: an empty catalogue
    path.write_text('["a.md"]\npublisher = "Compact Voice"\n', encoding="utf-8")
    assert sources.current().get("a.md").publisher == "Compact Voice"
    path.write_text('["a.md"]\npublished = "soon"\n', encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different stamp even within the clock's resolution
    assert sources.current().get("a.md").publisher == "Compact Voice"  # the last good one


def test_the_api_gives_a_visitor_the_linked_title_publisher_and_date(live_api: str) -> None:
    body = httpx.post(f"{live_api}/v1/ask", json={"question": "why should a PCC use the Compact?"},
                      timeout=30).json()
    guidance = [Citation.model_validate(c) for c in body["citations"] if c["doc_id"] == GUIDANCE]
    assert guidance
    for citation in guidance:
        assert citation.url == "http://www.compactvoice.org.uk/"
        assert citation.publisher == "Compact Voice" and citation.published == "2013"
        assert citation.stale  # 2013 is more than COMPACT_STALE_AFTER_YEARS (5) ago
    raw = next(c for c in body["citations"] if c["doc_id"] == GUIDANCE)
    assert raw["provenance"] == "Compact Voice · published 2013; may be out of date"
