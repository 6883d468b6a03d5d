"""`doctor`: what a healthy store never holds, found, and the repairs that are safe.

Each check returns findings; a finding may carry a repair. With ``fix``, every
repair is made in one transaction (so one `undo` reverts it), after the checks
ran again under the write lock. A contact is never deleted.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from followup import outfile
from followup.context import Context
from followup.domain import status
from followup.domain.cadence import describe
from followup.domain.calendar import BusinessCalendar
from followup.errors import FollowupError
from followup.services.touches import planned_from_history

INTEGRITY = "integrity"


@dataclass
class Finding:
    """One problem, and the repair ``fix`` makes for it when that is safe."""

    check: str
    message: str
    contact_id: int | None = None
    fix: str | None = None  # what fixing does, e.g. "cancel it"
    done: str | None = None  # what it did, e.g. "cancelled it"
    repair: Callable[[], None] | None = None
    fixed: bool = False
    # Worth a look but not a fault of the store (two contacts who may be one person):
    # it does not make `doctor` fail.
    advice: bool = False

    @property
    def damage(self) -> bool:
        """A damaged file with no repair: only a backup helps."""
        return self.check == INTEGRITY and not self.fix

    def as_json(self) -> dict[str, object]:
        return {
            "check": self.check,
            "contact_id": self.contact_id,
            "message": self.message,
            "fix": self.fix,
            "fixed": self.fixed,
            "advice": self.advice,
        }


def doctor(ctx: Context, fix: bool = False) -> list[Finding]:
    """Every problem found, the repaired ones first (marked ``fixed``) when ``fix``."""
    findings = _checked(ctx, _integrity, fix)
    if all(finding.fixed for finding in findings):
        findings += _pending_key(ctx, fix)
    if all(finding.fixed for finding in findings):
        # Only a sound file is worth reading further: a damaged one could fail or mislead.
        calendar = ctx.calendar  # built before taking the write lock: it may load a package
        findings += _checked(ctx, partial(_findings, calendar=calendar), fix)
    return findings


def _pending_key(ctx: Context, fix: bool) -> list[Finding]:
    """The key behind one pending follow-up per contact, without which nothing is scheduled.

    Only a hand edit removes it. Its repair is not in the undo journal: no write to a
    follow-up, the journal's included, works until it is back.
    """
    health = ctx.storage.health
    if health.pending_key_exists():
        return []
    finding = Finding(
        "pending-key",
        "the index that keeps one pending follow-up per contact is missing",
        fix="keep each contact's newest pending follow-up and rebuild it (cannot be undone)",
        done="kept each contact's newest pending follow-up and rebuilt it",
        repair=health.restore_pending_key,
    )
    if fix:
        health.restore_pending_key()
        finding.fixed = True
    return [finding]


def _checked(ctx: Context, check: Callable[[Context], list[Finding]], fix: bool) -> list[Finding]:
    if not fix:
        return check(ctx)
    with ctx.writing():
        # Found again under the lock: another command may have changed things meanwhile.
        repaired = [finding for finding in check(ctx) if finding.repair]
        for finding in repaired:
            assert finding.repair is not None
            finding.repair()
            finding.fixed = True
    return repaired + check(ctx)


def _integrity(ctx: Context) -> list[Finding]:
    """What the engine's integrity check finds; an index out of step with its table is rebuilt."""
    health = ctx.storage.health
    findings, indexes = [], Counter[str]()
    for problem in health.integrity_problems():
        if index := health.damaged_index(problem):
            indexes[index] += 1
        else:
            findings.append(Finding(INTEGRITY, problem))
    rebuilt = [
        Finding(
            INTEGRITY,
            f"index {index} is out of step with its table ({count} entries)",
            fix="rebuild it",
            done="rebuilt it",
            repair=partial(health.rebuild_index, index),
        )
        for index, count in indexes.items()
    ]
    return rebuilt + findings


def _findings(ctx: Context, calendar: BusinessCalendar) -> list[Finding]:
    return [
        *_broken_references(ctx),
        *_pending_after_close(ctx),
        *_missing_follow_ups(ctx, calendar),
        *_shared_emails(ctx),
        *_likely_duplicates(ctx),
        *(_stale_temp_files(ctx.location.parent) if isinstance(ctx.location, Path) else []),
    ]


def _broken_references(ctx: Context) -> list[Finding]:
    findings = []
    for table, row_id, missing in ctx.storage.health.broken_references():
        keeps = table == "contact"
        findings.append(
            Finding(
                "broken-reference",
                f"{table} #{row_id} refers to a {missing} that does not exist",
                contact_id=row_id if keeps else None,
                fix=f"clear its {missing}" if keeps else "delete it",
                done=f"cleared its {missing}" if keeps else "deleted it",
                repair=partial(ctx.storage.health.repair_reference, table, row_id),
            )
        )
    return findings


def _pending_after_close(ctx: Context) -> list[Finding]:
    return [
        Finding(
            "pending-after-close",
            f"{person.label} is {person.status} but {describe(pending.plan)} is still pending",
            contact_id=person.id,
            fix="cancel it",
            done="cancelled it",
            repair=partial(ctx.storage.followups.close, pending.id, "cancelled"),
        )
        for person, pending in ctx.storage.health.pending_outside(status.WITH_NEXT_STEP)
    ]


def _missing_follow_ups(ctx: Context, calendar: BusinessCalendar) -> list[Finding]:
    findings = []
    for person in ctx.storage.health.contacts_without_pending(status.WITH_NEXT_STEP):
        message = f"{person.label} is {person.status} but has nothing scheduled"
        try:
            plan = planned_from_history(ctx, person, calendar)
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
                repair=partial(ctx.storage.followups.schedule, person.id, plan),
            )
        )
    return findings


def _shared_emails(ctx: Context) -> list[Finding]:
    health = ctx.storage.health
    shared = health.shared_emails()
    findings = [
        Finding(
            "shared-email",
            f"contacts {', '.join(f'#{i}' for i in ids)} share the email {email}: "
            f"change or remove it on all but one (followup edit {ids[-1]} --email ...)",
            contact_id=ids[0],
        )
        for email, ids in shared
    ]
    if not shared and not health.email_index_is_unique():
        findings.append(
            Finding(
                "email-index",
                "the email index allows two contacts one email",
                fix="make it unique",
                done="made it unique",
                repair=health.make_email_index_unique,
            )
        )
    return findings


def _likely_duplicates(ctx: Context) -> list[Finding]:
    """Contacts who are probably one person: merging is for a person to decide."""
    from followup.domain.matching import likely_duplicates

    people = (person for person, _ in ctx.storage.contacts.listing())
    return [
        Finding(
            "likely-duplicate",
            f"{' and '.join(person.label for person in group)} may be one person "
            f"(same {reason}): `followup merge {group[0].id} {group[1].id}` makes them one",
            contact_id=group[0].id,
            advice=True,
        )
        for reason, group in likely_duplicates(people)
    ]


def _stale_temp_files(folder: Path) -> list[Finding]:
    """Temporary files beside the store that a killed backup, upgrade or export left."""
    return [
        Finding(
            "stale-temp-file",
            f"{temporary} was left by a backup or export that did not finish",
            fix="remove it",
            done="removed it",
            repair=partial(outfile.remove_stale, temporary),
        )
        for temporary in outfile.stale_temporaries(folder)
    ]
