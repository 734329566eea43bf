"""What a Slack user typed, as a plain question: markup, mentions and the `--share` flag removed."""

from __future__ import annotations

import re

# "--share", also as macOS and Slack's autocorrect turn it ("—share", "–share").
_SHARE = re.compile(r"(?:^|\s)(?:--|—|–)share(?=\s|$)", re.IGNORECASE)
_USER_OR_SPECIAL = re.compile(r"<[@!][^>]*>")  # <@U123>, <@U123|name>, <!here>, <!channel>
_CHANNEL = re.compile(r"<#[A-Z0-9]+\|([^>]*)>")
_LABELLED_LINK = re.compile(r"<[^>|]+\|([^>]*)>")
_BARE_LINK = re.compile(r"<([^>]+)>")


def parse_command(text: str) -> tuple[str, bool]:
    """The question of a slash command and whether the user asked to `--share` the answer."""
    share = bool(_SHARE.search(text))
    return plain_text(_SHARE.sub(" ", text)), share


def plain_text(text: str) -> str:
    """Slack's message markup turned into the plain text it stands for."""
    text = _USER_OR_SPECIAL.sub(" ", text)
    text = _CHANNEL.sub(r"#\1", text)
    text = _LABELLED_LINK.sub(r"\1", text)
    text = _BARE_LINK.sub(r"\1", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())
