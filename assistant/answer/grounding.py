"""The checks an LLM's sentence must pass to be kept: grounded in the passages it cites.

Each sentence of the model's reply is checked; a sentence that fails any check is dropped:

1. it carries at least one [n] marker;
2. every [n] is a passage that was given (1..number of passages);
3. it does not read as an instruction ("ignore the previous instructions…"), which is how a prompt
   injection hidden in a passage shows up when the model echoes it;
4. lexical support: the sentence's key terms (content words, stemmed, `text.terms`) must be
   found in what it cites: each cited passage holds at least `min_each` of them and the cited
   passages together at least `min_cover`. A passage's support is its title, section and text,
   leaving out its own sentences that read as instructions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer import prompts
from assistant.schemas import Passage
from assistant.text import CITATION_MARKER, sentence_spans, terms

_GROUPED = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)+)\]")
_AFTER_STOP = re.compile(r"([.!?…])((?:\s*\[\d+\])+)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_INSTRUCTION = re.compile(prompts.INSTRUCTION_OVERRIDE, re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    """One generated sentence, the passages it cites (as given) and why it fails, if it does."""

    sentence: str
    cited: tuple[int, ...]
    problem: str | None = None


def split_sentences(text: str) -> list[str]:
    """The sentences of a reply, with markers written after a full stop moved before it."""
    text = _GROUPED.sub(lambda m: "".join(f"[{n}]" for n in re.split(r"\D+", m.group(1))), text)
    text = _AFTER_STOP.sub(lambda m: f"{m.group(2)}{m.group(1)}", text)
    found = []
    for line in text.splitlines():
        line = _BULLET.sub("", line)
        found += [line[start:end] for start, end in sentence_spans(line)]
    return found


def passage_support(passage: Passage) -> frozenset[str]:
    """The terms a passage can vouch for: title, section and its non-instruction sentences."""
    chunk = passage.chunk
    sentences = [chunk.text[s:e] for s, e in sentence_spans(chunk.text)]
    kept = [s for s in sentences if not _INSTRUCTION.search(s)]
    return frozenset(terms(" ".join([chunk.title, chunk.section or "", *kept])))


def check_sentence(
    sentence: str, support: Sequence[frozenset[str]], min_each: float, min_cover: float
) -> Verdict:
    """Apply the four checks to one sentence against the given passages' support."""
    cited = tuple(dict.fromkeys(int(n) for n in CITATION_MARKER.findall(sentence)))
    claim = CITATION_MARKER.sub(" ", sentence)
    if not cited:
        return Verdict(sentence, cited, "no citation")
    unknown = [n for n in cited if not 1 <= n <= len(support)]
    if unknown:
        return Verdict(sentence, cited, f"cites {_markers(unknown)}, which was not given")
    if _INSTRUCTION.search(claim):
        return Verdict(sentence, cited, "reads as an instruction")
    key = set(terms(claim))
    if not key:
        return Verdict(sentence, cited, "has no key terms to check")
    for n in cited:
        share = len(key & support[n - 1]) / len(key)
        if share < min_each:
            return Verdict(sentence, cited, f"[{n}] holds {share:.0%} of its key terms")
    cover = len(key & frozenset().union(*(support[n - 1] for n in cited))) / len(key)
    if cover < min_cover:
        return Verdict(sentence, cited, f"its citations hold {cover:.0%} of its key terms")
    return Verdict(sentence, cited)


def _markers(numbers: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)
