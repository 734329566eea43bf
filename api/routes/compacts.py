"""GET /v1/compacts: the list of local Compacts, filtered; GET /v1/compacts/{slug}: one."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel

from assistant.directory.lookup import Entry
from assistant.ingest.compacts import KNOWN_COLUMNS

from ..deps import AssistantDep
from ..errors import error_responses

router = APIRouter(
    prefix="/v1/compacts", tags=["local compacts"], responses=error_responses(401, 422, 429, 503)
)


class CompactOut(BaseModel):
    """One local Compact as listed, with a stable slug and the row as quoted in answers."""

    slug: str
    name: str
    area: str
    level: str | None = None
    region: str | None = None
    first_agreed: str | None = None
    latest_version: str | None = None
    notes: str | None = None
    source: str | None = None
    url: str | None = None
    public_sector_lead: str | None = None
    public_sector_contact: str | None = None
    vcs_lead: str | None = None
    vcs_contact: str | None = None
    last_verified: str | None = None
    link: str | None = None
    row_text: str


def _out(entry: Entry) -> CompactOut:
    values = {c: entry.record.get(c) or None for c in KNOWN_COLUMNS}
    return CompactOut(
        slug=entry.slug, link=entry.record.link, row_text=entry.record.render(), **values
    )


@router.get("", response_model=list[CompactOut])
def list_compacts(
    assistant: AssistantDep,
    area: str | None = Query(None, max_length=200, description="Area, forgiving typos"),
    region: str | None = Query(None, max_length=200, description="e.g. East of England"),
    level: str | None = Query(None, max_length=200, description="e.g. county, London borough"),
    q: str | None = Query(None, max_length=500, description="Free text over names and notes"),
) -> list[CompactOut]:
    """Local Compacts matching every filter given (the whole list when none is)."""
    return [_out(e) for e in assistant.directory.filter(area=area, region=region, level=level, q=q)]


@router.get("/{slug}", response_model=CompactOut, responses=error_responses(404))
def get_compact(slug: str, assistant: AssistantDep) -> CompactOut:
    """One local Compact by its slug."""
    entry = assistant.directory.get(slug)
    if entry is None:
        raise HTTPException(404, f"no local Compact with slug {slug!r} in the list")
    return _out(entry)
