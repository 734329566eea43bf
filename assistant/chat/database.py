"""`SqlStore`: the conversation store on SQLAlchemy (a SQLite file by default, or PostgreSQL)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError

from assistant.chat.conversations import (
    Conversation,
    Feedback,
    Rating,
    Turn,
    new_conversation_id,
)
from assistant.config import Settings
from assistant.errors import (
    AnswerNotFoundError,
    ConversationNotFoundError,
    DatabaseUnavailableError,
    InvalidInputError,
)
from assistant.schemas import Answer

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)
metadata = MetaData()
SCHEMA_LOCK = 7_401_113  # PostgreSQL advisory lock: processes starting together take turns
CONNECT_TIMEOUT_S = 5

conversations = Table(
    "conversations", metadata,
    Column("id", String(128), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
)
answers = Table(
    "answers", metadata,
    Column("answer_id", String(64), primary_key=True),
    Column("conversation_id", String(128), index=True),
    Column("question", Text, nullable=False),
    Column("query", Text, nullable=False),
    Column("status", String(32), nullable=False),
    Column("answer", Text, nullable=False),
    Column("citations", JSON, nullable=False),
    Column("history", JSON, nullable=False),
    Column("answerer", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
turns = Table(
    "turns", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(128), ForeignKey("conversations.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("answer_id", String(64), ForeignKey("answers.answer_id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
feedback = Table(
    "feedback", metadata,
    Column("answer_id", String(64), ForeignKey("answers.answer_id"), primary_key=True),
    Column("rating", String(8), nullable=False),
    Column("comment", Text),
    Column("rated_at", DateTime(timezone=True), nullable=False, index=True),
)
# Delivery ids already handled (Slack retries an event it thinks was lost); kept for a day.
seen_events = Table(
    "seen_events", metadata,
    Column("event_id", String(255), primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False, index=True),
)
EVENT_MEMORY = timedelta(days=1)
# Answers deleted per transaction by `purge`: small enough not to hold a lock that answering
# would wait on for long, large enough that a year of answers goes in a few hundred rounds.
PURGE_BATCH = 500
# Expired conversations are swept when one is started, at most this often per process: a sweep
# on every new conversation was two of the seven statements a first turn cost, and a swept
# conversation is already unreachable (reads check its age), so a minute's delay changes nothing.
PURGE_EVERY = timedelta(minutes=1)


def utcnow() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """The moment with its zone: SQLite hands datetimes back naive, and everything the store
    writes is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@contextmanager
def reachable() -> Iterator[None]:
    """Turn "cannot reach the database" into DatabaseUnavailableError (a 503 in the API)."""
    try:
        yield
    except DataError as error:  # e.g. a null character, which PostgreSQL text cannot hold
        raise InvalidInputError("the input contains characters that cannot be stored") from error
    except (OperationalError, InterfaceError) as error:
        # The driver's own message names the failure; SQLAlchemy's adds the SQL and parameters,
        # which may hold a reader's question, so it is not logged.
        reason = str(error.orig or type(error).__name__).strip().splitlines()[0]
        log.warning("database unavailable", extra={"reason": reason})
        raise DatabaseUnavailableError(
            "the conversation database is unavailable; try again later"
        ) from error


def create_tables(engine: Engine, tables: MetaData) -> None:
    """Create the tables of `tables` that do not exist yet; on PostgreSQL one process at a
    time (replicas starting together would otherwise collide creating the same table)."""
    with reachable(), engine.begin() as db:
        if db.dialect.name == "postgresql":
            db.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK)))
        tables.create_all(db)


class SqlStore:
    """Conversations (bounded and expiring), answers and feedback in one SQL database."""

    def __init__(
        self, engine: Engine, max_turns: int = 20, ttl: timedelta = timedelta(hours=24),
        clock: Clock = utcnow,
    ) -> None:
        self.engine = engine
        self.max_turns = max_turns
        self.ttl = ttl
        self._now = clock
        self._schema_ready = False
        self._purged_at: datetime | None = None
        database = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
        self._sqlite_file = Path(database) if database and database != ":memory:" else None

    def create_schema(self) -> None:
        """Create the tables that do not exist yet (one process at a time on PostgreSQL)."""
        create_tables(self.engine, metadata)
        self._schema_ready = True

    @contextmanager
    def _session(self, write: bool = True) -> Iterator[Connection]:
        """A connection (a transaction when writing), the schema first created if it was not."""
        with reachable():
            if self._sqlite_file is not None and not self._sqlite_file.exists():
                # The file was deleted under us: pooled connections still read the old one, so
                # drop them and make the schema again in a new file.
                self.engine.dispose()
                self._schema_ready = False
            if not self._schema_ready:
                self.create_schema()
            with (self.engine.begin() if write else self.engine.connect()) as db:
                yield db

    def create_conversation(self, conversation_id: str | None = None) -> str:
        """A new, empty conversation; a random id unless one is given (a Slack thread)."""
        conversation_id = conversation_id or new_conversation_id()
        with self._session() as db:
            self._start(db, conversation_id, self._now())
        return conversation_id

    def get_conversation(self, conversation_id: str) -> Conversation:
        """The conversation; ConversationNotFoundError when unknown or expired."""
        with self._session(write=False) as db:
            updated = self._live_updated_at(db, conversation_id)
            rows = db.execute(
                select(answers, turns.c.created_at.label("asked_at"))
                .join(turns, turns.c.answer_id == answers.c.answer_id)
                .where(turns.c.conversation_id == conversation_id)
                .order_by(turns.c.id)
            ).mappings()
            found = [_turn(row) for row in rows]
        return Conversation(conversation_id, found, updated + self.ttl)

    def append_turn(self, conversation_id: str, answer_id: str) -> None:
        """Add a recorded answer as the latest turn, dropping the oldest beyond `max_turns`."""
        with self._session() as db:
            self._append(db, conversation_id, answer_id, self._now())

    def record_answer(self, answer: Answer, history: Sequence[str] = ()) -> None:
        """Keep an answer given, so that it can be rated later."""
        with self._session() as db:
            self._insert_answer(db, answer, history, self._now())

    def record_turn(self, answer: Answer, history: Sequence[str] = (), start: bool = False
                    ) -> None:
        """Keep the answer and append it to its conversation, in one short transaction;
        `start` first creates the conversation (a question that opens one)."""
        if answer.conversation_id is None:
            raise ValueError("a turn needs the answer's conversation_id")
        now = self._now()
        with self._session() as db:
            if start:  # a new random id: nothing to replace, one turn to keep
                self._start(db, answer.conversation_id, now, fresh=True)
            self._insert_answer(db, answer, history, now)
            if start:
                db.execute(insert(turns), {"conversation_id": answer.conversation_id,
                                           "answer_id": answer.answer_id, "created_at": now})
            else:
                self._append(db, answer.conversation_id, answer.answer_id, now)

    def rate_answer(self, answer_id: str, rating: Rating, comment: str | None = None) -> Feedback:
        """Store (or replace) the rating of an answer; AnswerNotFoundError when unknown."""
        now = self._now()
        values = {"rating": rating.value, "comment": comment, "rated_at": now}
        with self._session() as db:
            if db.scalar(select(func.count()).where(answers.c.answer_id == answer_id)) == 0:
                raise AnswerNotFoundError(f"no answer has the id {answer_id!r}")
            db.execute(_upsert(db, feedback, {"answer_id": answer_id}, values))
        return Feedback(answer_id, rating, comment, now)

    def purge(self, before: datetime, batch: int = PURGE_BATCH) -> int:
        """Delete the answers recorded before `before`, with their ratings and turns, `batch`
        at a time (each batch its own short transaction); the number of answers deleted."""
        deleted = 0
        while True:
            with self._session() as db:
                ids = list(db.scalars(select(answers.c.answer_id)
                                      .where(answers.c.created_at < before).limit(batch)))
                if not ids:
                    return deleted
                db.execute(delete(feedback).where(feedback.c.answer_id.in_(ids)))
                db.execute(delete(turns).where(turns.c.answer_id.in_(ids)))
                db.execute(delete(answers).where(answers.c.answer_id.in_(ids)))
            deleted += len(ids)

    def export_feedback(self, rating: Rating | None = None) -> Iterator[Feedback]:
        """Every rating with its answer, oldest first, optionally only one kind."""
        query = (select(feedback, answers).join(answers, answers.c.answer_id ==
                                                feedback.c.answer_id)
                 .order_by(feedback.c.rated_at, feedback.c.answer_id))
        if rating is not None:
            query = query.where(feedback.c.rating == rating.value)
        with self._session(write=False) as db:
            rows = db.execute(query).mappings().all()
        for row in rows:
            yield Feedback(
                row["answer_id"], Rating(row["rating"]), row["comment"],
                aware(row["rated_at"]), row["question"], row["query"], row["status"],
                row["answer"], list(row["citations"]), list(row["history"]),
            )

    def claim_event(self, event_id: str) -> bool:
        """Note a delivery id (a Slack event); True the first time, False when seen before."""
        now = self._now()
        try:
            with self._session() as db:
                db.execute(delete(seen_events).where(seen_events.c.seen_at <= now - EVENT_MEMORY))
                db.execute(insert(seen_events).values(event_id=event_id[:255], seen_at=now))
        except IntegrityError:  # the primary key: another request (or process) claimed it first
            return False
        return True

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def _start(self, db: Connection, conversation_id: str, now: datetime, fresh: bool = False
               ) -> None:
        """Create the conversation, replacing one with the same chosen id (a Slack thread's)
        unless the id is `fresh`; expired conversations are swept at most every PURGE_EVERY."""
        if self._purged_at is None or now - self._purged_at >= PURGE_EVERY:
            self._purge_expired(db, now)
            self._purged_at = now
        if not fresh:
            db.execute(delete(turns).where(turns.c.conversation_id == conversation_id))
            db.execute(delete(conversations).where(conversations.c.id == conversation_id))
        db.execute(insert(conversations),
                   {"id": conversation_id, "created_at": now, "updated_at": now})

    def _insert_answer(self, db: Connection, answer: Answer, history: Sequence[str],
                       now: datetime) -> None:
        db.execute(insert(answers), {
            "answer_id": answer.answer_id, "conversation_id": answer.conversation_id,
            "question": answer.question, "query": answer.query, "status": answer.status.value,
            "answer": answer.answer, "answerer": answer.answerer, "history": list(history),
            "citations": [c.model_dump(mode="json") for c in answer.citations], "created_at": now,
        })

    def _append(self, db: Connection, conversation_id: str, answer_id: str, now: datetime
                ) -> None:
        self._live_updated_at(db, conversation_id)
        db.execute(insert(turns), {"conversation_id": conversation_id, "answer_id": answer_id,
                                   "created_at": now})
        db.execute(update(conversations).where(conversations.c.id == conversation_id)
                   .values(updated_at=now))
        kept = (select(turns.c.id).where(turns.c.conversation_id == conversation_id)
                .order_by(turns.c.id.desc()).limit(self.max_turns))
        db.execute(delete(turns).where(turns.c.conversation_id == conversation_id,
                                       turns.c.id.not_in(kept.scalar_subquery())))

    def _live_updated_at(self, db: Connection, conversation_id: str) -> datetime:
        updated = db.scalar(select(conversations.c.updated_at)
                            .where(conversations.c.id == conversation_id))
        if updated is None or aware(updated) + self.ttl <= self._now():
            raise ConversationNotFoundError(
                "no such conversation (unknown or expired): start a new one without an id"
            )
        return aware(updated)

    def _purge_expired(self, db: Connection, now: datetime) -> None:
        expired = select(conversations.c.id).where(conversations.c.updated_at <= now - self.ttl)
        db.execute(delete(turns).where(turns.c.conversation_id.in_(expired)))
        db.execute(delete(conversations).where(conversations.c.id.in_(expired)))


def _upsert(db: Connection, table: Table, key: dict[str, Any], values: dict[str, Any]) -> Any:
    """Insert a row, or update it when the key exists, in one statement: two first ratings
    arriving together must not collide on the primary key."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if db.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**key, **values)
    return statement.on_conflict_do_update(index_elements=list(key), set_=values)


def _turn(row: Any) -> Turn:
    return Turn(
        row["answer_id"], row["question"], row["query"], row["status"], row["answer"],
        list(row["citations"]), aware(row["asked_at"]),
    )


def make_engine(url: str) -> Engine:
    """An engine for the URL; a SQLite file's folder is created, and threads may share it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        # A database that is down must not hold a question for the OS's TCP timeout.
        parsed = parsed.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_S)})
    if parsed.get_backend_name() != "sqlite":
        # hide_parameters: an error's message must not carry a reader's question into the log
        return create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                           hide_parameters=True)
    if parsed.database and parsed.database != ":memory:":
        event.listen(engine, "connect", _write_ahead_log)
    return engine


def _write_ahead_log(connection: Any, _record: Any) -> None:
    """SQLite in WAL mode: readers no longer wait for a writer, and a commit appends to the
    log instead of rewriting pages. synchronous=NORMAL syncs at checkpoints rather than at
    every commit: a committed turn survives a crash of the process; a power cut can lose the
    commits since the last checkpoint (SQLite's documented trade-off for WAL)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def build_store(settings: Settings) -> SqlStore:
    """The store the settings point at, its tables created (at first use if the DB is down)."""
    store = SqlStore(
        make_engine(settings.database_url),
        max_turns=settings.max_conversation_turns,
        ttl=timedelta(hours=settings.conversation_ttl_hours),
    )
    try:
        store.create_schema()
    except DatabaseUnavailableError:
        log.warning("conversation database unavailable at start-up: tables created on first use")
    return store
