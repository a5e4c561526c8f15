"""Monte Carlo evaluation: sample requirements (and uncertain trends), find arrival years.

Each sample draws a hypothesis by weight, a 2020 requirement from that
hypothesis, a uniform ``u`` for "no hypothesis holds" (the sample counts only
once ``u >= p_none(t)``), and a value of every uncertain trend parameter. Its
arrival year is the first year in which it is both eligible and affordable.
Samples are processed in fixed-size chunks so that memory stays bounded and
the numbers depend only on the seed, never on the machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..requirements import BuiltHypothesis
from ..schema import ScenarioSpec
from .parameters import point_parameters, sample_parameters
from .trajectories import trajectories

CHUNK = 100_000  # samples per chunk: ~60 MB of (chunk, 76) float64 temporaries


@dataclass(frozen=True)
class MonteCarloCounts:
    """Histograms of arrival-year indices; index ``len(years)`` means 'not by the end'."""

    n: int
    arrivals: np.ndarray  # (years + 1,) counts
    hypothesis_samples: np.ndarray  # (hypotheses,) samples drawn per hypothesis
    hypothesis_crossings: np.ndarray  # (hypotheses, years + 1) counts, ignoring p_none

    def p_by_year(self) -> np.ndarray:
        return np.cumsum(self.arrivals)[:-1] / self.n

    def hypothesis_p_by_year(self) -> np.ndarray:
        denom = np.maximum(self.hypothesis_samples, 1)[:, None]
        return np.cumsum(self.hypothesis_crossings, axis=1)[:, :-1] / denom


def run(
    spec: ScenarioSpec,
    built: tuple[BuiltHypothesis, ...],
    years: np.ndarray,
    samples: int,
    rng: np.random.Generator,
    progress: Callable[[int], None] | None = None,
) -> MonteCarloCounts:
    """Draw ``samples`` samples in chunks; return arrival-year histograms."""
    years = np.asarray(years)
    n_years, n_hyp = years.size, len(built)
    arrivals = np.zeros(n_years + 1, dtype=np.int64)
    hyp_n = np.zeros(n_hyp, dtype=np.int64)
    hyp_cross = np.zeros((n_hyp, n_years + 1), dtype=np.int64)
    fixed = trajectories(spec, point_parameters(spec), years) if not _has_uncertainty(spec) else None
    reach_fixed = fixed.log10_reach[0] if fixed is not None else None  # (hyps, years), computed once

    done = 0
    while done < samples:
        m = min(CHUNK, samples - done)
        traj = fixed if fixed is not None else trajectories(spec, sample_parameters(spec, m, rng), years)
        h = _draw_hypotheses(traj.weights, m, rng)
        need = np.empty(m)
        u = rng.random(m)
        for i, hyp in enumerate(built):
            sel = h == i
            need[sel] = hyp.requirement.ppf(u[sel])
        reach = reach_fixed[h] if reach_fixed is not None else traj.log10_reach_of(h)
        crossed = need[:, None] <= reach  # monotone in t: reach is a running maximum
        eligible = rng.random(m)[:, None] >= traj.p_none  # monotone: p_none never rises
        # Both conditions are monotone in t, so the first True is at len - count.
        first = n_years - np.count_nonzero(crossed & eligible, axis=1)
        arrivals += np.bincount(first, minlength=n_years + 1)
        first_cross = n_years - np.count_nonzero(crossed, axis=1)
        hyp_n += np.bincount(h, minlength=n_hyp)
        hyp_cross += np.bincount(h * (n_years + 1) + first_cross, minlength=n_hyp * (n_years + 1)).reshape(n_hyp, -1)
        done += m
        if progress is not None:
            progress(m)
    return MonteCarloCounts(samples, arrivals, hyp_n, hyp_cross)


def _has_uncertainty(spec: ScenarioSpec) -> bool:
    from .space import parameter_space

    return not parameter_space(spec).is_point


def _draw_hypotheses(weights: np.ndarray, m: int, rng: np.random.Generator) -> np.ndarray:
    """Hypothesis index per sample; ``weights`` is (1, H) or (m, H), rows summing to 1."""
    u = rng.random(m)
    cum = np.cumsum(weights, axis=1)
    cum[:, -1] = 1.0  # guard against rounding leaving u > last cumulative weight
    if weights.shape[0] == 1:
        return np.searchsorted(cum[0], u, side="right")
    return (u[:, None] >= cum).sum(axis=1)


def standard_errors(p: np.ndarray, n: int) -> np.ndarray:
    """Binomial standard error of each P(by t) estimate [probability]."""
    return np.sqrt(p * (1.0 - p) / n)
