"""Evaluation runs from the console: the repository's cases plus the staff cases, one run at a
time in the background, and the latest report with what changed since the run before."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime
from typing import Any

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from assistant.chat.staff_store import StaffStore
from assistant.config import Settings
from assistant.pipeline import Assistant
from evals.staff_cases import STAFF_ID_PREFIX, changes, run_suite, suite

from ..deps import AssistantDep, EvalJobDep, SettingsDep, StaffStoreDep
from ..errors import error_responses
from ..jobs import BackgroundJob, Progress
from ..staff.auth import Staff, StaffDep
from .admin import admin_router

log = logging.getLogger("api.staff")
EVAL_JOB = "console-evaluation"  # the lease every replica takes before a run
PROCESS_ID = secrets.token_hex(8)  # tells this process's claims from another replica's
router = admin_router()


class CaseOutcome(BaseModel):
    """How one case went in a run."""

    case_id: str
    category: str
    question: str
    staff: bool
    passed: bool
    failures: list[str]
    status: str
    answer: str


class Run(BaseModel):
    """One evaluation run: who started it, when it ended, its figures and every case."""

    run_id: int
    started_by: str
    finished_at: datetime
    seconds: float
    summary: dict[str, float | None]
    cases: list[CaseOutcome]


class EvalReport(BaseModel):
    """The run in progress (if any), the latest run, and the cases that moved since the one
    before it."""

    running: bool
    progress: dict[str, Any]
    last_error: list[str] | None
    latest: Run | None
    changes: dict[str, Any]


def eval_view(store: StaffStore, job: BackgroundJob) -> EvalReport:
    """What the evaluation page and GET /v1/admin/evals/latest show."""
    runs = store.latest_runs(2)
    failed = job.last is not None and job.last.get("ok") is False
    latest = _run(runs[0]) if runs else None
    moved = changes(runs[1]["result"] if len(runs) > 1 else None, runs[0]["result"]) \
        if runs else changes(None, {})
    return EvalReport(running=job.running, progress=job.progress.as_dict(),
                      last_error=job.last.get("errors") if job.last and failed else None,
                      latest=latest, changes=moved)


def _run(row: dict[str, Any]) -> Run:
    result = row["result"]
    return Run(
        run_id=row["run_id"], started_by=row["started_by"], finished_at=row["finished_at"],
        seconds=float(result.get("seconds", 0.0)), summary=result.get("summary", {}),
        cases=[CaseOutcome(case_id=c["case_id"], category=c["category"], question=c["question"],
                           staff=c["case_id"].startswith(STAFF_ID_PREFIX), passed=c["passed"],
                           failures=c["failures"], status=c["status"], answer=c["answer"])
               for c in result.get("cases", [])],
    )


def start_run(job: BackgroundJob, settings: Settings, assistant: Assistant, store: StaffStore,
              staff: Staff) -> bool:
    """Start a run of the console's cases in the background; False when one is going, here or
    in another replica on the same database."""
    holder = f"{PROCESS_ID}:{staff.name}"
    if not store.claim_job(EVAL_JOB, holder):
        return False

    def work(progress: Progress) -> dict[str, Any]:
        try:
            cases = suite([c["case"] for c in store.cases()], settings.console_cases_file)
            progress(len(cases), "Asking the cases")
            store.save_run(run_suite(assistant, cases, progress.update), staff.name)
        finally:
            store.release_job(EVAL_JOB, holder)
        return {"ok": True, "cases": len(cases)}

    if job.start(work):
        return True
    store.release_job(EVAL_JOB, holder)
    return False


@router.post("/evals", status_code=202, responses=error_responses(409))
def start_eval(staff: StaffDep, settings: SettingsDep, assistant: AssistantDep,
               store: StaffStoreDep, job: EvalJobDep) -> JSONResponse:
    """Run the repository's cases and the staff cases against the index in use (one run at a
    time: 409 while one is going)."""
    if not start_run(job, settings, assistant, store, staff):
        raise HTTPException(409, "an evaluation run is already going")
    log.info("evaluation started", extra={"staff": staff.name})
    return JSONResponse({"status": "started"}, status_code=202)


@router.get("/evals/latest", response_model=EvalReport, responses=error_responses(503))
def latest_eval(store: StaffStoreDep, job: EvalJobDep) -> EvalReport:
    """The run in progress, the latest report, and which cases got better or worse."""
    return eval_view(store, job)
