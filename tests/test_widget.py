"""The chat widget: its files and CORS over HTTP, and the real widget in headless Chromium."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from assistant.chat.conversations import Rating
from assistant.chat.database import SqlStore, make_engine
from assistant.config import PROJECT_ROOT, Settings
from assistant.pipeline import Assistant
from benchmarks.harness import free_port

from .conftest import LiveServer

ARTIFACTS = PROJECT_ROOT / "test-artifacts"


def test_the_widget_and_its_demo_page_are_served(live_api: str) -> None:
    script = httpx.get(f"{live_api}/widget.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert 'customElements.define("compact-assistant"' in script.text
    assert "innerHTML" not in script.text  # answers and quotes go in as text only
    page = httpx.get(f"{live_api}/")
    assert page.headers["content-type"].startswith("text/html")
    assert '<script src="/widget.js"></script>' in page.text
    assert '<compact-assistant heading="Ask about the Compact">' in page.text


def test_cors_allows_only_the_configured_origins(
    built_settings: Settings, assistant: Assistant, live_api: str
) -> None:
    from api.main import create_app

    def preflight(base: str, origin: str) -> httpx.Response:
        return httpx.options(f"{base}/v1/ask", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})

    settings = built_settings.model_copy(update={"cors_origins": ["https://www.example.org"]})
    with LiveServer(create_app(settings, assistant=assistant)) as server:
        allowed = preflight(server.url, "https://www.example.org")
        assert allowed.headers.get("access-control-allow-origin") == "https://www.example.org"
        refused = preflight(server.url, "https://evil.example")
        assert "access-control-allow-origin" not in refused.headers
    # None by default: the session's app sends no CORS headers at all.
    default = preflight(live_api, "https://www.example.org")
    assert "access-control-allow-origin" not in default.headers


def _ask(page: Any, question: str, replies: int) -> Any:
    """Type a question, press Enter, and wait for the numbered reply to finish."""
    box = page.get_by_label("Your question")
    box.fill(question)
    box.press("Enter")
    reply = page.locator("li.reply").nth(replies - 1)
    reply.locator(".rate").wait_for(timeout=30_000)
    return reply


@pytest.mark.browser
def test_a_visitor_asks_opens_a_source_follows_up_and_rates(
    browser: Any, live_api: str, built_settings: Settings
) -> None:
    page = browser.new_page(viewport={"width": 900, "height": 1000})
    page.goto(f"{live_api}/")

    first = _ask(page, "why should a PCC use the Compact?", 1)
    assert first.get_attribute("data-status") == "answered"
    assert "Police and Crime Commissioner" in first.locator(".answer").inner_text()
    live = page.locator("[aria-live=polite].sr-only")
    live.filter(has_text="Compact assistant:").wait_for()

    conversation_id = page.evaluate("document.querySelector('compact-assistant').conversationId")
    turn = httpx.get(f"{live_api}/v1/conversations/{conversation_id}").json()["turns"][0]
    marker = first.locator("button.cite").first
    assert marker.get_attribute("aria-expanded") == "false"
    marker.focus()
    page.keyboard.press("Enter")  # the [1] marker works from the keyboard
    source = first.locator(".source").first
    source.wait_for(state="visible")
    assert marker.get_attribute("aria-expanded") == "true"
    assert source.locator("blockquote").inner_text() == f"“{turn['citations'][0]['quote']}”"
    assert turn["citations"][0]["title"] in source.inner_text()
    page.keyboard.press("Escape")
    source.wait_for(state="hidden")
    marker.click()
    source.wait_for(state="visible")

    second = _ask(page, "what about CCGs?", 2)
    assert second.get_attribute("data-status") == "answered"
    assert "Searched for: why should CCGs use the Compact?" in second.inner_text()
    second.get_by_role("button", name="Not helpful").click()
    second.get_by_text("Thank you for your feedback.").wait_for()
    answer_id = second.get_attribute("data-answer-id")
    store = SqlStore(make_engine(built_settings.database_url))
    assert any(f.answer_id == answer_id for f in store.export_feedback(Rating.down))

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(ARTIFACTS / "widget-360.png"), full_page=True)
    page.close()


@pytest.mark.browser
def test_a_refusal_and_an_unreachable_server_are_explained(browser: Any, live_api: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(f"{live_api}/")
    refused = _ask(page, "Is there a local Compact in Truro?", 1)
    assert refused.get_attribute("data-status") in {"not_found", "out_of_scope"}
    assert "could not answer" in refused.inner_text()
    assert refused.get_by_role("link", name="www.compactvoice.org.uk/compacts-map").count() == 1

    page.evaluate(
        "port => document.querySelector('compact-assistant')"
        ".setAttribute('api-base', `http://127.0.0.1:${port}`)", free_port())
    error = _ask_expecting_error(page, "What is the Compact?")
    assert "could not be reached" in error.inner_text()
    assert "could not be reached" in page.locator("[role=alert]").inner_text()
    page.screenshot(path=str(ARTIFACTS / "widget-refusal-360.png"), full_page=True)
    page.close()


@pytest.mark.browser
def test_too_many_questions_get_a_message_a_visitor_understands(
    browser: Any, built_settings: Settings, assistant: Assistant
) -> None:
    from api.main import create_app

    settings = built_settings.model_copy(update={"rate_limit": "2/minute"})
    with LiveServer(create_app(settings, assistant=assistant)) as server:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(f"{server.url}/")
        _ask(page, "What is a local Compact?", 1)
        _ask(page, "Is the Compact legally binding?", 2)
        error = _ask_expecting_error(page, "Who signs a local Compact?")
        assert "asked a lot of questions in a short time" in error.inner_text()
        assert "second" in error.inner_text()  # the wait, from Retry-After
        page.close()


def _ask_expecting_error(page: Any, question: str) -> Any:
    """Type a question and wait for the error reply it gets."""
    box = page.get_by_label("Your question")
    box.fill(question)
    box.press("Enter")
    error = page.locator("li.reply.error")
    error.wait_for(timeout=15_000)
    return error
