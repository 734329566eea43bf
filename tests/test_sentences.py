"""Sentence spans and search terms."""

from __future__ import annotations

import pytest

from assistant.search.chat_words import plain_question, spell_out
from assistant.search.glossary import Glossary, Synonym
from assistant.search.ranking import Query
from assistant.text import sentence_spans, terms

# a body the glossary says what it is, and one it only names
_TWO_BODIES = {"PCC": "Police and Crime Commissioner, a local commissioning body",
               "NAO": "National Audit Office"}


def _sentences(text: str, typed: bool = False) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text, typed=typed)]


def test_sentences_respect_abbreviations_list_numbers_and_paragraphs() -> None:
    text = "Bodies e.g. the police sign up. It was 1998.\n\n3. A numbered item. Section 5. Done"
    assert _sentences(text) == [
        "Bodies e.g. the police sign up.", "It was 1998.", "3. A numbered item.", "Section 5.",
        "Done",
    ]


def test_a_question_mark_ends_a_sentence_before_a_word_typed_without_a_capital() -> None:
    # "...over 200" is what someone said, not what is asked
    assert _sentences("how many local compacts r there? someone told me its over 200") == [
        "how many local compacts r there?", "someone told me its over 200",
    ]
    assert _sentences("It asks what? (after: Who signed it?)") == [
        "It asks what? (after: Who signed it?)"]


def test_a_typed_message_ends_a_sentence_at_a_full_stop_before_a_small_letter() -> None:
    # the context ("...the MOD.") is not what is asked; a document's text keeps to capitals
    # ("Bodies e.g. the police"), and an abbreviation still ends no sentence when typed
    message = "we get money from the MOD. in short what is the compact?"
    assert _sentences(message, typed=True) == [
        "we get money from the MOD.", "in short what is the compact?"]
    assert _sentences(message) == [message]
    assert _sentences("do bodies e.g. the police sign up?", typed=True) == [
        "do bodies e.g. the police sign up?"]


def test_a_body_named_in_full_is_searched_as_its_acronym_is() -> None:
    glossary = Glossary(_TWO_BODIES)
    assert glossary.abbreviated("Why should a police and crime commissioner use it?") == (
        "Why should a PCC use it?")
    # a body the glossary does not say what it is keeps its name: its acronym alone says less
    assert glossary.abbreviated("What did the National Audit Office find?") == (
        "What did the National Audit Office find?")


def test_terms_fold_plurals_possessives_and_contractions() -> None:
    assert terms("We're a PCC's office; the Compacts aren't binding") == [
        "pcc", "office", "compact", "bind",
    ]


def test_a_word_of_time_that_only_links_is_no_search_term() -> None:
    # "since" links a time to an event ("run by NCVO since 2002"), saying nothing of either
    assert terms("Has that changed since then?") == ["changed"]


def test_terms_fold_a_short_plural_in_ies_as_a_long_one() -> None:
    # "new commissioning bodies" is about "a local commissioning body"
    assert terms("bodies cities policies") == ["body", "city", "policy"]
    assert terms("ties") == ["tie"]  # too short a stem to be "ty"


def test_terms_fold_irregular_verbs_of_content_to_their_base() -> None:
    assert terms("Who oversaw it, and what has it undertaken?") == ["oversee", "undertake"]
    assert terms("set up to oversee the Compact") == ["set", "oversee", "compact"]
    assert terms("it was made and given") == ["made", "given"]  # light verbs are left


def test_terms_read_a_verb_spelled_with_s_as_its_noun_spelled_with_c() -> None:
    assert terms("Compact Voice advises; it advised, advising") == terms(
        "Compact Voice advice; it advice, advice")
    assert terms("practising good practice") == ["practice", "good", "practice"]
    assert terms("a notice") == ["notice"]


def test_text_message_shorthand_is_spelled_out() -> None:
    assert spell_out("our partnrships w the council r fine rn tbh, y wud we need a compact??") == (
        "our partnrships with the council are fine now, why would we need a compact??")
    assert spell_out("wat is teh compact") == "what is the compact"
    assert spell_out("hw many orgs signed, n wich ones") == (
        "how many organisations signed, and which ones")
    assert spell_out("does ur list hav anythin for dorset? were nr christchurch") == (
        "does your list have anything for dorset? were near christchurch")
    # capitals, abbreviations and bracketed letters are not shorthand
    for kept in ("Is there a Compact in the U.K.?", "Section 5(r) applies", "what does Y mean"):
        assert spell_out(kept) == kept


def test_a_year_cut_to_two_digits_is_written_out_where_it_dates_something() -> None:
    assert spell_out("codes that went with the 98 compact") == (
        "codes that went with the 1998 compact")
    assert spell_out("what changed in '09?") == "what changed in 2009?"
    # a count of Compacts, or a number alone, is not a year
    for kept in ("the 10 compacts on the list", "in 98 places"):
        assert spell_out(kept) == kept


def test_the_glossary_says_what_a_body_is_however_it_is_named() -> None:
    glossary = Glossary(_TWO_BODIES)
    assert glossary.expand("Why should a PCC use it?") == (
        "Why should a PCC use it? (Police and Crime Commissioner, a local commissioning body)")
    assert glossary.expand("Why should a Police and Crime Commissioner use it?") == (
        "Why should a Police and Crime Commissioner use it? (PCC; a local commissioning body)")
    # a name written in full is searched with its acronym too: the documents may use either
    # ("The NAO's January 2012 review found...")
    assert glossary.expand("What did the National Audit Office find?") == (
        "What did the National Audit Office find? (NAO)")
    assert glossary.expand("What did the NAO find?") == (
        "What did the NAO find? (National Audit Office)")


def test_a_request_about_the_answer_s_form_is_not_searched() -> None:
    assert plain_question("In one sentence, what does Compact Voice do?") == (
        "what does Compact Voice do?")
    assert plain_question("wat r the main topics, in a nutshell?") == (
        "what are the main topics?")
    assert plain_question("Briefly") == "Briefly"  # nothing else to search


def test_a_body_named_two_ways_is_weighed_as_one_name() -> None:
    glossary = Glossary(_TWO_BODIES)
    question = glossary.expand("Why should a PCC use it?")
    synonyms = glossary.synonyms(question)
    assert synonyms == [Synonym(frozenset({"pcc"}), frozenset({"police", "crime", "commissioner"}))]
    assert glossary.synonyms("What did the National Audit Office find?") == [
        Synonym(frozenset({"nao"}), frozenset({"national", "audit", "office"}))]
    # "police", "crime" and "commissioner" are the PCC's name, not three more things asked
    # about: a passage naming the police and a crime commissioner, but no commissioning body,
    # covers no more of the question than one naming commissioning bodies
    query = Query.analyse(question, lambda term: 1.0, synonyms=synonyms)
    assert query.coverage("police and crime commissioners") == query.coverage(
        "commissioners") == pytest.approx(1 / 4)  # the name, of: name, local, commission, body
    assert query.coverage("commissioning bodies") == pytest.approx(2 / 4)
    unweighed = Query.analyse(question, lambda term: 1.0)
    assert unweighed.coverage("police and crime commissioners") > unweighed.coverage(
        "commissioning bodies")


def test_the_courtesies_of_a_message_are_not_searched() -> None:
    assert plain_question(
        "Hi there, hope you're well! Quick one from me. Who leads on the Compact in "
        "government? Kind regards, Dr Okafor") == "Who leads on the Compact in government?"
    assert plain_question("Dear colleague, I hope this finds you well. Is the Compact "
                          "legally binding? Thanks so much, Jo") == (
        "Is the Compact legally binding?")
    assert plain_question("Great, thanks. And does it have a disputes process? ta") == (
        "And does it have a disputes process?")
    # ...but a question that is all courtesy, or opens with a word that only looks like one,
    # is left as it is
    assert plain_question("Thanks!") == "Thanks!"
    assert plain_question("Thanks to the Compact, do we get more notice?") == (
        "Thanks to the Compact, do we get more notice?")
