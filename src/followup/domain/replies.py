"""What a reply says, in one line: its subject and the first lines the writer typed.

Everything below their own words (the quoted mail, the "On … wrote:" line that
introduces it in English, German, French and Spanish, Outlook's header block, a
signature) is left out: the note is what they said, not what you had said.
"""

import re

LINES = 3  # of their own words
MAX_CHARS = 300
_QUOTE_STARTS = re.compile(
    r"^(?:>|-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|"
    r"mensaje original)|_{5,}|(?:from|von|de|envoyé|sent|gesendet)\s*:.*@|--\s*$|"
    r"sent from my|von meinem .* gesendet|envoyé de mon|enviado desde mi)",
    re.IGNORECASE,
)
_WROTE = re.compile(r"^(?:on|am|le|el)\b.*(?:wrote|schrieb|a écrit|escribió).*:\s*$", re.IGNORECASE)
# "Hi Sam," and the like: how they began, not what they said.
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|hallo|liebe|lieber|sehr geehrte[r]?|guten tag|moin|bonjour|"
    r"salut|cher|chère|hola|estimad[oa]|buenos días|buenas)\b[^.!?]{0,40}[,!]?$",
    re.IGNORECASE,
)
# "Best," and the like: what comes after is their name and signature.
_CLOSING = re.compile(
    r"^(?:best|best regards|regards|kind regards|warm regards|cheers|thanks|many thanks|"
    r"viele grüße|mit freundlichen grüßen|beste grüße|freundliche grüße|lg|vg|"
    r"cordialement|bien cordialement|bien à vous|saludos|un saludo|atentamente)[,!.]?$",
    re.IGNORECASE,
)
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|rv|ref)\s*:\s*)+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def first_lines(body: str, lines: int = LINES) -> list[str]:
    """The first ``lines`` non-empty lines of ``body`` above anything quoted."""
    kept: list[str] = []
    for line in body.splitlines():
        text = line.strip()
        if _QUOTE_STARTS.match(text) or _WROTE.match(text) or _CLOSING.match(text):
            break
        if text and not (not kept and _GREETING.match(text)):
            kept.append(_SPACES.sub(" ", text))
        if len(kept) == lines:
            break
    return kept


def note(subject: str, body: str) -> str:
    """The note a reply is recorded with: "Subject: what they wrote / and then"."""
    said = " / ".join(first_lines(body))
    topic = _SPACES.sub(" ", _REPLY_PREFIX.sub("", subject)).strip()
    joined = f"{topic}: {said}" if topic and said else topic or said
    return joined if len(joined) <= MAX_CHARS else joined[: MAX_CHARS - 1].rstrip() + "…"
