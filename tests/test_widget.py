"""The chat widget: its files and CORS over HTTP, and the real widget in headless Chromium."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from assistant.chat.conversations import Rating
from assistant.chat.database import SqlStore, make_engine
from assistant.config import PROJECT_ROOT, Settings
from assistant.pipeline import Assistant
from benchmarks.harness import free_port, wait_until

from .conftest import LiveServer, make_settings, send_ok

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
STORAGE_KEY = "compact-assistant:conversation"
STORED_CONVERSATION = f"sessionStorage.getItem('{STORAGE_KEY}')"
PCC_QUESTION = "why should a PCC use the Compact?"


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
    launcher = httpx.get(f"{live_api}/launcher")
    assert launcher.headers["content-type"].startswith("text/html")
    assert '<compact-assistant mode="launcher"' in launcher.text
    styles = httpx.get(f"{live_api}/demo.css")
    assert styles.headers["content-type"].startswith("text/css") and "main {" in styles.text
    assert all('<link rel="stylesheet" href="/demo.css">' in p.text for p in (page, launcher))


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
    assert "Commissioners are strongly encouraged" in first.locator(".answer").inner_text()
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
    refused = _ask(page, "Is there a local Compact in Kettering?", 1)
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


@pytest.mark.browser
def test_a_source_shows_its_title_linked_its_publisher_and_its_age(
    browser: Any, live_api: str
) -> None:
    page = browser.new_page(viewport={"width": 900, "height": 1000})
    page.goto(f"{live_api}/")
    reply = _ask(page, PCC_QUESTION, 1)
    conversation_id = page.evaluate("document.querySelector('compact-assistant').conversationId")
    citations = httpx.get(f"{live_api}/v1/conversations/{conversation_id}").json()["turns"][0][
        "citations"]
    n = next(c["n"] for c in citations if c["publisher"] == "Compact Voice")
    marker = reply.locator("button.cite").nth(n - 1)
    marker.click()
    source = reply.locator(".source").nth(n - 1)
    source.wait_for(state="visible")
    link = source.get_by_role("link", name="The Compact: Helping you work with the voluntary")
    assert link.get_attribute("href") == "http://www.compactvoice.org.uk/"
    assert link.get_attribute("rel") == "noopener noreferrer"
    expect(source.locator(".provenance.stale")).to_have_text(
        "Compact Voice · published 2013; may be out of date")
    assert "corpus/" not in source.inner_text()  # no path in our repository
    source.screenshot(path=str(ARTIFACTS / "widget-source.png"))
    page.close()


def _ask_expecting_error(page: Any, question: str) -> Any:
    """Type a question and wait for the error reply it gets."""
    box = page.get_by_label("Your question")
    box.fill(question)
    box.press("Enter")
    error = page.locator("li.reply.error")
    error.wait_for(timeout=15_000)
    return error


def _open_launcher(page: Any) -> Any:
    """Press the corner button and return the dialog it opens."""
    page.get_by_role("button", name="Open the Compact assistant").click()
    dialog = page.get_by_role("dialog", name="Ask about the Compact")
    dialog.wait_for()
    return dialog


def _assert_fits_the_viewport(page: Any, dialog: Any) -> None:
    """The dialog lies inside the viewport (all of it on a phone) and nothing scrolls sideways."""
    viewport = page.viewport_size
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
    if viewport["width"] <= 480:
        assert (box["width"], box["height"]) == (viewport["width"], viewport["height"])
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    panel = dialog.locator(".panel")
    assert panel.evaluate("panel => panel.scrollWidth <= panel.clientWidth")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1024, 360])
def test_the_launcher_opens_a_dialog_that_answers_closes_and_reopens_with_the_history(
    browser: Any, live_api: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 740})
    page.goto(f"{live_api}/launcher")
    opener = page.get_by_role("button", name="Open the Compact assistant")
    expect(opener).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Your question")).to_be_hidden()

    dialog = _open_launcher(page)
    assert dialog.get_attribute("aria-modal") == "true"
    assert opener.get_attribute("aria-controls") == dialog.get_attribute("id")
    expect(opener).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("Your question")).to_be_focused()
    reply = _ask(page, PCC_QUESTION, 1)
    answer = reply.locator(".answer").inner_text()
    assert "Commissioners are strongly encouraged" in answer
    _assert_fits_the_viewport(page, dialog)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"widget-launcher-{width}.png"))

    reply.locator("button.cite").first.click()
    source = reply.locator(".source").first
    source.wait_for(state="visible")
    page.keyboard.press("Escape")  # the first Escape closes the quote, not the dialog
    source.wait_for(state="hidden")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    expect(opener).to_have_attribute("aria-expanded", "false")

    _open_launcher(page)
    expect(dialog.locator("li.reply")).to_have_count(1)
    assert dialog.locator("li.reply .answer").inner_text() == answer
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    page.close()


@pytest.mark.browser
def test_the_conversation_is_restored_after_a_navigation_in_the_same_tab(
    browser: Any, live_api: str
) -> None:
    page = browser.new_page(viewport={"width": 1024, "height": 740})
    page.goto(f"{live_api}/launcher")
    _open_launcher(page)
    answer = _ask(page, PCC_QUESTION, 1).locator(".answer").inner_text()
    conversation_id = page.evaluate(STORED_CONVERSATION)
    assert conversation_id == page.evaluate(
        "document.querySelector('compact-assistant').conversationId")

    page.reload()
    dialog = _open_launcher(page)
    expect(dialog.locator("li.reply")).to_have_count(1)
    assert dialog.locator("li.question").text_content() == f"You asked: {PCC_QUESTION}"
    assert dialog.locator("li.reply .answer").inner_text() == answer

    page.goto(f"{live_api}/")  # another page of the same tab, with the inline widget
    expect(page.locator("li.reply")).to_have_count(1)
    assert page.locator("li.reply .answer").inner_text() == answer
    follow_up = _ask(page, "what about CCGs?", 2)  # continues the restored conversation
    assert "Searched for: why should CCGs use the Compact?" in follow_up.inner_text()
    assert page.evaluate(STORED_CONVERSATION) == conversation_id
    page.get_by_role("button", name="New conversation").click()
    assert page.evaluate(STORED_CONVERSATION) is None
    page.close()


@pytest.mark.browser
def test_a_stored_conversation_the_server_does_not_know_is_dropped(
    browser: Any, live_api: str
) -> None:
    page = browser.new_page(viewport={"width": 1024, "height": 740})
    page.goto(f"{live_api}/launcher")
    page.evaluate("([key, id]) => sessionStorage.setItem(key, id)",
                  [STORAGE_KEY, "no-such-conversation"])
    page.reload()
    # polled from here: a string predicate run in the page needs 'unsafe-eval', which the page's
    # Content Security Policy forbids (page.wait_for_function failed that way now and then)
    wait_until(lambda: page.evaluate(STORED_CONVERSATION) is None, 15,
               "the unknown conversation id to be dropped")
    dialog = _open_launcher(page)
    expect(dialog.locator("li")).to_have_count(0)
    reply = _ask(page, "What is a local Compact?", 1)
    assert "had expired" not in reply.inner_text()  # nothing left to retry: a fresh start
    assert page.evaluate(STORED_CONVERSATION) not in {None, "no-such-conversation"}
    page.close()


def _axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now: each rule with the elements it flags."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return list(page.evaluate(
        """async (tags) => (await axe.run(document, { runOnly: { type: "tag", values: tags } }))
            .violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.map((node) => node.target) }))""",
        AXE_TAGS))


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["inline", "launcher"])
def test_axe_finds_no_accessibility_violations(browser: Any, live_api: str, mode: str) -> None:
    # The pages' Content Security Policy (script-src 'self') would refuse axe-core, which
    # Playwright injects as an inline script; the widget itself runs under the policy elsewhere.
    page = browser.new_page(viewport={"width": 1024, "height": 740}, bypass_csp=True)
    page.goto(f"{live_api}/launcher" if mode == "launcher" else f"{live_api}/")
    assert _axe_violations(page) == []
    if mode == "launcher":
        _open_launcher(page)
    reply = _ask(page, PCC_QUESTION, 1)
    reply.locator("button.cite").first.click()
    reply.locator(".source").first.wait_for(state="visible")
    assert _axe_violations(page) == []
    page.close()


class Website:
    """A one-page website on a loopback port of its own (so an origin of its own): `html` at /."""

    def __init__(self) -> None:
        self.html = ""
        site = self

        class Page(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                send_ok(self, site.html.encode(), "text/html; charset=utf-8")

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _embedding_page(api: str, widget_key: str) -> str:
    """A website's page with the widget from the API, the way the README tells a website to."""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A website</title>'
            f'</head><body><main><h1>A website</h1><script src="{api}/widget.js"></script>'
            f'<compact-assistant api-base="{api}" widget-key="{widget_key}"></compact-assistant>'
            "</main></body></html>")


@pytest.fixture
def two_websites() -> Iterator[tuple[Website, Website]]:
    """Two websites on loopback: the one a widget key is issued for, and another."""
    sites = Website(), Website()
    yield sites
    for site in sites:
        site.close()


@pytest.mark.browser
def test_with_api_keys_a_website_uses_its_widget_key_and_another_website_is_refused(
    browser: Any, built_settings: Settings, assistant: Assistant,
    two_websites: tuple[Website, Website],
) -> None:
    from api.main import create_app

    website, elsewhere = two_websites
    settings = make_settings(
        built_settings.corpus_dir, built_settings.index_dir, api_keys=["k-private"],
        widget_keys=f"wk_website={website.origin}", database_url=built_settings.database_url)
    with LiveServer(create_app(settings, assistant=assistant)) as api:
        website.html = elsewhere.html = _embedding_page(api.url, "wk_website")
        page = browser.new_page(viewport={"width": 900, "height": 1000})
        page.goto(f"{website.origin}/")
        reply = _ask(page, PCC_QUESTION, 1)
        assert reply.get_attribute("data-status") == "answered"
        reply.locator("button.cite").first.click()
        expect(reply.locator(".source").first).to_be_visible()
        reply.get_by_role("button", name="Helpful", exact=True).click()
        reply.get_by_text("Thank you for your feedback.").wait_for()
        page.reload()  # the conversation is read back with the widget key too
        expect(page.locator("li.reply")).to_have_count(1)
        page.close()

        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(f"{elsewhere.origin}/")
        refused = _ask_expecting_error(page, PCC_QUESTION)
        assert "not available on this website" in refused.inner_text()
        assert "not available on this website" in page.locator("[role=alert]").inner_text()
        page.screenshot(path=str(ARTIFACTS / "widget-other-website-360.png"), full_page=True)
        page.close()
