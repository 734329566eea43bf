"""The corpus as the evaluation sees it: loaded through the loaders, apart from the index."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from assistant.errors import CorpusError
from assistant.ingest.indexing import corpus_files
from assistant.ingest.loaders import load_document
from assistant.schemas import Document

from .cases import Case
from .scoring import fold

log = logging.getLogger(__name__)


def load_documents(corpus_dir: Path) -> list[Document]:
    """Every readable corpus document, cleaned as the loaders clean it (unreadable ones logged)."""
    documents = []
    for path in corpus_files(corpus_dir):
        try:
            documents.append(load_document(path, corpus_dir))
        except CorpusError as error:
            log.warning("left out of the evaluation: %s", error)
    return documents


def document_texts(documents: list[Document]) -> dict[str, str]:
    """Cleaned text by document id: what every citation quote must be a substring of."""
    return {document.doc_id: document.text for document in documents}


def with_rows_named(cases: list[Case], documents: list[Document]) -> list[Case]:
    """The cases with each evidence phrase or point that quotes a list row as its CSV file spells
    it ("Sunderland,city (metropolitan district),North East") replaced by the name of the row it
    comes from: what a citation of the row quotes and an answer naming the row says. A phrase the
    cleaned documents hold is kept as written; a point found in several rows is kept too."""
    cleaned = fold(" ".join(document.text for document in documents))
    rows = [(fold(",".join(row.values())), row["name"])
            for document in documents for row in document.rows if row.get("name")]

    def names(phrase: str) -> list[str]:
        folded = fold(phrase.replace('"', ""))
        if folded in cleaned:
            return []
        return [name for text, name in rows if folded in text]

    def evidence(phrases: tuple[str, ...]) -> tuple[str, ...]:
        named = [name for phrase in phrases for name in (names(phrase) or [phrase])]
        return tuple(dict.fromkeys(named))

    def points(phrases: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(found[0] if len(found := names(p)) == 1 else p for p in phrases)

    return [replace(case, evidence=evidence(case.evidence), points=points(case.points))
            for case in cases]
