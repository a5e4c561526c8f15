"""The metr-horizon model: closed forms of its functions, the published figures it reproduces, the scenario."""

from __future__ import annotations

import numpy as np
import pytest

from bioanchors.models import metr_horizon as mh

LOG10_MONTH = float(mh.log10_minutes_of_hours(mh.WORK_MONTH_HOURS))


# ---------------------------------------------------------------- closed forms

def test_exponential_crossing_closed_form():
    # 10 min at 2024.0, doubling every 6 months, threshold 160 min = 4 doublings -> 2026.0
    assert mh.crossing_year(1.0, 2024.0, 6.0, np.log10(160.0)) == pytest.approx(2026.0, abs=1e-12)
    # a threshold below the level is crossed in the past (back-extrapolated): 2 doublings down -> 2023.0
    assert mh.crossing_year(1.0, 2024.0, 6.0, np.log10(2.5)) == pytest.approx(2023.0, abs=1e-12)


def test_superexponential_crossing_closed_form():
    # from 2024.0 each doubling 10% shorter than the one before: 2 doublings take 0.5 + 0.45 years
    got = mh.crossing_year(1.0, 2024.0, 6.0, np.log10(40.0), decay_fraction=0.1, start_year=2024.0)
    assert got == pytest.approx(2024.95, abs=1e-12)
    # the variant starts at 2025.0 (2 doublings done on the exponential): 2 more take 0.95 years
    got = mh.crossing_year(1.0, 2024.0, 6.0, np.log10(160.0), decay_fraction=0.1, start_year=2025.0)
    assert got == pytest.approx(2025.95, abs=1e-12)
    # a decay fraction of 0 is the exponential
    assert mh.crossing_year(1.0, 2024.0, 6.0, np.log10(160.0), 0.0, 2025.0) == pytest.approx(2026.0, abs=1e-12)


def test_singularity_at_start_plus_T_over_f():
    # sum of T q^k over all k = T / f: the horizon is finite before t_s + T/f and infinite after
    t_s, T, f = 2025.0, 0.5, 0.1
    h = mh.log10_horizon_minutes(np.array([t_s + T / f - 1e-6, t_s + T / f + 1e-6]), 1.0, 2024.0, 6.0, f, t_s)
    assert np.isfinite(h[0]) and h[0] > 6 and np.isinf(h[1])
    # any threshold, however large, is crossed before the singularity
    assert mh.crossing_year(1.0, 2024.0, 6.0, 90.0, f, t_s) < t_s + T / f


@pytest.mark.parametrize("f, t_s", [(0.0, np.inf), (0.1, 2025.6), (0.3, 2024.0)])
def test_trajectory_and_crossing_agree(f, t_s):
    # round trip: the trajectory at the crossing date equals the threshold, vectorised over parameter sets
    rng = np.random.default_rng(1)
    n = 200
    h0, T, H = rng.normal(1.35, 0.3, n), rng.uniform(3, 12, n), rng.uniform(2.5, 6.0, n)
    t = mh.crossing_year(h0, 2024.5, T, H, f, t_s)
    back = np.diagonal(mh.log10_horizon_minutes(t[None, :], h0[:, None], 2024.5, T[:, None], f, t_s))
    assert np.allclose(back, H, atol=1e-9)


def test_p_by_year_is_the_step_of_the_crossing_when_the_threshold_is_sharp():
    # sd_log10 = 0: P(by end of y) = 1[t* < y + 1], t* from (3) and (2): two closed forms agree
    years = np.arange(2025, 2035)
    h0, T = np.array([[1.0], [1.4]]), np.array([[6.0], [8.0]])
    H = np.log10(167 * 60.0)
    exp = mh.log10_horizon_minutes(years + 1.0, h0, 2024.5, T)
    sup = mh.log10_horizon_minutes(years + 1.0, h0, 2024.5, T, 0.1, 2025.6)
    p = mh.p_by_year_from_horizons(exp, sup, 0.25, H, 0.0)
    t_exp = mh.crossing_year(h0, 2024.5, T, H)
    t_se = mh.crossing_year(h0, 2024.5, T, H, 0.1, 2025.6)
    assert np.array_equal(p, 0.75 * (t_exp < years + 1.0) + 0.25 * (t_se < years + 1.0))
    assert np.all(np.diff(p, axis=1) >= 0) and p.min() >= 0 and p.max() <= 1


def test_closed_form_threshold_equals_sampling_it():
    # (4) integrates the lognormal threshold exactly: the mean of sharp-threshold steps over threshold draws
    # converges to it (binomial standard error)
    rng = np.random.default_rng(7)
    n, sd = 200_000, 0.377
    years = np.arange(2026, 2033)
    exp = mh.log10_horizon_minutes(years + 1.0, 1.351, 2024.51, 6.64)[None, :]
    exact = mh.p_by_year_from_horizons(exp, exp, 0.0, LOG10_MONTH, sd)[0]
    draws = LOG10_MONTH + sd * rng.standard_normal(n)
    sampled = (exp >= draws[:, None]).mean(axis=0)
    assert np.all(np.abs(sampled - exact) <= 4 * np.sqrt(exact * (1 - exact) / n) + 1e-12)


# ---------------------------------------------------------------- published figures

def test_one_work_month_in_2029_on_metr_trend():
    # AI Digest (theaidigest.org/time-horizons), extrapolating METR's ~7-month doubling: "2029: 1 work month
    # (167 hours)"; METR (Kwa et al. 2025, abstract): month-long software tasks "within 5 years" (of March 2025).
    # Our central values: trend level and doubling time fitted to horizons_v1.yaml (the scenario's defaults).
    from bioanchors.trends.metr_horizons import fit_horizon_trend

    fit = fit_horizon_trend(n_boot=200, seed=0)
    t = float(mh.crossing_year(fit.log10_minutes_at_anchor, fit.anchor_year, fit.doubling_time_months, LOG10_MONTH))
    assert 2029.0 <= t < 2030.0
    assert t < 2025.2 + 5


# ---------------------------------------------------------------- the registered model and its scenario

import bioanchors  # noqa: E402
from bioanchors.errors import BioanchorsError  # noqa: E402

POINT = {"horizon_trend.log10_minutes_at_anchor": 1.351, "horizon_trend.doubling_time_months": 6.64,
         "horizon_threshold.sd_log10": 0.0}  # every input a point, a sharp threshold: P is a step


@pytest.fixture(scope="module")
def scenario():
    return bioanchors.load_scenario("metr-horizon")


def test_scenario_defaults_are_the_fit(scenario):
    # The built-in's trend numbers are `bioanchors trends --horizon` (seed 0, 2000 resamples), rounded as written
    from bioanchors.trends.metr_horizons import fit_horizon_trend

    fit = fit_horizon_trend(n_boot=2000, seed=0)
    tr = scenario.spec.horizon_trend
    lo, hi = fit.anchor_interval_log10(0.90)
    d_lo, d_hi = fit.doubling_interval_months(0.90)
    z90 = 1.6448536269514722
    assert tr.anchor_year == pytest.approx(fit.anchor_year, abs=0.005)
    level_there = fit.log10_minutes_at_anchor + fit.trend.slope_oom * (tr.anchor_year - fit.anchor_year)
    assert tr.log10_minutes_at_anchor.mean == pytest.approx(level_there, abs=0.0005)
    assert tr.log10_minutes_at_anchor.sd == pytest.approx((hi - lo) / (2 * z90), abs=0.0005)
    assert tr.doubling_time_months.median == pytest.approx(fit.doubling_time_months, abs=0.005)
    assert tr.doubling_time_months.sd_log10 == pytest.approx(np.log10(d_hi / d_lo) / (2 * z90), abs=0.00005)
    # the threshold: median one work-month (167 h), 5th percentile one work-week (40 h)
    th = scenario.spec.horizon_threshold
    assert th.horizon_hours.value == 167.0
    assert 167.0 / 10 ** (1.6448536 * th.sd_log10.value) == pytest.approx(40.0, rel=0.002)


def test_forecast_contract_and_published_median(scenario):
    res = bioanchors.forecast(scenario, seed=0, samples=4000)
    assert res.forecast.model == "metr-horizon" and res.forecast.method == "conditional"
    # AI Digest (theaidigest.org/time-horizons) on METR's trend: "2029: 1 work month (167 hours)"
    assert res.median_year == 2029
    p = res.p_by_year.to_numpy()
    assert np.all(np.diff(p) >= 0) and p.min() >= 0 and p.max() <= 1


def test_seeded(scenario):
    a = bioanchors.forecast(scenario, seed=1, samples=2000).p_by_year
    b = bioanchors.forecast(scenario, seed=1, samples=2000).p_by_year
    c = bioanchors.forecast(scenario, seed=2, samples=2000).p_by_year
    assert a.equals(b) and not a.equals(c)


def test_estimators_agree_within_their_standard_errors(scenario):
    cond = bioanchors.forecast(scenario, method="conditional", seed=3, samples=20000)
    mc = bioanchors.forecast(scenario, method="monte-carlo", seed=4, samples=20000)
    diff = np.abs(cond.p_by_year.to_numpy() - mc.p_by_year.to_numpy())
    se = np.hypot(cond.forecast.standard_errors, mc.forecast.standard_errors)
    # + 1/N: where Monte Carlo counts no arrival (P ~1e-6 in 2025) its binomial SE estimate is 0, its resolution 1/N
    assert np.all(diff <= 4 * se + 1 / 20000)


def test_exact_on_point_values_is_the_crossing_step(scenario):
    sc = scenario.replace(POINT)
    res = bioanchors.forecast(sc)  # auto: exact for point values
    assert res.forecast.method == "exact"
    t = float(mh.crossing_year(1.351, 2024.51, 6.64, LOG10_MONTH))  # 2029.4
    p = res.p_by_year
    assert p[int(np.floor(t)) - 1] == 0.0 and p[int(np.floor(t))] == 1.0


def test_superexponential_option_is_earlier_and_weighted(scenario):
    base = scenario.replace(POINT)
    se = base.replace({"superexponential.probability": 0.45})
    full = base.replace({"superexponential.probability": 1.0})
    t_se = float(mh.crossing_year(1.351, 2024.51, 6.64, LOG10_MONTH, 0.1, 2025.6))
    y = int(np.floor(t_se))
    p_half, p_full = bioanchors.forecast(se).p_by_year, bioanchors.forecast(full).p_by_year
    assert p_full[y - 1] == 0.0 and p_full[y] == 1.0
    assert p_half[y] == pytest.approx(0.45)  # (4): only the superexponential part has crossed by then
    assert bioanchors.forecast(full).median_year <= bioanchors.forecast(base).median_year


def test_exact_with_a_spread_threshold_is_the_normal_cdf(scenario):
    # point trend, lognormal threshold (sd 0.377): exact P(by y) = Phi((log10 h(y+1) - log10 167 h) / 0.377)
    from scipy.stats import norm

    sc = scenario.replace({k: v for k, v in POINT.items() if k != "horizon_threshold.sd_log10"})
    res = bioanchors.forecast(sc)
    years = res.p_by_year.index.to_numpy()
    want = norm.cdf((mh.log10_horizon_minutes(years + 1.0, 1.351, 2024.51, 6.64) - LOG10_MONTH) / 0.377)
    assert res.forecast.method == "exact"
    np.testing.assert_allclose(res.p_by_year.to_numpy(), want, atol=1e-12)


def test_sensitivity_evaluator_is_vectorised(scenario):
    f = mh.MODEL.parameter_set_evaluator(scenario, np.arange(2025, 2041))
    p = f({"horizon_trend.doubling_time_months": np.array([4.0, 6.64, 9.0])})
    assert p.shape == (3, 16)
    med = [2025 + int(np.argmax(row >= 0.5)) for row in p]
    assert med[0] < med[1] < med[2]  # faster doubling, earlier crossing


@pytest.mark.parametrize("line, field", [
    ("horizon_hours = -5.0", "horizon_hours"),
    ("horizon_hourz = 167.0", "horizon_hourz"),
])
def test_bad_threshold_is_one_short_error(tmp_path, line, field):
    p = tmp_path / "bad.toml"
    p.write_text(f'extends = "metr-horizon"\nmodel = "metr-horizon"\nname = "bad"\n[horizon_threshold]\n{line}\n')
    with pytest.raises(BioanchorsError) as err:
        bioanchors.load_scenario(p)
    msg = str(err.value)
    assert str(p) in msg and field in msg and "Traceback" not in msg and len(msg.splitlines()) <= 3


def test_decay_fraction_out_of_range_via_cli(cli):
    res = cli("forecast", "metr-horizon", "--set", "superexponential.doubling_decay_fraction=1.5")
    assert res.exit_code == 2 and "doubling_decay_fraction" in res.output and "Traceback" not in res.output
