"""Kill tests for the survivors of mutation runs 8 (sensitivity) and 9 (the web views), issue 23 item 7.

docs/testing.md lists each run's survivors by function and kind. Every expected value below is
derived independently of the code under test: from a closed form (a linear model of normal scores,
Saltelli's design size), from a count of what the analysed function was given, or by hand.
"""

from __future__ import annotations

import types

import numpy as np
import pytest
from scipy.stats import norm

from bioanchors.errors import BioanchorsError
from bioanchors.sensitivity import one_at_a_time, sobol_indices

Z95 = 1.6448536269514722  # Phi^-1(0.95), standard normal table


def _linear(coefs):
    """Y = sum_j c_j z_j with z_j = Phi^-1(u_j): Var Y = sum c^2, mean 0; OAT effects at p5/p95 are -+1.645 c_j.
    Passed as ``model=``, it runs through the same sample -> evaluate -> analyse pipeline as the model."""
    calls = []

    def model(spec, names, u, output):
        calls.append(u.shape)
        c = np.asarray(coefs, dtype=float)[: len(names)]
        return norm.ppf(u[:, : c.size]) @ c

    model.calls = calls
    return model


# --- run 8: sensitivity ----------------------------------------------------------------------------

def test_oat_record_is_the_closed_form_of_a_linear_model():
    # Pins OATResult.to_dict's keys and values (the CLI's --format json, docs/sensitivity.md) and
    # to_frame's shape: run 8 left every key rename and the frame's index name alive.
    k = 3
    res = one_at_a_time("cotra2020-uncertain", "p2040", model=_linear([1.0, 3.0, 2.0]))
    names = list(res.names)
    d = res.to_dict()
    assert set(d) == {"method", "output", "scenario", "interval", "central", "central_meaning", "inputs",
                      "ranking", "dominant"}
    assert d["method"] == "oat" and d["output"] == "p2040" and d["scenario"] == "cotra2020-uncertain"
    assert d["interval"] == [0.05, 0.95]
    assert d["central"] == 0.0  # every input at its median: Phi^-1(0.5) = 0
    # swings 2 x 1.645 x c: input 1 (c = 3) first, then input 2 (c = 2), input 0 (c = 1); the rest 0
    assert d["ranking"][:k] == [names[1], names[2], names[0]] and d["dominant"] == names[1]
    assert d["inputs"][names[1]]["effect_high"] == pytest.approx(3 * Z95, rel=1e-9)
    assert d["inputs"][names[1]]["effect_low"] == pytest.approx(-3 * Z95, rel=1e-9)
    df = res.to_frame()
    assert df.index.name == "input" and list(df.columns) == ["low", "high", "effect_low", "effect_high", "swing"]


def test_sobol_record_counts_its_evaluations_and_the_output_moments():
    # Saltelli's design without second-order terms evaluates N x (k + 2) rows (Saltelli et al. 2010,
    # Comput. Phys. Commun. 181, 259, sec. 3; docs/sensitivity.md): counted here from what the analysed
    # function was given, and what to_dict reports. Y = sum c_j z_j has mean 0 and SD sqrt(sum c^2).
    coefs = [1.0, 2.0, 2.0]  # SD 3; the other inputs are dummies
    model = _linear(coefs)
    res = sobol_indices("cotra2020-uncertain", "p2030", base_samples=1024, seed=4, model=model)
    k = len(res.names)
    rows = sum(shape[0] for shape in model.calls)
    assert rows == 1024 * (k + 2)
    d = res.to_dict()
    assert set(d) == {"method", "output", "scenario", "base_samples", "evaluations", "output_mean", "output_sd",
                      "inputs", "ranking", "dominant"}
    assert d["method"] == "sobol" and d["output"] == "p2030" and d["scenario"] == "cotra2020-uncertain"
    assert d["base_samples"] == 1024 and d["evaluations"] == rows
    # a scrambled Sobol design of 1024 x (k + 2) rows: mean and SD within ~2% of sqrt(sum c^2) = 3
    assert d["output_mean"] == pytest.approx(0.0, abs=0.06) and d["output_sd"] == pytest.approx(3.0, rel=0.02)
    # the two inputs with c = 2 share the top; input 0 (c = 1) is third
    assert set(d["ranking"][:2]) == set(res.names[1:3]) and d["ranking"][2] == res.names[0]
    assert d["dominant"] == d["ranking"][0]
    assert res.to_frame().index.name == "input"


def test_a_metrics_unit_is_the_one_its_models_declare(monkeypatch):
    # unit_of reads a metric's unit from the registered models. Every built-in metric is in "years", so
    # run 8's mutants (match != instead of ==; "one unit" test always true; the fallback's text) could
    # not show: two stand-in models, one with a metric of its own unit, two sharing a name but not a unit.
    from bioanchors.models import MODELS
    from bioanchors.models.trajectory import MetricSpec
    from bioanchors.sensitivity.outputs import unit_of

    def stand_in(name, *specs):
        monkeypatch.setitem(MODELS, name, types.SimpleNamespace(name=name, metric_specs=specs))

    stand_in("test-units-a", MetricSpec("peak_log10_flop", "peak compute", "log10 FLOP"),
             MetricSpec("shared_metric", "shared", "years"))
    stand_in("test-units-b", MetricSpec("shared_metric", "shared", "dollars"))
    assert unit_of("metric:peak_log10_flop") == "log10 FLOP"
    assert unit_of("metric:shared_metric") == "value"  # two units for one name: no single unit to show
    assert unit_of("metric:goods_20_to_100") == "years"  # FTM's, unchanged


@pytest.mark.parametrize("interval", [(0.0, 0.95), (0.5, 0.95), (0.05, 0.5), (0.05, 1.0), (0.05, 1.5)])
def test_oat_interval_is_open_at_0_50_and_100(interval):
    # The tornado's interval needs 0 < low < 50 < high < 100 (percentiles): at 0 and 100 an unbounded
    # input's quantile is infinite, at 50 the "end" is the median itself. Each end exactly at a bound
    # is refused (run 8 left `<=` at each of the four bounds and 1.0 -> 2.0 alive). The message names
    # the interval in percent: p{100 low}-p{100 high}, e.g. p5-p150 for (0.05, 1.5).
    lo, hi = interval
    with pytest.raises(BioanchorsError) as err:
        one_at_a_time("cotra2020-uncertain", interval=interval, model=_linear([1.0]))
    want = (f"interval p{lo * 100:g}-p{hi * 100:g}: need 0 < low < 50 < high < 100 "
            "(percentiles; e.g. --low 5 --high 95)")
    assert str(err.value) == want


def test_oat_at_the_narrowest_and_widest_legal_intervals():
    # Just inside every bound is allowed, and each end of the interval is that percentile of the input:
    # for the linear model the effect at p is c x Phi^-1(p).
    res = one_at_a_time("cotra2020-uncertain", interval=(0.001, 0.999), model=_linear([2.0]))
    assert res.effect_low[0] == pytest.approx(2.0 * norm.ppf(0.001), rel=1e-9)
    assert res.effect_high[0] == pytest.approx(2.0 * norm.ppf(0.999), rel=1e-9)
    near = one_at_a_time("cotra2020-uncertain", interval=(0.49, 0.51), model=_linear([2.0]))
    assert near.effect_high[0] == pytest.approx(2.0 * norm.ppf(0.51), rel=1e-9)


def test_no_uncertain_input_error_says_what_to_do():
    # The whole message (run 8: its second sentence's text survived).
    with pytest.raises(BioanchorsError) as err:
        one_at_a_time("cotra2020", model=_linear([1.0]))
    assert str(err.value).endswith(
        "no parameter is given as a distribution, so there is nothing to vary. Use a scenario with uncertainty "
        "(e.g. cotra2020-uncertain) or give some parameters as {dist = ...}.")


def test_an_ensemble_file_with_a_relative_member_is_analysed_from_its_own_directory(tmp_path):
    # An ensemble's member paths are relative to its file, so the analysis must evaluate the loaded
    # scenario, not a copy rebuilt from its spec (run 8: `output_function(model, None)` survived; it
    # looks the member up from the working directory). One member: the mixture's P(by t) is the
    # member's whatever its weight, so the tornado is the member's own, each input as models.0.<path>.
    (tmp_path / "member.toml").write_text('extends = "measured-2025"\nname = "member"\n', encoding="utf-8")
    mix = tmp_path / "mix.toml"
    mix.write_text('name = "mix"\n[[models]]\nscenario = "member.toml"\nweight = 1\n', encoding="utf-8")
    got = one_at_a_time(str(mix), "p2040")
    want = one_at_a_time(str(tmp_path / "member.toml"), "p2040")
    assert got.names == tuple(f"models.0.{n}" for n in want.names)
    assert got.central == pytest.approx(want.central, abs=1e-12)
    np.testing.assert_allclose(got.effect_high, want.effect_high, atol=1e-12)
    res = sobol_indices(str(mix), "p2040", base_samples=16, seed=1)
    assert res.names == got.names and np.isfinite(res.output_mean)


def test_crossing_year_counts_reaching_the_level_exactly():
    # "first reaches q" includes P = q exactly (run 8: `p > q` survived). By hand, years 2025-2028:
    # a curve at exactly 0.5 from 2026 on crosses in 2026 (not at the end of its flat stretch, and not
    # "never", which censors at 2029); exactly 0.5 in the first year is that year; q = 0.25 is reached
    # a quarter of the way from 2025 (0.0) to 2026 (1.0).
    from bioanchors.sensitivity.outputs import crossing_year

    years = np.arange(2025, 2029)
    p = np.array([[0.2, 0.5, 0.5, 0.5],
                  [0.1, 0.2, 0.3, 0.5],
                  [0.5, 0.6, 0.7, 0.8],
                  [0.2, 0.3, 0.3, 0.3]])
    np.testing.assert_array_equal(crossing_year(years, p), [2026.0, 2028.0, 2025.0, 2029.0])
    assert crossing_year(years, np.array([0.0, 1.0, 1.0, 1.0]), 0.25)[0] == pytest.approx(2025.25)


def test_sobol_seeds_follow_the_documented_stream_layout():
    # _seeds' docstring: the design and the bootstrap are the two children of SeedSequence(seed), and
    # the bootstrap gets the first 32-bit word of its child plus one, so that it is never 0 (SALib reads
    # a falsy seed as "no seed"). Run 8: `- 1` survived (for a word of 1 it gives seed 0: unseeded).
    from bioanchors.sensitivity.sobol import _seeds

    for seed in (0, 1, 7, 2**40):
        design, boot = _seeds(seed)
        child_design, child_boot = np.random.SeedSequence(seed).spawn(2)
        assert boot == int(child_boot.generate_state(1, dtype=np.uint32)[0]) + 1 and boot >= 1
        assert np.array_equal(design.generate_state(4), child_design.generate_state(4))


def test_sobol_defaults_are_the_documented_ones():
    # sobol_indices' defaults (docs/sensitivity.md, the CLI's): output median_year, N = 1024, seed 0.
    # Run 8: 1024 -> 1025, "median_year" renamed and seed 0 -> 1 survived. With the linear model the
    # result is that of the explicit call, byte for byte.
    model = _linear([1.0, 2.0])
    res = sobol_indices("cotra2020-uncertain", model=model)
    assert res.output == "median_year" and res.base_samples == 1024
    explicit = sobol_indices("cotra2020-uncertain", "median_year", 1024, 0, model=model)
    assert np.array_equal(res.ST_conf, explicit.ST_conf) and np.array_equal(res.S1, explicit.S1)
    assert not np.array_equal(res.S1, sobol_indices("cotra2020-uncertain", "median_year", 1024, 1, model=model).S1)


@pytest.mark.parametrize("seed, ok", [(0, True), (126, True), (2**40, True), (2**63 - 1, True), (2**63, False),
                                      (-1, False)])
def test_sobol_seed_range_is_0_to_2_63(seed, ok):
    # The CLI's --seed takes 0 <= seed < 2^63 (a signed 64-bit integer). Run 8: `<= 2**63`, `2 * 63`,
    # `3**63` and `2**64` survived, as did the message (None).
    call = lambda: sobol_indices("cotra2020-uncertain", "p2030", 16, seed, model=_linear([1.0]))  # noqa: E731
    if ok:
        assert call().base_samples == 16
    else:
        with pytest.raises(BioanchorsError) as err:
            call()
        assert str(err.value) == f"--seed {seed}: give a whole number >= 0 (e.g. 0, 1, 42)"


def test_sobol_refusals_say_why_in_full(tmp_path):
    # Run 8 left the texts of two refusals alive (replaced by None or upper-cased).
    import bioanchors

    one = bioanchors.load_scenario("cotra2020").replace(
        {"spending.doubling_time_years": {"dist": "uniform", "low": 1.5, "high": 3.0}})
    with pytest.raises(BioanchorsError) as err:
        sobol_indices(one, "p2030", 16, model=_linear([1.0]))
    assert str(err.value).endswith(": Sobol analysis needs at least two parameters given as distributions")
    corr = bioanchors.load_scenario("cotra2020-uncertain").replace({"correlations": [
        {"a": "spending.doubling_time_years", "b": "flop_per_dollar.doubling_time_years", "rank_correlation": 0.4}]})
    with pytest.raises(BioanchorsError) as err:
        sobol_indices(corr, "p2030", 16, model=_linear([1.0]))
    assert str(err.value).endswith(": Sobol indices assume independent inputs, but the scenario correlates some "
                                   "([[correlations]]); use --method oat, or remove the correlations for this analysis")


def test_grouped_sobol_of_an_ensemble_names_its_member_by_label(tmp_path):
    # Grouped indices of an ensemble: each member's components are named after the member's label
    # ("alpha: FLOP per dollar"), as the ensemble's spec gives it (run 8: the spec dropped, which
    # names it "member 0", survived). The groups are the member scenario's own groups, prefixed.
    mix = tmp_path / "mix.toml"
    mix.write_text('name = "mix"\n[[models]]\nscenario = "cotra2020-uncertain"\nlabel = "alpha"\nweight = 1\n',
                   encoding="utf-8")
    own = sobol_indices("cotra2020-uncertain", "p2030", 16, group_by_component=True, model=_linear([1.0]))
    res = sobol_indices(str(mix), "p2030", 16, group_by_component=True, model=_linear([1.0]))
    assert set(res.names) == {f"alpha: {g}" for g in own.names}


def test_grouped_sobol_needs_two_components_and_takes_exactly_two():
    # Grouped indices compare components: two are enough (run 8: `<= 2` and `< 3` survived), one is
    # refused with its reason. Spending and FLOP/$ are two components; two spending inputs are one.
    import bioanchors

    base = bioanchors.load_scenario("cotra2020")
    u = {"dist": "uniform", "low": 1.5, "high": 3.0}
    two = base.replace({"spending.doubling_time_years": u, "flop_per_dollar.doubling_time_years": u})
    res = sobol_indices(two, "p2030", 16, group_by_component=True, model=_linear([1.0, 1.0]))
    assert len(res.names) == 2
    one = base.replace({"spending.doubling_time_years": u, "spending.log10_usd": {"dist": "uniform", "low": 8,
                                                                                   "high": 9}})
    with pytest.raises(BioanchorsError) as err:
        sobol_indices(one, "p2030", 16, group_by_component=True, model=_linear([1.0, 1.0]))
    assert str(err.value).endswith(": all uncertain inputs belong to one component; nothing to compare")


def test_sobol_design_is_kept_off_exact_0_and_1(monkeypatch):
    # An unbounded input's quantile at probability 0 or 1 is infinite, so the design is clipped to
    # [1e-9, 1 - 1e-9] before evaluation (sobol.py). A scrambled Sobol design almost never holds an exact
    # 0 and never a 1, so run 8's mutants of the clip survived; here the design is given both.
    import SALib.sample.sobol as salib_sample

    original = salib_sample.sample

    def with_ends(*args, **kwargs):
        u = original(*args, **kwargs)
        u[0, 0], u[1, 1] = 0.0, 1.0
        return u

    monkeypatch.setattr(salib_sample, "sample", with_ends)
    seen = []

    def model(spec, names, u, output):
        seen.append((u.min(), u.max()))
        return norm.ppf(u[:, :2]).sum(axis=1)

    res = sobol_indices("cotra2020-uncertain", "p2030", 16, model=model)
    assert min(lo for lo, _ in seen) == 1e-9 and max(hi for _, hi in seen) == 1 - 1e-9
    assert np.isfinite(res.output_mean)


def test_an_input_the_scenario_lacks_is_named_in_the_error():
    # evaluate_output with an input path the scenario's parameter space does not have: a one-line
    # error naming it and the scenario (run 8: the message replaced by None survived).
    from bioanchors.errors import ScenarioError
    from bioanchors.sensitivity.outputs import evaluate_output

    import bioanchors

    sc = bioanchors.load_scenario("cotra2020-uncertain")
    with pytest.raises(ScenarioError) as err:
        evaluate_output(sc, ["spending.no_such_input"], np.full((1, 1), 0.5), "p2030")
    assert str(err.value) == "'spending.no_such_input' is not a parameter of scenario 'cotra2020-uncertain'"


@pytest.fixture(scope="module")
def hazard_window():
    """A hazard model (tests/toy_models.py), P(by the end of t) = 1 - exp(-r (t + 1 - 2020)), over the window
    2030-2040 with r ~ U(0, 0.1): u maps to r = 0.1 u (the uniform quantile function)."""
    from toy_models import registered_hazard_model

    from bioanchors.scenario import scenario_from_dict

    with registered_hazard_model("test-hazard-run8"):
        yield scenario_from_dict({"name": "hz", "model": "test-hazard-run8", "years": {"start": 2030, "end": 2040},
                                  "hazard": {"rate_per_year": {"dist": "uniform", "low": 0.0, "high": 0.1}}})


def test_outputs_are_read_on_the_scenarios_own_window(hazard_window):
    # evaluate_output evaluates the years start..end of the scenario, both included (run 8: a window from
    # year 0, one ending at end - 1 and one at end + 1 survived). By hand from the closed form:
    # r = 0.1: P(2030) = 1 - e^-1.1 = 0.667, already past 1/2 in the first year -> 2030;
    # r = 0.02: P(2040) = 1 - e^-0.42 = 0.343, never within the window -> censored at 2041;
    # r = 0.05: P(2032) = 1 - e^-0.65, P(2033) = 1 - e^-0.70: linear interpolation between them.
    from bioanchors.sensitivity.outputs import evaluate_output

    names = ["hazard.rate_per_year"]
    u = np.array([[1.0], [0.2], [0.5]])
    p32, p33 = 1 - np.exp(-0.65), 1 - np.exp(-0.70)
    got = evaluate_output(hazard_window, names, u, "median_year")
    np.testing.assert_allclose(got, [2030.0, 2041.0, 2032 + (0.5 - p32) / (p33 - p32)], rtol=0, atol=1e-9)
    # P(by 2040) = 1 - exp(-21 r), the window's last year
    np.testing.assert_allclose(evaluate_output(hazard_window, names, u, "p2040"),
                               1 - np.exp(-21 * np.array([0.1, 0.02, 0.05])), rtol=1e-12)
    # the spec alone (no Scenario) reads the same window
    np.testing.assert_allclose(evaluate_output(hazard_window.spec, names, u, "median_year"), got, rtol=0, atol=1e-12)


def test_a_mixtures_unknown_input_and_other_events_are_one_line_errors(tmp_path):
    # A mixture has no parameter space of its own: its inputs are looked up among its uncertain
    # parameters (run 8: the check dropped, the message None and the name read from missing[1]
    # survived), and it has no per-set curves of other events (that message None survived).
    from bioanchors.scenario import load_scenario
    from bioanchors.sensitivity.outputs import evaluate_output

    mix = tmp_path / "mix.toml"
    mix.write_text('name = "mix"\n[[models]]\nscenario = "cotra2020"\nweight = {dist = "uniform", low = 0.5, '
                   'high = 2}\n[[models]]\nscenario = "cotra2022"\nweight = 1\n', encoding="utf-8")
    sc = load_scenario(str(mix))
    u = np.full((1, 2), 0.5)
    with pytest.raises(BioanchorsError) as err:
        evaluate_output(sc, ["models.0.weight", "models.1.nope"], u, "p2030")
    assert str(err.value) == "'models.1.nope' is not an uncertain input of scenario 'mix'"
    with pytest.raises(BioanchorsError) as err:
        evaluate_output(sc, ["models.0.weight"], u[:, :1], "median_year@tai")
    assert str(err.value) == "model ensemble has no per-set curves: use an output of its headline event"


def test_an_evidence_error_names_the_spec_it_was_given(hazard_window):
    # evaluate_output takes a spec as well as a scenario; a spec is named by its own name in errors
    # (run 8: `Scenario(spec, None)` survived). Evidence conditions only the headline event's outputs.
    from bioanchors.sensitivity.outputs import evaluate_output

    spec = hazard_window.replace({"evidence": {"vantage_year": 2031}}).spec
    with pytest.raises(BioanchorsError) as err:
        evaluate_output(spec, ["hazard.rate_per_year"], np.full((1, 1), 0.5), "median_year@tai")
    assert str(err.value).startswith("hz: [evidence] conditions the headline event's outputs only")


def test_outputs_are_evaluated_in_chunks_covering_every_row(hazard_window, monkeypatch):
    # Parameter sets are evaluated CHUNK rows at a time; every row must be filled (run 8: the loop over
    # u.shape[1], the number of inputs, survived: with one input it evaluates the first chunk only and
    # leaves the rest of np.empty uninitialised). Seven rows in chunks of 3, against the closed form.
    from bioanchors.sensitivity import outputs

    monkeypatch.setattr(outputs, "CHUNK", 3)
    u = np.linspace(0.1, 0.9, 7)[:, None]
    got = outputs.evaluate_output(hazard_window, ["hazard.rate_per_year"], u, "p2040")
    np.testing.assert_allclose(got, 1 - np.exp(-21 * 0.1 * u[:, 0]), rtol=1e-12)


def test_output_function_refuses_what_is_not_a_model_and_says_so():
    # Run 8: the TypeError's message (None, or naming NoneType) survived.
    from bioanchors.sensitivity.outputs import output_function

    with pytest.raises(TypeError) as err:
        output_function(42)
    assert str(err.value) == "model must be a registered model, its name or a function, not int"


def test_undefined_metric_values_are_censored_at_the_largest_defined_or_the_window(tmp_path):
    # A metric is NaN where undefined (e.g. a takeoff that does not end in the window); the sensitivity
    # output sets it to the largest defined value among the evaluated sets, or to the window's length
    # + 1 year if none is defined (docs/sensitivity.md). Run 8: the censoring skipped, and every change
    # to that fallback (end + 1 - start = 2060 + 1 - 2025 = 36 years here), survived, because no built-in
    # metric was undefined in the tests' sets. A toy takeoff whose length d is undefined above 5 years.
    from toy_models import TakeoffModel, registered

    from bioanchors.models.trajectory import Simulation
    from bioanchors.scenario import scenario_from_dict
    from bioanchors.sensitivity.outputs import evaluate_output

    class CappedTakeoff(TakeoffModel):
        def simulate(self, spec, params, years):
            d = np.atleast_1d(np.asarray(params["takeoff.takeoff_years"], dtype=float))
            s = np.broadcast_to(np.asarray(params["takeoff.start_year"], dtype=float), d.shape)
            return Simulation({"start": s, "finish": s + d}, {"since_start": years[None, :] - s[:, None]},
                              {"takeoff": np.where(d > 5.0, np.nan, d)})

    with registered(CappedTakeoff("test-capped-takeoff")):
        sc = scenario_from_dict({"name": "capped", "model": "test-capped-takeoff",
                                 "years": {"start": 2025, "end": 2060},
                                 "takeoff": {"start_year": 2030.0,
                                             "takeoff_years": {"dist": "uniform", "low": 0.0, "high": 10.0}}})
        names = ["takeoff.takeoff_years"]  # u -> d = 10 u
        some = evaluate_output(sc, names, np.array([[0.2], [0.7], [0.4]]), "metric:takeoff")
        np.testing.assert_allclose(some, [2.0, 4.0, 4.0], rtol=1e-12)
        none = evaluate_output(sc, names, np.array([[0.7], [0.9]]), "metric:takeoff")
        np.testing.assert_array_equal(none, [36.0, 36.0])
