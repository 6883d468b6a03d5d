"""domain.channels: a step goes out on a channel that reaches the person."""

import pytest

from followup.domain.channels import DEFAULT_FALLBACK, offered, reach_of, reachable


def test_what_is_on_file_says_which_channels_reach_them() -> None:
    assert reachable({"phone"}) == {"call", "text"}
    assert reachable({"email", "linkedin"}) == {"email", "linkedin"}
    assert reachable(set()) == set()


@pytest.mark.parametrize(
    ("channel", "on_file", "expected"),
    [
        ("email", {"email"}, "email"),
        ("email", {"phone"}, "call"),  # a phone-only contact
        ("email", {"linkedin"}, "linkedin"),
        ("linkedin", {"email"}, "email"),  # wraps around the order
        ("call", {"linkedin", "email"}, "linkedin"),
        ("call", set(), "call"),  # nothing reaches them: the step as it is
        ("in-person", set(), "in-person"),
    ],
)
def test_a_step_falls_back_to_the_next_channel_that_reaches_them(
    channel: str, on_file: set[str], expected: str
) -> None:
    assert offered(channel, reachable(on_file), DEFAULT_FALLBACK) == expected


def test_the_order_is_the_configs() -> None:
    assert offered("email", reachable({"phone", "linkedin"}), ("email", "linkedin", "call")) == (
        "linkedin"
    )


def test_an_address_that_bounced_reaches_nobody_until_it_changes() -> None:
    assert reach_of("ann@acme.example", "ANN@acme.example", None, None) == set()
    assert reach_of("ann.lee@acme.example", "ann@acme.example", None, None) == {"email"}
    assert reach_of(None, None, "+1 5550100", "in/ann") == {"call", "text", "linkedin"}
