"""Algorithmic progress as a compute-equivalent gain, for data where performance varies.

The Hernandez & Brown method needs every system trained to one fixed
performance. Most published results instead pair a training compute with
whatever score it reached. Following (in simplified form) Epoch AI's approach
for language models (Ho et al. 2024, "Algorithmic progress in language
models"), fit

    f(score) = a + b * log10(C) + c * t                                (1)

``C`` training compute [FLOP], ``t`` date [decimal yr], ``f`` identity or
logit (``log(p / (1 - p))`` for scores that are fractions in (0, 1), where a
straight line would run past 0 or 1). Holding the score fixed, one year of
algorithmic progress is worth as much as multiplying compute by ``10 ** (c/b)``:

    g = c / b                                                         [OOM/yr]  (2)

so the compute needed for a fixed score halves every ``12 log10(2) / g``
months. Ordinary least squares; interval by a bootstrap over rows (systems).
Resamples whose design matrix is singular, or in which ``b <= 0`` (score not
rising with compute, so (2) has no meaning), are skipped and counted. Unlike
Epoch's model there are no separate data/parameter terms and no per-benchmark
effects; use one benchmark per fit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import loglinear
from ..errors import DataError
from ..trends.inputs import check_boot_work, check_count, check_finite, check_seed
from ..units import oom_per_year_to_halving_months, oom_per_year_to_multiplier
from .result import ComputeEquivalentTrend

MIN_POINTS_CE = 4  # three coefficients plus at least one residual degree of freedom
TRANSFORMS = ("none", "logit")


def transform_score(score, transform: str = "none", *, where: str = "data"):
    """``f(score)`` of (1): identity, or logit for fractions strictly between 0 and 1."""
    score = np.asarray(score, dtype=float)
    if transform == "none":
        return score
    if transform == "logit":
        if np.any(score <= 0) or np.any(score >= 1):
            hint = " (they look like percentages: divide by 100)" if np.all((score > 0) & (score < 100)) else ""
            raise DataError(
                f"{where}, column 'score': the logit transform needs scores strictly between 0 and 1{hint}"
            )
        return np.log(score / (1.0 - score))
    raise DataError(f"unknown score transform {transform!r}; use one of {', '.join(TRANSFORMS)}")


def _design(log10_c, years, year0):
    return np.stack([np.ones_like(log10_c), log10_c, years - year0], axis=-1)


def fit_score_model(log10_compute, years, fscore):
    """OLS coefficients (a, b, c) of (1) [f-units, f-units/OOM, f-units/yr]; NaNs if singular."""
    x = np.asarray(log10_compute, dtype=float)
    t = np.asarray(years, dtype=float)
    year0 = float(np.mean(t))  # centre the date column so the solve is well conditioned
    X = _design(x, t, year0)
    if np.linalg.matrix_rank(X) < 3:
        return np.nan, np.nan, np.nan
    (a0, b, c), *_ = np.linalg.lstsq(X, np.asarray(fscore, dtype=float), rcond=None)
    return float(a0 - c * year0), float(b), float(c)


def fit_compute_equivalent(
    data: pd.DataFrame,
    *,
    transform: str = "none",
    n_bootstrap: int = 2000,
    rng: np.random.Generator | int = 0,
    confidence: float = 0.90,
    where: str = "data",
) -> ComputeEquivalentTrend:
    """Compute-equivalent algorithmic progress ``c/b`` [OOM/yr] with a bootstrap interval.

    Steps: read ``t``, ``log10 C`` and ``f(score)``; fit (1) by least squares
    (:func:`fit_score_model`); ``g = c/b`` by (2); bootstrap the rows for the
    interval of ``g``.

    Parameters
    ----------
    data : pandas.DataFrame
        Columns ``year`` [decimal yr], ``compute`` [FLOP], ``score``, ``date``
        (see :func:`read_efficiency_csv` with ``require_score=True``).
    transform : {"none", "logit"}
        ``f`` in (1).
    n_bootstrap : int
        Bootstrap resamples over rows (0: no interval).
    rng : numpy.random.Generator or int
        Generator, or a seed for :func:`numpy.random.default_rng`.
    confidence : float
        Interval width (0.90 -> 5th-95th percentile).
    """
    if not 0 < confidence < 1:
        raise DataError(f"confidence must be between 0 and 1, got {confidence}")
    df = data.reset_index(drop=True)
    t, x, f = _model_columns(df, transform, where)
    a, b, c = _fit_gain(x, t, f, where)
    g = c / b
    boot, n_degenerate = _checked_bootstrap(x, t, f, n_bootstrap, rng)
    res = ComputeEquivalentTrend(
        a=a,
        b=b,
        c=c,
        oom_per_year=float(g),
        halving_time_months=float(oom_per_year_to_halving_months(g)) if g > 0 else None,
        growth_per_year=float(oom_per_year_to_multiplier(g)),
        **_interval_fields(loglinear.percentile_interval(boot, confidence)),
        transform=transform,
        n=len(df),
        span=(df["date"].min(), df["date"].max()),
        confidence=confidence,
        n_bootstrap=int(n_bootstrap),
        n_degenerate=n_degenerate,
        points=df,
        boot_oom_per_year=boot,
        source=where,
    )
    check_finite(res.to_dict(), where, "fit")
    return res


def _model_columns(df: pd.DataFrame, transform: str, where: str):
    """``t`` [decimal yr], ``log10 C`` [log10 FLOP], ``f(score)``; a DataError if (1) cannot be fitted."""
    n = len(df)
    if n < MIN_POINTS_CE:
        raise DataError(
            f"{where}: {n} rows; the compute-equivalent fit has 3 coefficients and needs at least "
            f"{MIN_POINTS_CE} rows; add measurements"
        )
    t = df["year"].to_numpy(dtype=float)
    x = np.log10(df["compute"].to_numpy(dtype=float))
    f = transform_score(df["score"].to_numpy(dtype=float), transform, where=where)
    if np.ptp(t) == 0:
        raise DataError(f"{where}: all rows have the same date; column 'date' needs at least two different dates")
    if np.ptp(x) == 0:
        raise DataError(f"{where}: all rows have the same compute; column 'compute' must vary to measure b")
    return t, x, f


def _fit_gain(x, t, f, where: str) -> tuple[float, float, float]:
    """Coefficients (a, b, c) of (1); a DataError unless ``b > 0`` so that (2) has a meaning."""
    a, b, c = fit_score_model(x, t, f)
    if not np.isfinite(b):
        raise DataError(
            f"{where}: date and log10(compute) are collinear, so their effects cannot be separated; "
            "add systems that break the pattern"
        )
    if b <= 0:
        raise DataError(
            f"{where}: the score does not rise with compute (b = {b:.3g} per OOM), so no compute-equivalent "
            "gain is defined; check the 'score' column (higher must be better)"
        )
    return a, b, c


def _checked_bootstrap(x, t, f, n_bootstrap: int, rng) -> tuple[np.ndarray, int]:
    """The bootstrap of :func:`bootstrap_gain` after checking its size and seed; empty for ``n_bootstrap == 0``."""
    check_count(n_bootstrap, "--bootstrap", zero_ok=True)
    if n_bootstrap == 0:
        return np.empty(0), 0
    check_boot_work(n_bootstrap, len(t), 9, "--bootstrap")
    rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(check_seed(rng))
    return bootstrap_gain(x, t, f, n_bootstrap=n_bootstrap, rng=rng)


def bootstrap_gain(log10_compute, years, fscore, *, n_bootstrap: int, rng: np.random.Generator):
    """``c/b`` of (2) [OOM/yr] refitted on ``n_bootstrap`` row resamples, and the count skipped.

    Resamples come from :func:`bioanchors.loglinear.resample_indices` (bounded
    chunks, one seeded stream). A resample is skipped when its design matrix is
    singular (condition number >= 1e12, e.g. one date) or its ``b <= 0``.
    """
    x, t, f = (np.asarray(v, dtype=float) for v in (log10_compute, years, fscore))
    year0 = float(np.mean(t))  # the centring of fit_score_model
    out, n_degenerate = [np.empty(0)], 0
    for idx in loglinear.resample_indices(len(t), n_bootstrap, rng, width=9):
        X = _design(x[idx], t[idx], year0)  # (B, n, 3)
        XtX = np.einsum("bni,bnj->bij", X, X)
        Xty = np.einsum("bni,bn->bi", X, f[idx])
        ok = np.linalg.cond(XtX) < 1e12
        coef = np.full((len(idx), 3), np.nan)
        coef[ok] = np.linalg.solve(XtX[ok], Xty[ok][..., None])[..., 0]
        valid = ok & (coef[:, 1] > 0)
        n_degenerate += int((~valid).sum())
        out.append(coef[valid, 2] / coef[valid, 1])
    return np.concatenate(out), n_degenerate


def _interval_fields(ci) -> dict:
    """Interval of the gain [OOM/yr] in the three units; halving time [short, long] months, None if unbounded."""
    if ci is None:
        return {"ci_oom_per_year": None, "ci_months": None, "ci_growth_per_year": None}
    lo, hi = ci
    return {
        "ci_oom_per_year": [lo, hi],
        "ci_months": [float(oom_per_year_to_halving_months(hi)) if hi > 0 else None,
                      float(oom_per_year_to_halving_months(lo)) if lo > 0 else None],
        "ci_growth_per_year": [float(oom_per_year_to_multiplier(lo)), float(oom_per_year_to_multiplier(hi))],
    }
