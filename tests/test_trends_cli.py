"""`bioanchors trends` through typer's CliRunner on a local app (independent of other commands)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bioanchors.cli import trends as trends_cmd

FIX = Path(__file__).parent / "fixtures" / "epoch"


@pytest.fixture(scope="module")
def app():
    a = typer.Typer()
    trends_cmd.register(a)

    @a.callback()
    def _root():  # keep 'trends' as a sub-command
        pass

    return a


runner = CliRunner()


def test_json_shape(app):
    res = runner.invoke(app, ["trends", "--format", "json", "--n-boot", "200"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    for k in ("training_compute", "training_cost", "training_duration", "flop_per_dollar"):
        assert set(out[k]) >= {"growth_per_year", "ci90", "n", "since", "until"}
        lo, hi = out[k]["ci90"]
        assert lo <= out[k]["growth_per_year"] <= hi
    assert out["training_compute"]["since"] == 2018


def test_table_with_accounting_and_plot(app, tmp_path):
    png = tmp_path / "trends.png"
    res = runner.invoke(app, ["trends", "--accounting", "--plot", str(png), "--n-boot", "200"])
    assert res.exit_code == 0, res.output
    assert "training_compute" in res.stdout and "cotra2020" in res.stdout
    assert png.stat().st_size > 1000


def test_seed_reproducible(app):
    args = ["trends", "--data", str(FIX / "bad_values.csv"), "--since", "2010", "--format", "json", "--n-boot", "200"]
    a = json.loads(runner.invoke(app, args + ["--seed", "1"]).stdout)
    b = json.loads(runner.invoke(app, args + ["--seed", "1"]).stdout)
    assert a["training_compute"]["ci90"] == b["training_compute"]["ci90"]


def test_counted_skips_reported_on_stderr(app):
    res = runner.invoke(app, ["trends", "--data", str(FIX / "bad_values.csv"), "--since", "2010", "--n-boot", "200"])
    assert res.exit_code == 0
    assert "zero or negative" in res.stderr


@pytest.mark.parametrize("args, words", [
    (["--data", str(FIX / "empty.csv")], "empty"),
    (["--data", str(FIX / "models_missing_compute.csv")], "Training compute"),
    (["--data", str(FIX / "hardware_missing_price.csv")], "Release price"),
    (["--data", str(FIX / "hardware_no_flops.csv")], "FLOP/s"),
    (["--data", str(FIX / "unreadable.csv")], "unreadable.csv"),
    (["--data", str(FIX / "nope.csv")], "not found"),
    (["--data", str(FIX / "ambiguous_dates.csv")], "epoch-flag"),
    (["--since", "2030"], "usable data point"),
    (["--precision", "fp7"], "--precision"),
    (["--plot", "out.gif"], ".png"),
])
def test_bad_input_exit_2_without_traceback(app, args, words, tmp_path):
    res = runner.invoke(app, ["trends", *args, "--n-boot", "100"])
    assert res.exit_code == 2, res.output
    assert words in res.stderr
    assert "Traceback" not in res.output and res.exception is None or isinstance(res.exception, SystemExit)
