"""Citations are checked by code before they leave the library."""

from __future__ import annotations

from datetime import date

from assistant.answer.sources import SourceCatalogue
from assistant.errors import CitationError
from assistant.schemas import Chunk, Citation, Draft
from assistant.text import CITATION_MARKER

STALE_AFTER_YEARS = 5  # the default of COMPACT_STALE_AFTER_YEARS


def build_citations(
    draft: Draft, sources: SourceCatalogue | None = None,
    stale_after_years: int = STALE_AFTER_YEARS, today: date | None = None,
) -> list[Citation]:
    """One citation per cited passage, numbered as in the draft, with its document's public
    title, publisher, link and date from `sources`; marked stale when older than
    `stale_after_years`."""
    sources = sources or SourceCatalogue()
    today = today or date.today()
    citations = []
    for n, p in enumerate(draft.cited, start=1):
        info = sources.get(p.chunk.doc_id)
        citations.append(Citation(
            n=n,
            doc_id=p.chunk.doc_id,
            title=info.title or p.chunk.title,
            section=p.chunk.section,
            source=p.chunk.source,
            quote=p.chunk.text,
            score=round(p.dense, 4),
            start=p.chunk.start,
            end=p.chunk.end,
            publisher=info.publisher,
            url=_own_link(p.chunk) or info.url,
            published=info.published,
            stale=info.older_than(stale_after_years, today),
        ))
    return citations


def _own_link(chunk: Chunk) -> str | None:
    """A list row's own link (its `source`), which it keeps over the list's."""
    return chunk.source if chunk.source.startswith(("http://", "https://")) else None


def citation_problems(text: str, citations: list[Citation], documents: dict[str, str]) -> list[str]:
    """Everything wrong with an answer's citations; empty when they all check out."""
    problems = []
    numbers = [c.n for c in citations]
    if numbers != list(range(1, len(citations) + 1)):
        problems.append(f"citations are not numbered 1..{len(citations)}: {numbers}")
    used = {int(n) for n in CITATION_MARKER.findall(text)}
    problems += [f"[{n}] has no citation" for n in sorted(used - set(numbers))]
    problems += [f"citation {n} is not used in the answer" for n in sorted(set(numbers) - used)]
    for citation in citations:
        source = documents.get(citation.doc_id)
        if source is None:
            problems.append(f"citation {citation.n}: unknown document {citation.doc_id!r}")
        elif source[citation.start : citation.end] != citation.quote:
            problems.append(
                f"citation {citation.n}: quote is not the text of {citation.doc_id} "
                f"at {citation.start}..{citation.end}"
            )
    return problems


def verify(text: str, citations: list[Citation], documents: dict[str, str]) -> None:
    """Raise CitationError unless every marker and quote checks out."""
    problems = citation_problems(text, citations, documents)
    if problems:
        raise CitationError("; ".join(problems))
