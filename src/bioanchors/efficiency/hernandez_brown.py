"""Algorithmic efficiency the Hernandez & Brown (2020) way.

Hernandez & Brown re-trained ImageNet models from 2012-2019 to AlexNet-level
accuracy and recorded the compute each needed. The trend is a straight line in
log space, fitted over the *record-setting* systems (each needing less compute
than every earlier one)::

    log10 C_i = a_task(i) + s * t_i                                   (1)

``C`` compute to reach the fixed performance [FLOP], ``t`` date [decimal yr],
``s`` slope [OOM/yr] (negative when compute falls). With several tasks (fixed
performance levels) in one fit, each task gets its own level ``a_task`` and the
slope is shared. The halving time of the compute needed is

    halving_months = 12 * log10(2) / (-s)                              (2)

and the efficiency gain per year is ``10 ** (-s)`` [x/yr]; conversions go
through :mod:`bioanchors.units`.

Uncertainty: a nonparametric bootstrap over systems. Rows of the fitted set are
resampled with replacement (same count), (1) is refitted, and the 5th and 95th
percentiles of ``-s`` give the 90% interval, mapped through (2). A resample in
which no task has two distinct dates has no slope; it is skipped and counted
(``n_degenerate``) rather than redrawn, so the interval is the conditional
distribution given a defined fit and the count shows how often that happened.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .. import loglinear
from ..errors import DataError
from ..trends.inputs import check_boot_work, check_count, check_finite, check_seed
from ..units import (
    as_float,
    oom_per_year_to_halving_months,
    oom_per_year_to_multiplier,
)
from .result import EfficiencyTrend

MIN_POINTS = 3


def record_frontier(years, compute, groups=None) -> np.ndarray:
    """Mask of record-setting points: less compute than every earlier point of the same task.

    Parameters
    ----------
    years : array_like
        Dates [decimal yr].
    compute : array_like
        Compute to reach the fixed performance [FLOP or any unit].
    groups : array_like, optional
        Task label per point; records are kept per task.

    Returns
    -------
    numpy.ndarray of bool
        ``True`` where ``compute_i < min(compute_j for t_j < t_i)``; of several
        points on one date only the cheapest can be a record (ties: the first).
    """
    years = np.asarray(years, dtype=float)
    compute = np.asarray(compute, dtype=float)
    groups = np.zeros(len(years), dtype=int) if groups is None else np.asarray(groups)
    is_record = np.zeros(len(years), dtype=bool)
    for g in pd.unique(groups):
        idx = np.flatnonzero(groups == g)
        # sort by date, then by compute, so the cheapest of a date comes first
        order = idx[np.lexsort((compute[idx], years[idx]))]
        c = compute[order]
        best_before = np.concatenate([[np.inf], np.minimum.accumulate(c)[:-1]])
        is_record[order] = c < best_before
    return is_record


def fit_log_linear(years, log10_compute, groups=None):
    """Least-squares fit of (1): ``log10 C = a_task + s * t`` (:func:`bioanchors.loglinear.point_fit`).

    Parameters
    ----------
    years : array_like
        Dates [decimal yr].
    log10_compute : array_like
        log10 of compute [log10 FLOP].
    groups : array_like, optional
        Task label per point (one level ``a`` per task, shared slope).

    Returns
    -------
    slope : float
        ``s`` [OOM/yr]; NaN if no task has two distinct dates.
    intercepts : dict
        task label -> ``a_task`` [log10 FLOP at year 0]; ``""`` when ungrouped.
    """
    return loglinear.point_fit(years, log10_compute, groups)


def bootstrap_slopes(years, log10_compute, groups=None, *, n_bootstrap: int, rng):
    """Slopes of (1) refitted on ``n_bootstrap`` resamples of the points (:func:`bioanchors.loglinear.bootstrap`).

    ``rng`` is a :class:`numpy.random.Generator` (or a seed for one).
    Returns (slopes (B,), intercepts (B, K) [NaN where a task is absent],
    labels, valid mask (B,)); invalid resamples have no two distinct dates
    within any task.
    """
    return loglinear.bootstrap(years, log10_compute, groups, n_boot=int(n_bootstrap), rng=np.random.default_rng(rng))


#: A table's stated reduction and its compute columns "disagree" beyond this ratio (10%).
STATED_TOLERANCE = 1.10


def stated_reduction(records: pd.DataFrame) -> float | None:
    """The reduction a table states between its first and last record [x], or None.

    Hernandez & Brown's "Reduction Factor" column is relative to the task's first
    system, so the stated reduction is last / first.
    """
    if "stated_reduction" not in records:
        return None
    r = records.sort_values("year")["stated_reduction"].to_numpy(dtype=float)
    if len(r) < 2 or not (np.isfinite(r[0]) and np.isfinite(r[-1])) or r[0] <= 0:
        return None
    return float(r[-1] / r[0])


def stated_vs_compute(stated: float | None, computed: float) -> str:
    """'' when they agree (or nothing is stated), else one clause saying both and which is used."""
    if stated is None or max(stated, computed) / min(stated, computed) <= STATED_TOLERANCE:
        return ""
    return (f"the table states {stated:.3g}x but its compute columns give {computed:.3g}x; "
            "bioanchors uses the compute columns")


def _endpoint_hint(df: pd.DataFrame) -> str:
    """Two points give an exact line: say what it implies, since we refuse to fit it."""
    if len(df) != 2 or df["task"].nunique() != 1:
        return ""
    d = df.sort_values("year")
    dy = float(d["year"].iloc[1] - d["year"].iloc[0])
    ratio = float(d["compute"].iloc[0] / d["compute"].iloc[1])
    if dy <= 0 or ratio <= 1:
        return ""
    halving = as_float(oom_per_year_to_halving_months(np.log10(ratio) / dy))
    clash = stated_vs_compute(stated_reduction(d), ratio)
    return (f". Alone, {d['system'].iloc[0]} -> {d['system'].iloc[1]} imply {ratio:.3g}x less compute in "
            f"{dy:.2f} years, a halving every {halving:.1f} months, with no uncertainty"
            + (f" ({clash})" if clash else ""))


def estimate_efficiency_trend(
    data: pd.DataFrame,
    *,
    all_points: bool = False,
    n_bootstrap: int = 2000,
    rng: np.random.Generator | int = 0,
    confidence: float = 0.90,
    where: str = "data",
) -> EfficiencyTrend:
    """Halving time of the compute needed for a fixed performance, with a bootstrap interval.

    Hernandez & Brown's steps: (i) keep each task's record-setting systems
    (:func:`mark_records`); (ii) fit (1) over them by least squares
    (:func:`fit_log_linear`); (iii) bootstrap the systems for the interval of
    (2), with a classical OLS t-interval beside it as a cross-check; (iv) set
    the observed first/last reduction beside the one the table states.

    Parameters
    ----------
    data : pandas.DataFrame
        Columns ``system``, ``task``, ``date``, ``year`` [decimal yr], ``compute``
        [FLOP], as returned by :func:`read_efficiency_csv` / :func:`load_dataset`.
    all_points : bool
        Fit every point instead of only the record-setting ones.
    n_bootstrap : int
        Bootstrap resamples (0 for none: no interval).
    rng : numpy.random.Generator or int
        Random generator, or a seed for :func:`numpy.random.default_rng`.
    confidence : float
        Width of the interval (0.90 -> 5th to 95th percentile).
    where : str
        Name of the input, for error messages.

    Returns
    -------
    EfficiencyTrend
    """
    if not 0 < confidence < 1:
        raise DataError(f"confidence must be between 0 and 1, got {confidence}")
    check_count(n_bootstrap, "--bootstrap", zero_ok=True)
    if not isinstance(rng, np.random.Generator):
        rng = np.random.default_rng(check_seed(rng))
    df = mark_records(data, all_points)
    used = _points_to_fit(df, all_points, where)
    t = used["year"].to_numpy()
    y = np.log10(used["compute"].to_numpy())
    groups = used["task"].to_numpy()
    slope, intercepts = _fit_decline(t, y, groups, used, all_points, where)
    n_tasks = len(set(groups))
    dof = len(used) - n_tasks - 1  # residual degrees of freedom
    ols_ci = _ols_interval(t, y, groups, slope, intercepts, dof, confidence)
    boot = _bootstrap_interval(t, y, groups, n_bootstrap, rng, confidence)
    warnings = _interval_warnings(len(used), n_tasks, dof, n_bootstrap, boot[3])
    res = _assemble(df, used, slope, intercepts, ols_ci, boot, warnings,
                    all_points=all_points, confidence=confidence, n_bootstrap=n_bootstrap, where=where)
    check_finite(res.to_dict(), where, "fit")  # e.g. 1e244 FLOP beside 1 FLOP overflows the rate
    return res


def mark_records(data: pd.DataFrame, all_points: bool = False) -> pd.DataFrame:
    """Step (i): a copy of ``data`` with columns ``record`` (record-setting in its task) and ``used`` (fitted)."""
    df = data.reset_index(drop=True).copy()
    codes, _ = loglinear.group_codes(df["task"], len(df))
    df["record"] = record_frontier(df["year"], df["compute"], codes)
    df["used"] = True if all_points else df["record"]
    return df


def _kind(all_points: bool) -> str:
    return "points" if all_points else "record-setting points"


def _points_to_fit(df: pd.DataFrame, all_points: bool, where: str) -> pd.DataFrame:
    """The rows step (ii) fits; a DataError when they cannot define a slope."""
    used = df[df["used"]]
    # identical dates first: otherwise they surface as "too few records", which misleads
    if df.groupby("task")["year"].nunique().max() < 2:
        raise DataError(
            f"{where}: all {len(df)} points of each task share one date ({df['date'].iloc[0].date()}); "
            "a trend needs at least two different dates in column 'date'"
        )
    if len(used) < MIN_POINTS:
        hint = ""
        if not all_points and len(df) >= MIN_POINTS:
            hint = f", or use --all-points to fit all {len(df)} points"
        raise DataError(
            f"{where}: {len(used)} {_kind(all_points)}; the trend fit needs at least "
            f"{MIN_POINTS}{_endpoint_hint(used)}.\nAdd measurements{hint}."
        )
    return used


def _fit_decline(t, y, groups, used: pd.DataFrame, all_points: bool, where: str) -> tuple[float, dict]:
    """Step (ii): slope ``s`` of (1) [OOM/yr] and levels; a DataError unless compute falls."""
    slope, intercepts = fit_log_linear(t, y, groups)
    if not np.isfinite(slope):
        raise DataError(
            f"{where}: all {_kind(all_points)} of each task share one date ({used['date'].iloc[0].date()}); "
            "a trend needs at least two different dates in column 'date'"
        )
    if slope >= 0:
        raise DataError(
            f"{where}: the compute needed does not fall over time (fitted slope {slope:+.3g} OOM/yr), "
            "so there is no halving time; check the compute column and the dates"
        )
    return slope, intercepts


def _interval_warnings(n_used: int, n_tasks: int, dof: int, n_bootstrap: int, n_degenerate: int) -> list[str]:
    """The percentile bootstrap is only as good as the handful of systems behind it: say when."""
    warnings = []
    if dof < 3:
        warnings.append(
            f"only {n_used} points for {n_tasks + 1} parameters: the bootstrap interval understates the "
            "uncertainty (see ci90_months_ols; null = unbounded)"
        )
    if n_bootstrap > 0 and n_degenerate > 0.05 * n_bootstrap:
        warnings.append(
            f"{n_degenerate} of {n_bootstrap} bootstrap resamples had no two distinct dates within a task "
            "and were skipped"
        )
    return warnings


def _assemble(df, used, slope, intercepts, ols_ci, boot, warnings, *, all_points, confidence, n_bootstrap,
              where) -> EfficiencyTrend:
    """Step (iv) and the result: rates in every unit, observed and stated reductions, the resamples."""
    boot_slopes, boot_intercepts, boot_labels, n_degenerate, ci_months, ci_growth = boot
    rate = -slope  # decline [OOM/yr]
    by_task, stated_by_task = _observed_reductions(df, warnings)
    t = used["year"].to_numpy()
    span_years = float(t.max() - t.min())
    return EfficiencyTrend(
        slope_oom_per_year=float(slope),
        halving_time_months=float(oom_per_year_to_halving_months(rate)),
        ci_months=ci_months,
        ols_ci_months=ols_ci,
        growth_per_year=float(oom_per_year_to_multiplier(rate)),
        ci_growth_per_year=ci_growth,
        reduction_factor=by_task[next(iter(by_task))] if len(by_task) == 1 else None,
        reduction_factor_by_task=by_task,
        stated_reduction_by_task=stated_by_task,
        fitted_reduction_factor=float(oom_per_year_to_multiplier(rate * span_years)),
        n=int(len(used)),
        span=(used["date"].min(), used["date"].max()),
        span_years=span_years,
        intercepts=intercepts,
        all_points=all_points,
        confidence=confidence,
        n_bootstrap=int(n_bootstrap),
        n_degenerate=n_degenerate,
        points=df,
        boot_slopes=boot_slopes,
        boot_intercepts=boot_intercepts,
        boot_labels=list(boot_labels),
        source=where,
        warnings=warnings,
    )


def _ols_interval(t, y, groups, slope, intercepts, dof, confidence):
    """Classical OLS t-interval of the halving time [months] (a cross-check of the bootstrap); None if dof < 1."""
    if dof <= 0:
        return None
    codes, labels = loglinear.group_codes(groups, len(t))
    resid = y - (np.array([intercepts[lab] for lab in labels])[codes] + slope * t)
    tbar = np.array([t[codes == k].mean() for k in range(len(labels))])[codes]  # task mean date per point
    se = np.sqrt(np.sum(resid**2) / dof / np.sum((t - tbar) ** 2))
    q = stats.t.ppf(0.5 + confidence / 2, dof)
    return _rate_ci_to_months(-slope - q * se, -slope + q * se)


def _bootstrap_interval(t, y, groups, n_bootstrap, rng, confidence):
    """Step (iii): (slopes, intercepts, labels, n_degenerate, ci_months, ci_growth) of the bootstrap over points."""
    n_tasks = len(set(groups))
    empty = (np.empty(0), np.empty((0, n_tasks)), sorted(set(groups)), 0, None, None)
    if n_bootstrap <= 0:
        return empty
    check_boot_work(n_bootstrap, len(t), n_tasks + 2, "--bootstrap")
    s_b, a_b, labels, valid = bootstrap_slopes(t, y, groups, n_bootstrap=n_bootstrap, rng=rng)
    slopes, intercepts, n_degenerate = s_b[valid], a_b[valid], int((~valid).sum())
    ci = loglinear.percentile_interval(-slopes, confidence)  # of the decline rate [OOM/yr]
    if ci is None:
        return slopes, intercepts, labels, n_degenerate, None, None
    lo, hi = ci
    growth = [float(oom_per_year_to_multiplier(lo)), float(oom_per_year_to_multiplier(hi))]
    return slopes, intercepts, labels, n_degenerate, _rate_ci_to_months(lo, hi), growth


def _observed_reductions(df: pd.DataFrame, warnings: list) -> tuple[dict, dict]:
    """Per task: first record / last record compute [x], and the table's stated reduction when it has one.

    A note is appended to ``warnings`` where the two disagree (e.g. H&B's ResNet-50 row: 10x vs 22.7x).
    """
    by_task: dict[Any, float] = {}
    stated_by_task: dict[Any, float] = {}
    for task, g in df.groupby("task", sort=True):
        rec = g[g["record"]].sort_values("year")
        by_task[task] = float(rec["compute"].iloc[0] / rec["compute"].iloc[-1])
        stated = stated_reduction(rec)
        if stated is not None:
            stated_by_task[task] = stated
            if clash := stated_vs_compute(stated, by_task[task]):
                warnings.append(f"{task or 'reduction'!s}: {clash}")
    return by_task, stated_by_task


def _rate_ci_to_months(rate_lo, rate_hi):
    """Interval of the decline rate [OOM/yr] -> [short, long] halving time [months].

    A rate <= 0 means no decline: the halving time is unbounded (None).
    """
    short = float(oom_per_year_to_halving_months(rate_hi)) if rate_hi > 0 else None
    long_ = float(oom_per_year_to_halving_months(rate_lo)) if rate_lo > 0 else None
    return [short, long_]
