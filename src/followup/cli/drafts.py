"""`draft` and `send`: the follow-up written from the contact's context and the new value."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from followup.cli import panels, said
from followup.cli.options import (
    AnswerOption,
    AnswersFileOption,
    ContactArg,
    JsonFlag,
    SkipCheckOption,
    SkipReasonOption,
    context,
    parse_answer_options,
)
from followup.cli.render import say, write_json
from followup.context import Context
from followup.errors import FollowupError, UsageError
from followup.services import drafts
from followup.services.touches import LogTouch

app = typer.Typer()

EditFlag = Annotated[bool, typer.Option("--edit", help="Open it in $VISUAL / $EDITOR first.")]


def _drafted(
    ctx: Context,
    contact: str,
    answer: list[str] | None,
    answers: Path | None,
    skip_check: bool,
    reason: str | None,
    edit: bool,
) -> tuple[drafts.Draft, str, str, bool]:
    """The draft (the value check first), as edited: subject, body, whether it was saved."""
    from followup.formats.mail.message import NoSubjectLine, as_text, from_text

    request = LogTouch(
        contact,
        answers=parse_answer_options(answer),
        answers_file=answers,
        skip_check=skip_check,
        reason=reason,
    )
    made = drafts.draft(ctx, request)
    if not edit:
        return made, made.subject, made.body, True
    from followup.cli.editor import edited

    text = edited(as_text(made.subject, made.body))
    if text is None:
        return made, made.subject, made.body, False
    try:
        subject, body = from_text(text)
    except NoSubjectLine as error:
        raise FollowupError(f"the edited draft: {error}") from None
    return made, subject, body, True


@app.command(rich_help_panel=panels.WORK)
def draft(
    invocation: typer.Context,
    contact: ContactArg,
    answer: AnswerOption = None,
    answers: AnswersFileOption = None,
    skip_check: SkipCheckOption = False,
    reason: SkipReasonOption = None,
    edit: EditFlag = False,
    mailto: Annotated[bool, typer.Option("--mailto", help="Print it as a mailto: URL.")] = False,
    open_it: Annotated[
        bool, typer.Option("--open", help="With --mailto: open it in your mail program.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE.eml", help="Write it as email.")
    ] = None,
    as_json: JsonFlag = False,
    log: Annotated[
        bool, typer.Option("--log", help="Log the touch once it is written (and saved).")
    ] = False,
) -> None:
    """The pending step's message: the value check first (as `log`), then the template."""
    if open_it and not mailto:
        raise UsageError("--open goes with --mailto")
    if sum((mailto, output is not None, as_json)) > 1:
        raise UsageError("choose one of --mailto, -o and --json")
    ctx = context(invocation)
    made, subject, body, saved = _drafted(ctx, contact, answer, answers, skip_check, reason, edit)
    if as_json:
        write_json({"to": made.to, "subject": subject, "body": body, "template": made.template})
    elif mailto:
        from followup.formats.mail.message import mailto as url

        link = url(made.to or "", subject, body)
        print(link)
        if open_it:
            import webbrowser

            webbrowser.open(link)
    elif output is not None:
        _write_eml(ctx, made, subject, body, output)
    else:
        _show(f"To: {made.to or ''}\nSubject: {subject}\n\n{body}")
    if log:
        if not saved or not body.strip():
            say("Nothing logged: the draft was not saved, or is empty.")
            raise typer.Exit(1)
        said.logged(drafts.log_draft(ctx, made, subject))


def _show(text: str) -> None:
    """A message on stdout: as it is for a pipe, with controls escaped for a terminal."""
    from followup.domain.text import printable

    sys.stdout.write(printable(text, keep_newlines=True) if sys.stdout.isatty() else text)


def _write_eml(ctx: Context, made: drafts.Draft, subject: str, body: str, path: Path) -> None:
    from email.policy import SMTP

    from followup import outfile
    from followup.formats.mail.message import message

    sender = ctx.config.smtp.sender if ctx.config.smtp else ""
    mail = message(sender, made.to or "", subject, body, ctx.now)
    with outfile.replacing(path, never=ctx.storage.files, binary=True) as stream:
        stream.write(mail.as_bytes(policy=SMTP))
    say(f"Wrote the draft for {made.contact.label} to {path}.")


@app.command(rich_help_panel=panels.WORK)
def send(
    invocation: typer.Context,
    contact: ContactArg,
    answer: AnswerOption = None,
    answers: AnswersFileOption = None,
    skip_check: SkipCheckOption = False,
    reason: SkipReasonOption = None,
    edit: EditFlag = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the message that would be sent; send nothing.")
    ] = False,
) -> None:
    """Draft, then send it through your SMTP server ([smtp] in the config) and log it."""
    ctx = context(invocation)
    drafts.sending_to(ctx, contact)  # before the value check asks anything
    made, subject, body, saved = _drafted(ctx, contact, answer, answers, skip_check, reason, edit)
    if edit and not saved:
        raise FollowupError("nothing sent: the draft was not saved")
    if not body.strip():
        raise FollowupError("nothing sent: the message is empty")
    sent = drafts.send(ctx, made, subject, body, dry_run=dry_run)
    if sent.logged is None:
        from email.policy import SMTP

        _show(sent.mail.as_bytes(policy=SMTP).decode("utf-8", "replace"))
        say("Dry run: nothing was sent or logged.")
        return
    say(f"Sent to {sent.mail['To']}: {subject}")
    said.logged(sent.logged)
