"""The logistic growth curve every trend in the model uses, in log10 space.

docs/model.md §5: a quantity starting at ``y0``, doubling every ``d`` years
while small, saturating at ``ymax``, after ``dt`` years::

    y = y0 * g / (1 + (y0 / ymax) * (g - 1)),     g = 2 ** (dt / d)

FLOP per dollar, spending, training-run length and algorithmic progress (a
requirement that halves, i.e. an efficiency that doubles) are all this curve.
Large doubling counts (dt / d ~ 1000) overflow ``2 ** x`` in float64, so the
formula is evaluated entirely in logs, base 2 so that the doubling count
``n = dt / d`` is used as it is::

    log2 y = log2 y0 + n - log2((1 - r) + r * 2**n),   r = y0 / ymax
           = log2 y0 + n - logaddexp2(log2(1 - r), log2 r + n)

Everything of the size of the output is done in place (the logistic is most
of the conditional estimator's time: (draws, hypotheses, years) arrays).
It agrees with the natural-log form it replaced to ~1e-14 [log10 units].
"""

from __future__ import annotations

import numpy as np

from .units import LOG10_2

_LOG2_10 = float(np.log2(10.0))
_LN2 = float(np.log(2.0))


def log10_logistic(log10_start, doubling_years, log10_ceiling, dt_years):
    """Logistic curve [log10 units] after ``dt_years``; all arguments broadcast.

    Parameters
    ----------
    log10_start : array_like
        log10 of the value at ``dt_years = 0``.
    doubling_years : array_like
        Doubling time while far from the ceiling [years], > 0.
    log10_ceiling : array_like
        log10 of the saturation value, >= ``log10_start``; ``inf`` for pure
        exponential growth.
    dt_years : array_like
        Years since the start; negative values extrapolate backwards.

    Returns
    -------
    numpy.ndarray
        log10 of the value, same broadcast shape as the inputs.
    """
    log10_start = np.asarray(log10_start, dtype=float)
    n = np.divide(dt_years, doubling_years, dtype=float)  # doublings, full output size (or a scalar)
    log2_r = np.minimum(log10_start - np.asarray(log10_ceiling, dtype=float), 0.0) * _LOG2_10
    # log2(1 - r): -inf when r == 1 (start at the ceiling), which logaddexp2 handles.
    with np.errstate(divide="ignore"):
        log2_one_minus_r = np.log2(-np.expm1(log2_r * _LN2))
    out = np.asarray(np.add(log2_r, n), dtype=float)  # 0-d for scalar inputs, so out= works
    np.logaddexp2(log2_one_minus_r, out, out=out)
    np.subtract(n, out, out=out)
    out *= LOG10_2
    out += log10_start
    return out if out.ndim else out[()]
