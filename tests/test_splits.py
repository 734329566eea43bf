"""The frozen tune/test split and the `complete` metric."""

from __future__ import annotations

from collections import Counter

from evals.cases import load_cases
from evals.metrics import summarise
from evals.scoring import CaseResult
from evals.splits import TUNE_ONLY_BATCHES, assign_splits


def test_every_case_has_a_split_and_each_category_is_near_half_test() -> None:
    cases = load_cases()
    assert {c.split for c in cases} == {"tune", "test"}
    dealt = [c for c in cases if not c.id.startswith(TUNE_ONLY_BATCHES)]
    for category in {c.category for c in dealt}:
        counts = Counter(c.split for c in dealt if c.category == category)
        assert abs(counts["test"] - counts["tune"]) <= 1, (category, counts)
    assert all(c.split == "tune" for c in cases if c.id.startswith(TUNE_ONLY_BATCHES))


def test_a_tune_only_batch_is_not_dealt_and_does_not_unbalance_the_rest() -> None:
    cases = [{"id": f"c{i}", "category": "guidance"} for i in range(4)]
    cases += [{"id": f"{TUNE_ONLY_BATCHES[0]}{i}", "category": "guidance"} for i in range(6)]
    dealt = assign_splits(cases)
    assert all(c["split"] == "tune" for c in dealt[4:])
    assert Counter(c["split"] for c in dealt[:4]) == {"test": 2, "tune": 2}


def test_splits_once_given_never_change_and_new_cases_are_dealt_by_seed() -> None:
    cases = [{"id": f"c{i}", "category": "guidance"} for i in range(10)]
    cases[0]["split"] = "test"
    first = assign_splits([dict(c) for c in cases])
    again = assign_splits([dict(c) for c in cases])
    assert first == again and first[0]["split"] == "test"
    assert Counter(c["split"] for c in first) == {"test": 5, "tune": 5}
    grown = assign_splits([*first, {"id": "c10", "category": "guidance"}])
    assert [c["split"] for c in grown[:10]] == [c["split"] for c in first]


def test_complete_is_the_share_of_points_stated() -> None:
    def result(points: list[str], stated: list[str]) -> CaseResult:
        return CaseResult("c", "guidance", "q", "answered", False, False, points=points,
                          points_stated=stated, evidence=["x"])

    summary = summarise([result(["a", "b"], ["a"]), result(["a", "b", "c"], ["a", "b", "c"]),
                         result([], [])])
    assert summary["complete"] == (0.5 + 1.0) / 2


def test_the_unseen_cases_quote_the_corpus_and_are_all_test_cases() -> None:
    import json

    from assistant.config import PROJECT_ROOT
    from evals.check_cases import check_case, load_corpus_lines

    lines = load_corpus_lines(PROJECT_ROOT / "corpus")
    unseen = [json.loads(line) for line in
              (PROJECT_ROOT / "evals" / "unseen.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(unseen) >= 40
    assert all(case["split"] == "test" for case in unseen)
    assert [(c["id"], check_case(c, lines)) for c in unseen if check_case(c, lines)] == []
