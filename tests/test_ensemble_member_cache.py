"""The ensemble's member cache (issue 24 item 5): a weight edit reuses the unchanged members, bit for bit.

The speed itself is measured by benchmarks/bench_edit_speed.py (no timed tests here); these tests
check that the cache changes nothing but the time, and that it is bounded.
"""

from __future__ import annotations

import numpy as np
import pytest

import bioanchors
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
    yield MEMBER_CACHE
    MEMBER_CACHE.clear()


def test_weight_edit_reuses_every_member_and_gives_the_uncached_numbers(fresh_cache, monkeypatch):
    base = load_scenario("ensemble-2026")
    edited = base.replace({"models.0.weight": 0.4})
    n = len(base.members)
    first = _run(base)
    assert (fresh_cache.misses, fresh_cache.hits) == (n, 0)
    cached_base, cached_edit = _run(base), _run(edited)
    assert (fresh_cache.misses, fresh_cache.hits) == (n, 2 * n)  # the weight edit re-ran no member
    monkeypatch.setenv("BIOANCHORS_NO_MEMBER_CACHE", "1")
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
    fc = next(iter(fresh_cache._entries.values()))
    with pytest.raises(ValueError, match="read-only"):
        fc.p[0] = 0.5


def test_the_cache_is_bounded_least_recently_used_first_out():
    cache = MemberCache(maxsize=2)
    fc = bioanchors.forecast("cotra2020").forecast
    cache.put(("a",), fc)
    cache.put(("b",), fc)
    assert cache.get(("a",)) is fc  # "a" is now the most recent
    cache.put(("c",), fc)
    assert cache.get(("b",)) is None and cache.get(("a",)) is fc and cache.get(("c",)) is fc
    assert len(cache._entries) == 2
