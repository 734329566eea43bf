"""Question analysis, the fitted ranker and the answer it composes, on the real corpus."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.answer.refusal import unmatched_years
from assistant.config import Settings
from assistant.pipeline import Assistant, build_assistant, build_index
from assistant.schemas import Status
from assistant.search.questions import AnswerType, answer_type, sentence_fits
from assistant.search.ranking import FEATURES, SENTENCE_FEATURES, WEIGHTS_FILE, LinearRanker
from evals.tune import pairs


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who oversees the Compact in government?", AnswerType.person),
        ("When was the national Compact first agreed?", AnswerType.date),
        ("How many local Compacts were there in 2013?", AnswerType.number),
        ("What share of consultations ran for 12 weeks?", AnswerType.number),
        ("Why should a PCC use the Compact?", AnswerType.reasons),
        ("Give me three reasons to sign up", AnswerType.reasons),
        ("How do we challenge a funding cut?", AnswerType.steps),
        ("Is the Compact legally binding?", AnswerType.other),
    ],
)
def test_answer_types(question: str, kind: AnswerType) -> None:
    assert answer_type(question) is kind


def test_sentences_fit_the_kind_asked_for() -> None:
    assert sentence_fits(AnswerType.date, "It was renewed in December 2010.")
    assert not sentence_fits(AnswerType.date, "It is a voluntary agreement.")
    assert sentence_fits(AnswerType.number, "81% of consultations ran for 12 weeks.")
    assert sentence_fits(AnswerType.person, "The Office for Civil Society leads on it.")


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
    question = "What did the Office for Civil Society's 1987 review say about consultation?"
    assert unmatched_years(question, assistant.retrieve(question).passages) == {"1987"}
    assert assistant.ask(question).status is Status.not_found
    renewed = "What changed when the Compact was renewed in 2010?"
    assert not unmatched_years(renewed, assistant.retrieve(renewed).passages)


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
