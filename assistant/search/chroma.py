"""Chroma plumbing: the client (embedded or a server), paging, and chunks to and from records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from assistant.schemas import Chunk


def make_client(settings: Any) -> Any:
    """A Chroma client, telemetry off: the server at `chroma_url` when set, otherwise an
    embedded store under the index folder."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlsplit(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


def pages(
    collection: Any, include: list[str], where: dict[str, Any], size: int = 2000
) -> Iterator[dict[str, Any]]:
    """Every record of a collection matching `where`, a page of `size` at a time."""
    offset = 0
    while True:
        page = collection.get(include=include, where=where, limit=size, offset=offset)
        if not page["ids"]:
            return
        yield page
        offset += len(page["ids"])


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    """A chunk's fields as Chroma metadata (its text is stored as the document)."""
    meta: dict[str, Any] = {
        "chunk_id": chunk.chunk_id,
        "doc_id": chunk.doc_id,
        "title": chunk.title,
        "source": chunk.source,
        "start": chunk.start,
        "end": chunk.end,
        "kind": chunk.kind,
    }
    if chunk.section is not None:
        meta["section"] = chunk.section
    return meta


def to_chunk(text: str, meta: dict[str, Any]) -> Chunk:
    """The chunk back from its text and metadata."""
    return Chunk(
        chunk_id=str(meta["chunk_id"]),
        doc_id=str(meta["doc_id"]),
        title=str(meta["title"]),
        section=meta.get("section"),
        source=str(meta["source"]),
        text=text,
        start=int(meta["start"]),
        end=int(meta["end"]),
        kind=str(meta.get("kind", "text")),
    )
