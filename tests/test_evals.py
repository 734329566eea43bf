"""The evaluation suite: scoring, metrics, baselines, the gate, the report and --compare."""

from __future__ import annotations

import copy
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.search.embedders import Embedder
from evals.baselines import BM25Baseline, LangChainBaseline
from evals.cases import CASES_FILE, Case, load_cases
from evals.check_cases import main as check_cases_main
from evals.command import EvalOptions, baselines, evaluate, finish, run_eval
from evals.corpus import document_texts, load_documents, with_rows_named
from evals.gate import Thresholds, check, load_thresholds
from evals.metrics import summarise
from evals.results import SuiteResult, compare, load, save
from evals.scoring import score
from evals.systems import AssistantSystem, HttpSystem

from .conftest import CORPUS, CountingEmbedder

BACKGROUND = "national-compact-background.md"
GUIDANCE = "compact-voice-helping-commissioners.txt"
BINDING = "The Compact is a voluntary agreement and is not legally binding."


@pytest.fixture(scope="module")
def documents() -> dict[str, str]:
    """The shipped corpus, loaded independently of any index."""
    return document_texts(load_documents(CORPUS))


def _citation(n: int, documents: dict[str, str], phrase: str, doc_id: str = BACKGROUND) -> dict:
    start = documents[doc_id].index(phrase)
    return {"n": n, "doc_id": doc_id, "quote": documents[doc_id][start : start + len(phrase)]}


def _case(**fields: object) -> Case:
    base: dict = {"id": "t-1", "category": "national-compact", "question": "Is it binding?"}
    return Case(**{**base, **fields})  # type: ignore[arg-type]


def test_rank_is_that_of_the_first_citation_holding_the_evidence(documents: dict) -> None:
    case = _case(evidence=("is not legally binding",))
    citations = [
        _citation(1, documents, "The national Compact was first introduced in 1998", GUIDANCE),
        _citation(2, documents, BINDING),
        _citation(3, documents, BINDING),
    ]
    text = "It was introduced in 1998. [1]"
    answer = {"status": "answered", "answer": text, "citations": citations}
    result = score(case, answer, documents, latency_ms=3.0)
    assert result.evidence_rank == 2 and result.citations_valid
    assert not result.answer_states_evidence and not result.passed
    assert "evidence first cited at rank 2" in result.failure_reasons()

    answer = {"status": "answered", "answer": f"{BINDING} [1]",
              "citations": [_citation(1, documents, BINDING)]}
    result = score(case, answer, documents, latency_ms=3.0)
    assert result.evidence_rank == 1 and result.answer_states_evidence and result.passed


def test_a_row_quoted_as_the_csv_spells_it_is_found_in_a_citation_of_the_row(
        documents: dict) -> None:
    raw_row = "Sunderland,city (metropolitan district),North East"  # a line of the CSV file
    case = _case(category="local-compacts", question="Which Compacts are in the North East?",
                 evidence=(raw_row, "is not legally binding"),
                 points=(raw_row, "county,East Midlands", BINDING))
    [named] = with_rows_named([case], load_documents(CORPUS))
    # the row's name, as its citation quotes it; prose phrases, and a point that several rows
    # hold ("county,East Midlands"), are kept as written
    assert named.evidence == ("Sunderland Compact", "is not legally binding")
    assert named.points == ("Sunderland Compact", "county,East Midlands", BINDING)
    rows = next(doc_id for doc_id in documents if doc_id.endswith(".csv"))
    row = _citation(1, documents, "Sunderland Compact. Area: Sunderland.", rows)
    answer = {"status": "answered", "answer": "The list has Sunderland Compact [1].",
              "citations": [row]}
    assert score(case, answer, documents, 1.0).evidence_rank is None
    result = score(named, answer, documents, 1.0)
    assert result.evidence_rank == 1 and result.answer_states_evidence


def test_refusals_are_scored_against_what_the_case_expects(documents: dict) -> None:
    refuse = _case(id="t-refuse", category="out-of-scope", expect_refusal=True)
    answerable = _case(id="t-answer", evidence=("is not legally binding",))
    not_found = {"status": "not_found", "answer": "I could not find that.", "citations": []}
    answered = {"status": "answered", "answer": f"{BINDING} [1]",
                "citations": [_citation(1, documents, BINDING)]}
    results = [
        score(refuse, not_found, documents, 1.0),      # right refusal
        score(refuse, answered, documents, 1.0),       # should have refused
        score(answerable, not_found, documents, 1.0),  # false refusal
        score(answerable, answered, documents, 1.0),   # right answer
    ]
    assert [r.passed for r in results] == [True, False, False, True]
    assert results[1].failure_reasons() == ["answered instead of refusing"]
    assert results[2].failure_reasons() == ["refused (not_found)"]
    summary = summarise(results)
    assert summary["refusal_precision"] == 0.5 and summary["refusal_recall"] == 0.5
    assert summary["false_refusal_rate"] == 0.5 and summary["hit@1"] == 0.5
    assert summary["mrr"] == 0.5 and summary["pass_rate"] == 0.5


def test_a_tampered_quote_or_a_dangling_marker_makes_citations_invalid(documents: dict) -> None:
    case = _case(evidence=("is not legally binding",))
    tampered = _citation(1, documents, BINDING)
    tampered["quote"] = tampered["quote"].replace("not legally", "legally")
    answer = {"status": "answered", "answer": "It is legally binding. [1] [2]", "citations": [
        tampered, {"n": 3, "doc_id": "nowhere.txt", "quote": "anything"},
    ]}
    result = score(case, answer, documents, 1.0)
    assert not result.citations_valid and not result.passed
    assert result.citation_problems == [
        "[2] has no citation",
        f"citation 1: quote not found in {BACKGROUND}",
        "citation 3: unknown document 'nowhere.txt'",
    ]
    assert summarise([result])["citations_valid"] == 0.0


def test_the_gate_reads_floors_and_ceilings_and_rejects_unknown_metrics(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.toml"
    path.write_text('[minimum]\n"hit@1" = 0.9\n[maximum]\nfalse_refusal_rate = 0.05\n')
    thresholds = load_thresholds(path)
    assert check({"hit@1": 0.9, "false_refusal_rate": 0.05}, thresholds) == []
    failures = check({"hit@1": 0.89, "false_refusal_rate": 0.06}, thresholds)
    assert len(failures) == 2 and failures[0].startswith("hit@1 = 0.8900, below")
    assert check({"hit@1": math.nan}, Thresholds(minimum={"hit@1": 0.0})) != []
    path.write_text('[minimum]\nhit_at_one = 0.9\n')
    with pytest.raises(ValueError, match="unknown metric"):
        load_thresholds(path)


def test_shipped_thresholds_and_cases_are_valid() -> None:
    thresholds = load_thresholds()
    assert thresholds.minimum["citations_valid"] == 1.0
    assert check_cases_main([]) == 0


def test_baselines_answer_in_the_api_shape_and_build_lazily(
    embedder: Embedder, documents: dict
) -> None:
    loaded = load_documents(CORPUS)
    counting = CountingEmbedder(embedder)
    recipe = LangChainBaseline(loaded, counting)
    assert counting.embedded == 0  # constructing embeds nothing
    for baseline in (BM25Baseline(loaded), recipe):
        answer = baseline.ask("Is the Compact legally binding?")
        assert answer["status"] == "answered" and answer["answer"].endswith("[1]")
        assert [c["n"] for c in answer["citations"]] == [1, 2, 3, 4, 5]
        assert all(c["quote"] in documents[c["doc_id"]] for c in answer["citations"])
        assert any("not legally binding" in c["quote"] for c in answer["citations"])
    assert counting.embedded > 0


def test_history_reaches_the_assistant_for_follow_ups(assistant: Assistant) -> None:
    system = AssistantSystem(assistant)
    assert system.takes_history
    context = system.prepare(["Is there a local Compact in Leeds?"])
    answer = system.ask("when was it first launched?", context)
    assert "leeds" in answer["query"].lower()


@pytest.fixture(scope="module")
def sample_cases() -> list[Case]:
    """Two cases of each category: enough to exercise every branch quickly."""
    cases: list[Case] = []
    for case in load_cases():
        if sum(1 for c in cases if c.category == case.category) < 2:
            cases.append(case)
    return cases


@pytest.fixture(scope="module")
def suite(
    assistant: Assistant, embedder: Embedder, sample_cases: list[Case]
) -> SuiteResult:
    """The system and both baselines over the sample cases."""
    loaded = load_documents(CORPUS)
    systems = [AssistantSystem(assistant), *baselines(loaded, lambda: embedder)]
    quiet = Console(file=io.StringIO())
    result = evaluate(systems, sample_cases, document_texts(loaded), quiet)
    result.target, result.cases_file = "in-process", "sample"
    return result


def _finish(suite: SuiteResult, tmp_path: Path, **options: Any) -> tuple[int, str]:
    out = io.StringIO()
    code = finish(suite, EvalOptions(out_dir=tmp_path, **options), Console(file=out, width=200))
    return code, out.getvalue()


def test_every_system_is_scored_on_every_case(suite: SuiteResult, sample_cases: list) -> None:
    assert [run.name for run in suite.runs] == ["assistant", "bm25", "langchain"]
    for run in suite.runs:
        assert len(run.results) == len(sample_cases) and run.summary["errors"] == 0
        assert run.summary["citations_valid"] == 1.0
    assert all(run.summary["refusal_recall"] == 0.0 for run in suite.baselines)  # never refuse


def test_the_gate_fails_when_a_threshold_is_above_the_measured_value(
    suite: SuiteResult, tmp_path: Path
) -> None:
    measured = suite.system.gated_summary("test")["mrr"]  # the gate judges the test split
    thresholds = tmp_path / "thresholds.toml"
    thresholds.write_text(f"[minimum]\nmrr = {measured}\ncitations_valid = 1.0\n")
    assert _finish(suite, tmp_path, check=True, thresholds_file=thresholds)[0] == 0
    thresholds.write_text(f"[minimum]\nmrr = {measured + 0.01}\n")
    code, printed = _finish(suite, tmp_path, check=True, thresholds_file=thresholds)
    assert code == 1 and "Gate failed" in printed and "mrr = " in printed
    assert _finish(suite, tmp_path, check=False, thresholds_file=thresholds)[0] == 0


def test_the_report_is_written_and_self_contained(suite: SuiteResult, tmp_path: Path) -> None:
    thresholds = tmp_path / "thresholds.toml"
    thresholds.write_text("[minimum]\ncitations_valid = 1.0\n")
    code, printed = _finish(suite, tmp_path / "out", thresholds_file=thresholds)
    assert code == 0 and "hit@1" in printed and "LangChain recipe" in printed
    (folder,) = (tmp_path / "out").iterdir()
    html = (folder / "report.html").read_text()
    assert html.count("src='data:image/png;base64,") == 3
    assert "<link" not in html and "<script" not in html
    assert "src='http" not in html and 'src="http' not in html
    failed = [r for r in suite.system.results if not r.passed]
    tuning = [r for r in failed if r.split != "test"]
    frozen = [r for r in failed if r.split == "test"]
    assert all(r.case_id in html for r in tuning)
    assert not any(f">{r.case_id}<" in html for r in frozen)  # the test split's failures stay
    saved = json.loads((folder / "results.json").read_text())  # out of what tuning reads
    assert set(saved["systems"]) == {"assistant", "bm25", "langchain"}
    assert saved["gate"]["passed"] is True
    assert (folder / "failures.md").read_text().count("## ") == len(tuning)
    assert (folder / "failures-test.md").read_text().count("## ") == len(frozen)


def test_compare_lists_the_cases_that_got_better_or_worse(
    suite: SuiteResult, tmp_path: Path
) -> None:
    passing = [r.case_id for r in suite.system.results if r.passed and not r.expected_refusal]
    improved, regressed = passing[0], passing[1]
    previous = copy.deepcopy(suite)
    for result in previous.system.results:
        if result.case_id == improved:
            result.evidence_rank, result.answer_states_evidence = None, False
    current = copy.deepcopy(suite)
    for result in current.system.results:
        if result.case_id == regressed:
            result.evidence_rank = 3
    earlier = save(previous, tmp_path / "earlier")
    comparison = compare(load(earlier), current)
    assert [c.case_id for c in comparison.better] == [improved]
    assert [c.case_id for c in comparison.worse] == [regressed]
    assert comparison.worse[0].after.startswith("evidence first cited at rank 3")

    code, printed = _finish(current, tmp_path / "now", compare=earlier)
    assert f"{improved} " in printed.split("Better: 1 case(s)")[1].split("Worse")[0]
    assert f"{regressed} " in printed.split("Worse: 1 case(s)")[1]


@pytest.mark.parametrize("option", ["cases_file", "thresholds_file", "compare"])
def test_an_unreadable_input_file_is_named_before_anything_is_asked(
    option: str, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.file"
    out = io.StringIO()
    settings = Settings(corpus_dir=tmp_path / "no-corpus", index_dir=tmp_path / "no-index")
    options = EvalOptions(out_dir=tmp_path / "results", **{option: missing})
    code = run_eval(options, settings, Console(file=out, width=200))
    assert code == 2
    assert str(missing) in out.getvalue() and "error" in out.getvalue()
    assert not (tmp_path / "results").exists() and not (tmp_path / "no-index").exists()


def test_http_system_asks_history_first_in_one_conversation(live_api: str, documents: dict) -> None:
    system = HttpSystem(live_api)
    context = system.prepare(["Is there a local Compact in Leeds?"])
    assert isinstance(context, str) and context
    case = _case(evidence=("First launched in 2003",), question="when was it first launched?")
    answer = system.ask(case.question, context)
    assert answer["conversation_id"] == context and "leeds" in answer["query"].lower()
    result = score(case, answer, documents, 1.0)
    assert result.status == "answered" and result.citations_valid


def test_eval_command_checks_a_running_api(live_api: str, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    lines = CASES_FILE.read_text().splitlines()
    cases.write_text("\n".join(lines[:3]) + "\n")
    thresholds = tmp_path / "thresholds.toml"
    thresholds.write_text("[minimum]\ncitations_valid = 1.0\npass_rate = 1.01\n")
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "eval", "--url", live_api, "--no-baselines",
         "--check", "--cases", str(cases), "--thresholds", str(thresholds), "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode == 1, result.stderr
    assert "pass_rate = " in result.stdout and "Gate failed" in result.stdout
    assert list(tmp_path.glob("*/report.html"))
