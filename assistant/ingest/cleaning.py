"""Turn extracted text into clean blocks, and blocks into a document's text and sections.

Text pulled from PDFs arrives with wrapped lines, blank lines inside paragraphs and page
furniture. `blocks_from_text` rebuilds paragraphs and recognises headings so every passage
can say which section it belongs to.
"""

from __future__ import annotations

import re

from assistant.schemas import Block, Section

_TERMINAL = (".", "!", "?", ":", ";", "…", '"', "”", "’", ")")
_PAGE_FURNITURE = re.compile(r"^(page\s+)?\d+(\s+of\s+\d+)?$", re.IGNORECASE)
_MAX_HEADING_CHARS = 110
PARAGRAPH_BREAK = "\n\n"


# A line at least this share of the longest line, ending mid-sentence, was wrapped by the PDF
# extractor; a shorter one is a heading. The guidance's wrapped lines run 80-100% of the longest,
# its headings under 60% (corpus/compact-voice-helping-commissioners.txt).
WRAPPED_LINE_SHARE = 0.7

def squash(text: str) -> str:
    """Collapse runs of white space to single spaces and trim."""
    return " ".join(text.split())


def blocks_from_text(raw: str) -> list[Block]:
    """Rebuild paragraphs and headings from plain or PDF-extracted text."""
    lines = [line.rstrip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    longest = max((len(line.strip()) for line in lines), default=0)
    paragraphs: list[list[str]] = []
    gap = True
    for line in lines:
        content = squash(line)
        if not content or _PAGE_FURNITURE.match(content):
            gap = gap or not content
            continue
        if paragraphs and not (gap and _starts_paragraph(paragraphs[-1][-1], content, longest)):
            paragraphs[-1].append(content)
        else:
            paragraphs.append([content])
        gap = False
    return [_as_block(lines_of_paragraph, longest) for lines_of_paragraph in paragraphs]


def _starts_paragraph(previous: str, current: str, longest: int) -> bool:
    """After a blank gap: does `current` start a new paragraph, or continue a wrapped line?"""
    if current[0].islower():
        return False
    if previous.endswith(_TERMINAL):
        return True
    # A long previous line that stops mid-sentence was wrapped; a short one was a heading.
    return len(previous) < WRAPPED_LINE_SHARE * longest


def _as_block(lines: list[str], longest: int) -> Block:
    text = squash(" ".join(lines))
    return Block(text, is_heading=looks_like_heading(text))


def looks_like_heading(text: str) -> bool:
    """A short line that does not end a sentence, or a short question standing alone."""
    if len(text) > _MAX_HEADING_CHARS or not text[0].isupper() and not text[0].isdigit():
        return False
    if text.endswith("?"):
        return len(text.split()) <= 14
    return not text.endswith((".", ",", ";", "!", "…")) and len(text.split()) <= 14


def assemble(blocks: list[Block]) -> tuple[str, tuple[Section, ...]]:
    """Join blocks into the cleaned text and compute the span each heading governs."""
    parts: list[str] = []
    starts: list[tuple[str | None, int]] = [(None, 0)]
    position = 0
    for block in blocks:
        text = squash(block.text)
        if not text:
            continue
        if parts:
            position += len(PARAGRAPH_BREAK)
        if block.is_heading:
            starts.append((text, position))
        parts.append(text)
        position += len(text)
    cleaned = PARAGRAPH_BREAK.join(parts)
    sections = []
    for index, (heading, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(cleaned)
        if cleaned[start:end].strip():
            sections.append(Section(heading, start, end))
    return cleaned, tuple(sections)
