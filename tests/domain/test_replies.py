"""domain.replies: the note a reply is recorded with."""

from followup.domain.replies import note


def test_the_note_is_the_subject_and_their_own_first_lines() -> None:
    body = (
        "Hi Sam,\n\nthanks, sounds useful.\nCan we talk on Friday?\n\nBest,\nAnna\n\n"
        "On Tue, 24 Feb 2026 at 10:02, Sam <sam@seller.example> wrote:\n> earlier\n"
    )
    assert note("Re: AW: Your lane data", body) == (
        "Your lane data: thanks, sounds useful. / Can we talk on Friday?"
    )


def test_quoted_mail_in_german_french_and_outlook_is_left_out() -> None:
    assert note("AW: Angebot", "Passt.\nAm Montag, 2. März 2026 schrieb Sam:\n> alt") == (
        "Angebot: Passt."
    )
    assert note("", "D'accord.\nLe lun. 2 mars 2026, Sam a écrit :\n> ancien") == "D'accord."
    assert note("RE: x", "Yes.\n-----Original Message-----\nFrom: sam@seller.example") == "x: Yes."


def test_a_long_note_is_cut_with_an_ellipsis() -> None:
    said = note("Subject", "word " * 200)
    assert len(said) <= 300 and said.endswith("…")
