"""Noun phrases of a question, and the subject a follow-up's "it" or "they" stands for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.search.questions import (
    AFTER_WHAT_VERB,
    POINTING_WORDS,
    PREPOSITIONS,
    looks_plural,
    years,
)
from assistant.text import STOPWORDS

DETERMINERS = frozenset({"the", "a", "an", "our", "their", "its", "this", "that", "any", "every"})
LINKS = frozenset({"of", "for", "in"})
# "Compact" names the whole conversation's domain, so it is never the entity a follow-up swaps;
# after a place ("a Kent compact") it is part of the place's name
DOMAIN_NOUNS = frozenset({"compact", "compacts"})
# Words that end a noun phrase although they are not stopwords ("the Compact first agreed").
ADVERBS = frozenset(
    {"first", "last", "still", "ever", "originally", "already", "again", "yet", "much", "many",
     "back"}
)
QUESTION_WORDS = frozenset(
    """what when where who whom whose why how which is are was were do does did can could should
    would will has have had may might must shall tell whatever whoever whichever whenever
    wherever however""".split()
)
IMPERATIVES = frozenset({"describe", "explain", "list", "give", "show", "define", "summarise"})
# Words that open a question whose subject comes before its verb: "did the NAO find...", "was
# the Commission abolished...".
AUXILIARIES = frozenset(
    "is are was were do does did can could should would will has have had".split())
TOKEN = re.compile(r"[A-Za-z0-9£][\w'’£-]*")


@dataclass(frozen=True)
class Subject:
    """A noun phrase of the previous question: its determiner and its words."""

    determiner: str
    words: tuple[str, ...]
    head: int  # index in `words` of the head noun (before any "of/in/for" phrase)

    def singular(self) -> str:
        """The phrase as a definite singular ("the local Compact in Leeds")."""
        if self.determiner in {"", "a", "an", "any", "every"}:
            det = "" if capitalised(self.words[0]) else "the"
        else:
            det = self.determiner
        return " ".join(part for part in (det, *self.words) if part)

    def plural(self) -> str:
        """The phrase standing for "them": "a local Compact" becomes "local Compacts"."""
        if self.determiner in {"the", "this", "that"} or capitalised(self.words[0]):
            return self.singular()
        words = list(self.words)
        words[self.head] = pluralise(words[self.head])
        return " ".join(words)


def subject_of(question: str) -> Subject | None:
    """The most specific noun phrase of a question: the one with a name or number, else the
    first. None when it has none, or when two phrases are named: "it" after "What does Compact
    Voice advise when an area refreshes its local Compact?" may be either."""
    phrases = noun_phrases(question)
    named = [p for p in phrases if any(specific(w) for w in p.words)]
    if not phrases or len(named) > 1:
        return None
    return (named or phrases)[0]


def plural_referent(question: str, subject: Subject) -> Subject:
    """What "the ones" stands for: the subject when its noun is plural, else the question's
    first noun phrase that is ("the ones in the north east" after "Which local compacts are in
    the north of England?" are local compacts, not norths)."""
    if looks_plural(subject.words[subject.head]):
        return subject
    return next((phrase for phrase in noun_phrases(question)
                 if looks_plural(phrase.words[phrase.head])), subject)


def noun_phrases(text: str) -> list[Subject]:
    """Noun phrases: runs of content words, joined by "of/in/for" before a name or number."""
    words = TOKEN.findall(text)
    phrases: list[Subject] = []
    i = 0
    while i < len(words):
        if _breaks(words[i], i) or _governed_by_word_before(words, i):
            i += 1
            continue
        determiner = words[i - 1].lower() if i and words[i - 1].lower() in DETERMINERS else ""
        end = _phrase_end(words, i)
        if _after_auxiliary(words, i):
            end = _before_verb(words, i, end)
        phrase = _trim(words[i:end])
        if phrase:
            head = next((k for k, w in enumerate(phrase) if w.lower() in LINKS), len(phrase)) - 1
            phrases.append(Subject(determiner, tuple(phrase), max(head, 0)))
        i = max(end, i + 1)
    return phrases


def _after_auxiliary(words: list[str], start: int) -> bool:
    """The phrase at `start` is the subject of a question opened by an auxiliary ("did the")."""
    before = start - 1 if start and words[start - 1].lower() in DETERMINERS else start
    return before > 0 and words[before - 1].lower() in AUXILIARIES


def _before_verb(words: list[str], start: int, end: int) -> int:
    """Where the subject of an inverted question ends: at the first lower-case word after a
    capitalised name, which is its verb ("the NAO find in 2012" is "the NAO"; a number keeps
    the noun it qualifies, as `_trim` does: "the NAO's 2015 report")."""
    for k in range(start + 1, end):
        if (capitalised(words[k - 1]) and not specific(words[k])
                and words[k].lower() not in LINKS):
            return k
    return end


def _phrase_end(words: list[str], start: int) -> int:
    end = start
    while end < len(words):
        if not _breaks(words[end], end):
            end += 1
            continue
        link = end + 1
        if words[end].lower() in LINKS and link < len(words) and words[link].lower() in DETERMINERS:
            link += 1
        # "the Office for Civil Society" and "the outcomes of the 2010 Compact" go on; "the
        # Compact Awards in 2010" ends before its year: a date, not part of a name
        if (words[end].lower() in LINKS and link < len(words) and specific(words[link])
                and not (link == end + 1 and years(words[link]))):
            end = link
            continue
        break
    return end


def _trim(phrase: list[str]) -> list[str]:
    """Drop trailing words after the phrase's last name ("Compact legally binding"), keeping
    the noun a number qualifies ("the NAO's 2012 review") and a Compact typed in lower case
    after its place ("a Kent compact")."""
    named = [k for k, w in enumerate(phrase) if specific(w)]
    if not named:
        return phrase
    last = named[-1]
    qualifies = last + 1 < len(phrase) and (
        phrase[last][0].isdigit() or phrase[last + 1].lower() in DOMAIN_NOUNS)
    return phrase[: last + 2] if qualifies else phrase[: last + 1]


_SUBJECT_PRONOUNS = frozenset({"it", "they", "we", "he", "she", "i", "you"})


def _governed_by_word_before(words: list[str], position: int) -> bool:
    """Not a noun but a word the one before it governs: any word after "who" ("who headed it"),
    "how" ("how long", "how many") or a subject pronoun (its verb: "when it reduces"), and after
    "what" or "which" a word before an object ("what replaced it") or a word in -s before a
    conjunction or preposition ("what happens if...", "what applies until...")."""
    if position == 0:
        return False
    asking, following = words[position - 1].lower(), (words[position + 1:] or [""])[0].lower()
    if asking in {"who", "how"}:  # "how long are...": the word after "how" is its own
        return True
    if asking in _SUBJECT_PRONOUNS:  # "when it reduces": a pronoun's verb
        return True
    return asking in {"what", "which"} and (
        following in POINTING_WORDS
        or (words[position].lower().endswith("s") and following in AFTER_WHAT_VERB))


def _breaks(word: str, position: int) -> bool:
    low = word.lower()
    if low in STOPWORDS or low in QUESTION_WORDS or low in ADVERBS or low in PREPOSITIONS:
        return True
    if position == 0 and low in IMPERATIVES:
        return True
    return low.endswith("ly") and len(low) > 4


def specific(word: str) -> bool:
    """A name or a number: capitalised, or starting with a digit."""
    return capitalised(word) or word[0].isdigit()


def capitalised(word: str) -> bool:
    """Starts with a capital letter."""
    return word[:1].isupper()


def pluralise(word: str) -> str:
    """A plural of a noun, for the phrase "them" stands for."""
    if word.endswith("s"):
        return word
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def singularise(word: str) -> str:
    """The singular of a plural noun ("the first ones" -> "the first one")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
