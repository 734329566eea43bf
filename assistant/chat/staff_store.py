"""What the staff console keeps in the conversation database: the evaluation cases staff write,
their review of each rated answer, and the evaluation runs, so that every replica sees them and
they outlive a restart."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    desc,
    insert,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from assistant.chat.database import answers, aware, create_tables, feedback, reachable, utcnow

staff_metadata = MetaData()
staff_cases = Table(
    "staff_cases", staff_metadata,
    Column("case_id", String(64), primary_key=True),
    Column("case", JSON, nullable=False),  # one line of evals/cases.jsonl
    Column("author", String(64), nullable=False),
    Column("answer_id", String(64), index=True),  # the rated answer it came from, if any
    Column("created_at", DateTime(timezone=True), nullable=False),
)
feedback_reviews = Table(
    "feedback_reviews", staff_metadata,
    Column("answer_id", String(64), primary_key=True),
    Column("outcome", String(32), nullable=False),
    Column("case_id", String(64)),
    Column("reviewer", String(64), nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
)
eval_runs = Table(
    "eval_runs", staff_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_by", String(64), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False, index=True),
    Column("result", JSON, nullable=False),  # the assistant's run, as evals' SystemRun.to_dict
)

# A named job one replica at a time may run (the console's evaluation run): whoever holds the
# row runs it. A lease expires, so a replica that died mid-run blocks others for at most that.
job_leases = Table(
    "job_leases", staff_metadata,
    Column("name", String(64), primary_key=True),
    Column("holder", String(128), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
# A console run of the whole suite takes under a minute here; a quarter of an hour is ample,
# and short enough that a crashed replica's run does not hold up the next for long.
JOB_LEASE = timedelta(minutes=15)


class Outcome(StrEnum):
    """What staff made of a rated answer."""

    case = "case"  # an evaluation case citing the passage that should have been cited
    decline = "decline"  # an evaluation case: the assistant should decline the question
    needs_document = "needs_document"  # wrong corpus: a content gap, no case


@dataclass(frozen=True)
class FeedbackFilter:
    """Which rated answers the inbox shows."""

    rating: str | None = None
    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    reviewed: bool | None = None
    limit: int = 50
    offset: int = 0


class StaffStore:
    """Staff cases, reviews of rated answers and evaluation runs, in the conversation database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._schema_ready = False

    @contextmanager
    def _session(self, write: bool = True) -> Iterator[Connection]:
        with reachable():
            if not self._schema_ready:
                create_tables(self.engine, staff_metadata)
                self._schema_ready = True
            with (self.engine.begin() if write else self.engine.connect()) as db:
                yield db

    def add_case(self, case: dict[str, Any], author: str, answer_id: str | None,
                 outcome: Outcome) -> None:
        """Keep a staff case and note the rated answer it came from as reviewed."""
        now = utcnow()
        with self._session() as db:
            db.execute(insert(staff_cases).values(
                case_id=case["id"], case=case, author=author, answer_id=answer_id, created_at=now))
            if answer_id is not None:
                self._review(db, answer_id, outcome, case["id"], author)

    def mark(self, answer_id: str, outcome: Outcome, reviewer: str) -> None:
        """Note a rated answer as reviewed without a case (a content gap)."""
        with self._session() as db:
            self._review(db, answer_id, outcome, None, reviewer)

    @staticmethod
    def _review(db: Connection, answer_id: str, outcome: Outcome, case_id: str | None,
                reviewer: str) -> None:
        db.execute(delete(feedback_reviews).where(feedback_reviews.c.answer_id == answer_id))
        db.execute(insert(feedback_reviews).values(
            answer_id=answer_id, outcome=outcome.value, case_id=case_id, reviewer=reviewer,
            reviewed_at=utcnow()))

    def cases(self) -> list[dict[str, Any]]:
        """Every staff case, oldest first, with who wrote it and when."""
        with self._session(write=False) as db:
            rows = db.execute(select(staff_cases).order_by(staff_cases.c.created_at)).mappings()
            return [{"case": dict(row["case"]), "author": row["author"],
                     "answer_id": row["answer_id"], "created_at": aware(row["created_at"])}
                    for row in rows]

    def case_ids(self) -> set[str]:
        """The ids staff cases already use."""
        with self._session(write=False) as db:
            return set(db.scalars(select(staff_cases.c.case_id)))

    def feedback(self, where: FeedbackFilter) -> list[dict[str, Any]]:
        """Rated answers with their review, thumbs-down first, then the newest first."""
        query = (select(feedback, answers, feedback_reviews.c.outcome, feedback_reviews.c.case_id,
                        feedback_reviews.c.reviewer, feedback_reviews.c.reviewed_at)
                 .join(answers, answers.c.answer_id == feedback.c.answer_id)
                 .outerjoin(feedback_reviews,
                            feedback_reviews.c.answer_id == feedback.c.answer_id))
        conditions = [
            (where.rating, lambda v: feedback.c.rating == v),
            (where.status, lambda v: answers.c.status == v),
            (where.since, lambda v: feedback.c.rated_at >= v),
            (where.until, lambda v: feedback.c.rated_at < v),
        ]
        for value, condition in conditions:
            if value is not None:
                query = query.where(condition(value))
        if where.reviewed is not None:
            reviewed = feedback_reviews.c.outcome.is_not(None)
            query = query.where(reviewed if where.reviewed else ~reviewed)
        # "down" sorts before "up": thumbs-down first
        query = (query.order_by(feedback.c.rating, desc(feedback.c.rated_at))
                 .limit(where.limit).offset(where.offset))
        with self._session(write=False) as db:
            return [_feedback_item(row) for row in db.execute(query).mappings()]

    def rated_answer(self, answer_id: str) -> dict[str, Any] | None:
        """One rated answer as the inbox shows it, or None when it was never rated."""
        query = select(feedback, answers).join(
            answers, answers.c.answer_id == feedback.c.answer_id
        ).where(feedback.c.answer_id == answer_id)
        with self._session(write=False) as db:
            row = db.execute(query).mappings().first()
        return None if row is None else _feedback_item(row)

    def content_gaps(self) -> list[dict[str, Any]]:
        """Questions staff marked "wrong corpus: needs a document", newest first."""
        query = (select(answers.c.question, feedback_reviews.c.reviewer,
                        feedback_reviews.c.reviewed_at)
                 .join(answers, answers.c.answer_id == feedback_reviews.c.answer_id)
                 .where(feedback_reviews.c.outcome == Outcome.needs_document.value)
                 .order_by(desc(feedback_reviews.c.reviewed_at)))
        with self._session(write=False) as db:
            return [{"question": row["question"], "reviewer": row["reviewer"],
                     "reviewed_at": aware(row["reviewed_at"])}
                    for row in db.execute(query).mappings()]

    def claim_job(self, name: str, holder: str, lease: timedelta = JOB_LEASE) -> bool:
        """Take the job `name` for `holder`, across every process on this database; False
        while another holds it and its lease has not expired."""
        now = utcnow()
        try:
            with self._session() as db:
                db.execute(delete(job_leases).where(job_leases.c.name == name,
                                                    job_leases.c.expires_at <= now))
                db.execute(insert(job_leases).values(name=name, holder=holder,
                                                     expires_at=now + lease))
        except IntegrityError:  # the primary key: someone else holds it
            return False
        return True

    def release_job(self, name: str, holder: str) -> None:
        """Give the job back (only the holder's own claim is removed)."""
        with self._session() as db:
            db.execute(delete(job_leases).where(job_leases.c.name == name,
                                                job_leases.c.holder == holder))

    def save_run(self, result: dict[str, Any], started_by: str) -> None:
        """Keep an evaluation run's result."""
        with self._session() as db:
            db.execute(insert(eval_runs).values(
                started_by=started_by, finished_at=utcnow(), result=result))

    def latest_runs(self, count: int = 2) -> list[dict[str, Any]]:
        """The latest `count` evaluation runs, newest first."""
        query = select(eval_runs).order_by(desc(eval_runs.c.id)).limit(count)
        with self._session(write=False) as db:
            return [{"run_id": row["id"], "started_by": row["started_by"],
                     "finished_at": aware(row["finished_at"]), "result": row["result"]}
                    for row in db.execute(query).mappings()]

    def answers_since(self, since: datetime) -> list[tuple[datetime, str, str]]:
        """(asked at, status, question) of every answer given since `since`, oldest first."""
        query = (select(answers.c.created_at, answers.c.status, answers.c.question)
                 .where(answers.c.created_at >= since).order_by(answers.c.created_at))
        with self._session(write=False) as db:
            return [(aware(at), status, question) for at, status, question in db.execute(query)]


def _feedback_item(row: Any) -> dict[str, Any]:
    outcome = row.get("outcome")
    return {
        "answer_id": row["answer_id"], "rating": row["rating"], "comment": row["comment"],
        "rated_at": aware(row["rated_at"]), "question": row["question"],
        "history": list(row["history"]), "query": row["query"], "status": row["status"],
        "answer": row["answer"], "citations": list(row["citations"]),
        "review": None if outcome is None else {
            "outcome": outcome, "case_id": row["case_id"], "reviewer": row["reviewer"],
            "reviewed_at": aware(row["reviewed_at"])},
    }
