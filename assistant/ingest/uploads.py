"""Documents staff upload: typed by their content, named safely, validated before they reach
the corpus folder. Nothing a caller sends becomes a path: names are rebuilt from a small
alphabet, and a document to remove is found in the corpus listing by its id."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from assistant.errors import CorpusError, UnsupportedFileError
from assistant.ingest.indexing import corpus_files
from assistant.ingest.loaders import SKIPPED_NAMES, load_document
from assistant.schemas import Document

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".csv"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SNIFF_BYTES = 2048  # an HTML page announces itself in its first lines
MAX_NAME_CHARS = 80  # before the suffix: long enough for a report's title
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)


def content_kind(raw: bytes) -> str | None:
    """What the bytes are: ".pdf", ".docx", ".html", "text", or None (not a document we read)."""
    if raw.startswith(b"%PDF-"):
        return ".pdf"
    if raw.startswith(b"PK\x03\x04"):
        return ".docx" if _is_word(raw) else None
    if b"\x00" in raw[:SNIFF_BYTES]:
        return None
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return ".html" if _HTML_START.match(raw[:SNIFF_BYTES]) else "text"


def _is_word(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def checked_suffix(filename: str, raw: bytes) -> str:
    """The suffix the document is stored under: its content's type, which the name's suffix
    (when it has one we read) must agree with; UnsupportedFileError otherwise."""
    kind = content_kind(raw)
    claimed = PurePosixPath(_base_name(filename)).suffix.lower()
    if kind is None:
        raise UnsupportedFileError("the file is not a PDF, Word (.docx), HTML, Markdown, text or "
                                   "CSV document")
    if kind == "text":
        if claimed in HTML_SUFFIXES:
            raise UnsupportedFileError(f"the file is named {claimed} but is not an HTML page")
        return claimed if claimed in TEXT_SUFFIXES else ".txt"
    if claimed and claimed != kind and not (kind == ".html" and claimed in HTML_SUFFIXES):
        raise UnsupportedFileError(f"the file is named {claimed} but its content is {kind}")
    return claimed if claimed in HTML_SUFFIXES else kind


def safe_name(filename: str, suffix: str) -> str:
    """A corpus file name made from `filename`'s last part: lower case letters, digits, ".",
    "_" and "-", no leading dot, ending in `suffix`; never a name the indexer skips."""
    stem = PurePosixPath(_base_name(filename)).stem.lower()
    stem = _UNSAFE.sub("-", stem).strip(".-_")[:MAX_NAME_CHARS].strip(".-_") or "document"
    name = f"{stem}{suffix}"
    return f"upload-{name}" if name in SKIPPED_NAMES else name


def _base_name(filename: str) -> str:
    """The last part of a name sent with either kind of slash ("../../etc/passwd" -> "passwd")."""
    return PureWindowsPath(PurePosixPath(filename.replace("\x00", "")).name).name


def validate(name: str, raw: bytes, max_bytes: int) -> Document:
    """The document as the index would load it, read from a private temporary folder;
    CorpusError names `name` (and the row and column of a bad list) when it cannot be used."""
    with tempfile.TemporaryDirectory(prefix="compact-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(raw)
        try:
            return load_document(path, Path(folder), max_bytes)
        except CorpusError as error:
            raise CorpusError(name, error.reason, error.line) from error


def store(corpus_dir: Path, name: str, raw: bytes) -> Path:
    """Write the document into the corpus folder in one step (a hidden temporary file, which
    the indexer skips, renamed over any earlier version)."""
    target = corpus_dir / name
    handle, temporary = tempfile.mkstemp(prefix=".upload-", dir=corpus_dir)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def find(corpus_dir: Path, doc_id: str) -> Path | None:
    """The corpus file whose id (its path in the corpus folder) is `doc_id`, from the listing."""
    return next((path for path in corpus_files(corpus_dir)
                 if path.relative_to(corpus_dir).as_posix() == doc_id), None)
