"""The built-in scenarios with distributions: valid, sourced, sensible, and correlations that work."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import bioanchors
from bioanchors.evaluation.parameters import sample_parameters
from conftest import measured_unconditioned


def test_cotra2020_uncertain_centres_on_the_best_guess():
    sc = bioanchors.load_scenario("cotra2020-uncertain")
    assert len(sc.uncertain_parameters) >= 12  # enough inputs for a meaningful Sobol analysis (issue #5)
    point = sc.replace({k: p.central for k, p in sc.uncertain_parameters.items()})
    assert np.allclose(bioanchors.forecast(point).p, bioanchors.forecast("cotra2020").p)
    for path, p in sc.uncertain_parameters.items():
        assert p.source and any(k in p.source for k in ("p5", "p95", "p50")), path


def test_cotra2020_uncertain_monte_carlo():
    # The joint sampler, asked for by name: auto now picks the conditional estimator (issue 11).
    res = bioanchors.forecast("cotra2020-uncertain", method="monte-carlo", samples=100_000, seed=0)
    assert res.method == "monte-carlo"
    # Uncertainty around Cotra's inputs keeps the median within a few years of her ~2052 (p. 135).
    assert 2045 <= res.median_year <= 2056


CORRELATED = [{"a": "spending.doubling_time_years", "b": "flop_per_dollar.doubling_time_years",
               "rank_correlation": 0.6, "source": "test"},
              {"a": "algorithmic_progress.halving_time_scale", "b": "spending.log10_usd",
               "rank_correlation": -0.5, "source": "test"}]


# "measured-2025 unconditioned": issue 23 item 5 made measured-2025 condition on "no TAI by 2025" by
# default, and the law of total probability below is about the unconditioned model.
@pytest.mark.parametrize("name,correlations", [("cotra2020-uncertain", None), ("measured-2025 unconditioned", None),
                                               ("cotra2020-uncertain", CORRELATED)])
def test_joint_sampler_is_the_average_of_exact_curves(name, correlations):
    # Law of total probability: P(by t) = E_theta[P(by t | theta)]. The conditional curve is
    # evaluated exactly for 5,000 parameter sets drawn by the package's parameter sampler; the
    # joint Monte Carlo (100,000 samples, requirement + trends + p_none per sample) must equal
    # their mean within z < 4.5 of the combined error: its binomial SE and the SE of the mean
    # (sd of the conditional P over theta / sqrt(5,000)). A wrong first crossing, a dropped
    # p_none or a mis-wired trend in the Monte Carlo path moves it by far more.
    from bioanchors.evaluation import exact
    from bioanchors.evaluation.trajectories import trajectories
    from bioanchors.requirements import build_hypotheses

    sc = measured_unconditioned() if name == "measured-2025 unconditioned" else bioanchors.load_scenario(name)
    if correlations:
        sc = sc.replace({"correlations": correlations})
    mc = bioanchors.forecast(sc, method="monte-carlo", samples=100_000, seed=11)
    params = sample_parameters(sc.spec, 5_000, np.random.default_rng(12))
    cond = exact.p_by_year(build_hypotheses(sc.spec), trajectories(sc.spec, params, mc.years))
    se = np.hypot(mc.standard_errors, cond.std(axis=0) / np.sqrt(cond.shape[0]))
    z = np.abs(mc.p - cond.mean(axis=0)) / np.maximum(se, 1e-12)
    assert z.max() < 4.5


def test_measured_2025_moves_the_median_into_the_2030s_or_2040():
    # docs/model.md §8 (the 2026 retrospective "What Happened With Bio Anchors?"): re-running the model
    # with measured growth moves its median from the 2050s into the 2030s. measured-2025 keeps
    # Cotra's caps and ceilings, which bind by ~2040 (docs/sensitivity.md), so the band is the
    # 2030s plus the first years of the 2040s; before 2030 would contradict the retrospective.
    # The claim is about the trend model itself, so it is checked unconditioned (issue 23 item 5).
    res = bioanchors.forecast(measured_unconditioned(), samples=100_000, seed=0)
    assert 2030 <= res.median_year <= 2042
    assert res.p_at(2030) > bioanchors.forecast("cotra2020").p_at(2030) + 0.1


def test_measured_2025_conditions_on_not_yet_by_2025():
    """Issue 23 item 5: a scenario of the present conditions on the present by default and says so.

    Unconditioned, the model puts ~10% on TAI by 2025, so its 10% year read 2025; conditioned on
    "no TAI by 2025" (the evidence update, docs/evidence.md) it is 0 up to 2025, the forecast starts
    in 2026, and the 10% year is later. Same numbers as measured-2025-given-2025, which now extends it.
    """
    sc = bioanchors.load_scenario("measured-2025")
    assert sc.spec.evidence is not None and sc.spec.evidence.vantage_year == 2025
    assert sc.spec.years.start == 2026 and "conditioned on no TAI by 2025" in sc.description
    plain = bioanchors.forecast(measured_unconditioned(), samples=4000, seed=0)
    given = bioanchors.forecast("measured-2025", samples=4000, seed=0)
    assert plain.p_at(2025) > 0.05 and plain.quantiles[0.1] == 2025
    assert given.years[0] == 2026 and given.quantiles[0.1] > 2025
    alias = bioanchors.forecast("measured-2025-given-2025", samples=4000, seed=0)
    np.testing.assert_array_equal(alias.p, given.p)


def test_measured_2025_sources():
    sc = bioanchors.load_scenario("measured-2025")
    for path in ("spending.doubling_time_years", "algorithmic_progress.halving_time_years_all",
                 "flop_per_dollar.doubling_time_years", "run_length.growth_per_year"):
        p = dict(sc.uncertain_parameters)[path]
        assert p.source
    # Epoch AI (Cottier et al. 2024): 2.4x/yr, 90% CI 2.0-2.9 -> doubling 0.79 (0.65-1.0) years.
    d = dict(sc.uncertain_parameters)["spending.doubling_time_years"].distribution()
    assert d.ppf(0.5) == pytest.approx(np.log(2) / np.log(2.4), abs=0.01)
    assert d.ppf(0.05) == pytest.approx(np.log(2) / np.log(2.9), abs=0.01)
    # Ho et al. 2024: halving ~8 months, 95% CI 5-14 months.
    h = dict(sc.uncertain_parameters)["algorithmic_progress.halving_time_years_all"].distribution()
    assert h.ppf([0.025, 0.5, 0.975]) == pytest.approx([5 / 12, 8 / 12, 14 / 12], abs=0.01)


def test_rank_correlation_is_what_was_asked():
    sc = bioanchors.load_scenario("cotra2020-uncertain").replace({"correlations": [
        {"a": "spending.doubling_time_years", "b": "spending.log10_usd", "rank_correlation": -0.6,
         "source": "test"}]})
    params = sample_parameters(sc.spec, 50_000, np.random.default_rng(0))
    rho = stats.spearmanr(params["spending.doubling_time_years"], params["spending.log10_usd"]).statistic
    assert rho == pytest.approx(-0.6, abs=0.02)
    # Independent by default.
    params = sample_parameters(bioanchors.load_scenario("cotra2020-uncertain").spec, 50_000, np.random.default_rng(0))
    rho0 = stats.spearmanr(params["spending.doubling_time_years"], params["spending.log10_usd"]).statistic
    assert abs(rho0) < 0.02


def test_correlating_a_fixed_value_is_an_error():
    sc = bioanchors.load_scenario("cotra2020-uncertain").replace({"correlations": [
        {"a": "spending.doubling_time_years", "b": "breakthrough.p_none_start", "rank_correlation": 0.3}]})
    with pytest.raises(bioanchors.BioanchorsError, match="fixed value"):
        bioanchors.forecast(sc, samples=1000)


def test_fractional_percentile_keys_need_quotes(tmp_path, cli):
    path = tmp_path / "q.toml"
    path.write_text('extends = "cotra2020"\nname = "q"\n[spending]\n'
                    'doubling_time_years = { dist = "lognormal", p2.5 = 1.0, p97.5 = 3.0 }\n')
    res = cli("forecast", path)
    assert res.exit_code == 2 and '"p2.5"' in res.output


# --- correlations: validation everywhere, and the sampled ranks are the requested ones ---------

def _uncertain_with(correlations):
    return bioanchors.load_scenario("cotra2020-uncertain").replace({"correlations": correlations})


@pytest.mark.parametrize("correlations,needle", [
    ([{"a": "spending.log10_usd", "b": "spending.log10_usd", "rank_correlation": 0.3}], "itself"),
    ([{"a": "spending.log10_usd", "b": "spending.doubling_time_years", "rank_correlation": 0.3},
      {"a": "spending.doubling_time_years", "b": "spending.log10_usd", "rank_correlation": -0.5}],
     "correlations.1.*already correlated"),
    ([{"a": "spending.log10_usd", "b": "spending.doubling_time_years", "rank_correlation": 1.0}], "strictly between"),
    ([{"a": "spending.log10_usd", "b": "requirements.ingredients.brain_log10_flop_per_s", "rank_correlation": 0.5}],
     "ingredients"),
    ([{"a": "spending.log10_usd", "b": "spending.nope", "rank_correlation": 0.5}], "correlations.0.*not a parameter"),
])
def test_invalid_correlations_are_errors_naming_the_field(correlations, needle):
    sc = _uncertain_with(correlations)
    with pytest.raises(bioanchors.ScenarioError, match=needle):
        bioanchors.forecast(sc, samples=1000)


def test_correlations_are_validated_even_where_unused():
    # The exact method and one-at-a-time analysis never sample jointly; a bad correlation is
    # still an error there (issue #5: naming a parameter that does not exist is an error).
    bad = bioanchors.load_scenario("cotra2020").replace(
        {"correlations": [{"a": "spending.nope", "b": "flop_per_dollar.doubling_time_years", "rank_correlation": 0.3}]})
    with pytest.raises(bioanchors.ScenarioError, match="not a parameter"):
        bioanchors.forecast(bad)
    from bioanchors.sensitivity import one_at_a_time

    with pytest.raises(bioanchors.ScenarioError, match="not a parameter"):
        one_at_a_time(_uncertain_with([{"a": "spending.nope", "b": "spending.log10_usd", "rank_correlation": 0.3}]))


def test_three_way_rank_correlations_and_unchanged_marginals():
    # Gaussian copula: Spearman's rho of the samples equals the requested rank correlation
    # (Kruskal 1958), for any monotone marginals, including bounded "percentiles" ones.
    a, b, c = "spending.doubling_time_years", "flop_per_dollar.doubling_time_years", "algorithmic_progress.halving_time_scale"
    want = {(a, b): 0.5, (a, c): 0.3, (b, c): -0.2}
    sc = _uncertain_with([{"a": x, "b": y, "rank_correlation": r} for (x, y), r in want.items()])
    params = sample_parameters(sc.spec, 100_000, np.random.default_rng(3))
    for (x, y), r in want.items():
        assert stats.spearmanr(params[x], params[y]).statistic == pytest.approx(r, abs=0.015), (x, y)
    # Marginals keep their stated percentiles (report p. 132: aggressive 1.5, best 2.5, conservative 3.5).
    assert np.quantile(params[b], [0.05, 0.5, 0.95]) == pytest.approx([1.5, 2.5, 3.5], abs=0.03)


def test_correlations_in_a_scenario_file_via_the_cli(tmp_path, cli):
    path = tmp_path / "c.toml"
    path.write_text('extends = "cotra2020-uncertain"\nname = "c"\n'
                    '[[correlations]]\na = "spending.doubling_time_years"\nb = "flop_per_dollar.doubling_time_yaers"\n'
                    'rank_correlation = 0.3\n')
    res = cli("forecast", path, "--samples", "1000")
    assert res.exit_code == 2 and "correlations.0" in res.output and "doubling_time_yaers" in res.output
    assert "Traceback" not in res.output
