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


def test_p_by_year_steps_and_mixture():
    years = np.arange(2025, 2035)
    p = mh.p_by_year_from_crossings(np.array([2029.4, 2031.0]), np.array([2028.2, 2030.5]), 0.25, years)
    assert p.shape == (2, years.size)
    # by the end of 2028 only the superexponential crossing (2028.2) has happened: weight 0.25
    assert p[0, years == 2028][0] == 0.25 and p[0, years == 2029][0] == 1.0
    # 2031.0 is the first instant of 2031: crossed by the end of 2031, not by the end of 2030
    assert p[1, years == 2030][0] == 0.25 and p[1, years == 2031][0] == 1.0
    assert np.all(np.diff(p, axis=1) >= 0) and p.min() >= 0 and p.max() <= 1


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
