"""Looking after the database: undo the last change, back it up, check and repair it."""

import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from followup import outfile
from followup.cli import panels
from followup.cli.options import JsonFlag
from followup.cli.render import describe, say, write_json
from followup.cli.runtime import Runtime, runtime
from followup.domain import cadence as engine
from followup.domain import status
from followup.domain.calendar import BusinessCalendar
from followup.domain.dates import parse_duration
from followup.domain.text import printable
from followup.errors import FollowupError, NotFound
from followup.storage.records import Contact, Pending
from followup.storage.sqlite import connection

app = typer.Typer()
# A contact in one of these has exactly one pending follow-up; in any other, none.
IN_CADENCE = (status.ACTIVE, status.NURTURE)
INTEGRITY = "integrity"
# Integrity problems that rebuilding the index repairs (a duplicate in a UNIQUE index is not).
INDEX_PROBLEM = r"(?:missing from|wrong # of entries in) index (\w+)$"


@app.command(rich_help_panel=panels.MAINTENANCE)
def undo(
    listing: Annotated[
        bool, typer.Option("--list", help="Show what can be undone, newest first; change nothing.")
    ] = False,
) -> None:
    """Revert the last change (run again to go further back; the last 20 are kept)."""
    rt = runtime()
    if listing:
        for operation in rt.store.undoable():
            print(f"{operation.done_at:%Y-%m-%d %H:%M}  {printable(operation.command)}")
        return
    undone = rt.store.undo_last()
    if undone is None:
        raise FollowupError("nothing to undo")
    say(f"Undid `{undone.command}` ({undone.done_at:%Y-%m-%d %H:%M}).")


@app.command(rich_help_panel=panels.MAINTENANCE)
def backup(
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE",
            help="Where to write the copy (a file, or a folder for the default name). "
            "Default: beside the database, named with the time.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """A consistent copy of the database, even while other commands write; readable by you only."""
    rt = runtime()
    if not rt.db_path.exists():
        raise NotFound(f"no database at {rt.db_path}")
    default = connection.backup_name(rt.db_path, rt.now)
    target = (file or default).expanduser()
    if target.is_dir():
        target = target / default.name
    # Before "exists": the database exists, and --force must not look like a way to replace it.
    outfile.check(target, never=rt.store_files)
    if target.exists() and not force:
        raise FollowupError(f"{target} already exists (--force replaces it)")
    rt.store.back_up(target)
    # For scripts the path as it is; a terminal is shown any control character escaped.
    print(printable(str(target)) if sys.stdout.isatty() else target)
    say(f"Backed up {rt.db_path} to {target}.")


@dataclass
class Finding:
    """One problem ``doctor`` found, and the repair ``--fix`` makes for it, if it is safe."""

    check: str
    message: str
    contact_id: int | None = None
    fix: str | None = None  # what --fix will do, e.g. "cancel it"
    done: str | None = None  # what it did, e.g. "cancelled it"
    repair: Callable[[], None] | None = None
    fixed: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "contact_id": self.contact_id,
            "message": self.message,
            "fix": self.fix,
            "fixed": self.fixed,
        }


@app.command(rich_help_panel=panels.MAINTENANCE)
def doctor(
    fix: Annotated[
        bool, typer.Option("--fix", help="Repair what is safe to repair, in one transaction.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Check the database: integrity, broken links, follow-ups missing, doubled or left over.

    Also finds the temporary files a killed backup or export left beside it. Each
    problem is one line on stdout; the exit code is 1 while any remains. Contacts
    are never deleted.
    """
    rt = runtime()
    findings = _checked(rt, _integrity, fix)
    if all(finding.fixed for finding in findings):
        # Only a sound file is worth reading further: a damaged one could fail or mislead.
        calendar = rt.calendar  # built before taking the write lock: it may load a package
        findings += _checked(rt, partial(_findings, calendar=calendar), fix)
    _report(rt, findings, as_json)
    if any(not finding.fixed for finding in findings):
        raise typer.Exit(1)


def _checked(rt: Runtime, check: Callable[[Runtime], list[Finding]], fix: bool) -> list[Finding]:
    """What ``check`` finds; with ``fix``, first every safe repair, in one transaction.

    The repaired findings come first, marked fixed, then what the check still finds.
    """
    if not fix:
        return check(rt)
    with rt.writing():
        # Found again under the lock: another command may have changed things meanwhile.
        repaired = [finding for finding in check(rt) if finding.repair]
        for finding in repaired:
            assert finding.repair is not None
            finding.repair()
            finding.fixed = True
    return repaired + check(rt)


def _report(rt: Runtime, findings: list[Finding], as_json: bool) -> None:
    if as_json:
        write_json([finding.as_json() for finding in findings])
    for finding in findings:
        if finding.fixed:
            say(f"Fixed: {finding.message}: {finding.done}.")
        elif not as_json:
            hint = f" (--fix: {finding.fix})" if finding.fix else ""
            print(printable(f"{finding.check}: {finding.message}{hint}"))
    remaining = [finding for finding in findings if not finding.fixed]
    if not findings:
        say(f"No problems found in {rt.db_path}.")
    elif remaining:
        say(f"{len(remaining)} problem(s) in {rt.db_path}.")
    if any(finding.check == INTEGRITY and not finding.fix for finding in remaining):
        say(
            "The file is damaged: restore a backup (`followup backup` makes one; "
            "an upgrade leaves one beside the database)."
        )


def _integrity(rt: Runtime) -> list[Finding]:
    """What SQLite's integrity check finds; an index out of step with its table is rebuilt."""
    findings, indexes = [], Counter[str]()
    for problem in rt.store.integrity_problems():
        if match := re.search(INDEX_PROBLEM, problem):
            indexes[match[1]] += 1
        else:
            findings.append(Finding(INTEGRITY, problem))
    rebuilt = [
        Finding(
            INTEGRITY,
            f"index {index} is out of step with its table ({count} entries)",
            fix="rebuild it",
            done="rebuilt it",
            repair=partial(rt.store.rebuild_index, index),
        )
        for index, count in indexes.items()
    ]
    return rebuilt + findings


def _findings(rt: Runtime, calendar: BusinessCalendar) -> list[Finding]:
    return [
        *_broken_references(rt),
        *_pending_after_close(rt),
        *_duplicate_pending(rt),
        *_missing_follow_ups(rt, calendar),
        *_shared_emails(rt),
        *_stale_temp_files(rt),
    ]


def _broken_references(rt: Runtime) -> list[Finding]:
    findings = []
    for table, row_id, missing in rt.store.broken_references():
        keeps = table == "contact"
        findings.append(
            Finding(
                "broken-reference",
                f"{table} #{row_id} refers to a {missing} that does not exist",
                contact_id=row_id if keeps else None,
                fix=f"clear its {missing}" if keeps else "delete it",
                done=f"cleared its {missing}" if keeps else "deleted it",
                repair=partial(rt.store.repair_reference, table, row_id),
            )
        )
    return findings


def _pending_after_close(rt: Runtime) -> list[Finding]:
    return [
        Finding(
            "pending-after-close",
            f"{person.label} is {person.status} but {describe(pending.plan)} is still pending",
            contact_id=person.id,
            fix="cancel it",
            done="cancelled it",
            repair=partial(rt.store.close_follow_up, pending.id, "cancelled"),
        )
        for person, pending in rt.store.pending_outside(IN_CADENCE)
    ]


def _duplicate_pending(rt: Runtime) -> list[Finding]:
    findings = []
    for pendings in rt.store.duplicate_pending():
        *older, newest = pendings
        person = rt.store.contact(newest.contact_id)
        findings.append(
            Finding(
                "duplicate-pending",
                f"{person.label} has {len(pendings)} pending follow-ups",
                contact_id=person.id,
                fix=f"keep the newest ({describe(newest.plan)}), close the others",
                done=f"kept the newest ({describe(newest.plan)}), closed the others",
                repair=partial(_supersede, rt, older),
            )
        )
    return findings


def _supersede(rt: Runtime, pendings: list[Pending]) -> None:
    for pending in pendings:
        rt.store.close_follow_up(pending.id, "superseded")


def _missing_follow_ups(rt: Runtime, calendar: BusinessCalendar) -> list[Finding]:
    findings = []
    for person in rt.store.contacts_without_pending(IN_CADENCE):
        message = f"{person.label} is {person.status} but has nothing scheduled"
        try:
            plan = _next_plan(rt, person, calendar)
        except FollowupError as error:
            findings.append(Finding("missing-follow-up", f"{message} ({error})", person.id))
            continue
        findings.append(
            Finding(
                "missing-follow-up",
                message,
                contact_id=person.id,
                fix=f"schedule {describe(plan)}",
                done=f"scheduled {describe(plan)}",
                repair=partial(rt.store.schedule, person.id, plan),
            )
        )
    return findings


def _next_plan(rt: Runtime, person: Contact, calendar: BusinessCalendar) -> engine.FollowUpPlan:
    """What the contact's cadence says comes after their last touch, as `log` would plan it."""
    last_touch = rt.store.last_touch_on(person.id)
    if person.status == status.NURTURE:
        every = (
            parse_duration(person.nurture_every)
            if person.nurture_every
            else rt.config.nurture_every
        )
        return engine.nurture_checkin(last_touch or person.met_on, every, calendar)
    cadence = rt.config.cadence(person.cadence)
    steps = [
        touch for touch in rt.store.touches(person.id) if touch.step and touch.direction == "out"
    ]
    if not steps:
        return engine.first_step(cadence, person.met_on, calendar)
    done = min(steps[-1].step or 1, len(cadence.steps))
    return engine.after_touch(cadence, done, steps[-1].happened_on, calendar)


def _shared_emails(rt: Runtime) -> list[Finding]:
    shared = rt.store.shared_emails()
    findings = [
        Finding(
            "shared-email",
            f"contacts {', '.join(f'#{i}' for i in ids)} share the email {email}: "
            f"change or remove it on all but one (followup edit {ids[-1]} --email ...)",
            contact_id=ids[0],
        )
        for email, ids in shared
    ]
    if not shared and not rt.store.email_index_is_unique():
        findings.append(
            Finding(
                "email-index",
                "the email index allows two contacts one email",
                fix="make it unique",
                done="made it unique",
                repair=rt.store.make_email_index_unique,
            )
        )
    return findings


def _stale_temp_files(rt: Runtime) -> list[Finding]:
    """Temporary files beside the database that a killed backup, upgrade or export left."""
    return [
        Finding(
            "stale-temp-file",
            f"{temporary} was left by a backup or export that did not finish",
            fix="remove it",
            done="removed it",
            repair=partial(outfile.remove_stale, temporary),
        )
        for temporary in outfile.stale_temporaries(rt.db_path.parent)
    ]
