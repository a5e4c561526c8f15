"""Tests that catch the planted bugs which passed the whole suite (issue 23 item 7).

Each expected value comes from a closed form or a published figure, never from the code's own
earlier output:

* the evidence multiplier taken at V instead of V - lag (``evidence.reachable`` with lag > 0);
* the dashboard's requirement summary taken from the unedited built-in after an ingredient edit;
* the compute-equivalent fit reporting its intercept at the centred year (its coefficients read);
* a grouped-Sobol label sort swapping two groups (expected ranking from a closed form);
* a formula oracle for run length and a non-default trend year offset.

The reproduction bands (recentred on the published figures) are in tests/test_reproduction.py, the
base model's raw-curve check in tests/test_mutation_kills_core4.py.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from bioanchors import evidence
from bioanchors.scenario import load_scenario
from web_server import post

LOG10_2 = math.log10(2.0)


# --- the evidence multiplier at V - lag -------------------------------------------------------

@pytest.mark.parametrize("lag", [1.0, 2.5])
def test_reachable_counts_progress_and_runs_up_to_v_minus_lag(lag):
    """Measured reading: T = largest run published by the end of floor(V - lag)
    + (V - lag - 2020) x log10(2) / halving (docs/evidence.md); Ho et al. 2024's 0.667-year halving."""
    ev = load_scenario("cotra2020").replace({"evidence": {"lag_years": lag, "algorithmic_progress": "measured",
                                                          "algorithmic_halving_time_years": 0.667}}).spec.evidence
    real = evidence.reachable(ev, 2025)
    at = 2025 - lag
    assert real["at_year"] == at
    assert real["algorithmic_multiplier_log10"] == pytest.approx((at - 2020) * LOG10_2 / 0.667, rel=1e-12)
    # Epoch AI (bundled): the largest run by the end of 2024 is Gemini 1.0 Ultra, 5e25 FLOP; by the end of
    # 2022 (lag 2.5 -> 2022.5) it is below that (GPT-4, 2e25, was published in March 2023)
    run = real["largest_run_log10_flop"]
    assert run == pytest.approx(math.log10(5e25)) if lag == 1.0 else run < math.log10(2e25)


def test_scenario_reading_takes_the_forecasts_progress_at_v_minus_lag():
    """measured-2025's central halving 0.667 years from 2020, within Cotra's 2-OOM Lifetime cap: the
    logistic (docs/model.md §5) after V - lag - 2020 = 3 years with lag 2, not 5 (V) nor 4 (lag 1)."""
    sc = load_scenario("measured-2025").replace({"evidence.lag_years": 2.0})
    real = evidence.reachable(sc.spec.evidence, 2025, spec=sc.spec)
    g = 2.0 ** (3 / 0.667)
    lifetime = real["algorithmic_multiplier_log10_by_hypothesis"]["lifetime"]
    assert lifetime == pytest.approx(math.log10(g / (1 + (g - 1) / 10.0 ** 2)), abs=1e-9)


# --- the dashboard's requirement summary after an ingredient edit -----------------------------

def test_requirement_summary_follows_an_ingredient_edit(client):
    """The Lifetime anchor is brain FLOP/s x lifetime seconds x a multiplier, summed in log10
    (report p. 106; requirements/anchors.py): 1e9 -> 1e10 seconds moves every sample by +1 OOM, so with
    the update against low values off (it is not a shift) the median moves by exactly 1.00, and no other
    hypothesis moves."""
    off = {"requirements.update.enabled": False}
    base = post(client, "/api/scenario", scenario="cotra2020", overrides=off).json()["requirements"]
    edit = post(client, "/api/scenario", scenario="cotra2020",
                overrides={**off, "requirements.ingredients.lifetime_log10_seconds": 10.0}).json()["requirements"]
    assert edit["lifetime"]["median_log10_flop"] - base["lifetime"]["median_log10_flop"] == pytest.approx(1.0,
                                                                                                          abs=0.011)
    assert edit["lifetime"]["spread_log10_flop"] == pytest.approx(base["lifetime"]["spread_log10_flop"], abs=0.011)
    for name in base:
        if name != "lifetime":
            assert edit[name] == base[name]


# --- the compute-equivalent fit's coefficients ------------------------------------------------

def test_compute_equivalent_fit_reports_its_coefficients_at_year_zero():
    """Noise-free data from f = a + b log10 C + c t (compute_equivalent.py, eq. (1)): OLS returns a, b, c
    exactly, with the intercept a at t = 0, not at the centred year (a + c * mean(t) = 10.36 here)."""
    from bioanchors.efficiency.compute_equivalent import fit_compute_equivalent, fit_score_model

    a, b, c = -30.0, 0.5, 0.02
    t = np.array([2012.5, 2014.0, 2015.5, 2017.0, 2019.0, 2020.5, 2022.0, 2023.5])
    log10_c = np.array([18.0, 19.5, 19.0, 21.0, 22.5, 22.0, 24.0, 25.0])
    f = a + b * log10_c + c * t
    assert fit_score_model(log10_c, t, f) == pytest.approx((a, b, c), abs=1e-8)
    df = pd.DataFrame({"year": t, "compute": 10.0 ** log10_c, "score": f,
                       "date": pd.to_datetime([f"{int(y)}-07-01" for y in t])})
    res = fit_compute_equivalent(df, n_bootstrap=0)
    assert (res.a, res.b, res.c) == pytest.approx((a, b, c), abs=1e-8)
    assert res.oom_per_year == pytest.approx(c / b)  # eq. (2): 0.04 OOM/yr


# --- grouped Sobol: labels in the order SALib returns the groups -------------------------------

def test_grouped_sobol_labels_match_a_closed_form():
    """Y = sum_j c_j z_j, c_j = 1..14 in input order (z_j normal scores): a group's index is
    sum_{j in group} c_j^2 / sum c^2. cotra2020-uncertain's groups in input order are FLOP per dollar
    (inputs 1-3), spending (4-7) and algorithmic progress (8-14): 14, 126 and 875 of 1015."""
    def linear(spec, names, u, output):
        return norm.ppf(u) @ np.arange(1.0, len(names) + 1)

    from bioanchors.sensitivity import sobol_indices
    from bioanchors.sensitivity.sobol import component_of

    sc = load_scenario("cotra2020-uncertain")
    groups = [component_of(n, sc.spec) for n in sc.uncertain_parameters]
    assert groups == ["FLOP per dollar"] * 3 + ["spending"] * 4 + ["algorithmic progress"] * 7
    expected = {"FLOP per dollar": 14 / 1015, "spending": 126 / 1015, "algorithmic progress": 875 / 1015}
    res = sobol_indices(sc, base_samples=4096, seed=1, group_by_component=True, model=linear)
    got = dict(zip(res.names, res.ST))
    assert got == pytest.approx(expected, abs=0.03)
    assert res.ranking == ["algorithmic progress", "spending", "FLOP per dollar"]


# --- a formula oracle for run length and a non-default trend year offset -----------------------

def _logistic(y0, doubling, ceiling, dt):
    """docs/model.md §5, in plain floats: y = y0 g / (1 + (y0 / ymax)(g - 1)), g = 2 ** (dt / d)."""
    g = 2.0 ** (dt / doubling)
    return y0 * g / (1.0 + (y0 / ceiling) * (g - 1.0))


@pytest.mark.parametrize("offset", [0.5, 1.0])
def test_trajectories_against_the_formulas_with_run_length_and_an_offset(offset):
    """cotra2020's central trends (report pp. 121-125, 132; docs/model.md §5) with run length on
    (1.3x/yr from 2025, at most 10**0.6 longer; measured-2025's values) and each row's trends read
    ``offset`` years later (conventions.trend_year_offset_years), evaluated one year at a time."""
    from bioanchors.evaluation.parameters import point_parameters
    from bioanchors.evaluation.trajectories import trajectories

    sc = load_scenario("cotra2020").replace({
        "conventions.trend_year_offset_years": offset, "run_length.enabled": True,
        "run_length.growth_per_year": 1.3, "run_length.log10_ceiling_multiplier": 0.6})
    years = np.arange(2020, 2061)
    tr = trajectories(sc.spec, point_parameters(sc.spec), years)
    for i, year in enumerate(years):
        t = year + offset
        flop = _logistic(10 ** 17.6, 2.5, 1e24, t - 2025)  # 4e17 FLOP/$ in 2025, 2.5-year doubling, 1e24 cap
        gdp = 10 ** 13.322 * 1.03 ** (t - 2020)  # GDP 2020 (US, ~$21T) growing 3%/yr
        if t >= 2025:
            spend = _logistic(1e9, 2.0, 0.01 * gdp, t - 2025)  # $1B in 2025, 2-year doubling, 1% of GDP
        else:
            spend = 10 ** (6.0 + (9.0 - 6.0) * (t - 2020) / 5)  # ~$1M (2020) -> $1B (2025), log-linear
        d_run = math.log(2) / math.log(1.3)
        run = _logistic(1.0, d_run, 10 ** 0.6, max(t - 2025, 0.0))
        assert tr.log10_flop_per_usd[0, i] == pytest.approx(math.log10(flop), abs=1e-9)
        assert tr.log10_spend_usd[0, i] == pytest.approx(math.log10(spend), abs=1e-9)
        assert tr.log10_run_length[0, i] == pytest.approx(math.log10(run), abs=1e-9)
        assert tr.log10_affordable_flop[0, i] == pytest.approx(math.log10(flop * spend * run), abs=1e-9)
    # algorithmic progress counts from 2025 (p. 121) on the same shifted clock
    np.testing.assert_allclose(tr.progress_dt, np.maximum(years + offset - 2025, 0.0))
    # p_none is a function of the calendar year, not of the trends' clock (p. 128: 10% in 2025)
    assert tr.p_none[0, list(years).index(2025)] == pytest.approx(0.10)


# --- the ensemble's equal-share fallback is reachable (docs/testing.md corrected) ---------------

def test_weights_that_can_all_be_zero_are_refused_not_silently_equal_shares():
    """A weight distribution may put an atom at 0 (percentiles p0 = p50 = 0: w = 0 with probability 1/2).
    With two such members the total is 0 in 1/4 of the draws, so `_expected_shares`' equal-share fallback
    was reachable, not "equivalent with probability 1" (docs/testing.md, corrected). Since issue 23 item 8
    (numbers-b) such a mixture is refused at load with one line, so the fallback is never used silently."""
    from bioanchors.errors import ScenarioError
    from bioanchors.scenario import scenario_from_dict

    def atom(top):
        return {"dist": "percentiles", "p0": 0.0, "p50": 0.0, "p100": top}

    with pytest.raises(ScenarioError, match="every weight can be 0 at once"):
        scenario_from_dict({"name": "zero-atoms", "model": "ensemble", "years": {"start": 2026, "end": 2030},
                            "same_event": "test: only the weights' shares are read",
                            "models": [{"name": "semi-informative-priors", "weight": atom(1.0)},
                                       {"name": "metr-horizon", "weight": atom(3.0)}]})
