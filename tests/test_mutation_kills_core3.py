"""Kill tests for surviving mutants of mutation run 4 (docs/testing.md, "Mutation testing"):
``evaluation/{parameters,conditional,space}``, ``forecast.py`` and ``requirements/anchors.py``,
and for the functions run 3 did not reach (``RequirementDistribution.reweighted`` /
``transformed``, ``_normalised_cdf``, ``build._prior_key``).

Each test checks a closed form, a documented contract (the docstring or doc it cites) or a
defining property; not the package's own output.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import bioanchors
from bioanchors.evaluation.parameters import from_unit_hypercube
from bioanchors.evaluation.space import parameter_space

# --- evaluation/space.correlation_matrix: every error names the field AND the fix ---------------
# The promise (README "Bad input", docs/limits.md): an error names the field and says how to fix it.
# The existing tests match a word of the field name only, so a dropped or garbled fix survived.

def _uncertain_with(*pairs):
    return bioanchors.load_scenario("cotra2020-uncertain").replace({"correlations": [
        {"a": a, "b": b, "rank_correlation": r} for a, b, r in pairs]})


def _error(*pairs) -> str:
    with pytest.raises(bioanchors.ScenarioError) as info:
        bioanchors.forecast(_uncertain_with(*pairs), samples=100)
    return str(info.value)


def test_correlating_a_requirement_ingredient_explains_why_it_cannot_be():
    msg = _error(("spending.log10_usd", "requirements.ingredients.brain_log10_flop_per_s", 0.5))
    assert "field 'correlations.0': 'requirements.ingredients.brain_log10_flop_per_s' is not a parameter" in msg
    assert ("(requirement ingredients shape the hypotheses, which are built once, so they cannot be "
            "correlated with trends)") in msg
    assert "dotted path" not in msg


def test_an_unknown_parameter_gets_the_dotted_path_hint():
    msg = _error(("spending.log10_usd", "spending.nope", 0.5))
    assert "'spending.nope' is not a parameter of this scenario " \
           "(use a dotted path such as 'spending.doubling_time_years')" in msg
    assert "ingredients" not in msg


def test_correlating_a_fixed_value_says_only_distributions_can_be():
    msg = _error(("spending.doubling_time_years", "breakthrough.p_none_start", 0.3))
    assert ("field 'correlations.0': 'breakthrough.p_none_start' is a fixed value; "
            "only parameters given as distributions can be correlated") in msg


def test_a_pair_given_twice_names_where_it_was_first_given():
    msg = _error(("spending.log10_usd", "spending.doubling_time_years", 0.3),
                 ("spending.doubling_time_years", "spending.log10_usd", -0.5))
    assert ("field 'correlations.1': spending.doubling_time_years and spending.log10_usd are already "
            "correlated in 'correlations.0'; give each pair once") in msg


def test_a_rank_correlation_of_one_says_which_values_are_allowed():
    msg = _error(("spending.log10_usd", "spending.doubling_time_years", 1.0))
    assert ("field 'correlations.0.rank_correlation': 1 makes the two parameters deterministic functions "
            "of each other; use a value strictly between -1 and 1") in msg


def test_contradictory_correlations_say_to_weaken_some():
    # Pairwise +0.9, +0.9, -0.9 cannot hold at once (the matrix has a negative eigenvalue).
    names = ["flop_per_dollar.doubling_time_years", "spending.doubling_time_years",
             "algorithmic_progress.halving_time_scale"]
    msg = _error((names[0], names[1], 0.9), (names[1], names[2], 0.9), (names[0], names[2], -0.9))
    assert ("field 'correlations': the rank correlations do not form a positive-definite matrix "
            "(they contradict each other); weaken some of them") in msg


# --- evaluation/parameters.from_unit_hypercube and ParameterSpace.distribution -------------------

def test_unit_hypercube_of_a_fixed_parameter_is_its_value():
    # ParameterSpace.distribution: "a point mass for fixed values"; every probability maps to it.
    spec = bioanchors.load_scenario("cotra2020-uncertain").spec
    u = np.array([[0.01], [0.5], [0.99]])
    params = from_unit_hypercube(spec, ["breakthrough.p_none_start"], u)
    assert np.all(params["breakthrough.p_none_start"] == float(spec.breakthrough.p_none_start.value))


def test_unit_hypercube_of_an_uncertain_parameter_is_its_quantile_function():
    # The column is a probability: u = 0.5 gives the median (the space's central value), and the
    # map is increasing.
    spec = bioanchors.load_scenario("cotra2020-uncertain").spec
    name = "spending.doubling_time_years"
    x = from_unit_hypercube(spec, [name], np.array([[0.1], [0.5], [0.9]]))[name]
    assert x[1] == pytest.approx(parameter_space(spec).central[name], rel=1e-9)
    assert x[0] < x[1] < x[2]


def test_unit_hypercube_rejects_an_unknown_name_naming_it_and_the_scenario():
    spec = bioanchors.load_scenario("cotra2020").spec
    with pytest.raises(bioanchors.ScenarioError,
                       match=re.escape("'spending.nope' is not a parameter of scenario 'cotra2020'")):
        from_unit_hypercube(spec, ["spending.nope"], np.array([[0.5]]))


# --- the conditional estimator (evaluation/estimators.conditional) on Cotra's problem: its definition, for any chunking

@pytest.mark.parametrize("n", [2, 7])  # 2: the sample SD divides by N - 1 = 1
def test_conditional_estimate_is_the_mean_sd_and_band_of_the_draws_curves(monkeypatch, n):
    # Definition (evaluation/estimators.py's table, docs/methods.md):
    #   P_hat(t) = mean_k P(t | theta_k), SE(t) = SD_k P(t | theta_k) / sqrt(N), and the band is the
    #   5/50/95% quantile of P(t | theta_k) over the first BAND_DRAWS draws.
    # Reference curves: one draw per call on the same generator (with no correlations a draw
    # consumes the same uniforms whether drawn alone or in a chunk), so each call's estimate IS
    # that draw's curve. Small CHUNK and BAND_DRAWS make chunks straddle the band's end, which
    # the defaults (2,000 and 100,000) never do.
    from bioanchors.evaluation import estimators, problem
    from bioanchors.models import get_model

    sc = bioanchors.load_scenario("cotra2020-uncertain")
    assert not sc.spec.correlations
    years = np.arange(2025, 2101)
    cotra = get_model("cotra2020").problem(sc, years)
    rng = np.random.default_rng(3)
    curves = np.array([estimators.conditional(cotra, 1, rng).p for _ in range(n)])
    monkeypatch.setattr(problem, "CHUNK_CELLS", 3 * 76 * 7)  # 3 draws x 76 years x 7 curves per chunk
    monkeypatch.setattr(estimators, "BAND_DRAWS", 5)
    est = estimators.conditional(cotra, n, np.random.default_rng(3))
    assert est.samples == n
    assert np.allclose(est.p, curves.mean(axis=0), rtol=0, atol=1e-12)
    assert np.allclose(est.standard_errors, curves.std(axis=0, ddof=1) / np.sqrt(n), rtol=0, atol=1e-12)
    assert np.ptp(curves, axis=0).max() > 0.01  # the draws differ, so the checks above have teeth
    for q in (0.05, 0.5, 0.95):
        # The draws' curves are kept in float32 (rounding <= 6e-8).
        assert np.allclose(est.band[q], np.quantile(curves[:5], q, axis=0), rtol=0, atol=1e-6)


def test_conditional_with_one_draw_has_zero_standard_error():
    # One draw: the sample SD is undefined; the estimator reports 0 (divides by max(N - 1, 1)),
    # not NaN, and the estimate is that draw's curve.
    from bioanchors.evaluation import estimators
    from bioanchors.models import get_model

    sc = bioanchors.load_scenario("cotra2020-uncertain")
    cotra = get_model("cotra2020").problem(sc, np.arange(2025, 2101))
    est = estimators.conditional(cotra, 1, np.random.default_rng(0))
    assert np.all(est.standard_errors == 0.0)
    assert all(np.array_equal(est.band[q], est.band[0.5]) for q in (0.05, 0.95))


# --- run 3's unreached functions: RequirementDistribution.reweighted / transformed, _normalised_cdf -

def _uniform_30_40():
    from bioanchors.requirements.distribution import RequirementDistribution

    return RequirementDistribution.from_samples(np.random.default_rng(2).uniform(30.0, 40.0, 40_000))


@pytest.mark.parametrize("likelihood", [
    lambda x: 0.5,                               # one number, not one per grid point
    lambda x: np.full(x.shape, 1.5),             # above 1
    lambda x: np.where(x < 35.0, -0.1, 1.0),     # below 0 somewhere
    lambda x: np.full(x.shape, 1.0 + 1e-12),     # just above 1
])
def test_reweighted_rejects_a_likelihood_outside_0_1_or_of_the_wrong_shape(likelihood):
    # Docstring contract of reweighted: "likelihood(x) maps log10 FLOP (an array) to values in [0, 1]".
    with pytest.raises(ValueError, match=re.escape("a likelihood must return one value in [0, 1] per grid point")):
        _uniform_30_40().reweighted(likelihood)


def test_reweighted_accepts_the_ends_0_and_1_and_removes_their_mass():
    # A step likelihood: 0 below 35, 1 above. Removed mass = P(x < 35) = 0.5 for U(30, 40)
    # (to the sample's and grid's precision: SD of the empirical share 0.0025).
    post, removed = _uniform_30_40().reweighted(lambda x: np.where(x <= 35.0, 0.0, 1.0))
    assert removed == pytest.approx(0.5, abs=0.01)
    assert post.cdf_at(35.0) == pytest.approx(0.0, abs=1e-9) and post.median == pytest.approx(37.5, abs=0.1)


def test_reweighted_removed_mass_is_one_minus_the_kept_share():
    # Closed forms: a constant likelihood c keeps exactly c of the mass and leaves the shape alone;
    # L(x) = (x - 30) / 10 on U(30, 40) keeps E[L] = 1/2 (exact per bin for a linear likelihood).
    prior = _uniform_30_40()
    post, removed = prior.reweighted(lambda x: np.full(x.shape, 0.25))
    assert removed == pytest.approx(0.75, abs=1e-12)
    assert np.allclose(post.cdf, prior.cdf, rtol=0, atol=1e-12)
    _, removed = prior.reweighted(lambda x: np.clip((x - 30.0) / 10.0, 0.0, 1.0))
    assert removed == pytest.approx(0.5, abs=0.01)
    _, removed = prior.reweighted(lambda x: np.ones(x.shape))
    assert removed == 0.0


def test_reweighted_with_no_mass_left_raises_no_mass_left():
    from bioanchors.requirements.distribution import NoMassLeft

    with pytest.raises(NoMassLeft, match="^the likelihood is zero wherever the distribution has mass$"):
        _uniform_30_40().reweighted(lambda x: np.where(x < 50.0, 0.0, 1.0))


def test_transformed_records_name_params_and_the_mass_removed():
    from bioanchors.requirements.transforms import Transform

    prior = _uniform_30_40()
    t = Transform("halve", lambda x: np.full(x.shape, 0.5), {"factor": 0.5})
    post = prior.transformed(t).transformed(t)
    assert [(a.name, dict(a.params), a.mass_removed) for a in post.applied] == \
        [("halve", {"factor": 0.5}, pytest.approx(0.5, abs=1e-12))] * 2
    assert post.removed_by_update == pytest.approx(0.75, abs=1e-12)  # 1 - (1 - 0.5)^2


def test_a_cdf_never_exceeds_one_and_ends_at_exactly_one():
    # _normalised_cdf: cumulative sums (sequential) and the total (pairwise) round differently; for
    # these seven weighted samples the raw cumulative share reaches 1 + 2e-16 before the last bin.
    # A CDF is a probability: never above 1, and exactly 1 at the grid's end.
    from bioanchors.requirements.distribution import GRID, GRID_STEP, RequirementDistribution

    x = np.array([16.369616873214543, 12.697867137638703, 10.409735239361947, 10.165276355285291,
                  18.132702392002724, 19.127555772777217, 16.0663577576718])
    w = np.array([0.7294965609839984, 0.5436249914654229, 0.9350724237877682, 0.8158535541215322,
                  0.002738500170148095, 0.8574042765875693, 0.033585575305464355])
    mass = np.bincount(np.ceil(x / GRID_STEP - 1e-9).astype(int), weights=w, minlength=GRID.size)
    assert (np.cumsum(mass) / w.sum()).max() > 1.0  # the rounding this test is about happens
    dist = RequirementDistribution.from_samples(x, w)
    assert dist.cdf.max() == 1.0 and dist.cdf[-1] == 1.0


def test_mass_on_the_last_grid_point_is_kept():
    # Half the samples at the grid's top end (100 = 1e100 FLOP): P(x <= GRID[-2]) = 1/2, not 1.
    from bioanchors.requirements.distribution import RequirementDistribution

    dist = RequirementDistribution.from_samples(np.array([50.0, 100.0]))
    assert dist.cdf[-2] == 0.5 and dist.cdf[-1] == 1.0


# --- forecast.py -------------------------------------------------------------------------------

def test_a_one_year_window_is_allowed():
    # forecast()'s docstring: the window is [start_year, end_year]; only end < start is an error.
    res = bioanchors.forecast("cotra2020", start_year=2040, end_year=2040)
    assert list(res.p_by_year.index) == [2040]
    assert res.p_by_year[2040] == pytest.approx(bioanchors.forecast("cotra2020").p_by_year[2040], abs=1e-12)
    with pytest.raises(bioanchors.BioanchorsError, match=re.escape("end year 2039 is before start year 2040")):
        bioanchors.forecast("cotra2020", start_year=2040, end_year=2039)


@pytest.mark.parametrize("method", ["monte-carlo", "conditional"])
def test_sample_counts_from_one_to_the_maximum_are_accepted_and_no_others(method):
    # forecast.MAX_SAMPLES = 100,000,000 and at least 1 (docs/limits.md); both ends are valid.
    from bioanchors.forecast import MAX_SAMPLES, resolve_method

    sc = bioanchors.load_scenario("cotra2020-uncertain")
    assert resolve_method(sc, method, 1) == (method, 1)
    assert resolve_method(sc, method, MAX_SAMPLES) == (method, MAX_SAMPLES)
    for bad in (0, MAX_SAMPLES + 1):
        with pytest.raises(bioanchors.BioanchorsError,
                           match=re.escape(f"--samples must be between 1 and 100,000,000, got {bad}")):
            resolve_method(sc, method, bad)


def test_auto_and_default_samples_resolve_from_the_registry():
    # forecast.METHODS comment: auto is exact for point-valued trends, conditional for uncertain
    # ones; the default size is the estimator's registered default_samples.
    from bioanchors.evaluation.registry import ESTIMATORS
    from bioanchors.forecast import resolve_method

    assert resolve_method(bioanchors.load_scenario("cotra2020"), "auto", None)[0] == "exact"
    assert resolve_method(bioanchors.load_scenario("cotra2020-uncertain"), "auto", None) == \
        ("conditional", ESTIMATORS["conditional"].default_samples)
    assert resolve_method(bioanchors.load_scenario("cotra2020"), "monte-carlo", None) == \
        ("monte-carlo", ESTIMATORS["monte-carlo"].default_samples)
    assert resolve_method(bioanchors.load_scenario("cotra2020"), "monte-carlo", 123) == ("monte-carlo", 123)


# --- requirements/anchors.py: each sub-model's mean and variance in closed form -------------------
# Sums and products of independent normal ingredients (docs/model.md §3; report Parts 1-3), with
# every ingredient given a distinct mean and a spread large enough to show in the variance, so a
# dropped term, a flipped sign or one draw shared by all samples (`sample(rng, None)`) moves the
# mean or the variance by many standard errors. The built-in scenarios fix several of these
# ingredients to points, which hides such mistakes from the reproduction tests.

_ING = {  # name: (mean, sd)
    "brain_log10_flop_per_s": (15.0, 1.0), "ml_adjustment_oom": (1.0, 0.7),
    "params_minus_flop_per_subj_s_oom": (-1.5, 0.5), "scaling_exponent": (0.8, 0.15),
    "reference_log10_params": (12.0, 0.8), "reference_log10_samples": (12.5, 0.6),
    "samples_noise_oom": (1.5, 0.3), "genome_log10_params": (8.875, 0.9),
    "genome_log10_horizon_s": (8.0, 0.8), "lifetime_log10_seconds": (9.0, 0.6),
    "lifetime_multiplier_oom": (3.0, 1.3), "evolution_log10_flop": (41.0, 0.9),
    "evolution_multiplier_oom": (0.5, 1.1),
}


def _m(k):
    return _ING[k][0]


def _v(k):
    return _ING[k][1] ** 2


def _scaled_moments(x_mean, x_var):
    """Mean and variance of alpha * X, alpha independent of X (product of independent variables)."""
    a, s2 = _m("scaling_exponent"), _v("scaling_exponent")
    return a * x_mean, a * a * x_var + s2 * x_mean**2 + s2 * x_var


def _samples_moments(x_mean, x_var):
    """D = reference samples + alpha (log10 P - reference params) + noise SD x Z (Part 2)."""
    am, av = _scaled_moments(x_mean, x_var)
    noise_var = _m("samples_noise_oom") ** 2 + _v("samples_noise_oom")  # E[sd^2] Var(Z), mean 0
    return _m("reference_log10_samples") + am, _v("reference_log10_samples") + av + noise_var


def _closed_form(model, low=None, high=None):
    f_mean = _m("brain_log10_flop_per_s") + _m("ml_adjustment_oom")
    f_var = _v("brain_log10_flop_per_s") + _v("ml_adjustment_oom")
    if model == "lifetime_anchor":
        keys = ("brain_log10_flop_per_s", "lifetime_log10_seconds", "lifetime_multiplier_oom")
        return sum(map(_m, keys)), sum(map(_v, keys))
    if model == "evolution_anchor":
        keys = ("evolution_log10_flop", "ml_adjustment_oom", "evolution_multiplier_oom")
        return sum(map(_m, keys)), sum(map(_v, keys))
    if model == "genome_anchor":  # P from the genome, independent of F
        d_mean, d_var = _samples_moments(_m("genome_log10_params") - _m("reference_log10_params"),
                                         _v("genome_log10_params") + _v("reference_log10_params"))
        return (f_mean + _m("genome_log10_horizon_s") + d_mean,
                f_var + _v("genome_log10_horizon_s") + d_var)
    # neural network: P = F + shift, so D shares F: Cov(F, alpha X) = E[alpha] Var(F)
    x_mean = f_mean + _m("params_minus_flop_per_subj_s_oom") - _m("reference_log10_params")
    x_var = f_var + _v("params_minus_flop_per_subj_s_oom") + _v("reference_log10_params")
    d_mean, d_var = _samples_moments(x_mean, x_var)
    h_mean, h_var = (low + high) / 2.0, (high - low) ** 2 / 12.0  # uniform log10 horizon
    return f_mean + h_mean + d_mean, f_var + h_var + d_var + 2.0 * _m("scaling_exponent") * f_var


@pytest.mark.parametrize("model, kwargs", [
    ("lifetime_anchor", {}), ("evolution_anchor", {}), ("genome_anchor", {}),
    ("neural_network", {"log10_horizon_s_low": 3.0, "log10_horizon_s_high": 6.0}),
])
def test_anchor_sub_models_have_their_closed_form_mean_and_variance(model, kwargs):
    from bioanchors.distributions import Normal
    from bioanchors.requirements.anchors import REGISTRY

    n = 400_000
    ing = {k: Normal(m, s) for k, (m, s) in _ING.items()}
    x = REGISTRY[model](ing, np.random.default_rng(11), n, **kwargs)
    assert x.shape == (n,)
    mean, var = _closed_form(model, kwargs.get("log10_horizon_s_low"), kwargs.get("log10_horizon_s_high"))
    # 6 standard errors: of the mean sqrt(var / n); of the variance ~ var sqrt(2 / n) (near-normal
    # sums; the product term alpha X has small excess kurtosis, so the bound is 2x that).
    assert x.mean() == pytest.approx(mean, abs=6.0 * np.sqrt(var / n))
    assert x.var() == pytest.approx(var, abs=12.0 * var * np.sqrt(2.0 / n))


def test_the_default_seed_is_zero_and_seeds_matter():
    # forecast()'s signature documents seed=0; the same seed gives byte-identical output and a
    # different seed a different one (so the first check has teeth).
    a = bioanchors.forecast("cotra2020", method="monte-carlo", samples=3000)
    b = bioanchors.forecast("cotra2020", method="monte-carlo", samples=3000, seed=0)
    c = bioanchors.forecast("cotra2020", method="monte-carlo", samples=3000, seed=1)
    assert np.array_equal(a.p, b.p) and not np.array_equal(a.p, c.p)


def test_a_scenario_with_evidence_is_conditioned_on_it():
    # docs/evidence.md, "Forecasting from V": given no TAI by V, P(by t) is 0 for t <= V. The
    # unconditioned best guess has P(by 2025) ~ 3% (> 0), so skipping the evidence shows.
    res = bioanchors.forecast("cotra2020-given-2025", start_year=2022, end_year=2030)
    assert np.all(res.p_by_year.loc[2022:2025] == 0.0)
    assert res.p_by_year[2030] > 0.0
    assert bioanchors.forecast("cotra2020", start_year=2022, end_year=2030).p_by_year[2025] > 0.01


def test_an_evidence_forecast_uses_the_samples_asked_for():
    # forecast(samples=N): "Joint samples (monte-carlo) or trend draws (conditional)"; the
    # evidence path must pass N on, not fall back to the default.
    res = bioanchors.forecast("cotra2020-given-2025", method="monte-carlo", samples=2000, seed=1,
                              end_year=2040)
    assert res.samples == 2000


def test_built_hypotheses_keep_the_scenario_labels_and_order():
    # The prior build is cached on a key of what shapes it (build._prior_key); the labels shown in
    # every table come back from that key, so they must survive it (cotra2020.toml, [hypotheses.*].label).
    from bioanchors.requirements import build_hypotheses

    spec = bioanchors.load_scenario("cotra2020").spec
    built = build_hypotheses(spec)
    assert [b.name for b in built] == list(spec.hypotheses)
    assert [b.label for b in built] == [h.label for h in spec.hypotheses.values()]
    assert built[0].label == "Lifetime anchor"


def test_an_evidence_forecast_passes_on_window_seed_and_progress():
    # forecast()'s parameters mean the same on the evidence path (docs/evidence.md): the window
    # asked for, the seed (a different seed, a different estimate) and the progress callback.
    calls = []
    kw = dict(method="monte-carlo", samples=2000, start_year=2027, end_year=2035)
    a = bioanchors.forecast("cotra2020-given-2025", seed=0, progress=calls.append, **kw)
    b = bioanchors.forecast("cotra2020-given-2025", seed=1, **kw)
    assert list(a.p_by_year.index) == list(range(2027, 2036))
    assert not np.array_equal(a.p, b.p)
    assert calls and sum(calls) >= 2000


def test_hypotheses_passed_to_forecast_are_used():
    # forecast(hypotheses=...): "use these instead of building the scenario's". Removing every
    # requirement below 1e35 FLOP (a step likelihood) must lower P(by 2040) of the best guess.
    from bioanchors.requirements import build_hypotheses
    from bioanchors.requirements.transforms import Transform

    sc = bioanchors.load_scenario("cotra2020")
    above = Transform("above_35", lambda x: np.where(x > 35.0, 1.0, 0.0), {"threshold": 35.0})
    hyps = tuple(h.transformed(above) for h in build_hypotheses(sc.spec))
    base = bioanchors.forecast(sc).p_by_year[2040]
    assert bioanchors.forecast(sc, hypotheses=hyps).p_by_year[2040] < base - 0.05


def test_monte_carlo_counts_a_chunk_in_which_every_sample_arrives_at_once():
    # Run 2's last non-equivalent survivors, montecarlo 105 and 135 (`minlength=n_years - 1`), break
    # only when no sample of a chunk misses the horizon. Requirements far below the compute affordable
    # in the first year (1e24 FLOP against ~1e26.6, report p. 121: $1B x 4e17 FLOP/$ in 2025; the
    # update against low values off, since it would remove them) and p_none = 0: every sample
    # arrives in the first year, in every chunk.
    sc = bioanchors.load_scenario("cotra2020")
    tiny = {f"hypotheses.{h}.requirement": {"dist": "normal", "mean": 24.0, "sd": 0.1} for h in sc.spec.hypotheses}
    sc = sc.replace({**tiny, "requirements.update.enabled": False,
                     "breakthrough.p_none_start": 0.0, "breakthrough.p_none_end": 0.0})
    res = bioanchors.forecast(sc, method="monte-carlo", samples=2 * 100_000 + 7, seed=0)  # 3 chunks (CHUNK)
    assert np.all(res.p == 1.0) and res.median_year == res.years[0]
    assert np.all(np.array([c.p for c in res.components]) == 1.0)
