"""Shared test fixtures: paths, the CLI runner; under CI=true, no silent skips.

CI must fail, not skip, when what it is meant to test is absent (issue 16 item 5):
with ``CI=true`` every skip becomes a failure that carries the skip's reason
(../shared/data missing, chromium missing, ...). Locally, skips stay skips and
``-ra`` lists them.
"""

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
        columns = (kw.get("env") or {}).get("COLUMNS")
        if columns is None:
            return runner.invoke(app, [str(a) for a in args], **kw)
        # rich fixes a console's width when it is made (at import), from COLUMNS if set then; a
        # pytest-xdist worker may have made it with another value, so apply the width asked for here
        from bioanchors.cli import common

        before = [c._width for c in (common.console, common.err_console)]
        for c in (common.console, common.err_console):
            c._width = int(columns)
        try:
            return runner.invoke(app, [str(a) for a in args], **kw)
        finally:
            common.console._width, common.err_console._width = before

    return invoke


IN_CI = os.environ.get("CI") == "true"


def measured_unconditioned():
    """measured-2025 without its default conditioning on "no TAI by 2025" (issue 23 item 5): the
    uncertain trend model as it was before, forecast from 2025 like cotra2020. Tests of the sampled
    estimators' mechanics (chunking, progress, bands, the joint sampler) use it: the conditioned
    scenario runs the model twice and combines the runs (docs/evidence.md), which is not what they test."""
    import bioanchors

    return bioanchors.load_scenario("measured-2025").replace({"evidence": None, "years.start": 2025})


def shared_data(*parts: str) -> Path:
    """A file under ../shared/data; absent: a skip locally, a failure under CI=true."""
    return shared_file("data", *parts)


def shared_file(*parts: str) -> Path:
    """A file under ../shared (e.g. ``shared_file("reference", "cotra2020_sheet_best_guess.csv")``);
    absent: a skip locally, a failure under CI=true."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        msg = f"{path} not present (shared data is optional outside CI; .ci/run checks it exists)"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skip (from skipif, pytest.skip or importorskip) is reported as a failure."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which must run every test: {reason}"


@pytest.fixture(autouse=True)
def _fresh_reuse():
    """Each test starts with nothing to reuse (bioanchors.evaluation.reuse: the ensemble's member forecasts,
    Cotra's trajectories): a test that patches model code must not be handed what another test computed."""
    from bioanchors.evaluation.reuse import TRAJECTORY_MEMO
    from bioanchors.models.ensemble import MEMBER_CACHE

    MEMBER_CACHE.clear()
    TRAJECTORY_MEMO.clear()


@pytest.fixture
def cache_in(tmp_path, monkeypatch):
    """An empty on-disk requirement cache in tmp_path, with the in-process cache cleared around the test."""
    from bioanchors.requirements import build

    monkeypatch.setenv("BIOANCHORS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("BIOANCHORS_NO_CACHE", raising=False)
    build._build_cached.cache_clear()
    yield tmp_path
    build._build_cached.cache_clear()


@pytest.fixture(scope="module")
def client():
    """The dashboard app in process (fastapi's TestClient), one per test module."""
    from fastapi.testclient import TestClient

    from bioanchors.web import create_app

    with TestClient(create_app(warm_up=False)) as c:
        yield c
