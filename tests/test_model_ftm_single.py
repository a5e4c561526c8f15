"""One FTM parameter set on Python floats (models/ftm/single.py) against the vectorised loop.

The float loop is a speed path for one set (issue 21 item 6); the vectorised loop, checked
against FTM's own code in tests/test_model_ftm.py, is its oracle here. Both do the same IEEE
operations in the same order, so the results agree to the bit where numpy's exp and log are
the C library's (as on the CI machine); the series are compared to 1e-12 so that a machine
whose numpy has its own SIMD exp still passes, and the event dates (steps) exactly.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bioanchors.models import get_model
from bioanchors.models.ftm import single
from bioanchors.models.ftm.config import flat_parameters
from bioanchors.models.ftm.model import options
from bioanchors.models.ftm.simulate import Options, simulate
from bioanchors.scenario import load_scenario

PRESETS = ("best-guess", "aggressive", "conservative", "timelines-1e30", "timelines-1e36", "timelines-1e42",
           "measured")
NUMPY = {"floats_for_one_set": False}


@pytest.fixture(autouse=True)
def float_runs(monkeypatch):
    """What each call of the float loop returned (True: it ran to the end, its result kept)."""
    seen: list[bool] = []
    run = single.run

    def spy(*args):
        seen.append(run(*args))
        return seen[-1]

    monkeypatch.setattr(single, "run", spy)
    return seen


def _same(a, b, i=0):
    """Run ``a`` (one set) equals set ``i`` of run ``b``: events and metrics exactly, series to 1e-12."""
    for k in a.event_years:
        assert a.event_years[k][0] == b.event_years[k][i], k
    for k in a.metrics:
        np.testing.assert_array_equal(a.metrics[k][0], b.metrics[k][i], err_msg=k)
    for k in a.series:
        np.testing.assert_allclose(a.series[k][0], b.series[k][i], rtol=1e-12, atol=1e-12, err_msg=k)


def _central(name):
    sc = load_scenario(f"ftm-{name}")
    return flat_parameters(get_model("ftm").point_parameters(sc)), options(sc.spec)


@pytest.mark.parametrize("name", PRESETS)
def test_floats_equal_the_vectorised_loop_on_every_preset(name, float_runs):
    flat, opt = _central(name)
    _same(simulate(flat, opt), simulate(flat, replace(opt, **NUMPY)))
    assert float_runs == [True]


def test_floats_reproduce_ftm_code_on_the_best_guess():
    """The float loop on its own against FTM's figures (FTM code at commit 99dc907 on presets.json
    best guess, timeline_metrics: 20% of goods 2036.1, 100% 2040.0, wake-up 2034.3; as in
    tests/test_model_ftm.py, where the presets run vectorised)."""
    flat, opt = _central("best-guess")
    out = simulate(flat, opt)
    got = [out.event_years[e][0] for e in ("automation_goods_20", "full_automation_goods", "wake_up")]
    np.testing.assert_allclose(got, (2036.1, 2040.0, 2034.3), atol=1e-6, rtol=0)


def test_floats_equal_the_vectorised_loop_on_uncertain_draws(float_runs):
    """30 draws of ftm-uncertain run together (vectorised) and one at a time (on floats)."""
    sc = load_scenario("ftm-uncertain")
    model = get_model("ftm")
    draws = model.draw(sc, 30, np.random.default_rng(5))
    batch = flat_parameters({**model.point_parameters(sc), **draws})
    opt = options(sc.spec)
    together = simulate(batch, opt)
    for i in range(30):
        alone = {k: (v[i] if np.size(v) == 30 else v) for k, v in batch.items()}
        _same(simulate(alone, opt), together, i)
    assert float_runs == [True] * 30


@pytest.mark.parametrize("change", [{"disable_automation": True}, {"tradeoff_enabled": False}, {"dt": 0.05},
                                    {"n_tasks": 7}])
def test_floats_equal_the_vectorised_loop_under_each_option(change, float_runs):
    flat, opt = _central("aggressive")
    opt = replace(opt, end=2040.0, **change)
    _same(simulate(flat, opt), simulate(flat, replace(opt, **NUMPY)))
    assert float_runs == [True]


def test_a_float_error_falls_back_to_the_vectorised_loop(monkeypatch, float_runs):
    """Where numpy would carry an inf or a nan, Python raises: the run is then the vectorised one."""
    flat, opt = _central("best-guess")
    expected = simulate(flat, replace(opt, **NUMPY))
    calls = []

    def fail(*args):
        calls.append(1)
        raise OverflowError("math range error")

    monkeypatch.setattr(single._Block, "output", fail)
    _same(simulate(flat, opt), expected)
    assert calls, "the float loop was not tried"
    assert float_runs == [False]


def test_a_non_finite_output_falls_back_to_the_vectorised_loop(monkeypatch, float_runs):
    """A nan GWP from the float loop is not kept: nan rules are numpy's, so numpy redoes the run."""
    flat, opt = _central("aggressive")
    expected = simulate(flat, replace(opt, **NUMPY))
    monkeypatch.setattr(single._Block, "output", lambda self, *a: (float("nan"), 0))
    _same(simulate(flat, opt), expected)
    assert float_runs == [False]


def test_many_sets_do_not_take_the_float_path(monkeypatch):
    """Only a single set runs on floats; the reference path (fast=False) never does."""
    monkeypatch.setattr(single, "run", lambda *a: pytest.fail("float loop used"))
    flat, opt = _central("aggressive")
    simulate(dict(flat, full_automation_training_log10_flop=np.array([32.5, 33.0])), replace(opt, end=2030.0))
    simulate(flat, Options(end=2030.0, fast=False))


def test_a_run_shorter_than_a_year_has_no_events_on_either_path(float_runs):
    """Five steps (2022-2022.5): too short for a year of GWP growth. Every event is 'not within the
    horizon' (inf) and every metric undefined (nan), on floats as in numpy; before, the recorder
    failed on the empty growth window ("argmax of an empty sequence")."""
    flat, opt = _central("best-guess")
    opt = replace(opt, end=2022.45)
    a, b = simulate(flat, opt), simulate(flat, replace(opt, **NUMPY))
    _same(a, b)
    assert float_runs == [True]
    assert all(np.isinf(v[0]) for v in a.event_years.values())
    assert all(np.isnan(v[0]) for v in a.metrics.values())


def test_a_run_without_a_step_is_an_error_that_says_so():
    """A start at or after the end (e.g. simulation.start_year 2500 for a forecast to 2100) has no step
    to record: a one-line error naming the input, not an IndexError."""
    flat, opt = _central("best-guess")
    with pytest.raises(ValueError, match="no time step.*simulation.start_year"):
        simulate(flat, replace(opt, start=2500.0, end=2101.0))


def test_the_cli_names_the_input_for_a_run_without_a_step(cli):
    res = cli("forecast", "ftm-best-guess", "--set", "simulation.start_year=2500")
    assert res.exit_code != 0 and "internal error" not in res.output
    assert "no time step" in res.output and "simulation.start_year" in res.output
