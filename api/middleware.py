"""ASGI middleware: body size cap, API keys and rate limits, security headers, access logs."""

from __future__ import annotations

import hmac
import json
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from .errors import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("api.access")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'self'"
)


async def send_error(send: Send, status: int, code: str, message: str,
                     headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """Send the API's JSON error shape directly from middleware."""
    body = json.dumps(error_body(code, message)).encode()
    await send({
        "type": "http.response.start", "status": status,
        "headers": [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()), *(headers or [])],
    })
    await send({"type": "http.response.body", "body": body})


def header(scope: Scope, name: bytes) -> str | None:
    """A request header's value, decoded."""
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413, before the app reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = header(scope, b"content-length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            return await send_error(send, 413, "body_too_large",
                                    f"request body over {self.max_bytes} bytes")
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                return await send_error(send, 413, "body_too_large",
                                        f"request body over {self.max_bytes} bytes")
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        replay = iter(messages)

        async def replayed() -> Message:
            return next(replay, None) or await receive()

        await self.app(scope, replayed, send)


# Failed authentications allowed per client address: a person mistyping a key a few times is
# never held up; someone guessing keys gets ten tries a minute, then 429 until the window moves.
AUTH_FAILURES_ALLOWED = "10/minute"


class FailedAuthentications:
    """Counts wrong keys (API or admin) per client address and holds back a client past the
    limit: while held back, every request from it that needs a key is answered 429."""

    def __init__(self, allowed: str = AUTH_FAILURES_ALLOWED) -> None:
        self.allowed = parse(allowed)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def wait(self, client: str) -> int | None:
        """Seconds until `client` may try again, or None when it is not held back."""
        if self.limiter.test(self.allowed, client):
            return None
        reset = self.limiter.get_window_stats(self.allowed, client).reset_time
        return max(1, math.ceil(reset - time.time()))

    def record(self, client: str) -> None:
        """Count one failed authentication."""
        self.limiter.hit(self.allowed, client)


def client_address(scope: Scope) -> str:
    """The caller's address as the server saw it."""
    return str((scope.get("client") or ("unknown",))[0])


class AccessControl:
    """API keys (when configured) and per-caller rate limits on the /v1 routes."""

    def __init__(
        self, app: ASGIApp, api_keys: list[str], rate_limit: str | None,
        failures: FailedAuthentications | None = None,
        protected_prefix: str = "/v1/", exempt_prefixes: tuple[str, ...] = ("/v1/admin",),
    ) -> None:
        self.app = app
        self.failures = failures or FailedAuthentications()
        self.api_keys = set(api_keys)
        self.limit = parse(rate_limit) if rate_limit else None
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.prefix = protected_prefix
        self.exempt = exempt_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope.get("method") == "OPTIONS"
                or not path.startswith(self.prefix) or path.startswith(self.exempt)):
            return await self.app(scope, receive, send)
        key = presented_key(scope)
        address = client_address(scope)
        if self.api_keys:
            held_back = self.failures.wait(address)
            if held_back is not None:
                return await send_error(send, 429, "too_many_failed_keys",
                                        f"too many wrong keys: try again in {held_back} s",
                                        [(b"retry-after", str(held_back).encode())])
        verified = key is not None and any(
            hmac.compare_digest(key.encode(), known.encode()) for known in self.api_keys)
        if self.api_keys and not verified:
            self.failures.record(address)
            return await send_error(send, 401, "unauthorized", "a valid API key is required",
                                    [(b"www-authenticate", b"Bearer")])
        # Only a verified key names the caller: an invented one would get a bucket of its own.
        caller = key if verified else address
        if self.limit is not None and not self.limiter.hit(self.limit, str(caller)):
            reset = self.limiter.get_window_stats(self.limit, str(caller)).reset_time
            wait = max(1, math.ceil(reset - time.time()))
            return await send_error(send, 429, "rate_limited",
                                    f"too many requests: try again in {wait} s",
                                    [(b"retry-after", str(wait).encode())])
        await self.app(scope, receive, send)


def presented_key(scope: Scope) -> str | None:
    """The key a caller presents: `X-API-Key`, or `Authorization: Bearer <key>`."""
    key = header(scope, b"x-api-key")
    authorization = header(scope, b"authorization") or ""
    if not key and authorization.lower().startswith("bearer "):
        key = authorization[7:].strip()
    return key or None


class SecurityHeaders:
    """`X-Content-Type-Options` everywhere; a CSP and referrer policy on HTML pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
                    headers.append((b"referrer-policy", b"strict-origin-when-cross-origin"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


# A conversation id reads a reader's conversation: it stays out of the access log.
_CONVERSATION_PATH = re.compile(r"^(/v1/conversations/)[^/]+")


def logged_path(path: str) -> str:
    """The request path as logged, with any conversation id replaced by "{id}"."""
    return _CONVERSATION_PATH.sub(r"\1{id}", path)


class AccessLog:
    """One structured log line per request: method, path, status, duration."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500

        async def recording(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording)
        finally:
            log.info("request", extra={
                "method": scope.get("method"), "path": logged_path(scope.get("path", "")),
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            })
