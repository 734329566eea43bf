"""The `compact-assistant` command: index the corpus, ask questions, serve the API."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.config import Settings, get_settings
from assistant.errors import AssistantError
from assistant.logs import configure_logging
from assistant.schemas import Answer

DESCRIPTION = """\
The Compact assistant answers questions about the Compact between government and the voluntary,
community and social enterprise sector in England, and about local Compacts, with cited passages.

Settings come from COMPACT_* environment variables (see the README), for example
COMPACT_CORPUS_DIR, COMPACT_INDEX_DIR and COMPACT_TOP_K.
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="compact-assistant", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug logging")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    index = commands.add_parser(
        "index", help="build or update the search index from the corpus folder",
        description="Index the corpus incrementally: only changed documents are embedded again. "
        "Exits 1 if any file could not be read (the rest is indexed, the reasons are listed).",
    )
    index.add_argument("--rebuild", action="store_true", help="start over instead of updating")
    index.add_argument("--allow-empty", action="store_true",
                       help="let a corpus folder with no documents empty the index "
                       "(refused otherwise, so that a mistaken folder cannot wipe a good index)")

    ask = commands.add_parser("ask", help="answer one question from the index")
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("--top-k", type=int, metavar="N", help="passages to retrieve (1-20)")

    serve = commands.add_parser(
        "serve", help="serve the HTTP API (builds the index first if there is none)"
    )
    serve.add_argument("--host", help="address to listen on (default COMPACT_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default COMPACT_PORT or 8000)")

    evaluate = commands.add_parser(
        "eval", help="run the evaluation suite on the assistant and two baselines",
        description="Ask every case in evals/cases.jsonl of the assistant (in this process, after "
        "updating the index, or over HTTP with --url) and of two baselines; print a table and "
        "write results.json, report.html and failures.md under evals/results/<timestamp>/.",
    )
    evaluate.add_argument("--url", help="evaluate a running API instead, e.g. http://127.0.0.1:8000")
    evaluate.add_argument(
        "--check", action="store_true", help="exit 1 if a metric misses evals/thresholds.toml"
    )
    evaluate.add_argument("--compare", type=Path, metavar="RESULTS_JSON",
                          help="list the cases that got better or worse since an earlier run")
    evaluate.add_argument("--cases", type=Path, metavar="JSONL", help="another cases file")
    evaluate.add_argument("--thresholds", type=Path, metavar="TOML", help="another thresholds file")
    evaluate.add_argument("--out", type=Path, metavar="DIR", help="results folder (evals/results)")
    evaluate.add_argument("--no-baselines", action="store_true", help="skip the two baselines")
    evaluate.add_argument(
        "--split", choices=("tune", "test"),
        help="ask only one split's cases (while tuning: --split tune; the gate needs both)",
    )
    evaluate.add_argument(
        "--growth", action="store_true",
        help="also run the corpus-growth check: each document left out in turn (slower)",
    )

    feedback = commands.add_parser("feedback", help="readers' ratings of answers")
    feedback_commands = feedback.add_subparsers(dest="feedback_command", required=True,
                                                metavar="ACTION")
    export = feedback_commands.add_parser(
        "export", help="write rated answers as JSON lines, to turn into evaluation cases",
        description="One JSON object per rated answer: question, history, query, answer, "
        "citations, rating, comment. Reads the store at COMPACT_DATABASE_URL.",
    )
    export.add_argument("--rating", choices=("up", "down"), help="only this rating")
    export.add_argument("--output", type=Path, metavar="FILE", help="write here (default stdout)")

    purge = commands.add_parser(
        "purge", help="delete recorded answers and their ratings older than the retention period",
        description="Deletes, in small batches, the answers (with their ratings and conversation "
        "turns) recorded more than COMPACT_RETENTION_DAYS days ago (365 by default) from the "
        "store at COMPACT_DATABASE_URL.",
    )
    purge.add_argument("--days", type=int, metavar="N", help="keep N days instead (at least 1)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = get_settings()
        handler = {
            "index": _index, "ask": _ask, "serve": _serve, "eval": _eval,
            "feedback": _feedback_export, "purge": _purge,
        }[args.command]
        return handler(args, settings)
    except AssistantError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _index(args: argparse.Namespace, settings: Settings) -> int:
    from functools import cache

    from assistant.ingest.indexing import BuildReport
    from assistant.pipeline import build_assistant, build_embedder, build_indexer

    embedder = cache(lambda: build_embedder(settings))  # one model for both, loaded if needed
    report: BuildReport = build_indexer(
        settings, embedder_factory=embedder, progress=_progress_bar,
    ).build(args.rebuild, allow_empty=args.allow_empty)
    _print_report(report)
    if report.chunk_count:  # load the version once: the words it brings are embedded now, and
        build_assistant(settings, embedder=embedder()).refresh()  # kept, not at the next start
    return 0 if report.ok else 1


def _progress_bar(total: int, label: str) -> object:
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="passage", file=sys.stderr, leave=False)


def _print_report(report: object) -> None:
    from assistant.ingest.indexing import BuildReport

    assert isinstance(report, BuildReport)
    if report.up_to_date:
        print(f"Index is up to date ({report.chunk_count} passages, version {report.version}).")
        return
    print(
        f"Indexed {len(report.embedded_docs)} changed document(s), kept "
        f"{len(report.reused_docs)}, removed {len(report.removed_docs)}: "
        f"{report.chunk_count} passages ({report.embedded_chunks} embedded) "
        f"in {report.seconds:.1f} s, version {report.version}."
    )
    for error in report.errors:
        print(f"  error: {error}", file=sys.stderr)
    if report.errors:
        print(f"{len(report.errors)} file(s) could not be indexed.", file=sys.stderr)


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.pipeline import build_assistant

    if args.top_k is not None and not 1 <= args.top_k <= 20:
        print("error: --top-k must be between 1 and 20", file=sys.stderr)
        return 2
    answer = build_assistant(settings).ask(args.question, top_k=args.top_k)
    print(answer.model_dump_json(indent=2) if args.json else format_answer(answer))
    return 0


def format_answer(answer: Answer) -> str:
    """The answer and its citations as plain text for a terminal."""
    lines = [answer.answer, ""]
    for citation in answer.citations:
        where = " — ".join(part for part in (citation.title, citation.section) if part)
        lines.append(f"[{citation.n}] {where}")
        details = " · ".join(p for p in (citation.provenance, citation.url or citation.source) if p)
        lines.append(f"    {details}")
        lines.append(f"    “{citation.quote}”")
    return "\n".join(lines).rstrip()


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn


    _update_before_serving(settings)
    configure_logging(settings.log_format, logging.DEBUG if args.verbose else logging.INFO)
    uvicorn.run(
        "api.main:create_app", factory=True, log_config=None, access_log=False,
        host=args.host or settings.host, port=args.port or settings.port,
    )
    return 0


def _update_before_serving(settings: Settings) -> None:
    """Bring the index up to date; with a corpus folder that is missing or empty, serve the
    index there is (with a warning) rather than exit or empty it."""
    from assistant.errors import CorpusError, EmptyCorpusError
    from assistant.pipeline import build_index, build_indexer

    index = build_index(settings)
    try:
        _print_report(build_indexer(settings, index=index, progress=_progress_bar).build())
    except (CorpusError, EmptyCorpusError) as error:
        if index.info() is None:
            raise
        print(f"warning: {error}; serving the index built before", file=sys.stderr)


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from evals.command import EvalOptions, run_eval

    given = {
        "cases_file": args.cases, "thresholds_file": args.thresholds, "out_dir": args.out,
    }
    options = EvalOptions(
        url=args.url, check=args.check, compare=args.compare, baselines=not args.no_baselines,
        only_split=args.split, growth=args.growth,
        **{key: value for key, value in given.items() if value is not None},
    )
    return run_eval(options, settings)


def _feedback_export(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.chat.conversations import Rating
    from assistant.chat.database import build_store

    store = build_store(settings)
    rating = Rating(args.rating) if args.rating else None
    lines = [json.dumps(f.to_case(), ensure_ascii=False) for f in store.export_feedback(rating)]
    store.close()
    text = "".join(f"{line}\n" for line in lines)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"Wrote {len(lines)} rated answer(s) to {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _purge(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import timedelta

    from assistant.chat.database import build_store, utcnow

    days = settings.retention_days if args.days is None else args.days
    if days < 1:
        print("error: --days must be at least 1", file=sys.stderr)
        return 2
    before = utcnow() - timedelta(days=days)
    store = build_store(settings)
    try:
        deleted = store.purge(before)
    finally:
        store.close()
    print(f"Deleted {deleted} answer(s), with their ratings, recorded before "
          f"{before:%Y-%m-%d %H:%M} UTC ({days} days kept).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
