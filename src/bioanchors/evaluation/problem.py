"""What every model hands the estimators (issue 20 item 1): a parameter space and an exact curve.

A model is two functions:

* its **parameter space** (:class:`~.space.ParameterSpace`: names, central values, quantile
  functions, the Gaussian-copula correlation), and
* its **exact curves** for a batch of parameter sets: ``curves(params) -> Curves``, where
  ``params`` maps dotted paths to (sets,) arrays or floats (paths left out stay central) and
  every array in :class:`Curves` has the sets on axis 0.

A model whose draws carry randomness beyond its parameters (Cotra's joint sampler, which also
draws each requirement and "no hypothesis holds") may add ``joint``, its own Monte Carlo.
Estimators (:mod:`.estimators`) are plain functions over a :class:`Problem`; none knows which
model it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .space import ParameterSpace

if TYPE_CHECKING:
    from .estimate import Estimate

#: Cells (parameter sets x years x curves) one chunk may hold: bounds peak memory for any window
#: (a float64 cell is 8 bytes; with temporaries a chunk stays near 100 MB).
CHUNK_CELLS = 4_000_000


@dataclass(frozen=True)
class Curves:
    """Exact curves of S parameter sets; axis 0 is the set (S may be 1 and broadcast).

    ``events``: event name -> (S, years) P(event by the end of year t | set) [probability]; the
    first key is the headline event. ``components``: (S, C, years) P conditional on each
    component (Cotra's hypotheses), or None. ``series``: name -> (S, years) trajectories.
    ``metrics``: name -> (S,) scalars (NaN where undefined). ``event_years``: name -> (S,)
    decimal calendar years (inf: not within the simulation), for models that simulate dates.
    """

    events: dict[str, np.ndarray]
    components: np.ndarray | None = None
    series: dict[str, np.ndarray] = field(default_factory=dict)
    metrics: dict[str, np.ndarray] = field(default_factory=dict)
    event_years: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def p(self) -> np.ndarray:
        """The headline event's curves (S, years)."""
        return next(iter(self.events.values()))


JointFn = Callable[[int, np.random.Generator, "Callable[[int], None] | None"], "Estimate"]


@dataclass(frozen=True)
class Problem:
    """A model's parameter space and exact curves on ``years`` [calendar years]: all an estimator needs."""

    years: np.ndarray
    space: ParameterSpace
    curves: Callable[[dict], Curves]
    joint: JointFn | None = None  # the model's own Monte Carlo, when its draws carry more than the parameters
    width: int = 1  # curves per parameter set (events + components + series): sizes the chunks

    @property
    def chunk(self) -> int:
        """Parameter sets per chunk: CHUNK_CELLS / (years x curves), at least 1."""
        return max(1, CHUNK_CELLS // max(1, self.years.size * self.width))

    def at(self, params: dict) -> Curves:
        """Curves at ``params`` with every path left out at its central value."""
        return self.curves({**self.space.central, **params})


def conditioned(problem: Problem, vantage_year: int, reading: str = "per_set") -> Problem:
    """``problem`` given no event by the end of ``vantage_year`` (issue 20 item 4).

    ``per_set``: each set's curve becomes (P(t) - P(V)) / (1 - P(V)) for t > V, 0 for t <= V
    (a set that is certain to have arrived by V arrives in V + 1, as in docs/evidence.md).
    ``marginal`` is applied by the estimators' caller to the averaged curve (:func:`condition_curve`).
    ``problem.years`` must contain V when V is inside the window (the caller extends it).
    """
    if reading != "per_set":
        return problem
    years = problem.years

    def curves(params: dict) -> Curves:
        c = problem.curves(params)
        return Curves({k: condition_curve(years, p, vantage_year) for k, p in c.events.items()},
                      None if c.components is None else condition_curve(years, c.components, vantage_year),
                      c.series, c.metrics, c.event_years)

    return Problem(years, problem.space, curves, None, problem.width)


def conditioning_grid(years: np.ndarray, vantage_year: int) -> np.ndarray:
    """``years`` widened back to the vantage year [calendar years], so P(V) can be read on it."""
    return np.arange(min(int(years[0]), vantage_year), int(years[-1]) + 1)


def condition_curve(years: np.ndarray, p: np.ndarray, vantage_year: int) -> np.ndarray:
    """(P(t) - P(V)) / (1 - P(V)) for t > V, else 0, on the last axis [probability].

    P(V) is read at V when V is in ``years`` and is 0 when V is before the first year.
    """
    p = np.asarray(p, dtype=float)
    k = np.nonzero(years == vantage_year)[0]
    if k.size:
        pv = p[..., int(k[0])][..., None]
    elif vantage_year < years[0]:
        pv = np.zeros(p.shape[:-1] + (1,))
    else:
        raise ValueError(f"vantage year {vantage_year} is not on the year grid {int(years[0])}-{int(years[-1])}")
    rest = 1.0 - pv
    with np.errstate(divide="ignore", invalid="ignore"):
        post = np.where(rest > 0, (p - pv) / np.where(rest > 0, rest, 1.0), 1.0)
    return np.where(years > vantage_year, np.clip(post, 0.0, 1.0), 0.0)
