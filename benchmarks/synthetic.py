"""Synthetic corpora of a chosen size, recombined from the sentences of the real corpus.

Each real text document gives its sentences, grouped by the section heading they sit under.
A pool of 6,000 distinct sentences is made from them: the originals, plus new ones that join
the opening words of one sentence (cut at a random point between 30% and 70% of its words) to
the closing words of another (cut the same way), taken from the same section seven times in
ten and from any section otherwise; a new sentence belongs to the section of its opening. A
synthetic document is Markdown with a title and six sections, each under a real heading, with
two to five paragraphs of two to four sentences drawn from that heading's pool. Documents are
added to a copy of the shipped corpus until its chunks, counted by the real loader and chunker,
reach the target.
"""

from __future__ import annotations

import random
import shutil
from collections import defaultdict
from pathlib import Path

from assistant.ingest.chunking import chunk_document
from assistant.ingest.indexing import corpus_files
from assistant.ingest.loaders import load_document
from evals.corpus import load_documents

POOL_SIZE = 6000  # distinct sentences; bounds the distinct vectors a large corpus needs
SECTIONS_PER_DOCUMENT = 6


def sentences_by_heading(corpus_dir: Path) -> dict[str, list[str]]:
    """Sentences of the real text documents, by the heading of their section."""
    found: dict[str, list[str]] = defaultdict(list)
    for document in load_documents(corpus_dir):
        if document.kind != "text":
            continue
        for chunk in chunk_document(document):
            if chunk.section:
                found[chunk.section] += [chunk.text[s:e] for s, e in chunk.sentence_units()]
    return {heading: sentences for heading, sentences in found.items() if len(sentences) >= 2}


def sentence_pool(
    by_heading: dict[str, list[str]], size: int, rng: random.Random
) -> dict[str, list[str]]:
    """The originals plus recombined sentences, about `size` in all, by heading."""
    pool = {heading: list(dict.fromkeys(sentences)) for heading, sentences in by_heading.items()}
    headings = list(by_heading)
    weights = [len(by_heading[heading]) for heading in headings]
    every = [sentence for sentences in by_heading.values() for sentence in sentences]
    seen = {sentence for sentences in pool.values() for sentence in sentences}
    for _ in range(size * 20):
        if len(seen) >= size:
            break
        heading = rng.choices(headings, weights)[0]
        first = rng.choice(by_heading[heading])
        second = rng.choice(by_heading[heading] if rng.random() < 0.7 else every)
        joined = _join(first, second, rng)
        if joined not in seen:
            seen.add(joined)
            pool[heading].append(joined)
    return pool


def _join(first: str, second: str, rng: random.Random) -> str:
    head, tail = first.split(), second.split()
    cut_head = max(1, round(len(head) * rng.uniform(0.3, 0.7)))
    cut_tail = round(len(tail) * rng.uniform(0.3, 0.7))
    return " ".join(head[:cut_head] + tail[cut_tail:])


def synthetic_document(number: int, pool: dict[str, list[str]], rng: random.Random) -> str:
    """One Markdown document of several sections under real headings."""
    lines = [f"# Compact notes, collection {number}", ""]
    for heading in rng.sample(list(pool), min(SECTIONS_PER_DOCUMENT, len(pool))):
        lines += [f"## {heading}", ""]
        for _ in range(rng.randint(2, 5)):
            count = min(rng.randint(2, 4), len(pool[heading]))
            lines += [" ".join(rng.sample(pool[heading], count)), ""]
    return "\n".join(lines)


def write_corpus(source_dir: Path, target_dir: Path, chunks: int, seed: int = 8) -> int:
    """Copy the real corpus to `target_dir` and add synthetic documents until it has about
    `chunks` chunks; returns the number of chunks."""
    shutil.rmtree(target_dir, ignore_errors=True)
    shutil.copytree(source_dir, target_dir)
    total = sum(len(chunk_document(load_document(p, target_dir))) for p in corpus_files(target_dir))
    rng = random.Random(seed)
    pool = sentence_pool(sentences_by_heading(source_dir), POOL_SIZE, rng)
    number = 0
    while total < chunks:
        number += 1
        path = target_dir / "synthetic" / f"notes-{number:05d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(synthetic_document(number, pool, rng), encoding="utf-8")
        total += len(chunk_document(load_document(path, target_dir)))
    return total
