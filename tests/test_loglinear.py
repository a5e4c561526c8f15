"""The one log-linear fit and seeded pairs bootstrap (bioanchors.loglinear), against closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from bioanchors import loglinear

# irregular dates, as real publication dates are (decimal years)
DATES = np.array([2012.41, 2013.08, 2014.77, 2015.5, 2016.93, 2018.02, 2019.6, 2021.25])


def test_exact_exponential_gives_exact_rate_and_zero_width_interval():
    # y = 7 * 3^(t - 2012): log10 y = log10 7 + log10(3) (t - 2012), so s = log10 3 [OOM/yr] exactly
    y = 7.0 * 3.0 ** (DATES - 2012)
    f = loglinear.fit(DATES, np.log10(y), n_boot=500, rng=np.random.default_rng(0))
    assert f.slope == pytest.approx(np.log10(3.0), rel=1e-12)
    assert f.levels[""] == pytest.approx(np.log10(7.0) - 2012 * np.log10(3.0), rel=1e-12)
    assert f.growth_per_year == pytest.approx(3.0, rel=1e-12)
    assert f.doubling_time_years == pytest.approx(np.log(2) / np.log(3), rel=1e-12)  # ln 2 / ln 3 years
    lo, hi = f.ci
    # every resample of points on one line has the same slope: the interval has zero width
    assert hi - lo < 1e-12 and lo == pytest.approx(np.log10(3.0), rel=1e-12)
    assert f.boot_slopes.size + f.n_degenerate == 500


def test_exact_halving_with_groups_shares_the_slope():
    # two tasks on parallel lines 1.5 OOM apart, halving every 16 months: s = -12 log10(2) / 16
    s = -12 * np.log10(2) / 16
    groups = np.array(["a", "b"] * 4)
    y = 20.0 + s * (DATES - 2012) + np.where(groups == "a", 0.0, -1.5)
    f = loglinear.fit(DATES, y, groups, n_boot=300, rng=np.random.default_rng(1))
    assert f.slope == pytest.approx(s, rel=1e-12)
    assert f.doubling_time_years == pytest.approx(-16 / 12, rel=1e-12)  # negative: a halving time
    assert f.levels["a"] - f.levels["b"] == pytest.approx(1.5, rel=1e-12)
    assert f.ci[1] - f.ci[0] < 1e-12
    # resamples missing one task still fit the other's slope: no level for the absent task, slope exact
    assert np.allclose(f.boot_slopes, s, rtol=1e-12)


def test_interval_covers_truth_at_about_the_nominal_rate():
    # log10 y = 1 + 0.3 (t - 2010) + N(0, 0.2^2), 60 dates uniform on 2010-2020; seeds 0..399.
    # Under the nominal 90% the count of covering intervals is Binomial(400, 0.9): mean 360, and
    # 339..378 holds 99.9% of it (scipy.stats.binom.ppf(0.0005 / 0.9995, 400, 0.9)). The percentile
    # pairs bootstrap slightly undercovers at n = 60 (0.883 measured over seeds 0..3999), still inside.
    truth, n_seeds = 0.3, 400
    lo_count, hi_count = stats.binom.ppf([0.0005, 0.9995], n_seeds, 0.90)
    hits = 0
    for seed in range(n_seeds):
        rng = np.random.default_rng(seed)
        t = rng.uniform(2010, 2020, 60)
        y = 1.0 + truth * (t - 2010) + rng.normal(0, 0.2, 60)
        lo, hi = loglinear.fit(t, y, n_boot=500, rng=rng).ci
        hits += lo <= truth <= hi
    assert lo_count <= hits <= hi_count, hits


def _noisy(seed=5, n=40):
    rng = np.random.default_rng(seed)
    t = rng.uniform(2010, 2020, n)
    return t, 2.0 + 0.25 * (t - 2010) + rng.normal(0, 0.3, n)


def test_same_seed_identical_and_different_seeds_differ():
    t, y = _noisy()
    a = loglinear.fit(t, y, n_boot=1000, rng=np.random.default_rng(3))
    b = loglinear.fit(t, y, n_boot=1000, rng=np.random.default_rng(3))
    c = loglinear.fit(t, y, n_boot=1000, rng=np.random.default_rng(4))
    assert a.boot_slopes.tobytes() == b.boot_slopes.tobytes() and a.ci == b.ci
    assert a.ci != c.ci
    assert a.slope == c.slope  # the point estimate has no randomness


def test_chunking_does_not_change_the_stream(monkeypatch):
    # bounded memory must not change the numbers: 7 points per chunk vs one chunk
    t, y = _noisy()
    whole = loglinear.fit(t, y, n_boot=1000, rng=np.random.default_rng(9))
    monkeypatch.setattr(loglinear, "BOOT_CHUNK_POINTS", 7 * len(t))
    chunks = list(loglinear.resample_indices(len(t), 1000, np.random.default_rng(9)))
    assert len(chunks) == 143 and sum(len(c) for c in chunks) == 1000
    chunked = loglinear.fit(t, y, n_boot=1000, rng=np.random.default_rng(9))
    assert chunked.boot_slopes.tobytes() == whole.boot_slopes.tobytes()
    assert chunked.ci == whole.ci


def test_degenerate_resamples_counted_at_their_probability():
    # 3 distinct dates: a resample has one date with probability 3 / 3^3 = 1/9;
    # over 9000 resamples the count is Binomial(9000, 1/9): mean 1000, sd 29.8; 99.9% band below
    lo_count, hi_count = stats.binom.ppf([0.0005, 0.9995], 9000, 1 / 9)
    f = loglinear.fit(DATES[:3], np.array([1.0, 0.5, 0.2]), n_boot=9000, rng=np.random.default_rng(2))
    assert lo_count <= f.n_degenerate <= hi_count
    assert f.boot_slopes.size == 9000 - f.n_degenerate and np.all(np.isfinite(f.boot_slopes))


def test_equal_dates_have_no_slope_and_close_dates_do():
    # rounding leaves sum (t - tbar)^2 ~ 1e-25 for equal dates; one day apart is a real slope
    same = np.full(3, 2019.37)
    assert np.isnan(loglinear.point_fit(same, [1.0, 2.0, 3.0])[0])
    day = 1 / 365
    s, _ = loglinear.point_fit([2019.37, 2019.37 + day, 2019.37 + 2 * day], [1.0, 1.5, 2.0])
    assert s == pytest.approx(0.5 / day)


def test_no_resamples_no_interval_and_global_state_untouched():
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    t, y = _noisy()
    f = loglinear.fit(t, y, n_boot=0, rng=np.random.default_rng(0))
    assert f.ci is None and f.ci_growth_per_year is None and f.boot_slopes.size == 0
    loglinear.fit(t, y, n_boot=200, rng=np.random.default_rng(0))
    assert np.random.random() == expected


def test_percentile_interval_is_the_central_quantiles():
    v = np.arange(101, dtype=float)  # quantiles of 0..100 are the percentages themselves
    assert loglinear.percentile_interval(v, 0.90) == pytest.approx((5.0, 95.0), rel=1e-12)
    assert loglinear.percentile_interval(v, 0.50) == pytest.approx((25.0, 75.0), rel=1e-12)
    assert loglinear.percentile_interval(np.empty(0)) is None
