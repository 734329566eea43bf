"""Read a question as meant before it is analysed: spell out the shorthand of chat and text
messages ("y wud we", "r there", "b4"), and set aside requests about the answer's form ("in one
sentence", "briefly") and the courtesies of a message ("Hi, hope you're well.", "Thanks, Ruth"),
which say nothing about what it is about.

Only whole words are replaced, from a fixed list of common English shorthand; misspellings of
ordinary words are left to the embedding model and to the corpus vocabulary.
"""

from __future__ import annotations

import re

# Common English text-message shorthand and its full form. Nothing here is particular to the
# Compact or its documents.
SHORTHAND = {
    "u": "you", "ur": "your", "r": "are", "y": "why", "n": "and", "b4": "before",
    "wat": "what", "wot": "what", "wen": "when", "wud": "would", "cud": "could",
    "shud": "should", "cos": "because", "coz": "because", "bc": "because", "abt": "about",
    "pls": "please", "plz": "please", "thx": "thanks", "ppl": "people", "govt": "government",
    "gov": "government", "dept": "department", "depts": "departments", "org": "organisation",
    "orgs": "organisations", "w": "with", "wk": "week", "wks": "weeks", "yr": "year",
    "yrs": "years", "teh": "the", "tbh": "", "rn": "now", "any1": "anyone", "sum1": "someone",
    "2day": "today", "gr8": "great", "im": "I am", "dont": "don't", "doesnt": "doesn't",
    "isnt": "isn't", "cant": "can't", "wont": "won't", "didnt": "didn't",
    "hav": "have", "hv": "have", "anythin": "anything", "somethin": "something",
    "nothin": "nothing", "nr": "near", "thru": "through", "tho": "though",
    "hw": "how", "wht": "what", "whn": "when", "wher": "where", "wich": "which", "whos": "who's",
}
_WORD = re.compile(r"(?<![\w'’/.(-])(" + "|".join(
    sorted((re.escape(k) for k in SHORTHAND), key=len, reverse=True)) + r")(?![\w'’/)-]|\.\w)",
    re.IGNORECASE)


def _full_form(match: re.Match[str]) -> str:
    word = match.group(1)
    if len(word) == 1 and word.isupper():  # "Plan B", "U" of a name: not shorthand
        return word
    return SHORTHAND[word.lower()]


# A year cut to two digits: "in '98", or naming a Compact ("the 09 compact"); not a count ("10
# compacts") nor a number standing alone. Two digits from this one up are read as the 1900s.
_SHORT_YEAR = re.compile(r"(?<!\w)['’](\d{2})\b|\b(?<=the )(\d{2})(?= compact\b)", re.I)
FIRST_SHORT_YEAR_OF_1900S = 50


def _full_year(match: re.Match[str]) -> str:
    digits = match.group(1) or match.group(2)
    return f"{19 if int(digits) >= FIRST_SHORT_YEAR_OF_1900S else 20}{digits}"


def spell_out(question: str) -> str:
    """The question with text-message shorthand written out ("y wud we" -> "why would we",
    "the 98 compact" -> "the 1998 compact")."""
    spelled = _SHORT_YEAR.sub(_full_year, _WORD.sub(_full_form, question))
    spelled = re.sub(r"\s+([,.?!])", r"\1", spelled)  # where a word was dropped ("tbh")
    return re.sub(r"\s{2,}", " ", spelled).strip()


# How the asker wants the answer put, not what it is about: "In one sentence, what does X do?"
# otherwise searches for "one" and "sentence".
_FORM_REQUEST = re.compile(
    r"\b(?:(?:explain |tell me |say )?in (?:one|a single|a few|two|three|a) (?:sentence|line|"
    r"paragraph|word)s?|in a nutshell|in plain (?:english|terms|words)|in (?:short|brief)|"
    r"briefly|for a (?:line|sentence) in a \w+ report)\b[,:]?\s*", re.IGNORECASE)


def without_form_request(question: str) -> str:
    """The question without a request about the answer's form ("In one sentence, what is X?"
    -> "what is X?"); the whole question if nothing else would be left."""
    plain = _FORM_REQUEST.sub("", question).strip(" ,:-")
    plain = re.sub(r"[\s,]+([.?!])", r"\1", plain)  # "deals with, in a nutshell." -> "deals with."
    return plain if len(plain) >= 3 else question


# The courtesies that open a message: a greeting ("Hi there,", "Good morning.", "Dear
# colleague,"), thanks for what came before ("Thanks!", "Great, thanks."), a wish ("Hope you're
# well.", "I hope this finds you well!") or "quick one" - each ending in punctuation
_GREETING = (r"(?:hi|hello|hey|hiya|greetings|(?:good\s+)?(?:morning|afternoon|evening)|"
             r"dear\s+[\w.]+(?:\s+[\w.]+)?)(?:\s+(?:there|all|team|both|everyone|folks))?")
_THANKS = (r"(?:(?:ok(?:ay)?|great|lovely|brilliant|perfect|super|right)[\s,!.]*)?"
           r"(?:(?:many\s+|huge\s+)?thanks?|thank\s+you|thx|cheers|ta)"
           r"(?:\s+(?:so|very)\s+much|\s+again(?:\s+for\s+[^.!?]*)?|\s+for\s+[^.!?]*)?"
           r"|(?:ok(?:ay)?|great|lovely|brilliant|perfect)")
_WISH = r"(?:i\s+)?hope\s+[^.!?]*"
_QUICK_ONE = r"(?:a\s+)?quick\s+(?:one|question|q)(?:\s+(?:from\s+me|for\s+you))?"
_OPENING_COURTESY = re.compile(
    rf"^\s*(?:{_GREETING}|{_THANKS}|{_WISH}|{_QUICK_ONE})\s*[,!.:;-]+\s*", re.IGNORECASE)
# ...and close it: a sign-off after the question, with a name or kisses after it ("Kind
# regards, Dave", "Thanks, Dr Okafor", "thanks x", "Ta")
_SIGN_OFF = re.compile(
    r"(?<=[?.!])\s*(?:(?:many\s+|huge\s+)?thanks?(?:\s+(?:so|very)\s+much|\s+in\s+advance)?|"
    r"thank\s+you(?:\s+(?:so|very)\s+much)?|thx|cheers|ta|(?:kind(?:est)?\s+|best\s+|warm"
    r"(?:est)?\s+)?regards|best(?:\s+wishes)?|all\s+the\s+best|with\s+thanks)"
    r"(?:[\s,!.]+(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}|x+))?[\s!.]*$", re.IGNORECASE)


def without_courtesies(question: str) -> str:
    """The question without the greetings, wishes and thanks that open a message and the
    sign-off that closes it ("Hi, hope you're well. What is X? Thanks, Ruth" -> "What is X?");
    the whole question if nothing else would be left."""
    plain = _SIGN_OFF.sub("", question)
    while (opening := _OPENING_COURTESY.match(plain)) and opening.end() < len(plain):
        plain = plain[opening.end():]
    return plain if len(plain.strip()) >= 3 else question


def plain_question(question: str) -> str:
    """The question as it is searched: shorthand spelled out, requests about form and the
    courtesies of a message set aside."""
    return without_form_request(without_courtesies(spell_out(question)))
