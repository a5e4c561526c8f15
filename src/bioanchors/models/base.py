"""Models whose P(by t) is a closed form given their parameters (issue 15; issue 20 item 1).

A subclass of :class:`ParametricModel` implements one vectorised function,

    p_by_year(spec, params, years) -> (sets, years)   P(event by the end of year t | parameter set)

where ``params`` maps the dotted path of every :class:`~bioanchors.schema.Param` in the
model's config (e.g. ``"horizon.doubling_time_months"``) to a (sets,) array or a float. The
base class turns that and the config's parameters into a :class:`~bioanchors.evaluation.problem.Problem`
(the parameter space, with the config's ``[[correlations]]`` as a Gaussian copula, and the exact
curves), which every registered estimator runs (:mod:`bioanchors.evaluation.estimators`):
exact, conditional, qmc and monte-carlo, with no estimator code here.

Draws are row-major over the uncertain parameters in the config's field order, from one
``numpy.random.Generator`` seeded by the caller: the same seed gives the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..errors import BioanchorsError
from ..schema import ModelConfig, Param, iter_params
from .registry import check_point_values

if TYPE_CHECKING:
    from ..evaluation.estimators import Estimate
    from ..evaluation.problem import Curves, Problem
    from ..evaluation.space import ParameterSpace
    from ..protocols import ScenarioLike
    from ..result import ArrivalForecast, Component

ROUNDING = 1e-9  # [probability] how far a closed form may stray outside [0, 1] or downwards by rounding alone

@dataclass(frozen=True)
class EventSpec:
    """One event a model forecasts: ``name`` (JSON key) and ``label`` (what P(by t) is the probability of)."""

    name: str
    label: str


def compile_model_space(spec) -> ParameterSpace:
    """Every Param of a config in field order, with its ``[[correlations]]`` (validated here)."""
    from ..evaluation.space import space_of

    return space_of(dict(iter_params(spec)), getattr(spec, "correlations", ()))


class ParametricModel:
    """Base of models given by a closed-form P(by t | parameters); subclasses set the class
    attributes and implement :meth:`p_by_year` (and optionally :meth:`components`, :meth:`diagnostics`)."""

    name: str
    source: str
    forecasts: str
    config_schema: type[ModelConfig]
    component_kind = "components"
    default_samples: dict[str, int] = {}  # per-method default draws where the estimator's default is too few
    #: the events it forecasts, the headline first (one by default; a subclass names its own)
    events: tuple[EventSpec, ...] = (EventSpec("tai", "TAI"),)
    #: work of one parameter draw for one year, in work units (one unit = one cell of Cotra's joint
    #: Monte Carlo, ~0.1 us on the reference machine); measured per model (docs/limits.md)
    draw_year_cost: float = 10.0

    # --- what a subclass implements -------------------------------------------------------

    def p_by_year(self, spec, params: dict[str, np.ndarray | float], years: np.ndarray) -> np.ndarray:
        """P(arrival by the end of year t) [probability], (sets, years), for parameter sets ``params``."""
        raise NotImplementedError

    def components(self, spec, params: dict[str, float], years: np.ndarray) -> tuple[Component, ...]:
        """The parts of the forecast at the central parameters (none by default)."""
        return ()

    def diagnostics(self, spec, params: dict[str, float], years: np.ndarray) -> dict[str, np.ndarray]:
        """Named (years,) series shown beside P (none by default), at the central parameters."""
        return {}

    # --- parameters ---------------------------------------------------------------------

    def parameters(self, scenario: ScenarioLike) -> dict[str, Param]:
        """Dotted path -> Param for every parameter of the config, in field order."""
        return dict(iter_params(scenario.spec))

    def uncertain_parameters(self, scenario: ScenarioLike) -> dict[str, Param]:
        """The parameters given as distributions (what conditional and monte-carlo draw)."""
        return {k: p for k, p in self.parameters(scenario).items() if not p.is_point}

    def point_parameters(self, scenario: ScenarioLike) -> dict[str, float]:
        """Every parameter at its central value (the value, or a distribution's median)."""
        return {k: p.central for k, p in self.parameters(scenario).items()}

    def draw(self, scenario: ScenarioLike, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
        """``n`` joint draws of the uncertain parameters, (n,) each (the copula of the space)."""
        space = self.space(scenario)
        drawn = space.sample(n, rng)
        return {k: np.asarray(drawn[k]) for k in space.names}

    # --- the problem every estimator runs ----------------------------------------------

    def space(self, scenario: ScenarioLike) -> ParameterSpace:
        """The parameter space (cached per spec): every Param, the copula of ``[[correlations]]``."""
        from ..evaluation.space import parameter_space

        return parameter_space(scenario.spec, compile_model_space)

    def curves(self, spec, params: dict, years: np.ndarray) -> Curves:
        """The exact curves of parameter sets: one event, from :meth:`p_by_year`."""
        from ..evaluation.problem import Curves

        return Curves({self.events[0].name: self._curves(spec, params, years)})

    def problem(self, scenario: ScenarioLike, years: np.ndarray) -> Problem:
        """The parameter space and exact curves on ``years`` (issue 20 item 1)."""
        from ..evaluation.problem import Problem

        spec = scenario.spec
        return Problem(years, self.space(scenario), lambda params: self.curves(spec, params, years),
                       width=len(self.events))

    # --- the Model protocol -------------------------------------------------------------

    def auto_method(self, scenario: ScenarioLike) -> str:
        return "conditional" if self.uncertain_parameters(scenario) else "exact"

    def check_method(self, scenario: ScenarioLike, method: str) -> None:
        check_point_values(scenario, method, self.uncertain_parameters(scenario))

    def cost(self, scenario: ScenarioLike, method: str, samples: int, n_years: int) -> int:
        """Work units of one sampled forecast (the web budget, issue 20 item 4): draws x years x cost."""
        return int(math.ceil(samples * n_years * self.draw_year_cost))

    def check_loaded(self, scenario: ScenarioLike) -> None:
        """Load-time check: the ``[[correlations]]`` name uncertain parameters and are jointly possible
        (only when there are any: compiling builds every distribution, and start-up stays scipy-free)."""
        if getattr(scenario.spec, "correlations", None):
            self.space(scenario)

    def evaluate(self, scenario: ScenarioLike, *, method: str, samples: int, seed: int, years: np.ndarray,
                 progress: Callable[[int], None] | None = None) -> ArrivalForecast:
        """P(by t) over ``years`` [calendar years] with the registered estimator ``method``."""
        from ..evaluation.run import evaluate

        return evaluate(self, scenario, method=method, samples=samples, seed=seed, years=years, progress=progress)

    def assemble(self, scenario: ScenarioLike, e: Estimate, *, method: str, samples: int | None, seed: int | None,
                 years: np.ndarray) -> ArrivalForecast:
        """The generic forecast from an estimate: events, components and diagnostics at the central values."""
        from ..result import ArrivalForecast

        spec, central = scenario.spec, self.point_parameters(scenario)
        events = self.event_curves(spec, central, years, e, bool(self.uncertain_parameters(scenario)))
        head = next(iter(events.values()))
        return ArrivalForecast(
            model=self.name, method=method, years=years, p=head.p, standard_errors=head.standard_errors,
            band=head.band, components=self.components(spec, central, years), component_kind=self.component_kind,
            diagnostics=self.diagnostics(spec, central, years), samples=samples, seed=seed, label=spec.name,
            event=head.name, event_label=head.label, events=events)

    def event_curves(self, spec, central: dict, years: np.ndarray, e: Estimate, uncertain: bool) -> dict:
        """One :class:`~bioanchors.result.EventCurve` per event, in :attr:`events` order."""
        from ..result import EventCurve

        out = {}
        for ev in self.events:
            est = e.events[ev.name]
            out[ev.name] = EventCurve(ev.name, ev.label, years, est.p, est.standard_errors,
                                      est.band if uncertain else None)
        return out

    def parameter_set_evaluator(self, scenario: ScenarioLike, years: np.ndarray) -> Callable[[dict], np.ndarray]:
        """P(by t) (sets, years) of the headline event for parameter sets (sensitivity's evaluate step);
        unset paths stay central; a scenario's generic ``[evidence]`` applies to every set."""
        from ..evaluation.problem import condition_curve, conditioning_grid
        from ..evaluation.run import generic_condition

        spec, central = scenario.spec, self.point_parameters(scenario)
        cond = generic_condition(scenario)
        if cond is None:
            return lambda params: self._curves(spec, {**central, **params}, years)
        grid = conditioning_grid(years, cond.vantage_year)
        cut = slice(int(years[0] - grid[0]), None)
        return lambda params: condition_curve(grid, self._curves(spec, {**central, **params}, grid),
                                              cond.vantage_year)[..., cut]

    # --- curves ---------------------------------------------------------------------

    def _curves(self, spec, params: dict, years: np.ndarray) -> np.ndarray:
        """p_by_year, checked: (sets, years), finite, within [0, 1], non-decreasing in t."""
        p = np.atleast_2d(np.asarray(self.p_by_year(spec, params, years), dtype=float))
        if p.shape[-1] != years.size or not np.all(np.isfinite(p)):
            raise BioanchorsError(f"model {self.name}: P(by t) is not finite on the year grid; check the inputs")
        # Rounding can leave a closed form a hair outside [0, 1] or a hair non-monotone; more than
        # ROUNDING is a wrong closed form, which the clip and running maximum would hide (issue 23 item 7).
        if np.any(p < -ROUNDING) or np.any(p > 1.0 + ROUNDING) or np.any(np.diff(p, axis=-1) < -ROUNDING):
            raise BioanchorsError(f"model {self.name}: P(by t) is not a CDF (outside [0, 1] or decreasing in t by "
                                  f"more than {ROUNDING:g}); its closed form is wrong")
        return np.maximum.accumulate(np.clip(p, 0.0, 1.0), axis=-1)

    def __repr__(self) -> str:
        return f"<model {self.name}: {self.source}>"
