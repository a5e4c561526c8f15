"""One log-linear trend fit with a seeded pairs bootstrap (shared by trends/ and efficiency/).

The model is a straight line in log10 space against the decimal year, with an
optional separate level per group (Hernandez & Brown 2020's fixed-performance
tasks) and one shared slope::

    log10 y_i = a_g(i) + s * t_i                                          (1)

``y`` any positive quantity [unit], ``t`` date [decimal yr], ``s`` slope
[OOM/yr], ``a_g`` level of group ``g`` [log10 unit at year 0]. Least squares
gives, with ``tbar_g``/``ybar_g`` the group means::

    s   = sum_i (t_i - tbar_g(i)) (log10 y_i - ybar_g(i)) / sum_i (t_i - tbar_g(i))^2    (2)
    a_g = ybar_g - s * tbar_g                                             (3)

(ungrouped: the ordinary least-squares line). The trend grows ``10 ** s``
[x/yr] and doubles every ``log10(2) / s`` years (halves when ``s < 0``); see
:mod:`bioanchors.units` for the conversions.

Uncertainty: a percentile bootstrap over points ("pairs"): ``n_boot`` resamples
of the points with replacement (same count), (2) refitted on each, and the
``(1 - level)/2`` and ``(1 + level)/2`` quantiles of the slopes give the
interval (5th-95th percentile for the 90% level). Resample indices come from an
explicit :class:`numpy.random.Generator` as one ``integers(0, n, (n_boot, n))``
stream, drawn in chunks of at most :data:`BOOT_CHUNK_POINTS` resampled points so
memory stays bounded; chunking does not change the stream, so the intervals do
not depend on the chunk size. A resample in which no group has two distinct
dates has no slope: it is marked invalid and counted, not redrawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import units

#: Default interval level (5th to 95th percentile).
CI_LEVEL = 0.90
#: Most resampled points held in memory at once [points x groups]; larger bootstraps go in chunks.
BOOT_CHUNK_POINTS = 2_000_000
#: A resample is degenerate (no two distinct dates) when ``sum (t - tbar)^2`` is below this
#: fraction of ``max(1, max|t|)^2`` [yr^2]: rounding of equal dates around 2020 leaves ~1e-25,
#: while two dates one day apart give ~4e-6, so both are far from the bound (~4e-14).
DEGENERATE_SXX = 1e-20


def group_codes(groups, n: int) -> tuple[np.ndarray, list[str]]:
    """Integer code per point and the sorted group labels; ``[""]`` when ungrouped."""
    if groups is None:
        return np.zeros(n, dtype=int), [""]
    labels, codes = np.unique(np.asarray(groups).astype(str), return_inverse=True)
    return codes.astype(int), list(labels)


def _group_means(t: np.ndarray, y: np.ndarray, codes: np.ndarray | None, n_groups: int):
    """Group means of ``t`` and ``y`` (B, n) -> (B, K), and the same broadcast back to (B, n).

    Ungrouped (``codes`` None): the plain mean. Grouped: one-hot sums (NaN for a
    group absent from a resample, which then drops out of (2) as it has no points).
    The two agree to rounding; each keeps the exact arithmetic its caller had.
    """
    if codes is None:
        tbar = t.mean(axis=1, keepdims=True)
        ybar = y.mean(axis=1, keepdims=True)
        return tbar, ybar, tbar, ybar
    onehot = np.eye(n_groups)[codes]  # (B, n, K)
    counts = onehot.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        tbar = np.einsum("bn,bnk->bk", t, onehot) / counts
        ybar = np.einsum("bn,bnk->bk", y, onehot) / counts
    tb = np.einsum("bnk,bk->bn", onehot, np.nan_to_num(tbar))
    yb = np.einsum("bnk,bk->bn", onehot, np.nan_to_num(ybar))
    return tbar, ybar, tb, yb


def slopes(t, log10_y, codes=None, n_groups: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Slope (2) [OOM/yr] and levels (3) [log10 unit] of stacked samples.

    Parameters
    ----------
    t, log10_y : array (B, n)
        Dates [decimal yr] and log10 values, one sample per row.
    codes : int array (B, n), optional
        Group of each point (0 .. n_groups-1); None when ungrouped.

    Returns
    -------
    slope : (B,), NaN where no group has two distinct dates.
    levels : (B, K), NaN for a group absent from a sample.
    """
    t = np.asarray(t, dtype=float)
    y = np.asarray(log10_y, dtype=float)
    tbar, ybar, tb, yb = _group_means(t, y, codes, n_groups)
    dt = t - tb
    sxx = np.sum(dt * dt, axis=1)
    sxy = np.sum(dt * (y - yb), axis=1)
    scale = np.maximum(1.0, np.max(np.abs(t), axis=1)) ** 2
    ok = sxx > DEGENERATE_SXX * scale
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.where(ok, sxy / np.where(ok, sxx, 1.0), np.nan)
    return slope, ybar - slope[:, None] * tbar


def resample_indices(n: int, n_boot: int, rng: np.random.Generator, width: int = 1):
    """Yield (chunk, n) index arrays of the pairs bootstrap, ``n_boot`` rows in all.

    ``width`` [values per point] sizes the chunks so that a chunk holds at most
    :data:`BOOT_CHUNK_POINTS` resampled values; the stream is that of one
    ``rng.integers(0, n, size=(n_boot, n))`` call whatever the chunk size.
    """
    chunk = max(1, BOOT_CHUNK_POINTS // max(n * max(width, 1), 1))
    for start in range(0, int(n_boot), chunk):
        yield rng.integers(0, n, size=(min(chunk, int(n_boot) - start), n))


def percentile_interval(values, level: float = CI_LEVEL) -> tuple[float, float] | None:
    """Central ``level`` percentile interval of ``values``; None if there are none."""
    values = np.asarray(values, dtype=float)
    if not values.size:
        return None
    alpha = (1 - level) / 2
    lo, hi = np.quantile(values, [alpha, 1 - alpha])
    return float(lo), float(hi)


@dataclass
class LogLinearFit:
    """Fit of (1) with its bootstrap: slope [OOM/yr], levels [log10 unit], interval [OOM/yr]."""

    slope: float  # s [OOM/yr]; NaN if no group has two distinct dates
    levels: dict[str, float]  # a_g [log10 unit at year 0]; key "" when ungrouped
    n: int
    level: float = CI_LEVEL
    ci: tuple[float, float] | None = None  # bootstrap interval of s [OOM/yr]; None without resamples
    boot_slopes: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)  # valid resamples [OOM/yr]
    boot_levels: np.ndarray = field(default_factory=lambda: np.empty((0, 1)), repr=False)  # (B, K)
    n_degenerate: int = 0  # resamples without a slope (skipped)

    @property
    def growth_per_year(self) -> float:
        """``10 ** s`` [x/yr]."""
        return float(units.oom_per_year_to_multiplier(self.slope))

    @property
    def doubling_time_years(self) -> float:
        """``log10(2) / s`` [yr]; negative = halving time, ``inf`` for a flat trend."""
        return doubling_time_years(self.slope)

    @property
    def ci_growth_per_year(self) -> tuple[float, float] | None:
        """Interval of ``10 ** s`` [x/yr]."""
        if self.ci is None:
            return None
        return float(units.oom_per_year_to_multiplier(self.ci[0])), float(units.oom_per_year_to_multiplier(self.ci[1]))


def doubling_time_years(slope: float) -> float:
    """Doubling time ``log10(2) / s`` [yr] of a slope ``s`` [OOM/yr]; negative = halving, ``inf`` when flat."""
    if slope == 0.0:
        return float("inf")
    return float(units.oom_per_year_to_doubling_years(slope))


def point_fit(t, log10_y, groups=None) -> tuple[float, dict[str, float]]:
    """Least-squares slope (2) [OOM/yr] and levels (3) by group label [log10 unit]."""
    t = np.asarray(t, dtype=float)
    codes: np.ndarray | None
    codes, labels = group_codes(groups, len(t))
    codes = None if groups is None else codes[None, :]
    slope, levels = slopes(t[None, :], np.asarray(log10_y, dtype=float)[None, :], codes, len(labels))
    s = float(slope[0])
    return s, {lab: float(levels[0, k]) for k, lab in enumerate(labels)}


def bootstrap(t, log10_y, groups=None, *, n_boot: int, rng: np.random.Generator):
    """Slopes (B,) [OOM/yr] and levels (B, K) of ``n_boot`` pairs resamples, the labels, and a valid mask (B,)."""
    t = np.asarray(t, dtype=float)
    y = np.asarray(log10_y, dtype=float)
    codes, labels = group_codes(groups, len(t))
    k = len(labels)
    out_s, out_a = [np.empty(0)], [np.empty((0, k))]
    for idx in resample_indices(len(t), n_boot, rng, width=k):
        s, a = slopes(t[idx], y[idx], None if groups is None else codes[idx], k)
        out_s.append(s)
        out_a.append(a)
    slope = np.concatenate(out_s)
    return slope, np.concatenate(out_a), labels, np.isfinite(slope)


def fit(t, log10_y, groups=None, *, n_boot: int = 2000, rng: np.random.Generator,
        level: float = CI_LEVEL) -> LogLinearFit:
    """Fit (1) by least squares and bootstrap the slope's ``level`` interval.

    ``log10 y = a_g + s t``: ``s`` by (2) [OOM/yr], ``a_g`` by (3); growth
    ``10**s`` [x/yr], doubling time ``log10(2)/s`` [yr]; interval: the
    ``(1-level)/2`` and ``(1+level)/2`` quantiles of ``s`` over ``n_boot``
    pairs resamples (:func:`bootstrap`), degenerate resamples counted and dropped.

    Parameters
    ----------
    t : array (n,) [decimal yr]
    log10_y : array (n,) [log10 unit]
    groups : array (n,), optional
        Group label per point: one level ``a_g`` each, a shared slope.
    n_boot : int
        Bootstrap resamples (0: no interval).
    rng : numpy.random.Generator
        The only source of randomness; same generator state -> identical result.
    level : float
        Interval width (0.90 -> 5th to 95th percentile of the resampled slopes).
    """
    slope, levels = point_fit(t, log10_y, groups)
    res = LogLinearFit(slope, levels, int(len(np.asarray(t))), level)
    if n_boot > 0:
        s_b, a_b, _, valid = bootstrap(t, log10_y, groups, n_boot=n_boot, rng=rng)
        res.boot_slopes, res.boot_levels, res.n_degenerate = s_b[valid], a_b[valid], int((~valid).sum())
        res.ci = percentile_interval(res.boot_slopes, level)
    return res
