"""Exact evaluation: P(TAI by t) straight from the hypotheses' CDFs (docs/model.md §1).

    P_i(t) = CDF_i(affordable(t) + progress_i(t))
    P(t)   = (1 - p_none(t)) * sum_i w_i P_i(t)

No sampling over trends: for point-valued trends this is the answer up to the
grid resolution of the CDFs (0.01 OOM). It is vectorised over parameter
samples, which is how sensitivity analysis evaluates thousands of parameter
sets exactly instead of by nested Monte Carlo.
"""

from __future__ import annotations

import numpy as np

from ..requirements import BuiltHypothesis
from .trajectories import Trajectories


def hypothesis_probabilities(built: tuple[BuiltHypothesis, ...], traj: Trajectories) -> np.ndarray:
    """P_i(t) for each hypothesis [probability], shape (samples, hypotheses, years)."""
    reach = traj.log10_reach
    out = np.empty_like(reach)
    for i, hyp in enumerate(built):  # a handful of hypotheses; each call is vectorised
        out[:, i, :] = hyp.requirement.cdf_at(reach[:, i, :])
    return out


def combine(traj: Trajectories, p_i: np.ndarray) -> np.ndarray:
    """P(t) = (1 - p_none(t)) * sum_i w_i P_i(t) [probability], shape (samples, years)."""
    return (1.0 - traj.p_none) * np.einsum("sh,shy->sy", traj.weights, p_i)


def p_by_year(built: tuple[BuiltHypothesis, ...], traj: Trajectories) -> np.ndarray:
    """P(TAI by t) [probability], shape (samples, years)."""
    return combine(traj, hypothesis_probabilities(built, traj))
