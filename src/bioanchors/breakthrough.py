"""Breakthrough progress: the chance that no hypothesis is right, over time.

Report p. 128 and p. 132 (docs/model.md §6): p_none falls from 10% in 2025 to ~3% in
2100 (aggressive 5% -> 1%, conservative 20% -> 5%). The report gives only the
two ends; how it falls between them is the scenario's
``breakthrough.interpolation`` convention (linear by default). The probability
it frees goes to the hypotheses in proportion to their weights ("I do not shift
the relative share of probabilities across different hypotheses over time",
p. 128), which is what ``P = (1 - p_none(t)) * sum_i w_i P_i(t) / sum_j w_j`` does.
"""

from __future__ import annotations

import numpy as np

INTERPOLATIONS = ("linear", "log_linear")


def p_none(years, p_start, p_end, start_year=2025, end_year=2100, interpolation="linear"):
    """P(no hypothesis holds) in ``years`` [probability], constant outside the two anchor years.

    ``interpolation``: ``"linear"`` in probability, or ``"log_linear"`` (linear in
    log p_none: a constant yearly ratio; needs both ends > 0).

    p_none never rises ("breakthroughs only free probability"): where a draw of
    uncertain ends has ``p_end > p_start``, ``p_end`` is taken as ``p_start`` (a flat
    p_none for that draw). The schema refuses central values in the wrong order;
    overlapping distributions can still give such draws, and every estimator reads
    them this one way, so Monte Carlo (which needs a non-rising p_none) and the
    conditional estimator agree (issue 23).
    """
    if interpolation not in INTERPOLATIONS:
        raise ValueError(f"interpolation must be one of {INTERPOLATIONS}, got {interpolation!r}")
    frac = np.clip((np.asarray(years, dtype=float) - start_year) / (end_year - start_year), 0.0, 1.0)
    a = np.asarray(p_start, dtype=float)
    b = np.minimum(np.asarray(p_end, dtype=float), a)
    if interpolation == "log_linear":
        return a * (b / a) ** frac
    return a + (b - a) * frac
