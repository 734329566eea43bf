"""Fit the ranker's two scorers on the tuning split, by cross-validation, and save them.

1. Passages: every answerable tuning case is searched as the assistant would search it
   (follow-ups rewritten from their history); each candidate passage is labelled by whether it
   holds the case's evidence.
2. Sentences: each sentence of the top passages (ranked by the scorer fitted in step 1) is
   labelled by whether it states the evidence. The best-scoring sentence opens the answer, and
   its passage becomes citation [1].

Each scorer is a pairwise logistic regression (a linear RankNet: evidence-holding candidates
against the hardest others of the same case), its regularisation chosen by held-out hit@1 over
folds grouped by case, then fitted on every tuning case. The frozen test split is never read.

Usage: python -m evals.tune [--dry-run] [--cases FILE] [--out FILE]
       (writes assistant/search/ranker.json unless --dry-run; --cases fits another file's tuning
       split, for example older cases only, to compare weight sets on cases none was fitted on)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.chat.followups import rewrite
from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.search.ranking import (
    FALLBACK_SENTENCE_WEIGHTS,
    FALLBACK_WEIGHTS,
    FEATURES,
    SENTENCE_FEATURES,
    WEIGHTS_FILE,
    LinearRanker,
    LinearScorer,
    features,
    sentence_features,
)

from .cases import CASES_FILE, Case, load_cases
from .scoring import contains_evidence

FOLDS = 5
C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
HARD_NEGATIVES = 8  # per case: the candidates the hand-set rule ranks highest without evidence
TUNE_SPLIT = "tune"
CUTOFF_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
# what a cut-off is judged on: the evidence first, stated, and the points of multi-point cases
COMPOSITION_METRICS = ("hit@1", "answer_states_evidence", "complete")


@dataclass
class Examples:
    """Candidates of the tuning cases: features, labels, the case each belongs to, and whether
    ranking it first would put the evidence in citation [1] (`hit`)."""

    names: tuple[str, ...]
    fallback: dict[str, float]
    x: np.ndarray
    y: np.ndarray
    hit: np.ndarray
    group: np.ndarray
    skipped: list[str]

    @property
    def hand(self) -> np.ndarray:
        """Each candidate's score by the hand-set rule the fitted scorer replaces."""
        return self.x @ np.asarray([self.fallback.get(name, 0.0) for name in self.names])


Row = tuple[list[float], bool, bool]  # features, label, hit


def collect(
    assistant: Assistant, cases: list[Case], rows_of: Callable[[Case, Any], list[Row]],
    names: tuple[str, ...], fallback: dict[str, float],
) -> Examples:
    """Candidate rows of every answerable tuning case that has at least one positive."""
    x, y, hit, group, skipped = [], [], [], [], []
    retriever = assistant.loaded.retriever
    for number, case in enumerate(c for c in cases if c.answerable and c.split == TUNE_SPLIT):
        found = retriever.retrieve(rewrite(case.question, list(case.history)), assistant.top_k)
        rows = rows_of(case, found)
        if not any(label for _, label, _ in rows):
            skipped.append(case.id)
            continue
        for values, label, is_hit in rows:
            x.append(values)
            y.append(int(label))
            hit.append(int(is_hit))
            group.append(number)
    return Examples(names, fallback, np.asarray(x), np.asarray(y), np.asarray(hit),
                    np.asarray(group), skipped)


def passage_rows(case: Case, found: Any) -> list[Row]:
    """Every candidate passage: labelled and a hit when it holds the evidence."""
    rows = []
    for passage in found.candidates:
        holds = contains_evidence(passage.chunk.text, case.evidence)
        rows.append((features(found.query, passage), holds, holds))
    return rows


def sentence_rows(case: Case, found: Any) -> list[Row]:
    """Every sentence of the top passages: labelled when it states the evidence, a hit when its
    passage holds it."""
    rows = []
    for rank, passage in enumerate(found.passages):
        chunk = passage.chunk
        holds = contains_evidence(chunk.text, case.evidence)
        for index, (start, end) in enumerate(chunk.sentence_units()):
            text = chunk.text[start:end]
            values = sentence_features(found.query, passage, rank, index, text)
            rows.append((values, contains_evidence(text, case.evidence), holds))
    return rows


def ranking_quality(scores: np.ndarray, examples: Examples) -> tuple[float, float]:
    """hit@1 (the top candidate is a hit) and MRR of the first hit, over the cases."""
    hits, reciprocal = [], []
    for group in np.unique(examples.group):
        rows = np.flatnonzero(examples.group == group)
        order = rows[np.argsort(-scores[rows], kind="stable")]
        ranks = np.flatnonzero(examples.hit[order]) + 1
        hits.append(float(len(ranks) and ranks[0] == 1))
        reciprocal.append(1.0 / ranks[0] if len(ranks) else 0.0)
    return float(np.mean(hits)), float(np.mean(reciprocal))


def pairs(x: np.ndarray, y: np.ndarray, group: np.ndarray, hand: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray]:
    """Within each case, (positive, hard negative) pairs as feature differences, both ways
    round: label 1 when the first is the positive."""
    differences = []
    for g in np.unique(group):
        rows = group == g
        positive, negative = x[rows & (y == 1)], x[rows & (y == 0)]
        # the negatives that matter are those near the top: the hardest by the hand-set rule
        negative = negative[np.argsort(-hand[rows & (y == 0)])[:HARD_NEGATIVES]]
        if len(positive) and len(negative):
            both = positive[:, None, :] - negative[None, :, :]
            differences.append(both.reshape(-1, x.shape[1]))
    d = np.concatenate(differences)
    return np.concatenate([d, -d]), np.concatenate([np.ones(len(d)), np.zeros(len(d))])


def fit(examples: Examples, rows: np.ndarray, c: float) -> np.ndarray:
    """Pairwise logistic regression on standardised features; the weights on the raw features
    (only the order matters, so there is no bias to fit)."""
    from sklearn.linear_model import LogisticRegression

    x = examples.x[rows]
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    d, labels = pairs(x / scale, examples.y[rows], examples.group[rows], examples.hand[rows])
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
    model.fit(d, labels)
    return np.asarray(model.coef_[0] / scale)


def cross_validate(examples: Examples, c: float) -> tuple[float, float]:
    """Held-out hit@1 and MRR over folds grouped by case."""
    from sklearn.model_selection import GroupKFold

    scores = np.zeros(len(examples.y))
    for train, held_out in GroupKFold(n_splits=FOLDS).split(examples.x, examples.y,
                                                            examples.group):
        scores[held_out] = examples.x[held_out] @ fit(examples, train, c)
    return ranking_quality(scores, examples)


def without(examples: Examples, column: int) -> Examples:
    """The examples with one feature column zeroed (for the ablation table)."""
    x = examples.x.copy()
    x[:, column] = 0.0
    return replace(examples, x=x)


def choose(examples: Examples, label: str) -> dict[str, Any]:
    """Cross-validate the grid, print it with an ablation, fit the chosen C on everything."""
    n_cases = len(np.unique(examples.group))
    hand = ranking_quality(examples.hand, examples)
    print(f"\n{label}: {n_cases} tuning cases, {len(examples.y)} candidates "
          f"({int(examples.y.sum())} positive); no positive for {len(examples.skipped)}")
    print(f"  hand-set rule: hit@1 {hand[0]:.3f}, MRR {hand[1]:.3f}")
    grid = {c: cross_validate(examples, c) for c in C_GRID}
    for c, (hit, mrr) in grid.items():
        print(f"  C={c:<5}: cross-validated hit@1 {hit:.3f}, MRR {mrr:.3f}")
    best = max(C_GRID, key=lambda c: (grid[c], -c))
    ablation = {}
    for column, name in enumerate(examples.names):
        ablation[name] = cross_validate(without(examples, column), best)[0]
        print(f"  without {name:<24}: hit@1 {ablation[name]:.3f}")
    weights = fit(examples, np.arange(len(examples.y)), best)
    print(f"  chosen C={best}")
    return {
        "how": f"pairwise logistic regression, C={best} chosen by {FOLDS}-fold cross-validation "
               "grouped by case",
        "tuning_cases": n_cases,
        "candidates": len(examples.y),
        "cross_validated": {"hit@1": round(grid[best][0], 4), "mrr": round(grid[best][1], 4)},
        "hand_set_rule": {"hit@1": round(hand[0], 4), "mrr": round(hand[1], 4)},
        "without_each_feature_hit@1": {k: round(v, 4) for k, v in ablation.items()},
        "bias": 0.0,
        "weights": {n: round(float(w), 6) for n, w in zip(examples.names, weights, strict=True)},
    }


def choose_composition(
    assistant: Assistant, ranker: LinearRanker, cases: list[Case], settings: Settings
) -> dict[str, Any]:
    """The answerer's cut-off, chosen by asking the tuning cases through the real runner: the
    share of the best-to-worst spread a further sentence must reach to be stated."""
    from .corpus import document_texts, load_documents
    from .runner import run_system
    from .systems import AssistantSystem

    documents = document_texts(load_documents(settings.corpus_dir))
    tuning = [c for c in cases if c.split == TUNE_SPLIT]
    print("\nAnswer composition (the tuning cases, asked in full):")
    measured = {}
    for cutoff in CUTOFF_GRID:
        assistant.answerer = ExtractiveAnswerer(
            assistant._analyse, ranker.sentences, settings.max_answer_sentences,
            relative_cutoff=cutoff)
        summary = run_system(AssistantSystem(assistant), tuning, documents).summary
        measured[cutoff] = {k: round(summary[k], 4) for k in COMPOSITION_METRICS}
        print(f"  cut-off {cutoff}: " + ", ".join(f"{k} {v:.3f}" for k, v in
                                                   measured[cutoff].items()))
    best = max(CUTOFF_GRID, key=lambda c: (
        sum(measured[c][k] for k in COMPOSITION_METRICS), c))
    print(f"  chosen cut-off {best}")
    return {"relative_cutoff": best, "measured": {str(k): v for k, v in measured.items()}}


def main(argv: list[str] | None = None) -> int:
    """Fit both scorers in turn on the tuning split; save them with how they were chosen."""
    parser = argparse.ArgumentParser(prog="python -m evals.tune",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="print, but do not save weights")
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE, help="weights file to write")
    parser.add_argument("--cases", type=Path, default=CASES_FILE,
                        help="cases file whose tuning split is fitted (default: evals/cases.jsonl)")
    args = parser.parse_args(argv)
    from assistant.pipeline import build_assistant, build_embedder, build_indexer

    settings = Settings()
    embedder = build_embedder(settings)
    build_indexer(settings, embedder_factory=lambda: embedder).build()
    hand_set = LinearRanker(LinearScorer(FEATURES, FALLBACK_WEIGHTS),
                            LinearScorer(SENTENCE_FEATURES, FALLBACK_SENTENCE_WEIGHTS))
    assistant = build_assistant(settings, embedder=embedder, ranker=hand_set)
    from .corpus import load_documents, with_rows_named

    cases = with_rows_named(load_cases(args.cases), load_documents(settings.corpus_dir))
    passage = choose(collect(assistant, cases, passage_rows, FEATURES, FALLBACK_WEIGHTS),
                     "Passages")
    fitted = LinearScorer(FEATURES, passage["weights"])
    assistant.loaded.retriever.ranker = replace(hand_set, passages=fitted)
    sentence = choose(collect(assistant, cases, sentence_rows, SENTENCE_FEATURES,
                              FALLBACK_SENTENCE_WEIGHTS), "Sentences (of the top passages)")
    fitted_ranker = LinearRanker(fitted, LinearScorer(SENTENCE_FEATURES, sentence["weights"]))
    assistant.loaded.retriever.ranker = fitted_ranker
    composition = choose_composition(assistant, fitted_ranker, cases, settings)
    record = {
        "fitted": date.today().isoformat(),
        "command": "python -m evals.tune (the tuning split of evals/cases.jsonl only)",
        "passage": passage,
        "sentence": sentence,
        "answer": composition,
    }
    if not args.dry_run:
        args.out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
