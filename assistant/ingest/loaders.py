"""Read corpus files of each supported format into cleaned `Document`s."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from assistant.errors import CorpusError
from assistant.ingest.cleaning import assemble, blocks_from_text, squash
from assistant.ingest.compacts import COMPACTS_TITLE, compact_blocks, parse_compacts
from assistant.schemas import Block, Document

# Part of every document's hash: a change to what is indexed from a document re-indexes it
# ("2": items of a list embedded on their own, `Chunk.embedded_units`).
LOADER_VERSION = "2"
SKIPPED_NAMES = frozenset({"readme.md", "readme.txt", "glossary.toml", "sources.toml"})
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MARKDOWN_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|`)")

Extracted = tuple[str | None, list[Block]]


def supported_suffixes() -> frozenset[str]:
    """File endings the corpus loader reads."""
    return frozenset(_LOADERS)


def is_corpus_file(path: Path) -> bool:
    """True for files that belong in the index (skips READMEs, the glossary, hidden files)."""
    return (
        path.is_file()
        and not path.name.startswith(".")
        and path.name.lower() not in SKIPPED_NAMES
        and path.suffix.lower() in _LOADERS
    )


def load_document(path: Path, corpus_dir: Path, max_bytes: int | None = None) -> Document:
    """Load, clean and section one corpus file; raise CorpusError naming it on failure."""
    raw = _read_bytes(path, max_bytes)
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        raise CorpusError(path, f"unsupported file type {path.suffix or '(none)'}")
    try:
        title, blocks = loader(path, raw)
    except CorpusError:
        raise
    except Exception as exc:  # a parser's own error: report it against the file
        raise CorpusError(path, f"could not be read ({type(exc).__name__}: {exc})") from exc
    text, sections = assemble(blocks)
    is_list = path.suffix.lower() == ".csv"
    if not text.strip():
        raise CorpusError(path, "no text could be extracted")
    inside = path.is_relative_to(corpus_dir)
    relative = path.relative_to(corpus_dir).as_posix() if inside else path.name
    return Document(
        doc_id=relative,
        title=title or _title_from(blocks, path),
        source=f"corpus/{relative}",
        text=text,
        sections=sections,
        content_hash=hashlib.sha256(LOADER_VERSION.encode() + raw).hexdigest(),
        kind="compacts" if is_list else "text",
        rows=tuple(r.values for r in parse_compacts(path, _decode(path, raw))) if is_list else (),
    )


def _read_bytes(path: Path, max_bytes: int | None) -> bytes:
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise CorpusError(
                path, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB cap"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if not raw.strip():
        raise CorpusError(path, "file is empty")
    return raw


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise CorpusError(path, "looks like a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(path, f"is not valid UTF-8 (byte {exc.start})") from exc


def _title_from(blocks: list[Block], path: Path) -> str:
    heading = next((block.text for block in blocks if block.is_heading), None)
    return squash(heading) if heading else path.stem.replace("-", " ").replace("_", " ").title()


def _load_text(path: Path, raw: bytes) -> Extracted:
    return None, blocks_from_text(_decode(path, raw))


def _load_markdown(path: Path, raw: bytes) -> Extracted:
    blocks: list[Block] = []
    paragraph: list[str] = []
    title = None

    def flush() -> None:
        if paragraph:
            blocks.append(Block(_plain_markdown(" ".join(paragraph))))
            paragraph.clear()

    for line in _decode(path, raw).splitlines():
        heading = _MARKDOWN_HEADING.match(line)
        if heading:
            flush()
            text = _plain_markdown(heading.group(2))
            title = title or (text if len(heading.group(1)) == 1 else None)
            blocks.append(Block(text, is_heading=True))
        elif not line.strip():
            flush()
        else:
            if _MARKDOWN_ITEM.match(line):
                flush()
            paragraph.append(line.strip())
    flush()
    return title, blocks


def _plain_markdown(text: str) -> str:
    return squash(_MARKDOWN_EMPHASIS.sub("", _MARKDOWN_LINK.sub(r"\1", text)))


def _load_html(path: Path, raw: bytes) -> Extracted:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(path, raw), "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "noscript", "template"]):
        tag.decompose()
    title = squash(soup.title.get_text()) if soup.title else None
    blocks = []
    for element in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "pre"]):
        if element.find(["p", "li"]):  # containers: their children are read on their own
            continue
        text = squash(element.get_text(" "))
        if text:
            blocks.append(Block(text, is_heading=element.name.startswith("h")))
    return title or None, blocks


def _load_pdf(path: Path, raw: bytes) -> Extracted:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise CorpusError(path, f"is not a readable PDF ({exc})") from exc
    if not any(page.strip() for page in pages):
        raise CorpusError(path, "PDF has no text layer (scanned?); run OCR first")
    title = reader.metadata.title if reader.metadata and reader.metadata.title else None
    return title, blocks_from_text("\n\n".join(pages))


def _load_docx(path: Path, raw: bytes) -> Extracted:
    import io
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorpusError(path, f"is not a readable Word document ({exc})") from exc
    blocks = []
    title = document.core_properties.title or None
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        text = squash(paragraph.text)
        if not text:
            continue
        if style == "Title":
            title = title or text
        blocks.append(Block(text, is_heading=style.startswith(("Heading", "Title"))))
    return title, blocks


def _load_csv(path: Path, raw: bytes) -> Extracted:
    return COMPACTS_TITLE, compact_blocks(parse_compacts(path, _decode(path, raw)))


_LOADERS: dict[str, Callable[[Path, bytes], Extracted]] = {
    ".txt": _load_text,
    ".text": _load_text,
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".html": _load_html,
    ".htm": _load_html,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
    ".csv": _load_csv,
}
