"""The shapes that move through the pipeline: documents, chunks, passages, answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, Field, computed_field

from assistant.text import enumerated_items, sentence_spans


@dataclass(frozen=True)
class Block:
    """One heading or paragraph as a loader found it."""

    text: str
    is_heading: bool = False


@dataclass(frozen=True)
class Section:
    """A heading and the span of cleaned text it governs."""

    heading: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A cleaned document: its text, its sections and where it came from."""

    doc_id: str
    title: str
    source: str
    text: str
    sections: tuple[Section, ...]
    content_hash: str
    kind: str = "text"
    rows: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class Chunk:
    """A passage of a document with the offsets of its text in the cleaned document."""

    chunk_id: str
    doc_id: str
    title: str
    section: str | None
    source: str
    text: str
    start: int
    end: int
    kind: str = "text"

    @property
    def search_text(self) -> str:
        """Text used for embedding and lexical search: title and section give context."""
        context = " — ".join(part for part in (self.title, self.section) if part)
        return f"{context}\n{self.text}" if context else self.text

    def sentence_units(self) -> list[tuple[int, int]]:
        """Spans (within the text) of the sentences embedded for the chunk, one vector each; a
        list row is one unit. Scores of a passage's sentences are indexed the same way."""
        if self.kind == "compacts":
            return [(0, len(self.text))]
        return sentence_spans(self.text) or [(0, len(self.text))]

    def with_heading(self, text: str) -> str:
        """The text prefixed with the chunk's section heading, if it has one."""
        return f"{self.section}: {text}" if self.section else text

    def embedded_units(self) -> list[tuple[int, str]]:
        """Every text embedded for the chunk, with the index of the sentence unit it scores:
        each sentence, prefixed with its section heading, and each item of a sentence that
        lists things alike (`enumerated_items`) as a sentence of its own. A long list's vector
        blurs its items ("...to fund support organisations, ..., and to keep criminal record
        checks free for volunteers" scores 0.29 against a question on those checks; the item
        alone 0.65); a unit scores its best vector."""
        units: list[tuple[int, str]] = []
        for index, (start, end) in enumerate(self.sentence_units()):
            sentence = self.text[start:end]
            units.append((index, self.with_heading(sentence)))
            if self.kind != "compacts":
                units += [(index, self.with_heading(item)) for item in enumerated_items(sentence)]
        return units


@dataclass
class Passage:
    """A retrieved chunk with its scores."""

    chunk: Chunk
    score: float
    dense: float = 0.0
    lexical: float = 0.0
    ranks: dict[str, int] = field(default_factory=dict)
    # cosine of each sentence unit (`Chunk.sentence_units`) with the question, when known
    sentence_scores: list[float] = field(default_factory=list)
    heading_score: float = 0.0  # cosine of the question with the section heading alone
    section_position: int = 0  # 0 for the first passage of its section, 1 for the next...
    section_dense: float = 0.0  # the best sentence cosine anywhere in its section


@dataclass
class Draft:
    """An answer before its citations are verified: text with [n] markers, and passage n."""

    text: str
    cited: list[Passage]
    answerer: str = "extractive"
    answerer_note: str | None = None  # why a fallback was used, or which sentences were dropped


class Status(StrEnum):
    """How the question was handled."""

    answered = "answered"
    not_found = "not_found"
    out_of_scope = "out_of_scope"


class Citation(BaseModel):
    """A verbatim passage that supports part of the answer."""

    n: int = Field(ge=1)
    doc_id: str
    title: str
    section: str | None = None
    source: str
    quote: str
    score: float
    start: int = Field(ge=0, description="Offset of the quote in the cleaned document.")
    end: int = Field(ge=0)
    publisher: str | None = Field(None, description="Who published the document.")
    url: str | None = Field(None, description="The public document (a list row: its own link).")
    published: str | None = Field(None, description="When it was published or last checked.")
    stale: bool = Field(False, description="Older than COMPACT_STALE_AFTER_YEARS.")

    @computed_field(description="Publisher and date for a reader, e.g. "  # type: ignore[prop-decorator]
                    "'Compact Voice · published 2013; may be out of date'.")
    @property
    def provenance(self) -> str:
        """Who published it and when, in words, with a warning when it is old."""
        parts = [part for part in (self.publisher, self.published and
                                   f"published {_human_date(self.published)}") if part]
        text = " · ".join(parts)
        return f"{text}; may be out of date" if self.stale and text else text


_MONTHS = ("January February March April May June July August September October November "
           "December").split()


def _human_date(published: str) -> str:
    """"2013" stays; "2026-11" is "November 2026"; "2013-10-01" is "1 October 2013"."""
    year, month, day = ([*published.split("-"), "", ""])[:3]
    if not month:
        return year
    named = f"{_MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {named}" if day else named


@dataclass(frozen=True)
class Outcome:
    """How a question was handled: a status, and a draft answer or a message."""

    status: Status
    draft: Draft | None = None
    message: str = ""


class Timings(BaseModel):
    """Milliseconds spent per stage."""

    retrieve: float = 0.0
    answer: float = 0.0
    total: float = 0.0
    stages: dict[str, float] = Field(
        default_factory=dict,
        description='Finer stages in order: "list lookup", "embed", "dense", "lexical", "rank", '
        '"refusal", "answer", "citation check" (those that ran).',
    )


class Answer(BaseModel):
    """The assistant's reply, as returned by the CLI's --json and POST /v1/ask."""

    answer_id: str
    question: str
    query: str = Field(description="The query actually searched (after follow-up rewriting).")
    status: Status
    answer: str
    citations: list[Citation]
    answerer: str = Field(
        "extractive", description='"extractive", "llm:<model>" or "extractive-fallback".'
    )
    answerer_note: str | None = Field(
        None, description="Why the LLM answer was not used, or which of its sentences were dropped."
    )
    conversation_id: str | None = None
    saved: bool | None = Field(
        None, description="Whether the turn was recorded in its conversation: false when the "
        "conversation database was unavailable (the answer stands, but cannot be rated or "
        "followed up); null outside a conversation.",
    )
    timings_ms: Timings = Field(default_factory=Timings)

