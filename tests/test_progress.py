"""Progress on long runs (issues 21 and 22, item 6): ``forecast(progress=...)`` is called after each
chunk with the draws it finished, so the completed fraction rises to exactly 1 for every sampling
estimator (qmc's design may hold more points than the draws asked for: it reports in asked-for
draws); ``bioanchors forecast --progress`` draws a bar on stderr and leaves the output as it was."""

from __future__ import annotations

import pytest

import bioanchors
from bioanchors.evaluation import montecarlo, problem


def _fractions(scenario, method, samples):
    done = []
    sc = bioanchors.load_scenario(scenario)
    if sc.model == "ftm":  # a short run (to 2031, not 2100): the chunking is what is under test
        sc = sc.replace({"simulation.end_year": 2031})
    res = bioanchors.forecast(sc, method=method, samples=samples, progress=done.append, end_year=2030)
    total, fractions = 0, []
    for k in done:
        total += k
        fractions.append(total / samples)
    return res, done, fractions


@pytest.mark.parametrize(("scenario", "method", "samples", "chunk"), [
    ("ftm-uncertain", "conditional", 6, 2),             # a simulation model: 3 chunks of 2 sets
    ("cotra2020-uncertain", "qmc", 100, 40),            # 32 replicates x 4 points = 128 > 100 asked
    ("cotra2020-uncertain", "monte-carlo", 5000, 1000),  # Cotra's joint sampler, its own chunks
])
def test_progress_fractions_rise_to_one(monkeypatch, scenario, method, samples, chunk):
    monkeypatch.setattr(problem.Problem, "chunk", property(lambda self: chunk))
    monkeypatch.setattr(montecarlo, "CHUNK", chunk)
    res, done, fractions = _fractions(scenario, method, samples)
    assert len(done) >= 3, done  # several chunks, each reported
    assert all(k > 0 for k in done)
    assert all(a < b for a, b in zip(fractions, fractions[1:]))
    assert fractions[-1] == 1.0


def test_cli_progress_bar_leaves_the_output_unchanged(cli):
    args = ("forecast", "cotra2020-uncertain", "--method", "conditional", "--samples", "800", "--format", "json")
    plain, barred = cli(*args), cli(*args, "--progress")
    assert plain.exit_code == 0 and barred.exit_code == 0, barred.output
    assert barred.stdout == plain.stdout
    assert "800/800" in barred.stderr and "800/800" not in plain.stderr  # the bar, on stderr only when asked
    quiet = cli(*args, "--progress", "--quiet")
    assert quiet.stdout == plain.stdout and "800/800" not in quiet.stderr


@pytest.mark.parametrize("scenario", ["ensemble-2026", "measured-2025"])
def test_several_runs_behind_one_forecast_report_one_total(scenario):
    """ensemble-2026 under conditional runs three sampled members (measured-2025, direct-approach,
    metr-horizon; semi-informative priors is exact); measured-2025's "not yet by 2025" update runs
    its prior and its posterior. Each run reports its own draws; the caller's bar has one total
    (the samples asked for) and ends at exactly 100%, not at runs x 100% as before."""
    res, done, fractions = _fractions(scenario, "conditional", 40)
    assert len(done) >= 2 and all(k > 0 for k in done)
    assert all(a <= b for a, b in zip(fractions, fractions[1:]))
    assert fractions[-1] == 1.0
