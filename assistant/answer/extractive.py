"""Answerers turn retrieved passages into a short answer with [n] citation markers.

The default, `ExtractiveAnswerer`, writes no words of its own: it picks the sentences of the
passages that best answer the question, so every claim is a verbatim quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from assistant.schemas import Draft, Passage
from assistant.search.questions import (
    MULTI_POINT,
    WORDED_KINDS,
    AnswerType,
    gives_examples,
    says_what_it_is,
    years,
)
from assistant.search.ranking import LinearScorer, Query, sentence_features
from assistant.text import term_set, terms


class Answerer(Protocol):
    """Writes an answer from passages."""

    name: str

    def answer(
        self, question: str, passages: list[Passage], history: Sequence[str] = ()
    ) -> Draft:
        """A cited answer to `question` from `passages` (best first), after `history`."""
        ...


class StreamedDraft(Protocol):
    """A reply being written: iterate for its text as it comes, then read the checked draft."""

    def __iter__(self) -> Iterator[str]:
        """Text deltas as the answerer writes them."""
        ...

    @property
    def draft(self) -> Draft:
        """The answer as checked, once the text is all out (it may differ from the deltas)."""
        ...


@runtime_checkable
class StreamingAnswerer(Answerer, Protocol):
    """An answerer that can hand out its text while writing it (the LLM answerer)."""

    def stream(
        self, question: str, passages: list[Passage], history: Sequence[str] = ()
    ) -> StreamedDraft:
        """The reply as it is written."""
        ...


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, scored against the question."""

    passage_rank: int
    start: int
    end: int
    text: str
    score: float
    section: tuple[str, str | None] = ("", None)  # document and heading of its passage
    offset: int = 0  # where it starts in its document, to read a section in order
    paragraph: int = 0  # which paragraph or list item of its passage it is in


# How far below the best sentence another may score and still be stated: a share of the spread
# between the best and the worst candidate sentence. Chosen on the tuning split by
# `python -m evals.tune`, which records it in ranker.json ("answer"); this is the default
# when no weights file is there.
RELATIVE_CUTOFF = 0.7
MAX_CHARS = 700  # an answer is a short read: about four sentences of the guidance
MULTI_POINT_MAX_CHARS = 1000  # reasons and steps are stated whole, so they get more room
# ...and half as many sentences again as an ordinary answer (4 -> 6): a paragraph of reasons in
# the guidance runs to five or six sentences.
MULTI_POINT_SENTENCE_FACTOR = 1.5
# A sentence of the opening's section, just before or after it, joins the reasons or steps when
# it scores at least this share of the way from the cut-off floor to the opening. Chosen on the
# tuning split over 0 (the floor), 0.25, 0.75 and 1 with forward reading unconditional, and
# with it bounded too (0.5 bounded both ways: hit@1 0.870 -> 0.882, complete 0.761 -> 0.799).
SECTION_READ_SHARE = 0.5
# Answers that read on through the opening's section while its sentences score near the
# opening: reasons and steps, and questions that ask for no particular kind of fact ("What does
# Compact Voice do?"), whose answer is often the rest of the paragraph. Adding `other` was
# chosen on the tuning split (318 cases): complete 0.760 -> 0.780, hit@1 unchanged.
READ_ON = MULTI_POINT | {AnswerType.other}
# A question asking where something came from opens with the earliest dated sentence scoring at
# least this share of the way from the floor to the best. On the tuning split (1308 cases,
# 2026-12-03), 0.75 and 0.5 mended 3 cases, 0.25 and 0 mended 4, none worse; all of them ask
# where the Compact came from, one fact, so the middle is kept rather than the loosest.
ORIGIN_NEAR_SHARE = 0.5
# A question asking how things went afterwards ("did it get any better?") opens with the latest
# dated sentence above the floor. On the tuning split (3398 cases, 2026-12-04) a share of 0 mended
# 5 cases, 0.1 four and 0.25 three, none worse: a later review scores well below the first
# finding it follows up ("Its January 2015 follow-up put the share at 76%...").
LATER_NEAR_SHARE = 0.0
# Questions whose answer opens with a sentence of the kind asked for when one clears the floor.
# Numbers only: on the tuning split (1308 cases, 2026-12-03) numbers moved no case and mended one
# of unseen20's; dates and names as well made 3 cases better and 8 worse, as "when" often opens a
# condition ("When an area runs a formal sign-up, which bodies sign?") rather than asking a date.
# A kind named by its words (what replaced a thing) opens with a sentence of that kind too.
TYPED_OPENING = frozenset({AnswerType.number, AnswerType.frequency}) | WORDED_KINDS
MAX_LIST_ITEMS = 8  # items kept after a sentence ending ":" (the corpus's longest list has 5)
# Two sentences sharing this share of their content words (Jaccard) say the same thing: the
# guidance repeats its points in nearly the same words across sections.
NEAR_DUPLICATE_OVERLAP = 0.6


class ExtractiveAnswerer:
    """Opens with the sentence that best answers the question, then adds the sentences that
    complete it; no LLM, nothing invented. Reasons and steps are stated as the passage lists
    them, in order."""

    name = "extractive"

    def __init__(
        self,
        analyse: Callable[[str], Query],
        scorer: LinearScorer,
        max_sentences: int = 4,
        max_chars: int = MAX_CHARS,
        relative_cutoff: float = RELATIVE_CUTOFF,
    ) -> None:
        self._analyse = analyse
        self._scorer = scorer
        self._max_sentences = max_sentences
        self._max_chars = max_chars
        self._cutoff = relative_cutoff

    def answer(
        self, question: str, passages: list[Passage], history: Sequence[str] = ()
    ) -> Draft:
        """The best sentence first, then the rest that answer (history is not needed)."""
        query = self._analyse(question)
        candidates = [c for rank, p in enumerate(passages) for c in self._score(query, rank, p)]
        chosen = self._choose(query, candidates)
        return self._write(chosen, passages)

    def _score(self, query: Query, rank: int, passage: Passage) -> list[Candidate]:
        chunk = passage.chunk
        found = []
        for index, (start, end) in enumerate(chunk.sentence_units()):
            text = chunk.text[start:end]
            values = sentence_features(query, passage, rank, index, text)
            found.append(Candidate(rank, start, end, text, self._scorer.score(values),
                                   (chunk.doc_id, chunk.section), chunk.start + start,
                                   len(_PARAGRAPH_BREAK.findall(chunk.text, 0, start))))
        return found

    def _choose(self, query: Query, candidates: list[Candidate]) -> list[Candidate]:
        if not candidates:
            return []
        best = self._opening(query, candidates)
        opening = _standing_alone(best, candidates, query)
        chosen = [opening] if opening is best else [opening, best]
        if _reads_on(query):
            chosen += _rest_of_paragraph(opening, candidates, self._budget(query) - 1,
                                         self._floor(candidates, opening))
            chosen += [c for c in self._following(opening, candidates) if c not in chosen]
        chosen += self._best_others(chosen, candidates)
        chosen += _continuations(chosen, candidates, self._budget(query) - len(chosen))
        chosen += self._another_section(query, chosen, candidates)
        chosen += _list_items(chosen, candidates)
        if query.kind in MULTI_POINT:  # the points as the section gives them, in its order
            opening = min((c for c in chosen if c.section == opening.section),
                          key=lambda c: c.offset)
        return _in_reading_order(opening, chosen)

    def _opening(self, query: Query, candidates: list[Candidate]) -> Candidate:
        """The best sentence, or the earliest dated one near it for a question asking where
        something came from, or the latest dated one above the floor for a question asking how
        things went afterwards; and when the question wants a kind of sentence the best is not
        (`_opens_with`), the best of that kind that clears the floor."""
        best = max(candidates, key=lambda c: c.score)
        floor = self._floor(candidates, best)
        if query.origin or query.later:  # the earliest, or the latest, dated sentence near it
            share = ORIGIN_NEAR_SHARE if query.origin else LATER_NEAR_SHARE
            near = floor + share * (best.score - floor)
            dated = [(c, found) for c in candidates if c.score >= near and (found := years(c.text))]
            if not dated:
                return best
            if query.origin:
                return min(dated, key=lambda d: (min(d[1]), -d[0].score))[0]
            return max(dated, key=lambda d: (max(d[1]), d[0].score))[0]
        fits = _opens_with(query)
        if fits is None or fits(best.text):
            return best
        fitting = [c for c in candidates if c.score >= floor and fits(c.text)]
        return max(fitting, key=lambda c: c.score, default=best)

    def _following(self, opening: Candidate, candidates: list[Candidate]) -> list[Candidate]:
        """The rest of the reasons or steps in the opening's section (its retrieved passages),
        in order: the run of sentences around the opening that score near it (a list of points
        may begin before its best point, even in the passage before), while they fit."""
        same = sorted((c for c in candidates if c.section == opening.section),
                      key=lambda c: c.offset)
        floor = self._floor(candidates, opening)
        near = floor + SECTION_READ_SHARE * (opening.score - floor)
        index = same.index(opening)
        start, end = index, index + 1
        while start > 0 and _scores_near(same, start - 1, -1, near):
            start -= 1
        while end < len(same) and _scores_near(same, end, 1, near):
            end += 1
        room = max(self._max_chars, MULTI_POINT_MAX_CHARS)
        most = int(self._max_sentences * MULTI_POINT_SENTENCE_FACTOR)
        taken = _fill(same[start:end], room, most)
        if opening not in taken:  # the points before it would crowd it out
            taken = _fill(same[index:], room, most)
        return [c for c in taken if c is not opening]

    def _floor(self, candidates: list[Candidate], best: Candidate) -> float:
        """The score a further sentence must reach: the cut-off's share of the spread between
        the worst candidate and the best."""
        worst = min(c.score for c in candidates)
        return worst + self._cutoff * (best.score - worst)

    def _best_others(self, chosen: list[Candidate], candidates: list[Candidate]
                     ) -> list[Candidate]:
        """Other sentences scoring near the opening, without near-duplicates."""
        floor = self._floor(candidates, chosen[0])
        taken = list(chosen)
        length = sum(len(c.text) for c in taken)
        for candidate in sorted(candidates, key=lambda c: -c.score):
            if len(taken) >= self._max_sentences or candidate.score < floor:
                break
            if candidate in taken or length + len(candidate.text) > self._max_chars:
                continue
            if any(_similar(candidate.text, other.text) for other in taken):
                continue
            taken.append(candidate)
            length += len(candidate.text)
        return taken[len(chosen):]

    def _budget(self, query: Query) -> int:
        """The most sentences an answer states: more for answers that read on."""
        if _reads_on(query):
            return int(self._max_sentences * MULTI_POINT_SENTENCE_FACTOR)
        return self._max_sentences

    def _another_section(self, query: Query, chosen: list[Candidate],
                         candidates: list[Candidate]) -> list[Candidate]:
        """When every chosen sentence comes from one section and the answer has room for one
        more, the best sentence of another section that still clears the floor: the opening's
        section may not be the one the question asks about."""
        sections = {c.section for c in chosen}
        if len(sections) > 1 or len(chosen) >= self._budget(query):
            return []
        floor = self._floor(candidates, chosen[0])
        others = [c for c in candidates if c.section not in sections and c.score >= floor
                  and not any(_similar(c.text, o.text) for o in chosen)]
        return [max(others, key=lambda c: c.score)] if others else []

    def _write(self, chosen: list[Candidate], passages: list[Passage]) -> Draft:
        numbers: dict[int, int] = {}
        parts = []
        for candidate in chosen:
            n = numbers.setdefault(candidate.passage_rank, len(numbers) + 1)
            parts.append(f"{candidate.text} [{n}]")
        cited = [passages[rank] for rank in sorted(numbers, key=numbers.__getitem__)]
        return Draft(" ".join(parts), cited, self.name)


def _opens_with(query: Query) -> Callable[[str], bool] | None:
    """What the opening sentence should be, when the question says: for "how many", a sentence
    giving a number; for "what kinds of", one naming examples; for "why", one that does not
    just say what something is ("The Compact is the agreement...": a definition gives no
    reason). None for other questions."""
    # two questions in one: the answer opens on the first
    if query.kind in TYPED_OPENING and query.first_kind is query.kind:
        return query.fits
    if query.kinds:
        return gives_examples
    if query.kind is AnswerType.reasons:
        return lambda sentence: not says_what_it_is(sentence)
    return None


def _scores_near(same: list[Candidate], index: int, step: int, near: float) -> bool:
    """Sentence `index` scores `near`, or it is a single weaker sentence between two that do
    (looking on by `step`): a list of reasons may have one point worded far from the question."""
    if same[index].score >= near:
        return True
    beyond = index + step
    return 0 <= beyond < len(same) and same[beyond].score >= near


def _reads_on(query: Query) -> bool:
    """Reasons, steps, questions asking for no particular kind of fact, and two questions in
    one are answered by reading on through the opening's section."""
    return query.kind in READ_ON or query.several


def _fill(sentences: list[Candidate], room: int, most: int) -> list[Candidate]:
    """The sentences in order while they fit in `room` characters and `most` sentences."""
    taken: list[Candidate] = []
    for sentence in sentences:
        if len(taken) >= most or len(sentence.text) > room:
            break
        taken.append(sentence)
        room -= len(sentence.text)
    return taken


def _in_reading_order(opening: Candidate, chosen: list[Candidate]) -> list[Candidate]:
    """The opening first; then its section's other sentences in order, then other passages'."""
    rest = sorted(set(chosen) - {opening}, key=lambda c: (c.passage_rank, c.start))
    ours = sorted((c for c in rest if c.section == opening.section), key=lambda c: c.offset)
    after = [c for c in ours if c.offset > opening.offset]
    before = [c for c in ours if c.offset < opening.offset]
    others = [c for c in rest if c.section != opening.section]
    return [opening, *after, *before, *others]


# A sentence opening with one of these words goes on from the sentence before it ("It sought
# three-year deals..." after "Buckinghamshire agreed its funding code..."): on its own it names
# nothing the question asks about, so it scores low, though it says what the one before meant.
_CONTINUING = re.compile(r"^(?:it|its|they|their|this|these|those|such)\b", re.I)


def _continuations(chosen: list[Candidate], candidates: list[Candidate], room: int
                   ) -> list[Candidate]:
    """The sentence right after each chosen one, when it goes on from it ("It sought..."), while
    there is `room` for more sentences."""
    found: list[Candidate] = []
    for sentence in chosen:
        if len(found) >= room:
            break
        after = _after_in_passage(sentence, candidates)
        if not after:
            continue
        following = after[0]
        if (_CONTINUING.match(following.text) and following not in chosen
                and following not in found):
            found.append(following)
    return found


# Where a paragraph ends: a blank line (the loaders set a list's items apart the same way).
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _rest_of_paragraph(opening: Candidate, candidates: list[Candidate], room: int,
                       floor: float) -> list[Candidate]:
    """The sentences after the opening in its paragraph or list item, in order, while they
    clear `floor` and there is room for `room` more: a paragraph, or an item of a list ("- Full
    cost recovery: ..."), goes on about what its first sentence opens."""
    rest = []
    for sentence in _after_in_passage(opening, candidates):
        if sentence.paragraph != opening.paragraph or sentence.score < floor:
            break
        rest.append(sentence)
    return _fill(rest, MULTI_POINT_MAX_CHARS - len(opening.text), room)


def _standing_alone(opening: Candidate, candidates: list[Candidate], query: Query) -> Candidate:
    """The sentence an answer opens with: `opening`, or, when it goes on from the sentence
    before it ("These organisations usually...", or "...a member of the team" after "Compact
    Voice has a Local Engagement team"), that sentence, which says what it means."""
    before = [c for c in candidates
              if c.passage_rank == opening.passage_rank and c.start < opening.start]
    if not before:
        return opening
    previous = max(before, key=lambda c: c.start)
    if _CONTINUING.match(opening.text) or _names_again(opening.text, previous.text, query):
        return previous
    return opening


# "the team", "the panel": a thing named with "the", which a sentence before may introduce
_DEFINITE_THING = re.compile(r"\bthe\s+([a-z]+)\b")


def _names_again(sentence: str, previous: str, query: Query) -> bool:
    """The sentence names with "the" a thing the sentence before it introduces, which the
    question does not name ("contact a member of the team" after "Compact Voice has a Local
    Engagement team")."""
    introduced = term_set(previous) - query.weights.keys()
    return any(term_set(match.group(1)) & introduced
               for match in _DEFINITE_THING.finditer(sentence))


def _after_in_passage(sentence: Candidate, candidates: list[Candidate]) -> list[Candidate]:
    """The sentences after `sentence` in its passage, in order."""
    return sorted((c for c in candidates if c.passage_rank == sentence.passage_rank
                   and c.start > sentence.start), key=lambda c: c.start)


def _list_items(
    chosen: list[Candidate], candidates: list[Candidate], most: int = MAX_LIST_ITEMS
) -> list[Candidate]:
    """The items that follow a chosen sentence introducing a list ("...five outcomes:")."""
    items: list[Candidate] = []
    for intro in (c for c in chosen if c.text.endswith(":")):
        items += _after_in_passage(intro, candidates)[:most]
    return items


def _similar(a: str, b: str, threshold: float = NEAR_DUPLICATE_OVERLAP) -> bool:
    """Near-duplicate sentences share most of their content words."""
    terms_a, terms_b = set(terms(a)), set(terms(b))
    if not terms_a or not terms_b:
        return False
    return len(terms_a & terms_b) / len(terms_a | terms_b) >= threshold
