"""One property battery over every model (issue 15 item 6), scipy.stats-style: whatever the model,
P(by t) is a CDF of arrival (bounded, non-decreasing), the contract of the result is the same,
and sampling is seeded (same seed, same numbers; another seed, other numbers).

It runs over every built-in scenario, so a new model is covered as soon as it ships its scenario.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

import bioanchors
from bioanchors.models import MODELS
from bioanchors.scenario import builtin_names, load_scenario

SAMPLES = 400  # enough to exercise the samplers; the agreement tests use more


@functools.lru_cache(maxsize=None)
def _by_model() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name in builtin_names():
        out.setdefault(load_scenario(name).model, []).append(name)
    return out


def test_every_registered_model_ships_a_builtin_scenario():
    used = _by_model()
    for name in MODELS:
        if name.startswith("test-"):
            continue  # registered by a test module for the duration of its tests
        assert name in used, f"model {name} has no built-in scenario"
        if name not in ("cotra2020", "ensemble"):
            assert name in builtin_names(), f"model {name}: no built-in scenario of the same name"


@pytest.mark.parametrize("name", builtin_names())
def test_p_is_a_cdf_with_the_common_contract(name):
    res = bioanchors.forecast(name, samples=SAMPLES, seed=1)
    p = res.p
    assert p.shape == res.years.shape and np.all(np.isfinite(p))
    assert np.all((p >= 0) & (p <= 1)) and np.all(np.diff(p) >= 0)
    out = res.to_json_dict()
    for key in ("p_by_year", "median_year", "quantiles", "method", "model"):
        assert key in out, key
    assert out["model"] == load_scenario(name).model
    median = res.median_year
    assert median is None or (p[int(median - res.years[0])] >= 0.5 and (median == res.years[0] or
                                                                        p[int(median - res.years[0]) - 1] < 0.5))


@pytest.mark.parametrize("name", builtin_names())
def test_sampling_is_seeded(name):
    sc = load_scenario(name)
    method = "monte-carlo" if sc.model != "ensemble" else "conditional"
    try:
        a, b, c = (bioanchors.forecast(sc, method=method, samples=SAMPLES, seed=s).p for s in (7, 7, 8))
    except bioanchors.BioanchorsError as exc:  # a model may refuse a method: then with a clear message
        assert "method" in str(exc)
        return
    assert np.array_equal(a, b)
    if sc.uncertain_parameters or method == "monte-carlo":
        assert not np.array_equal(a, c)


#: No float in a forecast's JSON reaches this magnitude: every series is a probability, a standard
#: error, a year or a log10 quantity (the schema bounds log10 inputs to +-100, docs/limits.md), so a
#: value this large is a placeholder standing in for "undefined" (issue 23 item 2: metr-horizon's
#: superexponential series printed 1e6 log10 minutes past its singularity).
SENTINEL_MAGNITUDE = 1e5


def _sentinels(node, path="$"):
    """Paths of numbers in a JSON tree that are placeholders: non-finite, or of sentinel magnitude."""
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _sentinels(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [s for i, v in enumerate(node) for s in _sentinels(v, f"{path}[{i}]")]
    if isinstance(node, float) and (not np.isfinite(node) or abs(node) >= SENTINEL_MAGNITUDE):
        return [f"{path} = {node}"]
    return []


@pytest.mark.parametrize("name", builtin_names())
def test_json_has_no_placeholder_numbers(name):
    """Undefined values are null in the JSON (issue 23 item 2), never inf, NaN or a huge stand-in."""
    import json

    out = bioanchors.forecast(name, samples=SAMPLES, seed=1).to_json_dict()
    text = json.dumps(out, allow_nan=False)  # NaN or inf as a number: ValueError
    assert _sentinels(json.loads(text)) == []


def test_metr_superexponential_series_is_null_past_the_singularity():
    """The horizon diverges at t_s + T / f (docs/models/metr-horizon.md (2)): null from there, finite before."""
    sc = load_scenario("metr-horizon").replace({"superexponential.probability": 0.45})
    out = bioanchors.forecast(sc, samples=SAMPLES, seed=1).to_json_dict()  # diagnostics at the central inputs
    series = out["log10_horizon_minutes_superexponential_by_year"]
    # central doubling 6.64 months, f = 0.1, t_s = 2025.6 (scenarios/metr-horizon.toml): singular at 2031.1
    singular = 2025.6 + 6.64 / 12 / 0.1
    assert all(v is not None for y, v in series.items() if int(y) < singular)
    assert all(v is None for y, v in series.items() if int(y) > singular)
    assert _sentinels(out) == []
