"""Accounts: which company someone works for, however it is spelled or mailed from.

People write a company as they like: "Kessler Logistik GmbH", "kessler logistik",
"KESSLER-LOGISTIK". Two contacts are at one account when their company names
agree once case, accents, punctuation and legal forms are set aside, or when
they write from one company's mail domain (never a free-mail one: two Gmail
users are not colleagues).
"""

import re
from functools import lru_cache

from followup.domain.text import folded

# Legal forms, as words once dots are gone ("S.L." is "sl", "Sp. z o.o." is "sp z oo"):
# several languages' company types, taken off either end of a name, as often as they
# stand there ("GmbH & Co. KG" is three of them).
LEGAL_FORMS = frozenset(
    {"inc", "incorporated", "corp", "corporation", "co", "company", "llc", "llp", "lp", "ltd"}
    | {"limited", "plc", "pty", "pte", "gmbh", "mbh", "ag", "kg", "kgaa", "ohg", "gbr", "ug"}
    | {"ev", "eg", "se", "sa", "sas", "sarl", "sasu", "eurl", "sl", "slu", "sll", "spa", "srl"}
    | {"sapa", "snc", "bv", "nv", "vof", "oy", "oyj", "ab", "as", "asa", "aps", "hf", "sro"}
    | {"spol", "zrt", "kft", "nyrt", "bt", "doo", "dd", "ad", "ood", "ltda", "sc", "kk", "cv"}
    | {"gk", "bhd", "sdn", "tbk", "pt", "oü", "ou", "uab", "sia", "ooo", "zao", "pjsc", "ojsc"}
    | {"jsc", "sca", "scs", "scrl", "sprl", "bvba", "cvba", "ek", "kv", "sab", "abp", "publ"}
    | {"haftungsbeschrankt", "spolka"}
)
# Legal forms of several words, as word sequences.
LEGAL_PHRASES = (
    ("sp", "z", "oo"),
    ("sp", "z", "o", "o"),
    ("spz", "oo"),
    ("sp", "zoo"),
    ("z", "oo"),
    ("sa", "rl"),
    ("s", "de", "rl"),
    ("de", "cv"),
    ("sa", "de", "cv"),
    ("spol", "s", "ro"),
    ("a", "s"),
    ("s", "a"),
)
# Legal forms that also stand first ("AB Volvo", "AS Tallink", "PT Bank Mandiri").
LEADING_FORMS = frozenset({"ab", "as", "oy", "sc", "pt", "ooo", "zao", "uab", "sia", "jsc"})
# Words that join names, between two others: "Procter & Gamble" is "Procter and Gamble".
JOINING = frozenset({"&", "and", "und", "et", "y", "e", "och", "og", "en", "i", "u"})
ARTICLES = frozenset({"the", "die", "der", "das", "le", "la", "les", "el", "il"})
WORD = re.compile(r"[\w&]+")
DOTTED = re.compile(r"(?<=\w)\.(?=\w)|\.$|\.(?=\s)")

# Mail providers anyone can sign up with: a shared domain there says nothing.
FREE_MAIL = frozenset(
    {"gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "hotmail.com", "outlook.com"}
    | {"live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "gmx.de"}
    | {"gmx.net", "gmx.at", "gmx.ch", "gmx.com", "web.de", "t-online.de", "freenet.de"}
    | {"posteo.de", "mailbox.org", "protonmail.com", "proton.me", "pm.me", "tutanota.com"}
    | {"yandex.ru", "yandex.com", "mail.ru", "orange.fr", "free.fr", "laposte.net"}
    | {"wanadoo.fr", "sfr.fr", "libero.it", "virgilio.it", "seznam.cz", "centrum.cz"}
    | {"wp.pl", "o2.pl", "interia.pl", "onet.pl", "qq.com", "163.com", "126.com"}
    | {"hey.com", "fastmail.com", "zoho.com", "hotmail.de", "hotmail.fr", "hotmail.co.uk"}
    | {"yahoo.de", "yahoo.fr", "yahoo.co.uk", "yahoo.es", "outlook.de", "live.de", "aon.at"}
    | {"bluewin.ch", "telenet.be", "skynet.be", "ziggo.nl", "kpnmail.nl", "btinternet.com"}
    | {"hotmail.es", "hotmail.it", "outlook.fr", "outlook.es", "live.co.uk", "live.fr"}
    | {"yahoo.it", "yahoo.com.br", "uol.com.br", "bol.com.br", "email.cz", "protonmail.ch"}
)
# Second levels under which a country registers companies, so that their domain has three
# labels (kessler.co.uk, alpha.co.at, beta.com.es, gamma.or.jp).
GENERIC_SECOND_LEVEL = frozenset(
    {"co", "com", "org", "net", "gov", "gob", "gv", "ac", "edu", "or", "ne", "go", "ltd"}
    | {"plc", "nom", "biz", "info", "firm", "gen", "ind", "mil", "sch", "me", "priv"}
)


@lru_cache(maxsize=4096)  # a store names the same few companies over and over
def account_key(company: str | None) -> str | None:
    """The company as accounts compare it; None when nothing is left to compare.

    "Kessler Logistik GmbH", "KESSLER-LOGISTIK" and "Keßler Logistik" are all
    "kessler logistik"; a name that is only a legal form keeps it ("AG").
    """
    if not company:
        return None
    words = WORD.findall(DOTTED.sub("", folded(company)).replace("_", " "))
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    words = [
        word
        for place, word in enumerate(words)
        if not (word in JOINING and 0 < place < len(words) - 1)
    ]
    core = _without_legal_forms(words)
    return " ".join(core or words) or None


def _without_legal_forms(words: list[str]) -> list[str]:
    start, end = 0, len(words)
    changed = True
    while changed and start < end:
        changed = False
        for phrase in LEGAL_PHRASES:
            size = len(phrase)
            if end - start > size and tuple(words[end - size : end]) == phrase:
                end -= size
                changed = True
        if end - start > 1 and words[end - 1] in LEGAL_FORMS:
            end -= 1
            changed = True
        if end - start > 1 and words[start] in LEADING_FORMS:
            start += 1
            changed = True
    return words[start:end]


def mail_domain(email: str | None) -> str | None:
    """The company domain ``email`` is at; None for a free-mail address or no address.

    Subdomains are the company's too: "eu.mail.kessler.de" is "kessler.de".
    """
    if not email or "@" not in email:
        return None
    host = email.rsplit("@", 1)[1].strip().strip(".").casefold()
    labels = host.split(".")
    if len(labels) < 2 or not all(labels):
        return None
    under_country = len(labels[-1]) == 2 and labels[-2] in GENERIC_SECOND_LEVEL
    kept = 3 if under_country else 2
    if len(labels) < kept:
        return None  # a bare suffix ("co.uk") is nobody's company
    domain = ".".join(labels[-kept:])
    return None if domain in FREE_MAIL or host in FREE_MAIL else domain


def local_part(email: str | None) -> str | None:
    """The part before the ``@`` as mail servers mostly read it: any case, no +tag."""
    if not email or "@" not in email:
        return None
    local = email.rsplit("@", 1)[0].strip().casefold().split("+", 1)[0]
    return local or None


# A contact's pause reason while a colleague is the one conversation at their account.
ACCOUNT_PAUSE = "account"
# What the one conversation at an account did (``Account.held_because``), and what is
# then offered for the colleagues who wait, the likeliest first.
REPLIED, MEETING, WON, LOST = "replied", "meeting", "won", "lost"
CONTINUE, WAIT, STOP, NURTURE = "continue", "wait", "stop", "nurture"
CHOICES = (CONTINUE, WAIT, STOP, NURTURE, LOST)
OFFERED = {
    REPLIED: (CONTINUE, WAIT, STOP),
    MEETING: (CONTINUE, WAIT, STOP),
    WON: (NURTURE, CONTINUE, STOP),
    LOST: (CONTINUE, NURTURE, LOST),
}
HAPPENED = {
    REPLIED: "replied",
    MEETING: "booked a meeting",
    WON: "was won",
    LOST: "was lost",
}


def happened(who: str | None, because: str | None) -> str:
    """ "Maria Lopez replied": what the one conversation at an account did."""
    return f"{who or 'Someone'} {HAPPENED.get(because or '', 'is the conversation')}"


def question(who: str | None, because: str | None) -> str:
    """What `today` asks about the colleagues who wait for the conversation ``who`` had."""
    offered = OFFERED.get(because or "", OFFERED[REPLIED])
    if because == LOST:
        return f"{happened(who, because)} — decide for each of the others: " + _either(offered)
    return f"{happened(who, because)} — {_either(offered)} the others?"


def _either(choices: tuple[str, ...]) -> str:
    return ", ".join(choices[:-1]) + f" or {choices[-1]}"
