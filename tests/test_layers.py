"""The code keeps its shape: the import contracts in pyproject.toml hold (import-linter)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_each_layer_imports_only_the_layers_below_it_and_only_the_cli_the_terminal() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    checked = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "3 kept, 0 broken" in checked.stdout
