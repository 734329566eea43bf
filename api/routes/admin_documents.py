"""The corpus, for staff: what is indexed, upload a document (validated first), remove one."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import File, HTTPException, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from assistant.config import Settings
from assistant.errors import CorpusError, FileTooLargeError, IndexNotBuiltError
from assistant.ingest import uploads
from assistant.ingest.chunking import chunk_document
from assistant.ingest.indexing import corpus_files
from assistant.pipeline import Assistant
from assistant.schemas import Chunk

from ..deps import AssistantDep, ReindexJobDep, SettingsDep
from ..errors import error_responses
from ..reindex import ReindexJob
from ..staff.auth import StaffDep
from .admin import admin_router

log = logging.getLogger("api.staff")
router = admin_router()
TYPE_NAMES = {".pdf": "PDF", ".docx": "Word", ".html": "HTML", ".htm": "HTML",
              ".md": "Markdown", ".markdown": "Markdown", ".txt": "text", ".text": "text",
              ".csv": "list of local Compacts"}


class DocumentInfo(BaseModel):
    """One corpus document: what it is, how much of it is indexed, and where it came from."""

    doc_id: str
    title: str | None
    type: str
    sections: int
    passages: int
    size_bytes: int | None
    modified_at: datetime | None
    indexed: bool
    indexed_at: datetime | None
    source: str


class Documents(BaseModel):
    """The corpus and the index built from it, with the last build's errors."""

    index_version: str | None
    built_at: datetime | None
    build_errors: list[str]
    reindex_running: bool
    reindex_progress: dict[str, Any]
    last_reindex: dict[str, Any] | None
    documents: list[DocumentInfo]


class Accepted(BaseModel):
    """A corpus change accepted: the document, and the re-index started to take it in."""

    doc_id: str
    title: str | None = None
    sections: int | None = None
    passages: int | None = None
    reindex: str = "started"  # "busy": one was already running; POST /v1/admin/reindex after it


def documents_view(settings: Settings, assistant: Assistant, job: ReindexJob) -> Documents:
    """What the documents page and GET /v1/admin/documents show."""
    info = assistant.index.info()
    built_at = datetime.fromtimestamp(info.built_at, UTC) if info else None
    by_doc: dict[str, list[Chunk]] = defaultdict(list)
    for chunk in _indexed_chunks(assistant):
        by_doc[chunk.doc_id].append(chunk)
    files = {path.relative_to(settings.corpus_dir).as_posix(): path
             for path in _listing(settings.corpus_dir)}
    documents = [_document(doc_id, files.get(doc_id), by_doc.get(doc_id, []), built_at)
                 for doc_id in sorted(set(files) | set(by_doc))]
    return Documents(
        index_version=info.version if info else None, built_at=built_at,
        build_errors=info.errors if info else [], reindex_running=job.running,
        reindex_progress=job.progress.as_dict(), last_reindex=job.last, documents=documents,
    )


def _indexed_chunks(assistant: Assistant) -> list[Chunk]:
    try:
        return list(assistant.loaded.lexical.chunks)
    except IndexNotBuiltError:
        return []


def _listing(corpus_dir: Path) -> list[Path]:
    try:
        return corpus_files(corpus_dir)
    except CorpusError:  # the folder is missing: the index still serves
        return []


def _document(doc_id: str, path: Path | None, chunks: list[Chunk],
              built_at: datetime | None) -> DocumentInfo:
    stat = path.stat() if path is not None else None
    return DocumentInfo(
        doc_id=doc_id, title=chunks[0].title if chunks else None,
        type=TYPE_NAMES.get(Path(doc_id).suffix.lower(), "other"),
        sections=len({chunk.section for chunk in chunks}), passages=len(chunks),
        size_bytes=stat.st_size if stat else None,
        modified_at=datetime.fromtimestamp(stat.st_mtime, UTC) if stat else None,
        indexed=bool(chunks), indexed_at=built_at if chunks else None,
        source=chunks[0].source if chunks else f"corpus/{doc_id}",
    )


@router.get("/documents", response_model=Documents)
def list_documents(settings: SettingsDep, assistant: AssistantDep,
                   job: ReindexJobDep) -> Documents:
    """Every document: title, type, sections, passages, size, when indexed, source; the last
    build's errors and the re-index in progress."""
    return documents_view(settings, assistant, job)


@router.post("/documents", status_code=202, response_model=Accepted,
             responses=error_responses(400, 409, 413, 415))
def upload_document(
    file: Annotated[UploadFile, File(description="PDF, Word, HTML, Markdown, text, or a CSV "
                                                 "list of local Compacts")],
    staff: StaffDep, settings: SettingsDep, assistant: AssistantDep, job: ReindexJobDep,
) -> JSONResponse:
    """Validate a document (422 naming the row and column at fault), store it under a safe
    name in the corpus folder, and re-index. A document that fails changes nothing."""
    cap = int(settings.max_upload_mb * 1_000_000)
    raw = file.file.read(cap + 1)
    if len(raw) > cap:
        raise FileTooLargeError(f"the file is over the {settings.max_upload_mb:g} MB upload cap")
    name = uploads.safe_name(file.filename or "", uploads.checked_suffix(file.filename or "", raw))
    try:
        document = uploads.validate(name, raw, cap)
    except CorpusError as error:
        raise HTTPException(422, str(error)) from error
    passages = len(chunk_document(document))
    if not passages:  # nothing in it could ever be cited
        raise HTTPException(422, f"{name}: no passage could be made from it (too short?)")
    if job.running:
        raise HTTPException(409, "a re-index is running: upload again when it has finished")
    uploads.store(settings.corpus_dir, name, raw)
    log.info("document uploaded", extra={"staff": staff.name, "doc_id": name, "bytes": len(raw)})
    started = job.start_reindex(settings, assistant)
    return JSONResponse(Accepted(
        doc_id=name, title=document.title, sections=len(document.sections),
        passages=passages, reindex="started" if started else "busy",
    ).model_dump(), status_code=202)


@router.delete("/documents/{doc_id:path}", status_code=202, response_model=Accepted,
               responses=error_responses(404, 409))
def remove_document(doc_id: str, staff: StaffDep, settings: SettingsDep, assistant: AssistantDep,
                    job: ReindexJobDep) -> JSONResponse:
    """Remove a corpus document (found by its id in the corpus listing) and re-index."""
    path = uploads.find(settings.corpus_dir, doc_id)
    if path is None:
        raise HTTPException(404, "no corpus document has this id")
    if job.running:
        raise HTTPException(409, "a re-index is running: try again when it has finished")
    path.unlink()
    log.info("document removed", extra={"staff": staff.name, "doc_id": doc_id})
    started = job.start_reindex(settings, assistant)
    return JSONResponse(Accepted(doc_id=doc_id, reindex="started" if started else "busy")
                        .model_dump(), status_code=202)
