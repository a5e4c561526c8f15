"""The retrospective: parameter-set accounting, counterfactual re-runs, hindcast, CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bioanchors.retro import counterfactual_reruns, hindcast, retrospective, scenario_overrides
from bioanchors.retro.counterfactual import median_shift, rates
from bioanchors.trends.accounting import get_parameter_set, load_parameter_sets
from bioanchors.trends.epoch_loaders import load_data
from conftest import shared_data


@pytest.fixture(scope="module")
def bundled():
    return load_data(None)


@pytest.fixture(scope="module")
def sets(bundled):
    s = load_parameter_sets()
    s["measured"] = get_parameter_set("measured", data=bundled, since=2018, n_boot=200)
    return s


@pytest.fixture(scope="module")
def retro(sets):
    return retrospective(sets, "measured")


def test_effective_compute_growth_by_set(retro):
    eff = retro.to_dict()["effective_compute"]
    # ACX, "What Happened With Bio Anchors?" (Feb 2026): Cotra's inputs ~2.4x/yr, published to one
    # decimal; the tool's cotra2020 set must round to it.
    assert eff["cotra2020"] == pytest.approx(2.4, abs=0.05)
    # The tool's epoch set is the product of its cited inputs: Cottier et al. 2024 (2.4x/yr),
    # Hobbhahn & Besiroglu 2022 (FLOP/$ doubling 2.07 years), Ho et al. 2024 (3x/yr). It differs
    # from the post's 10.7 for the reason the published table's difference line gives.
    assert eff["epoch"] == pytest.approx(2.4 * 2 ** (1 / 2.07) * 3.0, rel=1e-9)
    assert eff["measured"] > eff["cotra2020"] * 3


def test_cotra_ramp_and_long_run_rates_side_by_side(retro):
    """Issue 23 item 1: her near-term ramp and her long-run rate, both named, each with its window."""
    f = retro.factors()
    w = retro.windows()
    assert (w["cotra2020-ramp"], w["cotra2020"]) == ("2020-25", "after 2025")
    # Cotra 2020 p. 136: ~$1M on the largest run in 2020 (AlphaStar); pp. 124, 133: $1B in 2025.
    # (1e9 / 1e6) ** (1 / 5) = 10 ** 0.6 = 3.98x/yr.
    assert f["spend"]["cotra2020-ramp"] == pytest.approx(10 ** 0.6, rel=1e-6)
    # pp. 123-124: FLOP/$ doubles every 2.5 years before and after 2025: 2 ** (1 / 2.5) = 1.32x/yr.
    assert f["flop_per_dollar"]["cotra2020-ramp"] == pytest.approx(2 ** 0.4, rel=1e-3)
    # pp. 124, 133: spend doubles every 2 years after 2025: 2 ** 0.5 x 2 ** 0.4 = 1.87x/yr real compute.
    assert f["real_compute"]["cotra2020"] == pytest.approx(2 ** 0.9, rel=1e-9)
    assert f["real_compute"]["cotra2020-ramp"] == pytest.approx(10 ** 0.6 * 2 ** 0.4, rel=1e-3)
    line = retro.gap_lines()[0]
    assert "near-term ramp (2020-25)" in line and "long-run rate (after 2025)" in line
    assert "5.25x/yr" in line and "1.87x/yr" in line


def test_measured_effective_compute_gap_explained(retro):
    """Issue 23 item 1: ~14.9x/yr on the bundled data against the post's 10.7x/yr, and why.

    Independent check (numpy.polyfit of log10 cost and of log10 FLOP/s-per-dollar on decimal year,
    bundled data/frontier_training_runs.csv frontier runs and data/ml_accelerators.csv 'best'
    precision, both from 2018): cost 3.738x/yr, FLOP/$ 1.3254x/yr, times Epoch's 3x/yr algorithms
    (Ho et al. 2024) = 14.86x/yr; the post (ACX, Feb 2026): 10.7 = 3.6 real x 3.0.
    """
    f = retro.factors()
    assert f["spend"]["measured"] == pytest.approx(3.738, abs=0.002)
    assert f["flop_per_dollar"]["measured"] == pytest.approx(1.3254, abs=0.0005)
    assert f["effective_compute"]["measured"] == pytest.approx(14.86, abs=0.02)
    assert retro.windows()["measured"] == "2018-25"  # the cost fit's first and last run
    line = retro.gap_lines()[1]
    assert "14.9x/yr against the post's 10.7x/yr" in line
    assert "4.95 against 3.6x/yr" in line and "3.74x/yr" in line and "2.4x/yr since 2016" in line


def test_published_table_as_published(retro):
    # issue 9 Deliver 3; figures from ACX "What Happened With Bio Anchors?" (Feb 2026) as read in
    # its audio transcript: Epoch 10.7x = 3.6x real compute x 3x algorithms; Cotra 30%/yr and ~2.4x.
    d = retro.to_dict()
    assert d["published"]["epoch"] == {"real_compute": 3.6, "algorithmic_progress": 3.0, "effective_compute": 10.7}
    assert d["published"]["cotra2020"] == {"algorithmic_progress": 1.3, "effective_compute": 2.4}
    assert d["published_source"]["url"] == "https://www.astralcodexten.com/p/what-happened-with-bio-anchors"
    rows = {(r["set"], r["factor"]): r for r in d["published_vs_tool"]}
    # the tool's own Epoch real compute, 2.4 x 1.40 = 3.35, is not the post's 3.6: said and explained
    real = rows[("epoch", "real_compute")]
    assert not real["agree"] and real["tool"] == pytest.approx(3.35, abs=0.01)
    assert "1.40" in real["why"] and "2.07" in real["why"]
    assert rows[("cotra2020", "algorithmic_progress")]["agree"]  # 1.29 vs the post's 1.3 (30%/yr)
    assert rows[("cotra2020", "effective_compute")]["agree"]


def test_published_table_validation(tmp_path):
    from bioanchors.errors import DataError
    from bioanchors.retro.published import load_published

    p = tmp_path / "t.toml"
    p.write_text('[epoch.real_compute]\nvalue = 3.6\n')
    with pytest.raises(DataError, match="quote"):
        load_published(p)
    p.write_text('[epoch.speed]\nvalue = 3.6\nquote = "x"\n')
    with pytest.raises(DataError, match="unknown factor"):
        load_published(p)


def test_summary_speaks_one_sign_convention(retro):
    from bioanchors.retro.table import earlier

    text = retro.summary_line()
    assert "years earlier" in text and "+" not in text and " -" not in text
    assert earlier(3) == "3 years earlier" and earlier(-2) == "2 years later" and earlier(1) == "1 year earlier"


def test_cotra_set_reads_the_scenario_not_retyped_numbers():
    # Cotra's constants come from the built-in cotra2020 scenario (issue 9): changing the scenario
    # changes the set. Report pp. 123-124 (FLOP/$ doubling ~2.5 yr), p. 133 (spend doubling 2 yr).
    from bioanchors.scenario import load_scenario

    spec = load_scenario("cotra2020").spec
    c = load_parameter_sets()["cotra2020"]
    assert c.flop_per_dollar.doubling_time_years == pytest.approx(spec.flop_per_dollar.doubling_time_years.value)
    assert c.spend.doubling_time_years == pytest.approx(spec.spending.doubling_time_years.value)
    halvings = [h.halving_time_years.value for h in spec.hypotheses.values()]
    assert c.algorithmic.doubling_time_years == pytest.approx((min(halvings) + max(halvings)) / 2)


def test_measured_compute_growth_since_2018(sets):
    # Issue #3 / Epoch AI (frontier training compute 4-5x/yr since ~2018): within 4-5.5x/yr.
    assert 4.0 <= sets["measured"].direct_compute.multiplier <= 5.5


def test_spend_split_from_run_length(sets):
    # Amortised cost already grows with run length: the re-runs take cost / run length as the
    # spend rate, so spend x run length in the engine equals the measured cost growth.
    m = sets["measured"]
    r = rates(m)
    assert m.run_length_in_spend
    assert r["spend"] * r["run_length"] == pytest.approx(m.spend.multiplier)


def test_reruns_shape_and_baseline(retro):
    rows = retro.to_dict()["reruns"]
    # Row 0 is cotra2020 itself: its median is her spreadsheet's 2053 (issue 9; p. 135 says ~2052).
    assert rows[0]["replaced"] == [] and abs(rows[0]["median_year"] - 2053) <= 1
    assert [r["replaced"] for r in rows[1:5]] == [["spend"], ["flop_per_dollar"], ["run_length"], ["algorithmic"]]
    assert rows[5]["replaced"] == ["spend", "flop_per_dollar", "run_length", "algorithmic"]
    for r in rows:
        assert set(r["p_by_year"]) == {"2030", "2036", "2040", "2050"}


def test_every_replacement_with_faster_measured_growth_moves_the_date_forward(retro):
    rows = retro.reruns
    base = rows[0]
    for r in rows[1:]:
        assert all(r.p_by_year[y] >= base.p_by_year[y] - 1e-12 for y in base.p_by_year), r.replaced
    # All together moves the median more than any single input.
    shifts = median_shift(rows)
    everything = shifts[("spend", "flop_per_dollar", "run_length", "algorithmic")]
    assert everything >= max(v for k, v in shifts.items() if len(k) == 1)


def test_algorithmic_progress_and_the_caps(retro):
    # Issue #3 expects replacing algorithmic progress to move the median more than any other input.
    # That holds when the measured rate is applied as a sustained trend (caps lifted): the median
    # moves from 2051 into the 2030s, as the 2026 retrospective reports (docs/model.md §8). With Cotra's
    # caps (2-5 OOM) kept, the faster rate only raises the near term: they bind by ~2050 anyway.
    shifts = median_shift(retro.reruns)
    lifted = shifts[("algorithmic", "algorithmic_caps")]
    assert lifted > max(v for k, v in shifts.items() if len(k) == 1)
    caps_lifted = next(r for r in retro.reruns if r.replaced == ("algorithmic", "algorithmic_caps"))
    assert 2030 <= caps_lifted.median_year <= 2039
    algo_only = next(r for r in retro.reruns if r.replaced == ("algorithmic",))
    assert algo_only.p_by_year["2030"] - retro.reruns[0].p_by_year["2030"] > 0.05
    assert "caps" in retro.summary_line()


def test_measured_progress_counted_from_2020_is_a_row_of_its_own(retro):
    # cotra2020 counts progress from 2025 (p. 121, the spreadsheet reading); the retrospective measures
    # it over 2020-2025, so a second row also counts it from 2020. More progress counted: P(2030) rises;
    # her caps (2-5 OOM, pp. 121-122) bind within a few years, so later years barely move.
    algo = next(r for r in retro.reruns if r.replaced == ("algorithmic",))
    from_2020 = next(r for r in retro.reruns if r.replaced == ("algorithmic", "progress_from_2020"))
    assert from_2020.overrides["algorithmic_progress.start_year"] == 2020
    assert "algorithmic_progress.start_year" not in algo.overrides
    assert from_2020.p_by_year["2030"] > algo.p_by_year["2030"] + 0.01
    assert from_2020.p_by_year["2050"] >= algo.p_by_year["2050"] - 1e-12
    assert "from 2020" in retro.summary_line()


def test_overrides_use_the_engines_units(sets):
    ov = scenario_overrides(sets["epoch"], "algorithmic")
    # Epoch AI: algorithmic progress ~3x/yr -> halving log(2)/log(3) = 0.63 years.
    assert ov["algorithmic_progress.halving_time_years_all"] == pytest.approx(np.log(2) / np.log(3), rel=1e-6)
    assert scenario_overrides(sets["cotra2020"], "run_length") == {}  # Cotra: no run-length growth


def test_epoch_set_reruns(sets):
    rows = counterfactual_reruns(sets["epoch"])
    assert rows[5].median_year < rows[0].median_year


def test_hindcast_from_2020(bundled):
    h = hindcast(bundled, 2020, n_boot=100)
    d = h.to_dict()
    assert d["fit_window"] == [2012, 2019]
    assert set(d["factors"]) == {"training_compute", "training_cost", "flop_per_dollar", "training_duration"}
    mae = h.mean_abs_error()
    # Cotra's inputs give the *largest* run (report pp. 122-125: 4e17 FLOP/$ x $1B = 4e26 FLOP in
    # 2025; Grok 4, 2025: 5e26), while the realised trend runs through all frontier runs, so her
    # compute and spend sit above it every year, compute by well under 1 OOM.
    assert np.all(h.cotra_error["training_compute"] > 0) and np.all(h.cotra_error["training_compute"] < 0.8)
    assert np.all(h.cotra_error["training_cost"] > h.cotra_error["training_compute"])
    # A straight fit to 2012-2019 projects frontier compute within ~0.3 OOM through 2025
    # (Epoch AI: frontier compute has grown a steady 4-5x/yr).
    assert mae["training_compute"]["fitted"] < 0.35
    # Her model held run length constant; runs grew ~1.4x/yr (docs/model.md §8), so its error grows.
    err = h.cotra_error["training_duration"]
    assert err[-1] < err[0] <= 0.05
    assert all(np.isfinite(v) for k in mae for v in mae[k].values())


def test_hindcast_vantage_after_the_data_is_an_error(bundled):
    from bioanchors.errors import DataError

    with pytest.raises(DataError, match="--vantage"):
        hindcast(bundled, 2030)


def test_cli_retro_json(cli):
    res = cli("retro", "--format", "json", "--bootstrap", "200")
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert set(d["factors"]) == {"spend", "flop_per_dollar", "run_length", "real_compute", "algorithmic"}
    # cotra2020-ramp: her 2020-25 ramp beside her long-run rate (issue 23 item 1); ftm-best-guess: FTM's own
    # simulated 2022-2026 growth (issue 21 item 5, tests/test_retro_simulated.py)
    assert set(d["factors"]["spend"]) == {"cotra2020-ramp", "cotra2020", "davidson2023", "epoch", "measured",
                                          "ftm-best-guess"}
    assert set(d["windows"]) == set(d["factors"]["spend"]) and all(d["windows"].values())
    assert set(d["effective_compute"]) == set(d["factors"]["spend"])
    assert all({"replaced", "median_year", "p_by_year"} <= set(r) for r in d["reruns"])
    # issue 9 Deliver 3: the published table in the JSON (ACX, Feb 2026)
    assert d["published"]["epoch"]["effective_compute"] == 10.7
    assert d["published"]["cotra2020"]["algorithmic_progress"] == 1.3
    shifts = d["median_years_earlier"]  # positive = earlier, as the summary says; faster inputs never delay
    assert all(v >= 0 for v in shifts.values()) and max(shifts.values()) > 10


def test_cli_retro_table_vantage_and_plot(cli, tmp_path):
    res = cli("retro", "--vantage", "2020", "--bootstrap", "200", "--plot", tmp_path / "r.png",
              env={"COLUMNS": "200"})  # wide enough that rich does not wrap cells
    assert res.exit_code == 0, res.output
    for needle in ("effective compute", "median year", "Hindcast from 2020", "moves the median most", "(ACX)",
                   "astralcodexten.com", "epoch real_compute: published 3.6x/yr"):
        assert needle in res.output
    assert (tmp_path / "r.png").stat().st_size > 1000


def test_cli_retro_uses_an_efficiency_estimate(cli):
    # Issue #4: retro uses an efficiency estimate when one is given. Hernandez & Brown's AlexNet
    # points give a ~16-month halving, i.e. ~1.7x/yr.
    d = json.loads(cli("retro", "--efficiency-dataset", "alexnet", "--format", "json", "--bootstrap", "200").output)
    assert d["factors"]["algorithmic"]["measured"] == pytest.approx(1.7, abs=0.1)
    assert "alexnet" in d["notes"][0]


@pytest.mark.parametrize("args,needle", [
    (["--against", "davidson2023"], "--against"),
    (["--vantage", "2035"], "--vantage"),
    (["--efficiency-dataset", "nope"], "nope"),
    (["--bootstrap", "-1"], "--bootstrap -1: must be an integer from 100"),
    (["--bootstrap", "1000000000"], "to 10,000"),
    (["--seed", "-1"], "--seed -1: must be an integer from 0"),
])
def test_cli_retro_bad_input(cli, args, needle):
    res = cli("retro", "--bootstrap", "100", *args)
    assert res.exit_code == 2, res.output
    assert needle in res.output and "Traceback" not in res.output


def test_cli_retro_surfaces_loader_errors(cli, tmp_path):
    bad = tmp_path / "empty.csv"
    bad.write_text("")
    res = cli("retro", "--data", bad)
    assert res.exit_code == 2 and "Traceback" not in res.output


def test_retro_on_the_epoch_exports(cli):
    path = shared_data("epoch", "frontier_ai_models.csv")
    hw = shared_data("epoch", "ml_hardware.csv")
    d = json.loads(cli("retro", "--data", path, "--data", hw, "--format", "json", "--bootstrap", "200").stdout)
    # Same expectations as with the bundled data (issue #3).
    assert d["effective_compute"]["cotra2020"] == pytest.approx(2.4, abs=0.15)
    assert 10.0 <= d["effective_compute"]["epoch"] <= 11.0
