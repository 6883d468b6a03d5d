"""formats.mail.reading: what a received message's headers and body say."""

from email.message import EmailMessage

from followup.formats.mail.reading import NO_ID, envelope, letter
from tests import mailcases


def _mail(**headers: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = headers.pop("From", "Anna Keller <anna.keller@kessler-logistik.de>")
    mail["Date"] = "Thu, 05 Mar 2026 08:12:44 +0100"
    for name, value in headers.items():
        mail[name.replace("_", "-")] = value
    return mail


def test_a_gmail_reply_reads_as_sender_date_subject_and_thread() -> None:
    read = envelope(mailcases.gmail_reply())
    assert (read.sender, read.sender_name) == (mailcases.ANNA.email, "Anna Keller")
    assert read.sent_at is not None and read.sent_at.isoformat() == "2026-03-05T16:42:00+01:00"
    assert mailcases.ANNA.sent_id in read.threads_on
    assert not (read.listed or read.automatic or read.report)


def test_encoded_words_are_decoded_and_the_address_lowered() -> None:
    mail = _mail(
        From="=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <Joerg.Mueller@Brandt-Bau.DE>",
        Subject="=?utf-8?b?QW5nZWJvdCBmw7xyIDIwMjY=?=",
    )
    read = envelope(bytes(mail))
    assert (read.sender, read.sender_name, read.subject) == (
        "joerg.mueller@brandt-bau.de",
        "Jörg Müller",
        "Angebot für 2026",
    )


def test_a_message_without_an_id_gets_the_same_made_up_one_each_time() -> None:
    raw = bytes(_mail(Subject="no id"))
    assert envelope(raw).message_id == envelope(raw).message_id
    assert envelope(raw).message_id.endswith(f"@{NO_ID}>")


def test_list_mail_auto_replies_and_delivery_reports_are_told_apart() -> None:
    assert envelope(mailcases.list_message()).listed
    assert envelope(mailcases.outlook_out_of_office()).automatic
    assert envelope(mailcases.exchange_bounce()).report


def test_the_plain_text_is_preferred_to_the_html() -> None:
    mail = _mail(Subject="Re: lanes")
    mail.set_content("Yes, Thursday works.\n")
    mail.add_alternative("<p>Something <b>else</b></p>", subtype="html")
    assert letter(bytes(mail)).text == "Yes, Thursday works.\n"


def test_an_html_only_reply_reads_as_text_without_its_style() -> None:
    mail = _mail(Subject="Re: lanes")
    mail.set_content(
        "<html><head><style>p {color: red}</style></head>"
        "<body><p>Thursday works.</p><p>Best, Anna</p></body></html>",
        subtype="html",
    )
    assert letter(bytes(mail)).text.split() == ["Thursday", "works.", "Best,", "Anna"]


def test_an_attached_text_file_is_not_taken_for_what_was_written() -> None:
    mail = _mail(Subject="the lane data")
    mail.add_attachment("lane,volume\nHamburg-Lyon,42\n", filename="lanes.csv")
    mail.add_attachment("Here they are.\n", subtype="plain", disposition="inline")
    assert letter(bytes(mail)).text == "Here they are.\n"


def test_latin_1_and_an_unknown_charset_both_read_without_failing() -> None:
    latin = _mail(Subject="Grüße")
    latin.set_content("Schöne Grüße aus Köln\n".encode("latin-1"), "text", "plain")
    latin.replace_header("Content-Type", 'text/plain; charset="iso-8859-1"')
    assert letter(bytes(latin)).text.strip() == "Schöne Grüße aus Köln"
    unknown = bytes(latin).replace(b"iso-8859-1", b"x-no-such-charset")
    assert letter(unknown).text.strip() == "Sch\ufffdne Gr\ufffd\ufffde aus K\ufffdln"


def test_a_charset_that_cannot_decode_text_reads_as_utf_8() -> None:
    mail = _mail(Subject="Re: lanes")
    mail.set_content("Thursday works, see xn--mnchen-3ya.de\n")
    raw = bytes(mail).replace(b'charset="utf-8"', b'charset="idna"')
    assert b"idna" in raw
    assert letter(raw).text == "Thursday works, see xn--mnchen-3ya.de\n"


def test_a_forwarded_message_is_not_taken_for_what_they_wrote() -> None:
    forwarded = _mail(Subject="old thread")
    forwarded.set_content("The forwarded old message\n")
    mail = _mail(Subject="Fwd: old thread")
    mail.set_content("<p>See below: this is what I meant.</p>", subtype="html")
    mail.add_attachment(forwarded)  # message/rfc822
    assert " ".join(letter(bytes(mail)).text.split()) == "See below: this is what I meant."


def test_a_message_without_text_has_none() -> None:
    mail = _mail(Subject="scan")
    mail.add_attachment(b"%PDF-1.7", maintype="application", subtype="pdf", filename="a.pdf")
    assert letter(bytes(mail)).text == ""


def test_a_delivery_report_names_the_failed_address_and_the_bounced_message() -> None:
    read = letter(mailcases.exchange_bounce())
    assert read.failed == (mailcases.LENA.email,)
    assert read.bounced_id == mailcases.LENA.sent_id
