"""Cotra (2020) biological anchors, the first registered model (docs/model.md §1).

    P(TAI by t) = (1 - p_none(t)) * sum_i w_i * CDF_i(affordable(t) + progress_i(t))

Its config is a :class:`~bioanchors.schema.ScenarioSpec`; its components are
the six hypotheses (Lifetime ... Evolution), its diagnostics p_none and the
affordable-compute trajectories at central parameter values. Estimators come
from :mod:`bioanchors.evaluation.registry`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from ..errors import BioanchorsError
from ..schema import ScenarioSpec
from .registry import check_point_values, register_model

if TYPE_CHECKING:
    from ..result import ArrivalForecast
    from ..scenario import Scenario


def build(scenario: Scenario):
    """The scenario's built hypotheses (cached); a requirement the update wipes out is a one-line error."""
    from ..requirements import build_hypotheses

    try:
        return build_hypotheses(scenario.spec)
    except ValueError as exc:
        raise BioanchorsError(f"{scenario.origin}: {exc}") from None


class Cotra2020:
    name = "cotra2020"
    source = "Cotra (2020) biological anchors"
    forecasts = "P(training compute for TAI affordable by year), six hypotheses"
    config_schema: type = ScenarioSpec

    def auto_method(self, scenario: Scenario) -> str:
        from ..evaluation.space import parameter_space

        return "exact" if parameter_space(scenario.spec).is_point else "conditional"

    def check_method(self, scenario: Scenario, method: str) -> None:
        check_point_values(scenario, method, scenario.uncertain_parameters)

    def uncertain_parameters(self, scenario: Scenario) -> dict:
        from ..catalogue import uncertain_parameters

        return uncertain_parameters(scenario.spec)

    def evaluate(self, scenario: Scenario, *, method: str, samples: int, seed: int, years: np.ndarray,
                 progress: Callable[[int], None] | None = None, hypotheses: tuple | None = None) -> ArrivalForecast:
        """Run estimator ``method`` on the scenario over ``years`` [calendar years].

        ``hypotheses`` replaces the scenario's built hypotheses (the evidence update's posterior).
        """
        from ..evaluation.parameters import point_parameters
        from ..evaluation.registry import get_estimator
        from ..evaluation.trajectories import trajectories

        spec = scenario.spec
        est = get_estimator(method)
        built = build(scenario) if hypotheses is None else hypotheses
        central = trajectories(spec, point_parameters(spec), years)
        rng = np.random.default_rng(seed) if est.samples else None
        e = est.run(spec, built, central, years, samples, rng, progress)
        band = e.band if scenario.uncertain_parameters else None
        return self._forecast(spec, built, years, central, e, band, method, samples if est.samples else None, seed)

    def _forecast(self, spec, built, years, central, e, band, method, samples, seed) -> ArrivalForecast:
        from ..result import ArrivalForecast, Component

        p_none = central.p_none[0]
        weights = central.weights[0]  # normalised, at central parameter values
        contributions = (1.0 - p_none)[None, :] * weights[:, None] * e.hypothesis_p
        components = tuple(
            Component(b.name, b.label, float(w), p_i, c, float(h.weight.central))
            for b, h, w, p_i, c in zip(built, spec.hypotheses.values(), weights, e.hypothesis_p, contributions)
        )
        diagnostics = {"p_none": p_none, "log10_affordable_flop": central.log10_affordable_flop[0],
                       "log10_flop_per_usd": central.log10_flop_per_usd[0],
                       "log10_spend_usd": central.log10_spend_usd[0]}
        return ArrivalForecast(
            model=self.name, method=method, years=years, p=e.p, standard_errors=e.standard_errors,
            band=band, components=components, component_kind="hypotheses", diagnostics=diagnostics,
            samples=samples, seed=seed if samples is not None else None, label=spec.name,
        )

    def parameter_set_evaluator(self, scenario: Scenario, years: np.ndarray) -> Callable[[dict], np.ndarray]:
        """P(by t) (sets, years), exactly, for parameter sets (sensitivity's evaluate step); unset paths stay central."""
        from ..evaluation import exact
        from ..evaluation.parameters import point_parameters
        from ..evaluation.trajectories import trajectories

        built = build(scenario)
        spec = scenario.spec
        central = point_parameters(spec)  # paths a parameter set leaves out stay central (ensembles pass parts)
        return lambda params: exact.p_by_year(built, trajectories(spec, {**central, **params}, years))

    def __repr__(self) -> str:
        return f"<model {self.name}: {self.source}>"


MODEL = register_model(Cotra2020())
