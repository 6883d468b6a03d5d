"""Text from people and files: as a terminal may be shown it, and as it is compared.

Names, notes, answers and file contents are untrusted: an ESC can make a terminal
set the window title, clear the screen or write the clipboard (OSC 52), a bidi
override can reorder what a line seems to say, and a zero-width character makes
two different names look alike. Everything followup prints for people goes
through ``printable``; machine output (JSON, CSV, ICS) keeps the data exact.
"""

import unicodedata

# Controls (C0, DEL, C1: ESC among them), format characters (zero-width, bidi
# overrides and isolates, tag characters, the BOM), lone surrogates (bytes that were
# not UTF-8), and the line and paragraph separators.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def is_unsafe(char: str) -> bool:
    """Whether a terminal must not be sent ``char`` as it is."""
    return unicodedata.category(char) in UNSAFE_CATEGORIES


def has_unsafe(text: str) -> bool:
    # isprintable() is False for every unsafe character (and for a few harmless ones,
    # like a no-break space), so the common case is decided in C.
    return not text.isprintable() and any(is_unsafe(char) for char in text)


def has_invisible(text: str) -> bool:
    """Whether ``text`` holds a control, format or separator character: not for one line.

    Lone surrogates are left to the UTF-8 check, which names the bad byte.
    """
    return not text.isprintable() and any(
        is_unsafe(char) and not "\ud800" <= char <= "\udfff" for char in text
    )


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every unsafe character shown as a visible escape (``\\x1b``, ``\\u202e``).

    ``keep_newlines`` keeps line breaks, for free text shown on lines of its own.
    """
    if text.isprintable():
        return text
    return "".join(_shown(char, keep_newlines) for char in text)


def _shown(char: str, keep_newlines: bool) -> str:
    if (char == "\n" and keep_newlines) or not is_unsafe(char):
        return char
    if char in NAMED_ESCAPES:
        return NAMED_ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


# Letters whose accent is part of the letter, so that no decomposition removes it.
UNDECOMPOSED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "\u0131": "i", "ŧ": "t", "æ": "ae", "œ": "oe"}
)


def folded(text: str) -> str:
    """``text`` as people compare names: without case or accents ("Jürgen" ~ "jurgen")."""
    lowered = text.casefold()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered.translate(UNDECOMPOSED))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    # Recomposed, so that Hangul syllables (split into letters by NFKD) read as written.
    return unicodedata.normalize("NFC", plain)
