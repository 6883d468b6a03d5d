"""Follow-up templates: found by step, rendered in Jinja2's sandbox with strict fields.

A step's template is, first found: a file under the config folder's
``templates/`` (``templates/event-warm/2.txt``: a ``Subject:`` line, a blank
line, the body), the config's ``[templates."event-warm/2"]``, the built-in text
(``defaults.py``), or for a step of your own cadence without one, a plain
generic text. Imported only by the commands that draft or send: Jinja2 is not on
the everyday path.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FunctionLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from followup.errors import FollowupError
from followup.formats.mail.defaults import DEFAULTS
from followup.formats.mail.message import NoSubjectLine, from_text

# What a template may name: the contact's context, this touch's answers, and you.
CONTEXT = (
    "first_name", "name", "company", "title", "event", "met_on", "discussed", "promised",
    "problem", "decider",
)  # fmt: skip
ANSWERS = ("value", "risk", "stakes", "learned")
FIELDS = (*CONTEXT, *ANSWERS, "sender")
GENERIC = (
    "Following up{% if company %} with {{ company }}{% endif %}",
    "Hi {{ first_name }},\n\n{% if value %}{{ value }}\n\n{% endif %}"
    "Would a short call be useful?\n\nBest,{% if sender %}\n{{ sender }}{% endif %}\n",
)
BUILT_IN, CONFIG, GENERIC_SOURCE = "built-in", "config", "generic"


class BadTemplate(FollowupError):
    """A template that cannot be read or rendered; the message names it and the line."""


@dataclass(frozen=True)
class Template:
    name: str  # its step: ``event-warm/2``, ``nurture``
    subject: str
    body: str
    source: str  # BUILT_IN, CONFIG, GENERIC_SOURCE or the file's path


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def step_name(cadence: str, step: int | None) -> str:
    """The template name of a cadence's step; the nurture check-in has one of its own."""
    return cadence if step is None else f"{cadence}/{step}"


def find(name: str, configured: Mapping[str, Mapping[str, str]], folder: Path | None) -> Template:
    """The template for the step ``name``: a file, the config, built in, or generic."""
    if folder is not None:
        path = folder / f"{name}.txt"
        if path.is_file():
            return _from_file(name, path)
    built = DEFAULTS.get(name, GENERIC)
    if name in configured:
        given = configured[name]
        return Template(name, given.get("subject", built[0]), given.get("body", built[1]), CONFIG)
    return Template(name, *built, BUILT_IN if name in DEFAULTS else GENERIC_SOURCE)


def _from_file(name: str, path: Path) -> Template:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadTemplate(f"template {path}: cannot read it ({error})") from None
    try:
        subject, body = from_text(text)
    except NoSubjectLine as error:
        raise BadTemplate(f"template {path} line 1: {error}") from None
    return Template(name, subject, body, str(path))


def render(template: Template, fields: Mapping[str, Any]) -> Rendered:
    """Subject and body with ``fields``; BadTemplate naming the template and line for a
    field it does not know, for reaching past the sandbox, or for broken syntax."""
    return Rendered(
        " ".join(_rendered(template, "subject", template.subject, fields).split()),
        _rendered(template, "body", template.body, fields),
    )


def _rendered(template: Template, part: str, source: str, fields: Mapping[str, Any]) -> str:
    key = f"{template.name} ({part})"
    environment = SandboxedEnvironment(
        # Named as its file, so that an error's frames say the template's line.
        loader=FunctionLoader(lambda _: (source, key, lambda: True)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    values = {name: fields.get(name) or "" for name in FIELDS}
    try:
        return environment.get_template(key).render(values)
    except TemplateSyntaxError as error:
        raise BadTemplate(f"template {key} line {error.lineno}: {error.message}") from None
    except Exception as error:  # whatever a template's code raises is the template's fault
        line = _line_of(error, key)
        where = f" line {line}" if line else ""
        if isinstance(error, SecurityError):
            problem = "unsafe access refused"
        elif isinstance(error, TemplateError):
            problem = str(error)
        else:
            problem = f"{type(error).__name__}: {error}"
        raise BadTemplate(f"template {key}{where}: {problem}") from None


def _line_of(error: BaseException, key: str) -> int | None:
    """The template line an error was raised at, from the frames Jinja2 gives it."""
    trace = error.__traceback__
    line = None
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == key:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line
