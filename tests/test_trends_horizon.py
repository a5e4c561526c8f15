"""METR 50% time-horizon trend: loader, fit against METR's published doubling time, `bioanchors trends --horizon`."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from bioanchors.errors import DataError
from bioanchors.trends import metr_horizons as mh
from conftest import shared_data


@pytest.fixture(scope="module")
def data():
    return mh.load_horizons()


def test_bundled_copy_is_the_shared_file_unchanged():
    # data/metr-horizon/README.md promises an unmodified copy of ../shared/data/metr/horizons_v1.yaml
    assert mh.bundled_path().read_bytes() == shared_data("metr", "horizons_v1.yaml").read_bytes()


def test_loader_reads_every_model(data):
    # horizons_v1.yaml: 27 models, 14 flagged is_sota (GPT-2 2019-02-14 ... GPT-5 2025-08-07)
    f = data.frame
    assert len(f) == 27 and int(f["is_sota"].sum()) == 14 and data.report.n_skipped == 0
    assert f["year"].is_monotonic_increasing
    gpt5 = f.set_index("model").loc["gpt_5"]
    assert gpt5["p50_minutes"] == pytest.approx(137.318539)  # the file's estimate, minutes
    assert gpt5["year"] == pytest.approx(2025 + 218 / 365)  # 7 Aug 2025 = day 219


def test_metr_seven_month_doubling_reproduced_within_its_ci(data):
    # Kwa et al. 2025 (arXiv:2503.14499, Fig. 1 / Sec. 4): frontier 50% horizon doubling time 212 days,
    # 95% CI 171-249 days, over 2019 to Claude 3.7 Sonnet (released 2025-02-24). Same models (is_sota,
    # release <= 2025-02-24), our least-squares fit:
    paper = mh.HorizonData(data.frame[data.frame["year"] <= 2025 + 54 / 365], data.report)
    fit = mh.fit_horizon_trend(paper, models="sota", n_boot=200, seed=0)
    assert 171 <= fit.doubling_time_months / 12 * 365.25 <= 249
    # and with the later models up to GPT-5 (Aug 2025) it stays inside METR's CI
    full = mh.fit_horizon_trend(data, n_boot=200, seed=0)
    assert 171 <= full.doubling_time_months / 12 * 365.25 <= 249


def test_faster_since_2024(data):
    # METR (paper abstract): "the trend may have accelerated in 2024"; METR's blog: ~4-month doubling 2024-2025
    recent = mh.fit_horizon_trend(data, since=2024, n_boot=200, seed=0)
    full = mh.fit_horizon_trend(data, n_boot=200, seed=0)
    assert recent.doubling_time_months < full.doubling_interval_months(0.90)[0]


def test_interval_noise_widens_the_interval(data):
    # Closed form: the same resample stream plus measurement noise cannot make the 90% interval much narrower
    a = mh.fit_horizon_trend(data, n_boot=2000, seed=3, interval_noise=False).doubling_interval_months()
    b = mh.fit_horizon_trend(data, n_boot=2000, seed=3, interval_noise=True).doubling_interval_months()
    assert b[1] - b[0] > a[1] - a[0]


def test_point_fit_is_ordinary_least_squares(data):
    # Closed form: slope = cov(t, log10 h) / var(t) over the sota models
    f = data.frame[data.frame["is_sota"]]
    t, y = f["year"].to_numpy(), np.log10(f["p50_minutes"].to_numpy())
    slope = np.cov(t, y, bias=True)[0, 1] / np.var(t)
    fit = mh.fit_horizon_trend(data, n_boot=100, seed=0)
    assert fit.trend.slope_oom == pytest.approx(slope, rel=1e-12)
    assert np.log10(fit.trend.predict(t.mean())) == pytest.approx(y.mean(), rel=1e-12)  # the line passes the centroid
    assert fit.log10_minutes_at_anchor == pytest.approx(np.log10(fit.trend.predict(fit.anchor_year)), rel=1e-12)


def test_anchor_is_where_level_and_slope_are_uncorrelated(data):
    # pivot_year: cov(level at the anchor, slope) = 0 over the bootstrap, so a forecast may draw them independently
    fit = mh.fit_horizon_trend(data, n_boot=2000, seed=0)
    assert abs(np.corrcoef(fit.boot_slopes, fit.boot_log10_at_anchor)[0, 1]) < 1e-9
    assert fit.trend.year.min() < fit.anchor_year < fit.trend.year.max()


def test_two_piece_sigmas(data):
    # GPT-2: estimate 0.039744, 95% CI 0.001809-0.130639 minutes (horizons_v1.yaml)
    lo, hi = mh.log10_sigmas(data.frame.iloc[[0]])
    assert lo[0] == pytest.approx(np.log10(0.039744 / 0.001809) / 1.959964, rel=1e-6)
    assert hi[0] == pytest.approx(np.log10(0.130639 / 0.039744) / 1.959964, rel=1e-6)


def test_seeded(data):
    a = mh.fit_horizon_trend(data, n_boot=300, seed=5)
    b = mh.fit_horizon_trend(data, n_boot=300, seed=5)
    c = mh.fit_horizon_trend(data, n_boot=300, seed=6)
    assert np.array_equal(a.boot_slopes, b.boot_slopes)
    assert not np.array_equal(a.boot_slopes, c.boot_slopes)


@pytest.mark.parametrize("text, needle", [
    ("results: [1, 2]\n", "no 'results' mapping"),
    ("results: {a: {agents: {x: {p50_horizon_length: {estimate: 1}}}, release_date: 2024-01-01}}\n",
     "no model has"),
    ("results: {a: b\n", "not valid YAML"),
])
def test_bad_files_are_one_line_errors(tmp_path, text, needle):
    p = tmp_path / "bad.yaml"
    p.write_text(text)
    with pytest.raises(DataError) as err:
        mh.load_horizons(p)
    msg = str(err.value)
    assert needle in msg and str(p) in msg and "\n" not in msg


def test_unusable_entries_are_counted_not_dropped_silently(tmp_path):
    p = tmp_path / "h.yaml"
    shutil.copy(mh.bundled_path(), p)
    text = p.read_text().replace("release_date: 2024-06-20", "release_date: soon", 1)
    p.write_text(text)
    d = mh.load_horizons(p)
    assert len(d.frame) == 26 and d.report.skipped[("release_date", "missing or unreadable")] == 1


def test_too_few_models_is_a_short_error(data):
    with pytest.raises(DataError, match="only 0 model"):
        mh.fit_horizon_trend(data, since=2030, n_boot=100)


# ---------------------------------------------------------------- CLI

def test_cli_table(cli):
    res = cli("trends", "--horizon", "--n-boot", "200")
    assert res.exit_code == 0, res.output
    assert "50% horizon" in res.stdout and "work-month" in res.stdout


def test_cli_json_and_plot(cli, tmp_path):
    png = tmp_path / "h.png"
    res = cli("trends", "--horizon", "--format", "json", "--n-boot", "200", "--since", "2024", "--plot", png)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    h = out["p50_horizon"]
    assert h["n"] == 9 and h["since"] == 2024  # sota models released 2024 or later (horizons_v1.yaml)
    lo, hi = h["doubling_time_months_ci90"]
    assert lo <= h["doubling_time_months"] <= hi
    assert out["work_month_crossing_year"] > 2025
    assert png.stat().st_size > 1000


def test_cli_default_output_unchanged_without_flag(cli):
    # --horizon is opt-in: the default JSON keeps exactly its four trends and metadata
    out = json.loads(cli("trends", "--format", "json", "--n-boot", "200").stdout)
    assert "p50_horizon" not in out and "training_compute" in out


@pytest.mark.parametrize("args, needle", [
    (["--horizon-models", "best"], "--horizon-models best: unknown"),
    (["--horizon-data", "/nonexistent.yaml"], "file not found"),
    (["--since", "2026"], "only 0 model"),
])
def test_cli_bad_input(cli, args, needle):
    res = cli("trends", "--horizon", "--n-boot", "200", *args)
    assert res.exit_code == 2 and needle in res.output and "Traceback" not in res.output


# ---------------------------------------------------------------- the noted defect: each trend fails alone

def test_fit_trends_fails_each_trend_alone():
    # bundled data since 2024: one accelerator with a release price (FLOP/$ cannot be fitted), but the frontier
    # runs still give compute, cost and duration; before, the whole command failed
    from bioanchors.trends.epoch_loaders import load_data
    from bioanchors.trends.fitting import fit_trends

    rep = fit_trends(load_data(), since=2024, n_boot=100)
    assert set(rep.fits) == {"training_compute", "training_cost", "training_duration"}
    assert "only 1 usable" in rep.failures["flop_per_dollar"]
    with pytest.raises(DataError, match="only 1 usable"):  # a caller that needs it gets the one-line error
        rep["flop_per_dollar"]
    assert rep.to_dict()["failed"] == rep.failures
    assert any(n.startswith("flop_per_dollar: not fitted") for n in rep.notes)
    full = fit_trends(load_data(), since=2018, n_boot=100)
    assert not full.failures and "failed" not in full.to_dict()  # complete reports keep their JSON


def test_cli_since_2024_prints_the_trends_that_fit(cli):
    res = cli("trends", "--since", "2024", "--n-boot", "100")
    assert res.exit_code == 0, res.output
    assert "training compute" in res.stdout and "not fitted" in res.stdout
