"""The ground every model of issue 15 stands on: scenario files name their model, closed-form
models get the three estimators from ParametricModel, and [[models]] ensembles are data.

The test model is an exponential arrival with hazard ``rate`` per year from ``start_year``:
P(by the end of t) = 1 - exp(-rate * (t + 1 - start_year)). With rate ~ LogNormal(median m,
sd_log10 s), E[P] has no closed form, so the oracle is a plain per-draw loop over numpy's own
lognormal (a different code path from Param.distribution().sample).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import bioanchors
from bioanchors.errors import BioanchorsError, ScenarioError
from bioanchors.scenario import load_scenario, scenario_from_dict
from toy_models import registered_hazard_model


@pytest.fixture(scope="module")
def hazard():
    with registered_hazard_model("test-hazard") as m:
        yield m


def _scenario(rate, **extra):
    return scenario_from_dict({"name": "toy", "model": "test-hazard", "years": {"start": 2025, "end": 2100},
                               "hazard": {"rate_per_year": rate}, **extra})


def test_config_narrows_to_the_models_own_schema_or_says_which_model_it_is(hazard):
    """Scenario.config is how code for one model reads its fields (issue 20 item 6: mypy without an
    ignore list); the wrong model is a one-line ScenarioError naming both, never an AttributeError."""
    from bioanchors.schema import ScenarioSpec

    cotra = load_scenario("cotra2020")
    assert cotra.config(ScenarioSpec) is cotra.spec
    toy = _scenario(0.02)
    with pytest.raises(ScenarioError, match=r"a 'test-hazard' scenario, where one for 'cotra2020' is needed"):
        toy.config(ScenarioSpec)
    # has_hypotheses is read from the config (a capability, not a model name); is_cotra is its alias
    assert cotra.has_hypotheses and cotra.is_cotra and not toy.has_hypotheses and not toy.is_cotra


def test_a_result_hands_back_the_scenario_it_was_run_on(hazard):
    """Results type their scenario as protocols.ScenarioLike (no import cycle); as_scenario narrows it."""
    from bioanchors.scenario import Scenario, as_scenario

    sc = _scenario(0.02)
    res = bioanchors.forecast(sc)
    assert isinstance(as_scenario(res.scenario), Scenario) and as_scenario(res.scenario) is sc
    with pytest.raises(TypeError):
        as_scenario(object())  # type: ignore[arg-type]


def test_a_scenario_names_its_model_and_is_validated_by_its_schema(hazard):
    sc = _scenario(0.02)
    assert sc.model == "test-hazard" and not sc.has_hypotheses
    with pytest.raises(ScenarioError, match=r"field 'hazard.rate_per_yeer'.*did you mean 'rate_per_year'"):
        scenario_from_dict({"name": "toy", "model": "test-hazard", "hazard": {"rate_per_yeer": 0.1}})


def test_an_unknown_model_is_a_one_line_error_with_a_suggestion():
    with pytest.raises(ScenarioError, match=r"field 'model': unknown model 'Cotra2020'; did you mean 'cotra2020'"):
        scenario_from_dict({"name": "x", "model": "Cotra2020", "extends": "cotra2020"})
    with pytest.raises(ScenarioError, match="field 'model': expected a model name in quotes"):
        scenario_from_dict({"name": "x", "model": 3})


def test_exact_is_the_closed_form(hazard):
    r = bioanchors.forecast(_scenario(0.02))
    want = 1.0 - np.exp(-0.02 * (r.years + 1.0 - 2020.0))  # the model's formula, by hand
    assert r.method == "exact"
    np.testing.assert_allclose(r.p, want, rtol=1e-12)
    assert r.median_year == 2020 + math.ceil(math.log(2) / 0.02) - 1  # first year with P >= 0.5


def _oracle(median, sd_log10, years, n, seed):
    """Per-draw loop: the mean of each draw's closed-form curve."""
    rng = np.random.default_rng(seed)
    total = np.zeros(years.size)
    for rate in rng.lognormal(math.log(median), sd_log10 * math.log(10), size=n):
        total += [1.0 - math.exp(-rate * max(y + 1 - 2020, 0)) for y in years]
    return total / n


@pytest.mark.parametrize("method", ["conditional", "monte-carlo"])
def test_sampled_estimators_agree_with_the_loop_oracle_within_their_own_error(hazard, method):
    sc = _scenario({"dist": "lognormal", "median": 0.02, "sd_log10": 0.3})
    r = bioanchors.forecast(sc, method=method, samples=20_000, seed=3)
    want = _oracle(0.02, 0.3, r.years, 4_000, seed=11)
    oracle_se = 0.5 / math.sqrt(4_000)  # P in [0, 1]: its SD is at most 0.5
    err = np.sqrt(r.standard_errors ** 2 + oracle_se ** 2)
    assert np.all(np.abs(r.p - want) <= 4.5 * err + 1e-12)
    assert np.all(r.standard_errors > 0)


def test_auto_is_exact_for_point_values_and_conditional_otherwise(hazard):
    assert bioanchors.forecast(_scenario(0.02)).method == "exact"
    unc = _scenario({"dist": "lognormal", "median": 0.02, "sd_log10": 0.3})
    r = bioanchors.forecast(unc, samples=2_000)
    assert r.method == "conditional" and r.p_by_year_band is not None
    lo, mid, hi = (r.p_by_year_band[q] for q in (0.05, 0.5, 0.95))
    assert np.all(lo <= mid) and np.all(mid <= hi) and np.any(lo < hi)
    with pytest.raises(BioanchorsError, match="exact method needs point values.*hazard.rate_per_year"):
        bioanchors.forecast(unc, method="exact")


def test_seeds_reproduce_and_differ(hazard):
    unc = _scenario({"dist": "lognormal", "median": 0.02, "sd_log10": 0.3})
    for method in ("conditional", "monte-carlo"):
        a, b, c = (bioanchors.forecast(unc, method=method, samples=3_000, seed=s).p for s in (1, 1, 2))
        assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_monte_carlo_of_a_point_valued_model_samples_its_exact_curve(hazard):
    sc = _scenario(0.02)
    exact = bioanchors.forecast(sc).p
    mc = bioanchors.forecast(sc, method="monte-carlo", samples=50_000, seed=0)
    assert np.all(np.abs(mc.p - exact) <= 4.5 * np.sqrt(exact * (1 - exact) / 50_000) + 1e-12)


def test_sensitivity_inputs_come_from_the_model(hazard):
    unc = _scenario({"dist": "lognormal", "median": 0.02, "sd_log10": 0.3})
    assert list(unc.uncertain_parameters) == ["hazard.rate_per_year"]
    f = hazard.parameter_set_evaluator(unc, np.arange(2025, 2031))
    p = f({"hazard.rate_per_year": np.array([0.01, 0.1])})
    assert p.shape == (2, 6) and np.all(p[1] > p[0])


# ---------------------------------------------------------------------------
# [[models]]: ensembles as data
# ---------------------------------------------------------------------------


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_mixture_with_one_weight_of_one_equals_that_model(tmp_path):
    path = _write(tmp_path, "one.toml", 'name = "one"\n[[models]]\nname = "cotra2020"\nweight = 1\n'
                  '[[models]]\nscenario = "cotra2022"\nweight = 0\n')
    mix, alone = bioanchors.forecast(path), bioanchors.forecast("cotra2020")
    assert mix.model == "ensemble" and mix.method == "exact"
    np.testing.assert_allclose(mix.p, alone.p, rtol=0, atol=1e-15)
    assert mix.median_year == alone.median_year


def test_a_mixture_is_the_weighted_mean_of_its_members(tmp_path):
    path = _write(tmp_path, "mix.toml", 'name = "mix"\n[[models]]\nscenario = "cotra2020"\nweight = 3\n'
                  '[[models]]\nscenario = "cotra2022"\nweight = 1\nlabel = "Cotra 2022"\n')
    mix = bioanchors.forecast(path)
    a, b = bioanchors.forecast("cotra2020").p, bioanchors.forecast("cotra2022").p
    np.testing.assert_allclose(mix.p, 0.75 * a + 0.25 * b, atol=1e-15)
    assert [c.weight for c in mix.components] == [0.75, 0.25]
    assert [c.name for c in mix.components] == ["cotra2020", "Cotra 2022"]


def test_conditional_mixture_is_exact_where_each_member_is_exact(tmp_path):
    path = _write(tmp_path, "mix.toml", 'name = "mix"\n[[models]]\nscenario = "cotra2020"\nweight = 1\n'
                  '[[models]]\nscenario = "cotra2020-uncertain"\nweight = 1\n')
    mix = bioanchors.forecast(path, samples=500, seed=4)
    assert mix.method == "conditional+exact"
    point = bioanchors.forecast("cotra2020").p
    assert np.array_equal(mix.components[0].p, point)  # not re-estimated: no sampling error


def test_mixture_weights_are_sensitivity_inputs(tmp_path):
    path = _write(tmp_path, "mix.toml", 'name = "mix"\n[[models]]\nscenario = "cotra2020"\n'
                  'weight = {dist = "uniform", low = 0, high = 1}\n[[models]]\nscenario = "cotra2022"\nweight = 1\n')
    sc = load_scenario(path)
    assert list(sc.uncertain_parameters) == ["models.0.weight"]
    f = bioanchors.models.get_model("ensemble").parameter_set_evaluator(sc, np.arange(2025, 2101))
    p = f({"models.0.weight": np.array([0.0, 1.0])})
    np.testing.assert_allclose(p[0], bioanchors.forecast("cotra2022").p, atol=1e-15)
    np.testing.assert_allclose(p[1], 0.5 * (bioanchors.forecast("cotra2020").p + bioanchors.forecast("cotra2022").p),
                               atol=1e-15)


@pytest.mark.parametrize("text, message", [
    ('[[models]]\nweight = 1\n', r"field 'models.0': give exactly one of name \(a model\) or scenario"),
    ('[[models]]\nname = "cotra2020"\nscenario = "cotra2022"\nweight = 1\n', r"exactly one of name"),
    ('[[models]]\nscenario = "nope"\nweight = 1\n', r"field 'models.0': unknown scenario 'nope'"),
    ('[[models]]\nscenario = "cotra2020"\nweight = -1\n', r"models.0.weight"),
    ('[[models]]\nscenario = "cotra2020"\nweight = 1\nwieght = 2\n', r"models.0.wieght.*did you mean 'weight'"),
])
def test_bad_members_are_one_line_errors_naming_the_field(tmp_path, text, message):
    path = _write(tmp_path, "bad.toml", 'name = "bad"\n' + text)
    with pytest.raises(ScenarioError, match=message):
        load_scenario(path)


def test_ensembles_do_not_nest(tmp_path):
    inner = _write(tmp_path, "inner.toml", 'name = "inner"\n[[models]]\nscenario = "cotra2020"\nweight = 1\n')
    outer = _write(tmp_path, "outer.toml", 'name = "outer"\n[[models]]\nscenario = "inner.toml"\nweight = 1\n')
    assert load_scenario(inner).model == "ensemble"
    with pytest.raises(ScenarioError, match="field 'models.0': 'inner' is itself an ensemble"):
        load_scenario(outer)


# ---------------------------------------------------------------------------
# the CLI takes a mixture like any scenario
# ---------------------------------------------------------------------------

MIX = 'name = "mix"\n[[models]]\nscenario = "cotra2020"\nweight = 1\n[[models]]\nscenario = "cotra2022"\nweight = 1\n'


def test_cli_forecast_compare_and_set_on_a_mixture(tmp_path, cli):
    import json

    path = _write(tmp_path, "mix.toml", MIX)
    out = json.loads(cli("forecast", path, "--format", "json", "--set", "models.0.weight=3").stdout)
    a, b = bioanchors.forecast("cotra2020").p, bioanchors.forecast("cotra2022").p
    assert out["model"] == "ensemble"
    assert out["p_by_year"]["2050"] == pytest.approx(0.75 * a[25] + 0.25 * b[25], abs=1e-12)  # 2050 = 2025 + 25
    table = cli("forecast", path).stdout
    assert "50%" in table and "cotra2022" in table  # normalised shares, one row per member
    res = cli("compare", "cotra2020", path)
    assert res.exit_code == 0 and " mix " in res.stdout  # labelled by the file's own name (issue 24 item 4)


@pytest.mark.parametrize("args, message", [
    (("forecast", "{path}", "--set", "models.5.weight=3"), "'models' has entries 0 to 1; no entry '5'"),
    (("forecast", "{path}", "--given-no-tai-by", "2025", "--rebase"), "a 'ensemble' scenario takes --given-no-tai-by"),
])
def test_cli_says_plainly_what_a_mixture_cannot_do(tmp_path, cli, args, message):
    path = _write(tmp_path, "mix.toml", MIX)
    res = cli(*[a.format(path=path, tmp=tmp_path) for a in args])
    assert res.exit_code == 2 and message in res.output and "Traceback" not in res.output


def test_cli_report_of_a_mixture_lists_its_members(tmp_path, cli):
    """The report shows the parts a model has (issue 24 item 2: every CLI capability for every model)."""
    path = _write(tmp_path, "mix.toml", MIX)
    res = cli("report", path, "-o", str(tmp_path / "r.html"))
    assert res.exit_code == 0, res.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h2>Models</h2>" in html and "cotra2022" in html


def test_cli_sensitivity_of_a_mixture_varies_its_weights_and_members_inputs(tmp_path, cli):
    path = _write(tmp_path, "mix.toml", 'name = "mix"\n[[models]]\nscenario = "cotra2020-uncertain"\n'
                  'weight = {dist = "uniform", low = 0.2, high = 1}\n[[models]]\nscenario = "cotra2022"\nweight = 1\n')
    res = cli("sensitivity", path, "--samples", "64")
    assert res.exit_code == 0, res.output
    assert "models.0.weight" in res.stdout and "models.0.flop_per_dollar" in res.stdout


def test_uncertain_weights_mix_by_their_expected_shares(tmp_path):
    # Weights U(0, 1) and 1: the first member's share w / (w + 1) has mean
    # integral_0^1 w / (w + 1) dw = 1 - ln 2 = 0.3069 (not 0.5 / 1.5 = 0.333 of the central weights).
    path = _write(tmp_path, "mix.toml", 'name = "mix"\n[[models]]\nscenario = "cotra2020"\n'
                  'weight = {dist = "uniform", low = 0, high = 1}\n[[models]]\nscenario = "cotra2022"\nweight = 1\n')
    mix = bioanchors.forecast(path, samples=200_000, seed=5)
    share = mix.components[0].weight
    assert share == pytest.approx(1 - math.log(2), abs=0.003)  # SD of the share <= 0.5 / sqrt(200,000) ~ 0.001
    a, b = bioanchors.forecast("cotra2020").p, bioanchors.forecast("cotra2022").p
    np.testing.assert_allclose(mix.p, share * a + (1 - share) * b, atol=1e-12)


def test_ensemble_2026_mixes_the_four_approaches_as_its_file_argues():
    sc = load_scenario("ensemble-2026")
    members = [m.model for m in sc.members]
    assert members == ["cotra2020", "direct-approach", "metr-horizon", "semi-informative-priors"]
    assert all(m.weight.source for m in sc.spec.models)  # every weight is argued in the file
    # The prior shares: the file conditions on no TAI by 2025 (issue 23 item 5), which updates the shares
    # (Bayes on the mixture; tests/test_now_scenarios.py), so they are read without that update here.
    prior = bioanchors.forecast(sc.replace({"evidence": None}), samples=4_000, seed=0)
    shares = np.array([c.weight for c in prior.components])
    # Uniform weight ranges centred on 0.35 / 0.25 / 0.25 / 0.15 (the file's header): the expected
    # normalised shares stay within a point of the centres (asymmetry of w / sum w is second order).
    np.testing.assert_allclose(shares, [0.35, 0.25, 0.25, 0.15], atol=0.01)
    res = bioanchors.forecast(sc, samples=4_000, seed=0)
    np.testing.assert_allclose(res.p, sum(c.contribution for c in res.components), atol=1e-12)
    assert set(sc.uncertain_parameters) >= {f"models.{i}.weight" for i in range(4)}


def test_a_member_name_is_a_model_never_a_path(tmp_path):
    path = _write(tmp_path, "bad.toml", 'name = "bad"\n[[models]]\nname = "../x.toml"\nweight = 1\n')
    with pytest.raises(ScenarioError, match=r"field 'models.0': unknown model '../x.toml'.*write scenario = "):
        load_scenario(path)


def test_a_whole_member_can_be_replaced(tmp_path):
    path = _write(tmp_path, "mix.toml", MIX)
    sc = load_scenario(path).replace({"models.1": {"scenario": "cotra2020", "weight": 1}})
    assert [m.name for m in sc.members] == ["cotra2020", "cotra2020"]
    with pytest.raises(ScenarioError, match="'models' has entries 0 to 1; no entry '2'"):
        load_scenario(path).replace({"models.2": {"scenario": "cotra2020", "weight": 1}})


def test_grouped_sobol_of_an_ensemble_names_members_by_their_labels():
    from bioanchors.sensitivity.sobol import component_of

    spec = load_scenario("ensemble-2026").spec
    assert component_of("models.1.weight", spec) == "ensemble weights"
    assert component_of("models.0.flop_per_dollar.doubling_time_years", spec) == \
        "Bio anchors, measured trends: FLOP per dollar"
    assert component_of("models.0.flop_per_dollar.doubling_time_years") == "member 0: FLOP per dollar"


def test_builtin_scenarios_load_once_and_ensemble_edits_reuse_their_members():
    # Built-ins ship with the package and a Scenario is immutable: one load per process, so an
    # edited ensemble's members are not re-read and re-validated on every dashboard update.
    assert load_scenario("cotra2020") is load_scenario("cotra2020")
    sc = load_scenario("ensemble-2026")
    edited = sc.replace({"models.0.weight": 0.3})
    assert all(a is b for a, b in zip(edited.members, sc.members))
    assert edited.spec.models[0].weight.value == 0.3 and sc.spec.models[0].weight.value is None
