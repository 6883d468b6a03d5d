"""Which channel a step goes out on: its own, or the next one the person can receive.

A step on email for someone with no email (or whose address bounced), a call
for someone with no phone, a LinkedIn touch without their profile: each is
offered on the next channel of the fallback order that reaches them.
"""

from collections.abc import Collection, Sequence

DEFAULT_FALLBACK = ("email", "call", "linkedin")
# What a person needs on file to be reached on a channel (the rest need nothing).
NEEDS = {"email": "email", "call": "phone", "text": "phone", "linkedin": "linkedin"}


def reachable(on_file: Collection[str]) -> frozenset[str]:
    """The channels a person with these fields on file (``email``, ``phone``…) can receive."""
    return frozenset(channel for channel, field in NEEDS.items() if field in on_file)


def reach_of(
    email: str | None, bounced_email: str | None, phone: str | None, linkedin: str | None
) -> frozenset[str]:
    """The channels that reach a contact: an email counts until it bounced."""
    bounced = email is not None and email.casefold() == (bounced_email or "").casefold()
    on_file = {"email": email and not bounced, "phone": phone, "linkedin": linkedin}
    return reachable({field for field, value in on_file.items() if value})


def offered(channel: str, reach: Collection[str], fallback: Sequence[str]) -> str:
    """``channel`` if it reaches them, else the next in ``fallback`` that does (wrapping).

    When nothing in ``fallback`` reaches them either, the step keeps its channel.
    """
    if channel not in NEEDS or channel in reach:
        return channel
    start = fallback.index(channel) + 1 if channel in fallback else 0
    for candidate in (*fallback[start:], *fallback[:start]):
        if candidate not in NEEDS or candidate in reach:
            return candidate
    return channel
