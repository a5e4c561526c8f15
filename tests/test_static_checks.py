"""The static checks run with the tests (issue 20 item 6), so `python -m pytest` (the README's
test command, which CI runs) fails on a type error or a lint finding: mypy with the pydantic
plugin on src/ and ruff with the rule set in pyproject.toml ([tool.mypy], [tool.ruff])."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_mypy_with_the_pydantic_plugin_is_clean():
    out = _run("mypy")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


def test_ruff_is_clean():
    out = _run("ruff", "check", "src", "tests")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
