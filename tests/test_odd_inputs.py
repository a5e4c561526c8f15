"""Odd but valid input gives a clear answer or a one-line error, never a silent wrong one (issue 23 item 8).

Each case was found by a held-out corpus of CLI cases and hostile web requests; each test here
fails on the code before the fix.
"""

from __future__ import annotations

import numpy as np
import pytest

import bioanchors
from bioanchors.errors import ScenarioError


def _one_line_error(result, *needles):
    # the data-vintage note (issue 25: every command says which vintage it used) is not part of the error
    out = "".join(line for line in result.output.splitlines(keepends=True) if not line.startswith("data vintage:"))
    assert result.exit_code == 2, out
    assert "Traceback" not in out and "internal error" not in out
    assert len(out.strip().splitlines()) <= 3 and out.startswith("error:")
    flat = out.replace("\n", " ")
    for needle in needles:
        assert needle in flat, (needle, out)


# ---------------------------------------------------------------- --set extends


def test_set_extends_is_an_error_not_ignored(cli, tmp_path):
    """It was silently ignored (even for a name that does not exist) and written to the manifest as an edit."""
    out = tmp_path / "run"
    result = cli("forecast", "cotra2020", "--set", "extends=nonexistent", "--out", out)
    _one_line_error(result, "extends", "cannot take effect")
    assert not (out / "manifest.json").exists()
    with pytest.raises(ScenarioError, match="extends"):
        bioanchors.load_scenario("cotra2020").replace({"extends": "cotra2020-aggressive"})


# ---------------------------------------------------------------- ensembles


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def _ensemble(*members: str) -> str:
    return 'model = "ensemble"\nname = "e"\n' + "".join(f'[[models]]\nscenario = "{m}"\nweight = 1\n' for m in members)


def test_an_ensemble_that_names_itself_is_a_one_line_error(cli, tmp_path):
    """It ended in a RecursionError reported as an internal error (exit 1)."""
    path = _write(tmp_path, "self.toml", _ensemble("self.toml"))
    _one_line_error(cli("forecast", path), str(path), "models.0", "itself an ensemble")


def test_a_cycle_of_ensembles_is_a_one_line_error(cli, tmp_path):
    _write(tmp_path, "b.toml", _ensemble("a.toml"))
    path = _write(tmp_path, "a.toml", _ensemble("cotra2020", "b.toml"))
    _one_line_error(cli("forecast", path), "models.1", "'e' is itself an ensemble")


@pytest.mark.parametrize("value", ["ensemble-2026", "SELF"])
def test_nesting_refused_in_a_file_is_refused_through_set(cli, tmp_path, value):
    """A member that is an ensemble was accepted through --set (and a web override) though refused in a file."""
    path = _write(tmp_path, "e.toml", _ensemble("cotra2020"))
    ref = str(path) if value == "SELF" else value
    _one_line_error(cli("forecast", path, "--set", f"models.0.scenario={ref!r}".replace("'", '"')),
                    "models.0", "itself an ensemble")


def test_nesting_is_refused_through_a_web_override():
    from fastapi.testclient import TestClient

    from bioanchors.web.app import create_app

    client = TestClient(create_app())
    r = client.post("/api/forecast", json={"scenario": "ensemble-2026",
                                           "overrides": {"models.0.scenario": "ensemble-2026"}})
    assert r.status_code == 422 and "itself an ensemble" in r.text


def test_weights_that_can_all_be_zero_are_an_error(cli, tmp_path):
    """A draw with every weight 0 silently became equal shares."""
    path = _write(tmp_path, "z.toml", 'model = "ensemble"\nname = "z"\n'
                  '[[models]]\nname = "cotra2020"\nweight = { dist = "uniform", low = 0, high = 1 }\n'
                  '[[models]]\nname = "semi-informative-priors"\nweight = 0\n')
    _one_line_error(cli("forecast", path), "models", "every weight can be 0 at once")


# ---------------------------------------------------------------- p_none


def test_overlapping_p_none_distributions_give_one_answer():
    """p_none never rises: a draw with p_none_end > p_none_start is read as flat (breakthrough.p_none).
    Before, Monte Carlo (which assumes that) and the conditional method (which did not) differed by
    19 standard errors here."""
    from bioanchors.breakthrough import p_none

    assert np.allclose(p_none([2025, 2060, 2100], 0.1, 0.3), 0.1)  # flat, not rising
    sc = bioanchors.load_scenario("cotra2020").replace({
        "breakthrough.p_none_start": {"dist": "uniform", "low": 0.0, "high": 0.4},
        "breakthrough.p_none_end": {"dist": "uniform", "low": 0.0, "high": 0.3}})
    cond = bioanchors.forecast(sc, method="conditional", samples=5000, seed=1)
    mc = bioanchors.forecast(sc, method="monte-carlo", samples=50_000, seed=2)
    z = (cond.p - mc.p) / np.hypot(cond.standard_errors, mc.standard_errors)
    assert np.abs(z).max() < 4


# ---------------------------------------------------------------- METR horizon files, trends options


@pytest.mark.parametrize("date,needle", [("2024-02-30", "day is out of range"), ("2024-13-01", "month must be")])
def test_a_horizon_file_with_a_date_that_does_not_exist_is_a_one_line_error(cli, tmp_path, date, needle):
    """PyYAML's date constructor raised a bare ValueError: exit 1, internal error."""
    from bioanchors.trends.metr_horizons import bundled_path

    text = bundled_path().read_text()
    assert "release_date: 2024-06-20" in text  # claude_3_5_sonnet in the bundled METR-Horizon-v1 copy
    path = _write(tmp_path, "h.yaml", text.replace("release_date: 2024-06-20", f"release_date: {date}", 1))
    _one_line_error(cli("trends", "--horizon", "--horizon-data", path), str(path), "line", date, needle)


@pytest.mark.parametrize("text", ["results:\n  x: " + "[" * 3000 + "]" * 3000 + "\n",
                                  "results:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(600))])
def test_a_deeply_nested_horizon_file_is_a_one_line_error(cli, tmp_path, text):
    path = _write(tmp_path, "deep.yaml", text)
    _one_line_error(cli("trends", "--horizon", "--horizon-data", path), str(path), "nested too deeply")


def test_horizon_data_without_horizon_is_an_error(cli, tmp_path):
    """The file was silently ignored and the four Epoch trends fitted instead."""
    path = _write(tmp_path, "h.yaml", "results: {}\n")
    _one_line_error(cli("trends", "--horizon-data", path), "--horizon-data", "--horizon")


def test_data_with_horizon_is_an_error(cli, tmp_path):
    path = _write(tmp_path, "models.csv", "Model,Publication date,Training compute (FLOP)\n")
    _one_line_error(cli("trends", "--horizon", "--data", path), "--data", "--horizon-data")


# ---------------------------------------------------------------- the requirement cache


def _cached_cdfs():
    from bioanchors.requirements import build

    build._build_cached.cache_clear()
    return [b.requirement.cdf for b in build.build_hypotheses(bioanchors.load_scenario("cotra2020").spec)]


def _the_cache_file(cache_dir):
    good = _cached_cdfs()
    (path,) = cache_dir.glob("requirements-*.npy")
    path.unlink()
    return good, path


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_the_cache_is_a_miss_not_a_hang(cache_in):
    """Opening a FIFO for reading blocked every forecast of the scenario; now it is skipped and replaced."""
    import os
    import threading

    good, path = _the_cache_file(cache_in)
    os.mkfifo(path)
    result = []
    worker = threading.Thread(target=lambda: result.append(_cached_cdfs()), daemon=True)
    worker.start()
    worker.join(timeout=60)
    if worker.is_alive():  # unblock the reader so the test run can end, then fail
        with open(path, "wb"):
            pass
        pytest.fail("reading a FIFO in the requirement cache blocked")
    assert all(np.array_equal(a, b) for a, b in zip(good, result[0]))
    assert path.is_file()  # rebuilt and written over the FIFO


def test_a_header_claiming_a_huge_array_is_a_miss(cache_in):
    """A corrupt .npy header claiming 1e12 x 1e6 floats failed every forecast until deleted."""
    good, path = _the_cache_file(cache_in)
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000, 1000000), }"
    path.write_bytes(b"\x93NUMPY\x01\x00" + len(header.ljust(118) + "\n").to_bytes(2, "little")
                     + (header.ljust(118) + "\n").encode() + bytes(6 * 10001 * 8))
    assert all(np.array_equal(a, b) for a, b in zip(good, _cached_cdfs()))
    assert np.load(path).shape == (6, good[0].size)  # rewritten


def test_abandoned_temporary_files_are_cleaned(cache_in):
    """A write killed between its temporary file and os.replace left .tmp-*.npy files forever."""
    import os
    import time

    from bioanchors.requirements import cache

    stale, fresh = cache_in / ".tmp-killed.npy", cache_in / ".tmp-writing.npy"
    for p in (stale, fresh):
        p.write_bytes(b"partial")
    old = time.time() - cache.ABANDONED_SECONDS - 60
    os.utime(stale, (old, old))
    cache.prune(cache_in, cache.max_bytes())
    assert not stale.exists() and fresh.exists()  # a write in progress is left alone


# ---------------------------------------------------------------- web fields, install path


@pytest.mark.parametrize("endpoint,body", [
    ("/api/forecast", {"scenario": "cotra2020", "method": "monte-carlo", "samples": "1000"}),
    ("/api/forecast", {"scenario": "cotra2020", "seed": "3"}),
    ("/api/forecast", {"scenario": "cotra2020", "start_year": "2030"}),
    ("/api/forecast", {"scenario": "cotra2020", "seed": True}),
    ("/api/compare", {"scenarios": ["cotra2020", "cotra2020-aggressive"], "seed": "1"}),
])
def test_web_fields_refuse_numbers_given_as_text(endpoint, body):
    """pydantic's lax mode read "1000" as 1000; the CLI and the scenario schema never coerce (docs/limits.md)."""
    from fastapi.testclient import TestClient

    from bioanchors.web.app import create_app

    r = TestClient(create_app()).post(endpoint, json=body)
    field = next(k for k in body if k not in ("scenario", "scenarios", "method"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, r.text


@pytest.mark.parametrize("args", [("trends", "--since", "2030"), ("trends", "--horizon", "--since", "2030")])
def test_no_error_message_shows_the_install_path(cli, args):
    """Bundled data is named as such ("bundled frontier_training_runs.csv"), not by its path in site-packages."""
    from pathlib import Path

    import bioanchors as pkg

    result = cli(*args)
    _one_line_error(result, "bundled ")
    assert str(Path(pkg.__file__).resolve().parent) not in result.output.replace("\n", "")


# ---------------------------------------------------------------- bounds


def test_build_samples_maximum_is_bounded():
    """20,000,000 took 140 s and 1.2 GB (issue 23 item 9); the maximum is 10x the default (docs/limits.md)."""
    from bioanchors.schema import MAX_BUILD_SAMPLES

    sc = bioanchors.load_scenario("cotra2020")
    assert MAX_BUILD_SAMPLES == 10 * sc.spec.requirements.build_samples == 4_000_000
    with pytest.raises(ScenarioError, match="requirements.build_samples"):
        sc.replace({"requirements.build_samples": MAX_BUILD_SAMPLES + 1})
    assert sc.replace({"requirements.build_samples": MAX_BUILD_SAMPLES}).spec.requirements.build_samples == 4_000_000
