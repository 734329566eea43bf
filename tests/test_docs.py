"""/docs renders in a real browser, offline, under the pages' content security policy."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def test_the_docs_assets_come_from_this_server(live_api: str) -> None:
    page = httpx.get(f"{live_api}/docs")
    assert page.status_code == 200 and "cdn" not in page.text.lower()
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for path in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css",
                 "/docs/start.js"):
        assert httpx.get(f"{live_api}{path}").status_code == 200, path
    assert httpx.get(f"{live_api}/redoc", follow_redirects=False).headers["location"] == "/docs"


@pytest.mark.browser
def test_the_docs_render_in_a_browser(browser: Any, live_api: str) -> None:
    # issue 15, defect 6: the CSP blocked Swagger UI's CDN script, and offline there is none
    page = browser.new_page()
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(f"{live_api}/docs")
    page.locator(".swagger-ui .info .title").wait_for(timeout=15_000)
    assert "Compact assistant" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock-summary-path", has_text="/v1/ask").first.wait_for(timeout=15_000)
    assert blocked == []
    page.close()
