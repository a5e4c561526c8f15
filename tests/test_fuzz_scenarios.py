"""Fuzz: mutated built-in scenarios never reach a traceback or a silent wrong answer (issue 10, item 5).

Each example takes a built-in scenario (resolved, so every field is present), applies one to three
mutations (a field set to NaN, inf, huge, tiny, negative, a wrong type, wrong nesting, an unknown
key, a deleted key), writes it as TOML and runs ``bioanchors forecast`` and ``bioanchors show`` on it.
The property (docs/limits.md): exit 0 with finite, monotone probabilities in [0, 1], or exit 2 with a
short plain message (at most 3 lines, no "Traceback", naming the file). Examples are derandomized so
CI sees the same cases every run.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bioanchors.scenario import _load_resolved

SCENARIOS = ("cotra2020", "cotra2020-uncertain", "measured-2025")
# The other models' built-ins (issue 15): each validated by its own schema.
OTHER_MODELS = ("direct-approach", "metr-horizon", "semi-informative-priors", "ensemble-2026")
BASES = {name: _load_resolved(name, depth=0)[0] for name in SCENARIOS + OTHER_MODELS}
for _name, _data in BASES.items():
    _data.pop("published", None)  # free-form comparison numbers: not read by the model
    if _name in SCENARIOS:
        # Fewer requirement samples keep each example fast; the property does not depend on it.
        _data.setdefault("requirements", {})["build_samples"] = 2000


def _deep(depth: int):
    node: object = 1
    for _ in range(depth):
        node = {"a": node}
    return node


# Values a hostile or careless user might write (issue 10's reproductions and more).
BAD_VALUES = [
    math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, -5e-324, 0, 0.0, -1, -1e-300, 1e23, 10**400, -(10**400),
    2**63, 1e-9, 1e9, "2025", "yes", "nan", "", "[/bold]", "[red]bogus", True, False, [], [1, 2], {}, {"value": math.nan},
    {"value": 1e308}, {"dist": "lognormal", "p5": 1, "p150": 5}, {"dist": "lognormal", "p5": 1, "p200": 5},
    {"dist": "skewnormal", "median": 1, "sd": 1, "shape": 1e308}, {"dist": "normal", "mean": math.nan, "sd": 1},
    {"dist": "lognormal", "median": 1, "sd_log10": math.inf}, {"dist": "percentiles", "p0": 1, "p50": 2, "p100": 1e308},
    {"dist": "uniform", "low": -1e308, "high": 1e308}, {"dist": "loguniform", "low": 5e-324, "high": 1},
    {"unknown": 1}, _deep(40),
]


def _paths(node, prefix=()):
    """Every path (tuple of keys/indices) into the data, tables included."""
    out = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, val in items:
        out.append(prefix + (key,))
        out.extend(_paths(val, prefix + (key,)))
    return out


PATHS = {name: _paths(data) for name, data in BASES.items()}


def _parent(data, path):
    node = data
    for key in path[:-1]:
        node = node[key]
    return node


def _mutate(data, path, kind: str, value, factor: float = 1.0):
    """Apply one mutation in place; paths that no longer exist (after an earlier mutation) are skipped."""
    try:
        parent = _parent(data, path)
        key = path[-1]
        if kind == "set":
            parent[key] = value
        elif kind == "scale" and isinstance(parent[key], (int, float)) and not isinstance(parent[key], bool):
            # plausible-but-unusual values: most of these must run (exit 0) and stay sane
            parent[key] = parent[key] * factor if isinstance(parent[key], float) else int(parent[key] * factor)
        elif kind == "wrap":
            parent[key] = {"x": parent[key]}
        elif kind == "unwrap" and isinstance(parent[key], dict) and parent[key]:
            parent[key] = next(iter(parent[key].values()))
        elif kind == "unknown" and isinstance(parent, dict):
            parent[f"{key}_typo"] = 1
        elif kind == "delete" and isinstance(parent, dict):
            del parent[key]
    except (KeyError, IndexError, TypeError, OverflowError):  # OverflowError: scaling a 400-digit integer
        pass


mutation = st.tuples(st.integers(0, 10**6),
                     st.sampled_from(["set", "set", "set", "scale", "scale", "wrap", "unwrap", "unknown", "delete"]),
                     st.sampled_from(BAD_VALUES), st.sampled_from([0.5, 0.9, 1.1, 2.0, -1.0, 10.0, 1e3]))


def _scenario_file(folder: Path, name: str, mutations) -> Path:
    import copy

    data = copy.deepcopy(BASES[name])
    data["name"] = "fuzz"
    for index, kind, value, factor in mutations:
        paths = PATHS[name]
        _mutate(data, paths[index % len(paths)], kind, copy.deepcopy(value), factor)
    path = folder / "fuzz.toml"
    try:
        path.write_text(tomli_w.dumps(data))
    except (TypeError, ValueError):  # not representable in TOML (e.g. a table turned into a bare list of tables)
        path.write_text("name = 1\n")
    return path


def assert_clean_outcome(result, path: Path | None = None) -> dict | None:
    """Exit 0 with a sane forecast, or exit 2 with a short plain message (the fuzz property)."""
    out = result.output
    assert "Traceback" not in out, out
    assert result.exit_code in (0, 2), (result.exit_code, out[-2000:], repr(result.exception))
    if result.exit_code == 2:
        lines = [ln for ln in out.strip().splitlines() if ln.strip()]
        assert 1 <= len(lines) <= 3, out
        assert lines[0].startswith("error: "), out
        if path is not None:
            assert str(path) in out or "--" in out, out  # names the file (or the option)
        return None
    return None


def assert_sane_forecast(payload: dict) -> None:
    p = [payload["p_by_year"][k] for k in sorted(payload["p_by_year"], key=int)]
    assert all(isinstance(x, float) and math.isfinite(x) and 0.0 <= x <= 1.0 for x in p), p
    assert all(b >= a - 1e-12 for a, b in zip(p, p[1:])), p


FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FUZZ
@given(name=st.sampled_from(SCENARIOS), mutations=st.lists(mutation, min_size=1, max_size=3))
def test_mutated_scenarios_run_or_fail_cleanly(cli, name, mutations):
    _run_mutated(cli, name, mutations)


@FUZZ
@given(name=st.sampled_from(OTHER_MODELS), mutations=st.lists(mutation, min_size=1, max_size=3))
def test_mutated_scenarios_of_other_models_run_or_fail_cleanly(cli, name, mutations):
    _run_mutated(cli, name, mutations)


def _run_mutated(cli, name, mutations):
    with tempfile.TemporaryDirectory() as tmp:
        path = _scenario_file(Path(tmp), name, mutations)
        result = cli("forecast", path, "--format", "json", "--samples", "300", "-q")
        event(f"forecast exit {result.exit_code}")
        assert_clean_outcome(result, path)
        if result.exit_code == 0:
            assert_sane_forecast(json.loads(result.stdout))
        shown = cli("show", path, "--format", "json")
        assert_clean_outcome(shown, path)


@pytest.mark.parametrize("value", BAD_VALUES, ids=[repr(v)[:30] for v in BAD_VALUES])
def test_every_bad_value_on_a_doubling_time(cli, tmp_path, value):
    # A doubling time must be a finite number in [0.001, 1000] years: every bad value is an error.
    data = {"extends": "cotra2020", "name": "x", "spending": {"doubling_time_years": value}}
    path = tmp_path / "s.toml"
    path.write_text(tomli_w.dumps(data))
    result = cli("forecast", path, "-q")
    assert_clean_outcome(result, path)
    assert result.exit_code == 2, (value, result.output)
    assert "spending.doubling_time_years" in result.output
