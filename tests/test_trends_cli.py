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
    assert "training compute" in res.stdout and "cotra2020" in res.stdout  # human names in the table
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
    (["--data", str(FIX / "ambiguous_dates.csv"), "--frontier", "epoch-flag"], "epoch-flag"),
    (["--seed", "-1"], "--seed -1: must be an integer from 0"),
    (["--n-boot", "-1"], "--n-boot -1: must be an integer from 100"),
    (["--n-boot", "100000000"], "to 10,000"),
    (["--since", "2030"], "usable data point"),
    (["--precision", "fp7"], "--precision"),
    (["--plot", "out.gif"], ".png"),
])
def test_bad_input_exit_2_without_traceback(app, args, words, tmp_path):
    res = runner.invoke(app, ["trends", "--n-boot", "100", *args])
    assert res.exit_code == 2, res.output
    assert words in " ".join(res.stderr.split())  # rich may wrap long lines
    # issue 16: `a and b or c` never checked the traceback; both conditions must hold
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def _write_models(path, rows, header="model,publication_date,training_flop,cost_2023usd,training_hours"):
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    return path


def test_export_without_flag_falls_back_to_top_n_with_note(app, tmp_path):
    # issue 9: older exports without 'Frontier model' must not be refused
    rows = [f"M{y}{k},{y}-0{k + 1}-01,{10 ** (18 + 0.6 * (y - 2015) + k * 0.1):.3e},{1e5 * 2 ** (y - 2015):.3e},"
            f"{100 + y - 2015}" for y in range(2015, 2024) for k in range(3)]
    p = _write_models(tmp_path / "old_export.csv", rows)
    res = runner.invoke(app, ["trends", "--data", str(p), "--since", "2015", "--format", "json", "--n-boot", "200"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["settings"]["frontier"] == "top-n"
    assert any("no 'Frontier model' column" in n and "top 10" in n for n in d["notes"])
    # 3 per year for 9 years, all within the running top 10 -> all 27 kept
    assert d["training_compute"]["n"] == 27
    # constructed: compute x10^0.6 per year -> 3.98x/yr
    assert d["training_compute"]["growth_per_year"] == pytest.approx(10 ** 0.6, rel=0.02)
    # asked for explicitly, the flag is still required
    res = runner.invoke(app, ["trends", "--data", str(p), "--frontier", "epoch-flag", "--n-boot", "200"])
    assert res.exit_code == 2 and "Frontier model" in res.stderr


def test_flat_trend_does_not_crash(app, tmp_path):
    # issue 10: a perfectly flat trend (doubling time inf) crashed `trends`
    rows = [f"M{y},{y}-03-01,1e22,1e6,100,True" for y in range(2015, 2025)]
    p = _write_models(tmp_path / "flat.csv", rows,
                      "model,publication_date,training_flop,cost_2023usd,training_hours,frontier_flag")
    res = runner.invoke(app, ["trends", "--data", str(p), "--since", "2015", "--format", "json", "--n-boot", "200"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["training_compute"]["growth_per_year"] == 1.0
    assert d["training_compute"]["doubling_time_years"] is None
    res = runner.invoke(app, ["trends", "--data", str(p), "--since", "2015", "--n-boot", "200"])
    assert res.exit_code == 0 and "none (flat)" in res.stdout


@pytest.mark.parametrize("value", ["2622-01-01", "1500-01-01", "9999-12-31"])
def test_out_of_range_date_refused_not_wrapped(app, tmp_path, value):
    # issue 10: 2622 was fitted as ~2037 (nanosecond overflow), exit 0
    rows = [f"M{y},{y}-03-01,{10 ** (20 + y - 2015):.1e},1e6,100,True" for y in range(2015, 2024)]
    rows.append(f"Bad,{value},1e30,1e9,100,True")
    p = _write_models(tmp_path / "far.csv", rows,
                      "model,publication_date,training_flop,cost_2023usd,training_hours,frontier_flag")
    res = runner.invoke(app, ["trends", "--data", str(p), "--n-boot", "100"])
    assert res.exit_code == 2
    msg = " ".join(res.stderr.split())
    assert str(p) in msg.replace(" ", "") or p.name in msg
    assert "row 10" in msg and value in msg and "1900-2100" in msg


def test_fifo_refused_without_blocking(app, tmp_path):
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    res = runner.invoke(app, ["trends", "--data", str(fifo), "--n-boot", "100"])
    assert res.exit_code == 2 and "not a regular file" in res.stderr


def test_binary_file_does_not_echo_garbage(app, tmp_path):
    p = tmp_path / "bin.csv"
    p.write_bytes(bytes(range(256)) * 40)
    res = runner.invoke(app, ["trends", "--data", str(p), "--n-boot", "100"])
    assert res.exit_code == 2 and "binary" in res.stderr
    assert len(res.stderr) < 400
    latin = tmp_path / "latin.csv"  # no NUL bytes, but not text either
    latin.write_bytes(bytes(range(128, 256)) * 40)
    res = runner.invoke(app, ["trends", "--data", str(latin), "--n-boot", "100"])
    assert res.exit_code == 2 and "not UTF-8 text" in res.stderr and len(res.stderr) < 400
