"""Speed work (issue 11) that must not change numbers: the skew-normal quantile without
scipy.stats, and the on-disk cache of built requirement tables."""

from __future__ import annotations

import os

import numpy as np
import pytest
from scipy import stats

import bioanchors
from bioanchors.distributions import SkewNormal, skewnorm_ppf
from bioanchors.requirements import build, cache

# --- skew-normal quantile: hand-written (Owen's T + safeguarded Newton) vs scipy.stats ---------

@pytest.mark.parametrize("a", [0.0, 0.5, 3.0, -3.0, 10.0, -20.0])
def test_skewnorm_ppf_matches_scipy(a):
    u = np.concatenate([np.linspace(0, 1, 2001)[1:-1], [1e-6, 1e-4, 0.5, 1 - 1e-4, 1 - 1e-6]])
    np.testing.assert_allclose(skewnorm_ppf(u, a), stats.skewnorm.ppf(u, a), rtol=0, atol=1e-9)
    # And it inverts scipy's CDF (the definition, independent of either inversion).
    np.testing.assert_allclose(stats.skewnorm.cdf(skewnorm_ppf(u, a), a), u, rtol=1e-9, atol=1e-15)


def test_skewnorm_ppf_ends_and_shape():
    assert skewnorm_ppf(np.array([0.0, 1.0]), 3.0).tolist() == [-np.inf, np.inf]
    assert skewnorm_ppf(np.zeros((2, 3)) + 0.3, -2.0).shape == (2, 3)


@pytest.mark.parametrize("median,sd,shape", [(3.0, 5.0, 3.0), (0.0, 5.0, -3.0), (1.0, 0.5, 1.0)])
def test_skewnormal_distribution_keeps_its_stated_median_and_sd(median, sd, shape):
    # cotra2020.toml: lifetime multiplier median 3, SD 5 OOM, shape 3 (report pp. 106-107).
    d = SkewNormal(median, sd, shape)
    assert d.median == pytest.approx(median, abs=1e-12)
    ref = stats.skewnorm(shape, loc=d._loc, scale=d._scale)
    assert ref.median() == pytest.approx(median, abs=1e-9) and ref.std() == pytest.approx(sd, rel=1e-12)
    u = np.array([0.05, 0.5, 0.95])
    np.testing.assert_allclose(d.ppf(u), ref.ppf(u), atol=1e-9)


# --- the on-disk cache of requirement tables ---------------------------------------------------

def _cdfs(name="cotra2020"):
    return [b.requirement for b in build.build_hypotheses(bioanchors.load_scenario(name).spec)]


def test_cache_round_trip_is_byte_identical(cache_in):
    built = _cdfs()
    files = list(cache_in.glob("requirements-*.npy"))
    assert len(files) == 1 and not list(cache_in.glob(".tmp-*"))  # written atomically, no leftovers
    build._build_cached.cache_clear()
    loaded = _cdfs()  # this time from disk
    for a, b in zip(built, loaded):
        assert a.cdf.tobytes() == b.cdf.tobytes() and a.removed_by_update == b.removed_by_update
    # ...and equal to a build with the cache off.
    os.environ["BIOANCHORS_NO_CACHE"] = "1"
    try:
        build._build_cached.cache_clear()
        fresh = _cdfs()
    finally:
        del os.environ["BIOANCHORS_NO_CACHE"]
    assert all(a.cdf.tobytes() == b.cdf.tobytes() for a, b in zip(built, fresh))


def test_cache_key_follows_the_requirements_only(cache_in):
    _cdfs("cotra2020")
    _cdfs("cotra2020-uncertain")  # same requirements, different trends: no new file
    assert len(list(cache_in.glob("requirements-*.npy"))) == 1
    sc = bioanchors.load_scenario("cotra2020").replace({"requirements.build_samples": 50_000})
    build.build_hypotheses(sc.spec)
    assert len(list(cache_in.glob("requirements-*.npy"))) == 2


def test_no_cache_env_var_writes_nothing(cache_in, monkeypatch):
    monkeypatch.setenv("BIOANCHORS_NO_CACHE", "1")
    assert cache.cache_dir() is None
    _cdfs()
    assert list(cache_in.iterdir()) == []


def test_corrupt_or_foreign_cache_file_is_rebuilt(cache_in):
    good = [d.cdf.copy() for d in _cdfs()]
    (path,) = cache_in.glob("requirements-*.npy")
    for junk in (b"not a numpy file", np.zeros(3).tobytes()):
        path.write_bytes(junk)
        build._build_cached.cache_clear()
        assert all(np.array_equal(a, b.cdf) for a, b in zip(good, _cdfs()))
    np.save(path, np.full((6, 10002), np.nan))  # right shape, wrong content
    build._build_cached.cache_clear()
    assert all(np.array_equal(a, b.cdf) for a, b in zip(good, _cdfs()))


def test_unwritable_cache_dir_falls_back_silently(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("BIOANCHORS_CACHE_DIR", str(blocker / "sub"))
    build._build_cached.cache_clear()
    try:
        assert bioanchors.forecast("cotra2020").median_year is not None
    finally:
        build._build_cached.cache_clear()


def test_default_location_is_the_user_cache_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("BIOANCHORS_CACHE_DIR", raising=False)
    monkeypatch.delenv("BIOANCHORS_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "bioanchors"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == cache.Path(os.path.expanduser("~")) / ".cache" / "bioanchors"


# --- the requirement CDF lookup: arithmetic on the uniform grid vs np.interp -------------------

def test_cdf_lookup_matches_np_interp():
    from bioanchors.requirements.distribution import GRID

    req = _cdfs()[0]
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.uniform(-5, 105, 200_000), GRID[::7], GRID[-3:], [-np.inf, np.inf, 0.0, 100.0, 99.995]])
    np.testing.assert_allclose(req.cdf_at(x), np.interp(x, GRID, req.cdf), rtol=0, atol=2e-15)
    assert req.cdf_at(np.array([[np.nan, 30.0]])).shape == (1, 2) and np.isnan(req.cdf_at(np.array([np.nan])))[0]
    assert np.ndim(req.cdf_at(31.0)) == 0


# --- the logistic in base 2, in place: same numbers as the natural-log form it replaced --------

def _log10_logistic_natural_log(s, d, c, dt):
    """The previous implementation (logaddexp in natural logs), kept here as the reference."""
    log10_g = np.log10(2.0) * np.asarray(dt, dtype=float) / np.asarray(d, dtype=float)
    ln_r = np.minimum(np.asarray(s, dtype=float) - np.asarray(c, dtype=float), 0.0) * np.log(10.0)
    with np.errstate(divide="ignore"):
        ln_one_minus_r = np.log1p(-np.exp(ln_r))
    return s + log10_g - np.logaddexp(ln_one_minus_r, ln_r + log10_g * np.log(10.0)) / np.log(10.0)


def test_logistic_matches_the_natural_log_form():
    from bioanchors.logistic import log10_logistic

    rng = np.random.default_rng(1)
    s = rng.uniform(-5, 30, (3000, 6, 1))
    d = rng.uniform(0.05, 5, (3000, 6, 1))
    c = s + rng.uniform(0, 10, (3000, 6, 1))
    c[0], c[1] = s[0], np.inf  # at the ceiling; no ceiling
    dt = np.arange(-10.0, 80.0)
    np.testing.assert_allclose(log10_logistic(s, d, c, dt), _log10_logistic_natural_log(s, d, c, dt),
                               rtol=0, atol=1e-12)
    assert np.ndim(log10_logistic(0.0, 2.0, 50.0, 10.0)) == 0


def test_cache_is_bounded_and_drops_the_least_recently_used(tmp_path, monkeypatch):
    # Three tables under a bound of 2.5 tables: writing the third deletes the oldest unused one;
    # reading a table refreshes it, so the one read survives.
    from bioanchors.requirements.distribution import GRID

    table = np.linspace(0.0, 1.0, GRID.size)[None, :]
    size = table.nbytes + 128  # the .npy header
    monkeypatch.setenv("BIOANCHORS_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("BIOANCHORS_CACHE_MAX_MB", str(2.5 * size / 1e6))
    cache.store("a", table)
    cache.store("b", table)
    for i, name in enumerate(sorted(tmp_path.glob("requirements-*.npy"))):
        os.utime(name, (1_000 + i, 1_000 + i))  # distinct, old modification times
    assert cache.load("a", 1) is not None  # "a" is now the most recently used
    cache.store("c", table)
    assert cache.load("a", 1) is not None and cache.load("c", 1) is not None
    assert cache.load("b", 1) is None
    assert len(list(tmp_path.glob("requirements-*.npy"))) == 2


def test_cache_bound_reads_its_environment(monkeypatch):
    monkeypatch.setenv("BIOANCHORS_CACHE_MAX_MB", "50")
    assert cache.max_bytes() == 50_000_000
    for bad in ("lots", "nan", "-3"):
        monkeypatch.setenv("BIOANCHORS_CACHE_MAX_MB", bad)
        assert cache.max_bytes() in (cache.DEFAULT_MAX_MB * 1e6, 0)
    monkeypatch.delenv("BIOANCHORS_CACHE_MAX_MB")
    assert cache.max_bytes() == 200_000_000
