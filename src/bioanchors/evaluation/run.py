"""Run a registered estimator on a model's problem (issue 20 items 1 and 4).

    evaluate(model, scenario, method, samples, seed, years)
       |  est = ESTIMATORS[method]; est.serves(model)
       |  problem = model.problem(scenario, grid)      grid: years, widened to the vantage year
       |  [evidence] vantage_year V (any model): per_set -> conditioned(problem, V)
       v
    est.run(problem, samples, rng, progress) -> Estimate     (marginal reading: update the mean curve)
       v
    model.assemble(scenario, estimate, ...) -> ArrivalForecast

Cotra's model keeps its own, richer "not yet" update ([evidence] with realised compute,
docs/evidence.md) in :mod:`bioanchors.evidence`; every other model gets the generic one here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from ..errors import BioanchorsError
from ..schema import NoEventBy
from .estimators import Estimate, EventEstimate, MetricEstimate, SeriesEstimate
from .problem import condition_curve, conditioned, conditioning_grid
from .registry import get_estimator

if TYPE_CHECKING:
    from ..protocols import ScenarioLike
    from ..result import ArrivalForecast


def generic_condition(scenario: ScenarioLike) -> NoEventBy | None:
    """The scenario's generic "no event by V" section, or None (Cotra's richer one is not generic)."""
    ev = getattr(scenario.spec, "evidence", None)
    return ev if isinstance(ev, NoEventBy) else None


def evaluate(model, scenario: ScenarioLike, *, method: str, samples: int, seed: int, years: np.ndarray,
             progress: Callable[[int], None] | None = None, **problem_options) -> ArrivalForecast:
    """P(by t) of every event of ``model`` on ``scenario`` over ``years`` with estimator ``method``.

    ``problem_options`` go to ``model.problem`` (Cotra's: ``hypotheses``, the evidence posterior).
    """
    est = get_estimator(method)
    if not est.serves(model):
        raise BioanchorsError(f"the {method} estimator cannot run model {model.name}; choose another --method")
    cond = generic_condition(scenario)
    grid = years if cond is None else conditioning_grid(years, cond.vantage_year)
    problem = model.problem(scenario, grid, **{k: v for k, v in problem_options.items() if v is not None})
    reading: str | None = None
    if cond is not None:
        reading = cond.reading or str(getattr(model, "condition_reading", "per_set"))
        problem = conditioned(problem, cond.vantage_year, reading)
    rng = np.random.default_rng(seed) if est.samples else None
    estimate = est.run(problem, samples, rng, progress)
    if cond is not None and reading == "marginal":
        estimate = condition_marginal(estimate, grid, cond.vantage_year)
    estimate = on_years(estimate, grid, years)
    return model.assemble(scenario, estimate, method=method, samples=estimate.samples if est.samples else None,
                          seed=seed if est.samples else None, years=years)


def condition_marginal(e: Estimate, years: np.ndarray, vantage_year: int) -> Estimate:
    """The marginal reading: the exact update applied to each event's mean curve (SEs scaled by
    1 / (1 - P(V)), the delta method with P(V) taken as known; bands dropped: they were unconditioned)."""
    events = {}
    for k, ev in e.events.items():
        p = condition_curve(years, ev.p, vantage_year)
        pv = 0.0 if vantage_year < years[0] else float(ev.p[int(np.nonzero(years == vantage_year)[0][0])])
        scale = 1.0 / (1.0 - pv) if pv < 1.0 else 0.0
        events[k] = EventEstimate(p, np.where(years > vantage_year, ev.standard_errors * scale, 0.0))
    comps = None if e.components is None else condition_curve(years, e.components, vantage_year)
    return replace(e, events=events, components=comps)


def on_years(e: Estimate, grid: np.ndarray, years: np.ndarray) -> Estimate:
    """The estimate restricted to ``years`` (a trailing sub-range of ``grid``)."""
    if grid.size == years.size:
        return e
    i0 = int(years[0] - grid[0])
    cut = slice(i0, i0 + years.size)

    def band(b):
        return None if b is None else {q: v[cut] for q, v in b.items()}

    events = {k: EventEstimate(v.p[cut], v.standard_errors[cut], band(v.band)) for k, v in e.events.items()}
    series = {k: SeriesEstimate(v.value[cut], band(v.band)) for k, v in e.series.items()}
    comps = None if e.components is None else e.components[..., cut]
    metrics: dict[str, MetricEstimate] = dict(e.metrics)
    return Estimate(events, comps, series, metrics, e.samples)
