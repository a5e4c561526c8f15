"""The logistic curve (closed-form checks) and one property battery over every distribution."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from bioanchors import distributions as D
from bioanchors.logistic import log10_logistic
from oracle import logistic as plain_logistic


@given(y0=st.floats(-5, 20), d=st.floats(0.1, 50), gap=st.floats(0, 30), dt=st.floats(-30, 80))
@settings(max_examples=200, deadline=None)
def test_log_space_logistic_matches_the_plain_formula(y0, d, gap, dt):
    # docs/model.md §5: y = y0 g / (1 + (y0/ymax)(g-1)), g = 2^(dt/d). Compare where floats don't overflow.
    g = 2.0 ** (dt / d)
    # The plain formula overflows for huge g and cancels (1 + (g - 1)) for tiny g;
    # compare only where it is well conditioned.
    if not 1e-6 < g < 1e250:
        return
    expected = np.log10(plain_logistic(10.0**y0, d, 10.0 ** (y0 + gap), dt))
    assert log10_logistic(y0, d, y0 + gap, dt) == pytest.approx(expected, abs=1e-9)


def test_logistic_backwards_extrapolation():
    # Before the reference year the same curve runs backwards: 2 doublings before 2025 -> /4
    # (report pp. 122-123: 4e17 FLOP/$ in 2025 is ~4x the 2020 value at a 2.5-year doubling).
    assert log10_logistic(17.6, 2.5, 24.0, -5.0) == pytest.approx(17.6 - 2 * np.log10(2), abs=1e-6)
    assert log10_logistic(5.0, 0.1, 5.0, -300.0) == pytest.approx(5.0)  # at the ceiling it stays there


def test_logistic_limits():
    assert log10_logistic(17.6, 2.5, 24.0, 0.0) == pytest.approx(17.6)
    # Far below the ceiling it doubles every d years.
    assert log10_logistic(0.0, 2.0, 50.0, 10.0) == pytest.approx(5 * np.log10(2))
    # It saturates at the ceiling, even after 1e4 doublings (no overflow).
    assert log10_logistic(17.6, 0.1, 60.0, 1000.0) == pytest.approx(60.0)
    assert log10_logistic(5.0, 1.0, 5.0, 10.0) == pytest.approx(5.0)  # starting at the ceiling
    assert log10_logistic(5.0, 1.0, np.inf, 10.0) == pytest.approx(5.0 + 10 * np.log10(2))


DISTS = {
    "normal": D.Normal(1.0, 2.0),
    "lognormal": D.LogNormal(3.0, 0.5),
    "uniform": D.Uniform(-1.0, 4.0),
    "loguniform": D.LogUniform(0.1, 100.0),
    "skewnormal-right": D.SkewNormal(3.0, 5.0, 3.0),
    "skewnormal-left": D.SkewNormal(0.0, 5.0, -3.0),
    "percentiles": D.Percentiles((0.05, 0.5, 0.95), (13.5, 15.0, 17.0)),
    "percentiles-bounded": D.Percentiles((0.0, 0.5, 1.0), (1.0, 2.0, 6.0)),
}


@pytest.mark.parametrize("name", DISTS)
def test_distribution_battery(name):
    """scipy.stats-style battery: ppf monotone, median = ppf(0.5), sampling matches ppf, seeded."""
    dist = DISTS[name]
    u = np.linspace(0.001, 0.999, 999)
    q = dist.ppf(u)
    assert np.all(np.isfinite(q)) and np.all(np.diff(q) >= 0)
    assert dist.median == pytest.approx(float(dist.ppf(0.5)))
    lo, hi = dist.support
    assert lo <= q.min() and q.max() <= hi
    a = dist.sample(np.random.default_rng(1), 40_000)
    b = dist.sample(np.random.default_rng(1), 40_000)
    assert np.array_equal(a, b)
    # Samples follow the quantile function: Kolmogorov-Smirnov against the ppf's CDF.
    grid_u = np.linspace(0, 1, 20001)[1:-1]
    grid_x = dist.ppf(grid_u)
    cdf = lambda x: np.interp(x, grid_x, grid_u, left=0.0, right=1.0)  # noqa: E731
    assert stats.kstest(a, cdf).pvalue > 1e-4


def test_stated_moments():
    # Cotra's skew-lognormal multipliers are specified by median and SD (report pp. 106, 110).
    for shape in (3.0, -3.0):
        s = D.SkewNormal(3.0, 5.0, shape).sample(np.random.default_rng(0), 400_000)
        assert np.median(s) == pytest.approx(3.0, abs=0.05)
        assert np.std(s) == pytest.approx(5.0, abs=0.05)
        assert np.sign(stats.skew(s)) == np.sign(shape)
    n = D.Normal(*D.normal_from_percentiles(0.05, 1.0, 0.95, 3.0))
    assert n.ppf(0.05) == pytest.approx(1.0) and n.ppf(0.95) == pytest.approx(3.0)


def test_percentiles_pass_through_their_points():
    p = D.Percentiles((0.1, 0.5, 0.9), (30.0, 34.5, 39.0))
    assert p.ppf(np.array([0.1, 0.5, 0.9])) == pytest.approx([30.0, 34.5, 39.0])


def test_spearman_to_pearson_round_trip():
    # Kruskal (1958): for a normal copula rho_s = (6/pi) asin(r/2).
    r = D.spearman_to_pearson(0.5)
    assert 6 / np.pi * np.arcsin(r / 2) == pytest.approx(0.5)
    u = D.gaussian_copula_uniforms(np.random.default_rng(0), 100_000, np.array([[1, r], [r, 1]]))
    assert stats.spearmanr(u[:, 0], u[:, 1]).statistic == pytest.approx(0.5, abs=0.01)


@pytest.mark.parametrize("name,reference", [
    ("normal", stats.norm(1.0, 2.0)),
    ("lognormal", stats.lognorm(s=0.5 * np.log(10), scale=3.0)),  # log10 SD 0.5 OOM = 0.5 ln10 in ln
    ("uniform", stats.uniform(-1.0, 5.0)),
    ("loguniform", stats.loguniform(0.1, 100.0)),
    ("skewnormal-right", None),
])
def test_quantiles_match_scipy_and_the_seed_matters(name, reference):
    # The battery above checks samples against the package's own ppf; this pins the ppf itself to
    # scipy.stats' closed forms, and a different seed must give different draws.
    dist = DISTS[name]
    u = np.array([0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99])
    if reference is not None:
        assert dist.ppf(u) == pytest.approx(reference.ppf(u), rel=1e-9)
    else:  # skew-normal: scipy's loc/scale solved from the stated median and SD
        ref = stats.skewnorm(3.0)
        scale = 5.0 / ref.std()
        assert dist.ppf(u) == pytest.approx(3.0 + scale * (ref.ppf(u) - ref.median()), rel=1e-9)
    a = dist.sample(np.random.default_rng(1), 1000)
    assert np.mean(a != dist.sample(np.random.default_rng(2), 1000)) > 0.99
