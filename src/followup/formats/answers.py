"""Value-check answers in a file: a TOML or JSON table of question keys to text."""

import json
import tomllib
from pathlib import Path

from followup.errors import InvalidValue

# A file of answers is a few kilobytes. Past this, it is not answers at all (or it is
# /dev/zero): refused before it is read into memory whole.
MAX_ANSWERS_FILE_BYTES = 1024 * 1024


def read_answers(path: Path) -> dict[str, str]:
    """The answers in ``path`` (JSON when it starts with ``{``, TOML otherwise)."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_ANSWERS_FILE_BYTES + 1)
        if len(raw) > MAX_ANSWERS_FILE_BYTES:
            raise InvalidValue(
                f"answers file {path} is larger than {MAX_ANSWERS_FILE_BYTES // 2**20} MiB, "
                "the most it may be"
            )
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidValue(f"cannot read answers file {path}: {error}") from None
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise InvalidValue(f"answers file {path} is not a TOML or JSON table: {error}") from None
    if not isinstance(data, dict) or not all(isinstance(value, str) for value in data.values()):
        raise InvalidValue(f"answers file {path} must map question keys to text")
    return data
