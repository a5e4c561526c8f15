"""Sensitivity analysis: wiring checked on closed-form test functions, then on the model."""

from __future__ import annotations

import json

import numpy as np
import pytest

import bioanchors
from bioanchors.sensitivity import one_at_a_time, sobol_indices
from bioanchors.sensitivity import outputs as outputs_mod
from bioanchors.sensitivity.outputs import crossing_year


def test_crossing_year_interpolates_and_censors():
    years = np.arange(2025, 2031)
    p = np.array([[0.1, 0.2, 0.4, 0.6, 0.7, 0.8],   # crosses 0.5 halfway through 2027-2028
                  [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],   # never: censored at 2031
                  [0.6, 0.7, 0.8, 0.9, 0.9, 0.9]])  # already in 2025
    assert crossing_year(years, p) == pytest.approx([2027.5, 2031.0, 2025.0])


@pytest.fixture
def linear_model():
    """Y = sum_j c_j * z_j with z_j the input's normal score, c_j = 1, 2, 3, ... in input order.

    Closed form (SALib test-function tradition): inputs are independent, so
    S1_j = ST_j = c_j^2 / sum c^2, and OAT effects at p5/p95 are +-1.645 c_j.
    Passed to the public API as ``model=``: the same pipeline as the real model.
    """
    from scipy.stats import norm

    def model(spec, names, u, output):
        return norm.ppf(u) @ np.arange(1.0, len(names) + 1)

    return model


def test_oat_recovers_linear_effects(linear_model):
    res = one_at_a_time("cotra2020-uncertain", model=linear_model)
    c = np.arange(1.0, len(res.names) + 1)
    # 1.6448536 = Phi^-1(0.95) (standard normal table)
    assert res.effect_high == pytest.approx(1.6448536 * c, rel=1e-6)
    assert res.effect_low == pytest.approx(-1.6448536 * c, rel=1e-6)
    assert res.dominant == res.names[-1]


def test_sobol_recovers_linear_indices(linear_model):
    res = sobol_indices("cotra2020-uncertain", base_samples=4096, seed=1, model=linear_model)
    c = np.arange(1.0, len(res.names) + 1)
    expected = c**2 / np.sum(c**2)
    # SALib's 95% intervals at N = 4096 are ~0.01-0.02 here; 0.03 is about 2-3 of them.
    assert res.S1 == pytest.approx(expected, abs=0.03)
    assert res.ST == pytest.approx(expected, abs=0.03)
    assert res.dominant == res.names[-1]


@pytest.mark.parametrize("scenario", ["cotra2020-uncertain", "measured-2025"])
def test_every_sobol_input_changes_the_real_output(scenario):
    # The real model, no mock: SALib's total index is 0.5 E[(f(A) - f(A_B^j))^2] / V >= 0, and it is
    # exactly 0 only if changing input j never changes the output. So every ST > 0 means every
    # input of the Sobol problem reaches the model (an ignored or frozen input gives ST = 0).
    res = sobol_indices(scenario, "median_year", base_samples=64, seed=3)
    assert len(res.names) == len(bioanchors.load_scenario(scenario).uncertain_parameters)
    assert np.all(res.ST > 1e-6), dict(zip(res.names, res.ST))


@pytest.mark.parametrize("scenario", ["cotra2020-uncertain", "measured-2025"])
def test_every_oat_input_changes_the_real_output(scenario):
    # Every input, moved from its p5 to its p95, changes at least one output (the median year is
    # interpolated, so any change shows). Measured: the smallest largest-swing is ~0.008 years
    # (measured-2025's 2025 spend on the median) and ~0.3 years in cotra2020-uncertain.
    swings = np.array([one_at_a_time(scenario, out).swing for out in outputs_mod.OUTPUTS])
    assert np.all(swings.max(axis=0) > 1e-4), swings


def test_sobol_is_byte_identical_per_seed_including_seed_0():
    # Issue #10: seed 0 reached SALib as "no seed", so the bootstrap intervals changed every run.
    runs = [json.dumps(sobol_indices("measured-2025", "p2030", base_samples=64, seed=s).to_dict())
            for s in (0, 0, 1)]
    assert runs[0] == runs[1]
    a, c = json.loads(runs[0])["inputs"], json.loads(runs[2])["inputs"]
    for name in a:  # a different seed changes every seeded output: the design and the bootstrap
        for key in ("S1", "S1_conf", "ST", "ST_conf"):
            assert a[name][key] != c[name][key], (name, key)


def test_cli_sobol_default_seed_is_reproducible(cli):
    args = ("sensitivity", "cotra2020-uncertain", "--method", "sobol", "--samples", "64", "--format", "json")
    first, second = cli(*args), cli(*args)
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    other = cli(*args, "--seed", "5")
    conf = lambda out: [v["ST_conf"] for v in json.loads(out)["inputs"].values()]  # noqa: E731
    assert all(x != y for x, y in zip(conf(first.output), conf(other.output)))
    bad = cli(*args, "--seed", "-1")
    assert bad.exit_code == 2 and "--seed" in bad.output and "Traceback" not in bad.output


def test_oat_on_the_model_is_monotone_where_the_model_is():
    res = one_at_a_time("cotra2020-uncertain", "median_year")
    eff = dict(zip(res.names, zip(res.effect_low, res.effect_high)))
    # Faster algorithmic progress (low halving scale) never makes the median later; slower never earlier.
    lo, hi = eff["algorithmic_progress.halving_time_scale"]
    assert lo <= 0 <= hi and hi - lo > 0
    # Faster FLOP/$ growth (low doubling time) brings the date forward.
    lo, hi = eff["flop_per_dollar.doubling_time_years"]
    assert lo < 0 < hi
    # More spending in 2025 never makes it later.
    lo, hi = eff["spending.log10_usd"]
    assert lo >= 0 >= hi


def test_oat_central_equals_the_forecast_median_interpolated():
    res = one_at_a_time("cotra2020-uncertain")
    sc = bioanchors.load_scenario("cotra2020-uncertain")
    point = sc.replace({k: p.central for k, p in sc.uncertain_parameters.items()})
    assert int(np.ceil(res.central)) == bioanchors.forecast(point).median_year


def test_algorithmic_progress_dominates_the_near_term():
    # With halving times as uncertain as the retrospective evidence allows (8-month halving,
    # Ho et al. 2024, as p5), algorithmic progress is the dominant input for P(TAI by 2030).
    assert one_at_a_time("cotra2020-uncertain", "p2030").dominant == "algorithmic_progress.halving_time_scale"
    sob = sobol_indices("cotra2020-uncertain", "p2030", base_samples=512)
    assert sob.ranking[0] == "algorithmic_progress.halving_time_scale"


def test_median_year_ranking_with_caps_binding():
    # Issue #5 expects algorithmic progress among the two most important inputs for the median
    # year. Measured, it ranks 4th: Cotra's caps (2-5 OOM) bind by ~2050 at any halving time,
    # and FLOP/$ (doubling, start, ceiling) takes the top three places. Grouped by model
    # component, algorithmic progress is second after FLOP per dollar. See docs/sensitivity.md.
    single = sobol_indices("cotra2020-uncertain", "median_year", base_samples=1024)
    assert single.ranking[0] == "flop_per_dollar.doubling_time_years"
    assert "algorithmic_progress.halving_time_scale" in single.ranking[:5]
    grouped = sobol_indices("cotra2020-uncertain", "median_year", base_samples=1024, group_by_component=True)
    assert grouped.ranking[:2] == ["FLOP per dollar", "algorithmic progress"]
    assert np.all(grouped.S1 <= grouped.ST + grouped.ST_conf + grouped.S1_conf)
    assert grouped.S1.sum() <= 1.1


def test_cli_sensitivity_json_oat(cli):
    res = cli("sensitivity", "cotra2020-uncertain", "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["method"] == "oat" and data["output"] == "median_year"
    entry = data["inputs"]["flop_per_dollar.doubling_time_years"]
    assert set(entry) == {"low", "high", "effect_low", "effect_high"}
    # Report p. 132: aggressive 1.5 and conservative 3.5 years are this scenario's p5/p95.
    assert entry["low"] == pytest.approx(1.5) and entry["high"] == pytest.approx(3.5)


def test_cli_sensitivity_sobol_table_and_plot(cli, tmp_path):
    res = cli("sensitivity", "cotra2020-uncertain", "--method", "sobol", "--samples", "256",
              "--output", "p2040", "--plot", tmp_path / "s.png")
    assert res.exit_code == 0, res.output
    assert "Dominant input for p2040:" in res.output
    assert (tmp_path / "s.png").stat().st_size > 1000
    data = json.loads(cli("sensitivity", "--method", "sobol", "--samples", "256", "--format", "json").output)
    assert set(next(iter(data["inputs"].values()))) == {"S1", "S1_conf", "ST", "ST_conf"}


@pytest.mark.parametrize("args,needle", [
    (["cotra2020"], "no parameter is given as a distribution"),
    (["nope"], "unknown scenario"),
    (["--output", "p2031"], "p2031"),
    (["--method", "morris"], "morris"),
    (["--method", "sobol", "--samples", "1000"], "power of two"),
    (["--low", "60"], "interval"),
])
def test_cli_sensitivity_bad_input(cli, args, needle):
    res = cli("sensitivity", *args)
    assert res.exit_code == 2, res.output
    assert needle in res.output and "Traceback" not in res.output


def test_sobol_rejects_correlated_inputs():
    sc = bioanchors.load_scenario("cotra2020-uncertain").replace({"correlations": [
        {"a": "spending.doubling_time_years", "b": "flop_per_dollar.doubling_time_years", "rank_correlation": 0.4}]})
    with pytest.raises(bioanchors.BioanchorsError, match="independent inputs"):
        sobol_indices(sc, base_samples=64)


def test_output_registry_names_match_cli():
    from bioanchors.cli.sensitivity import Output

    assert {o.value for o in Output} == set(outputs_mod.OUTPUTS)


def test_sobol_recovers_ishigami_indices():
    # The Ishigami function (Ishigami & Homma 1990; SALib.test_functions.Ishigami) has
    # interactions, so S1 != ST. Closed form for a = 7, b = 0.1 on U(-pi, pi)^3 (Saltelli et al.
    # 2008, "Global Sensitivity Analysis: The Primer", sec. 4.6): x3 acts only through its
    # interaction with x1, so S1_3 = 0 and ST_3 = V13 / V. The other 11 inputs are dummies.
    from SALib.test_functions import Ishigami

    a, b = 7.0, 0.1
    v1 = 0.5 * (1 + b * np.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * np.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    s1 = np.array([v1, v2, 0.0]) / v
    st = np.array([v1 + v13, v2, v13]) / v

    def ishigami(spec, names, u, output):
        return Ishigami.evaluate(-np.pi + 2 * np.pi * u[:, :3], A=a, B=b)

    res = sobol_indices("cotra2020-uncertain", base_samples=8192, seed=2, model=ishigami)
    assert res.S1[:3] == pytest.approx(s1, abs=0.03)
    assert res.ST[:3] == pytest.approx(st, abs=0.03)
    assert np.all(np.abs(res.ST[3:]) < 1e-9)  # dummies: exactly no effect
    assert res.dominant == res.names[0]


def _sweep(scenario, name, output="median_year", n=41):
    """Output with one input swept over its p5..p95, the others at their medians."""
    sc = bioanchors.load_scenario(scenario)
    names = list(sc.uncertain_parameters)
    u = np.full((n, len(names)), 0.5)
    u[:, names.index(name)] = np.linspace(0.05, 0.95, n)
    return outputs_mod.evaluate_output(sc.spec, names, u, output)


@pytest.mark.parametrize("scenario,name,direction,output", [
    # Slower algorithmic progress, slower hardware or slower spending growth never bring the date
    # forward; more money or cheaper FLOP in 2025 never push it back (the model is monotone in each).
    # direction: sign of d(output)/d(input).
    ("cotra2020-uncertain", "algorithmic_progress.halving_time_scale", +1, "median_year"),
    ("cotra2020-uncertain", "flop_per_dollar.doubling_time_years", +1, "median_year"),
    ("cotra2020-uncertain", "spending.doubling_time_years", +1, "median_year"),
    ("cotra2020-uncertain", "spending.log10_usd", -1, "median_year"),
    ("cotra2020-uncertain", "hypotheses.medium_horizon.cap_oom", -1, "median_year"),
    # In measured-2025 the caps bind before the median, so test the halving time on P(by 2030).
    ("measured-2025", "algorithmic_progress.halving_time_years_all", -1, "p2030"),
    ("measured-2025", "flop_per_dollar.log10_flop_per_usd", -1, "median_year"),
])
def test_exact_evaluation_is_smooth_and_monotone_in_each_input(scenario, name, direction, output):
    y = _sweep(scenario, name, output)
    steps = direction * np.diff(y)
    assert np.all(steps >= -1e-9)
    # Smooth: the output changes in many small steps, not a few jumps (the median year is
    # interpolated; a whole-year median would move in steps of 1 with flats in between).
    assert steps.max() <= 0.2 * steps.sum()


def test_sobol_indices_on_the_model_are_consistent():
    res = sobol_indices("cotra2020-uncertain", "median_year", base_samples=512, seed=0)
    assert len(res.names) >= 12
    assert res.S1.sum() <= 1.05  # first-order effects cannot explain more than all the variance
    assert np.all(res.S1 <= res.ST + res.S1_conf + res.ST_conf)
    assert np.all(res.ST >= -res.ST_conf)
    again = sobol_indices("cotra2020-uncertain", "median_year", base_samples=512, seed=0)
    assert np.array_equal(res.ST, again.ST) and np.array_equal(res.ST_conf, again.ST_conf)


def test_results_plot_and_frame():
    import matplotlib.pyplot as plt

    for res in (one_at_a_time("measured-2025", "p2030"), sobol_indices("measured-2025", "p2030", base_samples=64)):
        ax = res.plot()
        # one bar per input and series, labelled with the inputs (least important at the bottom)
        assert len(ax.patches) == 2 * len(res.names)
        assert [t.get_text() for t in ax.get_yticklabels()] == res.ranking[::-1]
        assert res.output in ax.get_title() and len(ax.get_legend().get_texts()) == 2
        plt.close(ax.figure)
        df = res.to_frame()
        assert list(df.index) == res.ranking
        assert set(res.to_dict()["inputs"]) == set(res.names)
