"""The list of local Compacts: parse and validate the CSV, and show each row as one passage."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import CorpusError
from assistant.schemas import Block, Chunk, Draft
from assistant.search.questions import without_links
from assistant.text import term_set

log = logging.getLogger(__name__)

COMPACTS_TITLE = "Local Compacts in England (list)"
REQUIRED_COLUMNS = ("name", "area")
BASE_COLUMNS = (
    "name", "area", "level", "region", "first_agreed", "latest_version", "notes", "source",
)
OPTIONAL_COLUMNS = (
    "url",
    "public_sector_lead",
    "public_sector_contact",
    "vcs_lead",
    "vcs_contact",
    "last_verified",
)
KNOWN_COLUMNS = BASE_COLUMNS + OPTIONAL_COLUMNS
YEAR_COLUMNS = ("first_agreed", "latest_version")
URL_COLUMNS = ("source", "url")
CONTACT_COLUMNS = ("public_sector_contact", "vcs_contact")
LABELS = {
    "area": "Area",
    "level": "Level",
    "region": "Region",
    "first_agreed": "First agreed",
    "latest_version": "Latest version",
    "notes": "Notes",
    "url": "Website",
    "public_sector_lead": "Public sector lead",
    "public_sector_contact": "Public sector contact",
    "vcs_lead": "Voluntary sector lead",
    "vcs_contact": "Voluntary sector contact",
    "last_verified": "Last verified",
    "source": "Source",
}
_RENDERED_FIELD = re.compile(
    r"\b(?P<label>" + "|".join(map(re.escape, LABELS.values())) + r"): (?P<value>.*?)"
    r"(?=\.\s+(?:" + "|".join(map(re.escape, LABELS.values())) + r"): |\.?$)", re.S)
_YEAR = re.compile(r"^(19|20)\d\d$")
_URL = re.compile(r"^(https?://)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(/\S*)?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$", re.IGNORECASE)
_DATE = re.compile(r"^(19|20)\d\d(-\d\d(-\d\d)?)?$")


@dataclass(frozen=True)
class CompactRecord:
    """One local Compact from the list, with the CSV row number it came from."""

    row: int
    values: dict[str, str] = field(hash=False)

    @property
    def name(self) -> str:
        """The Compact's name."""
        return self.values["name"]

    def get(self, column: str) -> str:
        """A column's value, or '' when absent."""
        return self.values.get(column, "")

    @property
    def link(self) -> str | None:
        """The best URL for the record: its own website, else the first URL in `source`."""
        for column in URL_COLUMNS[::-1]:
            candidate = self.get(column).split(" ", 1)[0]
            if candidate:
                return candidate if "://" in candidate else f"https://{candidate}"
        return None

    def render(self) -> str:
        """The row as shown to users and quoted in citations."""
        facts = [f"{LABELS[column]}: {self.get(column)}" for column in LABELS if self.get(column)]
        return f"{self.name}. " + ". ".join(fact.rstrip(".") for fact in facts) + "."


def rendered_fields(text: str) -> dict[str, str]:
    """The columns of a row as `CompactRecord.render` wrote it ("...Notes: x. Source: y.")."""
    columns = {label: column for column, label in LABELS.items()}
    return {columns[m.group("label")]: m.group("value") for m in _RENDERED_FIELD.finditer(text)}


def parse_compacts(path: Path, text: str) -> list[CompactRecord]:
    """Parse and validate the list; raise CorpusError naming the row and column at fault."""
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        columns = [column.strip() for column in reader.fieldnames or []]
    except csv.Error as exc:
        raise CorpusError(path, f"broken CSV: {exc}", line=1) from exc
    _check_columns(path, columns)
    records: list[CompactRecord] = []
    seen: dict[str, int] = {}
    try:
        for raw in reader:
            row = reader.line_num
            if None in raw:
                raise CorpusError(path, "more cells than columns", line=row)
            values = {key.strip(): (value or "").strip() for key, value in raw.items() if key}
            if not any(values.values()):
                continue
            record = CompactRecord(row, {k: v for k, v in values.items() if k in KNOWN_COLUMNS})
            _check_record(path, record, seen)
            records.append(record)
    except csv.Error as exc:
        raise CorpusError(path, f"broken CSV quoting: {exc}", line=reader.line_num) from exc
    if not records:
        raise CorpusError(path, "the list has no rows")
    return records


def _check_columns(path: Path, columns: list[str]) -> None:
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise CorpusError(path, f"missing required column(s): {', '.join(missing)}", line=1)
    unknown = [column for column in columns if column and column not in KNOWN_COLUMNS]
    if unknown:
        log.warning("%s: ignoring unknown column(s): %s", path, ", ".join(unknown))


def _check_record(path: Path, record: CompactRecord, seen: dict[str, int]) -> None:
    def fail(column: str, reason: str) -> CorpusError:
        return CorpusError(path, f"column '{column}': {reason}", line=record.row)

    for column in REQUIRED_COLUMNS:
        if not record.get(column):
            raise fail(column, "is empty but required")
    for column in YEAR_COLUMNS:
        if record.get(column) and not _YEAR.match(record.get(column)):
            raise fail(column, f"'{record.get(column)}' is not a year")
    for column in URL_COLUMNS:
        link = record.get(column).split(" ", 1)[0]
        if link and not _URL.match(link):
            raise fail(column, f"'{link}' is not a valid URL")
    for column in CONTACT_COLUMNS:
        value = record.get(column)
        if "@" in value and not _EMAIL.match(value):
            raise fail(column, f"'{value}' is not a valid e-mail address")
    if record.get("last_verified") and not _DATE.match(record.get("last_verified")):
        raise fail("last_verified", f"'{record.get('last_verified')}' is not a date (YYYY-MM-DD)")
    key = record.name.casefold()
    if key in seen:
        raise fail("name", f"duplicate of row {seen[key]} ('{record.name}')")
    seen[key] = record.row


def compact_blocks(records: list[CompactRecord]) -> list[Block]:
    """One section per Compact: its name as heading, the rendered row as the passage."""
    blocks: list[Block] = []
    for record in records:
        blocks += [Block(record.name, is_heading=True), Block(record.render())]
    return blocks


def row_terms(rows: Iterable[Chunk]) -> frozenset[str]:
    """The terms the rows of a list state: each row's name and text, its links left out (what
    a link's path says is not something the row states)."""
    return term_set(" ".join(f"{row.section or ''} {without_links(row.text)}" for row in rows))


def rows_alone(draft: Draft) -> list[Chunk]:
    """The rows of a list a draft cites, when it cites nothing else; [] otherwise."""
    if not draft.cited or any(p.chunk.kind != "compacts" for p in draft.cited):
        return []
    return [p.chunk for p in draft.cited]
