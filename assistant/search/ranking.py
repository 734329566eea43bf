"""Rank candidate passages with a learned linear scorer over a few general features.

The features say how well a passage answers a question without naming any document: dense and
lexical similarity, how much of the question's weight the passage and its heading cover, whether
its heading asks the same kind of question, whether its sentences are of the kind of answer the
question wants, whether it is a row of a list, whether it opens a document, and whether it has
the years the question names. The weights are fitted by logistic regression with
cross-validation on the tuning split of the evaluation cases (`python -m evals.tune`) and stored
with their provenance in `ranker.json`; nothing here is tuned by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from assistant.schemas import Passage
from assistant.search.glossary import Synonym
from assistant.search.questions import (
    AnswerType,
    answer_type,
    asks_for_kinds,
    asks_later,
    asks_origin,
    asks_several,
    defined_term,
    first_ask,
    names_successor_of,
    periods,
    sentence_fits,
    set_aside,
    succeeded_terms,
    wh_word,
    without_asking_words,
    years,
)
from assistant.text import split_earlier, term_set, terms

WEIGHTS_FILE = Path(__file__).resolve().parent / "ranker.json"
# A follow-up's own words say what it asks; the earlier question appended to it only what about.
# Chosen on the tuning split asked in full (2026-12-03; 1 = no change): 0.75 moved nothing, 0.5
# 1 case better and none worse, 0.25 2 better and 1 worse, 0 2 better and 5 worse.
EARLIER_TERM_WEIGHT = 0.5
FEATURES = (
    "dense",  # cosine of the passage's best sentence with the question
    "dense_mean",  # mean cosine of its sentences: how much of it is on the question's topic
    "lexical",  # BM25, scaled to the best candidate's
    "coverage",  # share of the question's term weight (idf) found in the passage
    "heading_coverage",  # share of that weight found in its section heading
    "heading_similarity",  # cosine of the question with the section heading alone
    "heading_asks_same",  # its heading asks the question's question (same wh-word, or "About X")
    "type_fit",  # share of its sentences of the kind of answer wanted (0 when no kind is)
    "list_row",  # a row of a list (the local Compacts), not prose
    "document_intro",  # a document's opening text, under no heading or under its title
    "year_match",  # +1 it has a year the question names, -1 it has none of them, 0 no year asked
    "section_lead",  # the first passage of its section: where a section answers its heading
    "section_dense",  # the best sentence cosine anywhere in its section
    "heading_question",  # cosine with the heading, when the heading is itself a question
)


# A field's label opening a sentence: "First agreed: 2001." in a list row, "- Length: ..." in notes
_FIELD_LABEL = re.compile(r"(?:^|(?<=[.;]\s))\W*[A-Z][a-z]+(?: [a-z]+)?: ")
# "About Compact Voice": a heading naming what its section is about, as "What is X?" asks
_ABOUT_HEADING = re.compile(r"^\s*about\s+(?P<thing>.+?)\s*$", re.I)
# A question asking what a thing is or does ("What does Compact Voice actually do?", "Who are
# Compact Voice?"), not what it says about something else ("what does Compact Voice reckon?")
_WHAT_IT_IS = re.compile(
    r"\bwhat\s+(?:does|do|did)\b[^?]*\bdo\b|\b(?:what|who)\s+(?:is|are|was|were)\b", re.I)


@dataclass(frozen=True)
class Query:
    """A question analysed once for ranking and answering."""

    text: str
    weights: dict[str, float]  # stemmed content term -> idf
    kind: AnswerType
    wh: str | None
    years: frozenset[str]
    term: str | None = None  # what a "what is X?" question asks to have defined
    several: bool = False  # it joins two questions ("...approach, and how often...?")
    aside: frozenset[str] = frozenset()  # terms of what it sets aside ("apart from notice")
    asks_what_it_is: bool = False  # "What does X do?", "Who are X?": an "About X" heading answers
    origin: bool = False  # "Where did X come from?": the earliest event of its history answers
    kinds: bool = False  # "What kinds of bodies sign up?": examples answer
    succeeded: frozenset[str] = frozenset()  # terms of what a "what replaced X?" asks about
    first_kind: AnswerType = AnswerType.other  # the kind its first question asks for
    later: bool = False  # "Did it get any better after that?": the latest event answers
    # a body named two ways (an acronym and its name), weighed once: as its name's rarest term
    synonyms: tuple[Synonym, ...] = ()
    # numbers its own words give lengths of time with ("three years": {"three": {"year"}})
    periods: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def analyse(cls, text: str, idf: Callable[[str], float], asked: str | None = None,
                synonyms: Iterable[Synonym] = ()) -> Query:
        """Terms weighted by rarity (an earlier question's terms less), the answer type, the
        wh-word of its own words (not of the question a follow-up follows) and any years.
        `asked` is the question before what is searched beside it was appended to `text`: a
        stand-in word ("replaced" for "reuse") asks nothing."""
        own, earlier = split_earlier(text)
        weights = {t: idf(t) * EARLIER_TERM_WEIGHT
                   for t in set(terms(without_asking_words(earlier)))}
        weights.update({t: idf(t) for t in set(terms(without_asking_words(own)))})
        question = text if asked is None else asked
        # a follow-up asks for the kind of answer its own words ask for ("why the drop?" after
        # "How many local Compacts were there...?" asks for reasons), else the earlier one's
        kind = answer_type(split_earlier(question)[0])
        if kind is AnswerType.other:
            kind = answer_type(question)
        succeeded = succeeded_terms(text) if kind is AnswerType.successor else frozenset()
        return cls(text, weights, kind,
                   wh_word(own), frozenset(years(own) or years(text)), defined_term(text),
                   asks_several(text), term_set(set_aside(text) or ""),
                   _WHAT_IT_IS.search(own) is not None, asks_origin(own), asks_for_kinds(own),
                   succeeded, answer_type(first_ask(question)), asks_later(own),
                   tuple(synonym for synonym in synonyms
                         if synonym.name & weights.keys() and synonym.acronym & weights.keys()),
                   periods(own))

    def sets_aside(self, heading: str) -> bool:
        """The heading is about what the question sets aside: it holds at least half of
        those terms ("Changes to funding: three months' notice" for "apart from the notice
        period")."""
        if not self.aside:
            return False
        return len(self.aside & term_set(heading)) * 2 >= len(self.aside)

    def fits(self, sentence: str) -> bool:
        """The sentence is of the kind of answer wanted (False when no kind is); a field's
        label is not what it states ("First agreed: 2001" gives a date, not a first step)."""
        sentence = _FIELD_LABEL.sub("", sentence)
        if self.kind is AnswerType.successor:
            return names_successor_of(sentence, self.succeeded)
        return self.kind is not AnswerType.other and sentence_fits(self.kind, sentence, self.term)

    def coverage(self, text: str) -> float:
        """The share of the question's term weight that `text` contains; a number the question
        gives a length of time with is not found where the text gives it only another length
        ("three months'" holds no "three" of "three years")."""
        found = term_set(text)
        if self.periods and found & self.periods.keys():
            stated = periods(text)
            found = found - {number for number, units in self.periods.items()
                             if stated.get(number) and not stated[number] & units}
        total = self._total_weight
        return self._weight(found.__contains__) / total if total else 0.0

    @cached_property
    def _total_weight(self) -> float:
        """The weight of all the question's terms: the same for every passage and sentence
        whose coverage is asked, so summed once."""
        return self._weight(lambda term: True)

    @cached_property
    def _grouped(self) -> frozenset[str]:
        """The terms of every body named two ways."""
        return frozenset().union(*(synonym.acronym | synonym.name for synonym in self.synonyms))

    def _weight(self, counted: Callable[[str], bool]) -> float:
        """The weight of the question's terms `counted` allows, a body named two ways (an
        acronym and its name, `synonyms`) counted once: in full where its acronym is counted,
        else as the rarest term of its name counted (an acronym the documents never use is
        as rare as can be, which says nothing of the name)."""
        grouped = self._grouped
        weight = sum(w for t, w in self.weights.items() if t not in grouped and counted(t))
        for synonym in self.synonyms:
            said_short = any(counted(t) for t in synonym.acronym)
            weight += max((w for t, w in self.weights.items()
                           if t in synonym.name and (said_short or counted(t))), default=0.0)
        return weight


def features(query: Query, passage: Passage) -> list[float]:
    """The feature vector of `passage` for `query`, in the order of FEATURES."""
    chunk = passage.chunk
    heading = chunk.section or ""
    sims = passage.sentence_scores or [passage.dense]
    sentences = [chunk.text[s:e] for s, e in chunk.sentence_units()]
    type_fit = sum(query.fits(s) for s in sentences) / len(sentences)
    year_match = 0.0
    if query.years:
        year_match = 1.0 if query.years & years(f"{heading} {chunk.text}") else -1.0
    return [
        passage.dense,
        sum(sims) / len(sims),
        passage.lexical,
        query.coverage(chunk.search_text),
        query.coverage(heading),
        passage.heading_score,
        float(_asks_same(query, heading)),
        type_fit,
        float(chunk.kind == "compacts"),
        float(chunk.section is None or chunk.section == chunk.title),
        year_match,
        float(passage.section_position == 0 and chunk.section is not None
              and chunk.kind != "compacts"),
        passage.section_dense,
        passage.heading_score if heading.rstrip().endswith("?") else 0.0,
    ]


SENTENCE_FEATURES = (
    "sentence_dense",  # cosine of the sentence (with its heading) with the question
    "sentence_coverage",  # share of the question's term weight in the sentence
    "type_fit",  # the sentence is of the kind of answer wanted (0 when no kind is)
    "year_match",  # as for passages, on the sentence
    "opens_passage",  # the passage's first sentence
    "passage_dense",  # the passage's best sentence cosine
    "passage_lexical",  # the passage's scaled BM25 score
    "passage_reciprocal_rank",  # 1 / the passage's rank after passage ranking
    "heading_similarity",  # cosine of the question with the passage's heading
    "list_row",  # the sentence is a row of a list
    "section_lead",  # its passage is the first of its section
    "heading_question",  # as for passages
)


def sentence_features(
    query: Query, passage: Passage, rank: int, index: int, sentence: str
) -> list[float]:
    """The features of sentence `index` of the passage ranked `rank` (0-based), in the order
    of SENTENCE_FEATURES."""
    sims = passage.sentence_scores
    year_match = 0.0
    if query.years:
        year_match = 1.0 if query.years & years(sentence) else -1.0
    return [
        sims[index] if index < len(sims) else passage.dense,
        query.coverage(sentence),
        float(query.fits(sentence)),
        year_match,
        float(index == 0),
        passage.dense,
        passage.lexical,
        1.0 / (rank + 1),
        passage.heading_score,
        float(passage.chunk.kind == "compacts"),
        float(passage.section_position == 0 and passage.chunk.section is not None
              and passage.chunk.kind != "compacts"),
        passage.heading_score if (passage.chunk.section or "").rstrip().endswith("?") else 0.0,
    ]


def _asks_same(query: Query, heading: str) -> bool:
    """The heading is itself a question, opening with the question's own wh-word; or it says
    what its section is about ("About Compact Voice") and a "what" or "who" question names
    that thing ("What does Compact Voice do?")."""
    if heading.rstrip().endswith("?"):
        return query.wh is not None and wh_word(heading) == query.wh
    about = _ABOUT_HEADING.match(heading)
    thing = term_set(about.group("thing")) if about else frozenset()
    return query.asks_what_it_is and bool(thing) and thing <= query.weights.keys()


@dataclass(frozen=True)
class LinearScorer:
    """A linear score over named features: bias + weights · features (higher is better)."""

    names: tuple[str, ...]
    weights: dict[str, float]
    bias: float = 0.0

    def score(self, values: list[float]) -> float:
        """The score of one feature vector (in the order of `names`)."""
        return self.bias + sum(
            self.weights.get(name, 0.0) * value
            for name, value in zip(self.names, values, strict=True)
        )


@dataclass(frozen=True)
class LinearRanker:
    """Ranks passages, and scores answer sentences, with fitted linear scorers."""

    passages: LinearScorer
    sentences: LinearScorer
    relative_cutoff: float | None = None  # the answerer's cut-off chosen with these weights

    def rank(self, query: Query, passages: list[Passage]) -> list[Passage]:
        """The passages best first, each given its score."""
        for passage in passages:
            passage.score = self.passages.score(features(query, passage))
        # what the question sets aside comes after what it asks about, each in score order
        return sorted(passages,
                      key=lambda p: (query.sets_aside(p.chunk.section or ""), -p.score))

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> LinearRanker:
        """The fitted weights; without a weights file, the hand-set rules they replaced."""
        if not path.exists():
            return cls(LinearScorer(FEATURES, FALLBACK_WEIGHTS),
                       LinearScorer(SENTENCE_FEATURES, FALLBACK_SENTENCE_WEIGHTS))
        raw = json.loads(path.read_text(encoding="utf-8"))
        cutoff = raw.get("answer", {}).get("relative_cutoff")
        return cls(_scorer(raw["passage"], FEATURES, path),
                   _scorer(raw["sentence"], SENTENCE_FEATURES, path),
                   None if cutoff is None else float(cutoff))


def _scorer(raw: dict[str, object], names: tuple[str, ...], path: Path) -> LinearScorer:
    weights = raw["weights"]
    assert isinstance(weights, dict)
    unknown = set(weights) - set(names)
    if unknown:
        raise ValueError(f"{path}: unknown features {sorted(unknown)}")
    return LinearScorer(names, {k: float(v) for k, v in weights.items()},
                        float(raw.get("bias", 0.0)))  # type: ignore[arg-type]


# Before any fit: the hand-set rules these scorers replaced. Passages: dense similarity plus
# 0.3 × the scaled BM25 score (0.3 chosen on the 161 cases of November 2026, without a split).
# Sentences: the passage's rank prior times term coverage, roughly as the old answerer did.
FALLBACK_WEIGHTS = {"dense": 1.0, "lexical": 0.3}
FALLBACK_SENTENCE_WEIGHTS = {"sentence_coverage": 1.0, "passage_reciprocal_rank": 1.0}
