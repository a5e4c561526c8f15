"""Simulation models: several dated events, trajectories and scalar metrics per parameter set
(issue 20 item 3; the takeoff models of issues 21 and 22 build on it).

A subclass of :class:`TrajectoryModel` implements one vectorised function,

    simulate(spec, params, years) -> Simulation

over S parameter sets at once, and declares its ``events``, ``series_specs`` and
``metric_specs``. The base class derives the rest: P(event by the end of year y | set) is a step,
1 when the set's event year < y + 1; the exact estimator is the central set; every sampled
estimator of the registry averages the steps over draws (so the sampled P(by t) is the share of
draws whose event has happened) and gives each series a 5/50/95% band and each metric its
quantiles across draws. The result carries each event's curve titled by its own label and its
``central_year`` (the decimal year at the central parameters).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .base import EventSpec, ParametricModel

if TYPE_CHECKING:
    from ..evaluation.estimators import Estimate
    from ..evaluation.problem import Curves, Problem
    from ..protocols import ScenarioLike
    from ..result import ArrivalForecast

__all__ = ["EventSpec", "MetricSpec", "SeriesSpec", "Simulation", "TrajectoryModel", "step_curves"]


@dataclass(frozen=True)
class SeriesSpec:
    """One trajectory: ``name`` (JSON key), ``label`` and ``unit`` ("%/yr", "fraction", "log10 FLOP")."""

    name: str
    label: str
    unit: str


@dataclass(frozen=True)
class MetricSpec:
    """One scalar per parameter set, e.g. "years from 20% to 100% automation" [years]."""

    name: str
    label: str
    unit: str


@dataclass
class Simulation:
    """What :meth:`TrajectoryModel.simulate` returns for S parameter sets.

    ``event_years``: name -> (S,) decimal calendar year of the event (inf: not within the
    simulation); ``series``: name -> (S, years) value at the start of each calendar year (NaN
    where undefined); ``metrics``: name -> (S,) (NaN where undefined).
    """

    event_years: dict[str, np.ndarray]
    series: dict[str, np.ndarray] = field(default_factory=dict)
    metrics: dict[str, np.ndarray] = field(default_factory=dict)


def step_curves(event_years: np.ndarray, years: np.ndarray) -> np.ndarray:
    """P(event by the end of year y | set) [0 or 1], (S, years): 1 where event_year < y + 1."""
    return (np.asarray(event_years, dtype=float).reshape(-1, 1) < np.asarray(years, dtype=float)[None, :] + 1.0
            ).astype(float)


class TrajectoryModel(ParametricModel):
    """Base of simulation models; subclasses set ``events`` (headline first), ``series_specs``,
    ``metric_specs`` and implement :meth:`simulate`."""

    series_specs: tuple[SeriesSpec, ...] = ()
    metric_specs: tuple[MetricSpec, ...] = ()
    #: "no event by V": Bayes on the averaged curve (a per-set step would move past events to V + 1)
    condition_reading = "marginal"

    def simulate(self, spec, params: Mapping[str, np.ndarray | float], years: np.ndarray) -> Simulation:
        """Event years, series and metrics of the parameter sets ``params`` (vectorised over sets)."""
        raise NotImplementedError

    # --- what the base derives ----------------------------------------------------------

    def p_by_year(self, spec, params, years):
        """The headline event's step curves (sets, years)."""
        sim = self.simulate(spec, params, np.asarray(years))
        return step_curves(sim.event_years[self.events[0].name], years)

    def curves(self, spec, params: dict, years: np.ndarray) -> Curves:
        from ..evaluation.problem import Curves

        sim = self.simulate(spec, params, np.asarray(years))
        events = {e.name: step_curves(sim.event_years[e.name], years) for e in self.events}
        return Curves(events, None, {s.name: np.atleast_2d(sim.series[s.name]) for s in self.series_specs},
                      {m.name: np.atleast_1d(sim.metrics[m.name]) for m in self.metric_specs}, sim.event_years)

    def problem(self, scenario: ScenarioLike, years: np.ndarray) -> Problem:
        from ..evaluation.problem import Problem

        spec = scenario.spec
        return Problem(years, self.space(scenario), lambda params: self.curves(spec, params, years),
                       width=len(self.events) + len(self.series_specs))

    def assemble(self, scenario: ScenarioLike, e: Estimate, *, method: str, samples: int | None, seed: int | None,
                 years: np.ndarray) -> ArrivalForecast:
        """The generic forecast plus every event's central year, the series and the metrics."""
        from dataclasses import replace

        from ..result import Metric, Series

        fc = super().assemble(scenario, e, method=method, samples=samples, seed=seed, years=years)
        central = self.simulate(scenario.spec, self.point_parameters(scenario), np.asarray(years))
        events = {k: replace(c, central_year=_year_or_none(central.event_years[k])) for k, c in fc.events.items()}
        uncertain = bool(self.uncertain_parameters(scenario))
        series = {s.name: Series(s.name, s.label, s.unit, years, e.series[s.name].value,
                                 e.series[s.name].band if uncertain else None) for s in self.series_specs}
        metrics = {m.name: Metric(m.name, m.label, m.unit, e.metrics[m.name].value,
                                  e.metrics[m.name].quantiles if uncertain else None, e.metrics[m.name].defined)
                   for m in self.metric_specs}
        return replace(fc, events=events, series=series, metrics=metrics)

    def diagnostics(self, spec, params, years):
        """None by default: the series carry the trajectories (with units and bands)."""
        return {}


def _year_or_none(v) -> float | None:
    v = float(np.asarray(v).reshape(-1)[0])
    return v if np.isfinite(v) else None
