"""ASGI middleware: body size cap, API keys and rate limits, security headers, access logs."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any, NamedTuple

import anyio
from limits import parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
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
    """Refuse request bodies over `max_bytes` with 413, before the app reads them; the paths in
    `larger` (document uploads) have caps of their own."""

    def __init__(self, app: ASGIApp, max_bytes: int, larger: Mapping[str, int] | None = None
                 ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        cap = self.larger.get(scope.get("path", ""), self.max_bytes)
        length = header(scope, b"content-length")
        if length and length.isdigit() and int(length) > cap:
            return await send_error(send, 413, "body_too_large", f"request body over {cap} bytes")
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > cap:
                return await send_error(send, 413, "body_too_large",
                                        f"request body over {cap} bytes")
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


# A shared (Redis) rate-limit store that does not answer within this many seconds counts as
# unavailable: the request gets 503 rather than waiting on it.
RATE_LIMIT_STORAGE_TIMEOUT_S = 2.0
RATE_LIMIT_UNAVAILABLE_RETRY_S = 5


def rate_limit_storage(uri: str) -> Storage:
    """The rate-limit counters at `uri`: memory:// (this process) or redis:// (every replica).
    Redis is only contacted when a request is counted; its failures raise StorageError."""
    timeouts = {} if uri.startswith("memory://") else {
        "socket_timeout": RATE_LIMIT_STORAGE_TIMEOUT_S,
        "socket_connect_timeout": RATE_LIMIT_STORAGE_TIMEOUT_S,
    }
    storage = storage_from_string(uri, wrap_exceptions=True, **timeouts)
    assert isinstance(storage, Storage)  # a synchronous storage: the URI has no async+ scheme
    return storage


def client_address(scope: Scope) -> str:
    """The caller's address as the server saw it."""
    return str((scope.get("client") or ("unknown",))[0])


WIDGET_KEY_HEADER = b"x-widget-key"
# What a website's widget calls, and nothing more: ask (plain or streamed), rate an answer, and
# read back the conversation it keeps in the tab.
WIDGET_ROUTES = (
    ("POST", re.compile(r"/v1/ask")),
    ("POST", re.compile(r"/v1/ask/stream")),
    ("POST", re.compile(r"/v1/feedback")),
    ("GET", re.compile(r"/v1/conversations/[^/]+")),
)


class Refusal(NamedTuple):
    """An error response decided by the middleware: `send_error(send, *refusal)`."""

    status: int
    code: str
    message: str
    headers: list[tuple[bytes, bytes]] | None = None


def is_widget_route(scope: Scope) -> bool:
    """Whether the request is one of the routes a widget key may call."""
    method, path = scope.get("method"), scope.get("path", "")
    return any(method == allowed and route.fullmatch(path) for allowed, route in WIDGET_ROUTES)


def widget_refusal(scope: Scope, origin: str) -> Refusal | None:
    """403 for a known widget key used off its website's `origin` or off the widget's routes."""
    if header(scope, b"origin") != origin:
        return Refusal(403, "widget_origin_refused",
                       "this widget key works only on the website it was issued for")
    if not is_widget_route(scope):
        return Refusal(403, "widget_route_refused", "a widget key may only ask questions, "
                       "rate answers and read back its conversation")
    return None


class AccessControl:
    """API keys and widget keys (when API keys are configured) and per-caller rate limits on
    the /v1 routes."""

    def __init__(
        self, app: ASGIApp, api_keys: list[str], rate_limit: str | None,
        failures: FailedAuthentications | None = None,
        widget_keys: Mapping[str, str] | None = None,
        rate_limit_storage_uri: str = "memory://",
        protected_prefix: str = "/v1/", exempt_prefixes: tuple[str, ...] = ("/v1/admin",),
    ) -> None:
        self.app = app
        self.failures = failures or FailedAuthentications()
        self.api_keys = set(api_keys)
        self.widget_keys = dict(widget_keys or {})  # public key -> the origin it is bound to
        self.limit = parse(rate_limit) if rate_limit else None
        self.limiter = MovingWindowRateLimiter(rate_limit_storage(rate_limit_storage_uri))
        self.prefix = protected_prefix
        self.exempt = exempt_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope.get("method") == "OPTIONS"
                or not path.startswith(self.prefix)):
            return await self.app(scope, receive, send)
        widget_key = self.widget_key(scope)
        if widget_key is None and path.startswith(self.exempt):
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
        if widget_key is not None:
            refusal = self.widget_key_refusal(scope, widget_key, address)
            if refusal is not None:
                return await send_error(send, *refusal)
        elif self.api_keys and not verified:
            self.failures.record(address)
            return await send_error(send, 401, "unauthorized", "a valid API key is required",
                                    [(b"www-authenticate", b"Bearer")])
        # Only a verified key names the caller: an invented one would get a bucket of its own.
        caller = key if verified else address
        if widget_key is not None:  # a bucket per website visitor, not one for the whole site
            caller = f"widget:{widget_key}:{address}"
        if self.limit is not None:
            try:  # in a worker thread: a slow Redis must not hold up the event loop
                wait = await anyio.to_thread.run_sync(self._count, str(caller))
            except StorageError as error:
                return await self._storage_unavailable(send, error)
            if wait is not None:
                return await send_error(send, 429, "rate_limited",
                                        f"too many requests: try again in {wait} s",
                                        [(b"retry-after", str(wait).encode())])
        await self.app(scope, receive, send)

    def widget_key(self, scope: Scope) -> str | None:
        """The widget key a call stands on: sent in `X-Widget-Key` while API keys are on and
        no API key is given (an open API needs no widget key, and an API key comes first)."""
        if not self.api_keys or presented_key(scope) is not None:
            return None
        return header(scope, WIDGET_KEY_HEADER) or None

    def widget_key_refusal(self, scope: Scope, key: str, address: str) -> Refusal | None:
        """401 for an unknown widget key (counted as a wrong key), 403 off its origin or routes."""
        origin = self.widget_keys.get(key)  # public keys: no secret for a timing attack to find
        if origin is None:
            self.failures.record(address)
            return Refusal(401, "unauthorized", "unknown widget key",
                           [(b"www-authenticate", b"Bearer")])
        return widget_refusal(scope, origin)

    def _count(self, caller: str) -> int | None:
        """Count one request of `caller`; seconds to wait when it is over the limit, else None.
        The counter is named by a digest: no API key or address is written to a shared store."""
        assert self.limit is not None
        bucket = hashlib.sha256(caller.encode()).hexdigest()
        if self.limiter.hit(self.limit, bucket):
            return None
        reset = self.limiter.get_window_stats(self.limit, bucket).reset_time
        return max(1, math.ceil(reset - time.time()))

    @staticmethod
    async def _storage_unavailable(send: Send, error: StorageError) -> None:
        """503 when the rate-limit store (Redis) cannot count the request: refused, not let
        through unlimited."""
        log.error("rate limit storage unavailable",
                  extra={"error": type(error.storage_error).__name__,
                         "detail": str(error.storage_error)})
        retry = str(RATE_LIMIT_UNAVAILABLE_RETRY_S)
        await send_error(send, 503, "rate_limit_unavailable",
                         f"the rate limit cannot be checked: try again in {retry} s",
                         [(b"retry-after", retry.encode())])


def bearer_token(authorization: str) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, else None."""
    if not authorization.lower().startswith("bearer "):
        return None
    return authorization[7:].strip() or None


def presented_key(scope: Scope) -> str | None:
    """The key a caller presents: `X-API-Key`, or `Authorization: Bearer <key>`."""
    return header(scope, b"x-api-key") or bearer_token(header(scope, b"authorization") or "")


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
