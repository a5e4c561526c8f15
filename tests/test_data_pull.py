"""``bioanchors data pull``: downloads into vintages, against a local server only (issue 25).

Every test serves fixture exports from 127.0.0.1 (tests/data_fixtures.py); the publishers'
addresses are never contacted. The cache is a temporary folder (BIOANCHORS_DATA_DIR).
"""

from __future__ import annotations

import json
import time

import pytest
from data_fixtures import serve, write_exports

from bioanchors import vintages
from bioanchors.datasets.pull import pull
from bioanchors.errors import DataError

ALL = ["frontier-models", "ml-hardware", "chip-sales", "data-centres", "metr-horizons"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BIOANCHORS_DATA_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = write_exports(tmp_path_factory.mktemp("exports"))
    with serve(folder) as base:
        yield base, folder


def test_pull_writes_a_complete_vintage_with_its_manifest(cache, server):
    base, folder = server
    v = pull(ALL, mirror=f"{base}/ok", timeout=2)
    assert vintages.pulled_ids() == [v.name] and vintages.VINTAGE_ID.match(v.name)
    doc = json.loads((cache / "vintages" / v.name / "manifest.json").read_text())
    assert doc["pulled"] == sorted(ALL)
    for name in ALL:
        e = doc["datasets"][name]
        spec = vintages.get_spec(name)
        assert e["address"] == f"{base}/ok/{spec['url'].rsplit('/', 1)[-1]}"
        assert e["sha256"] == vintages.sha256_file(folder / e["file"])  # the bytes served, stored unchanged
        assert e["licence"] == spec["licence"] and e["attribution"] == spec["attribution"] and e["retrieved"]
    rows = {n: doc["datasets"][n]["rows"] for n in ALL}
    # fixture sizes: 79 models, 53 accelerators, 19 quarter ends x 2 designers, 6 site rows, 6 horizon models
    assert rows == {"frontier-models": 79, "ml-hardware": 53, "chip-sales": 38, "data-centres": 6, "metr-horizons": 6}
    latest = {n: doc["datasets"][n]["latest_date"] for n in ALL}
    assert latest == {"frontier-models": "2025-07-09", "ml-hardware": "2024-11-15", "chip-sales": "2026-09-30",
                      "data-centres": "2028-01-10", "metr-horizons": "2026-02-05"}
    assert not [p for p in (cache / "vintages").iterdir() if p.name.startswith(".tmp")]


@pytest.mark.parametrize("mode, dataset, words", [
    ("truncated", "frontier-models", "truncated"),
    ("cut", "frontier-models", "cut short"),
    ("corrupt", "chip-sales", "not a readable ZIP"),
    ("html", "ml-hardware", "HTML page"),
    ("json", "metr-horizons", "served as application/json"),
    ("missing", "data-centres", "HTTP 404"),
])
def test_a_bad_download_is_one_line_and_replaces_nothing(cache, server, mode, dataset, words):
    base, _ = server
    good = pull(["frontier-models"], mirror=f"{base}/ok", timeout=2)
    vintages.write_pin(good.name)
    with pytest.raises(DataError) as err:
        pull([dataset], mirror=f"{base}/{mode}", timeout=2)
    msg = str(err.value)
    assert "\n" not in msg and dataset in msg and words in msg
    assert f"the {good.name} vintage stays in use" in msg
    assert vintages.pulled_ids() == [good.name]  # no new vintage, the good one untouched
    assert vintages.load_vintage(good.name).verify("frontier-models")
    assert not [p for p in (cache / "vintages").iterdir() if p.name.startswith(".tmp")]


def test_a_slow_server_times_out_quickly(cache, server):
    base, _ = server
    start = time.monotonic()
    with pytest.raises(DataError, match="cannot download .*timed out.*bundled vintage stays in use"):
        pull(["ml-hardware"], mirror=f"{base}/slow", timeout=0.3)
    assert time.monotonic() - start < 1.5  # bounded by the timeout, not the server's 2 s wait
    assert vintages.pulled_ids() == []


def test_no_network_names_the_dataset_and_keeps_the_bundled_vintage(cache):
    # a closed port on this machine stands in for an unreachable host
    with pytest.raises(DataError) as err:
        pull(["chip-sales"], urls={"chip-sales": "http://127.0.0.1:9/ai_chip_sales.zip"}, timeout=1)
    msg = str(err.value)
    assert msg.startswith("data pull chip-sales (http://127.0.0.1:9/ai_chip_sales.zip): cannot download")
    assert msg.endswith("the bundled vintage stays in use.") and "\n" not in msg


def test_a_changed_upstream_layout_names_the_columns_found(cache, server, tmp_path):
    _, folder = server
    bad = tmp_path / "renamed"
    bad.mkdir()
    text = (folder / "ml_hardware.csv").read_text().replace("Release price (USD)", "Launch cost")
    (bad / "ml_hardware.csv").write_text(text)
    with serve(bad) as b2, pytest.raises(DataError) as err:
        pull(["ml-hardware"], mirror=f"{b2}/ok", timeout=2)
    msg = str(err.value)
    assert "column layout changed" in msg and "'Release price (USD)'" in msg and "'Launch cost'" in msg


def test_a_file_changed_after_the_pull_fails_its_checksum(cache, server):
    base, _ = server
    v = pull(["ml-hardware"], mirror=f"{base}/ok", timeout=2)
    path = v.file("ml-hardware")
    path.write_bytes(path.read_bytes() + b"x,2030-01-01,1\n")
    with pytest.raises(DataError, match="changed since it was pulled"):
        vintages.load_vintage(v.name).verify("ml-hardware")


def test_datasets_not_pulled_are_carried_from_the_vintage_in_use(cache, server):
    base, _ = server
    first = pull(["ml-hardware", "chip-sales"], mirror=f"{base}/ok", timeout=2)
    vintages.write_pin(first.name)
    second = pull(["metr-horizons"], mirror=f"{base}/ok", timeout=2)
    assert second.name != first.name
    assert set(second.datasets) == {"ml-hardware", "chip-sales", "metr-horizons"}
    assert second.datasets["chip-sales"]["carried_from"] == first.name
    assert second.datasets["chip-sales"]["sha256"] == first.datasets["chip-sales"]["sha256"]
    assert second.verify("chip-sales")


def test_unknown_names_and_pins(cache):
    with pytest.raises(DataError, match="unknown dataset 'chip-sale'; did you mean 'chip-sales'"):
        pull(["chip-sale"])
    with pytest.raises(DataError, match="unknown data vintage 'bundle'; did you mean 'bundled'"):
        vintages.write_pin("bundle")
    assert vintages.default_vintage() == "bundled"
    vintages.cache_dir().mkdir(parents=True)
    (vintages.cache_dir() / "pinned").write_text("2020-01-01T000000Z\n")  # a pin whose vintage was deleted
    with pytest.raises(DataError, match="no longer in"):
        vintages.default_vintage()
