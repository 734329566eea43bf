"""The FastAPI application: `create_app()` wires settings, the assistant and the routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from assistant import __version__
from assistant.config import Settings, get_settings
from assistant.pipeline import Assistant, build_assistant

from .errors import install_error_handlers
from .routes import ask, health

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> FastAPI:
    """The app; the embedder and index load once, at start-up."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.assistant = assistant or build_assistant(settings)
        app.state.assistant.refresh()
        if not app.state.assistant.ready:
            log.warning("no index yet: run `compact-assistant index`; /readyz says not ready")
        yield

    app = FastAPI(
        title="Compact assistant",
        version=__version__,
        description="Answers questions about the Compact and local Compacts with cited passages.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    for router in (ask.router, health.router):
        app.include_router(router)
    return app
