"""Sentence spans and search terms: the small text tools shared by chunking and answering."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

# A citation marker in an answer: "[2]". The one pattern the library, the API and the
# evaluation suite all read markers with.
CITATION_MARKER = re.compile(r"\[(\d+)\]")

_ABBREVIATIONS = {"e.g", "i.e", "etc", "no", "dr", "mr", "mrs", "ms", "st", "cf", "vs", "approx"}
# A sentence ends at its stop before a capital, or at a question mark before any word: a question
# typed without capitals still asks in its first sentence ("how many r there? someone said 200").
_SENTENCE_END = re.compile(
    r"[.!?…]['\"’”)]*(?=\s+[\"'‘“(]?[A-Z0-9£])|\?(?=\s+[a-z])|\n\s*\n")
# Typed by a person, a full stop before a small letter ends a sentence too: phones and hurried
# askers leave sentences uncapitalised ("we get council money. does the compact cover us?")
_TYPED_SENTENCE_END = re.compile(_SENTENCE_END.pattern + r"|\.(?=\s+[a-z])")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_CONTRACTIONS = frozenset(
    "don doesn isn aren wasn weren won shouldn wouldn couldn didn haven hasn".split()
)

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves tell please know want need let us
    there's what's it's i'm i've can't don't doesn't isn't also may might must shall get got
    use used using still ever whether since""".split()
)


# Passages are split and tokenised again for every question they are a candidate for; their
# texts do not change, so the results are kept. 16,384 covers every passage of the shipped corpus
# many times over and, on a large corpus, the passages questions keep coming back to.
TEXT_CACHE_SIZE = 16_384
# A follow-up completed with the question before it: "did it get better? (after: What did the NAO
# find?)". What it asks is before the marker; what follows only says what it is about.
EARLIER_QUESTION = " (after: "


def sentence_spans(text: str, offset: int = 0, typed: bool = False) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences in `text`, shifted by `offset`; `typed` for
    a person's message, whose sentences may start with a small letter."""
    return [(start + offset, end + offset) for start, end in _sentence_spans(text, typed)]


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _sentence_spans(text: str, typed: bool = False) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in (_TYPED_SENTENCE_END if typed else _SENTENCE_END).finditer(text):
        end = match.end() if match.group(0).strip() else match.start()
        if match.group(0).strip() and _ends_with_abbreviation(text[start:end]):
            continue
        _append_trimmed(spans, text, start, end)
        start = match.end()
    _append_trimmed(spans, text, start, len(text))
    return tuple(spans)


def _ends_with_abbreviation(sentence: str) -> bool:
    """True when the full stop ends an abbreviation ("e.g.") or a list number ("3."), not a
    sentence."""
    words = sentence.rstrip(".").rsplit(None, 1)
    if not words:
        return False
    last = words[-1].lower()
    return last in _ABBREVIATIONS or (last.isdigit() and len(sentence.split()) == 1)


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))


# Irregular forms of verbs a question may use where a text uses another form ("who oversaw it"
# and "set up to oversee the Compact"): English, not any document's words. Verbs of content only:
# with the light ones as well (took, made, gave, came, went, said, saw...) the tuning split (2348
# cases) moved 13 better and 9 worse; with these, 3 better and 1 worse.
_IRREGULAR = {
    "oversaw": "oversee", "overseen": "oversee", "undertook": "undertake",
    "undertaken": "undertake", "began": "begin", "begun": "begin", "wrote": "write",
    "written": "write", "drew": "draw", "drawn": "draw", "chose": "choose", "chosen": "choose",
    "sought": "seek", "spent": "spend", "withdrew": "withdraw", "withdrawn": "withdraw",
    "led": "lead", "paid": "pay", "held": "hold", "rose": "rise", "risen": "rise",
    "fell": "fall", "fallen": "fall", "grew": "grow", "grown": "grow", "broke": "break",
    "broken": "break", "won": "win", "lost": "lose", "bought": "buy", "built": "build",
}
# British English spells the verb with an s and the noun with a c: "Compact Voice advises" answers
# "what's the advice". Every form of the verb is read as the noun.
_IRREGULAR |= {
    form: noun for noun, verb in (("advice", "advise"), ("practice", "practise"),
                                  ("licence", "license"))
    for form in (verb, f"{verb}s", f"{verb}d", f"{verb[:-1]}ing")
}


# Endings folded, what replaces each, and the shortest stem left: "bodies" and "cities" fold to
# "body" and "city" (a stem of 3), but "ties" stays itself and "sing" is no "-ing" form.
_ENDINGS = (("ies", "y", 3), ("sses", "ss", 4), ("ing", "", 4), ("ers", "er", 4))


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    """A light stemmer: folds plurals and common endings so 'Compacts' meets 'compact',
    irregular verb forms to their base ('oversaw' meets 'oversee'), and a verb spelled with an
    s to its noun spelled with a c ('advises' meets 'advice')."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, replacement, shortest_stem in _ENDINGS:
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest_stem:
            return word[: -len(suffix)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed content words of `text`, stopwords removed."""
    words = (word.split("'", 1)[0] for word in _WORD.findall(text.lower().replace("’", "'")))
    return [_stem(w) for w in words if w not in STOPWORDS and w not in _CONTRACTIONS]


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def term_set(text: str) -> frozenset[str]:
    """The distinct `terms` of `text` (kept: passages and headings are asked about again)."""
    return frozenset(terms(text))


# The parts of a sentence that lists things: split at commas and semicolons, with an "and" or
# "or" that closes the list dropped.
_LIST_SEPARATOR = re.compile(r",\s+(?:and\s+|or\s+)?|;\s+(?:and\s+|or\s+)?")
MIN_LISTED_ITEMS = 3  # two parts are more often a clause and its qualification than a list


def enumerated_items(sentence: str) -> list[str]:
    """Each item of a sentence that lists at least three things opening with the same word,
    as a sentence of its own with the words before the list: "It undertakes to fund A, to
    make B, and to keep C." gives "It undertakes to fund A.", "It undertakes to make B." and
    "It undertakes to keep C."; [] for any other sentence."""
    body = sentence.strip().rstrip(".;:")
    parts = [part.strip() for part in _LIST_SEPARATOR.split(body)]
    if len(parts) < MIN_LISTED_ITEMS or not all(part.split() for part in parts):
        return []
    openings = {part.split()[0].lower() for part in parts[1:]}
    if len(openings) != 1:
        return []
    first = re.search(rf"\b{re.escape(openings.pop())}\b", parts[0], re.IGNORECASE)
    if first is None or first.start() == 0:  # no words before the list to carry
        return []
    lead = parts[0][: first.start()]
    return [f"{lead}{item}." for item in (parts[0][first.start():], *parts[1:])]


def with_earlier(question: str, earlier: str) -> str:
    """A follow-up with the question it follows appended after `EARLIER_QUESTION`."""
    return f"{question}{EARLIER_QUESTION}{earlier})"


def split_earlier(text: str) -> tuple[str, str]:
    """The question's own words, and the earlier question appended to it ('' if none)."""
    own, _, earlier = text.partition(EARLIER_QUESTION)
    return own, earlier.removesuffix(")")


_POSSESSIVE = re.compile(r"['’]s$")


def without_possessive(word: str) -> str:
    """The word without a closing possessive ("Compact Voice's" -> "Compact Voice")."""
    return _POSSESSIVE.sub("", word)


def capital_initials(name: str) -> tuple[str, int]:
    """The initials of a name's capitalised words, lower-cased, and how many there are: little
    words are left out, as acronyms leave them out ("Office for Civil Society": ("ocs", 3))."""
    words = [word for word in re.findall(r"[A-Za-z][\w'’-]*", name) if word[0].isupper()]
    return "".join(word[0] for word in words).lower(), len(words)


def written_as_name(name: str, links: Collection[str]) -> str:
    """A name typed in lower case as it is written, its linking words left small ("kensington
    and chelsea" -> "Kensington and Chelsea")."""
    return " ".join(w if w in links else w[:1].upper() + w[1:] for w in name.split())


def normalise(text: str) -> str:
    """Fold case and white space, for tolerant phrase matching."""
    return " ".join(text.lower().replace("’", "'").split())


def near_spelling(word: str, choices: Sequence[str], max_edits: int) -> str | None:
    """The first of `choices` within `max_edits` edits of `word` (a letter added, dropped or
    changed, or two swapped), if any."""
    found = process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=max_edits)
    return found[0] if found else None
