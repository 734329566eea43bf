"""A question word the corpus never uses is searched as the corpus word nearest in meaning."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.pipeline import Assistant
from assistant.search.embedders import Embedder, model_words
from assistant.search.word_neighbours import WordNeighbours, WordVectorCache
from tests.conftest import CountingEmbedder

TEXTS = [
    "The National Audit Office reviewed the Compact and upheld complaints.",
    "Drawn up after the Covid-19 response; funding needs six weeks' notice.",
]


@pytest.fixture(scope="module")
def neighbours(embedder: Embedder) -> WordNeighbours:
    return WordNeighbours.from_texts(TEXTS, embedder)


def test_a_word_the_corpus_uses_in_any_form_is_not_unknown(neighbours: WordNeighbours) -> None:
    assert neighbours.unknown_words("Were the complaints upheld by the office?") == []
    assert neighbours.unknown_words("Was my complaint upheld?") == []  # another form
    assert neighbours.unknown_words("Did the auditors see it?") == ["auditors"]


@pytest.mark.parametrize(("question", "stand_in"), [
    ("What did the auditors find?", "audit"),
    ("Which Compact came out of the pandemic?", "covid"),
    ("Where do I complain?", "complaints"),
])
def test_an_unknown_word_gets_the_corpus_word_nearest_in_meaning(
    neighbours: WordNeighbours, question: str, stand_in: str
) -> None:
    assert stand_in in neighbours.expansions(question)


def test_no_stand_in_for_a_word_nothing_in_the_corpus_is_near(
    neighbours: WordNeighbours,
) -> None:
    assert neighbours.unknown_words("Is there a bicycle?") == ["bicycle"]
    assert neighbours.expansions("Is there a bicycle?") == []


def test_a_number_never_stands_in_for_another(neighbours: WordNeighbours) -> None:
    # "six" is the corpus's nearest word to "twelve", but a different number is no paraphrase
    assert neighbours.expansions("Does it give twelve weeks?") == []


@pytest.mark.parametrize("question", [
    "Is there anything on funding?",  # "anything" would be read as "things"
    "How long is the notice?",  # "how long" asks for a span, and "long" would be read as "short"
    "Apart from funding, what is there?",  # "apart" would be read as "separate"
])
def test_words_doing_grammars_work_get_no_stand_in(embedder: Embedder, question: str) -> None:
    neighbours = WordNeighbours.from_texts([*TEXTS, "Some things are short or separate."],
                                           embedder)
    assert neighbours.unknown_words(question) == []


def test_words_the_glossary_explains_are_not_looked_up(embedder: Embedder) -> None:
    neighbours = WordNeighbours.from_texts(TEXTS, embedder, ignore=["Whitehall"])
    assert neighbours.unknown_words("What does Whitehall promise?") == ["promise"]


def test_the_word_vectors_are_kept_between_loads(embedder: Embedder, tmp_path: Path) -> None:
    cache = WordVectorCache(tmp_path / "words.npz")
    first = CountingEmbedder(embedder)
    built = WordNeighbours.from_texts(TEXTS, first, cache=cache)  # type: ignore[arg-type]
    assert first.embedded > 0
    again = CountingEmbedder(embedder)
    reloaded = WordNeighbours.from_texts(TEXTS, again, cache=cache)  # type: ignore[arg-type]
    assert again.embedded == 0  # every word read from the file
    question = "What did the auditors find?"
    assert reloaded.expansions(question) == built.expansions(question) == ["audit"]
    grown = CountingEmbedder(embedder)
    WordNeighbours.from_texts([*TEXTS, "A leaflet."], grown, cache=cache)  # type: ignore[arg-type]
    assert grown.embedded == 1  # only the word no earlier load embedded ("leaflet")


def test_a_damaged_cache_file_is_rebuilt(embedder: Embedder, tmp_path: Path) -> None:
    path = tmp_path / "words.npz"
    path.write_bytes(b"not a numpy file")
    counting = CountingEmbedder(embedder)
    neighbours = WordNeighbours.from_texts(TEXTS, counting, cache=WordVectorCache(path))  # type: ignore[arg-type]
    assert counting.embedded > 0
    assert neighbours.expansions("What did the auditors find?") == ["audit"]
    assert WordVectorCache(path).vectors(["audit"], embedder).shape == (1, 384)


def test_the_search_reads_an_unknown_word_as_its_stand_in(assistant: Assistant) -> None:
    # the list says "Drawn up after the Covid-19 response"; no passage says "pandemic"
    question = "Which local Compact came out of the pandemic?"
    retriever = assistant.loaded.retriever
    assert retriever.expand(question) == f"{question} (come; covid)"
    found = retriever.retrieve(question, 1)
    assert found.passages[0].chunk.section == "Nottingham and Nottinghamshire Compact"


def test_a_misspelt_word_stands_for_the_corpus_word_it_misspells(embedder: Embedder) -> None:
    neighbours = WordNeighbours.from_texts(
        [*TEXTS, "Refreshing the Compact keeps the right to campaign."], embedder,
        dictionary=model_words())
    assert neighbours.expansions("Does the compct keep our right to campain?") == [
        "compact", "campaign"]
    # a real word one letter from a corpus word is not a typo of it: "tight" is not "right"
    assert "right" not in neighbours.expansions("Money is tight, what now?")
