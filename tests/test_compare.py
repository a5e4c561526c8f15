"""``bioanchors compare`` (issue 14, item 2) and ``forecast --given-no-tai-by``."""

from __future__ import annotations

import json

import pytest

import bioanchors
from bioanchors.cli.compare import median_shift, split_sets
from bioanchors.weight_labels import forecast_json


def test_median_shift_words():
    assert median_shift(2053, 2055) == "2 years later"
    assert median_shift(2053, 2042) == "11 years earlier"
    assert median_shift(2053, 2054) == "1 year later"
    assert median_shift(2053, 2053) == "the same"
    # a median beyond the window (None): a bound, not "n/a" (window 2025-2100)
    assert median_shift(None, 2053, 2100) == "at least 48 years earlier"
    assert median_shift(2053, None, 2100) == "after 2100, at least 48 years later"
    assert median_shift(None, None, 2100) == "after the window, as"


def test_split_sets_all_and_per_scenario():
    out = split_sets(["spending.doubling_time_years=1.5", "b:evidence.vantage_year=2025"], ["a", "b"])
    assert out == {"a": {"spending.doubling_time_years": 1.5},
                   "b": {"spending.doubling_time_years": 1.5, "evidence.vantage_year": 2025}}


def test_json_is_each_forecast(cli):
    r = cli("compare", "cotra2020", "cotra2020-given-2025", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert list(data) == ["cotra2020", "cotra2020-given-2025"]
    # the forecast's JSON plus what its weights mean and its published figures (issue 23 items 4, 6(c))
    assert data["cotra2020"] == forecast_json(bioanchors.forecast("cotra2020"))
    assert "evidence" in data["cotra2020-given-2025"] and "evidence" not in data["cotra2020"]


def test_table_and_plot(cli, tmp_path):
    png = tmp_path / "c.png"
    r = cli("compare", "cotra2020", "cotra2020-given-2025", "--plot", png)
    assert r.exit_code == 0, r.output
    a, b = bioanchors.forecast("cotra2020"), bioanchors.forecast("cotra2020-given-2025")
    assert f"median {median_shift(a.median_year, b.median_year)} than cotra2020" in r.stdout
    assert f"{a.p_at(2036):.2f}" in r.stdout and f"{b.p_at(2036):.2f}" in r.stdout
    assert png.stat().st_size > 1000


def test_per_scenario_set_matches_the_builtin(cli):
    # cotra2020 with the given-2025 scenario's evidence and years, set from the command line
    r = cli("compare", "cotra2020", "cotra2020-given-2025", "--format", "json",
            "--set", "cotra2020:evidence.vantage_year=2025", "--set", "cotra2020:years.start=2026")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["cotra2020"]["p_by_year"] == data["cotra2020-given-2025"]["p_by_year"]


@pytest.mark.parametrize("args, words", [
    (["cotra2020"], "2 to"),
    (["cotra2020", "cotra2020"], "named twice"),
    (["cotra2020", "cotra2022", "--set", "x:spending.doubling_time_years=1"], "'x' is not one of"),
    (["cotra2020", "nope-scenario"], "nope-scenario"),
])
def test_errors_are_one_line(cli, args, words):
    r = cli("compare", *args)
    assert r.exit_code == 2
    assert words in r.output and "Traceback" not in r.output


def test_forecast_given_no_tai_by(cli):
    r = cli("forecast", "cotra2020", "--given-no-tai-by", "2025", "--realised-log10-flop", "26.7",
            "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["p_by_year"]["2025"] == 0.0
    ev = data["evidence"]
    assert ev["vantage_year"] == 2025 and ev["realised"]["largest_run_log10_flop"] == 26.7
    bad = cli("forecast", "cotra2020", "--realised-log10-flop", "26.7")
    assert bad.exit_code == 2 and "--given-no-tai-by" in bad.output
