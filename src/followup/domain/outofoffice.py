"""Automatic replies: telling one from a person's answer, and reading when they are back.

An out-of-office message is not a reply: nobody read what you wrote. It says so in
its headers (RFC 3834's ``Auto-Submitted``, or the older ``X-Autoreply``,
``X-Autorespond`` and ``Precedence: auto_reply``) or, from servers that set none of
them, in a subject as Outlook, Gmail and Exchange write it in English, German,
French or Spanish. The day they are back is read from the text: each date in it is
found here and read by python-dateutil, with the month names of the four languages.
"""

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from dateutil import parser as dateutil

# A subject that starts so. Not after "Re:": that is a person answering about one.
_SUBJECT = re.compile(
    r"^\s*(?:"
    r"out of (?:the )?office|automatic reply|auto[- ]?reply|autoresponse|"
    r"away from (?:the |my )?office|(?:i am |i'm )?(?:on vacation|on holiday|on leave)|"
    r"abwesenheit(?:snotiz)?|automatische antwort|nicht im büro|au(?:ß|ss)er haus|"
    r"réponse automatique|reponse automatique|absence du bureau|absente? du bureau|"
    r"message d'absence|en congés?|"
    r"respuesta automática|respuesta automatica|fuera de (?:la )?oficina|ausente|"
    r"respuesta de ausencia|de vacaciones"
    r")",
    re.IGNORECASE,
)
# Words just before a date that make it the day they are back, not their last day away.
_BACK = re.compile(
    r"\b(?:back|return|returning|returns|zurück|wieder|ab dem|ab|retour|à partir du|"
    r"a partir du|de vuelta|regreso|vuelvo|volveré|a partir del)\b\W*(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
_MONTHS = (
    ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene"),
    ("february", "feb", "februar", "février", "fevrier", "févr", "fév", "febrero"),
    ("march", "mar", "märz", "maerz", "mars", "marzo"),
    ("april", "apr", "avril", "avr", "abril", "abr"),
    ("may", "mai", "mayo"),
    ("june", "jun", "juni", "juin", "junio"),
    ("july", "jul", "juli", "juillet", "juil", "julio"),
    ("august", "aug", "août", "aout", "agosto", "ago"),
    ("september", "sep", "sept", "septembre", "septiembre", "setiembre"),
    ("october", "oct", "oktober", "okt", "octobre", "octubre"),
    ("november", "nov", "novembre", "noviembre"),
    ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic"),
)
_MONTH = "|".join(sorted({name for names in _MONTHS for name in names}, key=len, reverse=True))
_DATES = re.compile(
    r"\b(?:"
    r"\d{4}-\d{1,2}-\d{1,2}"  # 2026-12-15
    r"|\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b"  # 15.12.2026, 15/12/26
    r"|\d{1,2}\.\d{1,2}\.(?!\d)"  # 15.12.
    rf"|\d{{1,2}}(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+)?(?:{_MONTH})\.?(?:\s*(?:de\s+)?\d{{4}})?"
    rf"|(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*\d{{4}})?"
    r")(?!\w)",
    re.IGNORECASE,
)
# What dateutil would not skip: "15 de diciembre", "le 1er décembre", "15º".
_FILLER = re.compile(r"\b(?:de|du|le|el)\b|(?<=\d)(?:er|º)", re.IGNORECASE)
LOOK_AHEAD = timedelta(days=366)  # a date further from the message is not their return
# A date without a year this long before the message is next year's ("back on 5 January").
YEAR_TURN = timedelta(days=60)


class _Languages(dateutil.parserinfo):
    """dateutil's English, with the months of German, French and Spanish too."""

    def __init__(self, dayfirst: bool):
        super().__init__(dayfirst=dayfirst)
        self._months = {name: number for number, names in enumerate(_MONTHS) for name in names}

    def month(self, name: str) -> int | None:
        number = self._months.get(name.lower())
        return None if number is None else number + 1


def is_automatic(headers: Mapping[str, str], subject: str) -> bool:
    """Whether a message was sent by a machine on someone's behalf, not by them."""
    submitted = headers.get("auto-submitted", "").strip().lower()
    if submitted and submitted != "no":
        return True
    if headers.get("x-autoreply") or headers.get("x-autorespond"):
        return True
    if headers.get("precedence", "").strip().lower() == "auto_reply":
        return True
    return bool(_SUBJECT.match(subject))


def last_day_away(text: str, sent_on: date, *, day_first: bool = True) -> date | None:
    """The last day the writer of an out-of-office ``text`` sent on ``sent_on`` is away.

    Every date in the text from the day it was sent to a year later counts; a date
    after "back", "zurück", "de retour", "de vuelta"… is the day they are back, so the
    day before it is their last day away. The latest of them wins: "from 1 to 15
    December, back on the 16th" is away until the 15th. ``day_first`` reads 03/04 as
    the 3rd of April (as everywhere but the US).
    """
    found: list[date] = []
    for match in _DATES.finditer(text):
        day = _read(match.group(0), sent_on, day_first)
        if day is None:
            continue
        if _BACK.search(text[max(0, match.start() - 40) : match.start()]):
            day -= timedelta(days=1)
        if sent_on <= day <= sent_on + LOOK_AHEAD:
            found.append(day)
    return max(found, default=None)


def _read(written: str, sent_on: date, day_first: bool) -> date | None:
    anchor = datetime(sent_on.year, sent_on.month, sent_on.day)
    try:
        read = dateutil.parse(
            _FILLER.sub(" ", written).rstrip("."),
            parserinfo=_Languages(dayfirst=day_first),
            default=anchor,
        ).date()
    except (ValueError, OverflowError):
        return None
    has_year = re.search(r"\d{4}|[./]\d{2}$", written)
    if not has_year and read < sent_on - YEAR_TURN:
        # "back on 5 January", written in December: next year's.
        try:
            read = read.replace(year=read.year + 1)
        except ValueError:
            return None
    return read
