"""Origin-bound widget keys (issue 15): the setting, the middleware's decisions, and CORS over HTTP.
The widget using one in Chromium is in test_widget.py."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError
from starlette.testclient import TestClient

from api.main import create_app
from api.middleware import AccessControl, Message, Receive, Scope, Send
from assistant.config import Settings
from assistant.pipeline import Assistant

from .conftest import LiveServer, make_settings

API_KEY = "k-one"
SITE, WIDGET_KEY = "https://www.example.org", "wk_example"
PARTNER, PARTNER_KEY = "http://127.0.0.1:8080", "wk_partner"
WIDGET_KEYS = {WIDGET_KEY: SITE, PARTNER_KEY: PARTNER}
WIDGET_CALLS = [("POST", "/v1/ask"), ("POST", "/v1/ask/stream"), ("POST", "/v1/feedback"),
                ("GET", "/v1/conversations/c-123")]
QUESTION = {"question": "Is the Compact legally binding?"}


async def answered(scope: Scope, receive: Receive, send: Send) -> None:
    """The app behind the middleware: 200 for whatever gets through."""
    start: Message = {"type": "http.response.start", "status": 200, "headers": []}
    await send(start)
    await send({"type": "http.response.body", "body": b"answered"})


def guarded(api_keys: tuple[str, ...] = (API_KEY,), rate_limit: str | None = None,
            address: str = "198.51.100.7") -> TestClient:
    """The access middleware over `answered`, called from `address`."""
    control = AccessControl(answered, api_keys=list(api_keys), rate_limit=rate_limit,
                            widget_keys=WIDGET_KEYS)
    return TestClient(control, client=(address, 50000))


def from_site(key: str = WIDGET_KEY, origin: str | None = SITE) -> dict[str, str]:
    """The headers the widget's requests carry on the website `origin`."""
    return {"X-Widget-Key": key, **({"Origin": origin} if origin else {})}


def error_code(response: httpx.Response) -> str:
    """The code of the API's error body (which has a message too)."""
    assert response.json()["error"]["message"]
    return str(response.json()["error"]["code"])


# The setting

def test_widget_keys_are_read_as_key_origin_pairs() -> None:
    settings = Settings(widget_keys=" wk_example=HTTPS://www.Example.org:443/ ,"
                                    "wk_local=http://127.0.0.1:8080")  # type: ignore[arg-type]
    assert settings.widget_keys == {"wk_example": "https://www.example.org",
                                    "wk_local": "http://127.0.0.1:8080"}
    assert Settings(widget_keys="").widget_keys == {}  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "message"), [
    ("wk_example", "is not key=origin"),
    ("wk_x=https://www.example.org", "must be 'wk_' and 4 to 64"),
    ("example=https://www.example.org", "must be 'wk_' and 4 to 64"),
    ("wk_ex ample=https://www.example.org", "must be 'wk_' and 4 to 64"),
    ("wk_example=www.example.org", "must be http(s)://host[:port] with no path"),
    ("wk_example=ftp://www.example.org", "must be http(s)://host[:port] with no path"),
    ("wk_example=https://www.example.org/chat", "must be http(s)://host[:port] with no path"),
    ("wk_example=https://www.example.org:99999", "must be http(s)://host[:port] with no path"),
    ("wk_example=https://a.example,wk_example=https://b.example", "is given twice"),
])
def test_bad_widget_keys_stop_start_up_with_the_reason(value: str, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        Settings(widget_keys=value)  # type: ignore[arg-type]


def test_a_widget_key_cannot_also_be_an_api_key() -> None:
    with pytest.raises(ValidationError, match="a widget key is public") as raised:
        Settings(api_keys="wk_example", widget_keys="wk_example=https://www.example.org")  # type: ignore[arg-type]
    assert "wk_example" not in raised.value.errors()[0]["msg"]  # nor does it repeat an API key


# The middleware's decisions

@pytest.mark.parametrize(("method", "path"), WIDGET_CALLS)
def test_a_widget_key_from_its_website_may_call_the_widget_routes(method: str, path: str) -> None:
    assert guarded().request(method, path, headers=from_site()).status_code == 200
    partner = from_site(PARTNER_KEY, PARTNER)
    assert guarded().request(method, path, headers=partner).status_code == 200


@pytest.mark.parametrize("origin", [
    "https://evil.example", None, "http://www.example.org", "https://www.example.org:8443", PARTNER,
])
def test_a_widget_key_off_its_website_is_refused(origin: str | None) -> None:
    refused = guarded().post("/v1/ask", headers=from_site(origin=origin))
    assert refused.status_code == 403 and error_code(refused) == "widget_origin_refused"


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/v1/admin/status"), ("POST", "/v1/admin/reindex"), ("GET", "/v1/compacts"),
    ("GET", "/v1/compacts/leeds"), ("GET", "/v1/ask"), ("POST", "/v1/conversations/c-123"),
    ("GET", "/v1/conversations/c-123/turns"), ("GET", "/v1/feedback"),
])
def test_a_widget_key_may_call_no_other_route(method: str, path: str) -> None:
    refused = guarded().request(method, path, headers=from_site())
    assert refused.status_code == 403 and error_code(refused) == "widget_route_refused"


def test_an_unknown_widget_key_counts_as_a_wrong_key() -> None:
    client = guarded()
    codes = [client.post("/v1/ask", headers=from_site(f"wk_guess{n}")).status_code
             for n in range(11)]
    assert codes == [401] * 10 + [429]
    first = guarded().post("/v1/ask", headers=from_site("wk_guess"))
    assert error_code(first) == "unauthorized" and first.headers["www-authenticate"] == "Bearer"
    held = client.post("/v1/ask", headers=from_site())  # the right key, from the same address
    assert held.status_code == 429 and error_code(held) == "too_many_failed_keys"


def test_widget_calls_are_rate_limited_per_widget_key_and_address() -> None:
    client = guarded(rate_limit="2/minute")
    codes = [client.post("/v1/ask", headers=from_site()).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    limited = client.post("/v1/ask", headers=from_site())
    assert error_code(limited) == "rate_limited" and 1 <= int(limited.headers["retry-after"]) <= 60
    # another widget key, another visitor and an API key each have a bucket of their own
    assert client.post("/v1/ask", headers=from_site(PARTNER_KEY, PARTNER)).status_code == 200
    visitor = TestClient(client.app, client=("203.0.113.9", 50000))
    assert visitor.post("/v1/ask", headers=from_site()).status_code == 200
    assert client.post("/v1/ask", headers={"X-API-Key": API_KEY}).status_code == 200


def test_without_api_keys_no_widget_key_is_needed_or_checked() -> None:
    open_api = guarded(api_keys=())
    assert open_api.post("/v1/ask").status_code == 200
    assert open_api.post("/v1/ask", headers=from_site(origin="https://evil.example")).is_success
    assert open_api.post("/v1/ask", headers=from_site("wk_unknown")).is_success


def test_an_api_key_comes_before_a_widget_key() -> None:
    both = {"X-API-Key": API_KEY, **from_site(origin="https://evil.example")}
    assert guarded().get("/v1/compacts", headers=both).status_code == 200
    wrong = guarded().post("/v1/ask", headers={"X-API-Key": "nope", **from_site()})
    assert wrong.status_code == 401


# The real app over HTTP: CORS and the routes

def test_the_app_lets_a_widget_keys_website_call_it_and_nothing_more(
    built_settings: Settings, assistant: Assistant, tmp_path: Path
) -> None:
    settings = make_settings(
        built_settings.corpus_dir, built_settings.index_dir, api_keys=[API_KEY],
        admin_key="the-admin-key", widget_keys=f"{WIDGET_KEY}={SITE}",
        database_url=f"sqlite:///{tmp_path / 'w.db'}")

    def preflight(url: str, origin: str) -> httpx.Response:
        return httpx.options(f"{url}/v1/ask/stream", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-widget-key"})

    with LiveServer(create_app(settings, assistant=assistant)) as server:
        allowed = preflight(server.url, SITE)
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == SITE
        assert "x-widget-key" in allowed.headers["access-control-allow-headers"].lower()
        assert "access-control-allow-origin" not in preflight(server.url, PARTNER).headers

        asked = httpx.post(f"{server.url}/v1/ask", json=QUESTION, headers=from_site())
        assert asked.status_code == 200 and asked.headers["access-control-allow-origin"] == SITE
        answer = asked.json()
        turns = httpx.get(f"{server.url}/v1/conversations/{answer['conversation_id']}",
                          headers=from_site())
        assert turns.status_code == 200 and len(turns.json()["turns"]) == 1
        rated = httpx.post(f"{server.url}/v1/feedback", headers=from_site(),
                           json={"answer_id": answer["answer_id"], "rating": "up"})
        assert rated.status_code == 200

        admin = httpx.get(f"{server.url}/v1/admin/status", headers=from_site())
        assert admin.status_code == 403 and error_code(admin) == "widget_route_refused"
        elsewhere = httpx.post(f"{server.url}/v1/ask", json=QUESTION,
                               headers=from_site(origin="https://evil.example"))
        assert elsewhere.status_code == 403 and error_code(elsewhere) == "widget_origin_refused"
        assert httpx.post(f"{server.url}/v1/ask", json=QUESTION).status_code == 401
