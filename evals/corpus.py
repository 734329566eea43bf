"""The corpus as the evaluation sees it: loaded through the loaders, apart from the index."""

from __future__ import annotations

import logging
from pathlib import Path

from assistant.errors import CorpusError
from assistant.ingest.indexing import corpus_files
from assistant.ingest.loaders import load_document
from assistant.schemas import Document

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
