"""The forecast, scenarios and show commands."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

import bioanchors


def test_default_forecast_table(cli):
    res = cli("forecast")
    assert res.exit_code == 0, res.output
    for needle in ("cotra2020", "2036", "2100", "Lifetime anchor", "Evolution anchor", "total", "percentile years"):
        assert needle in res.output


def test_json_has_the_documented_keys(cli):
    res = cli("forecast", "cotra2020", "--format", "json")
    assert res.exit_code == 0
    data = json.loads(res.output)
    for key in ("scenario", "method", "p_by_year", "median_year", "quantiles", "affordable_log10_flop", "hypotheses"):
        assert key in data
    assert data["scenario"] == "cotra2020" and data["method"] == "exact"
    assert set(data["quantiles"]) == {"0.1", "0.5", "0.9"}
    assert data["p_by_year"]["2036"] == pytest.approx(bioanchors.forecast("cotra2020").p_at(2036))
    assert data["median_year"] == bioanchors.forecast("cotra2020").median_year
    assert set(data["hypotheses"]) == {"lifetime", "short_horizon", "genome", "medium_horizon", "long_horizon", "evolution"}
    # Report p. 131: weights as stated (best guess lifetime 5%).
    assert data["hypotheses"]["lifetime"]["weight"] == pytest.approx(0.05)
    assert "standard_errors" not in data


def test_monte_carlo_json_has_standard_errors(cli):
    res = cli("forecast", "--method", "monte-carlo", "--samples", "20000", "--seed", "3", "--format", "json", "--quiet")
    data = json.loads(res.output)
    assert data["method"] == "monte-carlo" and len(data["standard_errors"]) == len(data["p_by_year"])
    again = json.loads(cli("forecast", "--method", "monte-carlo", "--samples", "20000", "--seed", "3", "--format", "json").output)
    assert again["p_by_year"] == data["p_by_year"]  # same seed, same numbers


def test_csv_output(cli):
    res = cli("forecast", "--format", "csv", "--start-year", "2030", "--end-year", "2040")
    df = pd.read_csv(io.StringIO(res.output), index_col="year")
    assert list(df.index) == list(range(2030, 2041))
    assert {"p_tai", "p_none", "p_lifetime", "contribution_evolution"} <= set(df.columns)


def test_plot_and_out(cli, tmp_path):
    png, out = tmp_path / "cdf.png", tmp_path / "run"
    res = cli("forecast", "cotra2020-aggressive", "--plot", png, "--out", out)
    assert res.exit_code == 0, res.output
    assert png.read_bytes()[:4] == b"\x89PNG"
    manifest = json.loads((out / "manifest.json").read_text())
    sc = bioanchors.load_scenario("cotra2020-aggressive")
    assert manifest["scenario_hash"] == sc.content_hash and manifest["method"] == "exact"
    assert manifest["bioanchors_version"] == bioanchors.__version__
    assert json.loads((out / "results.json").read_text())["scenario"] == "cotra2020-aggressive"
    # The written scenario reloads to the same parameters.
    assert bioanchors.load_scenario(out / "scenario.toml").content_hash == sc.content_hash


def test_svg_plot_and_bad_suffix(cli, tmp_path):
    assert cli("forecast", "--plot", tmp_path / "x.svg").exit_code == 0
    assert (tmp_path / "x.svg").read_text().lstrip().startswith("<?xml")
    bad = cli("forecast", "--plot", tmp_path / "x.gif")
    assert bad.exit_code == 2 and ".png" in bad.output


def test_algorithmic_halving_options_move_the_median(cli):
    # Issue #4 item 5: --algorithmic-halving-years sets every hypothesis's halving time.
    base = json.loads(cli("forecast", "--format", "json").output)["median_year"]
    fast = json.loads(cli("forecast", "--algorithmic-halving-years", "0.63", "--format", "json").output)["median_year"]
    scaled = json.loads(cli("forecast", "--algorithmic-halving-scale", "0.5", "--format", "json").output)["median_year"]
    # With Cotra's caps (2-5 OOM) every hypothesis saturates before ~2050 even at her own
    # halving times, so the median moves little; the near term moves a lot (see docs/reproduction.md).
    assert fast <= scaled <= base and fast < base
    p = lambda *a: json.loads(cli("forecast", *a, "--format", "json").output)["p_by_year"]["2030"]  # noqa: E731
    assert p("--algorithmic-halving-years", "0.63") > p("--algorithmic-halving-scale", "0.5") > p()
    assert cli("forecast", "--algorithmic-halving-years", "0").exit_code == 2


def test_set_option(cli):
    res = json.loads(cli("forecast", "--set", "flop_per_dollar.doubling_time_years=2.0", "--format", "json").output)
    assert res["median_year"] < bioanchors.forecast("cotra2020").median_year


def test_user_file_extends_builtin(cli, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('extends = "cotra2020"\nname = "mine"\n\n[flop_per_dollar]\ndoubling_time_years = 2.0\n')
    data = json.loads(cli("forecast", path, "--format", "json").output)
    assert data["scenario"] == "mine"
    sc = bioanchors.load_scenario(path)
    assert sc.spec.flop_per_dollar.doubling_time_years.value == 2.0
    assert sc.spec.spending.doubling_time_years.value == 2.0  # inherited, with its source
    assert sc.spec.spending.doubling_time_years.source.startswith("Report p. 133")


def test_extends_relative_path(tmp_path):
    (tmp_path / "base.toml").write_text('extends = "cotra2020"\nname = "base"\n[spending]\nlog10_usd = 9.5\n')
    (tmp_path / "child.toml").write_text('extends = "base.toml"\nname = "child"\n')
    assert bioanchors.load_scenario(tmp_path / "child.toml").spec.spending.log10_usd.value == 9.5


def test_scenarios_lists_builtins(cli):
    res = cli("scenarios")
    for name in bioanchors.builtin_names():
        assert name in res.output
    data = json.loads(cli("scenarios", "--format", "json").output)
    assert set(data) == set(bioanchors.builtin_names())


def test_show_prints_units_and_sources(cli):
    data = json.loads(cli("show", "cotra2020", "--format", "json").output)
    rows = {r["field"]: r for r in data["parameters"]}
    row = rows["flop_per_dollar.doubling_time_years"]
    assert row["value"] == "2.5" and row["unit"] == "years" and "p" in row["source"]
    assert rows["flop_per_dollar.log10_ceiling_flop_per_usd"]["unit"] == "log10 FLOP/USD"
    # every trend and hypothesis number in a built-in scenario carries a source
    from bioanchors.scenario import iter_trend_params
    from bioanchors.schema import iter_params

    for name in bioanchors.builtin_names():
        sc = bioanchors.load_scenario(name)
        # Cotra's: every trend and hypothesis number; other models: every number of the config
        for path, p in (iter_trend_params(sc.spec) if sc.has_hypotheses else iter_params(sc.spec)):
            assert p.source, f"{name}: {path} has no source"
    assert cli("show", "nope").exit_code == 2


@pytest.mark.parametrize("argv", [
    ["forecast", "cotra2020-uncertain", "--samples", "3000", "--format", "json", "-q"],
    ["forecast", "cotra2020-uncertain", "--samples", "3000", "--seed", "7", "--format", "csv", "-q"],
    ["show", "cotra2020-uncertain", "--format", "json"],
    ["sensitivity", "cotra2020-uncertain", "--format", "json"],
], ids=["forecast-json-default-seed", "forecast-csv-seed-7", "show", "sensitivity-oat"])
def test_same_seed_same_bytes(cli, argv):
    # Issue 10 item 4: every command that samples is byte-identical for the same seed, the default included.
    first, second = cli(*argv), cli(*argv)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout


def test_hypothesis_names_are_never_cut_at_80_columns(cli):
    # Issue 13: at 80 columns the sampled table printed "Medium-horiz…".
    res = cli("forecast", "cotra2020-uncertain", "--samples", "200", env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    assert "Medium-horizon" in res.output and "Short-horizon" in res.output and "…" not in res.output


def test_out_manifest_names_an_edited_scenario_and_lists_its_overrides(cli, tmp_path):
    # Issue 13: an edited scenario gets a derived name everywhere, its overrides listed.
    import json

    out = tmp_path / "run"
    res = cli("forecast", "--set", "spending.doubling_time_years=1.5", "--out", out, "--quiet")
    assert res.exit_code == 0, res.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["display_name"] == "cotra2020 (edited: 1 change)"
    assert manifest["overrides"] == {"spending.doubling_time_years": 1.5}
    plain = tmp_path / "plain"
    assert cli("forecast", "--out", plain, "--quiet").exit_code == 0
    manifest = json.loads((plain / "manifest.json").read_text())
    assert manifest["display_name"] == "cotra2020" and manifest["overrides"] == {}
