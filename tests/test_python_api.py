"""The README's Python API example, run as written, prints what the README says."""

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def section(title: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"\n## {title}\n")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else None]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def test_the_readme_example_imports_lists_and_logs_as_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = section("Python API")
    [program] = blocks(api, "python")
    [printed] = blocks(api, "text")
    shutil.copy(ROOT / "examples" / "badge-scans.csv", tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FOLLOWUP_CONFIG", str(tmp_path / "no-config.toml"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(program, "README.md", "exec"), {"__name__": "readme"})
    assert out.getvalue() == printed
    assert (tmp_path / "pipeline.db").exists()
