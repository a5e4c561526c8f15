"""The ftm built-ins beyond the presets (issue 21 items 4-5): ftm-uncertain under every sampling
estimator of the registry, and ftm-measured's 2025 start."""

from __future__ import annotations

import json

import numpy as np
import pytest

import bioanchors
from bioanchors.models import get_model
from bioanchors.scenario import load_scenario

N = 48  # a draw is a whole simulation: few draws, compared within their own standard errors


@pytest.fixture(scope="module")
def uncertain():
    return {m: bioanchors.forecast("ftm-uncertain", method=m, samples=N, seed=5)
            for m in ("conditional", "monte-carlo")}  # qmc: tests/test_estimator_battery.py


def test_every_sampling_estimator_runs_and_they_agree(uncertain):
    c, mc = uncertain["conditional"], uncertain["monte-carlo"]
    for res in (c, mc):
        assert np.all(np.diff(res.p) >= 0) and res.p[0] == 0.0
    se = np.hypot(c.standard_errors, mc.standard_errors)
    assert np.all(np.abs(c.p - mc.p) <= 5 * se + 1.0 / N)


def test_exact_is_refused_with_a_one_line_error():
    with pytest.raises(bioanchors.BioanchorsError) as info:
        bioanchors.forecast("ftm-uncertain", method="exact")
    assert "\n" not in str(info.value) and "--method" in str(info.value)


def test_uncertain_json_has_bands_and_metric_quantiles(uncertain):
    out = json.loads(json.dumps(uncertain["conditional"].to_json_dict(), allow_nan=False))
    assert set(out["events"]) >= {"full_automation_goods", "wake_up", "agi"}
    assert "goods_20_to_100" in out["metrics"] and "gwp_growth" in out["series"]


def test_uncertain_marginals_are_bounded_by_the_presets():
    """FTM's SkewedLogUniform: 0th/100th percentiles are the conservative/aggressive presets, the
    median the best guess (ftm/stats/distributions.py@99dc907)."""
    p = get_model("ftm").uncertain_parameters(load_scenario("ftm-uncertain"))
    req = p["automation.full_automation_training_log10_flop"].distribution()
    np.testing.assert_allclose(req.ppf(np.array([0.0, 0.5, 1.0])), [33.0, 36.0, 40.0], atol=1e-6)
    rho = p["production.labour_substitution_goods"].distribution()
    np.testing.assert_allclose(rho.ppf(np.array([0.0, 0.5, 1.0])), [-2.0, -0.5, -0.2], rtol=1e-5)


def test_measured_start_is_the_2025_run_and_comes_earlier():
    """ftm-measured starts in 2025 at Grok 4's 5e26 FLOP (Epoch AI); starting from the measured,
    larger run moves full automation earlier than the 2022 start (2040.0)."""
    model = get_model("ftm")
    sc = load_scenario("ftm-measured")
    sim = model.simulate(sc.spec, model.point_parameters(sc), np.arange(2025, 2030))
    assert sim.series["largest_run"][0, 0] == pytest.approx(26.699)
    assert sim.event_years["full_automation_goods"][0] < 2040.0
