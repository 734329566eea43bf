"""The console's pages under /staff: sign in and out, documents, feedback inbox, evaluation,
insights. Each page is rendered from the same view its /v1/admin JSON route returns; its
buttons call those routes (console.js) with the session's CSRF token."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from assistant.chat.conversations import Rating
from assistant.schemas import Status

from ..deps import AssistantDep, AuthFailuresDep, EvalJobDep, ReindexJobDep, SettingsDep
from ..deps import StaffStoreDep as StoreDep
from ..routes.admin_documents import documents_view
from ..routes.admin_evals import eval_view
from ..routes.admin_feedback import feedback_filter, inbox_view
from ..routes.admin_insights import DEFAULT_DAYS, insights_view
from .auth import SignerDep, staff_named_by, throttle
from .sessions import COOKIE_NAME, CSRF_FIELD, StaffSession

log = logging.getLogger("api.staff")
HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(prefix="/staff", tags=["staff console"], include_in_schema=False)
SIGN_IN = "/staff/login"
PAGES = {"documents": "Documents", "feedback": "Feedback", "evaluation": "Evaluation",
         "insights": "Insights"}


@lru_cache
def _asset(name: str) -> str:
    return (HERE / "static" / name).read_text(encoding="utf-8")


@router.get("/console.js")
def console_script() -> Response:
    """The console's few behaviours: upload, remove, make a case, run an evaluation."""
    return Response(_asset("console.js"), media_type="text/javascript; charset=utf-8")


@router.get("/console.css")
def console_styles() -> Response:
    """The console's styles (the widget's colours and type)."""
    return Response(_asset("console.css"), media_type="text/css; charset=utf-8")


def _session(request: Request, signer: SignerDep) -> StaffSession | None:
    return signer.read(request.cookies.get(COOKIE_NAME))


def signed_in(request: Request, signer: SignerDep) -> StaffSession:
    """The page's session; without one, 303 to the sign-in page (nothing of the page is made)."""
    session = _session(request, signer)
    if session is None:
        raise HTTPException(303, "sign in first", {"Location": SIGN_IN})
    return session


SessionDep = Annotated[StaffSession, Depends(signed_in)]


def _page(request: Request, session: StaffSession, signer: SignerDep, name: str,
          **context: Any) -> Response:
    """A console page for a signed-in member (never cached: it holds the CSRF token)."""
    return templates.TemplateResponse(request, f"{name}.html", {
        "staff": session.name, "csrf": signer.csrf_token(session), "page": name,
        "pages": PAGES, **context}, headers={"Cache-Control": "no-store"})


@router.get("", include_in_schema=False)
def console_home() -> RedirectResponse:
    """The documents page (which sends a visitor without a session to sign in)."""
    return RedirectResponse("/staff/documents", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def sign_in_page(request: Request) -> Response:
    """The sign-in form."""
    return templates.TemplateResponse(request, "login.html", {"error": None})


@router.post("/login", response_class=HTMLResponse)
def sign_in(request: Request, key: Annotated[str, Form(max_length=500)], settings: SettingsDep,
            failures: AuthFailuresDep, signer: SignerDep) -> Response:
    """Start a session for the key's owner; a wrong key is counted (and throttled)."""
    address = throttle(failures, request)
    name = staff_named_by(settings, key.strip())
    if name is None:
        failures.record(address)
        return templates.TemplateResponse(request, "login.html",
                                          {"error": "That key is not a staff key."},
                                          status_code=401)
    log.info("staff signed in", extra={"staff": name})
    response = RedirectResponse("/staff/documents", status_code=303)
    response.set_cookie(COOKIE_NAME, signer.issue(name), max_age=int(signer.lifetime_s),
                        httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")
    return response


@router.post("/logout")
def sign_out(request: Request, signer: SignerDep,
             csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=200)] = "") -> Response:
    """End the session (the form carries the session's CSRF token)."""
    session = _session(request, signer)
    if session is not None and not signer.csrf_ok(session, csrf_token):
        return Response("missing or wrong CSRF token", status_code=403)
    response = RedirectResponse(SIGN_IN, status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict")
    return response


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, session: SessionDep, signer: SignerDep,
                   settings: SettingsDep, assistant: AssistantDep, job: ReindexJobDep) -> Response:
    """What is indexed; upload and remove documents."""
    view = documents_view(settings, assistant, job)
    return _page(request, session, signer, "documents", view=view,
                 max_upload_mb=settings.max_upload_mb)


Choice = Annotated[str, Query(max_length=20)]


@router.get("/feedback", response_class=HTMLResponse)
def feedback_page(
    request: Request, session: SessionDep, signer: SignerDep, store: StoreDep,
    rating: Choice = "", status: Choice = "", since: Choice = "", until: Choice = "",
    reviewed: Choice = "",
) -> Response:
    """The inbox of rated answers, thumbs-down first, with its filters (blank: any)."""
    if rating not in ("", *Rating) or status not in ("", *Status) or reviewed not in (
            "", "true", "false"):
        raise HTTPException(422, "unknown filter value")
    where = feedback_filter(rating, status, since, until,
                            None if not reviewed else reviewed == "true")
    chosen = {"rating": rating, "status": status, "since": since, "until": until,
              "reviewed": reviewed}
    return _page(request, session, signer, "feedback", view=inbox_view(store, where),
                 chosen=chosen, statuses=[s.value for s in Status])


@router.get("/evaluation", response_class=HTMLResponse)
def evaluation_page(request: Request, session: SessionDep, signer: SignerDep, store: StoreDep,
                    job: EvalJobDep) -> Response:
    """Start a run; the latest report and what changed since the run before."""
    return _page(request, session, signer, "evaluation", view=eval_view(store, job))


@router.get("/insights", response_class=HTMLResponse)
def insights_page(request: Request, session: SessionDep, signer: SignerDep, store: StoreDep,
                  assistant: AssistantDep) -> Response:
    """Questions per day by outcome, and the content gaps."""
    return _page(request, session, signer, "insights",
                 view=insights_view(store, assistant, DEFAULT_DAYS), days=DEFAULT_DAYS)
