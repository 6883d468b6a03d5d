"""Spreadsheet-safe CSV cells: what a spreadsheet could run as a formula, and the way back.

A cell a spreadsheet would read as a formula (CSV injection) is led by ``'``,
which spreadsheets show as text. They look past leading spaces and a byte-order
mark, and some read the full-width and small forms of = + - @ (U+FF1D, U+FF0B,
U+FF0D, U+FF20, U+FE66, U+FE62, U+FE63) as the signs themselves, so those count
too. A tab or carriage return at the start is quoted as well, as OWASP advises.

The ``'`` must be removable without guessing, so that our own export imports back
exactly: a value that already starts with ``'`` followed by formula-looking text
gets one more. The rule (``needs_quote``) is written twice, in Python for the rows
followup builds and in SQL (``needs_quote_sql``) for exports, where SQLite quotes
the cells as it reads them; a test keeps the two in step.
"""

FORMULA_SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63"
# Stripped by spreadsheets before they look for a sign: white space and the BOM.
LEADING_BLANKS = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
QUOTE = "'"
ALWAYS_QUOTED = ("\t", "\r")


def looks_like_formula(text: str) -> bool:
    if text.startswith(ALWAYS_QUOTED):
        return True
    first = text.lstrip(LEADING_BLANKS)[:1]
    return first != "" and first in FORMULA_SIGNS


def needs_quote(text: str) -> bool:
    """Whether ``text`` is shown in CSV led by one more ``'``."""
    return looks_like_formula(text.lstrip(QUOTE))


def neutralised(text: str) -> str:
    return QUOTE + text if needs_quote(text) else text


def unneutralised(cell: str) -> str:
    """The value a cell of ours held before ``neutralised``; other cells as they are."""
    if cell.startswith(QUOTE) and needs_quote(cell[1:]):
        return cell[1:]
    return cell


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def needs_quote_sql(value: str) -> str:
    """``needs_quote`` as an SQLite expression of the text expression ``value``.

    A cell that starts with a letter or a digit (nearly all of them) is decided by
    its first character alone.
    """
    first = f"unicode({value})"
    plain = (
        f"({first} BETWEEN 48 AND 57 OR {first} BETWEEN 65 AND 90 OR {first} BETWEEN 97 AND 122)"
    )
    unquoted = f"ltrim({value}, {_literal(QUOTE)})"
    signs = ", ".join(_literal(sign) for sign in FORMULA_SIGNS)
    starts = ", ".join(_literal(start) for start in ALWAYS_QUOTED)
    return (
        f"(typeof({value}) = 'text' AND NOT {plain} AND ("
        f"substr({unquoted}, 1, 1) IN ({starts}) OR "
        f"substr(ltrim({unquoted}, {_literal(LEADING_BLANKS)}), 1, 1) IN ({signs})))"
    )


def neutralised_sql(value: str) -> str:
    """``neutralised`` as an SQLite expression: the cell as a CSV export writes it."""
    return f"CASE WHEN {needs_quote_sql(value)} THEN {_literal(QUOTE)} || {value} ELSE {value} END"
