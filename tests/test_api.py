"""The real FastAPI app over HTTP on loopback."""

from __future__ import annotations

import httpx
import pytest


def test_ask_returns_a_cited_answer(live_api: str) -> None:
    response = httpx.post(
        f"{live_api}/v1/ask", json={"question": "why should a PCC use the Compact"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "answered"
    assert {"answer_id", "question", "answer", "citations", "conversation_id", "timings_ms"} <= set(
        body
    )
    assert any(c["doc_id"] == "compact-voice-helping-commissioners.txt" for c in body["citations"])
    assert set(body["citations"][0]) >= {
        "n",
        "doc_id",
        "title",
        "section",
        "source",
        "quote",
        "score",
    }
    assert body["timings_ms"]["total"] > 0


def test_top_k_limits_the_passages(live_api: str) -> None:
    response = httpx.post(
        f"{live_api}/v1/ask", json={"question": "What are the five outcomes?", "top_k": 1}
    )
    assert response.status_code == 200
    assert {c["n"] for c in response.json()["citations"]} == {1}


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"question": ""}, "question"),
        ({"question": "   "}, "empty"),
        ({"question": "x" * 2001}, "question"),
        ({"question": "What is the Compact?", "top_k": 0}, "top_k"),
        ({"question": "What is the Compact?", "top_k": 21}, "top_k"),
        ({"question": "What is the Compact?", "colour": "blue"}, "colour"),
        ({}, "question"),
    ],
)
def test_bad_requests_get_a_clear_422(
    live_api: str, body: dict[str, object], fragment: str
) -> None:
    response = httpx.post(f"{live_api}/v1/ask", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and fragment in error["message"]


def test_malformed_json_is_a_422(live_api: str) -> None:
    response = httpx.post(
        f"{live_api}/v1/ask", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422 and "error" in response.json()


def test_health_ready_and_docs(live_api: str) -> None:
    assert httpx.get(f"{live_api}/healthz").json() == {"status": "ok", "index_version": None}
    ready = httpx.get(f"{live_api}/readyz")
    assert ready.status_code == 200 and ready.json()["index_version"]
    schema = httpx.get(f"{live_api}/openapi.json").json()
    assert "/v1/ask" in schema["paths"]
    assert httpx.get(f"{live_api}/no-such-route").json()["error"]["code"] == "not_found"


def test_not_ready_before_any_index(tmp_path, embedder) -> None:  # type: ignore[no-untyped-def]
    from api.main import create_app
    from assistant.pipeline import build_assistant

    from .conftest import CORPUS, LiveServer, make_settings

    settings = make_settings(CORPUS, tmp_path / "empty-index")
    app = create_app(settings, assistant=build_assistant(settings, embedder=embedder))
    with LiveServer(app) as server:
        assert httpx.get(f"{server.url}/readyz").status_code == 503
        response = httpx.post(f"{server.url}/v1/ask", json={"question": "What is the Compact?"})
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "index_not_built"


@pytest.mark.parametrize("top_k", [True, "5", 5.0])
def test_top_k_must_be_an_integer(live_api: str, top_k: object) -> None:
    # found by Schemathesis (true was taken for 1); issue 15, defect 9 ("5" and 5.0 too)
    for path in ("/v1/ask", "/v1/ask/stream"):
        reply = httpx.post(f"{live_api}{path}", json={"question": "What is the Compact?",
                                                      "top_k": top_k})
        assert reply.status_code == 422, (path, reply.text)
