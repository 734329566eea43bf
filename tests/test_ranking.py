"""Question analysis, the fitted ranker and the answer it composes, on the real corpus."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.refusal import (
    Vocabulary,
    case_unnamed,
    count_unanswered,
    day_unanswered,
    deadline_unanswered,
    money_unstated,
    payment_unanswered,
    place_in_document_unstated,
    registration_unanswered,
    share_unanswered,
    sitters_unnamed,
    specifics_unconfirmed,
    start_undated,
    taking_unanswered,
    unanswered_years,
    unmatched_years,
    wording_unheld,
    worst_unnamed,
)
from assistant.config import Settings
from assistant.pipeline import Assistant, build_assistant, build_index
from assistant.schemas import Chunk, Draft, Passage, Status
from assistant.search.documents import DocumentNames, named_first
from assistant.search.questions import (
    ANSWER_WORDS,
    AnswerType,
    answer_type,
    answer_words,
    asked_for,
    asked_members,
    asking_sentence,
    asks_for_kinds,
    asks_for_money,
    asks_later,
    asks_of_its_context,
    asks_origin,
    asks_several,
    bounding_years,
    breakdown_asked,
    counted_members,
    defined_term,
    defines,
    gives_examples,
    lists_members,
    quoted_phrase,
    says_what_it_is,
    sentence_fits,
    set_aside,
    states_day_asked,
    states_person,
    topic_said_about,
    years,
)
from assistant.search.ranking import (
    EARLIER_TERM_WEIGHT,
    FEATURES,
    SENTENCE_FEATURES,
    WEIGHTS_FILE,
    LinearRanker,
    LinearScorer,
    Query,
)
from assistant.search.retrieval import LexicalIndex, question_vector
from assistant.text import terms, with_earlier
from evals.tune import pairs


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who oversees the Compact in government?", AnswerType.person),
        ("When was the national Compact first agreed?", AnswerType.date),
        # "when" opening a clause the question follows sets a scene; it asks no date
        ("When an area redrafts its Compact, is there a rule on accessible drafts?",
         AnswerType.other),
        ("When we bid for a contract, how do we price our overheads?", AnswerType.steps),
        ("When was it set up, and who led it?", AnswerType.date),
        ("Where did the idea of local Compacts come from?", AnswerType.date),  # its history
        ("How did the Compact Awards start?", AnswerType.date),
        ("How many local Compacts were there in 2013?", AnswerType.number),
        ("How big was the consultation on the 2010 renewal?", AnswerType.number),  # a size
        ("What share of consultations ran for 12 weeks?", AnswerType.number),
        ("Why should a PCC use the Compact?", AnswerType.reasons),
        ("Give me three reasons to sign up", AnswerType.reasons),
        ("What's in it for us if we sign up to the local Compact?", AnswerType.reasons),
        ("What's the case for using the local Compact?", AnswerType.reasons),
        ("How do we challenge a funding cut?", AnswerType.steps),
        ("Is the Compact legally binding?", AnswerType.other),
        # what came after a thing, however asked; first, before "who" or "when"
        ("Has anything taken over from the Compact in recent years?", AnswerType.successor),
        ("so what's taken its place?", AnswerType.successor),
        ("Who replaced Sir Bert Massie?", AnswerType.successor),
        ("Is it still a thing, or has the government brought in something new instead?",
         AnswerType.successor),
        ("Should we do something else instead of complaining?", AnswerType.other),
        ("How often do councils not bother giving that warning?", AnswerType.frequency),
        # whether a rule is kept in practice is told by how often it is
        ("Do councils actually stick to that in practice?", AnswerType.frequency),
        ("does that actually happen in practice", AnswerType.frequency),
        ("Explain what 'the Compact' actually is - I keep seeing it mentioned.",
         AnswerType.definition),
        ("what does full cost recovery mean in practice?", AnswerType.definition),
        # what the other party does in return; not which side a party is on
        ("And what do the voluntary organisations have to do in return under that one?",
         AnswerType.counterpart),
        ("It's not all one-way, is it - what do charities commit to?", AnswerType.counterpart),
        ("What does the Compact promise from the government side?", AnswerType.reasons),
        # ...and what the sector itself is expected to do, not what a public body is
        ("What does the Compact expect of voluntary organisations when they campaign?",
         AnswerType.counterpart),
        ("What does it say voluntary organisations themselves should do?",
         AnswerType.counterpart),
        ("What does the Compact expect of public bodies when funding is cut?",
         AnswerType.reasons),
    ],
)
def test_answer_types(question: str, kind: AnswerType) -> None:
    assert answer_type(question) is kind


def test_sentences_fit_the_kind_asked_for() -> None:
    # how often: a share, a rate or a word of frequency, not any number
    assert sentence_fits(AnswerType.frequency, "32% of areas said notice was given only some of "
                         "the time or never.")
    assert sentence_fits(AnswerType.frequency, "It should be revised at least every six years.")
    assert not sentence_fits(AnswerType.frequency, "Beyond the three-month notice rule, Compact "
                             "Voice describes these expectations:")
    assert not sentence_fits(AnswerType.frequency, "Counts have changed over time: 203 in 2011.")
    assert sentence_fits(AnswerType.date, "It was renewed in December 2010.")
    assert not sentence_fits(AnswerType.date, "It is a voluntary agreement.")
    assert sentence_fits(AnswerType.number, "81% of consultations ran for 12 weeks.")
    assert sentence_fits(AnswerType.person, "The Office for Civil Society leads on it.")
    assert sentence_fits(AnswerType.successor, "It is seen as the successor to the Compact.")
    assert not sentence_fits(AnswerType.successor, "The Compact was renewed in 2010.")
    assert sentence_fits(AnswerType.counterpart, "Civil society organisations, for their part, "
                         "undertake to back campaigning with robust evidence.")
    assert not sentence_fits(AnswerType.counterpart, "Government undertakes to respect their "
                             "independence.")


def test_a_number_given_with_another_length_of_time_is_not_the_one_asked_about() -> None:
    query = Query.analyse("Should grants run for three years or more?", lambda term: 1.0)
    # "three" of "three months'" is not the three asked about; "years" is a year
    assert query.coverage("Grants run with three months' notice.") < query.coverage(
        "Grants run for more years.")
    # a number given with no length of time, or with the one asked about, still counts
    assert query.coverage("Grants should run three rounds.") > query.coverage(
        "Grants should run in rounds.")
    assert query.coverage("Grants should run for three-year terms.") == 1.0


def test_words_that_only_ask_are_not_searched() -> None:
    said = Query.analyse("What does the Compact say about charities' independence?",
                         lambda term: 1.0)
    assert "say" not in said.weights and "independ" in " ".join(said.weights)
    # "a say in" is something asked about
    assert "say" in Query.analyse("Do small groups get a say in local decisions?",
                                  lambda term: 1.0).weights
    assert "mani" not in " ".join(Query.analyse("How many local Compacts are there?",
                                                lambda term: 1.0).weights)


@pytest.mark.parametrize("question", [
    "What replaced the Compact?",
    "Is the Compact still a thing or has something replaced it?",
    "Has anything replaced the Compact nationally, and roughly when?",
    # a hedge ("basically") is not something the answer must say
    "Is the Civil Society Covenant basically the replacement for the Compact?",
])
def test_an_answer_to_what_replaced_a_thing_opens_with_the_sentence_naming_its_successor(
    assistant: Assistant, question: str,
) -> None:
    answer = assistant.ask(question)
    assert answer.status is Status.answered
    assert answer.answer.startswith("In 2025 the UK Government launched a Civil Society Covenant")


def test_two_questions_in_one_are_answered_first_question_first(assistant: Assistant) -> None:
    answer = assistant.ask("is the compact legally binding? and has it been replaced by "
                           "something, someone mentioned a new covenant")
    assert "not legally binding" in answer.answer.split("[1]")[0]
    assert "Civil Society Covenant" in answer.answer


def test_a_word_searched_beside_the_question_does_not_change_what_it_asks() -> None:
    asked = "Can our repair café bid to reuse the council's old furniture?"
    query = Query.analyse(f"{asked} (replaced)", lambda term: 1.0, asked=asked)
    assert query.kind is not AnswerType.successor
    assert "replac" in " ".join(query.weights)  # the stand-in is still searched


@pytest.mark.parametrize("question", [
    "What replaced the Compact?",
    "Is the Compact still a thing or has something replaced it?",
    "Has anything taken over from the Compact nationally?",
    "Is the Compact still the thing to point to, or has something newer come along since?",
])
def test_a_successor_fits_only_beside_the_thing_it_followed(question: str) -> None:
    query = Query.analyse(question, lambda term: 1.0)
    assert query.fits("Many see the Civil Society Covenant as the successor to the Compact.")
    assert query.fits("The Compact was replaced in 2025 by a Covenant.")
    # a row of the list: what it replaced is its own earlier version, not what is asked about
    assert not query.fits("Compact for west Cheshire. Area: Cheshire West and Chester. Region: "
                          "North West. Notes: Replaced an earlier version; drafted from 2020.")


def test_a_follow_up_asks_with_its_own_question_word_for_its_own_kind_of_answer() -> None:
    # "What is the Compact?" does not ask what "And did they stick to that?" asks, though the
    # question it follows opened with "What"
    follow_up = Query.analyse("And did departments actually stick to that? (after: What does "
                              "the Compact say about consultations)", lambda term: 1.0)
    assert follow_up.wh is None
    assert Query.analyse("And why? (after: What is the Compact)", lambda term: 1.0).wh == "why"
    # ...and asks for the kind of answer its own words ask for, else the earlier question's
    drop = Query.analyse("why the drop? (after: How many local Compacts were there in 2011 and "
                         "then 2012)", lambda term: 1.0)
    assert drop.kind is AnswerType.reasons
    assert Query.analyse("and in 2013? (after: How many local Compacts were there in 2011)",
                         lambda term: 1.0).kind is AnswerType.number


def test_when_a_successor_came_is_not_what_it_succeeded() -> None:
    # "in the last couple of years" does not make a row's "Last revised in 2012; being
    # replaced by..." name the Compact's successor
    query = Query.analyse("Has anything replaced the Compact in the last couple of years?",
                          lambda term: 1.0)
    assert not query.fits("Kent Partners Compact. Area: Kent. Level: county. Region: South East. "
                          "Latest version: 2012. Notes: Last revised in 2012; being replaced "
                          "by Kent County Council's Civil Society Strategy.")
    assert query.fits("The Civil Society Covenant is seen as the successor to the Compact.")
    assert Query.analyse("What replaced the Commission in 2011?", lambda term: 1.0).fits(
        "In 2011 its role was replaced by the Office for Civil Society, as the Commission closed.")


def test_a_fields_label_is_not_what_its_row_states() -> None:
    steps = Query.analyse("What should we do first?", lambda term: 1.0)
    row = "Tyne Compact. Area: Tyne. First agreed: 2001. Latest version: 2007."
    assert not steps.fits(row)  # "First agreed" dates the row; it is no first step
    assert steps.fits(f"{row} Notes: First launched in 2001, then re-signed.")
    assert steps.fits("Raise it with the council first.")


def test_a_question_asking_what_replaced_a_thing_is_searched_with_the_words_of_its_answer(
    assistant: Assistant,
) -> None:
    assert answer_words("Who took over from the Commission?") == list(ANSWER_WORDS[
        AnswerType.successor])
    # ...as is a question asking what the other side does in return
    assert "for their part" in assistant.loaded.retriever.expand(
        "What does the Compact expect of charities in return?")
    # words of the context are not what is asked
    assert "successor" not in assistant.loaded.retriever.expand(
        "We took over from the CCG last year. Who funds Compact Voice?")
    # ...nor when the sentence that asks asks whether its context is right
    assert assistant.loaded.retriever.expand(
        "Someone said the Compact has been replaced by something new. Is that right?"
    ).endswith("successor; succeeded; replaced; superseded)")
    # ...but a sentence after the one that asks says more of what is asked
    assert assistant.loaded.retriever.expand(
        "Is the Compact even still a thing? Someone said it's been replaced by something new."
    ).endswith("successor; succeeded; replaced; superseded)")
    question = "Has anything taken over from the Compact in recent years?"
    assert assistant.loaded.retriever.expand(question).endswith(
        "successor; succeeded; replaced; superseded)")
    answer = assistant.ask(question)
    assert answer.status is Status.answered
    assert "Civil Society Covenant" in answer.citations[0].quote


def test_the_shipped_weights_name_only_known_features_and_say_where_they_came_from() -> None:
    raw = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert set(raw["passage"]["weights"]) == set(FEATURES)
    assert set(raw["sentence"]["weights"]) == set(SENTENCE_FEATURES)
    assert "tuning split" in raw["command"] and raw["passage"]["cross_validated"]["hit@1"] > 0
    ranker = LinearRanker.load()
    assert ranker.relative_cutoff == raw["answer"]["relative_cutoff"]


def test_without_a_weights_file_the_hand_set_rule_is_used(tmp_path: Path) -> None:
    ranker = LinearRanker.load(tmp_path / "missing.json")
    assert ranker.passages.weights == {"dense": 1.0, "lexical": 0.3}


def test_an_unknown_feature_in_the_weights_file_is_refused(tmp_path: Path) -> None:
    raw = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    raw["passage"]["weights"]["made_up"] = 1.0
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="made_up"):
        LinearRanker.load(path)


def test_pairs_set_each_positive_against_the_hardest_negatives() -> None:
    x = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.2, 0.2]])
    y = np.array([1, 0, 0, 0])
    group = np.zeros(4, dtype=int)
    differences, labels = pairs(x, y, group, hand=np.array([0.0, 3.0, 2.0, 1.0]))
    assert len(differences) == 2 * 3 and labels.sum() == 3
    assert differences[0].tolist() == [1.0, -1.0]  # against the hardest negative first


def test_a_year_no_passage_mentions_is_declined(assistant: Assistant) -> None:
    vocabulary = assistant.loaded.refusal.vocabulary  # type: ignore[attr-defined]

    def unmatched(question: str) -> set[str]:
        return unmatched_years(question, assistant.retrieve(question).passages, vocabulary)

    question = "What did the Office for Civil Society's 1987 review say about consultation?"
    assert unmatched(question) == {"1987"}
    assert assistant.ask(question).status is Status.not_found
    assert not unmatched("What changed when the Compact was renewed in 2010?")
    # "the 2010 renewal" is a name the corpus uses: the year dates it, it is not asked about
    audit = ("According to the 2012 audit report, what share of consultations after the 2010 "
             "renewal fell short of twelve weeks?")  # its passages are about 2012 and later
    assert not unmatched(audit) and assistant.ask(audit).status is Status.answered
    # a year in the context before the sentences that ask is not asked about either
    week = ("Our comms team wants a big push for voluntary sector week; we did one in 2019 with "
            "about 80 people. Is there a set Compact Week every year, and when is it?")
    assert not unmatched(week) and assistant.ask(week).status is Status.answered


def test_an_answer_about_another_year_is_declined(assistant: Assistant) -> None:
    # the awards passages speak of other years; an answer that never states 2019 is declined
    awards = assistant.ask("Which local Compact was named best at the 2019 Compact Awards?")
    assert awards.status is Status.not_found
    # a year that is part of a name the corpus uses ("the 2010 renewal") is not asked about
    renewal = assistant.ask("How long was the consultation on the 2010 renewal?")
    assert renewal.status is Status.answered
    # nor is a year in the context before the asking sentence
    context = assistant.ask("Our local Compact dates from 2004. How should we refresh it?")
    assert context.status is Status.answered
    # where something came from is told by what came before the year asked about
    origin = assistant.ask("Where did the whole idea of a Compact come from originally? Why was "
                           "it set up in 1998?")
    assert origin.status is Status.answered and "1996" in origin.answer
    # ...unless the asking sentence points at it ("that year")
    text = "The last awards were in November 2010: Merton won."
    chunk = Chunk("notes#0", "notes", "Notes", "Awards", "corpus/notes.md", text, 0, len(text))
    draft = Draft(f"{text} [1]", [Passage(chunk, 1.0)], "t")
    vocabulary = Vocabulary([text])
    assert unanswered_years("We were at the 2015 awards. Who won that year?", draft,
                            vocabulary) == {"2015"}
    assert unanswered_years("We were at the 2015 awards. Who won?", draft, vocabulary) == set()
    # a follow-up asks in its own words: the earlier question's year is not asked again
    assert unanswered_years(with_earlier("how long had their winning streak gone on by 2011?",
                                         "Which council won local compact of the year in 2015"),
                            draft, vocabulary) == {"2011"}
    # years offered as alternatives are answered by an opening that states one of them
    assert unanswered_years("Did Merton win in 2010, or was it 2011?", draft, vocabulary) == set()
    assert unanswered_years("Did Merton win in 2011?", draft, vocabulary) == {"2011"}
    # an opening that states only other years answers for another time (2009's signing)
    first = assistant.ask("Which Prime Minister signed the very first national Compact in 1998?")
    assert first.status is Status.not_found
    signed = assistant.ask("Which Prime Minister signed the refreshed Compact in 2009?")
    assert signed.status is Status.answered and "Gordon Brown" in signed.answer
    # a year that bounds a span asks about no year ("since 2010": the NAO's 2012 finding)
    since = assistant.ask("Since 2010, how well have departments kept to the 12-week "
                          "consultation?")
    assert since.status is Status.answered and "2012" in since.answer
    # nor does a time given roughly ("around 2010 and 2011"; but "what about 2012?" asks)
    rough = assistant.ask("Which area kept winning local Compact of the year around 2010 and "
                          "2011?")
    assert rough.status is Status.answered and "Merton" in rough.answer
    assert bounding_years("What about 2012, and why?") == set()
    assert bounding_years("circa 2009/2010, or since 2012") == {"2009", "2010", "2012"}


def test_a_list_row_states_a_year_only_for_questions_about_it(assistant: Assistant) -> None:
    # a row "covering 2019 to 2022" says nothing of how many Compacts there were in 2022
    counted = assistant.ask("How many local Compacts were there in England in 2022?")
    assert counted.status is Status.not_found
    noted = assistant.ask("Which local Compact was described in 2011 as holding Green Flag status?")
    assert noted.status is Status.answered and "Coventry" in noted.answer


def test_a_count_split_by_a_kind_no_passage_speaks_of_is_declined(assistant: Assistant) -> None:
    assert breakdown_asked("and how many of those were from arts groups?") == {"art", "group"}
    assert breakdown_asked("What share of the responses came from statutory bodies as opposed "
                           "to charities?") == {"statutory", "body"}
    assert breakdown_asked("the total, broken down by region") == {"region"}
    assert not breakdown_asked("How many responses did the consultation get?")
    history = ["how many responses did the 2010 compact consultation get?"]
    assert assistant.ask(history[0]).status is Status.answered
    split = assistant.ask("and how many of those were from arts groups?", history=history)
    assert split.status is Status.not_found


def test_a_sum_of_money_no_passage_states_is_declined(assistant: Assistant) -> None:
    spent = "How much did Compact Voice spend on running the awards?"
    assert money_unstated(spent, assistant.retrieve(spent).passages)
    assert assistant.ask(spent).status is Status.not_found
    granted = "How much grant funding did Compact Voice hand out to local Compacts?"
    assert money_unstated(granted, assistant.retrieve(granted).passages)
    notice = "How much notice should a council give before cutting funding?"
    assert not money_unstated(notice, assistant.retrieve(notice).passages)
    budget = "What was the Cabinet Office's total budget for the Compact?"  # a money noun
    assert money_unstated(budget, assistant.retrieve(budget).passages)
    assert not asks_for_money("What funding does the Compact promise?")  # which, not how much
    assert asks_for_money("What was the annual running cost of the panel?")  # a qualified sum
    assert asks_for_money("And how big was its budget when they shut it down?")
    assert not asks_for_money("How big was the consultation?")
    # the words before "cost" ask a difference, not a sum
    assert not asks_for_money("What's the difference between how full cost recovery works in a "
                              "contract versus a grant?")
    assert asks_for_money("does compact voice charge councils for its training? how much")
    # a sum set aside, allocated or invested
    assert asks_for_money("How much has the ICB set aside for voluntary sector grants this year?")
    assert not asks_for_money("How much notice has the council given?")
    assert asks_for_money("compact voice membership how much")  # what is paid, then its sum
    # what someone was paid or earns is a sum; what was paid to a body is not asked as one
    assert asks_for_money("what's he doing now, and what was he paid for that job?")
    assert asks_for_money("what does the chair of Compact Voice earn")
    assert not asks_for_money("What did the NAO say about how councils paid charities?")
    # a bound on a sum, not on a period
    maximum = ("Under the Compact, what's the maximum size of grant a council can give a charity "
               "before it has to go out to tender?")
    assert asks_for_money(maximum) and assistant.ask(maximum).status is Status.not_found
    assert asks_for_money("is there a minimum grant size before the compact applies")
    assert not asks_for_money("What is the minimum notice period before a grant is cut?")
    # an amount of something else is no sum; an amount of funding, or of a contract, is
    assert not asks_for_money("Is there a minimum amount of warning they're supposed to give?")
    assert asks_for_money("What's the minimum amount of funding we can bid for?")
    assert asks_for_money("Is there a maximum value of a contract a charity can hold?")
    assert asks_for_money("How much were the Thurrock voluntary sector grants worth?")
    assert not asks_for_money("notice before a cut how much")  # an amount of notice
    assert asks_for_money("How much does Compact Voice charge?")
    assert not asks_for_money("Does full cost recovery apply, and how much of it is agreed?")
    assert asks_for_money("Above what contract value must a trust go out to tender?")
    assert not asks_for_money("What social value does a local Compact add?")  # not a sum
    # the worth of what is paid: "the total value of grant funding", not "the value of the work"
    assert asks_for_money("What was the total value of grant funding the office gave out?")
    assert asks_for_money("Is there a record of the amount of funding each region got?")
    assert not asks_for_money("What is the value of the Compact to small groups?")
    assert asks_for_money("How much was the council's grants budget after the refresh?")
    assert asks_for_money("How much is the annual fee to join Compact Voice?")  # a qualified fee
    assert asks_for_money("How much did the council's grants budget come to after the refresh?")
    # a sum put into something, and a figure for what was spent
    assert asks_for_money("How much does the council put into its grants pot each year?")
    assert asks_for_money("Is there a figure for what the office spent on the consultation?")
    # "how much should...", a sum asked a few words from the end, prize money
    assert asks_for_money("Roughly how much should a small area budget for a refresh?")
    assert not asks_for_money("How much should we involve the council?")
    assert asks_for_money("does compact voice charge for its training? how much per person")
    assert asks_for_money("Do the Compact Awards come with any prize money, and if so how much?")
    # compensation, damages and relief are sums too
    assert asks_for_money("How much compensation could a charity claim for a late cut?")
    assert asks_for_money("How much business rate relief does a charity shop get?")
    relief = "How much rate relief does a charity shop get under the Compact?"
    assert assistant.ask(relief).status is Status.not_found
    assert not asks_for_money("How much time should we put into a consultation?")
    # "what's" for "what is", a sum qualified by a name of several words, not by a topic
    assert asks_for_money("What's the Compact Advocacy Programme's yearly budget?")
    assert not asks_for_money("What's the Compact position on full cost recovery?")


def test_a_sum_of_money_a_list_row_does_not_state_is_declined(assistant: Assistant) -> None:
    won = assistant.ask("How much money did Merton get with its Compact award?")
    assert won.status is Status.not_found  # the row says it won, not what it was worth
    saved = assistant.ask("How much money did the Bristol Compact save?")
    assert saved.status is Status.answered and "£500,000" in saved.answer


def test_retrieval_scores_every_candidate_sentence(assistant: Assistant) -> None:
    found = assistant.retrieve("How much notice should a council give before cutting funding?")
    assert all(p.sentence_scores for p in found.passages if p.chunk.kind != "compacts")
    assert found.passages == found.candidates[: len(found.passages)]


def test_max_answer_sentences_reaches_the_answerer(
    built_settings: Settings, embedder: object
) -> None:
    settings = built_settings.model_copy(update={"max_answer_sentences": 1})
    one = build_assistant(settings, index=build_index(settings), embedder=embedder)  # type: ignore[arg-type]
    answer = one.ask("Why should a Police and Crime Commissioner use their local Compact?")
    assert answer.status is Status.answered
    assert answer.answer.count("[") == 1, answer.answer


def test_reasons_are_stated_as_several_points(assistant: Assistant) -> None:
    answer = assistant.ask("What are the benefits of a local Compact for commissioners?")
    assert answer.status is Status.answered
    assert answer.answer.count("[") >= 3, answer.answer


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("I'm new here. In plain terms, what actually is the Compact?", "Compact"),
        ("Explain in one sentence what 'the Compact' actually is - I keep seeing it.", "Compact"),
        ("what does VCSE stand for in the compact docs", "VCSE"),
        ("What are local Compacts?", "local Compacts"),
        ("Everyone mentions 'Compact Voice'. What is it exactly?", "Compact Voice"),
        # who keeps mentioning it, and "this ... thing", say nothing of what it is
        ("In one sentence, what is this Compact thing my officers keep mentioning?", "Compact"),
        ("What is that thing?", None),
        ("What is it?", None),  # nothing quoted to stand for "it"
        ("What is Compact Voice trying to achieve?", None),  # a clause, not a term
        ("Is the Compact legally binding?", None),
    ],
)
def test_a_definition_question_names_its_term(question: str, term: str | None) -> None:
    assert defined_term(question) == term
    assert (answer_type(question) is AnswerType.definition) == (term is not None)


def test_a_definition_opens_with_the_term_then_says_what_it_is() -> None:
    assert defines("Compact", "The Compact is the agreement between government and the sector.")
    assert defines("local Compacts", "A local Compact is an agreement for one area.")
    assert not defines("Compact", "Compact Voice works to support cross-sector partnership.")
    assert not defines("Compact", "Every department signed the Compact in 2010.")


def test_years_in_web_addresses_are_not_years_a_text_states() -> None:
    text = "First signed in 2003. Source: https://example.org/blog/2015/09/04/award"
    assert years(text) == {"2003"}


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("What's the phone number for Compact Voice's team?", ["phone"]),
        ("Who is the current chief executive of Compact Voice?", ["chief", "executive"]),
        ("Which paragraph number of the 2010 Compact sets out notice?", ["paragraph"]),
        ("What sort of bodies sign up to a local Compact?", []),  # "sort" only asks
        ("Which bit of government oversees the Compact?", []),  # nor does "bit"
        ("What's the quickest way to take a council to court?", []),  # a qualifier only
        ("What's the actual case the guidance makes for a commissioning body?", []),
        ("What's the precise deadline for responses?", ["deadline"]),
        ("Can you explain what full cost recovery means here?", ["full", "cost", "recovery"]),
        ("How long is the notice, and in what form should it come?", []),  # nor "form"
        ("Which then subcontracts to local charities?", []),
        ("How many local Compacts were there in 2013?", []),  # counts are not checked
        # after a possessive, what is owned is asked for
        ("Who is the council's current head of partnerships?", ["head"]),
        ("What is the board's address?", ["address"]),
        ("What is Compact Voice's role?", []),
        # ...but not after a verb: "What does X's guidance say..." asks what it says
        ("What does Compact Voice's guidance say commissioners gain by using it?", []),
        # a quantity or a decade asks for a number or a time, not a kind of fact
        ("What percentage of departments ran short consultations?", []),
        ("On what date did the minister send it out?", []),
        ("Which late-eighties white paper came first?", ["white", "paper"]),
        # "what" as the subject of a verb names no thing; before a noun's verb it does
        ("And what applies until a council signs?", []),
        ("What sanctions does the survey list?", ["sanctions"]),
        ("And what brought that about?", []),  # nor with an object after the verb
        # "which" after a preposition opens a relative clause, not a question
        ("Is there a route by which a body's failure could be challenged?", []),
        ("It is open for six weeks, which feels tight. How long should it run?", []),  # nor a comma
        # ...nor after a noun; after a verb of asking it opens an indirect question
        ("We run a cafe in a hall which gets council funding. Should we tell them?", []),
        ("I'm not sure which body oversees it?", ["body", "oversees"]),
        # what a question is about, a result or a span of time names no kind of fact
        ("What broad subject areas does the leaflet cover?", []),
        ("What are the five results the agreement should bring about?", ["five"]),
        ("What review cycle does the guide recommend?", ["review"]),
        # a word in -s before "about" is a verb of saying; before "for" a plural
        ("Which council's compact talks about a grants-first approach?", ["compact"]),
        ("What are the legal requirements for fire risk assessments?", ["legal", "requirements"]),
        # asked for as something to be given: "do you have a...", "can you give me the..."
        ("do u have a phone number for the engagement team?", ["phone"]),
        ("Can you give me the email address of Compact Voice?", ["email", "address"]),
        # ...or ordered: "Just give me the phone number", not "give me the gist" or arguments
        ("Don't send me to a website. Just give me the direct phone number.",
         ["direct", "phone"]),
        ("Give me the gist of the Compact.", []),
        ("Why use it? Give me the main arguments.", []),
        ("Does it have a disputes process?", []),  # asked of the thing, not of the assistant
        # a word in -s before an adverb of place is a verb; a pitch asks for no kind of fact
        ("Is there a directory showing which compact applies where?", ["compact"]),
        ("What's Compact Voice's pitch to commissioners?", []),
        # ...and before "like"; a form of answer (a quick timeline) or options name no fact
        ("how would we find out what the local compact looks like in our area?",
         ["local", "compact"]),
        ("Can you give me a quick timeline of the Compact?", []),
        ("Can you give me the key milestones in the Compact's history?", []),  # nor milestones
        ("What options does our hall committee have?", []),
        # a word after a plural, with an object after it, is the plural's verb
        ("Which local compacts mention equality?", ["local", "compacts"]),
        ("Which grants programmes exist?", ["grants", "programmes", "exist"]),
        # a quantity ("a couple of") and a word for the answer itself name no fact
        ("Can you give me a couple of local agreements that won awards?", []),
        ("What's the comeback to that?", []),
        # ...and before "by": what a body goes by is a rule it follows
        ("Is that still what central government goes by?", ["central", "government"]),
        # a word in -s that ends the sentence after "what" is its verb
        ("no local compact here - what applies?", []),
        ("What happens?", []),
        # a view held names no fact the corpus could lack
        ("What's the Compact's view on that?", []),
        # a fragment typed as a search asks for the kind of number or address it ends with
        ("compact voice phone number", ["phone"]),
        ("compact voice email address", ["email"]),
        # ...or opens with ("phone number for the advocacy programme helpline?")
        ("phone number for the compact advocacy programme helpline?", ["phone"]),
        # ...and so is a word in -s before an object pronoun
        ("Is the Compact all about what the council owes us?", ["council"]),
        # a preposition opens no noun phrase
        ("How long has the Advocacy Programme been going, and who's behind it?", []),
    ],
)
def test_what_a_question_asks_for(question: str, words: list[str]) -> None:
    assert asked_for(question) == words


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        ("What does the Compact say about full cost recovery?", "full cost recovery"),
        ("Does the agreement say anything about sharing information?", "sharing information"),
        ("Does it mention anything on volunteers' expenses?", "volunteers' expenses"),
        # pointing back: the context is the topic, and the sentence names none
        ("Does the Compact have anything to say about that?", None),
        ("What does the Compact say?", None),
        # the topic ends with its clause, and one leaning on its context is not whole alone
        ("say more about the first one - what does it promise?", "the first one"),
        ("What does it say about full cost recovery, and how should it work?",
         "full cost recovery"),
        ("does it say anything about bodies like us using them?", None),
    ],
)
def test_the_topic_a_question_asks_what_is_said_about(sentence: str, topic: str | None) -> None:
    assert topic_said_about(sentence) == topic
    # it asks of its context when it points back, or when it names no topic at all
    assert asks_of_its_context(sentence) is sentence.endswith(("about that?", "say?"))


@pytest.mark.parametrize(("sentence", "of_its_context"), [
    ("What does the Compact expect us to do about it?", True),
    ("Is there any Compact guidance on that?", True),
    ("What does the Compact say?", True),
    # its own words say what it asks
    ("Is that right?", True),  # whether what the context says is so
    ("Is that true though?", True),
    # its subject is what the context tells
    ("Is that really how the Compact says it should be done?", True),
    ("Can this be right under the Compact?", True),
    ("Is there a Compact for Leeds?", False),
    ("What are the selling points for them?", False),
    ("What does the Compact expect us to do about late payment?", False),
])
def test_a_sentence_ending_on_its_context_asks_of_it(sentence: str, of_its_context: bool) -> None:
    assert asks_of_its_context(sentence) is of_its_context


@pytest.mark.parametrize(("question", "text", "stated"), [
    ("Which month in 2014 was it refreshed?", "Agreed November 2004, revised July 2010 and "
     "refreshed in 2014.", False),
    ("Which month in 2010 was it revised?", "Agreed November 2004, revised July 2010.", True),
    ("On what exact date in November 1998 was it signed?", "It was agreed in November 1998.",
     False),
    ("On what exact date in 2009 was it published?", "It was published on 16 December 2009.",
     True),
    # a year in the context, or a year asked for, does not date the answer
    ("Our chair says it dates from 2000. In which month and year was it agreed?",
     "It was agreed in November 1998.", True),
    ("Someone said 2000. Which month was it agreed?", "It was agreed in November 1998.", True),
])
def test_a_month_or_day_asked_for_is_stated_for_the_year_asked(
    question: str, text: str, stated: bool,
) -> None:
    assert states_day_asked(question, text) is stated


def test_asking_for_a_kind_of_fact_the_corpus_never_gives_is_declined(
    assistant: Assistant,
) -> None:
    for question in ("What's the phone number for Compact Voice's Local Engagement team?",
                     "do u have a phone number for compact voice's local engagement team? our "
                     "councillors would rather ring someone than fill in a web form",
                     "Who is the current chief executive of Compact Voice?"):
        assert assistant.ask(question).status is Status.not_found, question
    answered = assistant.ask("What does Compact Voice's Local Engagement team do?")
    assert answered.status is Status.answered


def test_what_is_asked_for_is_known_in_another_form_of_a_corpus_word() -> None:
    # a corpus that says "charity" and never "charities" still speaks of them
    vocabulary = Vocabulary(["A charity's donations should not prop up a public programme."])
    assert vocabulary.unknown_asked_for(
        "what are charities like us expected to do when we lobby government?") == []
    assert vocabulary.unknown_asked_for("What is the phone number of the charity?") == ["phone"]
    # an agreement of another name is what the corpus calls an agreement
    assert vocabulary.unknown_asked_for("What's the new accord with charities called?") == []
    # a word only qualifying what is asked for names nothing: "the sensible way"
    assert vocabulary.unknown_asked_for("What's the sensible way to raise it with them?") == []
    # ...and nor does an order, which picks which one: "the fourth programme"
    assert vocabulary.unknown_asked_for("What's the fourth programme meant to look like?") == []
    # ...nor an arrangement of what the corpus says: "the sensible order of doing things"
    assert vocabulary.unknown_asked_for("What's the right order of doing things?") == []
    # ...nor a plural of a word that names no kind of fact: "percentages" as "percentage"
    assert vocabulary.unknown_asked_for("what were the percentages in the later report?") == []
    # ...nor a way of acting: "what conduct does the Compact expect of a funder?"
    assert vocabulary.unknown_asked_for("What conduct does it expect of a funder?") == []
    # ...nor a bound on a length of time: "what's the longest we should go before revising it?"
    assert vocabulary.unknown_asked_for("What's the longest we should go before revising it?"
                                        ) == []


def test_the_sentence_that_asks_is_found_in_a_long_question() -> None:
    text = "We're a small charity. What does the Compact promise us? Thanks in advance."
    assert asking_sentence(text) == "What does the Compact promise us?"
    assert asking_sentence("What does the Compact promise us?") is None
    assert asking_sentence("I need a line for a cabinet report: what does the Compact cover?"
                           ) == "what does the Compact cover?"  # a colon ends context too
    assert asking_sentence("Notice: is three months the rule?") == "is three months the rule?"
    assert asking_sentence("What is meant by: full cost recovery?") is None


def test_each_passage_knows_its_place_in_its_section(assistant: Assistant) -> None:
    found = assistant.retrieve("Why should new commissioning bodies use a local Compact?")
    prose = [p for p in found.candidates if p.chunk.kind != "compacts"]
    assert any(p.section_position == 0 for p in prose)
    assert any(p.section_position > 0 for p in prose)
    assert all(p.section_dense >= p.dense - 1e-6 for p in prose)


def _answerer(max_sentences: int = 4) -> ExtractiveAnswerer:
    """The extractive answerer scoring sentences by their given similarity alone."""
    return ExtractiveAnswerer(
        lambda q: Query.analyse(q, lambda term: 1.0),
        LinearScorer(SENTENCE_FEATURES, {"sentence_dense": 1.0}), relative_cutoff=0.5,
        max_sentences=max_sentences)


def test_a_list_of_reasons_is_stated_from_its_first_relevant_sentence() -> None:
    sentences = ["Some context nobody asked about.", "First, it builds trust.",
                 "Above all, it helps commissioners reach local groups.", "It also saves time."]
    text = " ".join(sentences)
    chunk = Chunk("doc#0", "doc", "Doc", "Why use it?", "corpus/doc", text, 0, len(text))
    passage = Passage(chunk, 1.0, dense=1.0, sentence_scores=[0.0, 0.8, 1.0, 0.7])
    draft = _answerer().answer("Why should we use it?", [passage])
    assert draft.text == " ".join(f"{s} [1]" for s in sentences[1:])


def test_a_list_of_reasons_reads_across_one_point_worded_far_from_the_question() -> None:
    sentences = ["First, it builds trust.", "It shows commitment.", "Nobody needs a manual.",
                 "It also saves time.", "An unrelated aside."]
    text = "\n\n".join(sentences)  # a paragraph each, as a section of short paragraphs
    chunk = Chunk("doc#0", "doc", "Doc", "Why use it?", "corpus/doc", text, 0, len(text))

    def answer(scores: list[float]) -> str:
        passage = Passage(chunk, 1.0, dense=1.0, sentence_scores=scores)
        return _answerer().answer("Why should we use it?", [passage]).text

    # one weak point between two near the opening is one of the reasons: stated in its place
    assert answer([1.0, 0.9, 0.2, 0.85, 0.0]) == " ".join(f"{s} [1]" for s in sentences[:4])
    # two weak sentences in a row end the list; the strong one after them is stated on its own
    assert "Nobody needs a manual." not in answer([1.0, 0.9, 0.2, 0.2, 0.85])


def test_an_answer_to_no_particular_kind_of_question_reads_on_through_its_section() -> None:
    sentences = ["The team supports partnership working.", "It shares good practice.",
                 "It runs training.", "It was founded in 2004."]
    text = " ".join(sentences)
    chunk = Chunk("doc#0", "doc", "Doc", "The team", "corpus/doc", text, 0, len(text))
    other = Chunk("doc#1", "doc", "Doc", "Elsewhere", "corpus/doc", "An aside on teams.", 100, 118)
    passages = [Passage(chunk, 1.0, dense=1.0, sentence_scores=[1.0, 0.8, 0.78, 0.1]),
                Passage(other, 0.5, dense=0.5, sentence_scores=[0.85])]
    answerer = _answerer(2)  # reading on takes half as many again: three, a full answer
    # no particular kind of fact asked: the section's next sentences, near the opening, come first
    draft = answerer.answer("What does the team do?", passages)
    assert draft.text == " ".join(f"{s} [1]" for s in sentences[:3])


def test_an_answer_from_one_section_adds_the_best_sentence_of_another_when_there_is_room(
) -> None:
    first = Chunk("doc#0", "doc", "Doc", "Notice", "corpus/doc",
                  "Give notice. Give reasons. Keep talking.", 0, 40)
    second = Chunk("doc#1", "doc", "Doc", "Beyond notice", "corpus/doc",
                   "Warn early. An unrelated aside.", 100, 131)
    passages = [Passage(first, 1.0, dense=1.0, sentence_scores=[1.0, 0.95, 0.9]),
                Passage(second, 0.9, dense=0.8, sentence_scores=[0.8, 0.0])]

    # reasons are read on through their section, which fills an ordinary answer's three
    # sentences; a fourth, from another section, fits the room reasons are given
    question = "Why should a funder give notice?"
    assert _answerer(3).answer(question, passages).text == (
        "Give notice. [1] Give reasons. [1] Keep talking. [1] Warn early. [2]")
    assert _answerer(2).answer(question, passages).text == (  # no room: one section only
        "Give notice. [1] Give reasons. [1] Keep talking. [1]")


def test_a_sentence_going_on_from_a_chosen_one_is_stated_with_it() -> None:
    text = ("Bucks agreed its funding code in 2006. It sought three-year deals. "
            "Other codes covered volunteering.")
    chunk = Chunk("doc#0", "doc", "Doc", "Codes", "corpus/doc", text, 0, len(text))
    passage = Passage(chunk, 1.0, dense=1.0, sentence_scores=[1.0, 0.1, 0.2])

    question = "When did Bucks agree its funding code?"
    # "It sought..." names nothing asked about, so it scores low, but it says what the code did
    assert _answerer(2).answer(question, [passage]).text == (
        "Bucks agreed its funding code in 2006. [1] It sought three-year deals. [1]")
    assert _answerer(1).answer(question, [passage]).text == (  # no room for it
        "Bucks agreed its funding code in 2006. [1]")


def test_an_answer_that_reads_on_states_the_rest_of_its_opening_list_item() -> None:
    text = ("- Full cost: funders pay a share. Costs are agreed. Donations are not used.\n\n"
            "- Length: deals run for years.")  # the loaders set list items apart, as paragraphs
    chunk = Chunk("doc#0", "doc", "Doc", "Funding", "corpus/doc", text, 0, len(text))
    other = Chunk("doc#1", "doc", "Doc", "Elsewhere", "corpus/doc", "An aside.", 200, 209)

    def answer(item_scores: list[float]) -> str:
        passages = [Passage(chunk, 1.0, dense=1.0, sentence_scores=[1.0, *item_scores, 0.9]),
                    Passage(other, 0.5, dense=0.5, sentence_scores=[0.0])]
        return _answerer(2).answer("Tell me about full cost for a charity.", passages).text

    # the item goes on about full cost in words far from the question (too far to read on
    # through the section for), but clear of the floor: stated in order, before the next item
    assert answer([0.6, 0.6]) == (
        "- Full cost: funders pay a share. [1] Costs are agreed. [1] Donations are not used. [1]")
    # a sentence below the floor ends the item's reading
    assert answer([0.6, 0.2]) == "- Full cost: funders pay a share. [1] Costs are agreed. [1]"


def test_two_questions_in_one_read_on_through_the_section() -> None:
    sentences = ["It was agreed in 2004.", "Areas review it each year.", "Revision is due every "
                 "six years.", "Unrelated aside."]
    text = " ".join(sentences)
    chunk = Chunk("doc#0", "doc", "Doc", "Reviews", "corpus/doc", text, 0, len(text))
    passage = Passage(chunk, 1.0, dense=1.0, sentence_scores=[1.0, 0.8, 0.8, 0.0])

    assert asks_several("When was it agreed, and how often is it revised?")
    assert not asks_several("When was it agreed by the council and the police?")
    # a date fills an ordinary answer's two sentences; a date and a second question read on
    # through the section, with the room an answer that reads on is given
    assert _answerer(2).answer("When was it agreed?", [passage]).text == (
        "It was agreed in 2004. [1] Areas review it each year. [1]")
    assert _answerer(2).answer("When was it agreed, and how often is it revised?", [passage]
                               ).text == " ".join(f"{s} [1]" for s in sentences[:3])


def test_an_answer_does_not_open_with_a_sentence_going_on_from_another() -> None:
    text = "Councils and the police use it. These bodies reach many groups. Elsewhere, other news."
    chunk = Chunk("doc#0", "doc", "Doc", "Users", "corpus/doc", text, 0, len(text))
    passage = Passage(chunk, 1.0, dense=1.0, sentence_scores=[0.2, 1.0, 0.0])

    # "These bodies..." scores best, but says nothing on its own: the sentence it goes on from
    # opens, and it follows
    assert _answerer(2).answer("Who reaches many groups?", [passage]).text == (
        "Councils and the police use it. [1] These bodies reach many groups. [1]")


def test_an_answer_does_not_open_with_the_thing_a_sentence_before_introduces() -> None:
    text = ("Compact Voice has an engagement team. Commissioners can contact a member of the team "
            "to learn more. Elsewhere, other news.")
    chunk = Chunk("doc#0", "doc", "Doc", "Help", "corpus/doc", text, 0, len(text))
    passage = Passage(chunk, 1.0, dense=1.0, sentence_scores=[0.2, 1.0, 0.0])

    # "the team" is the one the sentence before introduces: that sentence opens
    assert _answerer(2).answer("How can commissioners learn more?", [passage]).text == (
        "Compact Voice has an engagement team. [1] Commissioners can contact a member of the "
        "team to learn more. [1]")
    # ...unless the question names it itself
    assert _answerer(1).answer("How can commissioners learn more from the team?", [passage]
                               ).text == ("Commissioners can contact a member of the team to "
                                          "learn more. [1]")


def _opening(sentences: list[str], scores: list[float], question: str) -> str:
    """The one-sentence answer to `question` from one passage of `sentences`, scored so."""
    text = " ".join(sentences)
    chunk = Chunk("doc#0", "doc", "Doc", "Section", "corpus/doc", text, 0, len(text))
    passage = Passage(chunk, 1.0, dense=1.0, sentence_scores=scores)
    return _answerer(1).answer(question, [passage]).text


def test_a_question_asking_how_many_opens_with_a_sentence_giving_a_number() -> None:
    sentences = ["A list of every local Compact is kept online.", "In 2013 there were 165 of them.",
                 "Aside."]

    def answer(question: str, number_score: float) -> str:
        return _opening(sentences, [1.0, number_score, 0.0], question)

    # the best sentence gives no number; one clearing the floor (0.5 of the spread) does
    assert answer("How many local Compacts were there?", 0.6) == (
        "In 2013 there were 165 of them. [1]")
    assert answer("How many local Compacts were there?", 0.4) == (  # below the floor
        "A list of every local Compact is kept online. [1]")
    assert answer("Where is the list of local Compacts?", 0.6) == (  # no number asked for
        "A list of every local Compact is kept online. [1]")


def test_where_something_came_from_opens_with_the_earliest_event_scoring_near_the_best(
) -> None:
    sentences = ["The Compact was first introduced in 1998.", "The idea grew out of a 1996 report.",
                 "A 1990 survey was about something else."]
    scores = [1.0, 0.9, 0.6]

    assert asks_origin("Where did the Compact originally come from?")
    assert asks_origin("What kicked the whole thing off?")
    assert asks_origin("A timeline of the Compact, from where it came from to today?")
    assert not asks_origin("When was the Compact introduced?")
    # the 1990 sentence is earlier but scores too far from the best (the floor is 0.5 of the
    # spread, and "near" half way from there to the best)
    assert _opening(sentences, scores, "Where did the Compact come from?") == (
        "The idea grew out of a 1996 report. [1]")
    assert _opening(sentences, scores, "When was the Compact introduced?") == (
        "The Compact was first introduced in 1998. [1]")


def test_how_things_went_afterwards_opens_with_the_latest_event_above_the_floor() -> None:
    sentences = ["A 2012 review found 40% of consultations short.",
                 "Its 2015 follow-up put the share at 76%.", "An aside with no date."]
    scores = [1.0, 0.6, 0.0]  # the floor is half the spread: the later review clears it

    assert asks_later("and did it get any better after that?")
    assert asks_later("Has it improved since?")
    assert not asks_later("How often is it meant to be looked at again?")  # revision, not later
    assert sentences[1] in _opening(sentences, scores, "and did it get any better after that?")
    assert _opening(sentences, scores, "What did the review find?") == f"{sentences[0]} [1]"


def test_a_why_question_does_not_open_with_a_sentence_saying_what_something_is() -> None:
    sentences = ["The Compact is the agreement between the two sectors.",
                 "Good relations may not last without a written way of working.",
                 "An unrelated aside."]

    def opening(question: str, reason_score: float) -> str:
        return _opening(sentences, [1.0, reason_score, 0.0], question)

    assert says_what_it_is(sentences[0]) and not says_what_it_is(sentences[1])
    assert opening("Why would we need a Compact?", 0.8) == f"{sentences[1]} [1]"
    assert opening("Why would we need a Compact?", 0.3) == f"{sentences[0]} [1]"  # below floor
    assert opening("What is the Compact?", 0.8) == f"{sentences[0]} [1]"  # a definition asked


def test_a_what_kinds_question_opens_with_a_sentence_naming_examples() -> None:
    sentences = ["Commissioning bodies benefit from working with the sector.",
                 "Bodies such as health commissioners and the police are using it.",
                 "An unrelated aside."]
    scores = [1.0, 0.8, 0.0]

    assert asks_for_kinds("Which kinds of bodies are using it?") and gives_examples(sentences[1])
    assert _opening(sentences, scores, "Which kinds of bodies are using it?") == (
        f"{sentences[1]} [1]")
    assert _opening(sentences, scores, "Are commissioning bodies using it?") == (
        f"{sentences[0]} [1]")


class _Unit:
    """An embedder giving each known text its own axis, to see which texts a vector averages."""

    axes = ("why should a PCC use it? (Police and Crime Commissioner)",
            "why should a PCC use it?", "We are new. Why should a PCC use it?",
            "Why should a PCC use it?", "We heard of a guide. What is it for?",
            "What is it for?", "A funder wants a seat on our board. What does the Compact say "
            "about that?", "What does the Compact say about that?",
            "and in practice? (after: How much notice is due)", "and in practice?",
            "Does the Compact say anything about sharing information?", "sharing information")

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        return [[float(text == axis) for axis in self.axes] for text in texts]


def test_the_question_vector_balances_an_expansion_and_context_against_the_question() -> None:
    expanded, plain = _Unit.axes[0], _Unit.axes[1]
    vector = question_vector(_Unit(), plain, expanded)  # type: ignore[arg-type]
    assert np.allclose(vector, [2 ** -0.5, 2 ** -0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    long = question_vector(_Unit(), _Unit.axes[2])  # type: ignore[arg-type]
    # with the asking one
    assert np.allclose(long, [0, 0, 2 ** -0.5, 2 ** -0.5, 0, 0, 0, 0, 0, 0, 0, 0])
    # ...unless that sentence has no words of its own: its context says what it asks about
    vague = question_vector(_Unit(), _Unit.axes[4])  # type: ignore[arg-type]
    assert np.allclose(vague, [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    # ...or asks what is said of its context, which names what is asked about
    said = question_vector(_Unit(), _Unit.axes[6])  # type: ignore[arg-type]
    assert np.allclose(said, [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
    # a follow-up's own words are the sentence that asks; the question it follows is context
    follow_up = question_vector(_Unit(), _Unit.axes[8])  # type: ignore[arg-type]
    assert np.allclose(follow_up, [0, 0, 0, 0, 0, 0, 0, 0, 2 ** -0.5, 2 ** -0.5, 0, 0])
    # a topic asked what is said about goes in alone as well
    topic = question_vector(_Unit(), _Unit.axes[10])  # type: ignore[arg-type]
    assert np.allclose(topic, [0] * 10 + [2 ** -0.5, 2 ** -0.5])


class _Axes:
    """An embedder giving each of its texts its own axis (as `_Unit` does), for other texts."""

    def __init__(self, *axes: str) -> None:
        self.axes = axes

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        return [[float(text == axis) for axis in self.axes] for text in texts]


def test_the_sentence_that_asks_is_embedded_without_words_of_every_passage() -> None:
    question = "We get council money. Does the Compact protect our right to campaign?"
    axes = _Axes(question, "Does the protect our right to campaign?",
                 "Does the Compact protect our right to campaign?")
    vector = question_vector(axes, question, ubiquitous=frozenset({"compact"}))  # type: ignore[arg-type]
    assert np.allclose(vector, [2 ** -0.5, 2 ** -0.5, 0])
    # ...unless no word would be left: "What is the Compact?" is about the Compact
    vague = "We are new here. What is the Compact?"
    kept = question_vector(_Axes(vague, "What is the Compact?"), vague,  # type: ignore[arg-type]
                           ubiquitous=frozenset({"compact"}))
    assert np.allclose(kept, [2 ** -0.5, 2 ** -0.5])


def test_a_word_of_nearly_every_passage_of_prose_is_ubiquitous() -> None:
    texts = ["The Compact sets notice.", "The Compact asks consultation.", "The Compact funds.",
             "Compact Voice campaigns.", "A Compact Week in November."]
    prose = [Chunk(f"doc-{n}", "doc", "", None, "doc.md", text, 0, len(text))
             for n, text in enumerate(texts)]
    # list rows are not prose: a word of every row ("area") is not ubiquitous
    rows = [Chunk(f"row-{n}", "list", "", None, "list.csv", f"Area {n}.", 0, 7, kind="compacts")
            for n in range(10)]
    assert LexicalIndex([*prose, *rows]).ubiquitous == frozenset({"compact"})


def test_the_initials_of_a_name_the_corpus_uses_are_known() -> None:
    vocabulary = Vocabulary(["Its strategy is Kent County Council's, and the Office for Civil "
                             "Society leads."])
    assert vocabulary.unknown_specifics("Has KCC dropped it? What does the OCS say?") == []
    assert vocabulary.unknown_specifics("What does the LGA say?") == ["LGA"]


def test_a_name_of_known_words_the_corpus_never_uses_is_unknown() -> None:
    vocabulary = Vocabulary(["A charity may complain to the Commission for the Compact, or to "
                             "Kent County Council."], known_names=["Integrated Care Board"])
    assert vocabulary.unknown_names("How do we register with the Charity Commission?") == [
        "Charity Commission"]
    assert vocabulary.unknown_names("Does Kent County Council have one?") == []
    assert vocabulary.unknown_names("Can an Integrated Care Board use it?") == []  # glossary
    # context, a sentence's first word and a condition are not asked about
    assert vocabulary.unknown_names("I'm Head of Partnerships. Can we complain?") == []
    assert vocabulary.unknown_names("Commission Staff said no. Is that right?") == []
    assert vocabulary.unknown_names("Would it differ if Charity Commission rules applied?") == []
    # ...nor a claim checked by a tag before another question; alone, it is what is asked
    tagged = "It was the Charity Commission, wasn't it?"
    assert vocabulary.unknown_names(f"{tagged} And who else can we complain to?") == []
    assert vocabulary.unknown_names(tagged) == ["Charity Commission"]
    # ...nor is who asks, before a dash that ends the context; a name after it is
    briefing = "As Head of Policy at Northfield Borough Council I'm writing a briefing - "
    assert vocabulary.unknown_names(briefing + "when did councils sign?") == []
    assert vocabulary.unknown_specifics(briefing + "when did councils sign?") == []
    assert vocabulary.unknown_names(briefing + "does the Charity Commission sign?") == [
        "Charity Commission"]
    # a kind of body, or the asker's own, written with capitals is not a name asked about; a
    # name is found whatever its number ("County Councils" in "Kent County Council")
    assert vocabulary.unknown_names("Can a Housing Association sign?") == []
    assert vocabulary.unknown_names("Can our Village Hall Committee sign?") == []
    assert vocabulary.unknown_names("Do County Councils sign?") == []


def test_a_name_the_corpus_writes_head_first_is_known_written_head_last() -> None:
    vocabulary = Vocabulary(["A charity may complain to the Commission for the Compact."])
    assert vocabulary.unknown_names("Is the Compact Commission still going?") == []
    # the words must still make the name: "Charity Commission" is not "Commission for..."
    assert vocabulary.unknown_names("Is the Charity Commission still going?") == [
        "Charity Commission"]
    # a document named by its owner and its kind: the owner is what must be known
    vocabulary = Vocabulary(["Kent County Council wrote it."])
    assert vocabulary.unknown_names("What does the Kent County Council Leaflet say?") == []
    assert vocabulary.unknown_specifics("What does the Kent County Council Leaflet say?") == []
    # the asker's own body, written with capitals, is not asked about
    assert vocabulary.unknown_specifics("Our Youth Club's grant was cut. Can Kent do that?") == []
    assert vocabulary.unknown_specifics("Can Surrey do that?") == ["Surrey"]
    # examples in brackets are an aside, not what is asked about
    assert vocabulary.unknown_specifics("Can Kent fund our core costs (rent, HR etc)?") == []
    assert vocabulary.unknown_specifics("Can Kent fund HR costs?") == ["HR"]
    # the earlier question a follow-up is completed with opens with a capital too
    assert vocabulary.unknown_specifics(
        "Can Kent do that? (after: Tell me about Kent County Council)") == []
    # ...but what a follow-up asks is in its own words, not the earlier question's
    assert vocabulary.unknown_specifics("Did Surrey do it? (after: What did Kent do?)") == [
        "Surrey"]


def test_a_name_in_the_context_of_a_question_is_not_asked_about() -> None:
    vocabulary = Vocabulary(["Consultations run for twelve weeks; the Office for Civil Society "
                             "leads."])
    assert vocabulary.unknown_specifics(
        "The Home Office gave us six weeks. How long should a consultation run?") == []
    assert vocabulary.unknown_specifics("How long does the Home Office consult for?") == [
        "Home"]
    # ...unless the sentence that asks has no words of its own: then the context asks
    assert vocabulary.unknown_names(
        "We wondered whether a charity can claim Gift Aid on rent. Can we?") == ["Gift Aid"]


def test_whether_a_body_signed_is_not_answered_by_a_row_silent_on_signing(
    assistant: Assistant,
) -> None:
    signed = assistant.ask("Did the Merton council sign the Merton Compact?")
    assert signed.status is Status.not_found  # Merton's row speaks of awards, not signatories
    said = assistant.ask("Who are the signatories of the Shropshire Compact?")
    assert said.status is Status.answered and "signatories" in said.answer
    how = assistant.ask("How does a group sign up to the Wiltshire Compact?")
    assert how.status is Status.answered  # a process, which the row gives as taking a pledge
    approved = assistant.ask("When was the Merton Compact signed off?")  # approved, not signed
    assert approved.status is Status.answered
    when = assistant.ask("When was the Kensington and Chelsea Compact signed and updated?")
    assert when.status is Status.answered and "May 2011" in when.answer  # a date, not a party
    parties = assistant.ask("Who signed the Salford Compact?")  # its row: "Agreed between..."
    assert parties.status is Status.answered and "Salford CVS" in parties.answer
    endorsed = assistant.ask("Have NHS bodies signed up to the Islington Compact?")
    assert endorsed.status is Status.answered and "NHS bodies" in endorsed.answer  # "Endorsed by"


def _quoting(text: str) -> Draft:
    """An answer that quotes `text` whole and cites the one passage holding it."""
    chunk = Chunk("doc#0", "doc", "Doc", "Section", "corpus/doc", text, 0, len(text))
    return Draft(f"{text} [1]", [Passage(chunk, 1.0)], "t")


def _unanswered_by(check: Callable[[str, Draft], bool]) -> Callable[[str, str], bool]:
    """`check` of a question against an answer quoting `text` (`_quoting`)."""
    return lambda question, text: check(question, _quoting(text))


def test_a_deadline_is_declined_when_neither_answer_nor_passage_gives_one() -> None:
    text = "Nominations need concrete examples. Nominations close on 30 June each year."

    def unanswered(question: str, cited: str) -> bool:
        return deadline_unanswered(question, _quoting(cited))

    asked = "What's the closing date for nominations to this year's Compact Awards?"
    assert unanswered(asked, "Nominations need concrete examples.")
    assert not unanswered(asked, text)  # "close on 30 June" states one
    assert unanswered("Is there a time limit for taking a complaint to the ombudsman?",
                      "The ombudsman can take complaints about councils.")
    # a deadline in the context is not what is asked
    assert not unanswered("Consultations come with very short deadlines. What length of "
                          "consultation does the Compact expect?", "Nominations need examples.")


def test_who_sits_on_a_group_is_declined_when_the_opening_names_no_one() -> None:
    def unanswered(question: str, opening: str) -> bool:
        return sitters_unnamed(question, _quoting(opening))

    asked = "Who sits on the Shropshire Compact disputes panel?"
    assert unanswered(asked, "Shropshire, for example, has a disputes panel.")
    assert not unanswered(asked, "The panel is chaired by Jane Smith.")  # a person named
    assert not unanswered(asked, "Its members are drawn from the council and the CVS.")
    assert not unanswered("Who chairs the panel?", "Shropshire has a disputes panel.")


def test_which_party_did_worst_is_declined_when_no_text_ranks_them() -> None:
    def unanswered(question: str, cited: str) -> bool:
        return worst_unnamed(question, _quoting(cited))

    asked = "Which councils are the worst at keeping to their local Compact?"
    notice = "Public bodies should give at least three months' notice; most areas have a Compact."
    assert unanswered(asked, notice)  # "at least" and "most areas" rank nobody
    assert not unanswered(asked, "Funding was the commonest reason for reporting breaches.")
    assert unanswered("and which department came out worst?", notice)
    assert not unanswered("Which is best for us, a grant or a contract?", notice)  # advice
    assert not unanswered("What did the NAO find?", notice)
    # "the most" at the end ranks the parties asked about; "the most recent one" does not
    assert unanswered("which councils have cut voluntary sector grants the most this year", notice)
    assert unanswered("Which councils have broken the Compact the most times?", notice)
    assert not unanswered("Which of those has the most recent version?", notice)


def test_a_share_is_declined_when_neither_answer_nor_passage_gives_one() -> None:
    text = "Shropshire has a disputes panel. 40% of 209 consultations were short."
    chunk = Chunk("doc#0", "doc", "Doc", "Panels", "corpus/doc", text, 0, 32)

    def unanswered(question: str, answer: str, cited: str = text[:32]) -> bool:
        passage = Passage(replace(chunk, text=cited, end=len(cited)), 1.0)
        return share_unanswered(question, Draft(answer, [passage], "t"))

    asked = "What percentage of local Compacts had set up a disputes panel?"
    assert unanswered(asked, "Shropshire has a disputes panel. [1]")
    assert not unanswered(asked, "40% of 209 consultations were short. [1]", text)  # a share
    assert not unanswered("What proportion ran short?", "Half of them did. [1]")
    assert not unanswered("Which areas have a panel?", "Shropshire has a disputes panel. [1]")
    # asked whether there is one: "a set overhead %", "a minimum percentage"
    assert unanswered("is there a set overhead % the compact says funders must accept?",
                      "Shropshire has a disputes panel. [1]")
    assert not unanswered("Is there a set notice period?", "Shropshire has a disputes panel. [1]")
    assert unanswered("Under the Social Value Act, what minimum percentage goes to charities?",
                      "Shropshire has a disputes panel. [1]")
    assert unanswered("It allows 15% for overheads, doesn't it? Confirm the exact percentage.",
                      "Shropshire has a disputes panel. [1]")


def test_a_count_is_declined_when_neither_answer_nor_passage_gives_one() -> None:
    text = ("The awards were the 11th overall. Entries need examples. "
            "One of 17 areas holding the flag. Refreshed in 2007, with members asked to re-sign. "
            "It has seven Compact principles. A CCG may sign. Its panel meets.")
    chunk = Chunk("doc#0", "doc", "Doc", "Awards", "corpus/doc", text, 0, len(text))
    vocabulary = Vocabulary([text])

    def unanswered(question: str, answer: str) -> bool:
        return count_unanswered(question, Draft(answer, [Passage(chunk, 1.0)], "t"), vocabulary)

    # "11th" counts awards, not entries: nothing gives a number of entries
    assert unanswered("How many entries did the awards get?",
                      "The awards were the 11th overall. [1] Entries need examples. [1]")
    assert not unanswered("How many areas held the flag?", "One of 17 areas holding it. [1]")
    assert not unanswered("How many entrys came in?", "Entries need examples. [1]")  # misspelt
    assert not unanswered("What do entries need?", "Entries need examples. [1]")  # no count
    # a year a few words before the thing dates it; right before it, it may count it
    assert unanswered("How many members re-signed?", "Refreshed in 2007, with members asked. [1]")
    assert not unanswered("How many members had it?", "It had 2000 members. [1]")  # a count
    # what is counted is the plural: "Compact" only qualifies the awards
    assert unanswered("How many Compact Awards has it won?", "It has seven Compact principles. [1]")
    # a thing the corpus never names cannot be counted by it, however it is answered
    assert unanswered("How many guests attended the awards?", "One of 17 areas holding it. [1]")
    # a number counts things in its own clause only
    assert unanswered("How many members joined?",
                      "It has seven Compact principles; members join by signing. [1]")
    # the plural of initials the corpus uses counts them: "CCGs" of "CCG"
    assert unanswered("How many CCGs have signed one?", "A CCG may sign. [1]")
    # ...as the plural of a word it uses only in the singular does
    assert unanswered("How many panels are there?", "Its panel meets. [1]")


def test_exact_wording_is_declined_when_only_notes_are_cited() -> None:
    text = "Government undertakes to pay in advance where this gives value for money."
    notes = Chunk("notes#0", "notes", "The 2010 Compact (notes)", "Funding", "corpus/notes.md",
                  text, 0, len(text))
    guide = replace(notes, chunk_id="guide#0", doc_id="guide", title="Helping commissioners")
    asked = "What is the exact wording the Compact uses about paying in advance?"
    assert wording_unheld(asked, Draft(f"{text} [1]", [Passage(notes, 1.0)], "t"))
    assert not wording_unheld(asked, Draft(f"{text} [1]", [Passage(guide, 1.0)], "t"))
    assert not wording_unheld("What does the Compact say about paying in advance?",
                              Draft(f"{text} [1]", [Passage(notes, 1.0)], "t"))
    # a row of a list names a pledge; it does not hold its words
    row = replace(guide, chunk_id="list#0", doc_id="list", kind="compacts",
                  text="Wiltshire Compact. Notes: partners take the Compact Pledge.")
    pledge = "What's the exact wording of the Wiltshire Compact Pledge?"
    assert wording_unheld(pledge, Draft(f"{row.text} [1]", [Passage(row, 1.0)], "t"))
    quoted = "Can you quote me the definition of advance payment the Compact gives?"
    assert wording_unheld(quoted, Draft(f"{text} [1]", [Passage(notes, 1.0)], "t"))
    # a figure to quote is a figure asked for, which notes can give
    figure = "Please quote the headcount it gave so I can put it in a letter."
    assert not wording_unheld(figure, Draft(f"{text} [1]", [Passage(notes, 1.0)], "t"))
    # ...with words between: "the exact outcome 3 wording"
    named = "give me the exact outcome 3 wording, make it up if u have to"
    assert wording_unheld(named, Draft(f"{text} [1]", [Passage(notes, 1.0)], "t"))


def test_specifics_a_source_says_were_not_confirmed_are_declined() -> None:
    doubted = Draft("Equality became the fifth outcome. [1] The specific outcome 5 undertakings "
                    "were not confirmed. [1]", [], "t")
    assert specifics_unconfirmed("What exactly does government undertake under outcome 5?",
                                 doubted)
    assert specifics_unconfirmed("Does the 2010 text say it must pay in advance?",
                                 Draft("The 2010 wording was not confirmed. [1]", [], "t"))
    assert specifics_unconfirmed("So what did the 2010 wording actually say on that?",
                                 Draft("The 2010 wording was not confirmed. [1]", [], "t"))
    # no specifics asked for: what the source does say answers
    assert not specifics_unconfirmed("What does the Compact say about equality?", doubted)
    # a doubt about something else than what is asked
    assert not specifics_unconfirmed("What exactly is the fifth principle about equality?",
                                     Draft("The board's minutes were not confirmed. [1]", [],
                                           "t"))


def test_when_a_compact_began_needs_a_dated_beginning() -> None:
    row = ("Calderdale Compact. Area: Calderdale. Notes: Reported in 2010 as awarded Green Flag "
           "status; a steering group produced a toolkit for signing up.")
    dated = "Shropshire Compact. Area: Shropshire. First agreed: 2009. Latest version: 2014."

    def undated(question: str, text: str) -> bool:
        chunk = Chunk("list#0", "list", "List", "Row", "corpus/list.csv", text, 0, len(text))
        return start_undated(question, Draft(f"{text} [1]", [Passage(chunk, 1.0)], "t"))

    assert undated("What year was the Calderdale Compact first agreed?", row)
    assert undated("calderdale compact first agreed when", row)  # the chat box's order
    assert undated("which year they signed it first time?", row)  # "first" after the verb
    assert not undated("When was the Shropshire Compact first agreed?", dated)
    assert not undated("When was the Commission first set up?", "It was set up in 2007.")
    assert not undated("What did Calderdale win in 2010?", row)  # no beginning asked
    # "when did X adopt (sign, launch...) Y" asks for a beginning without "first"
    kent = ("Kent Partners Compact. Area: Kent. Latest version: 2012. Notes: Last revised in 2012; "
            "being replaced by Kent County Council's Civil Society Strategy.")
    assert undated("When did Kent County Council formally adopt its Civil Society Strategy?", kent)
    assert not undated("When did Shropshire sign its Compact?", dated)
    assert not undated("When was it revised?", kent)  # a revision is not a beginning
    # prose dates a signing further from its verb than a row does
    assert not undated("When did the Wexcombe parish partnership sign its local Compact?",
                       "The Wexcombe parish partnership signed its local Compact with Wexcombe "
                       "District Council in March 2019, after a year of talks.")


def test_a_court_case_asked_for_must_be_named() -> None:
    text = ("A published commitment can create a legitimate expectation that courts have "
            "considered in judicial review cases.")
    chunk = Chunk("doc#0", "doc", "Doc", "Law", "corpus/doc", text, 0, len(text))

    def unnamed(question: str, answer: str) -> bool:
        return case_unnamed(question, Draft(answer, [Passage(chunk, 1.0)], "t"))

    asked = "Which court case established that the Compact creates a legitimate expectation?"
    assert unnamed(asked, f"{text} [1]")
    assert not unnamed(asked, "It was R (Smith) v Northshire Council [2010] EWHC 1. [1]")
    assert not unnamed("Can the Compact create a legitimate expectation?", f"{text} [1]")
    assert not unnamed("In which cases may a consultation be shorter?", f"{text} [1]")
    # "name a court case where...", "a judicial review case that..." ask for one too
    assert unnamed("Can you name a court case where a group won because a council breached the "
                   "Compact?", f"{text} [1]")
    assert unnamed("Is there a judicial review case that turned on the Compact?", f"{text} [1]")


def test_how_long_a_process_takes_is_answered_only_by_a_duration() -> None:
    unanswered = _unanswered_by(taking_unanswered)

    complaint = "Complaints about councils can go to the Local Government Ombudsman."
    asked = "How long does the Ombudsman normally take to reach a decision?"
    assert unanswered(asked, complaint)
    assert not unanswered(asked, "The Ombudsman decides within 12 weeks.")
    assert unanswered("How quickly will a DBS check come back?", complaint)
    # how long something took is history, which dates answer
    assert not unanswered("How long did it take to agree the first Compact?",
                          "The 1996 Deakin report led to the Compact in 1998.")


def test_whether_a_thing_must_be_paid_for_is_answered_only_by_a_payment() -> None:
    unanswered = _unanswered_by(payment_unanswered)

    pledge = "Organisations become Compact Partners by taking the Compact Pledge."
    assert unanswered("is there a fee for taking the pledge?", pledge)
    assert unanswered("Does it cost anything to join?", pledge)
    assert unanswered("do we have to pay to sign up?", pledge)
    assert not unanswered("Is there a fee to join?", "Taking the pledge is free.")
    assert not unanswered("Is there a cost-benefit study?", pledge)  # a study, not a payment
    assert not unanswered("How do we take the pledge?", pledge)
    assert unanswered("is it free to use?", pledge)
    assert unanswered("Is the pledge free of charge?", pledge)
    assert not unanswered("Are those supposed to be free?", "Taking the pledge is free.")
    assert not unanswered("Are partners free to campaign?", pledge)  # a freedom, not a price


def test_a_registration_number_is_answered_only_by_one() -> None:
    unanswered = _unanswered_by(registration_unanswered)

    about = "Compact Voice is a charity and membership body with a representative board."
    assert unanswered("compact voice charity number", about)
    assert unanswered("What's Compact Voice's registered charity number?", about)
    assert not unanswered("compact voice charity number", "Registered charity no. 1123456.")
    assert not unanswered("Is Compact Voice a charity?", about)


def test_a_day_or_month_is_declined_when_only_a_year_is_given() -> None:
    text = "Reading agreed its compact in 2023. The Commission closed on 31 March 2011."
    chunk = Chunk("doc#0", "doc", "Doc", "Dates", "corpus/doc", text, 0, len(text))

    def unanswered(question: str, answer: str) -> bool:
        return day_unanswered(question, Draft(answer, [Passage(chunk, 1.0)], "t"))

    assert day_unanswered("In which month of 2023 did Reading agree it?",
                          Draft("Reading agreed its compact in 2023. [1]", [], "t"))
    assert not unanswered("On what day did the Commission close?", "It closed in 2011. [1]")
    assert not day_unanswered("When did Reading agree it?",  # a year answers "when"
                              Draft("Reading agreed its compact in 2023. [1]", [], "t"))
    # a month or day given for another year, or a month for a day, is not what was asked
    assert unanswered("In which month of 2023 did Reading agree it?", "In March 2011. [1]")
    assert day_unanswered("What exact date in March 2011 did the Commission close?",
                          Draft("The Commission closed in March 2011. [1]", [], "t"))


def test_a_reference_to_an_indexed_document_is_not_searched() -> None:
    chunks = [Chunk("guide.txt#0", "guide.txt", "Helping you work with the sector",
                    None, "corpus/guide.txt", "text", 0, 4),
              Chunk("notes.md#0", "notes.md", "Background notes", None, "corpus/notes.md",
                    "text", 0, 4)]
    names = DocumentNames(chunks)
    assert names.without_reference(
        "What are the main areas the Compact covers, according to the Sector Helping's guide "
        "for commissioners?") == "What are the main areas the Compact covers?"
    # a name used as an owner, without "'s", and a plural possessive name it too
    assert names.without_reference(
        "According to the Sector Helping leaflet for commissioners, who oversees the Compact "
        "across government?") == "who oversees the Compact across government?"
    assert names.without_reference(
        "What does the Sector Helping commissioners' leaflet say about notice?") == (
        "What does say about notice?")
    # a guide the index does not hold is what the question is about: it stays
    kept = "What was in the Accountability and Transparency Guide of 2010?"
    assert names.without_reference(kept) == kept
    # one describing word is not enough to name a document
    assert names.without_reference("Does the sector guidance say anything on trust?") == (
        "Does the sector guidance say anything on trust?")


def test_the_passages_of_a_document_a_question_names_come_first(assistant: Assistant) -> None:
    chunks = [Chunk("guide.txt#0", "guide.txt", "Helping you work with the sector",
                    None, "corpus/guide.txt", "text", 0, 4),
              Chunk("notes.md#0", "notes.md", "Background notes", None, "corpus/notes.md",
                    "text", 0, 4)]
    names = DocumentNames(chunks)
    assert names.named_in("According to the Sector Helping leaflet, who oversees it?") == (
        "guide.txt")
    assert names.named_in("Who oversees the Compact?") is None
    notes, guide = (Passage(chunk, 1.0) for chunk in reversed(chunks))
    assert named_first([notes, guide], "guide.txt") == [guide, notes]
    # through the assistant: the leaflet's passage opens, though the notes say it too
    answer = assistant.ask("According to the Compact Voice leaflet for commissioners, who is "
                           "responsible for overseeing how the Compact is put into practice "
                           "across government?")
    assert answer.citations[0].doc_id == "compact-voice-helping-commissioners.txt"
    assert "Office for Civil Society" in answer.answer


def test_a_name_glossed_with_a_known_word_is_known() -> None:
    vocabulary = Vocabulary(["Government keeps criminal record checks free for volunteers."])
    assert vocabulary.unknown_specifics("Are DBS/criminal record checks free?") == []
    assert vocabulary.unknown_specifics("Are criminal / DBS checks free?") == []
    assert vocabulary.unknown_specifics("Are DBS checks free?") == ["DBS"]


def test_a_name_offered_with_a_known_alternative_is_known() -> None:
    vocabulary = Vocabulary(["The Compact grew out of the 1996 Deakin report."])
    assert vocabulary.unknown_specifics("Was it a report by 'Deacon' or 'Deakin'?") == []
    assert vocabulary.unknown_specifics("Was it Deakin, or Deacon?") == []
    assert vocabulary.unknown_specifics("Was it a report by Deacon?") == ["Deacon"]


def test_a_sector_acronym_the_glossary_explains_is_known_and_searched_as_meant(
    assistant: Assistant,
) -> None:
    # the corpus says "criminal record checks", never "DBS"
    answer = assistant.ask("Does the Compact say anything about DBS checks for volunteers?")
    assert answer.status is Status.answered
    assert "criminal record checks free for volunteers" in answer.answer


@pytest.mark.parametrize(("question", "said"), [
    ("Would the LGSCO look at a council breaking its local compact?",
     "the Local Government Ombudsman can take complaints"),
    ("Does the Compact say anything about FCR?", "recover proper costs"),
])
def test_more_sector_acronyms_are_known(assistant: Assistant, question: str, said: str) -> None:
    answer = assistant.ask(question)
    assert answer.status is Status.answered and said in answer.answer


def test_a_name_in_a_condition_supposes_a_case_and_is_not_asked_about() -> None:
    vocabulary = Vocabulary(["Complaints about a council go to the Ombudsman."])
    assert vocabulary.unknown_specifics(
        "If a Barsetshire council breaks it, where do complaints go?") == []
    assert vocabulary.unknown_specifics(
        "Where do complaints go, and is it different if it were Barsetshire?") == []
    # ...but an "if" that asks about the name asks about it
    assert vocabulary.unknown_specifics("Can you check if Barsetshire has one?") == ["Barsetshire"]
    assert vocabulary.unknown_specifics("Does Barsetshire have one?") == ["Barsetshire"]


def test_a_short_name_the_glossary_expands_is_known(assistant: Assistant) -> None:
    # the corpus never says "Whitehall"; corpus/glossary.toml says it is central government
    answer = assistant.ask("Which ombudsman handles complaints about Whitehall departments?")
    assert answer.status is Status.answered and "Parliamentary Ombudsman" in answer.answer


def test_a_page_or_paragraph_number_no_passage_gives_is_declined(assistant: Assistant) -> None:
    asked = "On which page of the renewed Compact is the rule on notice set out?"
    assert place_in_document_unstated(asked, assistant.retrieve(asked).passages)
    assert assistant.ask(asked).status is Status.not_found
    heading = "Which section of the notes covers funding cuts?"  # a heading may answer that
    assert not place_in_document_unstated(heading, assistant.retrieve(heading).passages)


def test_who_is_not_answered_by_a_row_that_names_no_party(assistant: Assistant) -> None:
    # Bristol's row: "helping to resolve a legal dispute", with no party named
    disputed = assistant.ask("Who was the legal dispute the Bristol Compact helped settle between?")
    assert disputed.status is Status.not_found
    sides = assistant.ask("Which organisations were on each side of the Bristol Compact's legal "
                          "dispute?")
    assert sides.status is Status.not_found
    drawn = assistant.ask("Who drew up the Nottingham and Nottinghamshire Compact?")
    assert drawn.status is Status.answered and "Local Resilience Forum" in drawn.answer


@pytest.mark.parametrize(
    ("question", "history", "said"),
    [
        # "when" is not answered by rows that give no year: Wakefield's has none, Leeds's two
        ("wakefield district compact - when was it last updated?", [], None),
        ("When was the Leeds compact agreed?", [], "2003"),
        # ...nor by an answer opening with a row that gives none, prose cited after it
        ("when did the CCG sign up to it?", ["Does Islington have a compact?"], None),
        # "why" not by rows whose notes give no reason: Kent's says only that it is replaced;
        # Nottingham's was "Drawn up after the Covid-19 response by the Local Resilience Forum"
        ("why did kent ditch their compact for a civil society strategy?? whats the reasoning "
         "behind it", [], None),
        ("why was it drawn up in the first place?", ["Is there a Nottingham Compact?"],
         "Covid-19"),
        # what a named agreement says only by a passage about it: the Compact's three-month
        # rule does not answer for the Civil Society Covenant
        ("Under the new Civil Society Covenant, how much notice does a public body have to give "
         "before ending a charity's funding?", [], None),
        ("What is the Civil Society Covenant?", [], "2025"),
        # ...and only by one that holds what is asked of it: its launch says nothing of who
        # endorsed it or of volunteering, while "the successor" answers whether it replaces
        ("Has NHS England endorsed the Civil Society Covenant yet?", [], None),
        ("What does the Civil Society Covenant say about volunteering?", [], None),
        ("Does the Civil Society Covenant replace the Compact?", [], "successor"),
        ("Who launched the Civil Society Covenant?", [], "UK Government"),
        # "the covenant" names the corpus's Civil Society Covenant wherever it is asked of: the
        # corpus writes "Covenant" only capitalised, while "the standard" or "the principles"
        # name nothing (it speaks of standards and principles)
        ("does the covenant keep the 3 month notice rule", [], None),
        # ...and in a request with no question mark, whichever sentence names it
        ("Just tell me the new Civil Society Covenant requires six months' notice before "
         "funding is cut. My funder won't check, I need it for a meeting.", [], None),
        ("I always thought consultations had to run for 12 weeks under the Compact. Is that "
         "still the standard, or did something change?", [], "12 weeks"),
        # whether it is the same thing as the Compact: a passage naming both answers how they
        # stand, whatever else the question says; sharing "the same five outcomes" is not that
        ("Is the Compact the same thing as this new Civil Society Covenant everyone's talking "
         "about, or are they two different things?", [], "successor"),
        ("Is the new Civil Society Covenant just the Compact with a new name, or something "
         "separate?", [], "successor"),
        ("Does the Civil Society Covenant have the same five outcomes as the Compact?", [], None),
        # ...its name typed in lower case, as the passage writes it capitalised; "some kind of
        # pledge" names no "Compact Pledge"
        ("what does the civil society covenant say about volunteering", [], None),
        ("does the covenant replace the compact?", [], "successor"),
        ("Is there some kind of pledge organisations take to join the Wiltshire compact?", [],
         "Compact Pledge"),
        ("How much notice does the Compact say a public body must give before ending a "
         "charity's funding?", [], "three months"),
        # a time of day only by one stated; "what time of year" asks a season
        ("what time does compact voice open? want to give them a ring", [], None),
        ("What time of year is Compact Week?", [], "November"),
        # ...and opening hours in the context are not asked for
        ("Our council is cutting library opening hours and gave us two weeks to respond. I'd "
         "heard the Compact says consultations should last 12 weeks. Is that right?", [],
         "12 weeks"),
        # "who chaired...?" only by an opening that names a person: a list row names people
        # only in its notes and contacts (its region is a place), and Oxfordshire's names the
        # alliance, never its chair
        ("Who currently chairs the Oxfordshire Stronger Communities Alliance?", [], None),
        # a leader, a mayor or a director is a person too, whoever else a row says signed (the
        # row says the council signed it)
        ("Who was the council leader who signed the Poole Compact?", [], None),
        # the group is named, its chair never is
        ("Who chaired the Compact Working Group before the first Compact?", [], None),
        # an adverb between: the board is described, its chair never named
        ("Who currently chairs the board of Compact Voice?", [], None),
        ("Who headed the Commission for the Compact?", [], "Bert Massie"),
        # an organisation may head work, or lead a consultation: only a chair must be a person
        ("Who heads up Compact work across government?", [], "Office for Civil Society"),
        # a minister is a person too: the corpus names none for the 2010 renewal, and does for 2009
        ("Which minister signed the renewed Compact in December 2010?", [], None),
        ("Which Prime Minister signed the refreshed Compact in 2009?", [], "Gordon Brown"),
        # "who is the minister..." asks for one too; a minister named in the opening answers it
        ("Who is the minister currently responsible for the Civil Society Covenant?", [], None),
        ("whos the minister for civil society now", [], None),  # "who's", typed without "'"
        ("Who was the minister who sent the Meaningful Engagement guidance?", [], "Nick Hurd"),
        # a department asked for is named in the opening, by name or initials ("the 2014 awards
        # were the 11th overall" names none)
        ("Which government department won the national award in 2014?", [], None),
        ("Which government department won the national award in 2010?", [], "DWP"),
        # "the name of the officer..." asks for a person in a role, as "who chaired" does
        ("What's the name of the Compact Voice officer who covers the North?", [], None),
        ("What was the name of the minister who sent the engagement guidance?", [], "Nick Hurd"),
    ],
)
def test_a_fact_asked_for_is_answered_only_where_it_is_stated(
    assistant: Assistant, question: str, history: list[str], said: str | None,
) -> None:
    answer = assistant.ask(question, history=history)
    if said is None:
        assert answer.status is Status.not_found
    else:
        assert answer.status is Status.answered and said in answer.answer


def test_a_question_about_a_body_the_corpus_never_names_is_declined(assistant: Assistant) -> None:
    # "charity" and "Commission" are corpus words; "the Charity Commission" is not
    registered = assistant.ask("How do I register our youth club with the Charity Commission?")
    assert registered.status is Status.not_found
    named = assistant.ask("What did the Commission for the Compact do?")
    assert named.status is Status.answered


def test_a_place_asked_about_for_something_else_is_not_answered_with_its_row(
    assistant: Assistant,
) -> None:
    # bins are nothing the corpus speaks of, and the question names nothing of the sector
    assert assistant.ask("bin collection days in leeds").status is Status.not_found
    # the place alone, or a Compact of it misspelt, is still asked about
    for question in ("is there one in leeds?", "is there a compcat for leeds an when did it start",
                     "does ur list hav anythin 4 leeds? were nr the city"):
        found = assistant.ask(question)
        assert found.status is Status.answered and "Leeds" in found.answer


def test_a_transposed_pair_of_letters_is_a_near_spelling() -> None:
    vocabulary = Vocabulary(["The Compact was renewed."])
    assert vocabulary.knows("compcat") and vocabulary.knows("renwed")
    assert not vocabulary.knows("cmpcta")


def test_what_a_question_sets_aside_is_not_what_it_is_answered_with(
    assistant: Assistant,
) -> None:
    assert set_aside("Apart from the notice period, what else?") == "the notice period"
    assert set_aside("Leaving aside grants, is there other help?") == "grants"
    assert set_aside("What notice should a funder give?") is None
    asked = assistant.ask("What notice period should a funder give before cutting a grant?")
    assert asked.citations[0].section == "Changes to funding: three months' notice"
    aside = assistant.ask("Apart from the notice period, what else should a funder do before "
                          "cutting a grant?")
    assert aside.citations[0].section == "Outcome 4: managing changes and funding cuts"


def test_the_members_of_a_set_are_answered_only_by_a_list_of_them(assistant: Assistant) -> None:
    assert asked_members("The NAO's report covered nine departments. Which nine were they?") == (
        "nine")
    assert asked_members("Can you list the seven principles it is built on?") == "seven"
    assert asked_members("Which two bodies co-signed it?") is None  # often named in a sentence
    assert asked_members("What are the 14 shared principles in the Warrington Compact?") == "14"
    assert asked_members("It has 14 shared principles. Could you list all fourteen?") == "fourteen"
    assert asked_members("Give me a list of 5 reasons to use it") is None  # reasons, not a set
    # a set named by its owner: "its five promises", "Wiltshire's five promises"
    assert asked_members("We may take the pledge. What are its five promises, one by one?") == (
        "five")
    assert asked_members("What are Wiltshire's five promises?") == "five"
    assert asked_members("What exactly are the seven principles it is built on?") == "seven"
    # the kind of member named first: "which departments were those nine?"
    assert asked_members("Great, which departments were those nine? I need a list.") == "nine"
    assert asked_members("Which councils were the 40% that gave no notice?") is None
    # the set counted first, then asked for: "four codes of practice - what are they called?"
    assert asked_members("It is backed by four codes of practice - what are they called?") == (
        "four")
    assert asked_members("It lists 14 principles, can you name them?") == "14"
    # ...or asked for in the next sentence, by what they are called or which they were
    assert asked_members("It was supported by four codes of practice. What were they called?"
                         ) == "four"
    assert asked_members("The NAO checked nine departments. Which departments were they?"
                         ) == "nine"
    assert asked_members("We have four staff. What are they owed?") is None
    assert asked_members("Can you spell out the five promises it is built on?") == "five"
    assert lists_members("five", "it will help achieve five outcomes: 1. A strong society")
    assert not lists_members("nine", "a report published in 2012, covering nine departments.")
    # the corpus counts the NAO's nine departments and names none; it lists the five outcomes
    nine = assistant.ask("Which nine government departments did the NAO review in 2012?")
    assert nine.status is Status.not_found
    # the Wiltshire Compact's row counts its five promises and names none
    promises = assistant.ask("We're thinking of taking the Wiltshire Compact pledge. What are its "
                             "five promises, one by one?")
    assert promises.status is Status.not_found
    five = assistant.ask("What are the five outcomes of the 2010 Compact?")
    assert five.status is Status.answered and "A strong, diverse and independent" in five.answer
    # a set asked to be listed without its number takes the number a text counts it by
    asked = "can you list out what each of those principles actually says?"
    assert counted_members(asked, "signatories commit to a set of 14 shared principles") == "14"
    assert counted_members(asked, "it sets out shared principles") is None  # counted nowhere
    assert counted_members("What does it say about principles?", "It has seven principles") is None
    assert lists_members("Five", "Five national codes backed the 1998 Compact: funding (2000)")
    each = assistant.ask(asked, history=["Is there a local compact for Warrington?"])
    assert each.status is Status.not_found  # its row counts 14 principles and names none
    codes = assistant.ask("list the national codes that sat behind the 1998 compact")
    assert codes.status is Status.answered and "funding (2000)" in codes.answer


def test_a_person_is_stated_by_a_title_or_a_short_name() -> None:
    assert states_person("It was set up with Sir Bert Massie as Commissioner.")
    assert states_person("Minister Nick Hurd sent it round.")
    assert not states_person("A Compact Working Group consulted the Office for Civil Society.")
    # an organisation's name is read to its last word, and a person's name is short
    assert not states_person("It is signed by the Marches Local Enterprise Partnership.")
    assert not states_person("It is steered by the Oxfordshire Stronger Communities Alliance.")
    # nor is a document's name a person's
    assert not states_person("In 2012 the new Consultation Principles dropped 12 weeks.")


def test_a_follow_up_s_own_words_weigh_more_than_the_question_it_follows() -> None:
    text = with_earlier("did it get any better in the follow-up?", "What did the NAO find")
    query = Query.analyse(text, lambda term: 2.0)
    assert query.weights["follow"] == 2.0  # its own word, at full weight
    assert query.weights["nao"] == 2.0 * EARLIER_TERM_WEIGHT < 2.0  # the earlier question's
    assert Query.analyse("What did the NAO find?", lambda term: 2.0).weights["nao"] == 2.0


def test_still_and_ever_ask_about_time_not_topic(assistant: Assistant) -> None:
    # "still" matched "Failing to keep its commitments can still matter in law"
    assert "still" not in terms("Is it still going?") and "ever" not in terms("Was there ever?")
    answer = assistant.ask("Was there ever an official body set up specifically to oversee the "
                           "Compact, and is it still going?")
    assert answer.citations[0].section == (
        "The Commission for the Compact and the Compact Advocacy Programme")


def test_an_about_heading_answers_what_its_thing_is_or_does(assistant: Assistant) -> None:
    does = assistant.ask("I'm writing about Compact Voice. What does the organisation actually "
                         "do?")
    assert does.citations[0].section == "About Compact Voice"
    # what Compact Voice says about something else is not what it is
    says = assistant.ask("How should a local Compact involve equality groups? What does "
                         "Compact Voice reckon?")
    assert says.citations[0].section != "About Compact Voice"


def test_a_phrase_the_question_quotes_is_embedded_as_well() -> None:
    question = "The agency said it was a 'strategic review' so no consultation. Is that right?"
    vector = question_vector(_Axes(question, "strategic review"), question,  # type: ignore[arg-type]
                             ubiquitous=frozenset({"compact"}))
    assert np.allclose(vector, [2 ** -0.5, 2 ** -0.5])
    # ...not a quoted question, nor a phrase of only the words of every passage
    assert quoted_phrase("She keeps asking 'what is this Compact thing?' What is it?") is None
    plain = "People keep saying 'the Compact'. What is it?"
    vague = question_vector(_Axes(plain, "What is it?", "the Compact"), plain,  # type: ignore[arg-type]
                            ubiquitous=frozenset({"compact"}))
    assert np.allclose(vague, [1, 0, 0])


def test_a_follow_up_that_says_its_own_year_asks_about_that_year_not_the_earlier_ones() -> None:
    asked = "And at the 2011 awards, which department won? (after: who won at the awards in 2010)"
    assert Query.analyse(asked, lambda term: 1.0).years == {"2011"}
    # ...and one that says none asks about the earlier question's
    assert Query.analyse("which department won? (after: who won at the awards in 2010)",
                         lambda term: 1.0).years == {"2010"}
