"""Every registered model x every estimator it is served by, on its built-in scenarios (issue 20
item 2), in the style of scipy.stats' generic distribution battery:

* the result records the estimator that actually ran (a spy estimator, registered the
  documented way, must be called for every model: the relabel bug of issue 20, where a
  closed-form model ran its private conditional estimator under a new method's name, fails it);
* estimators agree within their own reported errors (each against the reference: exact where
  the scenario is point-valued, otherwise a conditional run with many draws);
* the same seed reproduces the same numbers; the curve is a CDF.

Sample sizes are small so the battery runs in CI time; the agreement tolerance is 5 combined
standard errors plus the float32 band storage, never a widened constant.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import bioanchors
from bioanchors.evaluation import estimators, registry
from bioanchors.models import MODELS, model_for
from bioanchors.scenario import builtin_names

SAMPLES = {"conditional": 4_000, "qmc": 4_096, "monte-carlo": 20_000}
WINDOW = {"start_year": 2024, "end_year": 2070}
REFERENCE_SAMPLES = 40_000


def _n(name: str, n: int | None) -> int | None:
    """Draws for ``name``: the battery's, capped by the model's ``battery_samples`` where a draw is a
    whole simulation (ftm: 780 time steps); the checks stay within each estimate's own errors."""
    cap = getattr(model_for(bioanchors.load_scenario(name)), "battery_samples", None)
    return n if n is None or cap is None else min(n, cap)


def _cases():
    for name in builtin_names():
        for method in registry.ESTIMATORS:
            yield pytest.param(name, method, id=f"{name}-{method}")


def _runs(name: str, method: str) -> bool:
    sc = bioanchors.load_scenario(name)
    model = model_for(sc)
    if not registry.get_estimator(method).serves(model):
        return False
    try:
        model.check_method(sc, method)
    except bioanchors.BioanchorsError:
        return False  # e.g. exact on an uncertain scenario: refused with a one-line error (tested elsewhere)
    return True


@pytest.fixture(scope="module")
def references():
    """P(by t) and SE per built-in: exact where point-valued, else conditional with 40,000 draws."""
    out = {}
    for name in builtin_names():
        method = "exact" if _runs(name, "exact") else "conditional"
        out[name] = bioanchors.forecast(name, method=method, samples=_n(name, REFERENCE_SAMPLES), seed=123, **WINDOW)
    return out


@pytest.mark.parametrize("name, method", list(_cases()))
def test_estimator_agrees_records_itself_and_reproduces(name, method, references):
    if not _runs(name, method):  # refused: one line naming the fix, never a traceback (CI counts skips as failures)
        with pytest.raises(bioanchors.BioanchorsError) as info:
            bioanchors.forecast(name, method=method, samples=_n(name, SAMPLES.get(method)), seed=7, **WINDOW)
        assert "\n" not in str(info.value) and "--method" in str(info.value)
        return
    n = _n(name, SAMPLES.get(method))
    res = bioanchors.forecast(name, method=method, samples=n, seed=7, **WINDOW)
    again = bioanchors.forecast(name, method=method, samples=n, seed=7, **WINDOW)
    # a mixture records what its members ran: exact where a member is point-valued
    assert res.method == method or set(res.method.split("+")) <= {method, "exact"}
    np.testing.assert_array_equal(res.p, again.p)
    assert np.all(np.diff(res.p) >= -1e-12) and res.p.min() >= 0.0 and res.p.max() <= 1.0
    ref = references[name]
    se = np.hypot(np.zeros_like(res.p) if res.standard_errors is None else res.standard_errors,
                  np.zeros_like(res.p) if ref.standard_errors is None else ref.standard_errors)
    # A sampled proportion cannot resolve less than one draw: at P = 0 or 1 its binomial SE is 0.
    resolution = 1.0 / n if method in SAMPLES else 0.0
    worst = np.max(np.abs(res.p - ref.p) - 5 * se - resolution)
    assert worst <= 1e-9, f"{name}/{method}: off the reference by more than 5 SE ({worst:.2g})"


def _spy(calls: list):
    """An estimator registered the documented way: conditional's numbers, recording each call."""
    def run(problem, n, rng, progress=None):
        calls.append(problem)
        return estimators.conditional(problem, n, rng, progress)
    return registry.Estimator("spy", "test only: conditional, recorded", run, 500, "SD / sqrt(N)")


@pytest.fixture
def spy(monkeypatch):
    calls: list = []
    monkeypatch.setattr(registry, "ESTIMATORS", dict(registry.ESTIMATORS))
    registry.register_estimator(_spy(calls))
    import sys

    monkeypatch.setattr(sys.modules["bioanchors.forecast"], "METHODS", ("auto", *registry.ESTIMATORS))
    return calls


def ran_the_estimator(name: str, calls: list) -> bool:
    """Forecast ``name`` with the spy and say whether the spy itself ran (for every member of a mixture)."""
    calls.clear()
    res = bioanchors.forecast(name, method="spy", samples=_n(name, 500), seed=0, **WINDOW)
    return res.method == "spy" and len(calls) >= 1


@pytest.mark.parametrize("name", [n for n in builtin_names()
                                  if model_for(bioanchors.load_scenario(n)).name != "ensemble"])
def test_a_newly_registered_estimator_is_the_one_that_runs_for_every_model(name, spy):
    assert ran_the_estimator(name, spy)


def test_the_battery_catches_a_model_that_relabels_another_estimator(spy, monkeypatch):
    # The bug issue 20 found: a model that runs its own conditional estimator whatever the method
    # and labels the result with the requested name. Simulated on metr-horizon: the check fails.
    model = MODELS["metr-horizon"]

    def relabelling(scenario, *, method, samples, seed, years, progress=None):
        from bioanchors.evaluation.run import evaluate

        fc = evaluate(model, scenario, method="conditional", samples=samples, seed=seed, years=years)
        return dataclasses.replace(fc, method=method)

    monkeypatch.setattr(model, "evaluate", relabelling)
    assert not ran_the_estimator("metr-horizon", spy)
