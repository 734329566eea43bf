"""The staff console over HTTP: refused without a session or key, CSRF, throttled sign-ins,
and uploads that are checked before they change anything."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from assistant.ingest.uploads import safe_name
from assistant.search.embedders import Embedder
from benchmarks.harness import wait_until

from .console_setup import (
    ADMIN,
    STAFF_KEY,
    Console,
    folder_digest,
    running_console,
)

PAGES = ("/staff/documents", "/staff/feedback", "/staff/evaluation", "/staff/insights")
BAD_ROW_CSV = (
    "name,area,level,first_agreed\n"
    "Wexcombe Compact,Wexcombe,district,2012\n"
    "Other Compact,Otherton,county,twenty ten\n"
)


@pytest.fixture
def console(built_settings: Settings, embedder: Embedder, tmp_path: Path) -> Iterator[Console]:
    """A console of its own for the test (its own corpus copy, database and throttle)."""
    with running_console(built_settings, embedder, tmp_path) as running:
        yield running


def _signed_in(console: Console) -> tuple[httpx.Client, str]:
    """A client signed in with a staff key, and its session's CSRF token (from a page)."""
    client = httpx.Client(base_url=console.url)
    signed = client.post("/staff/login", data={"key": STAFF_KEY})
    assert signed.status_code == 303 and signed.headers["location"] == "/staff/documents"
    page = client.get("/staff/evaluation")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert page.status_code == 200 and token is not None
    return client, token[1]


def _admin_operations(console: Console) -> list[tuple[str, str]]:
    """Every /v1/admin operation the served OpenAPI document lists, path parameters filled."""
    paths = httpx.get(f"{console.url}/openapi.json").json()["paths"]
    return [(method.upper(), re.sub(r"\{[^}]+\}", "some-id", path))
            for path, operations in paths.items() if path.startswith("/v1/admin/")
            for method in operations]


def test_every_page_and_admin_route_is_refused_without_a_session_or_key(
    console: Console,
) -> None:
    for page in PAGES:
        refused = httpx.get(f"{console.url}{page}", follow_redirects=False)
        assert refused.status_code == 303 and refused.headers["location"] == "/staff/login"
        assert "compact-voice" not in refused.text  # nothing of the page was made
    operations = _admin_operations(console)
    assert len(operations) >= 10  # documents, feedback, cases, evals, insights, status...
    forged = {"compact_staff": "eyJuIjoiYWRtaW4ifQ.forged-signature"}
    for method, path in operations:
        for cookies in ({}, forged):
            response = httpx.request(method, f"{console.url}{path}", cookies=cookies)
            assert response.status_code == 401, (method, path, cookies)
            assert response.json()["error"]["code"] == "unauthorized"
    wrong_key = httpx.get(f"{console.url}/v1/admin/documents", headers={"X-Admin-Key": "nope"})
    assert wrong_key.status_code == 401
    listed = httpx.get(f"{console.url}/v1/admin/documents", headers=ADMIN).json()
    assert "compact-voice-helping-commissioners.txt" in {d["doc_id"] for d in listed["documents"]}
    by_staff_key = {"Authorization": f"Bearer {STAFF_KEY}"}
    assert httpx.get(f"{console.url}/v1/admin/cases", headers=by_staff_key).json() == []


def test_the_session_cookie_is_signed_httponly_strict_and_expires(console: Console) -> None:
    client = httpx.Client(base_url=console.url)
    response = client.post("/staff/login", data={"key": STAFF_KEY})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    assert "max-age=28800" in cookie  # COMPACT_SESSION_HOURS, 8 by default
    page = client.get("/staff/documents")
    assert "signed in as alice" in page.text.lower()
    assert page.headers["cache-control"] == "no-store"  # it holds the session's CSRF token
    client.cookies.set("compact_staff", client.cookies["compact_staff"][:-2] + "xx")
    assert client.get("/staff/documents", follow_redirects=False).status_code == 303


def test_a_forged_post_is_refused(console: Console) -> None:
    client, token = _signed_in(console)
    for headers in ({}, {"X-CSRF-Token": "guessed"}):
        forged = client.post("/v1/admin/evals", headers=headers)
        assert forged.status_code == 403 and forged.json()["error"]["code"] == "forbidden"
        assert client.delete("/v1/admin/documents/glossary.toml", headers=headers
                             ).status_code == 403
    assert httpx.get(f"{console.url}/v1/admin/evals/latest", headers=ADMIN).json()[
        "latest"] is None  # nothing ran
    assert client.post("/staff/logout", data={}).status_code == 403
    # the page's token lets the same request through (an unknown answer: past the checks)
    mark = {"answer_id": "no-such-answer", "action": "needs_document"}
    assert client.post("/v1/admin/cases", json=mark, headers={"X-CSRF-Token": token}
                       ).status_code == 404
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/v1/admin/cases").status_code == 401  # signed out


def test_failed_sign_ins_are_throttled(console: Console) -> None:
    codes = [httpx.post(f"{console.url}/staff/login", data={"key": f"guess-{n}"}).status_code
             for n in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    held = httpx.post(f"{console.url}/staff/login", data={"key": STAFF_KEY})
    assert held.status_code == 429 and int(held.headers["retry-after"]) >= 1


def test_an_upload_with_a_bad_row_changes_nothing(console: Console) -> None:
    before = folder_digest(console.corpus)
    files = {"file": ("local-compacts.csv", BAD_ROW_CSV.encode(), "text/csv")}
    refused = httpx.post(f"{console.url}/v1/admin/documents", headers=ADMIN, files=files)
    assert refused.status_code == 422
    message = refused.json()["error"]["message"]
    assert message.startswith("local-compacts.csv, line 3: column 'first_agreed'"), message
    assert "'twenty ten' is not a year" in message
    assert folder_digest(console.corpus) == before
    status = httpx.get(f"{console.url}/v1/admin/status", headers=ADMIN).json()
    assert status["last_reindex"] is None and not status["reindex_running"]


def test_a_path_traversal_name_is_neutralised(console: Console, tmp_path: Path) -> None:
    text = b"# Notes\n\nThe Wexcombe panel meets in spring.\n"
    for name in ("../../escaped.md", "..\\..\\escaped.md"):
        files = {"file": (name, text, "text/markdown")}
        accepted = httpx.post(f"{console.url}/v1/admin/documents", headers=ADMIN, files=files)
        assert accepted.status_code == 202, accepted.text
        assert accepted.json()["doc_id"] == "escaped.md"
        console.wait_for_reindex()
    assert (console.corpus / "escaped.md").read_bytes() == text
    outside = [p for p in tmp_path.rglob("escaped.md") if p.parent != console.corpus]
    assert outside == [] and not (tmp_path.parent / "escaped.md").exists()
    listed = httpx.get(f"{console.url}/v1/admin/documents", headers=ADMIN).json()["documents"]
    assert next(d for d in listed if d["doc_id"] == "escaped.md")["passages"] >= 1
    for unknown in ("../corpus/escaped.md", "no-such.md", "%2e%2e/README.md"):
        gone = httpx.delete(f"{console.url}/v1/admin/documents/{unknown}", headers=ADMIN)
        assert gone.status_code == 404, unknown
    removed = httpx.delete(f"{console.url}/v1/admin/documents/escaped.md", headers=ADMIN)
    assert removed.status_code == 202 and not (console.corpus / "escaped.md").exists()
    assert console.wait_for_reindex()["ok"] is True


def test_an_oversized_or_mistyped_upload_is_refused(console: Console) -> None:
    before = folder_digest(console.corpus)
    over_cap = b"a" * int(console.settings.max_upload_mb * 1_000_000 + 1)
    too_big = httpx.post(f"{console.url}/v1/admin/documents", headers=ADMIN,
                         files={"file": ("big.txt", over_cap, "text/plain")})
    assert too_big.status_code == 413
    far_too_big = httpx.post(f"{console.url}/v1/admin/documents", headers=ADMIN,
                             files={"file": ("big.txt", over_cap * 3, "text/plain")})
    assert far_too_big.status_code == 413  # refused by the body cap before it is read
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    mistyped = httpx.post(f"{console.url}/v1/admin/documents", headers=ADMIN,
                          files={"file": ("report.pdf", png, "application/pdf")})
    assert mistyped.status_code == 415
    assert mistyped.json()["error"]["code"] == "unsupported_file"
    assert folder_digest(console.corpus) == before


DECLINED = ("What is the phone number of the Truro Compact?",
            "what's the phone number for the truro compact",
            "Who won the football world cup in 1966?")


def test_insights_and_the_inbox_filters(console: Console) -> None:
    asked = [httpx.post(f"{console.url}/v1/ask", json={"question": q}).json()
             for q in (*DECLINED, "Is the Compact legally binding?")]
    assert [a["status"] != "answered" for a in asked] == [True, True, True, False]
    for answer, rating in ((asked[2], "down"), (asked[3], "up")):
        rated = httpx.post(f"{console.url}/v1/feedback",
                           json={"answer_id": answer["answer_id"], "rating": rating})
        assert rated.status_code == 200
    gap = {"answer_id": asked[2]["answer_id"], "action": "needs_document"}
    assert httpx.post(f"{console.url}/v1/admin/cases", json=gap, headers=ADMIN).status_code == 201

    insights = httpx.get(f"{console.url}/v1/admin/insights", headers=ADMIN).json()
    today = insights["days"][-1]
    assert today["total"] == 4 and today["answered"] == 1 and len(insights["days"]) == 30
    assert insights["shares"]["answered"] == 0.25
    groups = {g["question"]: g["count"] for g in insights["declined_groups"]}
    assert groups == {DECLINED[0]: 2, DECLINED[2]: 1}  # the two Truro wordings are one gap
    assert [g["question"] for g in insights["marked_gaps"]] == [DECLINED[2]]

    def inbox(**filters: str) -> list[str]:
        listed = httpx.get(f"{console.url}/v1/admin/feedback", params=filters, headers=ADMIN)
        return [item["question"] for item in listed.json()["items"]]

    assert inbox() == [DECLINED[2], "Is the Compact legally binding?"]  # thumbs-down first
    assert inbox(reviewed="true") == [DECLINED[2]]
    assert inbox(reviewed="false", rating="up", status="answered") == [
        "Is the Compact legally binding?"]
    assert inbox(since="2000-01-01", until="2000-12-31") == []
    client = httpx.Client(base_url=console.url)
    client.post("/staff/login", data={"key": STAFF_KEY})
    page = client.get("/staff/insights").text
    assert "what&#39;s the phone number for the truro compact" in page  # escaped, grouped


@pytest.mark.parametrize(("given", "suffix", "stored"), [
    ("../../etc/passwd", ".txt", "passwd.txt"),
    ("C:\\Users\\me\\Annual Report (2024).PDF", ".pdf", "annual-report-2024.pdf"),
    (".hidden.md", ".md", "hidden.md"),
    ("README.md", ".md", "upload-readme.md"),  # a name the indexer skips would never be indexed
    ("\x00../..", ".txt", "document.txt"),
])
def test_upload_names_are_rebuilt_from_a_small_alphabet(
    given: str, suffix: str, stored: str
) -> None:
    assert safe_name(given, suffix) == stored


def test_one_evaluation_run_at_a_time_across_replicas(console: Console) -> None:
    from datetime import timedelta

    from api.routes.admin_evals import EVAL_JOB
    from assistant.chat.database import make_engine
    from assistant.chat.staff_store import StaffStore

    # another replica on the same database, holding the run's lease
    replica = StaffStore(make_engine(console.settings.database_url))
    assert replica.claim_job(EVAL_JOB, "replica-b")
    assert not replica.claim_job(EVAL_JOB, "replica-c")
    start = httpx.post(f"{console.url}/v1/admin/evals", headers=ADMIN)
    assert start.status_code == 409
    replica.release_job(EVAL_JOB, "replica-c")  # not its claim: nothing changes
    assert httpx.post(f"{console.url}/v1/admin/evals", headers=ADMIN).status_code == 409
    replica.release_job(EVAL_JOB, "replica-b")
    assert httpx.post(f"{console.url}/v1/admin/evals", headers=ADMIN).status_code == 202
    wait_until(lambda: httpx.get(f"{console.url}/v1/admin/evals/latest", headers=ADMIN)
               .json()["latest"] is not None, 60, "the evaluation run")
    assert replica.claim_job(EVAL_JOB, "replica-b")  # released when the run ended
    replica.release_job(EVAL_JOB, "replica-b")
    # a replica that died holding the lease blocks others only until it expires
    assert replica.claim_job(EVAL_JOB, "crashed", lease=timedelta(seconds=-1))
    assert replica.claim_job(EVAL_JOB, "replica-b")
