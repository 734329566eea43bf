"""Map the library's errors and request validation failures to one JSON error shape."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import (
    AnswerNotFoundError,
    AssistantError,
    CitationError,
    ConversationNotFoundError,
    DatabaseUnavailableError,
    FileTooLargeError,
    IndexNotBuiltError,
    InvalidInputError,
    InvalidQuestionError,
    UnsupportedFileError,
)

from .schemas import ErrorBody

STATUS_BY_ERROR: dict[type[AssistantError], int] = {
    InvalidQuestionError: 422,
    InvalidInputError: 422,
    IndexNotBuiltError: 503,
    DatabaseUnavailableError: 503,
    CitationError: 500,
    ConversationNotFoundError: 404,
    AnswerNotFoundError: 404,
    UnsupportedFileError: 415,
    FileTooLargeError: 413,
}


ERROR_DESCRIPTIONS = {
    400: "The body could not be read (e.g. bytes that are not UTF-8)",
    401: "A valid API key is required (a staff key or console session on /v1/admin)",
    403: "A widget key used from another website's origin, or on a route widgets may not call; "
         "on /v1/admin, a change asked by a console session without its CSRF token",
    404: "Unknown (or expired) conversation, answer or item",
    409: "Conflict: a re-index or an evaluation run is already running",
    413: "Request body over COMPACT_MAX_BODY_BYTES (an upload over COMPACT_MAX_UPLOAD_MB)",
    415: "An upload whose content is not a document the corpus reads",
    422: "Invalid request",
    429: "Too many requests: try again after Retry-After seconds",
    503: "Not ready (no index yet), or the conversation database or the shared rate-limit "
         "store (Redis) is unavailable",
}


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    """The one error shape: {"error": {"code", "message"}}."""
    return {"error": {"code": code, "message": message}}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting these statuses with the one error shape."""
    return {status: {"model": ErrorBody, "description": ERROR_DESCRIPTIONS[status]}
            for status in statuses}


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on the app."""

    @app.exception_handler(AssistantError)
    async def _assistant_error(_: Request, error: AssistantError) -> JSONResponse:
        status = next((s for t, s in STATUS_BY_ERROR.items() if isinstance(error, t)), 500)
        return JSONResponse(error_body(error.code, str(error)), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        messages = []
        for problem in error.errors():
            where = ".".join(str(part) for part in problem.get("loc", ()) if part != "body")
            messages.append(f"{where}: {problem.get('msg')}" if where else str(problem.get("msg")))
        return JSONResponse(error_body("invalid_request", "; ".join(messages)), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 409: "conflict", 429: "too_many_failed_keys"}.get(
            error.status_code, "http_error")
        return JSONResponse(
            error_body(code, str(error.detail)), status_code=error.status_code,
            headers=getattr(error, "headers", None),
        )
