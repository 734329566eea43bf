"""Read a question word the corpus never uses as the corpus word nearest to it in meaning.

A question may say "auditors" where the documents say "audit", "complain" where they say
"complaints", or "pandemic" where they say "Covid-19". Lexical search finds nothing for such a
word, and the question's vector alone often leans towards whichever passages share its other
words. Each question word that no passage uses in any form is embedded on its own and compared
with every content word the corpus does use; the nearest, when it is close enough, is searched
as well, as an acronym's expansion is. The words come from the index itself, so the neighbours
follow the corpus as it grows; nothing names a document or a topic.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from assistant.search.embedders import Embedder
from assistant.text import STOPWORDS, near_spelling, terms

# How close (cosine of the two words' vectors) a corpus word must be to stand in for a question
# word. Chosen on the tuning split (908 cases) over 0.50, 0.55, 0.60 and 0.65 with one or two
# neighbours per word: 0.60 with one moved hit@1 0.836 -> 0.851, complete 0.862 -> 0.889 and
# cases passed 0.850 -> 0.861, with gains in 12 of 19 batches of cases and a loss in one; 0.55
# gained less (passed 0.856) and 0.65 almost nothing (evals/README.md, seventh round).
MIN_SIMILARITY = 0.60
MIN_LETTERS = 4  # shorter words are mostly function words and abbreviations
# A different number is never a paraphrase: "twelve" must not be searched as "six".
NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion first second third fourth fifth sixth seventh eighth ninth
    tenth""".split()
)
# Words that do grammar's work, not a topic's, are never given a stand-in: the pronouns that
# stand for something unnamed ("anything" read as "things"), and the words of a question or
# linking phrase ("how long" read as "short", "apart from" as "separate").
PRONOUNS = frozenset(
    f"{head}{tail}" for head in ("any", "some", "every", "no")
    for tail in ("thing", "one", "body", "where")
) | {"none", "whatever", "whoever", "whichever", "whenever", "wherever", "however"}
_PHRASES = re.compile(
    r"\bhow\s+(?:long|often|much|many|far|soon|come)\b|\b(?:apart|aside)\s+from\b"
    r"|\baccording\s+to\b|\brather\s+than\b|\bas\s+(?:long|well|soon)\s+as\b",
    re.IGNORECASE)
MIN_SPELLING_LETTERS = 5  # shorter words are one letter from too many others
MAX_SPELLING_DISTANCE = 1  # one letter added, dropped, changed or two swapped
CACHE_SIZE = 4096  # question words remembered with their neighbour (or with none)

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")


class WordNeighbours:
    """The corpus's content words with their vectors, to find a stand-in for an unknown word."""

    def __init__(self, words: list[str], vectors: np.ndarray, known_stems: frozenset[str],
                 embedder: Embedder, min_similarity: float = MIN_SIMILARITY,
                 ignore: Iterable[str] = (), dictionary: Iterable[str] = ()) -> None:
        self._words = words
        self._vectors = vectors
        self._known_stems = known_stems
        self._embedder = embedder
        self._min_similarity = min_similarity
        self._ignore = frozenset(word.lower() for word in ignore)
        self._dictionary = frozenset(dictionary)
        self._found: dict[str, str | None] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_texts(cls, texts: Iterable[str], embedder: Embedder,
                   min_similarity: float = MIN_SIMILARITY, ignore: Iterable[str] = (),
                   cache: WordVectorCache | None = None, dictionary: Iterable[str] = ()
                   ) -> WordNeighbours:
        """From the corpus's texts: every word is known; content words can stand in. Words in
        `ignore` (the glossary's, which explains them itself) are never looked up. With a
        `cache`, only words no earlier load embedded are embedded. Words of the `dictionary`
        are real words, never read as misspellings."""
        seen = {match.group().lower() for text in texts for match in _WORD.finditer(text)}
        known_stems = frozenset(stem for word in seen for stem in terms(word))
        words = sorted(word for word in seen if _can_stand_in(word))
        vectors = (cache or WordVectorCache(None)).vectors(words, embedder)
        return cls(words, vectors, known_stems, embedder, min_similarity, ignore, dictionary)

    def unknown_words(self, question: str) -> list[str]:
        """The question's words of four letters or more that the corpus never uses in any
        form, in order, without repeats."""
        unknown: list[str] = []
        for match in _WORD.finditer(_PHRASES.sub(" ", question)):
            word = match.group().lower()
            stems = terms(word)
            if (len(word) >= MIN_LETTERS and word not in STOPWORDS and word not in PRONOUNS
                    and word not in self._ignore
                    and stems and not all(stem in self._known_stems for stem in stems)
                    and word not in unknown):
                unknown.append(word)
        return unknown

    def expansions(self, question: str) -> list[str]:
        """For each unknown word of the question, the corpus word nearest to it in meaning, when
        one is close enough; in order, without repeats."""
        unknown = self.unknown_words(question)
        if not unknown or not self._words:
            return []
        with self._lock:
            new = [word for word in unknown if word not in self._found]
        spelt = {word: near for word in new if (near := self._spelt_as(word))}
        with self._lock:
            self._found.update(spelt)
        new = [word for word in new if word not in spelt]
        if new:
            # straight to the model: the words are remembered here, and need neither the
            # questions' cache nor the micro-batcher's hand-off to its thread
            vectors = np.asarray(self._embedder.embed_documents(new), dtype=np.float32)
            similarities = vectors @ self._vectors.T
            with self._lock:
                if len(self._found) + len(new) > CACHE_SIZE:
                    self._found.clear()
                for word, row in zip(new, similarities, strict=True):
                    best = int(np.argmax(row))
                    self._found[word] = (self._words[best] if row[best] >= self._min_similarity
                                         else None)
        with self._lock:
            found = [self._found.get(word) for word in unknown]
        return list(dict.fromkeys(word for word in found if word))


    def _spelt_as(self, word: str) -> str | None:
        """The corpus word the question word is a near spelling of ("compct", "refreshin"),
        if any: a typo stands for the word it misspells, whatever the model makes of it. A
        word of the dictionary is not a typo ("tight" is not "right")."""
        if len(word) < MIN_SPELLING_LETTERS or word in self._dictionary:
            return None
        return near_spelling(word, self._words, MAX_SPELLING_DISTANCE)


class WordVectorCache:
    """Word vectors kept in a file between runs (one file per model and runtime), so that a
    load embeds only the words no earlier load did: about 0.7 ms a word, which a corpus of tens
    of thousands of words would otherwise pay at every start. Without a path, nothing is kept."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def vectors(self, words: list[str], embedder: Embedder) -> np.ndarray:
        """The vectors of `words`, in order: read from the file, the rest embedded (and the
        file rewritten with them)."""
        known = self._read()
        missing = [word for word in words if word not in known]
        if missing:
            fresh = np.asarray(embedder.embed_documents(missing), dtype=np.float32)
            known.update(zip(missing, fresh, strict=True))
            self._write(known)
        if not words:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([known[word] for word in words])

    def _read(self) -> dict[str, np.ndarray]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            with np.load(self.path, allow_pickle=False) as saved:
                return dict(zip(saved["words"].tolist(), saved["vectors"], strict=True))
        except (OSError, ValueError, KeyError):  # a damaged cache is rebuilt, never trusted
            return {}

    def _write(self, known: dict[str, np.ndarray]) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        words = sorted(known)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".npz.tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez(out, words=np.asarray(words), vectors=np.stack([known[w] for w in words]))
            os.replace(temporary, self.path)  # readers see the old file or the new, never half
        except OSError:
            Path(temporary).unlink(missing_ok=True)  # a cache that cannot be written is skipped


def _can_stand_in(word: str) -> bool:
    """A content word that is not a number: only such words are searched in another's place."""
    return (len(word) >= 3 and "'" not in word and bool(terms(word))
            and word not in NUMBER_WORDS)
