"""Algorithmic-efficiency estimators, bundled datasets and the ``efficiency`` command."""

from __future__ import annotations

import csv
import importlib
import json
import re
import sys
import types
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

import bioanchors
from bioanchors import units
from bioanchors.efficiency import (
    compute_unit_factor,
    date_to_decimal_year,
    estimate_efficiency_trend,
    fit_compute_equivalent,
    fit_log_linear,
    load_dataset,
    parse_dates,
    read_efficiency_csv,
    record_frontier,
)
from bioanchors.errors import DataError

FIXTURES = Path(__file__).parent / "fixtures" / "efficiency"
REPO = Path(__file__).resolve().parents[1]
SHARED_TABLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "hernandez_brown" / "efficiency_sota.csv"
needs_shared = pytest.mark.skipif(not SHARED_TABLE.exists(), reason="../shared/data absent")


# --- CLI app -----------------------------------------------------------------


def _make_app() -> typer.Typer:
    """The real app; if other command modules are broken right now, a local one with ours only."""
    try:
        from bioanchors.cli import app

        return app
    except Exception:  # noqa: BLE001 - another command module failing to import is not our test's subject
        pass
    saved = sys.modules.pop("bioanchors.cli", None)
    stub = types.ModuleType("bioanchors.cli")
    stub.__path__ = [str(Path(list(bioanchors.__path__)[0]) / "cli")]
    sys.modules["bioanchors.cli"] = stub
    try:
        mod = importlib.import_module("bioanchors.cli.efficiency")
    finally:
        # don't leave the stub for other test modules
        del sys.modules["bioanchors.cli"]
        if saved is not None:
            sys.modules["bioanchors.cli"] = saved
    app = typer.Typer()
    mod.register(app)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps typer in multi-command mode
        pass

    return app


APP = _make_app()
runner = CliRunner()


def run(*args):
    res = runner.invoke(APP, ["efficiency", *map(str, args)])
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res


# --- synthetic helpers -----------------------------------------------------


def _write_line(path: Path, halving_months: float, dates: list[str], c0: float = 1e20) -> Path:
    """CSV of points exactly on a line of the given halving time (compute in FLOP)."""
    years = np.array([date_to_decimal_year(d) for d in dates])
    compute = c0 * 2.0 ** (-(years - years[0]) * 12.0 / halving_months)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["system", "date", "compute", "units"])
        for i, (d, c) in enumerate(zip(dates, compute)):
            w.writerow([f"S{i}", d, repr(float(c)), "FLOP"])
    return path


# --- dates and units -------------------------------------------------------


def test_parse_dates_three_formats_agree():
    years, dates = parse_dates(["2019-05-28", "5/28/2019", "2019.0"], where="t", column="date")
    # 28 May 2019 is day 148 of a 365-day year: 2019 + 147/365
    assert years[0] == pytest.approx(2019 + 147 / 365)
    assert years[1] == years[0]
    assert years[2] == 2019.0
    assert dates[2] == pd.Timestamp("2019-01-01")


def test_bare_year_is_mid_year_in_both_loaders(tmp_path):
    # issue 10: "2023" was 1 July in the Epoch loader and 1 January here; one rule now
    from bioanchors.trends.epoch_loaders import load_models

    years, dates = parse_dates(["2023"], where="t", column="date")
    assert dates[0] == pd.Timestamp("2023-07-01")
    assert years[0] == pytest.approx(2023 + 181 / 365)
    p = tmp_path / "m.csv"
    p.write_text("model,date,training_flop\nA,2023,1e20\n")
    assert load_models(p).frame["date"].iloc[0] == dates[0]


def test_parse_dates_day_first_column_and_contradictions():
    _, dates = parse_dates(["31/12/2016", "01/02/2017"], where="t", column="date")
    assert dates[1] == pd.Timestamp("2017-02-01")  # day-first decided for the whole column
    with pytest.raises(DataError, match=r"row 4, column 'date'.*cannot read date '5/28/2018'"):
        read_efficiency_csv(FIXTURES / "bad_date.csv")  # 31/12/2016 and 5/28/2018 in one column


@pytest.mark.parametrize("value", ["2622-01-01", "1500-06-01", "9999", "1899.5", "2101-01-01"])
def test_dates_outside_1900_2100_rejected_with_file_row_value(tmp_path, value):
    # issue 10: 2622, 1500, 9999 wrapped silently through nanosecond datetimes
    p = tmp_path / "e.csv"
    p.write_text(f"system,date,compute,units\nA,2015-01-01,10,FLOP\nB,{value},3,FLOP\nC,2017-01-01,1,FLOP\n")
    with pytest.raises(DataError) as e:
        read_efficiency_csv(p)
    assert str(p) in str(e.value) and "row 2" in str(e.value) and value in str(e.value)


def test_units_column_exact_halving():
    # fixture README: 4x less compute each calendar year, in four unit spellings -> 6 months
    res = estimate_efficiency_trend(read_efficiency_csv(FIXTURES / "units_column.csv"), n_bootstrap=0)
    assert res.halving_time_months == pytest.approx(6.0, rel=1e-9)
    assert res.growth_per_year == pytest.approx(4.0, rel=1e-9)
    assert res.reduction_factor == pytest.approx(64.0, rel=1e-9)


@pytest.mark.parametrize(
    "unit, flop",
    [("FLOP", 1.0), ("pfs-days", 8.64e19), ("petaflop/s-days", 8.64e19), ("teraflops-s/days", 8.64e16)],
)
def test_compute_unit_factor(unit, flop):
    # 1 petaflop/s-day = 1e15 FLOP/s * 86,400 s (OpenAI, "AI and Compute")
    assert compute_unit_factor(unit, where="t") == pytest.approx(flop)


# --- the Hernandez & Brown estimator -----------------------------------------


def test_record_frontier():
    years = [2010, 2011, 2011, 2012, 2013, 2014]
    compute = [10, 12, 8, 9, 8, 1]
    # 2011: 8 beats 10 (12 does not); 2012's 9 and 2013's 8 do not beat 8; 2014 does
    assert record_frontier(years, compute).tolist() == [True, False, True, False, False, True]
    # per task: B's first point is a record in its own task
    groups = ["A", "A", "A", "B", "B", "B"]
    assert record_frontier(years, compute, groups).tolist() == [True, False, True, True, True, True]


@pytest.mark.parametrize("halving", [6.0, 16.0, 40.0])
def test_exact_line_recovers_halving(tmp_path, halving):
    dates = ["2012-06-01", "2013-02-11", "2015-09-30", "2017-01-01", "2019-12-31"]
    data = read_efficiency_csv(_write_line(tmp_path / "line.csv", halving, dates))
    res = estimate_efficiency_trend(data, n_bootstrap=200, rng=1)
    assert res.halving_time_months == pytest.approx(halving, rel=1e-9)
    # noiseless data: every non-degenerate resample finds the same slope
    assert res.ci_months[0] == pytest.approx(halving, rel=1e-6)
    assert res.ci_months[1] == pytest.approx(halving, rel=1e-6)


def test_shared_slope_with_separate_task_levels():
    # two tasks on parallel lines 1 OOM apart: the pooled slope is the common one
    t = np.array([2015.0, 2016.0, 2017.0, 2015.5, 2016.5, 2018.0])
    y = np.array([20.0, 19.7, 19.4, 19.0 - 0.15, 19.0 - 0.45, 19.0 - 0.9])
    slope, levels = fit_log_linear(t, y, ["a", "a", "a", "b", "b", "b"])
    assert slope == pytest.approx(-0.3)
    # b's line is y = 19 - 0.3 (t - 2015), a's is y = 20 - 0.3 (t - 2015)
    assert levels["a"] - levels["b"] == pytest.approx(1.0)


def test_bootstrap_seeded_and_reproducible():
    data = load_dataset("alexnet")
    a = estimate_efficiency_trend(data, n_bootstrap=500, rng=np.random.default_rng(7))
    b = estimate_efficiency_trend(data, n_bootstrap=500, rng=np.random.default_rng(7))
    c = estimate_efficiency_trend(data, n_bootstrap=500, rng=np.random.default_rng(8))
    assert a.ci_months == b.ci_months
    assert a.ci_months != c.ci_months
    assert a.halving_time_months == c.halving_time_months  # the point estimate has no randomness


def test_degenerate_resamples_are_counted(tmp_path):
    # 3 points: P(a resample has a single distinct date) = 3 / 27 = 1/9
    data = read_efficiency_csv(_write_line(tmp_path / "l.csv", 12.0, ["2015-01-01", "2016-01-01", "2017-01-01"]))
    res = estimate_efficiency_trend(data, n_bootstrap=9000, rng=3)
    assert res.n_degenerate == pytest.approx(1000, abs=150)
    assert res.boot_slopes.size == 9000 - res.n_degenerate


def test_all_points_uses_non_records():
    data = read_efficiency_csv(FIXTURES / "mixed_formats.csv")
    rec = estimate_efficiency_trend(data, n_bootstrap=0)
    allp = estimate_efficiency_trend(data, all_points=True, n_bootstrap=0)
    # fixture notes: A, B, D, F are records; C and E are not
    assert rec.n == 4 and allp.n == 6
    assert rec.points.loc[rec.points["record"], "system"].tolist() == ["A", "B", "D", "F"]
    # non-records lie above the frontier, so fitting them too gives a slower decline
    assert allp.halving_time_months > rec.halving_time_months


def test_result_frame_and_plot():
    res = estimate_efficiency_trend(load_dataset("alexnet"), n_bootstrap=200)
    frame = res.to_frame()
    assert len(frame) == 6 and frame["used"].all()
    assert np.all(frame["fitted_compute"] > 0)
    ax = res.plot()
    assert ax.get_yscale() == "log"
    assert len(ax.lines) >= 2  # frontier + fit
    d = res.to_dict()
    json.dumps(d, allow_nan=False)


# --- bundled data vs Hernandez & Brown ---------------------------------------


@pytest.mark.parametrize("table_dates", [False, True])
def test_alexnet_headline(table_dates):
    data = load_dataset("alexnet", table_dates=table_dates)
    res = estimate_efficiency_trend(data, n_bootstrap=2000, rng=0)
    assert res.n == 6  # Hernandez & Brown 2020 table: six AlexNet-level records, 2012-2019
    assert res.span[0].year == 2012 and res.span[1].year == 2019
    # Hernandez & Brown 2020 abstract: "decreased by a factor of 44x between 2012 and 2019"
    assert int(res.reduction_factor) == 44
    # Hernandez & Brown 2020 abstract: "doubling every 16 months"; the issue asks 15-17
    assert 15.0 < res.halving_time_months < 17.0
    lo, hi = res.ci_months
    assert lo < res.halving_time_months < hi


def test_resnet50_has_too_few_points():
    # Hernandez & Brown table: only two ResNet-50-level rows (ResNet-50, EfficientNet-b1)
    data = load_dataset("resnet50")
    assert len(data) == 2
    with pytest.raises(DataError, match=r"2 record-setting points.*at least 3.*22.7x"):
        estimate_efficiency_trend(data, where="resnet50")


def test_translation_pooled_slope_is_weighted_mean_of_task_slopes():
    data = load_dataset("translation")
    res = estimate_efficiency_trend(data, n_bootstrap=0)
    assert res.n == 4 and set(res.intercepts) == {"Seq2Seq", "GNMT"}
    # with two points per task the pooled slope weights each pair's slope by dt^2
    slopes, weights = [], []
    for _, g in data.groupby("task"):
        g = g.sort_values("year")
        dt = g["year"].iloc[1] - g["year"].iloc[0]
        slopes.append(np.log10(g["compute"].iloc[1] / g["compute"].iloc[0]) / dt)
        weights.append(dt**2)
    assert res.slope_oom_per_year == pytest.approx(np.average(slopes, weights=weights))
    assert res.reduction_factor is None and len(res.reduction_factor_by_task) == 2


def test_every_bundled_row_cites_its_source():
    for name in ("alexnet", "resnet50", "translation"):
        data = load_dataset(name)
        assert data["source"].str.contains("Hernandez & Brown 2020").all()
        assert data["source"].str.contains("https://").all()


@needs_shared
def test_bundled_data_match_shared_table():
    table = pd.read_csv(SHARED_TABLE)
    bundled = pd.concat([pd.read_csv(p) for p in sorted((REPO / "src/bioanchors/data").glob("efficiency_*.csv"))])
    assert len(bundled) == len(table)
    merged = table.merge(bundled, left_on=["Metric", "Publication"], right_on=["task", "system"], how="outer")
    assert merged["compute"].notna().all() and merged["Publication Date"].notna().all()
    np.testing.assert_array_equal(merged["compute"], merged["Compute (teraflops-s/days)"])
    assert (merged["date_in_table"] == merged["Publication Date"]).all()
    for _, r in merged.iterrows():
        assert r["Publication link"] in r["source"]
        table_date = pd.to_datetime(r["Publication Date"], format="%m/%d/%Y")
        fixed = pd.Timestamp(r["date"])
        m = re.search(r"arxiv\.org/abs/(\d{2})(\d{2})\.", r["Publication link"])
        if fixed == table_date:
            continue
        # only change: the month, set to the one in the row's own arXiv identifier
        assert m is not None, r["Publication"]
        assert (fixed.year, fixed.day) == (table_date.year, table_date.day)
        assert (fixed.year % 100, fixed.month) == (int(m.group(1)), int(m.group(2)))
        assert isinstance(r["note"], str) and "corrected" in r["note"]


@needs_shared
def test_shared_table_loads_directly_with_task():
    via_file = estimate_efficiency_trend(read_efficiency_csv(SHARED_TABLE, task="AlexNet"), n_bootstrap=0)
    via_bundle = estimate_efficiency_trend(load_dataset("alexnet", table_dates=True), n_bootstrap=0)
    assert via_file.halving_time_months == pytest.approx(via_bundle.halving_time_months)
    assert 15.0 < via_file.halving_time_months < 17.0  # Hernandez & Brown 2020: ~16 months


@needs_shared
def test_table_reduction_factors_vs_compute_column():
    # The table's "Reduction Factor" should be first compute / this compute. It is,
    # within the rounding of the compute values (2 significant figures), for every
    # row but ResNet-50 -> EfficientNet-b1: 17 / 0.75 = 22.7, table says 10.
    # docs/efficiency.md reports this; if the table is fixed, update the docs.
    table = pd.read_csv(SHARED_TABLE)
    mismatched = []
    for _, g in table.groupby("Metric", sort=False):
        first = g["Compute (teraflops-s/days)"].iloc[0]
        for _, r in g.iterrows():
            c = r["Compute (teraflops-s/days)"]
            ratio_lo = (first * 0.95) / (c * 1.05)  # +-5%: loose enough for 2 significant figures
            ratio_hi = (first * 1.05) / (c * 0.95)
            if not ratio_lo <= r["Reduction Factor"] <= ratio_hi:
                mismatched.append(r["Publication"])
    assert mismatched == ["EfficientNet (b1)"]


# --- compute-equivalent estimator ---------------------------------------------


def _synthetic_scores(rng, n, b, c, transform, noise=0.02):
    years = rng.uniform(2014, 2024, n)
    log10_c = rng.uniform(18, 24, n) + 0.3 * (years - 2014)  # compute grows too: correlated, as in reality
    f = -6.0 + b * log10_c + c * (years - 2014) + rng.normal(0, noise, n)
    score = 1 / (1 + np.exp(-f)) if transform == "logit" else f
    return pd.DataFrame(
        {
            "system": [f"m{i}" for i in range(n)],
            "task": "",
            "date": [pd.Timestamp(year=int(y), month=1, day=1) for y in years],
            "year": years,
            "compute": 10**log10_c,
            "score": score,
        }
    )


@pytest.mark.parametrize("transform", ["none", "logit"])
def test_compute_equivalent_recovers_known_gain(transform):
    # constructed: b = 0.3 per OOM, c = 0.15 per year -> c/b = 0.5 OOM/yr
    data = _synthetic_scores(np.random.default_rng(11), 60, b=0.3, c=0.15, transform=transform)
    res = fit_compute_equivalent(data, transform=transform, n_bootstrap=1000, rng=2)
    assert res.oom_per_year == pytest.approx(0.5, abs=0.05)
    lo, hi = res.ci_oom_per_year
    assert lo < 0.5 < hi
    assert res.halving_time_months == pytest.approx(units.oom_per_year_to_halving_months(res.oom_per_year))
    json.dumps(res.to_dict(), allow_nan=False)


def test_compute_equivalent_logit_needs_fractions():
    data = _synthetic_scores(np.random.default_rng(1), 20, b=0.3, c=0.15, transform="logit")
    data["score"] *= 100
    with pytest.raises(DataError, match="between 0 and 1.*percentages"):
        fit_compute_equivalent(data, transform="logit")


def test_compute_equivalent_score_must_rise_with_compute():
    data = _synthetic_scores(np.random.default_rng(1), 30, b=-0.3, c=0.15, transform="none")
    with pytest.raises(DataError, match="does not rise with compute"):
        fit_compute_equivalent(data)


# --- CLI ----------------------------------------------------------------------


def test_cli_default_table():
    res = run()
    assert res.exit_code == 0
    assert "halving time" in res.output and "[months]" in res.output


def test_cli_json_keys_and_seed(tmp_path):
    a = run("--format", "json", "--seed", "5", "--bootstrap", "300")
    b = run("--format", "json", "--seed", "5", "--bootstrap", "300")
    assert a.exit_code == 0
    da, db = json.loads(a.stdout), json.loads(b.stdout)
    for key in ("halving_time_months", "ci90_months", "reduction_factor", "growth_per_year", "n", "span"):
        assert key in da
    assert da == db
    assert len(da["ci90_months"]) == 2 and len(da["span"]) == 2
    assert da["ci90_months"][0] < da["halving_time_months"] < da["ci90_months"][1]


def test_cli_plot_and_file(tmp_path):
    out = tmp_path / "fig.png"
    res = run(FIXTURES / "mixed_formats.csv", "--plot", out, "--all-points", "--format", "json")
    assert res.exit_code == 0
    assert out.stat().st_size > 1000
    assert json.loads(res.stdout)["n"] == 6


def test_cli_no_bootstrap_gives_null_ci():
    res = run("--dataset", "alexnet", "--format", "json", "--bootstrap", "0")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["ci90_months"] is None


@needs_shared
def test_cli_shared_table_task():
    res = run(SHARED_TABLE, "--task", "AlexNet", "--format", "json")
    assert res.exit_code == 0
    assert 15.0 < json.loads(res.stdout)["halving_time_months"] < 17.0  # H&B 2020: ~16 months


def test_cli_compute_equivalent(tmp_path):
    data = _synthetic_scores(np.random.default_rng(11), 40, b=0.3, c=0.15, transform="none")
    data["date"] = data["year"].round(3)
    data["units"] = "FLOP"
    path = tmp_path / "scores.csv"
    data[["system", "date", "compute", "units", "score"]].to_csv(path, index=False)
    res = run(path, "--method", "compute-equivalent", "--format", "json", "--bootstrap", "300")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["oom_per_year"] == pytest.approx(0.5, abs=0.06)  # constructed c/b


@pytest.mark.parametrize(
    "args, message",
    [
        ([FIXTURES / "two_points.csv"], r"2 record-setting points.*at least 3"),
        ([FIXTURES / "two_records.csv"], r"--all-points"),
        ([FIXTURES / "same_date.csv"], r"same date|one date|two different dates"),
        ([FIXTURES / "zero_compute.csv"], r"row 2, column 'compute'.*positive"),
        ([FIXTURES / "negative_compute.csv"], r"row 2, column 'compute'.*positive"),
        ([FIXTURES / "unknown_units.csv"], r"row 2, column 'units'.*unknown compute unit 'GPU-hours'"),
        ([FIXTURES / "no_units.csv"], r"does not state its units"),
        ([FIXTURES / "bad_date.csv"], r"cannot read date"),
        ([FIXTURES / "missing.csv"], r"file not found"),
        (["--dataset", "cifar"], r"unknown dataset 'cifar'; known datasets: alexnet, resnet50, translation"),
        (["--dataset", "resnet50"], r"at least 3"),
        (["--dataset", "translation", "--task", "BERT"], r"tasks in the file: GNMT, Seq2Seq"),
        (["--plot", "fig.gif"], r"\.png, \.svg or \.pdf"),
    ],
)
def test_cli_bad_input_exit_2(args, message):
    res = run(*args)
    assert res.exit_code == 2, res.output
    flat = " ".join(res.output.split())  # rich wraps long lines
    assert re.search(message, flat), flat
    assert "error:" in flat


# --- issue 9: two record points; issue 10: bounds and files; issue 16: seeds matter ---------------


def test_resnet50_refuses_stating_both_reductions():
    # Hernandez & Brown's table: ResNet-50 17 tfs-days -> EfficientNet-b1 0.75: 22.7x by its compute
    # columns, while its "Reduction Factor" column says 10x. Refused (2 points), with both figures.
    res = run("--dataset", "resnet50", "--format", "json")
    assert res.exit_code == 2 and res.stdout == ""
    msg = res.stderr
    assert len(msg.strip().splitlines()) <= 3
    flat = " ".join(msg.split())
    assert "22.7x less compute" in flat and "table states 10x" in flat and "uses the compute columns" in flat
    assert "halving every 9.2 months" in flat  # log10(2) / (log10(22.7) / 3.46 yr) x 12


def test_alexnet_stated_and_computed_reduction_side_by_side():
    # H&B table: EfficientNet-b0 "Reduction Factor" 44; compute 3.1 / 0.069 = 44.9 (agree within 10%)
    d = json.loads(run("--format", "json", "--bootstrap", "0").stdout)
    assert d["stated_reduction_factor_by_task"] == {"AlexNet": 44.0}
    assert d["reduction_factor"] == pytest.approx(3.1 / 0.069, rel=1e-3)
    assert d["reduction_factor_basis"] == "compute columns"
    assert not any("table states" in w for w in d["warnings"])


def test_cli_seed_changes_interval_and_same_seed_is_byte_identical():
    # issue 16: a planted "efficiency --seed ignored" passed every test
    a = run("--format", "json", "--seed", "1", "--bootstrap", "500")
    b = run("--format", "json", "--seed", "1", "--bootstrap", "500")
    c = run("--format", "json", "--seed", "2", "--bootstrap", "500")
    assert a.stdout == b.stdout  # byte-identical
    da, dc = json.loads(a.stdout), json.loads(c.stdout)
    assert da["ci90_months"] != dc["ci90_months"]
    assert da["halving_time_months"] == dc["halving_time_months"]  # the point fit is not random


@pytest.mark.parametrize("args, message", [
    (["--seed", "-1"], "--seed -1: must be an integer from 0 to 4294967295"),
    (["--seed", str(2**40)], "--seed"),
    (["--bootstrap", "-1"], "--bootstrap -1: must be 0 (none) or an integer from 100 to 10,000"),
    (["--bootstrap", "50"], "from 100 to 10,000"),
    (["--bootstrap", "100000000"], "from 100 to 10,000"),
])
def test_cli_bounds_one_line(args, message):
    res = run(*args)
    assert res.exit_code == 2
    assert message in " ".join(res.stderr.split()) and len(res.stderr.strip().splitlines()) == 1


def test_fifo_and_binary_files_refused(tmp_path):
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    res = run(fifo)
    assert res.exit_code == 2 and "not a regular file" in res.stderr
    binf = tmp_path / "bin.csv"
    binf.write_bytes(bytes(range(256)) * 50)
    res = run(binf)
    assert res.exit_code == 2 and "binary" in res.stderr and len(res.stderr) < 300


@needs_shared
def test_whole_table_fit_notes_the_resnet50_reduction_clash():
    # Hernandez & Brown's table, all four tasks with a shared slope: ResNet-50's stated "Reduction
    # Factor" (10) contradicts its compute columns (17 / 0.75 = 22.7); the fit says so and uses 22.7.
    res = estimate_efficiency_trend(read_efficiency_csv(SHARED_TABLE), n_bootstrap=0)
    d = res.to_dict()
    assert d["stated_reduction_factor_by_task"]["ResNet-50"] == 10.0
    assert d["reduction_factor_by_task"]["ResNet-50"] == pytest.approx(17 / 0.75, rel=1e-3)
    clash = [w for w in d["warnings"] if w.startswith("ResNet-50:")]
    assert clash and "table states 10x" in clash[0] and "22.7x" in clash[0]
    assert not any(w.startswith("AlexNet:") for w in d["warnings"])  # 44 vs 44.9: agree within 10%


def test_bootstrap_is_the_shared_loglinear_bootstrap():
    # issue 12: one fit-and-bootstrap; H&B's resamples are bioanchors.loglinear's, same stream, same slopes
    from bioanchors import loglinear

    data = load_dataset("translation")  # two tasks: the grouped fit
    res = estimate_efficiency_trend(data, n_bootstrap=600, rng=np.random.default_rng(4))
    used = res.points[res.points["used"]]
    s, _, _, valid = loglinear.bootstrap(used["year"].to_numpy(), np.log10(used["compute"].to_numpy()),
                                         used["task"].to_numpy(), n_boot=600, rng=np.random.default_rng(4))
    assert res.boot_slopes.tobytes() == s[valid].tobytes()
    assert res.n_degenerate == int((~valid).sum())


def test_logit_transform_of_scores_refuses_the_ends_and_says_why():
    """Mutation run 6 (docs/testing.md): the score transform's boundaries and messages were untested."""
    from bioanchors.efficiency.compute_equivalent import transform_score
    from bioanchors.errors import DataError

    # logit(p) = ln(p / (1 - p)), in closed form: 0.5 -> 0, 0.8 -> ln 4; "none" is the identity, as floats
    np.testing.assert_allclose(transform_score([0.5, 0.8], "logit"), [0.0, np.log(4.0)], rtol=0, atol=1e-15)
    ident = transform_score([3, 5])
    assert ident.dtype == np.float64 and ident.tolist() == [3.0, 5.0]
    # exactly 0 or exactly 1: the logit is infinite, so each end is refused, naming the file and column
    with pytest.raises(DataError, match=r"^scores\.csv, column 'score': the logit transform needs scores strictly "
                                        r"between 0 and 1$"):
        transform_score([0.0, 0.5], "logit", where="scores.csv")
    with pytest.raises(DataError, match=r"^data, column 'score': the logit transform needs scores strictly between"):
        transform_score([0.5, 1.0], "logit")
    with pytest.raises(DataError, match=r"\(they look like percentages: divide by 100\)$"):
        transform_score([12.0, 55.0], "logit")
    with pytest.raises(DataError, match=r"^unknown score transform 'probit'; use one of none, logit$"):
        transform_score([0.5], "probit")
