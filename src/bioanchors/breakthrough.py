"""Breakthrough progress: the chance that no hypothesis is right, over time.

Report p. 128 and p. 132 (MODEL.md 6): p_none falls linearly from 10% in 2025
to 3% in 2100 (aggressive 5% -> 1%, conservative 20% -> 5%). The probability
it frees goes to the hypotheses in proportion to their weights, which is what
``P = (1 - p_none(t)) * sum_i w_i P_i(t) / sum_j w_j`` does.
"""

from __future__ import annotations

import numpy as np


def p_none(years, p_start, p_end, start_year=2025, end_year=2100):
    """P(no hypothesis holds) in ``years`` [probability]: linear between the
    two anchor years, constant outside them."""
    frac = np.clip((np.asarray(years, dtype=float) - start_year) / (end_year - start_year), 0.0, 1.0)
    return np.asarray(p_start, dtype=float) + (np.asarray(p_end, dtype=float) - np.asarray(p_start, dtype=float)) * frac
