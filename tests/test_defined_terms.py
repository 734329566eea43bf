"""A question's word for a kind of thing, read as the name the documents define it by."""

from __future__ import annotations

from assistant.pipeline import Assistant
from assistant.search.defined_terms import DefinedTerms

# A made-up corpus: the Accord is defined as an agreement, and "agreement" is said of nothing
# else; the Guild is defined as a charity, but "charity" is also said of others.
PASSAGES = [
    "The Accord is the agreement between the city and its clubs. It was signed in 2001.",
    "Clubs may ask for the agreement to be reviewed. The Accord asks for three months' notice.",
    "The Guild is a charity that trains referees. It has four staff.",
    "A charity may also bid for contracts. Contracts run for three years.",
]


def test_a_kind_word_used_only_of_one_defined_term_stands_for_it() -> None:
    defined = DefinedTerms.from_texts(PASSAGES)
    assert defined.term_of_kind == {"agreement": "Accord"}  # "charity" is said of others too
    assert defined.in_corpus_words("who looks after this agreement?") == (
        "who looks after this Accord agreement?")
    assert defined.in_corpus_words("which agreements cover clubs?") == (
        "which Accord agreements cover clubs?")
    # a question naming the term, or a name with the word in it, is left as it is
    assert defined.in_corpus_words("is the accord an agreement?") == "is the accord an agreement?"
    assert defined.in_corpus_words("What is the Trade Agreement?") == "What is the Trade Agreement?"


def test_a_kind_word_given_to_two_terms_stands_for_neither() -> None:
    passages = [*PASSAGES, "The Pact is an agreement between the county and its schools."]
    assert DefinedTerms.from_texts(passages).term_of_kind == {}


def test_a_question_calling_the_compact_an_agreement_is_answered_about_the_compact(
    assistant: Assistant,
) -> None:
    answer = assistant.ask(
        "I heard the government-charity agreement was replaced by something newer. What is it "
        "called?")
    assert "Compact agreement" in answer.query
    assert "Covenant" in answer.answer.split("[1]")[0]  # not the Compact's own definition
    # a follow-up is completed first: its own "agreement" does not hide that it is one
    follow_up = assistant.ask(
        "The page says there's no current agreement, so what do we follow until a new one?",
        history=["Is there a Derbyshire Compact?"])
    assert "Derbyshire" in follow_up.query
