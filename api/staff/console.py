"""Wire the staff console into the app: its session signer, store, jobs and routes."""

from __future__ import annotations

from fastapi import FastAPI

from assistant.chat.database import make_engine
from assistant.chat.staff_store import StaffStore
from assistant.config import Settings

from ..jobs import BackgroundJob
from ..reindex import ReindexJob
from ..routes import admin, admin_documents, admin_evals, admin_feedback, admin_insights
from . import pages
from .sessions import SessionSigner, session_secret

UPLOAD_PATH = "/v1/admin/documents"
# A multipart body carries its boundaries and part headers besides the file: a few hundred
# bytes, rounded up generously so that a file just under the cap is never refused for them.
MULTIPART_OVERHEAD_BYTES = 16_384


def upload_body_cap(settings: Settings) -> int:
    """The largest request body the upload route reads (the file's own cap is checked there)."""
    return int(settings.max_upload_mb * 1_000_000) + MULTIPART_OVERHEAD_BYTES


def install_console(app: FastAPI, settings: Settings) -> None:
    """The /staff pages and the /v1/admin API, with what they keep on `app.state`."""
    app.state.reindex_job = ReindexJob()
    app.state.eval_job = BackgroundJob()
    app.state.staff_store = StaffStore(make_engine(settings.database_url))
    app.state.session_signer = SessionSigner(session_secret(settings),
                                             settings.session_hours * 3600)
    for module in (admin, admin_documents, admin_feedback, admin_evals, admin_insights, pages):
        app.include_router(module.router)
