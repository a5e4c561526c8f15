"""Simulation models with several events, series and metrics (issue 20 item 3), on a toy model
whose answers are closed forms: start ~ U(2030, 2040), takeoff d ~ U(2, 4) (independent), so

    P(start by the end of y) = clip((y + 1 - 2030) / 10, 0, 1)
    P(finish by the end of y) = P(s + d < y + 1), the CDF of a sum of two uniforms (trapezoid)
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import bioanchors
from bioanchors.scenario import Scenario
from bioanchors.schema import CONFIG_SCHEMAS
from toy_models import registered_takeoff_model

YEARS = np.arange(2025, 2061)


def _scenario(name, start, takeoff):
    spec = CONFIG_SCHEMAS[name].model_validate(
        {"name": "toy takeoff", "model": name, "years": {"start": 2025, "end": 2060},
         "takeoff": {"start_year": start, "takeoff_years": takeoff}})
    return Scenario(spec, "toy")


@pytest.fixture(scope="module")
def toy():
    with registered_takeoff_model("toy-takeoff") as m:
        yield m


def _finish_cdf(x):
    """P(S + D < x) for S ~ U(2030, 2040), D ~ U(2, 4): the convolution of two uniforms."""
    z = np.clip(np.asarray(x, dtype=float) - 2032.0, 0, 12)  # S + D - 2032 in [0, 12]: a trapezoid density
    return np.clip(np.where(z < 2, z ** 2 / 40, np.where(z < 10, (2 * z - 2) / 20, 1 - (12 - z) ** 2 / 40)), 0, 1)


def test_point_values_give_steps_at_the_event_years_with_central_years(toy):
    res = bioanchors.forecast(_scenario("toy-takeoff", 2035.3, 2.5))
    assert res.event == "finish" and res.event_label == "the second milestone"
    assert res.median_year == 2037  # finish at 2037.8: P = 1 from the end of 2037
    assert res.events["start"].central_year == pytest.approx(2035.3)
    assert res.events["finish"].central_year == pytest.approx(2037.8)
    assert res.events["start"].p_at(2034) == 0 and res.events["start"].p_at(2035) == 1
    np.testing.assert_allclose(res.series["since_start"].value, YEARS - 2035.3)
    assert res.metrics["takeoff"].value == pytest.approx(2.5)


@pytest.mark.parametrize("method, samples", [("conditional", 20_000), ("qmc", 16_384), ("monte-carlo", 20_000)])
def test_every_estimator_matches_the_closed_forms_within_its_own_error(toy, method, samples):
    sc = _scenario("toy-takeoff", {"dist": "uniform", "low": 2030, "high": 2040},
                   {"dist": "uniform", "low": 2, "high": 4})
    res = bioanchors.forecast(sc, method=method, samples=samples, seed=1)
    start = np.clip((YEARS + 1 - 2030) / 10, 0, 1)
    for name, truth in (("start", start), ("finish", _finish_cdf(YEARS + 1))):
        e = res.events[name]
        se = np.maximum(e.standard_errors, 1e-12)
        assert np.all(np.abs(e.p - truth) <= 5 * se + 1e-12), (name, np.max(np.abs(e.p - truth) / se))
    # median of D ~ U(2, 4) is 3; of since_start at 2035: 2035 - 2035 = 0 (median of S is 2035)
    assert res.metrics["takeoff"].value == pytest.approx(3.0, abs=0.05)
    assert res.metrics["takeoff"].quantiles[0.05] == pytest.approx(2.1, abs=0.05)
    assert res.series["since_start"].value[YEARS == 2035][0] == pytest.approx(0.0, abs=0.1)
    assert res.series["since_start"].band[0.05][YEARS == 2035][0] == pytest.approx(-4.5, abs=0.1)


def test_json_carries_events_series_and_metrics_with_null_for_undefined(toy):
    sc = _scenario("toy-takeoff", 2035.3, 2.5)
    out = json.loads(json.dumps(bioanchors.forecast(sc).to_json_dict(), allow_nan=False))
    assert out["event"] == "finish" and list(out["events"]) == ["finish", "start"]
    assert out["events"]["start"]["central_year"] == pytest.approx(2035.3)
    assert out["series"]["since_start"]["unit"] == "years"
    assert out["metrics"]["takeoff"]["value"] == pytest.approx(2.5)
    late = json.loads(json.dumps(bioanchors.forecast(_scenario("toy-takeoff", 3000.0, 1.0)).to_json_dict(),
                                 allow_nan=False))
    assert late["events"]["finish"]["central_year"] == 3001.0 and late["median_year"] is None


def test_conditioning_on_no_event_by_a_year_is_the_exact_update(toy):
    # (P(t) - P(V)) / (1 - P(V)) per set; for a point set that is the step itself after V.
    sc = _scenario("toy-takeoff", {"dist": "uniform", "low": 2030, "high": 2040}, 2.0)
    given = sc.replace({"evidence": {"vantage_year": 2034}})
    res = bioanchors.forecast(given.replace({"evidence.reading": "per_set"}), method="conditional",
                              samples=20_000, seed=0)
    start = np.clip((YEARS + 1 - 2030) / 10, 0, 1)
    pv = start[YEARS == 2034][0]
    truth = np.where(YEARS > 2034, (start - pv) / (1 - pv), 0.0)
    # per set the step is 0 or 1, so the per-set update keeps sets that arrived by V at 1 (arrive in V + 1)
    # only for sets whose event is before V; the marginal reading is the Bayesian update:
    marg = bioanchors.forecast(given, method="conditional", samples=20_000, seed=0)  # a simulation's default
    e = marg.events["start"]
    assert np.all(np.abs(e.p - truth) <= 5 * np.maximum(e.standard_errors, 1e-12) + 1e-12)
    assert np.all(res.events["start"].p[YEARS <= 2034] == 0)
