"""``bioanchors data list/pin/diff/stock/centres``, ``data_vintage`` in scenarios and manifests (issue 25).

Vintages are pulled from fixture files served on 127.0.0.1 (tests/data_fixtures.py).
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from bioanchors import vintages
from bioanchors.datasets.diff import diff_vintages
from bioanchors.datasets.pull import pull
from data_fixtures import serve, write_exports

DATASETS = ["frontier-models", "ml-hardware", "chip-sales", "data-centres", "metr-horizons"]


@pytest.fixture
def two_vintages(tmp_path, monkeypatch):
    """(old, new): old lacks the last 3 models and has one changed compute; new is the full fixture."""
    monkeypatch.setenv("BIOANCHORS_DATA_DIR", str(tmp_path / "cache"))
    new_dir = write_exports(tmp_path / "new")
    old_dir = write_exports(tmp_path / "old")
    rows = list(csv.reader(io.StringIO((new_dir / "frontier_ai_models.csv").read_text())))
    header, body = rows[0], rows[1:]
    i = header.index("Training compute (FLOP)")
    body[10][i] = "1e20"  # the old vintage's estimate of the 11th model
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *body[:-3]])
    (old_dir / "frontier_ai_models.csv").write_text(buf.getvalue())
    with serve(old_dir) as a:
        old = pull(DATASETS, mirror=f"{a}/ok", timeout=2)
    with serve(new_dir) as b:
        new = pull(DATASETS, mirror=f"{b}/ok", timeout=2)
    return old, new, [r[0] for r in body[-3:]], body[10][0]


def test_diff_lists_rows_and_refits_both_vintages(two_vintages):
    old, new, added, changed = two_vintages
    res = diff_vintages(old.name, new.name)
    d = res["datasets"]["frontier-models"]
    assert sorted(k.split(" #")[0] for k in d["added"]) == sorted(added) and d["removed"] == []
    assert d["changed"] == [{"key": changed, "columns": ["Training compute (FLOP)"]}]
    for name in ("ml-hardware", "chip-sales", "data-centres", "metr-horizons"):
        assert res["datasets"][name]["added"] == res["datasets"][name]["removed"] == res["datasets"][name]["changed"] == []
    a, b = res["refits"]["old"]["fits"], res["refits"]["new"]["fits"]
    for key in ("training_compute", "training_cost", "flop_per_dollar", "retro_measured_effective_compute",
                "metr_doubling_months", "compute_stock_h100e"):
        assert key in a and key in b, key
    assert a["training_compute"]["growth_per_year"] != b["training_compute"]["growth_per_year"]
    # same hardware: the same point fit (the interval differs: one generator serves the four fits in order)
    assert a["flop_per_dollar"]["growth_per_year"] == b["flop_per_dollar"]["growth_per_year"]
    assert b["metr_doubling_months"]["value"] == pytest.approx(6.0, rel=1e-7)  # the fixture's doubling


def test_cli_list_pin_diff_and_the_vintage_line(two_vintages, cli):
    old, new, _, _ = two_vintages
    r = cli("data", "list", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["in_use"] == "bundled"
    assert set(json.loads(r.stdout)["vintages"]) == {"bundled", old.name, new.name}
    r = cli("data", "pin", new.name)
    assert r.exit_code == 0 and vintages.default_vintage() == new.name
    r = cli("data", "diff", old.name, new.name)
    assert r.exit_code == 0 and "frontier-models: +3 added, -0 removed, 1 changed" in r.stdout
    r = cli("trends", "--n-boot", "100")
    assert r.exit_code == 0 and f"data vintage: {new.name} (pinned)" in r.stderr
    r = cli("trends", "--n-boot", "100", "--vintage", "bundled")
    assert r.exit_code == 0 and "data vintage: bundled (given)" in r.stderr


def test_cli_stock_and_centres_read_the_vintage(two_vintages, cli):
    _, new, _, _ = two_vintages
    r = cli("data", "stock", "--vintage", new.name, "--format", "json")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["date"] == "2026-06-30" and out["vintage"]["name"] == new.name
    assert out["growth"]["doubling_time_years"] == pytest.approx(1.0, rel=1e-9)
    r = cli("data", "centres", "--vintage", new.name, "--since", "2024", "--as-of", "2026-06-30")
    assert r.exit_code == 0 and "projected (Epoch)" in r.stdout and f"data vintage: {new.name} (given)" in r.stderr


def test_cli_stock_by_chip_reads_the_same_zip_and_checks_it_against_the_cumulative_table(two_vintages, cli):
    _, new, _, _ = two_vintages
    r = cli("data", "stock", "--by-chip", "--vintage", new.name, "--format", "json")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["date"] == "2026-06-30" and out["file"].endswith("timelines_by_chip.csv")
    assert all(abs(c["relative_difference"]) < 1e-9 for c in out["cumulative_check"].values())
    r = cli("data", "stock", "--by-chip", "--vintage", new.name)
    assert r.exit_code == 0 and "summed over 18 quarters" in r.stdout and "H100 SXM" in r.stdout
    assert "M H100e" in r.stdout  # units survive rich's markup


def test_bundled_vintage_lacks_the_new_datasets_with_one_line(tmp_path, monkeypatch, cli):
    monkeypatch.setenv("BIOANCHORS_DATA_DIR", str(tmp_path / "cache"))
    r = cli("data", "stock")
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and "vintage bundled has no 'chip-sales'" in r.stderr
    r = cli("data", "diff", "bundled", "nope")
    assert r.exit_code == 2 and "unknown data vintage 'nope'" in r.stderr
    r = cli("data", "pull", "gpu-cluster")
    assert r.exit_code == 2 and "did you mean 'gpu-clusters'" in r.stderr


def test_scenario_data_vintage_is_checked_and_recorded(two_vintages, cli, tmp_path):
    _, new, _, _ = two_vintages
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "cotra2020"\nname = "x"\ndata_vintage = "2019-01-01T000000Z"\n')
    r = cli("forecast", bad)
    assert r.exit_code == 2 and "field 'data_vintage': unknown data vintage '2019-01-01T000000Z'" in r.stderr
    good = tmp_path / "good.toml"
    good.write_text(f'extends = "cotra2020"\nname = "x"\ndata_vintage = "{new.name}"\n')
    r = cli("forecast", good, "--out", tmp_path / "out", "-q")
    assert r.exit_code == 0, r.stderr
    m = json.loads((tmp_path / "out" / "manifest.json").read_text())["data_vintage"]
    assert m["name"] == new.name and m["chosen"] == "scenario"
    assert m["datasets"]["chip-sales"] == new.datasets["chip-sales"]["sha256"]
    vintages.write_pin(new.name)  # a forecast follows its scenario, never the pin (the pin is recorded)
    r = cli("forecast", "cotra2020", "--out", tmp_path / "out2", "-q")
    m = json.loads((tmp_path / "out2" / "manifest.json").read_text())["data_vintage"]
    assert (m["name"], m["chosen"], m["pinned"]) == ("bundled", "default", new.name)


def test_the_evidence_update_reads_the_scenarios_vintage(two_vintages, cli, tmp_path):
    import numpy as np
    import pandas as pd

    from bioanchors import evidence
    from bioanchors.scenario import load_scenario

    _, new, _, _ = two_vintages
    path = tmp_path / "given.toml"
    path.write_text(f'extends = "cotra2020-given-2025"\nname = "g"\ndata_vintage = "{new.name}"\n')
    sc = load_scenario(path)
    runs = evidence.runs_path(sc.spec)
    assert runs == new.file("frontier-models")
    # oracle: the fixture export read with pandas, largest compute published by the end of 2024
    df = pd.read_csv(runs)
    by_2024 = df[df["Publication date"] <= "2024-12-31"]["Training compute (FLOP)"].max()
    real = evidence.reachable(sc.spec.evidence, 2025, runs)
    assert real["largest_run_log10_flop"] == np.log10(by_2024)
    assert real["largest_run_source"].startswith("Epoch AI runs (frontier_ai_models.csv)")
    assert evidence.runs_path(load_scenario("cotra2020-given-2025").spec) == evidence.BUNDLED_RUNS
    r = cli("forecast", path, "--format", "json", "-q")
    assert r.exit_code == 0, r.stderr
