"""domain.outofoffice: automatic replies told from people, and the day they are back."""

from datetime import date

import pytest

from followup.domain.outofoffice import is_automatic, last_day_away

SENT = date(2026, 12, 2)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "away_until"),
    [
        ("Ich bin bis einschließlich 15.12.2026 nicht im Büro.", date(2026, 12, 15)),
        ("Ab dem 16. Dezember bin ich wieder erreichbar.", date(2026, 12, 15)),
        ("I am out of the office until December 15th.", date(2026, 12, 15)),
        ("I will be back on Monday, 7 December 2026.", date(2026, 12, 6)),
        ("Je suis absente jusqu'au 18 décembre inclus.", date(2026, 12, 18)),
        ("Je serai de retour le 21 décembre.", date(2026, 12, 20)),
        ("Estaré fuera de la oficina hasta el 20 de diciembre de 2026.", date(2026, 12, 20)),
        ("Estaré de vuelta el 7 de diciembre.", date(2026, 12, 6)),
        ("Back 5 January", date(2027, 1, 4)),  # written in December: next year's
        ("Ich bin vom 1.12. bis 11.12. im Urlaub", date(2026, 12, 11)),
        ("from 1 to 15 December, back on the 16th December", date(2026, 12, 15)),
        ("call +49 171 23.45.678 if urgent", None),
        ("I am away for a while.", None),
    ],
)
def test_the_last_day_away_is_read_in_four_languages(text: str, away_until: date | None) -> None:
    assert last_day_away(text, SENT) == away_until


@pytest.mark.parametrize(
    ("headers", "subject", "automatic"),
    [
        ({"auto-submitted": "auto-replied"}, "Your note", True),
        ({"auto-submitted": "no"}, "Your note", False),
        ({"x-autoreply": "yes"}, "Your note", True),
        ({"precedence": "auto_reply"}, "Your note", True),
        ({}, "Automatic reply: Your note", True),
        ({}, "Automatische Antwort: Ihr Angebot", True),
        ({}, "Abwesenheitsnotiz: Ihr Angebot", True),
        ({}, "Réponse automatique : Votre offre", True),
        ({}, "Respuesta automática: Su oferta", True),
        ({}, "Out of Office: Re: pricing", True),
        ({}, "Re: out of office next week?", False),  # a person answering about one
        ({}, "Re: Your note", False),
    ],
)
def test_automatic_replies_are_told_by_headers_or_subject(
    headers: dict[str, str], subject: str, automatic: bool
) -> None:
    assert is_automatic(headers, subject) is automatic
