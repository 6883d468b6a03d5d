"""formats.mail: templates in Jinja2's sandbox, and the messages they make."""

from datetime import datetime
from pathlib import Path

import pytest

from followup.formats.mail.defaults import DEFAULTS
from followup.formats.mail.message import as_text, from_text, mailto, message
from followup.formats.mail.templates import BadTemplate, Template, find, render

# The example pipeline's people (examples/demo.sh), as a template sees them.
PIPELINE = [
    {"first_name": "Maria", "name": "Maria Gonzalez", "company": "Northwind Logistics",
     "event": "SaaStr Annual 2026", "promised": "send the TMS benchmark",
     "problem": "late deliveries cost them a key retail account", "value": "TMS benchmark"},
    {"first_name": "Kenji", "name": "Kenji Watanabe", "company": "Hikari Foods",
     "promised": "intro to our Osaka customer", "problem": "cold-chain visibility"},
    {"first_name": "Tom", "name": "Tom Becker", "company": "Ledgerline Inc.", "title": "CFO"},
    {"first_name": "Sam", "name": "Sam Okafor"},
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(DEFAULTS))
@pytest.mark.parametrize("person", PIPELINE, ids=[p["name"] for p in PIPELINE])
def test_every_built_in_template_renders_for_the_example_pipeline(
    name: str, person: dict[str, str]
) -> None:
    rendered = render(find(name, {}, None), person)
    assert rendered.subject and "\n" not in rendered.subject
    assert rendered.body.startswith(f"Hi {person['first_name']}")
    assert "{{" not in rendered.body and "{%" not in rendered.body


@pytest.mark.parametrize(
    "source",
    ["{{ ''.__class__.__mro__ }}", "{{ name.__class__.__base__.__subclasses__() }}",
     "{{ cycler.__init__.__globals__ }}"],
)  # fmt: skip
def test_reaching_python_internals_is_refused(source: str) -> None:
    with pytest.raises(BadTemplate, match=r"template mine/1 \(body\)"):
        render(Template("mine/1", "s", f"Hi\n{source}", "config"), {"name": "Ann"})


def test_an_unknown_field_names_the_template_and_the_line() -> None:
    with pytest.raises(
        BadTemplate, match=r"^template mine/1 \(body\) line 3: 'budget' is undefined$"
    ):
        render(Template("mine/1", "s", "Hi\n\n{{ budget }}", "config"), {})


def test_broken_syntax_names_the_line() -> None:
    with pytest.raises(BadTemplate, match=r"template mine/1 \(subject\) line 1"):
        render(Template("mine/1", "{% if %}", "b", "config"), {})


def test_a_file_beats_the_config_which_beats_the_built_in(tmp_path: Path) -> None:
    configured = {"event-warm/2": {"subject": "From the config"}}
    assert find("event-warm/2", configured, tmp_path).subject == "From the config"
    assert find("event-warm/2", configured, tmp_path).body == DEFAULTS["event-warm/2"][1]
    (tmp_path / "event-warm").mkdir()
    (tmp_path / "event-warm" / "2.txt").write_text("Subject: From a file\n\nHi {{ first_name }}\n")
    found = find("event-warm/2", configured, tmp_path)
    assert (found.subject, found.body, found.source) == (
        "From a file", "Hi {{ first_name }}\n", str(tmp_path / "event-warm" / "2.txt"),
    )  # fmt: skip
    (tmp_path / "event-warm" / "3.txt").write_text("no subject line\n")
    with pytest.raises(BadTemplate, match="line 1: start with 'Subject: …'"):
        find("event-warm/3", {}, tmp_path)


def test_a_step_of_ones_own_cadence_gets_the_generic_text() -> None:
    assert find("partner-intro/2", {}, None).source == "generic"


def test_a_message_threads_on_the_earlier_ones_and_reads_back_as_text() -> None:
    mail = message("Sam <sam@seller.example>", "ann@acme.example", "Hi", "Body\n",
                   datetime(2026, 3, 3, 9, 0).astimezone(), ["<a@x>", "<b@x>"])  # fmt: skip
    assert (mail["In-Reply-To"], mail["References"]) == ("<b@x>", "<a@x> <b@x>")
    assert mail["Message-ID"].endswith("@seller.example>")
    assert from_text(as_text("Hi there", "Body\n")) == ("Hi there", "Body\n")
    assert mailto("a@b.example", "Hi & bye", "x\ny") == (
        "mailto:a@b.example?subject=Hi%20%26%20bye&body=x%0Ay"
    )
