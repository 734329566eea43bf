"""Signed staff sessions (an HttpOnly, SameSite=Strict cookie with an expiry) and the CSRF
token bound to each session. Signed with HMAC-SHA256 from the standard library."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

from assistant.config import Settings

COOKIE_NAME = "compact_staff"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class StaffSession:
    """A signed-in staff member: who, which session, until when (Unix seconds)."""

    name: str
    session_id: str
    expires: float


def session_secret(settings: Settings) -> bytes:
    """COMPACT_SESSION_SECRET, else a key derived from every staff key: replicas sharing the
    keys accept each other's sessions, and changing a key signs everyone out."""
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value().encode()
    keys = [settings.admin_key.get_secret_value() if settings.admin_key else ""]
    keys += [f"{name}:{key.get_secret_value()}"
             for name, key in sorted(settings.staff_keys.items())]
    return hashlib.sha256("\n".join(["compact-staff-session", *keys]).encode()).digest()


class SessionSigner:
    """Issues and reads session cookies, and the CSRF token of each session."""

    def __init__(self, secret: bytes, lifetime_s: float) -> None:
        self._secret = secret
        self.lifetime_s = lifetime_s

    def issue(self, name: str) -> str:
        """A cookie value for a new session of `name`."""
        claims = {"n": name, "s": secrets.token_urlsafe(16), "e": time.time() + self.lifetime_s}
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        return f"{payload}.{self._sign('session', payload)}"

    def read(self, cookie: str | None) -> StaffSession | None:
        """The session a cookie carries, or None when it is missing, forged or expired."""
        payload, dot, signature = (cookie or "").partition(".")
        if not dot or not hmac.compare_digest(signature, self._sign("session", payload)):
            return None
        try:
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            session = StaffSession(str(claims["n"]), str(claims["s"]), float(claims["e"]))
        except (ValueError, KeyError, TypeError):
            return None
        return session if session.expires > time.time() else None

    def csrf_token(self, session: StaffSession) -> str:
        """The token a page of this session sends back with every change it asks for."""
        return self._sign("csrf", session.session_id)

    def csrf_ok(self, session: StaffSession, token: str | None) -> bool:
        """True when `token` is this session's CSRF token."""
        return bool(token) and hmac.compare_digest(str(token), self.csrf_token(session))

    def _sign(self, purpose: str, text: str) -> str:
        digest = hmac.new(self._secret, f"{purpose}:{text}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")
