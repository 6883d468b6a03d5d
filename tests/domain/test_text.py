"""Text as a terminal is shown it, and as names are compared."""

import sys
import unicodedata

import pytest

from followup.domain.text import folded, has_invisible, printable


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]52;c;ZXZpbA==\x1b\\", "\\x1b]52;c;ZXZpbA==\\x1b\\"),  # OSC 52 writes the clipboard
        ("a\x9bb", "a\\x9bb"),  # C1 CSI
        ("\x7f", "\\x7f"),
        ("tab\there", "tab\\there"),
        ("\u202efdp.exe", "\\u202efdp.exe"),
        ("Ann\u200b Lee", "Ann\\u200b Lee"),
        ("\U000e0041", "\\U000e0041"),
        ("line\u2028break", "line\\u2028break"),
        ("caf\udce9", "caf\\udce9"),  # a byte that was not UTF-8
    ],
)
def test_unsafe_characters_are_shown_as_escapes(raw: str, shown: str) -> None:
    assert printable(raw) == shown


@pytest.mark.parametrize("text", ["Ann Lee", "김민수", "José Núñez", "Müller\u00a0GmbH", "👋", ""])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert printable(text) == text


def test_free_text_may_keep_its_line_breaks() -> None:
    assert printable("one\ntwo\x1b", keep_newlines=True) == "one\ntwo\\x1b"
    assert printable("one\ntwo") == "one\\ntwo"


def test_every_control_and_format_character_is_escaped() -> None:
    unsafe = {"Cc", "Cf", "Cs", "Zl", "Zp"}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) in unsafe:
            assert printable(char) != char, f"U+{code:04X}"


def test_one_line_text_may_not_hide_characters_but_surrogates_are_left_to_utf8() -> None:
    assert has_invisible("Ann\u200dLee")
    assert has_invisible("Ann\nLee")
    assert not has_invisible("Müller\u00a0GmbH")
    assert not has_invisible("caf\udce9")


@pytest.mark.parametrize(
    ("name", "query"),
    [("Jürgen", "jurgen"), ("Tomás", "TOMAS"), ("Łukasz", "lukasz"), ("Groß", "gross"),
     ("Søren", "soren"), ("최은희", "최은희")],
)  # fmt: skip
def test_names_compare_without_case_or_accents(name: str, query: str) -> None:
    assert folded(name) == folded(query)
