"""Who decides: a colleague linked as the decider, from `link` or from what an answer says."""

import shlex
from dataclasses import dataclass

from followup.context import Context
from followup.domain.contact import Contact
from followup.domain.deciders import decides_themselves, named_in, person_named
from followup.errors import FollowupError, InvalidValue, UsageError


@dataclass(frozen=True)
class DeciderNamed:
    """What a decider answer or `--decider` text named for ``contact``."""

    contact: Contact
    linked: Contact | None  # the colleague now linked as their decider
    # A person the text names whom no contact at the account is, and the command that
    # adds them as the decider.
    missing: str | None = None
    add_command: str | None = None


@dataclass(frozen=True)
class Linked:
    contact: Contact  # as it was
    decider: Contact | None  # None: unlinked


def link(ctx: Context, contact: str, decider: str | None, unlink: bool = False) -> Linked:
    """Make ``decider`` the contact who decides for ``contact`` (or, ``unlink``, nobody)."""
    store = ctx.storage
    person = store.contacts.find(contact)
    if unlink == (decider is not None):
        raise UsageError("give either --decider CONTACT or --unlink")
    if unlink:
        if person.decider_id is None:
            raise FollowupError(f"{person.label} has no decider linked")
        with ctx.writing():
            store.contacts.update(person.id, {"decider_id": None})
        return Linked(person, None)
    assert decider is not None
    chosen = store.contacts.find(decider)
    refuse_link(person, chosen)
    with ctx.writing():
        store.contacts.update(person.id, {"decider_id": chosen.id})
    return Linked(person, chosen)


def refuse_link(person: Contact, decider: Contact) -> None:
    if decider.id == person.id:
        raise InvalidValue(f"{person.label} cannot be their own decider: --unlink says they decide")
    if decider.decider_id == person.id:
        raise FollowupError(f"{person.name} decides for {decider.label}: unlink that first")


def named_decider(ctx: Context, person: Contact, text: str | None) -> DeciderNamed | None:
    """Inside ``writing()``: link the colleague at ``person``'s account that ``text`` names.

    ``person`` is read as stored now (their account may just have been worked out).
    When the text names someone who is not a contact there, the result says how to
    add them; when it names nobody (or says they decide themselves), it is None.
    """
    if not text or decides_themselves(text):
        return None
    store = ctx.storage
    person = store.contacts.get(person.id)
    colleagues = (
        [other for other in store.accounts.people(person.account_id) if other.id != person.id]
        if person.account_id is not None
        else []
    )
    found = named_in(text, [(other.id, other.name) for other in colleagues])
    if len(found) == 1:
        chosen = next(other for other in colleagues if other.id == found[0])
        if chosen.decider_id == person.id:
            return None  # they said the one they decide for decides: nothing to link
        if person.decider_id != chosen.id:
            store.contacts.update(person.id, {"decider_id": chosen.id})
        return DeciderNamed(person, chosen)
    name = person_named(text)
    if name is None or found:
        return None
    command = ["followup", "add", name]
    if person.company:
        command += ["--company", person.company]
    command += ["--decides-for", str(person.id)]
    return DeciderNamed(person, None, name, shlex.join(command))


def decides_for(ctx: Context, new_id: int, person: Contact) -> None:
    """Inside ``writing()``: the contact just added (``new_id``) decides for ``person``."""
    refuse_link(person, ctx.storage.contacts.get(new_id))
    ctx.storage.contacts.update(person.id, {"decider_id": new_id})
