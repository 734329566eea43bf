"""Read a question's word for a kind of thing as the corpus's name for it ("agreement": "Compact").

The documents say what their key terms are: "The Compact is the agreement between government
and the voluntary ... sector". Someone who does not know the term asks about "this agreement"
or "the government-charity agreement", and the search then meets the definition itself, which
shares their words, rather than the passages about what they ask, which speak of "the Compact".
When a question does not name a defined term but uses the word its definition gives as its kind,
and the documents use that word for nothing else (every passage of theirs using it, but a
stray one, names the term too), the question is searched with the term beside that word ("this
Compact agreement": the word itself still finds the passages that use it). "Compact Voice is a
charity..." gives nothing: the documents also say "charity" of other things. The definitions
come from the index, so they follow the corpus as it grows; nothing names a document or a term.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.text import sentence_spans

# "The Compact is the agreement between...", "Compact Voice is a charity and...": a capitalised
# name, then "is/are" with an article, up to four describing words, and the word naming its kind
# before what qualifies it (a preposition, a relative pronoun, a comma, "and").
_DEFINITION = re.compile(
    r"^(?:[Tt]he\s+|[Aa]n?\s+)?(?P<term>[A-Z][\w'’-]*(?:\s+(?:(?:of|for|and|the)\s+)?[A-Z][\w'’-]*)"
    r"{0,4})\s+(?:is|are)\s+(?:the|a|an)\s+(?:[\w'’,-]+\s+){0,4}?(?P<kind>[a-z][a-z-]+)"
    r"(?=\s+(?:between|of|for|which|that|who|with|to|in|and|set|based|run)\b|,)")
# The share of the passages using the kind word (outside a definition) that must also name the
# term for the word to stand for it. Set so that a word used only of the term stays ("agreement":
# 5 passages of 5 in the shipped corpus) and one used of other things too falls out ("charity":
# 1 of 2); "most of its uses" rather than "all" lets one stray use in a larger corpus through.
MIN_SHARE_NAMING_TERM = 0.75


class DefinedTerms:
    """Kind words the corpus uses only of one defined term, and that term."""

    def __init__(self, term_of_kind: dict[str, str]) -> None:
        self.term_of_kind = term_of_kind
        self._kinds = re.compile(
            r"\b(" + "|".join(re.escape(kind) for kind in sorted(term_of_kind)) + r")(s?)\b"
        ) if term_of_kind else None

    @classmethod
    def from_texts(cls, passages: Iterable[str]) -> DefinedTerms:
        """The defined terms of the documents' passages whose kind word names nothing else:
        every passage (but a stray one) using the word outside a definition names the term."""
        passages = list(passages)
        defined: dict[str, set[str]] = {}
        uses: list[tuple[str, str]] = []  # (a passage's text beyond its definitions, the passage)
        for passage in passages:
            rest = []
            for start, end in sentence_spans(passage):
                match = _DEFINITION.match(passage[start:end])
                if match:
                    defined.setdefault(match.group("kind"), set()).add(match.group("term"))
                else:
                    rest.append(passage[start:end])
            uses.append((" ".join(rest), passage))
        term_of_kind = {}
        for kind, named in defined.items():
            if len(named) != 1:
                continue  # two things said to be one kind: the word stands for neither
            term = next(iter(named))
            word = re.compile(rf"\b{re.escape(kind)}s?\b", re.IGNORECASE)
            using = [passage for rest, passage in uses if word.search(rest)]
            naming = [passage for passage in using if term.lower() in passage.lower()]
            if len(naming) >= MIN_SHARE_NAMING_TERM * len(using):
                term_of_kind[kind] = term
        return cls(term_of_kind)

    def in_corpus_words(self, question: str) -> str:
        """The question with the term a kind word stands for written before it, when the
        question does not name that term already ("who runs this agreement?": "who runs this
        Compact agreement?"); a capitalised kind word is part of a name and is left."""
        if self._kinds is None:
            return question
        folded = question.lower()

        def term(match: re.Match[str]) -> str:
            named = self.term_of_kind[match.group(1)]
            return match.group(0) if named.lower() in folded else f"{named} {match.group(0)}"

        return self._kinds.sub(term, question)
