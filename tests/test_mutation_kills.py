"""Tests added to kill surviving mutants of the model core (docs/testing.md, "Mutation testing").

Each test states the mutant class it kills. Reference values come from the closed-form
definitions in MODEL.md (sections 4-6) or the report page given.
"""

from __future__ import annotations

import numpy as np
import pytest

import bioanchors
from bioanchors.algorithmic_progress import log10_progress
from bioanchors.breakthrough import p_none
from bioanchors.evaluation.parameters import point_parameters
from bioanchors.evaluation.trajectories import trajectories
from bioanchors.flop_per_dollar import log10_flop_per_usd
from bioanchors.logistic import log10_logistic
from bioanchors.spending import log10_gdp_usd, log10_spend_usd
from oracle import logistic as plain_logistic

LOG10_2 = np.log10(2.0)


# --- breakthrough.p_none: defaults and the flat ends (mutants of the clip bounds and defaults) ---

def test_p_none_is_constant_outside_its_anchor_years():
    # docs/model.md §6 / report p. 128: linear from 10% (2025) to 3% (2100), constant outside.
    p = p_none(np.array([2000.0, 2025.0, 2062.5, 2100.0, 2150.0]), 0.10, 0.03, 2025, 2100)
    assert p == pytest.approx([0.10, 0.10, 0.065, 0.03, 0.03], abs=1e-12)


def test_p_none_defaults_are_the_reports_years():
    # Report p. 128: the anchor years are 2025 and 2100.
    assert p_none(2025, 0.10, 0.03) == pytest.approx(0.10)
    assert p_none(2062.5, 0.10, 0.03) == pytest.approx(0.065)  # halfway between 2025 and 2100
    assert p_none(2100, 0.10, 0.03) == pytest.approx(0.03)


# --- logistic: a start above the ceiling (mutant: clamp of log10 r at 1 instead of 0) ----------

def test_logistic_start_above_ceiling_is_held_at_the_start():
    # r = y0/ymax is clamped to 1: a curve that starts at or above its ceiling stays where it
    # starts (docs/model.md §5 with r = 1 gives y = y0 for every dt), never NaN.
    assert log10_logistic(5.0, 1.0, 3.0, np.array([-10.0, 0.0, 10.0])) == pytest.approx([5.0, 5.0, 5.0])


# --- trend defaults: the reference years of the report (mutants of default arguments) ----------

def test_trend_default_reference_years():
    # Report pp. 122-123: 4e17 FLOP/$ in 2025; p. 133: $1B in 2025; docs/model.md §5: GDP ~$21T in 2020.
    assert log10_flop_per_usd(2025.0, 17.6, 2.5, 24.0) == pytest.approx(17.6)
    assert log10_gdp_usd(2020.0, 13.322, 0.03) == pytest.approx(13.322)
    assert log10_spend_usd(2025.0, 9.0, 2.0, 0.01, 13.322, 0.03) == pytest.approx(9.0)
    # GDP ceiling from 2020 (not 2021): 1% of $21T x 1.03^5 in 2025 is the ceiling the logistic sees.
    far = log10_spend_usd(2400.0, 9.0, 2.0, 0.01, 13.322, 0.03)
    assert far == pytest.approx(np.log10(0.01) + 13.322 + np.log10(1.03) * 380, abs=1e-6)


def test_spending_ceiling_uses_the_gdp_reference_year_given():
    # A GDP level stated for 2010 instead of 2020 moves the ceiling by 10 years of growth.
    y = log10_spend_usd(2400.0, 9.0, 2.0, 0.01, 13.0, 0.03, reference_year=2025, gdp_reference_year=2010)
    assert y == pytest.approx(-2.0 + 13.0 + np.log10(1.03) * 390, abs=1e-6)


def test_spending_ramp_before_the_reference_year():
    # Report p. 124 (docs/model.md §5): ~$1M in 2020 (AlphaStar) to $1B in 2025, exponential between:
    # log10 spend rises linearly from 6 to 9, i.e. 0.6 OOM/yr.
    years = np.array([2015.0, 2020.0, 2022.5, 2024.0, 2025.0])
    y = log10_spend_usd(years, 9.0, 2.0, 0.01, 13.322, 0.03, 2025, 2020, initial_year=2020, initial_log10_usd=6.0)
    assert y == pytest.approx([3.0, 6.0, 7.5, 8.4, 9.0], abs=1e-12)
    # Without an earlier anchor the logistic runs backwards (2 doublings before 2025: ~/4), with the
    # ceiling of that year (1% of GDP in 2021): docs/model.md §5's formula in plain floats.
    back = log10_spend_usd(2021.0, 9.0, 2.0, 0.01, 13.322, 0.03, 2025, 2020)
    assert back == pytest.approx(np.log10(plain_logistic(1e9, 2.0, 0.01 * 10**13.322 * 1.03, -4.0)), abs=1e-9)


# --- algorithmic_progress.log10_progress: the documented function and the model agree ---------

def test_log10_progress_closed_form_and_the_models_own_progress():
    # docs/model.md §4: progress(t) = L(1, h, 10^cap, t - 2020). One halving time in: ~2x while far from
    # the cap; far out it saturates at the cap; in 2020 it is 1x (0 OOM).
    assert log10_progress(2020.0, 2.0, 5.0) == pytest.approx(0.0)
    assert log10_progress(2022.0, 2.0, 5.0) == pytest.approx(LOG10_2, abs=1e-4)
    assert log10_progress(2400.0, 2.0, 5.0) == pytest.approx(5.0)
    assert log10_progress(2030.0, 2.0, 3.0, start_year=2025) == pytest.approx(log10_progress(2025.0, 2.0, 3.0))
    # The forecast's per-hypothesis progress is this same curve (trajectories computes it itself).
    sc = bioanchors.load_scenario("cotra2020")
    years = np.arange(2025, 2101)
    traj = trajectories(sc.spec, point_parameters(sc.spec), years)
    for i, hyp in enumerate(sc.spec.hypotheses.values()):
        want = log10_progress(years, hyp.halving_time_years.value, hyp.cap_oom.value,
                              sc.spec.algorithmic_progress.start_year)
        assert traj.log10_progress[0, i] == pytest.approx(want, abs=1e-12)


# --- requirements.update: the likelihood itself (docs/model.md §3; report Part 1) --------------------

def test_low_value_likelihood_closed_form():
    # 0 at or below 1e23 FLOP, linear in log10 FLOP to 1 at 1e27, 1 above (defaults are these).
    from bioanchors.requirements.update import low_value_likelihood

    x = np.array([15.0, 23.0, 24.0, 25.0, 26.5, 27.0, 40.0])
    assert low_value_likelihood(x) == pytest.approx([0.0, 0.0, 0.25, 0.5, 0.875, 1.0, 1.0], abs=1e-12)
    assert low_value_likelihood(x, 20.0, 30.0) == pytest.approx([0.0, 0.3, 0.4, 0.5, 0.65, 0.7, 1.0], abs=1e-12)


# --- evaluation: Monte Carlo bookkeeping and the one-hypothesis-per-sample reach ---------------

@pytest.mark.parametrize("n_sets", [1, 2, 3])
def test_reach_of_one_hypothesis_per_sample_equals_the_full_reach(n_sets):
    # Monte Carlo computes reach only for each sample's own hypothesis (log10_reach_of); it must be
    # the same numbers as the all-hypotheses reach the exact method uses, for 1 parameter set
    # (broadcast over samples) and for a few sampled sets (one per sample).
    from bioanchors.evaluation.parameters import sample_parameters

    sc = bioanchors.load_scenario("cotra2020-uncertain")
    years = np.arange(2025, 2101)
    params = (point_parameters(sc.spec) if n_sets == 1
              else sample_parameters(sc.spec, n_sets, np.random.default_rng(n_sets)))
    traj = trajectories(sc.spec, params, years)
    full = traj.log10_reach  # (sets, hypotheses, years)
    h = np.array([0, 5, 3] * 2)[: max(n_sets, 4)] if n_sets == 1 else np.arange(n_sets) % full.shape[1]
    rows = np.zeros(h.size, dtype=int) if n_sets == 1 else np.arange(n_sets)
    assert traj.log10_reach_of(h) == pytest.approx(full[rows, h], abs=1e-12)


@pytest.mark.parametrize("name", ["cotra2020", "cotra2020-uncertain"])
@pytest.mark.parametrize("samples", [7, 1234])
def test_monte_carlo_counts_every_sample_once(name, samples, monkeypatch):
    # Each sample lands in exactly one arrival bin (a year, or 'not by the end') and is drawn for
    # exactly one hypothesis, with chunks of 500 (three chunks, the last one partial) or one
    # small chunk whose samples leave most year bins empty.
    from bioanchors.evaluation import montecarlo
    from bioanchors.requirements import build_hypotheses

    monkeypatch.setattr(montecarlo, "CHUNK", 500)
    sc = bioanchors.load_scenario(name)
    years = np.arange(2025, 2101)
    counts = montecarlo.run(sc.spec, build_hypotheses(sc.spec), years, samples, np.random.default_rng(0))
    assert counts.arrivals.shape == (years.size + 1,)
    assert counts.arrivals.sum() == samples and counts.hypothesis_samples.sum() == samples
    assert np.all(counts.hypothesis_crossings.sum(axis=1) == counts.hypothesis_samples)


def test_monte_carlo_counts_to_probabilities():
    # A hand-made histogram: 4 samples over 3 years; hypothesis 0 drawn once (crossing in year 1),
    # hypothesis 1 drawn 3 times (year 0, never, never), hypothesis 2 never drawn.
    from bioanchors.evaluation.montecarlo import MonteCarloCounts

    c = MonteCarloCounts(n=4, arrivals=np.array([1, 1, 0, 2]), hypothesis_samples=np.array([1, 3, 0]),
                         hypothesis_crossings=np.array([[0, 1, 0, 0], [1, 0, 0, 2], [0, 0, 0, 0]]))
    assert c.p_by_year() == pytest.approx([0.25, 0.5, 0.5])
    assert c.hypothesis_p_by_year() == pytest.approx(np.array([[0, 1, 1], [1 / 3, 1 / 3, 1 / 3], [0, 0, 0]]))


# --- trajectories: every convention the built-in scenarios leave at its default ------------------

def test_exact_matches_the_formula_with_non_default_conventions():
    # The built-ins all use offset 0, reference years 2025, p_none to 2100 and scale 1, so a wiring
    # bug that drops one of these is invisible there. The oracle's formula (tests/oracle.py, MODEL.md
    # 1 and 4-6) with the package's requirement CDFs, on a scenario that sets each of them.
    import oracle
    from bioanchors.requirements import build_hypotheses

    sc = bioanchors.load_scenario("cotra2020").replace({
        "years.start": 2020, "conventions.trend_year_offset_years": 1.0,
        "flop_per_dollar.reference_year": 2023, "algorithmic_progress.halving_time_scale": 0.5,
        "breakthrough.end_year": 2080})
    built = build_hypotheses(sc.spec)
    res = bioanchors.forecast(sc)
    for year in (2020, 2022, 2024, 2030, 2050, 2080, 2100):
        assert res.p_at(year) == pytest.approx(oracle.p_tai_by(sc.spec, built, year), abs=1e-9), year


def test_run_length_is_wired_with_its_own_parameters():
    # Run length (docs/model.md §8) enters affordable compute as log10_run_length_factor of the scenario's
    # growth, ceiling and reference year.
    from bioanchors.run_length import log10_run_length_factor

    sc = bioanchors.load_scenario("cotra2020").replace({
        "run_length.enabled": True, "run_length.growth_per_year": 1.5,
        "run_length.log10_ceiling_multiplier": 0.5, "run_length.reference_year": 2030})
    years = np.arange(2025, 2101)
    traj = trajectories(sc.spec, point_parameters(sc.spec), years)
    want = log10_run_length_factor(years.astype(float), 1.5, 0.5, 2030)
    assert traj.log10_run_length[0] == pytest.approx(want, abs=1e-12)
    assert traj.log10_run_length[0, -1] == pytest.approx(0.5, abs=1e-3)  # saturated at the ceiling
    assert traj.log10_run_length[0, 5] == pytest.approx(0.0, abs=1e-12)  # 1x in its reference year


def test_weights_that_sum_to_zero_are_an_error():
    from bioanchors.errors import ScenarioError

    sc = bioanchors.load_scenario("cotra2020")
    params = {k: (0.0 if k.endswith(".weight") else v) for k, v in point_parameters(sc.spec).items()}
    with pytest.raises(ScenarioError, match="^hypothesis weights must sum to a positive number in every sample$"):
        trajectories(sc.spec, params, np.arange(2025, 2101))
