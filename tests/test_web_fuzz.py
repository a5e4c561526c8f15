"""Fuzz the JSON API with hypothesis-generated bodies (issue 10, Deliver 5).

The property, for every generated body on every computing endpoint: either a
2xx whose probabilities are finite, monotone and within [0, 1] (and whose CSV
has no empty or non-finite cell), or a 4xx/503 with a short message. Never a
500: the TestClient re-raises any server exception, which fails the test.

Bounded and reproducible: derandomized, a fixed number of examples, and a
small work budget so that Monte Carlo requests stay quick.
"""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import bioanchors
from bioanchors.forecast import METHODS
from bioanchors.web import create_app
from bioanchors.web.api import main_parameters
from bioanchors.web.limits import WebSettings

LIMITS = WebSettings(work_budget=2_000_000, queue_wait_s=30)
FUZZ = settings(max_examples=120, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

BUILTINS = bioanchors.builtin_names()  # every model's (web/limits.py handles scenarios without hypotheses)
PATHS = sorted({p["path"] for p in main_parameters(bioanchors.load_scenario("cotra2020"))}
               | {"requirements.build_samples", "requirements.seed", "years.start", "years.end",
                  "conventions.trend_year_offset_years", "hypotheses.genome", "flop_per_dollar", "nope.nope"})

# Values a hostile user types: extremes, wrong types, wrong nesting.
EXTREME = st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, 0.0, -1.0, 1e23, 10**400,
                           -(10**30), 2**63, 1e-300, 3000, 1900, 99999])
SCALAR = st.one_of(EXTREME, st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6),
                   st.booleans(), st.none(), st.text(max_size=12), st.sampled_from(["[/bold]", "1.5", "yes"]))
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                     max_leaves=6)
OVERRIDES = st.dictionaries(st.one_of(st.sampled_from(PATHS), st.text(max_size=20)), VALUE, max_size=4)


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
    if isinstance(v, int):
        return str(v)
    return json.dumps(str(v))


@st.composite
def uploaded_toml(draw) -> str:
    """A built-in extended with a few fields set to hostile values (or junk lines)."""
    lines = [f'extends = "{draw(st.sampled_from(BUILTINS))}"', 'name = "fuzzed"']
    for path in draw(st.lists(st.sampled_from(PATHS), max_size=3, unique=True)):
        *table, key = path.split(".")
        lines += [f"[{'.'.join(table)}]" if table else "", f"{key} = {_toml_value(draw(SCALAR))}"]
    lines += draw(st.lists(st.sampled_from(["[[x]]", "a = [[[[[[1]]]]]]", "b = {c = {d = 1}}", "= =", "[years]"]),
                           max_size=1))
    return "\n".join(lines) + "\n"


CENTRAL = {p["path"]: p["value"] for p in main_parameters(bioanchors.load_scenario("cotra2020"))}
# The anchors' inputs that need no requirement rebuild (p_none) and one percentile entry, whose override the
# server expands into its whole table (web/anchors.py); more ingredients would cost a 0.5 s rebuild per example.
CENTRAL.update({"breakthrough.p_none_start": 0.1, "breakthrough.p_none_end": 0.03,
                "requirements.ingredients.brain_log10_flop_per_s.p50": 15.0})


def _often(draw, good, bad, tenths_good: int = 8):
    """``good`` in ``tenths_good`` of ten draws, else ``bad``: mostly plausible, sometimes hostile."""
    return draw(good) if draw(st.integers(0, 9)) < tenths_good else draw(bad)


@st.composite
def override_item(draw):
    path = _often(draw, st.sampled_from(sorted(CENTRAL)), st.one_of(st.sampled_from(PATHS), st.text(max_size=20)))
    central = CENTRAL.get(path)
    if isinstance(central, bool):
        plausible = st.booleans()
    elif isinstance(central, (int, float)):
        plausible = st.floats(0.5, 1.5).map(lambda f, c=central: round(c * f, 4))
    else:
        plausible = SCALAR
    return path, _often(draw, plausible, VALUE, 6)


@st.composite
def bodies(draw) -> dict:
    body = {}
    kind = draw(st.integers(0, 9))
    if kind <= 6:
        body["scenario"] = draw(st.sampled_from(BUILTINS))
    elif kind <= 8:
        body["scenario_toml"] = draw(uploaded_toml())
    else:  # neither, both, or a name that is not one
        body.update(draw(st.sampled_from([{}, {"scenario": "cotra2020", "scenario_toml": ""},
                                          {"scenario": "../etc/passwd"}, {"scenario": "Cotra2020"}])))
    body["overrides"] = dict(draw(st.lists(override_item(), max_size=3)))
    optional = {
        "method": lambda: _often(draw, st.sampled_from(["auto", *METHODS]), st.text(max_size=8), 9),
        "samples": lambda: _often(draw, st.integers(1, 4_000), st.one_of(st.integers(-5, 300_000), EXTREME)),
        "seed": lambda: _often(draw, st.integers(0, 2**32), st.one_of(st.integers(-5, 2**64), EXTREME)),
        "start_year": lambda: _often(draw, st.integers(2000, 2100), st.one_of(st.integers(1800, 3100), EXTREME)),
        "end_year": lambda: _often(draw, st.integers(2030, 2200), st.one_of(st.integers(1800, 3100), EXTREME)),
        "colour": lambda: draw(SCALAR),
    }
    for key, make in optional.items():
        if draw(st.integers(0, 19)) < (1 if key == "colour" else 6):
            body[key] = make()
    return body


BODY = bodies()
ENDPOINTS = ["/api/forecast", "/api/forecast/csv", "/api/scenario", "/api/sensitivity", "/api/retro", "/api/anchors"]
SCENARIO_ONLY = ("/api/scenario", "/api/sensitivity", "/api/retro", "/api/anchors")  # take only the scenario fields


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(warm_up=False, settings=LIMITS)) as c:  # re-raises server exceptions
        yield c


def _check_probabilities(values) -> None:
    p = [float(v) for v in values]
    assert all(math.isfinite(x) and 0.0 <= x <= 1.0 for x in p), p
    assert all(a <= b + 1e-12 for a, b in zip(p, p[1:])), p


def _check_success(path: str, resp) -> None:
    if path == "/api/forecast":
        body = resp.json()
        _check_probabilities(body["p_by_year"].values())
        for part in body.get(body.get("component_kind", "hypotheses"), {}).values():  # any model's components
            _check_probabilities(part["p_by_year"].values())
    elif path == "/api/forecast/csv":
        rows = list(csv.reader(io.StringIO(resp.text)))
        assert len(rows) > 1
        for row in rows[1:]:
            assert all(cell != "" and math.isfinite(float(cell)) for cell in row), row
        _check_probabilities([r[1] for r in rows[1:]])
    elif path == "/api/anchors":
        for hyp in resp.json()["hypotheses"].values():
            _check_probabilities([p for _, p in hyp["cdf"]])
            _check_probabilities(hyp["p_by_year"])
    else:  # the views: valid JSON without NaN (json.loads accepts NaN, so look for it)
        assert "NaN" not in resp.text and "Infinity" not in resp.text


def _check_refusal(resp) -> None:
    body = resp.json()
    assert isinstance(body["detail"], str) and body["detail"]
    # short: a header plus one line per field error (issue 10: at most three lines for one
    # problem), bounded length, never a traceback
    n = max(1, len(body.get("errors", [])))
    assert "Traceback" not in body["detail"]
    assert len(body["detail"].splitlines()) <= 2 + n, body["detail"]
    assert len(body["detail"]) <= 800 * n, body["detail"]


@FUZZ
@given(path=st.sampled_from(ENDPOINTS), body=BODY)
def test_any_body_gets_a_sound_answer_or_a_short_4xx(client, path, body):
    if path in SCENARIO_ONLY:
        body = {k: v for k, v in body.items() if k in ("scenario", "scenario_toml", "overrides", "colour")}
    resp = client.post(path, content=json.dumps(body, allow_nan=True), headers={"content-type": "application/json"})
    assert resp.status_code != 500
    event(f"{path} {resp.status_code}")
    if 200 <= resp.status_code < 300:
        _check_success(path, resp)
    else:
        assert 400 <= resp.status_code < 500 or resp.status_code == 503, resp.status_code
        _check_refusal(resp)


@FUZZ
@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode),
                     st.integers(1, 3000).map(lambda n: b'{"scenario":"cotra2020","overrides":{"a":' + b"[" * n + b"]" * n + b"}}")))
def test_malformed_bodies_are_4xx(client, raw):
    resp = client.post("/api/forecast", content=raw, headers={"content-type": "application/json"})
    assert 400 <= resp.status_code < 500, (resp.status_code, raw[:80])
    _check_refusal(resp)


@settings(max_examples=12, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=BODY, compare=st.lists(st.one_of(st.sampled_from(BUILTINS), st.text(max_size=5)), max_size=5))
def test_report_gets_html_or_a_short_4xx(client, body, compare):
    """Fewer examples: a report draws charts (about a second each)."""
    resp = client.post("/api/report", content=json.dumps({**body, "compare": compare}, allow_nan=True),
                       headers={"content-type": "application/json"})
    assert resp.status_code != 500
    if resp.status_code == 200:
        assert resp.text.startswith("<!DOCTYPE html>") and "NaN" not in resp.text and ">nan<" not in resp.text
    else:
        assert 400 <= resp.status_code < 500 or resp.status_code == 503
        _check_refusal(resp)


def _depth(obj) -> int:
    if isinstance(obj, dict):
        return 1 + max((_depth(v) for v in obj.values()), default=0)
    if isinstance(obj, list):
        return 1 + max((_depth(v) for v in obj), default=0)
    return 0


@FUZZ
@given(obj=st.recursive(st.one_of(st.text(alphabet='[]{}"\\ab', max_size=8), st.integers(), st.none()),
                        lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                st.dictionaries(st.text(alphabet='[]{}"\\k', max_size=4), inner,
                                                                max_size=3)),
                        max_leaves=20))
def test_json_depth_matches_the_parsed_depth(obj):
    """The body guard's depth count (no parser) agrees with the depth of the parsed object,
    brackets and escaped quotes inside strings included."""
    from bioanchors.web.limits import json_depth

    assert json_depth(json.dumps(obj).encode()) == _depth(obj)
