"""Who a staff request comes from: a staff key in a header (scripts), or a signed session
cookie (the console) whose changes carry the session's CSRF token. Wrong keys are throttled
per client address, sign-ins included."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from assistant.config import Settings

from ..deps import AuthFailuresDep, SettingsDep, app_state
from ..middleware import FailedAuthentications, bearer_token, client_address
from .sessions import COOKIE_NAME, SessionSigner, StaffSession

ADMIN_NAME = "admin"  # whom an action taken with COMPACT_ADMIN_KEY is attributed to
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Staff:
    """The staff member behind a request, and how they proved it."""

    name: str
    session: StaffSession | None = None  # None: a key sent in a header


def staff_named_by(settings: Settings, key: str | None) -> str | None:
    """The staff member whose key this is ("admin" for COMPACT_ADMIN_KEY), else None."""
    if not key:
        return None
    known = [(ADMIN_NAME, settings.admin_key)] if settings.admin_key else []
    known += list(settings.staff_keys.items())
    matches = [name for name, secret in known  # every key compared: no early exit to time
               if hmac.compare_digest(key.encode(), secret.get_secret_value().encode())]
    return matches[0] if matches else None


def throttle(failures: FailedAuthentications, request: Request) -> str:
    """429 while the client is held back for wrong keys; else the client's address."""
    address = client_address(request.scope)
    held_back = failures.wait(address)
    if held_back is not None:
        raise HTTPException(429, f"too many wrong keys: try again in {held_back} s",
                            {"Retry-After": str(held_back)})
    return address


SignerDep = Annotated[SessionSigner, Depends(app_state("session_signer"))]


def require_staff(
    request: Request, settings: SettingsDep, failures: AuthFailuresDep, signer: SignerDep,
    x_admin_key: Annotated[str | None, Header()] = None,
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> Staff:
    """The staff member: by key (X-Admin-Key or Bearer), else by session; 401 without either,
    403 for a change asked by a session without its CSRF token, 429 past the wrong keys."""
    address = throttle(failures, request)
    given = x_admin_key or bearer_token(request.headers.get("authorization", ""))
    if given:
        name = staff_named_by(settings, given)
        if name is None:
            failures.record(address)
            raise HTTPException(401, "a valid staff key is required",
                                {"WWW-Authenticate": "Bearer"})
        return Staff(name)
    session = signer.read(request.cookies.get(COOKIE_NAME))
    if session is None:
        raise HTTPException(401, "sign in at /staff, or send a staff key",
                            {"WWW-Authenticate": "Bearer"})
    if request.method not in SAFE_METHODS and not signer.csrf_ok(session, x_csrf_token):
        raise HTTPException(403, "the request is missing this session's CSRF token")
    return Staff(session.name, session)


StaffDep = Annotated[Staff, Depends(require_staff)]
