"""Conditional-expectation (Rao-Blackwell) estimator for uncertain trends (docs/methods.md).

Given one draw theta of the trend parameters, P(TAI by t | theta) is exact:
``(1 - p_none) * sum_i w_i CDF_i(reach_i(t))`` (:func:`.exact.p_by_year`). So
draw N trend vectors (the same Gaussian copula as Monte Carlo), evaluate that
curve for each and average:

    P_hat(t) = (1/N) sum_k P(t | theta_k)
    SE(t)    = SD_k P(t | theta_k) / sqrt(N)

The requirement and the "no hypothesis holds" draw are integrated out
exactly, so the variance is never larger than the joint sampler's at the same
N (law of total variance). The spread of P(t | theta) across draws is itself
the uncertainty band users ask for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..requirements import BuiltHypothesis
from ..schema import ScenarioSpec
from . import exact
from .parameters import sample_parameters
from .trajectories import trajectories

CHUNK = 2_000  # trend draws per chunk: (2000, hypotheses, years) float64 ~ 7 MB per temporary
BAND = (0.05, 0.5, 0.95)  # probabilities of the band of P(by t) across trend draws
# The band is read from the first BAND_DRAWS draws (draws are independent, so these are a random
# subset): memory stays bounded (30 MB) for any N, and 100,000 draws pin a 5th percentile of
# P(by t) to ~0.001.
BAND_DRAWS = 100_000


@dataclass(frozen=True)
class ConditionalEstimate:
    """Averages over ``n`` trend draws; arrays indexed by year."""

    n: int
    p: np.ndarray  # (years,) mean of P(by t | theta) [probability]
    standard_errors: np.ndarray  # (years,) SD across draws / sqrt(n)
    hypothesis_p: np.ndarray  # (hypotheses, years) mean of P_i(t | theta), ignoring p_none
    band: dict[float, np.ndarray]  # probability -> (years,) quantile of P(by t | theta) across draws


def run(
    spec: ScenarioSpec,
    built: tuple[BuiltHypothesis, ...],
    years: np.ndarray,
    draws: int,
    rng: np.random.Generator,
    progress: Callable[[int], None] | None = None,
) -> ConditionalEstimate:
    """Average the exact curve over ``draws`` trend-parameter draws, in fixed chunks."""
    years = np.asarray(years)
    # Sums of differences from the first draw's curves: with point-valued trends every
    # difference is exactly 0, so the result is the exact curve with SE exactly 0, and
    # otherwise the shift keeps the variance-from-sums free of cancellation.
    ref = ref_i = None
    total = np.zeros(years.size)
    total_sq = np.zeros(years.size)
    hyp_total = np.zeros((len(built), years.size))
    # Draws' curves kept for the band (float32: rounding <= 6e-8, far below any SE).
    curves = np.empty((min(draws, BAND_DRAWS), years.size), dtype=np.float32)
    done = 0
    while done < draws:
        m = min(CHUNK, draws - done)
        traj = trajectories(spec, sample_parameters(spec, m, rng), years)
        p_i = exact.hypothesis_probabilities(built, traj)  # (m or 1, hypotheses, years)
        p = exact.combine(traj, p_i)  # (m or 1, years); one row when every trend is a point value
        if ref is None:
            ref, ref_i = p[0].copy(), p_i[0].copy()
        d = np.broadcast_to(p - ref, (m, years.size))
        total += d.sum(axis=0)
        total_sq += np.square(d).sum(axis=0)
        hyp_total += np.broadcast_to(p_i - ref_i, (m, *ref_i.shape)).sum(axis=0)
        if done < curves.shape[0]:
            curves[done:done + m] = p[:curves.shape[0] - done]
        done += m
        if progress is not None:
            progress(m)
    mean_d = total / draws
    var = np.maximum(total_sq - draws * mean_d**2, 0.0) / max(draws - 1, 1)
    band = dict(zip(BAND, np.quantile(curves, BAND, axis=0).astype(float)))
    return ConditionalEstimate(draws, ref + mean_d, np.sqrt(var / draws), ref_i + hyp_total / draws, band)
