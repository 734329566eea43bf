"""The Chroma store: versioned collections of chunks and documents, switched atomically.

Each build writes a new pair of collections (`<prefix>-chunks-<version>` and
`<prefix>-docs-<version>`) and then points `<prefix>-active` at it. Readers follow the pointer,
so they see either the old complete index or the new complete one, never a half-built one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from assistant.schemas import Chunk
from assistant.search.chroma import chunk_metadata, pages, to_chunk

SCHEMA_VERSION = 6
UNITS_PER_RESULT = 4  # sentence entries fetched per chunk asked for
_POINTER_KEY = "version"


@dataclass(frozen=True)
class IndexInfo:
    """What an index was built with and from."""

    version: str
    embedding_model: str
    schema_version: int
    built_at: float
    doc_hashes: dict[str, str]
    errors: list[str]
    chunk_count: int


class VectorStore(Protocol):
    """Similarity search over embedded chunks (langchain's method names)."""

    def add_documents(
        self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[Sequence[float]]]
    ) -> None:
        """Add chunks to the build in progress, each with its vectors in the order of
        `Chunk.embedded_units`."""
        ...

    def similarity_search_by_vector_with_score(
        self, embedding: Sequence[float], k: int
    ) -> list[tuple[Chunk, float]]:
        """The k nearest chunks with their best sentence's cosine similarity."""
        ...


class ChromaIndex:
    """The versioned index in one Chroma client: read the active build, write new ones."""

    def __init__(self, client: Any, prefix: str = "compact") -> None:
        self._client = client
        self._prefix = prefix
        self._chunks: Any = None
        self._version: str | None = None
        self._building: str | None = None
        self._known: dict[str, Chunk] = {}  # the opened version's chunks, when the reader has them

    # Reading -----------------------------------------------------------------
    def active_version(self) -> str | None:
        """The version readers should use now, or None before the first build."""
        pointer = self._pointer().metadata or {}
        version = pointer.get(_POINTER_KEY)
        return str(version) if version else None

    def info(self) -> IndexInfo | None:
        """Metadata of the active build."""
        version = self.active_version()
        if version is None:
            return None
        meta = self._client.get_collection(self._name("chunks", version)).metadata or {}
        return IndexInfo(
            version=version,
            embedding_model=str(meta.get("embedding_model", "")),
            schema_version=int(meta.get("schema_version", 0)),
            built_at=float(meta.get("built_at", 0.0)),
            doc_hashes=json.loads(str(meta.get("doc_hashes", "{}"))),
            errors=json.loads(str(meta.get("errors", "[]"))),
            chunk_count=int(meta.get("chunk_count", 0)),
        )

    def open(self, version: str) -> None:
        """Serve queries from this version."""
        self._chunks = self._client.get_collection(self._name("chunks", version))
        self._version = version

    def reader(self, version: str, chunks: Iterable[Chunk] = ()) -> ChromaIndex:
        """A separate handle on the same store that serves queries from `version`.

        Given the version's chunks (already in memory), a query fetches only ids and distances
        rather than every hit's text and metadata: several milliseconds less per question.
        """
        handle = ChromaIndex(self._client, self._prefix)
        handle.open(version)
        handle._known = {chunk.chunk_id: chunk for chunk in chunks}
        return handle

    @property
    def version(self) -> str | None:
        """The version opened for queries."""
        return self._version

    def similarity_search_by_vector_with_score(
        self, embedding: Sequence[float], k: int
    ) -> list[tuple[Chunk, float]]:
        """The k nearest chunks of the opened version: each scored by its best sentence."""
        if self._known:
            return self._search_known(embedding, k)
        result = self._chunks.query(
            query_embeddings=[list(embedding)],
            n_results=k * UNITS_PER_RESULT,
            include=["documents", "metadatas", "distances"],
        )
        best: dict[str, tuple[Chunk, float]] = {}
        for text, meta, distance in zip(
            result["documents"][0], result["metadatas"][0], result["distances"][0], strict=True
        ):
            chunk_id = str(meta["chunk_id"])
            if chunk_id not in best:  # results come nearest first
                best[chunk_id] = (to_chunk(text, meta), 1.0 - distance)
        return list(best.values())[:k]

    def _search_known(self, embedding: Sequence[float], k: int) -> list[tuple[Chunk, float]]:
        result = self._chunks.query(
            query_embeddings=[list(embedding)], n_results=k * UNITS_PER_RESULT,
            include=["distances"],
        )
        best: dict[str, tuple[Chunk, float]] = {}
        for unit_id, distance in zip(result["ids"][0], result["distances"][0], strict=True):
            chunk_id = unit_id.rsplit("~", 1)[0]  # unit ids are "<chunk_id>~<unit>"
            if chunk_id not in best:  # results come nearest first
                best[chunk_id] = (self._known[chunk_id], 1.0 - distance)
        return list(best.values())[:k]

    def iter_chunks(self, version: str) -> Iterator[Chunk]:
        """Every chunk of a version, in pages."""
        collection = self._client.get_collection(self._name("chunks", version))
        for page in pages(collection, ["documents", "metadatas"], where={"unit": 0}):
            for text, meta in zip(page["documents"], page["metadatas"], strict=True):
                yield to_chunk(text, meta)

    def iter_vectors(self, version: str, doc_ids: set[str]) -> Iterator[tuple[Chunk, list[Any]]]:
        """The chunks of the given documents with their sentence vectors, for reuse."""
        if not doc_ids:  # an empty index (Chroma refuses an empty "$in")
            return
        collection = self._client.get_collection(self._name("chunks", version))
        grouped: dict[str, tuple[Chunk, list[tuple[int, Any]]]] = {}
        where = {"doc_id": {"$in": sorted(doc_ids)}}
        for page in pages(collection, ["documents", "metadatas", "embeddings"], where=where):
            for text, meta, vector in zip(
                page["documents"], page["metadatas"], page["embeddings"], strict=True
            ):
                entry = grouped.setdefault(str(meta["chunk_id"]), (to_chunk(text, meta), []))
                entry[1].append((int(meta["unit"]), vector))
        for chunk, units in grouped.values():
            yield chunk, [vector for _, vector in sorted(units, key=lambda unit: unit[0])]

    def documents(self, version: str, doc_ids: Sequence[str] | None = None) -> dict[str, str]:
        """Cleaned text of the documents of a version, by doc_id."""
        collection = self._client.get_collection(self._name("docs", version))
        where_ids = list(doc_ids) if doc_ids is not None else None
        page = collection.get(ids=where_ids, include=["documents"])
        return dict(zip(page["ids"], page["documents"], strict=True))

    def document_rows(
        self, version: str, doc_ids: Sequence[str] | None = None
    ) -> dict[str, list[dict[str, str]]]:
        """Rows of the tabular documents of a version, by doc_id."""
        collection = self._client.get_collection(self._name("docs", version))
        page = collection.get(ids=list(doc_ids) if doc_ids is not None else None,
                              include=["metadatas"])
        return {
            doc_id: json.loads(str(meta["rows"]))
            for doc_id, meta in zip(page["ids"], page["metadatas"], strict=True)
            if meta and "rows" in meta
        }

    # Writing -----------------------------------------------------------------
    def begin_build(self) -> str:
        """Create empty collections for a new version and return it."""
        version = time.strftime("%Y%m%d%H%M%S") + f"{time.time_ns() % 1_000_000:06d}"
        self._client.create_collection(
            self._name("chunks", version),
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
        )
        self._client.create_collection(self._name("docs", version), embedding_function=None)
        self._building = version
        return version

    def add_documents(
        self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[Sequence[float]]]
    ) -> None:
        """Add chunks to the build in progress, one entry per embedded unit."""
        collection = self._client.get_collection(self._name("chunks", self._require_build()))
        ids, documents, metadatas, embeddings = [], [], [], []
        for chunk, unit_vectors in zip(chunks, vectors, strict=True):
            for unit, vector in enumerate(unit_vectors):
                ids.append(f"{chunk.chunk_id}~{unit}")
                documents.append(chunk.text)
                metadatas.append({**chunk_metadata(chunk), "unit": unit})
                embeddings.append(list(vector))
        step = self._client.get_max_batch_size()
        for start in range(0, len(ids), step):
            end = start + step
            collection.add(
                ids=ids[start:end], documents=documents[start:end],
                metadatas=metadatas[start:end], embeddings=embeddings[start:end],
            )

    def add_document_texts(
        self, documents: dict[str, str], rows: dict[str, list[dict[str, str]]] | None = None
    ) -> None:
        """Keep each document's cleaned text (citations are verified against it) and the
        rows of tabular documents (the list of local Compacts)."""
        if not documents:
            return
        rows = rows or {}
        collection = self._client.get_collection(self._name("docs", self._require_build()))
        ids = list(documents)
        collection.add(
            ids=ids,
            documents=[documents[i] for i in ids],
            metadatas=[{"rows": json.dumps(rows[i])} if rows.get(i) else None for i in ids],
            embeddings=[[1.0] for _ in ids],
        )

    def commit_build(self, metadata: dict[str, Any]) -> str:
        """Record the build's metadata, point readers at it and drop superseded builds."""
        version = self._require_build()
        collection = self._client.get_collection(self._name("chunks", version))
        collection.modify(metadata={**metadata, "schema_version": SCHEMA_VERSION})
        previous = self.active_version()
        self._pointer().modify(metadata={_POINTER_KEY: version})
        self._building = None
        # The previous build stays one more round: readers still on it finish their queries.
        self.drop_stale(keep={v for v in (version, previous) if v})
        return version

    def abort_build(self) -> None:
        """Remove the collections of a build that will not be committed."""
        if self._building is not None:
            for kind in ("chunks", "docs"):
                name = self._name(kind, self._building)
                if name in self._collection_names():
                    self._client.delete_collection(name)
            self._building = None

    def drop_stale(self, keep: set[str]) -> None:
        """Delete every build's collections except the versions in `keep`."""
        for name in self._collection_names():
            kind_version = name[len(self._prefix) + 1 :].split("-", 1)
            if len(kind_version) == 2 and kind_version[0] in {"chunks", "docs"}:
                if kind_version[1] not in keep:
                    self._client.delete_collection(name)

    # Helpers -------------------------------------------------------------------
    def _pointer(self) -> Any:
        return self._client.get_or_create_collection(
            f"{self._prefix}-active", embedding_function=None
        )

    def _collection_names(self) -> list[str]:
        names = []
        for item in self._client.list_collections():
            name = item if isinstance(item, str) else item.name
            if name.startswith(f"{self._prefix}-"):
                names.append(name)
        return names

    def _name(self, kind: str, version: str) -> str:
        return f"{self._prefix}-{kind}-{version}"

    def _require_build(self) -> str:
        if self._building is None:
            raise RuntimeError("no build in progress: call begin_build() first")
        return self._building
