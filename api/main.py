"""The FastAPI application: `create_app()` wires settings, the assistant and the routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from assistant import __version__
from assistant.chat.conversations import ConversationStore
from assistant.chat.database import build_store
from assistant.config import Settings, get_settings
from assistant.memory import return_freed_memory
from assistant.pipeline import Assistant, build_assistant

from .errors import install_error_handlers
from .middleware import (
    AccessControl,
    AccessLog,
    BodyLimit,
    FailedAuthentications,
    SecurityHeaders,
)
from .routes import ask, compacts, conversations, feedback, health, slack, stream, widget
from .routes.docs import mount_docs
from .routes.slack import slack_client
from .staff.console import UPLOAD_PATH, install_console, upload_body_cap

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None, assistant: Assistant | None = None,
    store: ConversationStore | None = None,
) -> FastAPI:
    """The app; the embedder, index and conversation store load once, at start-up."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = settings.request_threads
        app.state.assistant = assistant or build_assistant(settings)
        app.state.assistant.refresh()
        return_freed_memory()  # what loading the index left behind
        if not app.state.assistant.ready:
            log.warning("no index yet: run `compact-assistant index`; /readyz says not ready")
        app.state.store = store or build_store(settings)
        yield
        if store is None:
            app.state.store.close()

    app = FastAPI(
        title="Compact assistant",
        version=__version__,
        description="Answers questions about the Compact and local Compacts with cited passages.",
        lifespan=lifespan,
        docs_url=None, redoc_url=None,  # served from the package instead of a CDN: routes/docs.py
    )
    mount_docs(app)
    app.state.settings = settings
    install_error_handlers(app)
    for router in (
        ask.router, stream.router, conversations.router, feedback.router, compacts.router,
        health.router, widget.router,
    ):
        app.include_router(router)
    if settings.admin_key is not None or settings.staff_keys:
        install_console(app, settings)
    if settings.slack_signing_secret is not None:
        app.state.slack_client = slack_client(settings)
        app.include_router(slack.router)
    app.state.auth_failures = FailedAuthentications()
    app.add_middleware(AccessControl, api_keys=settings.api_keys, rate_limit=settings.rate_limit,
                       failures=app.state.auth_failures, widget_keys=settings.widget_keys,
                       rate_limit_storage_uri=settings.rate_limit_storage)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes,
                       larger={UPLOAD_PATH: upload_body_cap(settings)})
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    origins = browser_origins(settings)
    if origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key", "Authorization", "X-Widget-Key"],
            expose_headers=["Retry-After"], max_age=600,
        )
    return app


def browser_origins(settings: Settings) -> list[str]:
    """Origins CORS lets call the API: COMPACT_CORS_ORIGINS and each widget key's website."""
    return list(dict.fromkeys([*settings.cors_origins, *settings.widget_keys.values()]))
