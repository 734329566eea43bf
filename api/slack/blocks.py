"""Answers as Slack messages: escaped mrkdwn, a context block per citation, feedback buttons.

Everything shown comes from an answer or a user, so it is escaped (`&`, `<`, `>`): a passage or
a question can never become a mention, a link or a broadcast. Long answers are cut to Slack's
limits only after a citation marker, so every marker shown has its citation.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.chat.conversations import Rating
from assistant.errors import IndexNotBuiltError, InvalidQuestionError
from assistant.schemas import Answer, Citation
from assistant.text import CITATION_MARKER

Message = dict[str, Any]
Block = dict[str, Any]

SECTION_LIMIT = 3000  # characters in a section block's text (Slack's limit)
ELEMENT_LIMIT = 2000  # characters we allow a context element (text objects take up to 3000)
LABEL_LIMIT = 200  # characters of a title or section heading in a citation
MAX_BLOCKS = 50  # blocks in one message (Slack's limit)
FEEDBACK_BLOCK = "feedback"
FEEDBACK_ACTIONS = {"feedback_up": Rating.up, "feedback_down": Rating.down}
ELLIPSIS = " …"

USAGE = (
    "Ask me about the Compact, for example `/compact why should a PCC use the Compact?` "
    "Add `--share` to post the answer in the channel."
)
MENTION_USAGE = "Ask me about the Compact, for example: _is there a local Compact in Leeds?_"
WORKING = "Looking that up…"

# One sentence with the run of citation markers that closes it, or a tail without markers.
_PIECE = re.compile(r".*?\[\d+\](?:\s*\[\d+\])*|.+", re.DOTALL)
_MARKER_RUN = re.compile(r"(?:\s*\[\d+\])+\s*$")
_LINKABLE = re.compile(r"^https?://[^\s<>|]+$")
_PARTIAL_ENTITY = re.compile(r"&[a-z]*$")


def escape(text: str) -> str:
    """Text made safe for mrkdwn: `&`, `<` and `>` as Slack's entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int) -> str:
    """`text` escaped and, when longer than `limit`, cut at a word with an ellipsis."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    cut = _PARTIAL_ENTITY.sub("", escaped[: limit - len(ELLIPSIS)])  # never half an entity
    space = cut.rfind(" ")
    return (cut[:space] if space > len(cut) // 2 else cut).rstrip() + ELLIPSIS


def markers(text: str) -> set[int]:
    """The citation numbers `[n]` in a text."""
    return {int(n) for n in CITATION_MARKER.findall(text)}


def cut_answer(text: str, limit: int, cited: set[int]) -> str:
    """The answer escaped and, to fit `limit` or the citations shown, cut after a marker run."""
    escaped = escape(text)
    if len(escaped) <= limit and markers(text) <= cited:
        return escaped
    kept = ""
    for piece in _PIECE.findall(text):
        part = escape(piece)
        if not markers(piece) <= cited or len(kept) + len(part) + len(ELLIPSIS) > limit:
            break
        kept += part
    if kept:
        return kept.rstrip() + ELLIPSIS
    first = _PIECE.findall(text)[0]  # one sentence too long by itself: cut its words instead
    run = _MARKER_RUN.search(first)
    tail = " ".join(f"[{n}]" for n in sorted(markers(run.group() if run else "") & cited))
    body = first[: run.start()] if run else first
    return f"{shorten(body, limit - len(tail) - 1)} {tail}".rstrip()


def answer_message(answer: Answer, show_question: bool = False) -> Message:
    """The answer as a message: `text` for notifications, `blocks` to show, buttons to rate."""
    blocks: list[Block] = []
    if show_question:
        blocks.append(_context(f"*Q:* {shorten(answer.question, ELEMENT_LIMIT - 7)}"))
    rateable = answer.saved is not False  # an answer the database did not keep cannot be rated
    room = MAX_BLOCKS - len(blocks) - 1 - int(rateable)
    citations = answer.citations[:room]
    body = cut_answer(answer.answer, SECTION_LIMIT, {c.n for c in citations})
    blocks.append(section(body))
    shown = markers(body)
    blocks += [citation_block(c) for c in citations if c.n in shown]
    if rateable:
        blocks.append(feedback_block(answer.answer_id))
    return {"text": shorten(answer.answer, SECTION_LIMIT), "blocks": blocks}


def citation_block(citation: Citation) -> Block:
    """`[n] title · section` (the title linked to the public document when there is one), the
    publisher and date, and the quote."""
    title = shorten(" ".join(citation.title.split()), LABEL_LIMIT)
    link = (citation.url or citation.source).strip()
    label = f"<{link}|{title}>" if _LINKABLE.match(link) else f"*{title}*"
    if citation.section and citation.section != citation.title:
        label += f" · {shorten(' '.join(citation.section.split()), LABEL_LIMIT)}"
    if citation.provenance:
        label += f"\n_{shorten(citation.provenance, LABEL_LIMIT)}_"
    head = f"*[{citation.n}]* {label}\n"
    quote = shorten(" ".join(citation.quote.split()), ELEMENT_LIMIT - len(head) - 2)
    return _context(f"{head}“{quote}”")


def feedback_block(answer_id: str) -> Block:
    """Thumbs up and down buttons; their value is the answer's id."""
    return {"type": "actions", "block_id": FEEDBACK_BLOCK, "elements": [
        _button("feedback_up", ":thumbsup: Helpful", answer_id),
        _button("feedback_down", ":thumbsdown: Not helpful", answer_id),
    ]}


def thanked_message(blocks: list[Block] | None, rating: Rating) -> Message:
    """The rated message again with its buttons replaced by thanks (a new note without blocks)."""
    thumb = ":thumbsup:" if rating is Rating.up else ":thumbsdown:"
    thanks = f"Thanks for your feedback {thumb}"
    if not blocks:
        return {"replace_original": False, "response_type": "ephemeral", "text": thanks}
    kept = [block for block in blocks if block.get("type") != "actions"]
    return {"replace_original": True, "text": thanks,
            "blocks": [*kept[: MAX_BLOCKS - 1], _context(thanks)]}


def text_message(mrkdwn: str) -> Message:
    """A message of one section of (already escaped) mrkdwn."""
    return {"text": mrkdwn, "blocks": [section(mrkdwn)]}


def problem_message(error: BaseException) -> Message:
    """What the user is told when their question could not be answered."""
    if isinstance(error, InvalidQuestionError):
        return text_message(f"I could not take that question: {escape(str(error))}.")
    if isinstance(error, IndexNotBuiltError):
        return text_message("I am not ready yet (no documents are loaded); ask again shortly.")
    return text_message("Sorry, something went wrong while answering; please try again.")


def section(mrkdwn: str) -> Block:
    """A section block of mrkdwn text."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def _context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn}]}


def _button(action_id: str, label: str, value: str) -> Block:
    return {"type": "button", "action_id": action_id, "value": value,
            "text": {"type": "plain_text", "text": label, "emoji": True}}
