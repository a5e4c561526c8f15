"""Reuse between forecasts (issue 24 item 5): an edit reuses the unchanged members and draws, bit for bit.

The ensemble's member cache (models.ensemble.MEMBER_CACHE) and Cotra's trajectories per draw
(evaluation.reuse.TRAJECTORY_MEMO). The speed itself is measured by benchmarks/bench_edit_speed.py
(no timed tests here); these tests check that reuse changes nothing but the time, and is bounded.
"""

from __future__ import annotations

import numpy as np
import pytest

import bioanchors
from bioanchors.evaluation.reuse import TRAJECTORY_MEMO, ArrayMemo, digest
from bioanchors.models.ensemble import MEMBER_CACHE, MemberCache
from bioanchors.presentation import forecast_json
from bioanchors.scenario import load_scenario

SAMPLES = 1000  # small: the equalities below hold for any sample count


def _run(sc, seed=0):
    return bioanchors.forecast(sc, samples=SAMPLES, seed=seed)


def _same(a, b):
    """Bit-identical: every array equal element for element, and the same JSON."""
    assert np.array_equal(a.p, b.p) and np.array_equal(a.standard_errors, b.standard_errors)
    for ca, cb in zip(a.components, b.components, strict=True):
        assert ca.name == cb.name and ca.weight == cb.weight and np.array_equal(ca.p, cb.p)
    assert forecast_json(a) == forecast_json(b)


@pytest.fixture
def fresh_cache():
    MEMBER_CACHE.clear()
    TRAJECTORY_MEMO.clear()
    yield MEMBER_CACHE
    MEMBER_CACHE.clear()
    TRAJECTORY_MEMO.clear()


def test_weight_edit_reuses_every_member_and_gives_the_uncached_numbers(fresh_cache, monkeypatch):
    base = load_scenario("ensemble-2026")
    edited = base.replace({"models.0.weight": 0.4})
    n = len(base.members)
    first = _run(base)
    assert (fresh_cache.misses, fresh_cache.hits) == (n, 0)
    cached_base, cached_edit = _run(base), _run(edited)
    assert (fresh_cache.misses, fresh_cache.hits) == (n, 2 * n)  # the weight edit re-ran no member
    monkeypatch.setenv("BIOANCHORS_NO_REUSE", "1")
    plain_base, plain_edit = _run(base), _run(edited)
    assert fresh_cache.hits == 2 * n  # off means off
    _same(first, plain_base)
    _same(cached_base, plain_base)
    _same(cached_edit, plain_edit)
    assert not np.array_equal(plain_edit.p, plain_base.p)  # the edit does change the answer


def test_a_different_seed_or_sample_count_is_a_miss(fresh_cache):
    base = load_scenario("ensemble-2026")
    _run(base, seed=0)
    _run(base, seed=1)
    assert fresh_cache.hits == 0
    bioanchors.forecast(base, samples=SAMPLES + 1, seed=0)
    assert fresh_cache.hits == 0


def test_cached_member_arrays_are_read_only(fresh_cache):
    _run(load_scenario("ensemble-2026"))
    fc = next(iter(fresh_cache._entries.values()))[0]
    with pytest.raises(ValueError, match="read-only"):
        fc.p[0] = 0.5


def test_the_cache_is_bounded_least_recently_used_first_out():
    cache = MemberCache(maxsize=2)
    entry = (bioanchors.forecast("cotra2020").forecast, ())
    cache.put(("a",), entry)
    cache.put(("b",), entry)
    assert cache.get(("a",)) is entry  # "a" is now the most recent
    cache.put(("c",), entry)
    assert cache.get(("b",)) is None and cache.get(("a",)) is entry and cache.get(("c",)) is entry
    assert len(cache._entries) == 2


# ------------------------------------------------------------------ Cotra's trajectories per draw

@pytest.mark.parametrize("edit", [
    {"spending.log10_usd.p95": 10.2},          # a range edit: the draws of every other input stay
    {"hypotheses.lifetime.weight": 0.08},      # a point input: every trajectory is reused
    {"algorithmic_progress.halving_time_scale.p95": 1.7},  # progress itself changes: FLOP/$, spending reused
])
def test_an_edit_reuses_unchanged_trajectories_and_gives_the_unreused_numbers(fresh_cache, monkeypatch, edit):
    base = load_scenario("cotra2020-uncertain")
    edited = base.replace(edit)
    _run(base)
    hits = TRAJECTORY_MEMO.hits
    reused = _run(edited)
    assert TRAJECTORY_MEMO.hits > hits  # something was reused
    monkeypatch.setenv("BIOANCHORS_NO_REUSE", "1")
    _same(reused, _run(edited))
    assert not np.array_equal(reused.p, _run(base).p)  # and the edit still changes the answer


def test_setting_an_uncertain_input_to_a_number_redraws_and_stays_right(fresh_cache, monkeypatch):
    """A number removes a dimension of the parameter space: every draw changes, nothing stale is reused."""
    base = load_scenario("cotra2020-uncertain")
    edited = base.replace({"spending.log10_usd": 9.3})
    _run(base)
    reused = _run(edited)
    monkeypatch.setenv("BIOANCHORS_NO_REUSE", "1")
    _same(reused, _run(edited))


def test_array_memo_is_bounded_by_bytes_and_hands_out_read_only_arrays():
    memo = ArrayMemo(max_bytes=2 * 8 * 100)  # two arrays of 100 float64
    calls = []

    def f(x):
        calls.append(x)
        return np.full(100, float(x))

    a = memo.call(f, 1)
    assert memo.call(f, 1) is a and calls == [1]
    memo.call(f, 2)
    memo.call(f, 3)  # evicts 1, the least recently used
    memo.call(f, 1)
    assert calls == [1, 2, 3, 1]
    with pytest.raises(ValueError, match="read-only"):
        a[0] = 5.0


def test_digest_tells_values_shapes_and_types_apart():
    x = np.arange(6.0)
    assert digest(x) == digest(x.copy())
    assert digest(x) != digest(x.reshape(2, 3))
    assert digest(x) != digest(x.astype(np.float32))
    assert digest(np.float64(1.0), None) != digest(np.float64(1.0), "None")
    assert digest(x) != digest(np.nextafter(x, 7.0))  # one ulp apart


def test_a_reused_member_reports_the_progress_its_run_reported(fresh_cache):
    """A progress bar over an ensemble reaches the same end whether its members ran or were reused."""
    base = load_scenario("ensemble-2026")
    ran, reused = [], []
    bioanchors.forecast(base, samples=SAMPLES, seed=0, progress=ran.append)
    bioanchors.forecast(base.replace({"models.0.weight": 0.4}), samples=SAMPLES, seed=0, progress=reused.append)
    assert fresh_cache.hits == len(base.members)
    assert ran and reused == ran
