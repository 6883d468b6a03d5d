"""Accounts: company names compared however they are spelled, mail domains, and what is asked."""

import pytest

from followup.domain.accounts import (
    LOST,
    MEETING,
    OFFERED,
    REPLIED,
    WON,
    account_key,
    happened,
    local_part,
    mail_domain,
    question,
)


@pytest.mark.parametrize(
    ("company", "key"),
    [
        # German: case, hyphens, ß, and "GmbH & Co. KG" (three legal forms) set aside.
        ("Kessler Logistik GmbH", "kessler logistik"),
        ("kessler logistik", "kessler logistik"),
        ("KESSLER-LOGISTIK", "kessler logistik"),
        ("Keßler Logistik", "kessler logistik"),
        ("Kessler Logistik UG (haftungsbeschränkt)", "kessler logistik"),
        ("Ogórek sp. z o. o.", "ogorek"),
        ("Ogórek Sp.z o.o.", "ogorek"),
        ("Ogórek spółka z o.o.", "ogorek"),
        ("Cemex S.A.B. de C.V.", "cemex"),
        ("Wärtsilä Oyj Abp", "wartsila"),
        ("Sandvik AB (publ)", "sandvik"),
        ("Cargolux S.à r.l.", "cargolux"),
        ("Mærsk A/S", "maersk"),
        ("Kessler Logistik GmbH & Co. KG", "kessler logistik"),
        ("Kessler Logistik GmbH & Co KG", "kessler logistik"),
        ("Kessler Logistik G.m.b.H.", "kessler logistik"),
        ("Kessler Logistik, GmbH", "kessler logistik"),
        ("Kessler-Logistik AG", "kessler logistik"),
        ("Kessler Logistik e.K.", "kessler logistik"),
        ("  Kessler   Logistik  ", "kessler logistik"),
        ("Kessler_Logistik", "kessler logistik"),
        ("Siemens AG", "siemens"),
        ("Müller Maschinenbau KG", "muller maschinenbau"),
        ("Deutsches Rotes Kreuz e.V.", "deutsches rotes kreuz"),
        ("Allianz SE", "allianz"),
        ("Henkel AG & Co. KGaA", "henkel"),
        ("Der Spiegel GmbH", "spiegel"),
        ("Kessler und Söhne", "kessler sohne"),
        ("Kessler & Söhne", "kessler sohne"),
        # English, US and UK: "&" and "and" are one join; "The" goes.
        ("Procter & Gamble Co.", "procter gamble"),
        ("Procter and Gamble", "procter gamble"),
        ("The Procter & Gamble Company", "procter gamble"),
        ("PROCTER AND GAMBLE CO", "procter gamble"),
        ("Apple Inc.", "apple"),
        ("Acme, Inc.", "acme"),
        ("Acme Widgets LLC", "acme widgets"),
        ("U.S. Steel Corp.", "us steel"),
        ("Tesco PLC", "tesco"),
        ("Marks and Spencer Ltd", "marks spencer"),
        ("Qantas Airways Pty. Limited", "qantas airways"),
        ("Atlassian Pty Ltd", "atlassian"),
        ("The Coca-Cola Company", "coca cola"),
        ("Coca Cola Co", "coca cola"),
        ("AT&T Inc.", "at&t"),
        # French
        ("L'Oréal S.A.", "l oreal"),
        ("Société Générale S.A.", "societe generale"),
        ("Carrefour SA", "carrefour"),
        ("Cargolux S.A.R.L.", "cargolux"),
        ("Électricité de France", "electricite de france"),
        # Spanish and Mexican
        ("Telefónica, S.A.", "telefonica"),
        ("TELEFONICA SA", "telefonica"),
        ("Mercadona S.L.", "mercadona"),
        ("El Corte Inglés, S.A.", "corte ingles"),
        ("Industrias Peñoles S.A. de C.V.", "industrias penoles"),
        ("Cemex SA de CV", "cemex"),
        ("Bimbo S. de R.L. de C.V.", "bimbo"),
        # Italian
        ("Ferrero S.p.A.", "ferrero"),
        ("Eni SpA", "eni"),
        ("Luxottica S.r.l.", "luxottica"),
        ("Dolce & Gabbana S.r.l.", "dolce gabbana"),
        ("Dolce e Gabbana", "dolce gabbana"),
        # Polish
        ("Łódzkie Zakłady Sp. z o.o.", "lodzkie zaklady"),
        ("Żabka Polska Sp. z o.o.", "zabka polska"),
        ("CD Projekt S.A.", "cd projekt"),
        # Czech
        ("Škoda Auto a.s.", "skoda auto"),
        ("ČEZ, a.s.", "cez"),
        ("Rohlik s.r.o.", "rohlik"),
        ("Tatra spol. s r.o.", "tatra"),
        # Swedish: the legal form at either end.
        ("AB Volvo", "volvo"),
        ("Volvo AB", "volvo"),
        ("Åhléns AB", "ahlens"),
        ("Telia Company AB", "telia"),
        # Danish
        ("Novo Nordisk A/S", "novo nordisk"),
        ("Ørsted A/S", "orsted"),
        ("Bang & Olufsen A/S", "bang olufsen"),
        ("Lego ApS", "lego"),
        # Norwegian
        ("Equinor ASA", "equinor"),
        ("Telenor AS", "telenor"),
        # Finnish
        ("Nokia Oyj", "nokia"),
        ("Fazer Oy", "fazer"),
        ("Oy Karl Fazer Ab", "karl fazer"),
        # Dutch
        ("Philips N.V.", "philips"),
        ("Coolblue B.V.", "coolblue"),
        # Hungarian
        ("MOL Nyrt.", "mol"),
        ("OTP Bank Nyrt.", "otp bank"),
        ("Tungsram Zrt.", "tungsram"),
        # Portuguese and Brazilian
        ("Petrobras S.A.", "petrobras"),
        ("Petrobras S/A", "petrobras"),
        ("Embraer Ltda.", "embraer"),
        ("Itaú Unibanco Holding S.A.", "itau unibanco holding"),
        ("EDP - Energias de Portugal, S.A.", "edp energias de portugal"),
        # Estonian: the legal form at either end.
        ("Bolt Technology OÜ", "bolt technology"),
        ("Skype Technologies OU", "skype technologies"),
        ("Tallink Grupp AS", "tallink grupp"),
        ("AS Tallink Grupp", "tallink grupp"),
    ],
)
def test_a_company_is_keyed_without_case_accents_punctuation_or_legal_form(
    company: str, key: str
) -> None:
    assert account_key(company) == key


@pytest.mark.parametrize(
    "spellings",
    [
        (
            "Kessler Logistik GmbH",
            "kessler logistik",
            "KESSLER-LOGISTIK",
            "Keßler Logistik",
            "Kessler Logistik GmbH & Co. KG",
        ),
        ("Procter & Gamble Co.", "Procter and Gamble", "The Procter and Gamble Company"),
        ("AB Volvo", "Volvo AB", "volvo"),
        ("Telefónica S.A.", "TELEFONICA SA", "Telefonica"),
        ("Škoda Auto a.s.", "Skoda Auto", "ŠKODA AUTO A.S."),
        ("AS Tallink Grupp", "Tallink Grupp AS", "Tallink Grupp"),
        ("Cemex S.A. de C.V.", "Cemex, S.A. de C.V.", "Cemex SA de CV", "CEMEX"),
    ],
)
def test_spellings_of_one_company_are_one_account(spellings: tuple[str, ...]) -> None:
    assert len({account_key(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(
    ("company", "key"),
    [("AG", "ag"), ("GmbH", "gmbh"), ("Inc.", "inc"), ("A.G.", "ag"), ("SE", "se"), ("AB", "ab")],
)
def test_a_name_that_is_only_a_legal_form_keeps_it(company: str, key: str) -> None:
    assert account_key(company) == key


@pytest.mark.parametrize("company", [None, "", "   ", "...", ", ."])
def test_no_company_or_nothing_to_compare_has_no_key(company: str | None) -> None:
    assert account_key(company) is None


def test_companies_that_differ_stay_different() -> None:
    assert account_key("Kessler Logistik") != account_key("Kessler Spedition")
    assert account_key("Kessler Logistik GmbH") != account_key("Kessler GmbH")
    assert account_key("Robert Bosch GmbH") != account_key("Bosch Rexroth AG")


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("anna@kessler.de", "kessler.de"),
        ("a@eu.mail.kessler.de", "kessler.de"),
        ("x@kessler.co.uk", "kessler.co.uk"),
        ("x@mail.kessler.co.uk", "kessler.co.uk"),
        ("x@sub.kessler.com.au", "kessler.com.au"),
        ("x@kessler.com.br", "kessler.com.br"),
        ("ANNA@KESSLER.DE", "kessler.de"),
        ("Anna@Kessler.De", "kessler.de"),
        ("x@kessler.de.", "kessler.de"),
    ],
)
def test_a_company_address_is_at_its_company_domain(email: str, domain: str) -> None:
    assert mail_domain(email) == domain


@pytest.mark.parametrize(
    "email",
    [
        "x@gmail.com",
        "x@GMAIL.COM",
        "x@googlemail.com",
        "x@gmx.de",
        "x@web.de",
        "x@outlook.com",
        "x@icloud.com",
        "x@hotmail.co.uk",
        "x@t-online.de",
        "x@seznam.cz",
        "x@wp.pl",
        "x@orange.fr",
        "x@mail.gmail.com",
    ],
)
def test_a_free_mail_address_says_nothing_about_an_account(email: str) -> None:
    assert mail_domain(email) is None


@pytest.mark.parametrize(
    "email", [None, "", "anna.kessler.de", "x@localhost", "x@", "x@kessler..de", "x@.de"]
)
def test_no_address_or_no_real_domain_has_no_mail_domain(email: str | None) -> None:
    assert mail_domain(email) is None


def test_the_local_part_is_read_without_case_or_plus_tag() -> None:
    assert local_part("Anna.Keller+fair@Kessler.de") == "anna.keller"
    assert local_part("ANNA@kessler.de") == "anna"


@pytest.mark.parametrize("email", [None, "", "anna", "@kessler.de", "+fair@kessler.de"])
def test_no_address_or_an_empty_local_part_has_none(email: str | None) -> None:
    assert local_part(email) is None


@pytest.mark.parametrize(
    ("because", "asked"),
    [
        (REPLIED, "Maria Lopez replied — continue, wait or stop the others?"),
        (MEETING, "Maria Lopez booked a meeting — continue, wait or stop the others?"),
        (WON, "Maria Lopez was won — nurture, continue or stop the others?"),
        (
            LOST,
            "Maria Lopez was lost — decide for each of the others: continue, nurture or lost",
        ),
    ],
)
def test_the_question_says_what_happened_and_offers_its_choices(because: str, asked: str) -> None:
    assert question("Maria Lopez", because) == asked
    assert all(choice in asked for choice in OFFERED[because])


@pytest.mark.parametrize(
    ("because", "said"),
    [
        (REPLIED, "Maria Lopez replied"),
        (MEETING, "Maria Lopez booked a meeting"),
        (WON, "Maria Lopez was won"),
        (LOST, "Maria Lopez was lost"),
        (None, "Maria Lopez is the conversation"),
    ],
)
def test_what_happened_is_said_of_who_had_the_conversation(because: str | None, said: str) -> None:
    assert happened("Maria Lopez", because) == said


def test_someone_stands_in_when_nobody_is_named() -> None:
    assert happened(None, REPLIED) == "Someone replied"
    assert happened("", WON) == "Someone was won"
    assert question(None, MEETING) == (
        "Someone booked a meeting — continue, wait or stop the others?"
    )
    assert question(None, LOST).startswith("Someone was lost — decide for each of the others")


def test_an_unknown_reason_is_asked_as_a_reply() -> None:
    assert question("Maria Lopez", None) == (
        "Maria Lopez is the conversation — continue, wait or stop the others?"
    )


def test_companies_under_a_countrys_second_level_are_told_apart() -> None:
    assert [mail_domain(email) for email in ("anna@alpha.co.at", "ben@beta.co.at")] == [
        "alpha.co.at",
        "beta.co.at",
    ]
    assert mail_domain("x@gamma.com.es") == "gamma.com.es"
    assert mail_domain("x@co.uk") is None
