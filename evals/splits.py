"""Give each case a split, once: "tune" (weights and thresholds are chosen on it) or "test"
(frozen: only ever reported).

A case keeps the split it was given, so the test split stays frozen as cases are added. New
cases are shuffled with a fixed seed within their category and dealt so that each category
stays as close as it can to `TEST_SHARE` in the test split (stratified by category).

Usage: python -m evals.splits [cases.jsonl]   (rewrites the file, adding "split" where missing)
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from .cases import CASES_FILE

SPLITS = ("tune", "test")
TEST_SHARE = 0.5  # half the cases judge; the other half is enough to fit a few weights by CV
SEED = 20261201  # fixed, so that the same new cases always land in the same splits
# Batches added whole to the tuning split, never dealt: written blind on 2026-12-02 (c and d in
# the night, e and f in the morning, g, h and i a day later), after the test split had been
# reported, to give the fitted weights more questions to learn from. unseen2, unseen4 to
# unseen10 were held-out sets, each asked once (their figures are in evals/README.md) and then
# read, so they joined the tuning split; unseen13, answerable questions written to probe false
# refusals, joined it the same way; so did unseen12 and unseen14, the seventh round's judges.
TUNE_ONLY_BATCHES = ("blind-c-", "blind-d-", "blind-e-", "blind-f-", "unseen2-", "blind-g-",
                     "blind-h-", "blind-i-", "unseen4-", "unseen5-",
                     "unseen6-", "unseen7-", "unseen8-", "unseen9-", "unseen10-", "unseen13-",
                     "unseen12-", "unseen14-", "unseen15-", "unseen16-", "unseen17-",
                     "unseen18-", "unseen19-", "unseen20-", "unseen21-", "unseen23-",
                     "unseen24-", "unseen26-", "unseen27-", "unseen28-", "unseen30-",
                     "unseen31-", "unseen32-", "unseen33-", "unseen29-", "unseen35-",
                     "unseen36-", "unseen38-", "unseen39-", "unseen40-", "unseen43-",
                     "unseen44-", "unseen45-", "unseen47-", "unseen48-", "unseen49-",
                     "unseen50-", "unseen52-", "unseen53-", "unseen54-", "unseen56-",
                     "unseen57-", "unseen59-", "unseen60-", "unseen61-", "unseen64-",
                     "unseen65-", "unseen66-", "unseen68-", "unseen69-", "unseen70-",
                     "unseen74-", "unseen75-", "unseen77-", "unseen78-", "unseen79-",
                     "unseen81-", "unseen82-", "unseen83-", "unseen84-", "unseen86-",
                     "unseen87-", "unseen88-", "unseen89-", "unseen91-", "unseen92-",
                     "unseen93-", "unseen94-", "unseen96-", "unseen97-", "unseen98-",
                     "unseen99-", "unseen101-", "unseen102-", "unseen103-", "unseen104-",
                     "unseen106-", "unseen107-", "unseen108-", "unseen109-", "unseen111-",
                     "unseen112-", "unseen113-", "unseen114-", "unseen115-", "unseen116-",
                     "unseen118-", "unseen119-", "unseen120-", "unseen121-", "unseen122-",
                     "unseen123-", "unseen124-", "unseen125-", "unseen126-", "unseen127-",
                     "unseen128-", "unseen130-", "unseen131-", "unseen132-", "unseen133-",
                     "unseen134-", "unseen135-")


def dealt(case: dict[str, Any]) -> bool:
    """True for a case dealt to a split by seed; False for a tune-only batch's case."""
    return not str(case.get("id", "")).startswith(TUNE_ONLY_BATCHES)


def assign_splits(cases: list[dict[str, Any]], seed: int = SEED) -> list[dict[str, Any]]:
    """The cases with a split each; cases that already have one keep it, and tune-only
    batches go to the tuning split."""
    by_category: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for case in cases:
        if not dealt(case):
            case.setdefault("split", "tune")
            continue
        by_category[str(case.get("category"))].append(case)
    rng = random.Random(seed)
    for category in sorted(by_category):
        group = by_category[category]
        new = sorted((c for c in group if c.get("split") not in SPLITS), key=lambda c: c["id"])
        rng.shuffle(new)
        in_test = sum(1 for c in group if c.get("split") == "test")
        for n, case in enumerate(new, start=len(group) - len(new) + 1):
            # deal to test while the category's test share is below target after n cases
            if in_test < round(TEST_SHARE * n):
                case["split"], in_test = "test", in_test + 1
            else:
                case["split"] = "tune"
    return cases


def main(argv: list[str] | None = None) -> int:
    """Add a split to every case of the file that lacks one; print the counts."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else CASES_FILE
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    cases = assign_splits([json.loads(line) for line in lines])
    path.write_text(
        "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases), encoding="utf-8"
    )
    counts: dict[str, int] = defaultdict(int)
    for case in cases:
        counts[f"{case['category']} {case['split']}"] += 1
    for key in sorted(counts):
        print(f"{key}: {counts[key]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
