"""Map the library's errors and request validation failures to one JSON error shape."""

from __future__ import annotations

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
    IndexNotBuiltError,
    InvalidQuestionError,
)

STATUS_BY_ERROR: dict[type[AssistantError], int] = {
    InvalidQuestionError: 422,
    IndexNotBuiltError: 503,
    DatabaseUnavailableError: 503,
    CitationError: 500,
    ConversationNotFoundError: 404,
    AnswerNotFoundError: 404,
}


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    """The one error shape: {"error": {"code", "message"}}."""
    return {"error": {"code": code, "message": message}}


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
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        return JSONResponse(
            error_body(code, str(error.detail)), status_code=error.status_code,
            headers=getattr(error, "headers", None),
        )
