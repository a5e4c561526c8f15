"""Property tests (hypothesis): the model's invariants hold for any valid inputs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bioanchors

BASE = bioanchors.load_scenario("cotra2020")
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

doubling = st.floats(0.1, 100.0)
log10_ceiling_flop_per_usd = st.floats(17.6, 60.0)
share = st.floats(0.001, 1.0)
halving = st.floats(0.1, 100.0)
cap = st.floats(0.0, 12.0)


def scenario(**over):
    return BASE.replace({k.replace("__", "."): v for k, v in over.items()})


def p(sc):
    return bioanchors.forecast(sc).p


@FAST
@given(fd=doubling, sd=doubling, ceil=log10_ceiling_flop_per_usd, sh=share, h=halving, c=cap)
def test_cdf_is_monotone_bounded_and_finite(fd, sd, ceil, sh, h, c):
    sc = scenario(flop_per_dollar__doubling_time_years=fd, spending__doubling_time_years=sd,
                  flop_per_dollar__log10_ceiling_flop_per_usd=ceil, spending__ceiling_gdp_share=sh,
                  algorithmic_progress__halving_time_years_all=h, hypotheses__medium_horizon__cap_oom=c)
    res = bioanchors.forecast(sc)
    assert np.all(np.isfinite(res.p)) and np.all(np.isfinite(res.log10_affordable_flop))
    assert np.all(np.diff(res.p) >= -1e-12)
    assert np.all(res.p >= 0) and np.all(res.p <= 1 - res.p_none + 1e-12)


@FAST
@given(base=st.floats(6.0, 11.0), extra=st.floats(0.0, 3.0))
def test_more_spending_never_lowers_p(base, extra):
    # Start spend must stay below the 2025 ceiling (1% of ~$24T): 10^11.38 USD.
    extra = min(extra, 11.35 - base)
    assert np.all(p(scenario(spending__log10_usd=base + extra)) >= p(scenario(spending__log10_usd=base)) - 1e-12)


@FAST
@given(slow=doubling, factor=st.floats(0.1, 1.0))
def test_faster_flop_per_dollar_growth_never_lowers_p(slow, factor):
    fast = slow * factor
    assert np.all(p(scenario(flop_per_dollar__doubling_time_years=fast))
                  >= p(scenario(flop_per_dollar__doubling_time_years=slow)) - 1e-12)


@FAST
@given(slow=doubling, factor=st.floats(0.1, 1.0))
def test_faster_spending_growth_never_lowers_p(slow, factor):
    assert np.all(p(scenario(spending__doubling_time_years=slow * factor))
                  >= p(scenario(spending__doubling_time_years=slow)) - 1e-12)


@FAST
@given(low=log10_ceiling_flop_per_usd, extra=st.floats(0.0, 10.0), share_low=share, share_factor=st.floats(1.0, 10.0))
def test_higher_ceilings_never_lower_p(low, extra, share_low, share_factor):
    share_high = min(share_low * share_factor, 1.0)
    lo = scenario(flop_per_dollar__log10_ceiling_flop_per_usd=low, spending__ceiling_gdp_share=share_low)
    hi = scenario(flop_per_dollar__log10_ceiling_flop_per_usd=min(low + extra, 60.0), spending__ceiling_gdp_share=share_high)
    assert np.all(p(hi) >= p(lo) - 1e-12)


@FAST
@given(slow=halving, factor=st.floats(0.05, 1.0), cap_low=cap, cap_extra=st.floats(0.0, 4.0))
def test_faster_algorithmic_progress_never_lowers_p(slow, factor, cap_low, cap_extra):
    a = scenario(algorithmic_progress__halving_time_years_all=slow, hypotheses__long_horizon__cap_oom=cap_low)
    b = scenario(algorithmic_progress__halving_time_years_all=slow * factor,
                 hypotheses__long_horizon__cap_oom=cap_low + cap_extra)
    assert np.all(p(b) >= p(a) - 1e-12)


@FAST
@given(g=st.floats(1.0, 3.0), ceil=st.floats(0.0, 3.0))
def test_run_length_factor_never_lowers_p(g, ceil):
    on = scenario(run_length__enabled=True, run_length__growth_per_year=g, run_length__log10_ceiling_multiplier=ceil)
    assert np.all(p(on) >= p(BASE) - 1e-12)


@pytest.mark.parametrize("d", [0.1, 100.0])
def test_extreme_doubling_times_stay_finite(d):
    sc = scenario(flop_per_dollar__doubling_time_years=d, spending__doubling_time_years=d,
                  algorithmic_progress__halving_time_years_all=d, flop_per_dollar__log10_ceiling_flop_per_usd=60.0)
    res = bioanchors.forecast(sc)
    assert np.all(np.isfinite(res.p)) and np.all(np.isfinite(res.log10_affordable_flop))
    mc = bioanchors.forecast(sc, method="monte-carlo", samples=20_000, seed=0)
    assert np.all(np.isfinite(mc.p)) and np.all(np.isfinite(mc.standard_errors))


def test_ten_million_samples_in_chunks_are_finite_and_agree():
    # Issue #2: 10 million samples processed in chunks, no NaN/inf, same answer as exact.
    mc = bioanchors.forecast("cotra2020", method="monte-carlo", samples=10_000_000, seed=0)
    exact = bioanchors.forecast("cotra2020")
    assert np.all(np.isfinite(mc.p))
    assert (np.abs(mc.p - exact.p) / np.maximum(mc.standard_errors, 1e-12)).max() < 4.5
