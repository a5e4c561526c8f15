"""Kill tests for mutation run 5 (docs/testing.md, "Mutation testing"): `requirements/evidence`,
`evaluation/registry`, `models/base` and `models/ensemble`.

Each test checks a closed form, a documented contract (the docstring it cites) or a defining
property; not the package's own output.
"""

from __future__ import annotations

import numpy as np
import pytest

import bioanchors
from bioanchors.evaluation import registry
from bioanchors.evaluation.registry import Estimator, get_estimator, register_estimator, unknown_name
from bioanchors.models import get_model

# --- evaluation/registry.register_estimator: adds a new name, refuses a taken or reserved one ---
# Contract: registry.py's docstring ("adding an estimator is one register_estimator call") and
# the reserved name "auto" (forecast's --method auto picks an estimator; it cannot be one).

def _toy_estimator(name: str) -> Estimator:
    return Estimator(name, "a test estimator", lambda *a: None)


def test_register_estimator_adds_a_new_name_and_refuses_taken_or_reserved_ones(monkeypatch):
    monkeypatch.setattr(registry, "ESTIMATORS", dict(registry.ESTIMATORS))
    est = _toy_estimator("test-only")
    assert register_estimator(est) is est
    assert registry.ESTIMATORS["test-only"] is est
    for taken in ("test-only", "exact", "auto"):
        with pytest.raises(ValueError) as info:
            register_estimator(_toy_estimator(taken))
        assert str(info.value) == f"estimator '{taken}' is already registered (or reserved)"
    assert "auto" not in registry.ESTIMATORS


# --- evaluation/registry.unknown_name: the exact one-line text, with and without a close match ---

def test_unknown_name_without_a_close_match_lists_every_name_and_nothing_else():
    assert unknown_name("method", "zzz", ["auto", "exact", "conditional"]) == (
        "unknown method 'zzz'; choose one of: auto, exact, conditional")


def test_unknown_name_with_a_close_match_suggests_it():
    assert unknown_name("method", "exat", ["auto", "exact"]) == (
        "unknown method 'exat'; did you mean 'exact'? choose one of: auto, exact")


def test_get_estimator_rejects_an_unhashable_name_with_the_list():
    with pytest.raises(bioanchors.BioanchorsError) as info:
        get_estimator(["zzz"])
    assert str(info.value) == ("unknown method '['zzz']'; choose one of: auto, exact, conditional, "
                               "qmc, monte-carlo")


# --- models/ensemble.MixtureModel: auto is exact for a point-valued mixture; exact refuses
# uncertain weights with the fix (MixtureModel's docstring; README "Bad input"). ---------------

def _mix_file(tmp_path, weight0: str, member0: str = "cotra2020") -> str:
    path = tmp_path / "mix.toml"
    path.write_text(f'name = "mix"\n[[models]]\nscenario = "{member0}"\nweight = {weight0}\n'
                    '[[models]]\nscenario = "cotra2022"\nweight = 1\n', encoding="utf-8")
    return str(path)


def test_a_point_valued_mixture_is_exact_by_default_and_an_uncertain_one_conditional(tmp_path):
    mixture = get_model("ensemble")
    point = bioanchors.load_scenario(_mix_file(tmp_path, "3"))
    assert mixture.auto_method(point) == "exact"
    res = bioanchors.forecast(point)
    assert res.samples is None and res.seed is None  # nothing sampled
    uncertain = bioanchors.load_scenario(_mix_file(tmp_path, '{dist = "uniform", low = 0, high = 1}'))
    assert mixture.auto_method(uncertain) == "conditional"


def test_the_exact_method_refuses_uncertain_weights_with_the_fix(tmp_path):
    path = _mix_file(tmp_path, '{dist = "uniform", low = 0, high = 1}')
    with pytest.raises(bioanchors.BioanchorsError) as info:
        bioanchors.forecast(path, method="exact")
    assert str(info.value).endswith(
        "mix.toml: the exact method needs point-valued weights; use --method conditional")


def test_a_sampled_mixture_is_seeded_labelled_recorded_and_reports_progress(tmp_path):
    path = _mix_file(tmp_path, '{dist = "uniform", low = 0, high = 1}', "cotra2020-uncertain")
    done = []
    runs = [bioanchors.forecast(path, method="conditional", samples=300, seed=s, progress=done.append)
            for s in (7, 7, 8)]
    assert np.array_equal(runs[0].p, runs[1].p) and not np.array_equal(runs[0].p, runs[2].p)
    res = runs[0]
    assert res.model == "ensemble" and res.samples == 300 and res.seed == 7 and res.forecast.label == "mix"
    assert done and max(done) == 300  # the sampled member reports progress through the caller's callback
    exact = bioanchors.forecast(_mix_file(tmp_path, "3"), method="exact")
    assert exact.model == "ensemble" and exact.samples is None and exact.seed is None


def test_uncertain_weights_are_drawn_from_the_last_of_the_spawned_streams(tmp_path):
    # MixtureModel.evaluate: SeedSequence(seed).spawn(members + 1), one stream per member and the
    # last for the weights, drawn in member order; the share is E[w_0 / (w_0 + w_1)].
    sc = bioanchors.load_scenario(_mix_file(tmp_path, '{dist = "uniform", low = 0, high = 1}'))
    n, seed = 500, 11
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(3)[-1])
    w = np.column_stack([m.weight.distribution().sample(rng, n) for m in sc.spec.models])
    share = np.mean(w[:, 0] / w.sum(axis=1))
    res = bioanchors.forecast(sc, method="conditional", samples=n, seed=seed)
    assert res.components[0].weight == pytest.approx(share, abs=1e-12)


def test_point_weights_are_kept_as_stated_by_the_sampled_methods(tmp_path):
    # _expected_shares: point weights are returned as written, so components keep them
    # (Component.stated_weight: "as written in the config, before normalisation").
    res = bioanchors.forecast(_mix_file(tmp_path, "3"), method="conditional", samples=50, seed=0)
    assert [c.stated_weight for c in res.components] == [3.0, 1.0]
    assert [c.weight for c in res.components] == [0.75, 0.25]


# --- models/base.ParametricModel: the conditional and monte-carlo estimators against an oracle ---
# base.py's table: conditional = mean of the N draws' curves, SE = SD across draws / sqrt(N),
# 5/50/95% band over the first BAND_DRAWS curves; monte-carlo = one uniform u per draw, arrived
# by t when the draw's CDF has passed u, SE = sqrt(P(1 - P) / N). The oracle evaluates all draws
# at once through the public parameter_set_evaluator; the chunk (CHUNK_CELLS / years) and
# BAND_DRAWS are shrunk so that chunks straddle the band's end and N is not a multiple of the
# chunk. The estimators are generic since issue 20 (evaluation/estimators.py): draws are
# row-major and Monte Carlo's uniforms follow each chunk's parameter draws.

@pytest.fixture
def horizon(monkeypatch):
    from bioanchors.evaluation import estimators, problem

    monkeypatch.setattr(problem, "CHUNK_CELLS", 3 * 37)  # 3 sets of 37 years (2024-2060) per chunk
    monkeypatch.setattr(estimators, "BAND_DRAWS", 5)
    model, sc = get_model("metr-horizon"), bioanchors.load_scenario("metr-horizon")
    assert model.uncertain_parameters(sc)  # the built-in scenario has distributions
    return model, sc, np.arange(2024, 2061)


def _oracle_draws(model, sc, years, n, seed):
    rng = np.random.default_rng(seed)
    curves = np.asarray(model.parameter_set_evaluator(sc, years)(model.draw(sc, n, rng)))
    assert curves.shape == (n, years.size)
    return curves, rng


@pytest.mark.parametrize("n", [2, 7])
def test_parametric_conditional_is_the_mean_sd_and_band_of_the_draws(horizon, n):
    model, sc, years = horizon
    done = []
    res = model.evaluate(sc, method="conditional", samples=n, seed=5, years=years, progress=done.append)
    assert done == [3] * (n // 3) + ([n % 3] if n % 3 else [])  # draws done in each chunk of 3
    curves, _ = _oracle_draws(model, sc, years, n, 5)
    np.testing.assert_allclose(res.p, curves.mean(axis=0), rtol=0, atol=1e-12)
    # compared as variances: the one-pass E[p^2] - E[p]^2 is exact to ~1e-16 absolute, not its square root
    np.testing.assert_allclose(res.standard_errors ** 2, curves.var(axis=0, ddof=1) / n, rtol=0, atol=1e-15)
    assert sorted(res.band) == [0.05, 0.5, 0.95]
    for q, b in res.band.items():  # the band's rows are kept as float32 (rounding <= 6e-8)
        np.testing.assert_allclose(b, np.quantile(curves[:5], q, axis=0), rtol=0, atol=1e-7)
    assert res.samples == n and res.seed == 5


@pytest.mark.parametrize("n", [2, 7])
def test_parametric_monte_carlo_is_one_inverse_transform_draw_per_parameter_set(horizon, n):
    model, sc, years = horizon
    res = model.evaluate(sc, method="monte-carlo", samples=n, seed=9, years=years)
    rng, evaluate, hits = np.random.default_rng(9), model.parameter_set_evaluator(sc, years), 0
    for lo in range(0, n, 3):  # per chunk: the parameter draws, then one uniform per draw
        m = min(3, n - lo)
        curves = np.asarray(evaluate(model.draw(sc, m, rng)))
        hits = hits + (curves >= rng.random(m)[:, None]).sum(axis=0)
    p = hits / n
    assert np.array_equal(res.p, p) and res.band is None
    np.testing.assert_allclose(res.standard_errors, np.sqrt(p * (1 - p) / n), rtol=0, atol=1e-15)


@pytest.mark.parametrize("name, shown", [
    # the uncertain parameters of the built-in scenarios (src/bioanchors/scenarios/*.toml), in field order
    ("metr-horizon", "2 parameters are distributions (horizon_trend.log10_minutes_at_anchor, "
                     "horizon_trend.doubling_time_months)"),
    ("direct-approach", "9 parameters are distributions (investment.growth_per_year, "
                        "investment.gwp_growth_per_year, investment.max_gwp_share and 6 more)"),
])
def test_the_exact_method_names_the_uncertain_parameters_and_the_fix(name, shown):
    with pytest.raises(bioanchors.BioanchorsError) as info:
        get_model(name).check_method(bioanchors.load_scenario(name), "exact")
    assert str(info.value) == (f"built-in scenario '{name}': the exact method needs point values, but {shown}. "
                               "Use --method conditional or monte-carlo (or give them as values).")


def test_parametric_evaluate_records_model_label_kind_and_central_components():
    # ArrivalForecast's fields as ParametricModel.evaluate documents them: components and
    # diagnostics at the central parameters, samples and seed only for the sampled methods.
    name, years = "semi-informative-priors", np.arange(2024, 2061)
    model, sc = get_model(name), bioanchors.load_scenario(name)
    central = model.components(sc.spec, model.point_parameters(sc), years)
    assert central  # Davidson's model shows its trial definitions
    for method in ("conditional", "monte-carlo"):
        res = model.evaluate(sc, method=method, samples=20, seed=2, years=years)
        assert (res.model, res.label, res.component_kind) == (name, sc.spec.name, "trial definitions")
        assert [c.name for c in res.components] == [c.name for c in central]
        for got, want in zip(res.components, central):
            np.testing.assert_array_equal(got.p, want.p)
        assert res.method == method and res.samples == 20 and res.seed == 2


def test_a_point_valued_parametric_scenario_has_no_band_even_when_sampled():
    # evaluate: the band is the spread across draws of uncertain parameters; with none, there is none.
    model = get_model("metr-horizon")
    sc = bioanchors.load_scenario("metr-horizon").replace({  # the file's medians as points
        "horizon_trend.log10_minutes_at_anchor": 1.351, "horizon_trend.doubling_time_months": 6.64})
    years = np.arange(2024, 2061)
    res = model.evaluate(sc, method="conditional", samples=10, seed=1, years=years)
    assert res.band is None
    exact = model.evaluate(sc, method="exact", samples=10, seed=1, years=years)
    assert exact.samples is None and exact.seed is None and exact.band is None
    np.testing.assert_allclose(res.p, exact.p, rtol=0, atol=1e-15)  # every draw is the central curve (mean: rounding)


class _Broken:
    """A ParametricModel whose closed form returns ``out`` (built per test)."""

    @staticmethod
    def make(out):
        from bioanchors.models.base import ParametricModel

        class Broken(ParametricModel):
            name, source, forecasts = "broken", "test", "nothing"

            def p_by_year(self, spec, params, years):
                return out(years)

        return Broken()


@pytest.mark.parametrize("out", [
    lambda years: np.full(years.size, np.nan),  # right shape, not finite
    lambda years: np.zeros(years.size + 1),  # finite, wrong length
])
def test_a_closed_form_that_is_not_finite_on_the_grid_is_an_error(out):
    sc = bioanchors.load_scenario("metr-horizon")
    with pytest.raises(bioanchors.BioanchorsError) as info:
        _Broken.make(out).evaluate(sc, method="exact", samples=0, seed=0, years=np.arange(2024, 2031))
    assert str(info.value) == "model broken: P(by t) is not finite on the year grid; check the inputs"


def test_curves_are_clipped_to_probabilities_and_made_non_decreasing():
    # _curves: "Rounding can leave a closed form a hair outside [0, 1] or a hair non-monotone": a hair
    # (<= models.base.ROUNDING = 1e-9) is clipped; more is an error (issue 23 item 7, the next test).
    out = np.array([-1e-12, 0.5, 0.5 - 1e-12, 1.0 + 1e-12])
    res = _Broken.make(lambda years: out).evaluate(bioanchors.load_scenario("metr-horizon"), method="exact",
                                                   samples=0, seed=0, years=np.arange(2024, 2028))
    assert np.array_equal(res.p, [0.0, 0.5, 0.5, 1.0])


@pytest.mark.parametrize("out", [[-0.1, 0.2, 0.3, 0.4],  # below 0
                                 [0.1, 0.2, 0.3, 1.2],  # above 1
                                 [0.1, 0.5, 0.4, 0.6]])  # decreasing: the running maximum would hide it
def test_a_closed_form_that_is_not_a_cdf_is_an_error(out):
    """Issue 23 item 7: the base model checks the raw curve; before, clip + running max turned
    [0.1, 0.5, 0.4, 0.6] into a valid-looking [0.1, 0.5, 0.5, 0.6]."""
    with pytest.raises(bioanchors.BioanchorsError, match="model broken: P\\(by t\\) is not a CDF"):
        _Broken.make(lambda years: np.array(out)).evaluate(bioanchors.load_scenario("metr-horizon"), method="exact",
                                                           samples=0, seed=0, years=np.arange(2024, 2028))


# --- models/ensemble.ensemble and its checks: exact texts and the [0, 1] guarantee ---------------

def _fc(p, years=None):
    from bioanchors.result import ArrivalForecast

    p = np.asarray(p, dtype=float)
    years = np.arange(2030, 2030 + p.size) if years is None else np.asarray(years)
    return ArrivalForecast(model="toy", method="exact", years=years, p=p, standard_errors=np.zeros(p.size),
                           label="toy")


def test_ensemble_errors_say_what_is_wrong():
    from bioanchors.models import ensemble

    with pytest.raises(TypeError) as info:
        ensemble([(1.0, "cotra2020")])
    assert str(info.value) == "ensemble members must be forecasts, got str"
    with pytest.raises(bioanchors.BioanchorsError) as info:
        ensemble([])
    assert str(info.value) == "an ensemble needs at least one member"
    with pytest.raises(bioanchors.BioanchorsError) as info:
        ensemble([(-1, _fc([0.5]))])
    assert str(info.value) == "ensemble weights must be finite, >= 0 and not all 0; got [-1.0]"
    with pytest.raises(bioanchors.BioanchorsError) as info:
        ensemble([(1, _fc([0.5], years=[2030])), (1, _fc([0.5], years=[2040]))])
    assert str(info.value) == "ensemble members share no year; give them overlapping --start-year/--end-year"


def test_ensemble_label_defaults_to_ensemble():
    from bioanchors.models import ensemble

    assert ensemble([(1.0, _fc([0.5]))]).label == "ensemble"
    assert ensemble([(1.0, _fc([0.5]))], label="mine").label == "mine"


def test_a_mixture_of_certainties_is_a_probability_despite_rounding():
    # ensemble.py: "a mixture of CDFs is a CDF, so P stays ... within [0, 1]". With weights
    # 0.73, 0.18, 0.86, 0.54, 0.3 the normalised weights times ones is 1 + 2.2e-16 in float64.
    from bioanchors.models import ensemble

    w = [0.73, 0.18, 0.86, 0.54, 0.3]
    assert np.all(np.array(w) / sum(w) @ np.ones((5, 2)) > 1.0)  # the rounding this test needs
    res = ensemble([(wi, _fc([1.0, 1.0])) for wi in w])
    assert np.all(res.p == 1.0)


def test_a_nested_ensemble_is_refused_with_the_fix(tmp_path):
    inner = tmp_path / "inner.toml"
    inner.write_text('name = "inner"\n[[models]]\nscenario = "cotra2020"\nweight = 1\n', encoding="utf-8")
    outer = tmp_path / "outer.toml"
    outer.write_text('name = "outer"\n[[models]]\nscenario = "inner.toml"\nweight = 1\n', encoding="utf-8")
    with pytest.raises(bioanchors.ScenarioError) as info:
        bioanchors.load_scenario(str(outer))
    assert str(info.value).endswith(
        "field 'models.0': 'inner' is itself an ensemble; list its members here instead (ensembles do not nest)")


# --- requirements/evidence: the "not yet" likelihood in closed form (docs/evidence.md; the module
# docstring: L(x) = clip((x - (T - ramp)) / ramp, 0, 1), and 1[x > T] for ramp 0) ---------------

def test_not_yet_likelihood_is_the_documented_ramp_and_step():
    from bioanchors.requirements.evidence import not_yet_likelihood

    x = np.array([27.0, 28.0, 29.0, 29.5, 30.0, 31.0])
    # T = 30, ramp 2: 0 at or below 28, (x - 28) / 2 between, 1 from 30
    assert np.array_equal(not_yet_likelihood(x, 30.0, 2.0), [0.0, 0.0, 0.5, 0.75, 1.0, 1.0])
    step = not_yet_likelihood(x, 30.0, 0.0)
    assert step.dtype == np.float64 and np.array_equal(step, [0, 0, 0, 0, 0, 1])  # strictly above T
    with pytest.raises(ValueError) as info:
        not_yet_likelihood(x, 30.0, -1.0)
    assert str(info.value) == "ramp_log10_flop must be >= 0"


def test_not_yet_transform_defaults_to_the_step_and_records_its_parameters():
    from bioanchors.requirements.evidence import not_yet

    t = not_yet(30.0, year=2025)
    assert t.name == "not_yet"
    assert dict(t.params) == {"threshold_log10_flop": 30.0, "ramp_log10_flop": 0.0, "year": 2025}
    assert np.array_equal(t.likelihood(np.array([29.5, 30.0, 30.5])), [0.0, 0.0, 1.0])
    assert np.array_equal(not_yet(30.0, 2.0).likelihood(np.array([29.0])), [0.5])


# --- evaluation/registry._run_conditional: Cotra's conditional estimator passes on the band and
# the progress callback (the Estimate's band field; forecast()'s progress argument) --------------

def test_cotra_conditional_has_a_band_and_reports_progress():
    done = []
    res = bioanchors.forecast("cotra2020-uncertain", method="conditional", samples=40, seed=1, progress=done.append)
    assert res.forecast.band is not None and sorted(res.forecast.band) == [0.05, 0.5, 0.95]
    assert done and max(done) == 40


def test_components_and_diagnostics_are_taken_at_the_central_parameters():
    # ParametricModel: "components: the parts of the forecast at the central parameters";
    # "diagnostics: named (years,) series shown beside P ... at the central parameters".
    from bioanchors.models.base import ParametricModel

    seen = {}

    class Recorder(ParametricModel):
        name, source, forecasts = "recorder", "test", "nothing"

        def p_by_year(self, spec, params, years):
            return np.zeros(years.size)

        def components(self, spec, params, years):
            seen["components"] = dict(params)
            return ()

        def diagnostics(self, spec, params, years):
            seen["diagnostics"] = dict(params)
            return {"years": years.astype(float)}

    model, sc, years = Recorder(), bioanchors.load_scenario("metr-horizon"), np.arange(2024, 2030)
    res = model.evaluate(sc, method="conditional", samples=3, seed=0, years=years)
    assert seen["components"] == seen["diagnostics"] == model.point_parameters(sc)
    assert list(res.diagnostics) == ["years"] and np.array_equal(res.diagnostics["years"], years)


@pytest.mark.parametrize("kept", [3, 4])
def test_the_exact_refusal_lists_three_names_then_counts_the_rest(kept):
    # check_method: up to three names are shown, "and N more" only beyond three.
    model, sc = get_model("direct-approach"), bioanchors.load_scenario("direct-approach")
    uncertain = model.uncertain_parameters(sc)
    names = list(uncertain)
    sc = sc.replace({k: uncertain[k].central for k in names[kept:]})
    with pytest.raises(bioanchors.BioanchorsError) as info:
        model.check_method(sc, "exact")
    shown = ", ".join(names[:3]) + (" and 1 more" if kept == 4 else "")
    assert f"but {kept} parameters are distributions ({shown}). Use" in str(info.value)


def test_a_mixture_records_samples_and_seed_only_when_sampled(tmp_path):
    mixture = get_model("ensemble")
    sc = bioanchors.load_scenario(_mix_file(tmp_path, "3"))
    years = np.arange(2025, 2040)
    exact = mixture.evaluate(sc, method="exact", samples=10, seed=4, years=years)
    assert exact.samples is None and exact.seed is None
    sampled = mixture.evaluate(sc, method="monte-carlo", samples=10, seed=4, years=years)
    assert sampled.samples == 10 and sampled.seed == 4
