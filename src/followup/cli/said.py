"""What a command says once its service has done the work.

The same lines whether the command ran on its own or from `today -i`: a person
learns one set of messages.
"""

from typing import TYPE_CHECKING

from followup.cli.render import say
from followup.context import Context
from followup.domain.cadence import describe
from followup.domain.contact import Contact
from followup.services import agenda

if TYPE_CHECKING:
    # Only their results' types: `today` says a warning, and must not load `log`'s code.
    from followup.services import schedule, touches


def logged(touch: "touches.Logged") -> None:
    step = touch.step
    done = f"step {step.step}/{step.steps_total}" if step and step.step else "a touch"
    follow = f" Next: {describe(touch.next)}." if touch.next else ""
    say(f"Logged {done} for {touch.contact.label}.{follow}")


def replied(person: Contact) -> None:
    say(f"{person.label} replied: engaged, cadence stopped.")
    say(f"Hint: once it is booked, run `followup meeting {person.id} --on DATE`.")


def snoozed(moved: "schedule.Moved") -> None:
    say(f"Snoozed {moved.contact.label}: {describe(moved.next)}.")


def nurtured(kept: "schedule.Nurtured") -> None:
    say(f"Nurturing {kept.contact.label} every {kept.every}: {describe(kept.next)}.")


def restarted(again: "schedule.Restarted") -> None:
    say(f"Restarted {again.contact.label} on {again.cadence}: {describe(again.next)}.")


def warn_if_pipeline_thin(ctx: Context) -> None:
    warning = pipeline_warning(agenda.breadth(ctx))
    if warning:
        say(warning)


def pipeline_warning(breadth: agenda.Breadth) -> str | None:
    """A warning when fewer opportunities are open than the configured target."""
    if not breadth.thin:
        return None
    return (
        f"Warning: pipeline is thin: {breadth.open} open "
        f"{'opportunity' if breadth.open == 1 else 'opportunities'}, target {breadth.target} "
        "(pipeline.min_active). Time to meet new people."
    )
