"""The staff console in headless Chromium: the loop from a reader's thumbs-down to an
evaluation case that the next run reports. Screenshots of each page go to test-artifacts/."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fpdf import FPDF
from playwright.sync_api import expect

from assistant.config import Settings
from assistant.ingest.loaders import load_document
from assistant.search.embedders import Embedder
from evals.check_cases import check_case

from .console_setup import ADMIN, STAFF_KEY, Console, running_console
from .test_widget import ARTIFACTS, _ask, _axe_violations

PDF_NAME = "Wexcombe Partnership Note.pdf"
DOC_ID = "wexcombe-partnership-note.pdf"
QUESTION = "When did the Wexcombe parish partnership sign its local Compact?"
EVIDENCE_SENTENCE = "The Wexcombe parish partnership signed its local Compact"
PDF_PARAGRAPHS = (
    "The Wexcombe parish partnership signed its local Compact with Wexcombe District Council "
    "in March 2019, after a year of talks between the council and local charities.",
    "The Wexcombe Compact panel meets four times a year at the village hall. It reviews grant "
    "notices and the consultation calendar of the district council.",
)
SLOW_STEP_MS = 60_000  # an upload's re-index or an evaluation run, on a loaded machine


def _partnership_pdf(path: Path) -> Path:
    """A one-page PDF with a text layer, about a partnership the shipped corpus never names."""
    pdf = FPDF()
    pdf.set_title("Wexcombe partnership note")
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.multi_cell(0, 10, "Wexcombe partnership note", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for paragraph in PDF_PARAGRAPHS:
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.output(str(path))
    return path


@pytest.fixture
def console(built_settings: Settings, embedder: Embedder, tmp_path: Path) -> Iterator[Console]:
    """A console of its own for the test."""
    with running_console(built_settings, embedder, tmp_path) as running:
        yield running


def _shot(page: Any, name: str) -> None:
    """Save a screenshot of the page, after axe-core finds no accessibility violation on it."""
    assert _axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")  # no sideways
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _sign_in(page: Any, console: Console) -> None:
    page.goto(f"{console.url}/staff")
    expect(page).to_have_url(f"{console.url}/staff/login")
    expect(page.get_by_label("Your staff key")).to_be_focused()
    _shot(page, "staff-sign-in.png")
    page.keyboard.type(STAFF_KEY)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{console.url}/staff/documents")
    expect(page.get_by_text("Signed in as alice")).to_be_visible()


def _upload(page: Any, pdf: Path) -> None:
    page.get_by_label("Document to add").set_input_files(str(pdf))
    page.get_by_role("button", name="Upload and index").click()
    row = page.locator(f'tr[data-doc-id="{DOC_ID}"]')
    expect(row).to_contain_text("Wexcombe partnership note", timeout=SLOW_STEP_MS)
    expect(row.locator("td").nth(1)).to_have_text("PDF")
    assert int(row.locator("td").nth(3).inner_text()) >= 1  # passages indexed
    _shot(page, "staff-documents.png")


def _ask_and_rate_down(page: Any, console: Console) -> str:
    page.goto(f"{console.url}/")
    reply = _ask(page, QUESTION, 1)
    assert reply.get_attribute("data-status") == "answered"
    assert "2019" in reply.locator(".answer").inner_text()
    reply.get_by_role("button", name="Not helpful").click()
    reply.get_by_text("Thank you for your feedback.").wait_for()
    comment = reply.get_by_label("What was wrong with this answer? (optional)")
    comment.fill("It should quote the note itself.")
    comment.press("Enter")
    return str(reply.get_attribute("data-answer-id"))


def _make_the_case(page: Any, console: Console, answer_id: str) -> str:
    page.goto(f"{console.url}/staff/feedback?rating=down")
    item = page.locator(f'li.item[data-answer-id="{answer_id}"]')
    expect(item.locator(".question")).to_have_text(QUESTION)
    expect(item).to_contain_text("It should quote the note itself.")
    item.get_by_role("button", name="Make a case: choose the passage to cite").click()
    search = item.get_by_role("searchbox", name="Search the corpus")
    expect(search).to_be_focused()
    search.press("Enter")  # the question is already in the box
    choice = item.get_by_role("radio", name=EVIDENCE_SENTENCE)
    choice.first.check()
    item.get_by_role("button", name="Save the case citing this").click()
    saved = page.locator("#status")
    expect(saved).to_contain_text("saved", timeout=15_000)
    _shot(page, "staff-feedback.png")
    return saved.inner_text().split()[1]  # "Case staff-… saved (guidance)."


def _run_the_evaluation(page: Any, console: Console) -> Any:
    """Start a run from the evaluation page and wait for its report; the report's changes."""
    page.goto(f"{console.url}/staff/evaluation")
    report = page.locator("#report")
    runs = int(report.get_attribute("data-run")) if report.count() else 0
    page.get_by_role("button", name="Run the evaluation").click()
    expect(report).to_have_attribute("data-run", str(runs + 1), timeout=SLOW_STEP_MS)
    return page.locator("#changes")


def _remove(page: Any, console: Console) -> None:
    page.goto(f"{console.url}/staff/documents")
    page.once("dialog", lambda dialog: dialog.accept())  # "Remove ... ?" confirmed
    page.get_by_role("button", name=f"Remove {DOC_ID}").click()
    expect(page.locator(f'tr[data-doc-id="{DOC_ID}"]')).to_have_count(0, timeout=SLOW_STEP_MS)


@pytest.mark.browser
def test_a_thumbs_down_becomes_a_case_that_the_next_run_reports(
    browser: Any, console: Console, tmp_path: Path
) -> None:
    # a laptop's screen; axe-core is injected as an inline script, which the pages' CSP refuses
    page = browser.new_page(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    _sign_in(page, console)
    _upload(page, _partnership_pdf(tmp_path / PDF_NAME))
    answer_id = _ask_and_rate_down(page, console)
    case_id = _make_the_case(page, console, answer_id)
    pdf_text = load_document(console.corpus / DOC_ID, console.corpus).text  # as the index read it

    changes = _run_the_evaluation(page, console)
    row = page.locator("#staff-cases tr", has_text=case_id)
    expect(row).to_contain_text(QUESTION)
    expect(row).to_contain_text("passed")
    expect(changes).to_contain_text("No case changed")  # the first run
    _remove(page, console)  # the next corpus change takes the note away again...
    changes = _run_the_evaluation(page, console)
    expect(changes.locator("p.fail")).to_have_text("Worse (1):")  # ...and the report says so
    expect(changes.locator("li")).to_have_text(f"{case_id}: passed → refused (not_found)")
    expect(page.locator("#staff-cases tr", has_text=case_id)).to_contain_text("failed")
    _shot(page, "staff-evaluation.png")

    page.goto(f"{console.url}/staff/insights")
    expect(page.locator("svg.chart rect.answered")).not_to_have_count(0)
    _shot(page, "staff-insights.png")
    page.close()

    exported = httpx.get(f"{console.url}/v1/admin/cases", params={"format": "jsonl"},
                         headers=ADMIN).text.splitlines()
    case = json.loads(exported[0])
    assert case["id"] == case_id and EVIDENCE_SENTENCE in case["evidence"][0]
    assert case["split"] == "tune" and case["category"] == "guidance"
    # the repository's checker accepts it, quoted from the uploaded PDF
    assert check_case(case, [" ".join(pdf_text.split())]) == []
