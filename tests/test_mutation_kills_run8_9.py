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
    import bioanchors
    from bioanchors.errors import ScenarioError
    from bioanchors.sensitivity.outputs import evaluate_output

    sc = bioanchors.load_scenario("cotra2020-uncertain")
    with pytest.raises(ScenarioError) as err:
        evaluate_output(sc, ["spending.no_such_input"], np.full((1, 1), 0.5), "p2030")
    assert str(err.value) == "'spending.no_such_input' is not a parameter of scenario 'cotra2020-uncertain'"


@pytest.fixture(scope="module")
def hazard_window():
    """A hazard model (tests/toy_models.py), P(by the end of t) = 1 - exp(-r (t + 1 - 2020)), over the window
    2030-2040 with r ~ U(0, 0.1): u maps to r = 0.1 u (the uniform quantile function)."""
    from bioanchors.scenario import scenario_from_dict
    from toy_models import registered_hazard_model

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
    from bioanchors.models.trajectory import Simulation
    from bioanchors.scenario import scenario_from_dict
    from bioanchors.sensitivity.outputs import evaluate_output
    from toy_models import TakeoffModel, registered

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


# --- run 9: the web views (web/views.py) -----------------------------------------------------------

def test_fit_band_is_two_lines_through_the_centroid_with_the_ci_slopes():
    # fit_band draws the CI of the growth rate as two lines through the data's centroid (TrendFit.plot):
    # 10^(ym + s (x - xm)) for the two CI slopes s, lower and upper envelope. By hand for years 2018,
    # 2020, 2022 (centroid 2020), intercept -990 and slope 0.5 OOM/yr (ym = -990 + 0.5 x 2020 = 20),
    # CI slopes 0.4 and 0.6: at 2018, 10^19.2 = 1.585e19 and 10^18.8 = 6.310e18; at 2020 both 1e20;
    # at 2022, 10^20.8 = 6.310e20 and 10^21.2 = 1.585e21 (4 significant digits). Run 9: the centroid,
    # the power, the signs and the rounding all survived (the view tests read the band's presence only).
    from bioanchors.web.views import fit_band

    fit = types.SimpleNamespace(year=np.array([2018.0, 2020.0, 2022.0]), intercept=-990.0, slope_oom=0.5,
                                ci90_oom=(0.4, 0.6))
    band = fit_band(fit, points=3)
    assert band == {"lo": [[2018.0, 6.31e18], [2020.0, 1e20], [2022.0, 6.31e20]],
                    "hi": [[2018.0, 1.585e19], [2020.0, 1e20], [2022.0, 1.585e21]], "label": "90% CI of the fit"}
    assert len(fit_band(fit)["lo"]) == 30  # the default: 30 points from the first to the last year
    # a fractional year keeps 6 significant digits (2018.25), a value 4 (1.2346e20 -> 1.235e20)
    fit = types.SimpleNamespace(year=np.array([2018.25, 2018.25]), intercept=np.log10(1.2346e20) - 0.5 * 2018.25,
                                slope_oom=0.5, ci90_oom=(0.4, 0.6))
    assert fit_band(fit, points=2)["lo"] == [[2018.25, 1.235e20], [2018.25, 1.235e20]]


def test_scalar_rows_keep_scalars_and_short_lists_with_human_labels():
    # The efficiency table's rows from a to_dict(): empty values (None, "", []) left out, scalars with
    # their label (LABELS, else the key without underscores) and 4 significant digits, lists of up to
    # four plain items joined by ", ", anything else left out; order kept. Written by hand.
    from bioanchors.web.views import _scalar_rows

    d = {"warnings": None, "halving_time_months": 16.123456, "note": "", "tasks": [], "n": 7, "bootstrap_degenerate": True,
         "span": ["2012-06-01", "2019-03-31"], "ci_four": [1, 2, 3.33333, "x"], "five": [1, 2, 3, 4, 5], "nested": {"a": 1},
         "mixed": [1, None], "where_from": "dataset translation"}
    assert _scalar_rows(d) == [
        ["halving time [months]", 16.12],
        ["data points", 7],
        ["degenerate bootstrap resamples", True],
        ["dates spanned", "2012-06-01, 2019-03-31"],
        ["ci four", "1, 2, 3.333, x"],
        ["where from", "dataset translation"],
    ]


def test_absent_means_a_bioanchors_module_is_missing_not_a_failure_inside_one():
    # The API answers 501 "not available" only when a bioanchors module itself is absent; a missing
    # third-party module, or an ImportError raised inside a present module, is a bug (run 9: `or` survived).
    from bioanchors.web.views import absent

    assert absent(ModuleNotFoundError("No module named 'bioanchors.retro'", name="bioanchors.retro"))
    assert not absent(ModuleNotFoundError("No module named 'scipy'", name="scipy"))
    assert not absent(ImportError("cannot import name 'x' from 'bioanchors.retro'", name="bioanchors.retro"))
    assert not absent(ModuleNotFoundError("no name"))


@pytest.mark.parametrize("value, text", [(1.5, "1.5"), (-1.5, "-1.5"), (2e-05, "2e-05"), (3, "3"), (True, "true"),
                                         ("x y", "'\"x y\"'")])
def test_cli_values_are_quoted_only_when_the_shell_needs_it(value, text):
    # The sensitivity view's CLI line repeats each edit as --set PATH=VALUE, the value as TOML writes it;
    # numbers (signs, decimal points and exponents included) and booleans stand bare, anything else is
    # single-quoted for the shell. Run 9: "always bare" and a kept minus sign survived.
    from bioanchors.web.views import _cli_value

    assert _cli_value(value) == text


@pytest.mark.parametrize("ramp, long_run, text", [
    (5.2, 1.9, "near-term ramp 2020.5-2025: 5.20x/yr; long-run rate 2025-2026.8: 1.90x/yr"),
    (1.0, 1.5, "near-term ramp 2020.5-2025: 1.00x/yr; long-run rate 2025-2026.8: 1.50x/yr"),
    (1.4, 1.4, "1.40x/yr over 2020.5-2026.8"),      # one rate (FLOP/$): shown once, over the whole window
    (1.4, 1.404, "1.40x/yr over 2020.5-2026.8"),    # equal to the shown precision
    (5.2, float("nan"), "5.20x/yr over 2020.5-2026.8"),  # no long-run part
])
def test_cotra_rates_label_names_both_rates_or_one(ramp, long_run, text):
    # Issue 23 item 1: her curve's near-term ramp and long-run rate with their windows, or one rate where
    # they agree to 0.005x/yr or there is no long-run part. Written by hand from the windows
    # ("2020.5-2025", "2025-2026.8"). Run 9: the test's `and`/`or`, a + b, the 1.005 threshold and the
    # window's split all survived.
    from bioanchors.web.views import cotra_rates_label

    s = types.SimpleNamespace(cotra_windows=("2020.5-2025", "2025-2026.8"), cotra_ramp_growth_per_year=ramp,
                              cotra_long_run_growth_per_year=long_run)
    assert cotra_rates_label(s) == text


def test_retro_series_draws_each_factor_with_its_cotra_and_fit_lines():
    # The retrospective's charts from the projection series (retro/series.py), written by hand for two
    # factors: one named in PROJECTED, one by its key without underscores; years to 6 significant
    # digits, values to 4. Run 9 left the rounding, the names, the keys and the log flag alive.
    from bioanchors.web.views import retro_series

    def factor(unit):
        return types.SimpleNamespace(
            unit=unit, basis="level", data_year=np.array([2021.123456]), data_value=np.array([1.23456e24]),
            cotra_year=np.array([2020.5, 2026.8]), cotra_value=np.array([3.0e23, 4.4444e25]),
            fit_year=np.array([2020.0, 2026.0]), fit_value=np.array([1.0e24, 9.87654e25]), fit_window="2020-2026",
            fit_growth_per_year=4.3219, cotra_windows=("2020.5-2025", "2025-2026.8"),
            cotra_ramp_growth_per_year=5.2, cotra_long_run_growth_per_year=1.9)

    proj = types.SimpleNamespace(vantage=2020, factors={"training_compute": factor("FLOP"),
                                                        "new_factor": factor("x")})
    cotra = "near-term ramp 2020.5-2025: 5.20x/yr; long-run rate 2025-2026.8: 1.90x/yr"
    got = retro_series(proj)
    assert [g["name"] for g in got] == ["largest training run's compute", "new factor"]
    first = got[0]
    assert first == {
        "name": "largest training run's compute", "key": "training_compute", "unit": "FLOP", "log": True,
        "points": [[2021.12, 1.235e24]], "points_label": "Epoch AI data since 2020",
        "lines": [{"name": f"Cotra 2020 projection ({cotra})", "kind": "projection",
                   "points": [[2020.5, 3.0e23], [2026.8, 4.444e25]]},
                  {"name": "fit to the data, 2020-2026 (4.32x/yr)", "kind": "fit",
                   "points": [[2020.0, 1.0e24], [2026.0, 9.877e25]]}],
        "label": f"Cotra {cotra} vs measured 4.32x/yr over 2020-2026", "basis": "level"}
