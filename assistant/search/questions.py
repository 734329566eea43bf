"""What kind of answer a question wants, and whether a sentence is of that kind.

"Who" wants a person or an organisation, "when" a date, "how many" or "what share" a number,
"why" reasons or benefits, "how do we" steps. Ranking uses the match as one feature among
others; answering uses it to open with a sentence of the right kind, and to state several
points when the question asks for several.
"""

from __future__ import annotations

import re
from enum import StrEnum


class AnswerType(StrEnum):
    """The kind of answer a question asks for."""

    person = "person"  # who, which organisation
    date = "date"  # when, what year
    number = "number"  # how many, how much, what share
    reasons = "reasons"  # why, what are the benefits
    steps = "steps"  # how do we, what should we do
    other = "other"


# Questions whose answer is a list of points: reasons, benefits, promises, steps, "three ...".
MULTI_POINT = frozenset({AnswerType.reasons, AnswerType.steps})

_TYPE_PATTERNS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (AnswerType.number, re.compile(
        r"\bhow (many|much|often|long)\b|\bwhat (share|proportion|percentage|number|fraction)\b|"
        r"\bwhat (per ?cent|%)", re.I)),
    # "when" asks for a date where it opens a question, not in "...help when we bid?"
    (AnswerType.date, re.compile(
        r"(^|[.?!,;]\s*|\band\s+)when\b|\bwhen (was|were|did|does|do|is|will|would|has|have|"
        r"should|can)\b|\bwhat (year|date|month)\b|\bsince when\b", re.I)),
    (AnswerType.person, re.compile(
        r"\bwho\b|\bwhich (organi[sz]ation|body|bodies|department|group|person|charity|office)\b",
        re.I)),
    (AnswerType.reasons, re.compile(
        r"\bwhy\b|\bwhat('s| is| are)? (the )?(point|benefits?|advantages?|reasons?|value)\b|"
        r"\b(benefits?|advantages?|reasons?) (of|for|to)\b|\bwhat do(es)? \w+(\s\w+)? (get|gain)\b|"
        r"\b(promise|commit|undertake|expect|ask)s?\b.{0,40}\b(of|from)\b|"
        r"\b(three|four|five|some|several|main|key) (reasons|benefits|things|ways|points)\b|"
        r"\bhow\b.{0,40}\bhelps?\b|\bwhat (does|would|can) (it|a|the)\b.{0,30}\bdo for\b",
        re.I)),
    (AnswerType.steps, re.compile(
        r"\bhow (do|can|should|would) (we|i|you|they|a|an|the)\b|\bwhat (steps|should (we|i))\b|"
        r"\bwhat (can|do) (we|i) do\b|\bsteps\b", re.I)),
)

_YEAR = re.compile(r"\b(1[89]|20)\d{2}\b")
_MONTH = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\b", re.I)
_NUMBER = re.compile(
    r"\b\d+(?:[.,]\d+)?\b|%|\bper ?cent\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twelve|twenty|thirty|forty|fifty|hundred|half|quarter|third|dozen)\b", re.I)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+(?:of|for|and|the)?\s*[A-Z][a-z]+)+")
_ORGANISATION = re.compile(
    r"\b(office|department|council|commission(er)?|ombudsman|government|minister|board|"
    r"agency|authority|team|partnership|programme|secretary|chair)\b", re.I)
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")  # an organisation known by its initials
_REASON = re.compile(
    r"\b(because|so that|help(s|ing)?|benefits?|enables?|allows?|ensures?|means|improv\w*|"
    r"better|value|support(s|ing)?|advantages?|reasons?|can|will)\b", re.I)
_STEP = re.compile(
    r"\b(first|then|next|should|can|contact|raise|use|ask|check|agree|step|start|follow)\b", re.I)


def answer_type(question: str) -> AnswerType:
    """The kind of answer `question` asks for (`other` when it says nothing particular)."""
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(question):
            return kind
    return AnswerType.other


def sentence_fits(kind: AnswerType, sentence: str) -> bool:
    """True when `sentence` is of the kind asked for (always True for `other`)."""
    if kind is AnswerType.date:
        return bool(_YEAR.search(sentence) or _MONTH.search(sentence))
    if kind is AnswerType.number:
        return bool(_NUMBER.search(sentence))
    if kind is AnswerType.person:
        return bool(_NAME.search(sentence) or _ORGANISATION.search(sentence)
                    or _ACRONYM.search(sentence))
    if kind is AnswerType.reasons:
        return bool(_REASON.search(sentence))
    if kind is AnswerType.steps:
        return bool(_STEP.search(sentence))
    return True


def wh_word(text: str) -> str | None:
    """The first question word of a text ("why", "how", "what"...), if any."""
    match = re.search(r"\b(why|how|what|who|when|which|where)\b", text, re.I)
    return match.group(1).lower() if match else None


def years(text: str) -> set[str]:
    """The four-digit years a text mentions."""
    return {m.group(0) for m in _YEAR.finditer(text)}
