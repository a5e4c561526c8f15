"""Two ways to compute, one answer: exact vs Monte Carlo vs the plain-Python oracle."""

from __future__ import annotations

import numpy as np
import pytest

import bioanchors
from bioanchors.requirements import build_hypotheses
from oracle import arrival_year_loop, p_tai_by


@pytest.mark.parametrize("name", ["cotra2020", "cotra2020-aggressive", "cotra2020-conservative", "cotra2022"])
def test_exact_matches_oracle(name):
    # The oracle evaluates MODEL.md's formulas one year at a time in plain floats.
    sc = bioanchors.load_scenario(name)
    built = build_hypotheses(sc.spec)
    res = bioanchors.forecast(sc, method="exact")
    for year in (2025, 2030, 2036, 2050, 2075, 2100):
        assert res.p_at(year) == pytest.approx(p_tai_by(sc.spec, built, year), abs=1e-9)


@pytest.mark.parametrize("name", ["cotra2020", "cotra2020-aggressive", "cotra2020-conservative"])
def test_monte_carlo_agrees_with_exact_within_reported_error(name):
    exact = bioanchors.forecast(name, method="exact")
    mc = bioanchors.forecast(name, method="monte-carlo", samples=200_000, seed=7)
    z = np.abs(mc.p - exact.p) / np.maximum(mc.standard_errors, 1e-12)
    # 76 correlated years: |z| < 4 everywhere has a false-alarm rate far below 1e-3.
    assert z.max() < 4.0
    # and the errors reported are the binomial ones, not something looser
    assert np.all(mc.standard_errors <= 0.5 / np.sqrt(200_000) + 1e-12)


def test_monte_carlo_hypothesis_curves_agree_with_exact():
    exact = bioanchors.forecast("cotra2020", method="exact")
    mc = bioanchors.forecast("cotra2020", method="monte-carlo", samples=200_000, seed=3)
    n_i = 200_000 * mc.weights  # samples per hypothesis, approximately
    se = np.sqrt(exact.hypothesis_p * (1 - exact.hypothesis_p) / n_i[:, None]) + 1e-12
    assert (np.abs(mc.hypothesis_p - exact.hypothesis_p) / se).max() < 4.5


def test_monte_carlo_matches_per_sample_loop_oracle():
    # The loop oracle draws samples differently, so compare distributions, not draws:
    # 3,000 loop samples vs the vectorised P(by t) at a few years, within 4 binomial SEs.
    sc = bioanchors.load_scenario("cotra2020")
    built = build_hypotheses(sc.spec)
    rng = np.random.default_rng(11)
    years = list(range(2025, 2101))
    arrivals = [arrival_year_loop(sc.spec, built, years, rng) for _ in range(3000)]
    exact = bioanchors.forecast(sc)
    for year in (2030, 2040, 2050, 2070, 2100):
        p_loop = np.mean([a is not None and a <= year for a in arrivals])
        se = np.sqrt(exact.p_at(year) * (1 - exact.p_at(year)) / 3000)
        assert abs(p_loop - exact.p_at(year)) < 4 * se


def test_same_seed_same_numbers_different_seed_different_numbers():
    a = bioanchors.forecast("cotra2020", method="monte-carlo", samples=50_000, seed=42)
    b = bioanchors.forecast("cotra2020", method="monte-carlo", samples=50_000, seed=42)
    c = bioanchors.forecast("cotra2020", method="monte-carlo", samples=50_000, seed=43)
    assert np.array_equal(a.p, b.p)
    assert not np.array_equal(a.p, c.p)


def test_chunking_does_not_change_the_estimate_beyond_noise(monkeypatch):
    from bioanchors.evaluation import montecarlo

    monkeypatch.setattr(montecarlo, "CHUNK", 7_000)
    small = bioanchors.forecast("cotra2020", method="monte-carlo", samples=60_000, seed=5)
    exact = bioanchors.forecast("cotra2020")
    assert (np.abs(small.p - exact.p) / np.maximum(small.standard_errors, 1e-12)).max() < 4.0


def test_quantile_standard_errors_are_reported_and_small():
    mc = bioanchors.forecast("cotra2020", method="monte-carlo", samples=100_000, seed=1)
    qse = mc.quantile_standard_errors()
    assert qse[0.5] is not None and 0 <= qse[0.5] <= 1.0
    assert mc.median_year == bioanchors.forecast("cotra2020").median_year


def test_uncertain_trends_need_monte_carlo():
    sc = bioanchors.load_scenario("cotra2020").replace(
        {"flop_per_dollar.doubling_time_years": {"dist": "lognormal", "p5": 1.5, "p95": 3.5}}
    )
    with pytest.raises(bioanchors.BioanchorsError, match="exact method needs point values"):
        bioanchors.forecast(sc, method="exact")
    res = bioanchors.forecast(sc, samples=20_000, seed=0)  # auto -> Monte Carlo
    assert res.method == "monte-carlo"
    # Uncertainty in a trend spreads the CDF: P(by 2100) need not move, but the result stays a CDF.
    assert np.all(np.diff(res.p) >= 0) and 0 <= res.p.min() and res.p.max() <= 1
