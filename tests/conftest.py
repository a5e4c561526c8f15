"""Shared test fixtures: paths, the CLI runner, and a tiny reference model."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # tests never open windows

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture
def cli(runner):
    """Invoke the bioanchors CLI; returns the click Result."""
    from bioanchors.cli import app

    def invoke(*args, **kw):
        return runner.invoke(app, [str(a) for a in args], **kw)

    return invoke


def shared_data(*parts: str) -> Path:
    """A file under ../shared/data; the calling test is skipped when it is absent."""
    path = SHARED.joinpath("data", *parts)
    if not path.exists():
        pytest.skip(f"{path} not present (shared data is optional outside CI)")
    return path


IN_CI = os.environ.get("CI") == "true"
