"""The logistic growth curve every trend in the model uses, in log10 space.

MODEL.md section 5: a quantity starting at ``y0``, doubling every ``d`` years
while small, saturating at ``ymax``, after ``dt`` years::

    y = y0 * g / (1 + (y0 / ymax) * (g - 1)),     g = 2 ** (dt / d)

FLOP per dollar, spending, training-run length and algorithmic progress (a
requirement that halves, i.e. an efficiency that doubles) are all this curve.
Large doubling counts (dt / d ~ 1000) overflow ``2 ** x`` in float64, so the
formula is evaluated entirely in logs::

    log10 y = log10 y0 + log10 g - log10((1 - r) + r * g),   r = y0 / ymax
"""

from __future__ import annotations

import numpy as np

from .units import LOG10_2

_LN10 = np.log(10.0)


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
    log10_g = LOG10_2 * np.asarray(dt_years, dtype=float) / np.asarray(doubling_years, dtype=float)
    log10_r = np.minimum(log10_start - np.asarray(log10_ceiling, dtype=float), 0.0)
    ln_r = log10_r * _LN10
    # ln(1 - r): -inf when r == 1 (start at the ceiling), which logaddexp handles.
    with np.errstate(divide="ignore"):
        ln_one_minus_r = np.log1p(-np.exp(ln_r))
    ln_denominator = np.logaddexp(ln_one_minus_r, ln_r + log10_g * _LN10)
    return log10_start + log10_g - ln_denominator / _LN10
