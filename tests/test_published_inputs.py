"""The inputs of the three Cotra (2020) scenarios are the ones the report publishes.

Each expected value is copied from the report (page numbers are the `=== PAGE N ===` markers of
shared/reference/cotra2020_report.txt), not from the package. Exact equality where the report
gives a number the scenario is meant to hold as written; a regression such as the Short- and
Long-horizon weights swapped (issue 16) fails here even where the outputs barely move.
"""

from __future__ import annotations

import numpy as np
import pytest

import bioanchors

HYPS = ("lifetime", "short_horizon", "genome", "medium_horizon", "long_horizon", "evolution")

# Report p. 131, the weights table (Aggressive / Best guess / Conservative), incl. "No hypothesis".
WEIGHTS = {
    "cotra2020-aggressive": dict(zip(HYPS, (0.10, 0.40, 0.20, 0.10, 0.10, 0.05)), none=0.05),
    "cotra2020": dict(zip(HYPS, (0.05, 0.20, 0.10, 0.30, 0.15, 0.10)), none=0.10),
    "cotra2020-conservative": dict(zip(HYPS, (0.02, 0.08, 0.05, 0.15, 0.30, 0.20)), none=0.20),
}
# Report p. 128 (best guess: 10% in 2025 -> ~3% by 2100) and p. 132 (aggressive ~5% -> ~1%,
# conservative ~20% -> ~5%).
P_NONE_END = {"cotra2020-aggressive": 0.01, "cotra2020": 0.03, "cotra2020-conservative": 0.05}
# Report p. 131 and p. 136: Lifetime + Short + Genome carry 35% (best guess), "doubled to 70%"
# (aggressive), "reduced to 15%" (conservative).
LOW_COMPUTE_SHARE = {"cotra2020-aggressive": 0.70, "cotra2020": 0.35, "cotra2020-conservative": 0.15}
# Report pp. 127-128: best-guess halving time [years] and cap [OOM] per hypothesis.
HALVING = dict(zip(HYPS, (3.5, 3.0, 3.0, 2.0, 2.0, 2.0)))
CAP = dict(zip(HYPS, (2.0, 2.0, 3.0, 3.0, 4.0, 5.0)))
# Report pp. 131-132: aggressive = halving 1 year shorter, cap 1 OOM more; conservative the reverse.
SHIFT = {"cotra2020-aggressive": (-1.0, +1.0), "cotra2020": (0.0, 0.0), "cotra2020-conservative": (+1.0, -1.0)}


def spec(name):
    return bioanchors.load_scenario(name).spec


@pytest.mark.parametrize("name", list(WEIGHTS))
def test_six_weights_and_p_none_as_published(name):
    s = spec(name)
    assert {h: s.hypotheses[h].weight.central for h in HYPS} == pytest.approx(
        {h: WEIGHTS[name][h] for h in HYPS}, abs=1e-12)
    assert s.breakthrough.p_none_start.central == pytest.approx(WEIGHTS[name]["none"], abs=1e-12)
    assert s.breakthrough.p_none_end.central == pytest.approx(P_NONE_END[name], abs=1e-12)
    # p. 128: p_none falls from 2025 to 2100.
    assert (s.breakthrough.start_year, s.breakthrough.end_year) == (2025, 2100)
    # p. 131: the weights and "No hypothesis" add to 100%.
    assert sum(WEIGHTS[name][h] for h in HYPS) + WEIGHTS[name]["none"] == pytest.approx(1.0)


@pytest.mark.parametrize("name", list(LOW_COMPUTE_SHARE))
def test_low_compute_hypotheses_share(name):
    s = spec(name)
    share = sum(s.hypotheses[h].weight.central for h in ("lifetime", "short_horizon", "genome"))
    assert share == pytest.approx(LOW_COMPUTE_SHARE[name], abs=1e-9)


@pytest.mark.parametrize("name", list(SHIFT))
def test_halving_times_and_caps(name):
    s = spec(name)
    dh, dc = SHIFT[name]
    for h in HYPS:
        assert s.hypotheses[h].halving_time_years.central == pytest.approx(HALVING[h] + dh), h
        assert s.hypotheses[h].cap_oom.central == pytest.approx(CAP[h] + dc), h
    assert s.algorithmic_progress.halving_time_scale.central == 1.0
    assert s.algorithmic_progress.halving_time_years_all is None


# (FLOP/$ in 2025 [log10], doubling [years], ceiling [log10 FLOP/$]; spend in 2025 [log10 USD],
#  doubling [years], ceiling share of GDP, GDP growth [/yr]).
TRENDS = {
    # pp. 121-124: 4e17 FLOP/$ in 2025, doubling ~2.5 years, max ~1e24; p. 124/133: $1B in 2025,
    # doubling every 2 years, ~1% of the largest economy's GDP growing ~3%/yr.
    "cotra2020": (np.log10(4e17), 2.5, 24.0, 9.0, 2.0, 0.01, 0.03),
    # p. 132: doubling 1 year shorter (~1.5), max ~1e26; p. 133: $10B, yearly doubling, ~2%, ~5%.
    "cotra2020-aggressive": (np.log10(4e17), 1.5, 26.0, 10.0, 1.0, 0.02, 0.05),
    # p. 132: ~3.5 years, ~1e22; pp. 133-134: $300M (0.5 OOM down), every 3 years, ~0.5%, ~2%.
    "cotra2020-conservative": (np.log10(4e17), 3.5, 22.0, 8.5, 3.0, 0.005, 0.02),
}


@pytest.mark.parametrize("name", list(TRENDS))
def test_trend_inputs(name):
    s = spec(name)
    fd, sp = s.flop_per_dollar, s.spending
    got = (fd.log10_flop_per_usd.central, fd.doubling_time_years.central, fd.log10_ceiling_flop_per_usd.central,
           sp.log10_usd.central, sp.doubling_time_years.central, sp.ceiling_gdp_share.central,
           sp.gdp_growth_per_year.central)
    # 0.03 OOM: the scenario writes 4e17 as 10^17.6 (17.602).
    assert got == pytest.approx(TRENDS[name], abs=0.03)
    assert fd.reference_year == sp.reference_year == 2025  # p. 121: "starting from 2025"


def test_brain_flop_per_s_follows_pp_36_37():
    dist = spec("cotra2020").requirements.ingredients.brain_log10_flop_per_s.distribution()
    # p. 36: "My best guess for a median is 1e15 FLOP/s".
    assert dist.ppf(0.5) == pytest.approx(15.0, abs=1e-9)
    # p. 36: "quite surprised by values lower than ~1e11 FLOP/s" -> little mass below 1e11.
    assert 0.0 < float(np.mean(dist.ppf(np.linspace(0.0005, 0.9995, 1000)) < 11.0)) <= 0.02
    # p. 36: "a longer tail to the right of my median than to the left".
    assert dist.ppf(0.99) - 15.0 > 15.0 - dist.ppf(0.01)
    # p. 37: Landauer limit ~7e21 FLOP/s; a "reasonable high end" is >1 OOM below it.
    assert dist.ppf(0.99) < np.log10(7e21) - 1.0


def test_short_and_long_horizon_not_swapped():
    # Issue 16: a swap of Short/Long (20% / 15%) weights must be caught by input tests.
    s = spec("cotra2020")
    assert s.hypotheses["short_horizon"].weight.central > s.hypotheses["long_horizon"].weight.central
    assert s.hypotheses["short_horizon"].requirement.log10_horizon_s_high <= 3.0  # docs/model.md §3: 1-1e3 s
    assert s.hypotheses["long_horizon"].requirement.log10_horizon_s_low >= 6.0  # 1e6-1e9 s


def test_conventions_of_the_two_best_guess_builtins():
    # p. 121 ("forecasts starting from 2025") vs p. 136 ("~30 to ~300 times less computation than
    # they do in 2020" by 2036): the only difference between cotra2020 and cotra2020-text.
    a, b = spec("cotra2020"), spec("cotra2020-text")
    assert a.algorithmic_progress.start_year == 2025 and b.algorithmic_progress.start_year == 2020
    assert a.conventions.trend_year_offset_years == b.conventions.trend_year_offset_years == 0.0
    assert a.breakthrough.interpolation == b.breakthrough.interpolation == "linear"
    da, db = bioanchors.load_scenario("cotra2020").to_dict(), bioanchors.load_scenario("cotra2020-text").to_dict()
    for d in (da, db):
        for k in ("name", "description", "published", "extends"):
            d.pop(k, None)
        d["algorithmic_progress"].pop("start_year")
        d["algorithmic_progress"].pop("note", None)
    assert da == db


# --- the named conventions (issue 9, Deliver 1) do what their descriptions say ----------------

def test_p_none_interpolation_conventions():
    from bioanchors.breakthrough import p_none

    # p. 128: 10% in 2025 -> ~3% by 2100; the shape in between is the convention.
    mid = (2025 + 2100) / 2
    assert p_none(mid, 0.10, 0.03) == pytest.approx(0.065)
    assert p_none(mid, 0.10, 0.03, interpolation="log_linear") == pytest.approx(np.sqrt(0.10 * 0.03))
    for kind in ("linear", "log_linear"):
        ends = p_none(np.array([2000, 2025, 2100, 2150]), 0.10, 0.03, interpolation=kind)
        assert ends == pytest.approx([0.10, 0.10, 0.03, 0.03])


def test_log_linear_p_none_needs_positive_ends():
    from bioanchors.errors import ScenarioError

    sc = bioanchors.load_scenario("cotra2020")
    with pytest.raises(ScenarioError, match="log_linear"):
        sc.replace({"breakthrough.interpolation": "log_linear", "breakthrough.p_none_end": 0.0})


def test_each_convention_moves_the_forecast():
    # docs/reproduction.md tabulates these effects; here only their direction, which follows from
    # the definitions: earlier progress start, a later trend year, or a p_none that falls faster
    # early (log-linear lies below linear between the ends) each raise P(TAI by 2036).
    base = bioanchors.forecast("cotra2020").p_at(2036)
    sc = bioanchors.load_scenario("cotra2020")
    for change in ({"algorithmic_progress.start_year": 2020}, {"conventions.trend_year_offset_years": 1.0},
                   {"breakthrough.interpolation": "log_linear"}):
        assert bioanchors.forecast(sc.replace(change)).p_at(2036) > base, change


def test_conventions_honoured_by_monte_carlo_too():
    # Both evaluation paths read the conventions from the same trajectories; a convention applied
    # on one path only would show up as a gap of many standard errors.
    sc = bioanchors.load_scenario("cotra2020").replace({"breakthrough.interpolation": "log_linear",
                                                         "conventions.trend_year_offset_years": 1.0})
    exact = bioanchors.forecast(sc, method="exact")
    mc = bioanchors.forecast(sc, method="monte-carlo", samples=100_000, seed=11)
    se = np.sqrt(exact.p * (1 - exact.p) / 100_000)
    assert np.all(np.abs(mc.p - exact.p) <= 4.5 * se)
