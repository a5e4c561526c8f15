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
from ..result import COTRA_EVENT
from ..schema import ScenarioSpec
from .base import EventSpec
from .registry import check_point_values, register_model

if TYPE_CHECKING:
    from ..evaluation.problem import Problem
    from ..protocols import ScenarioLike
    from ..result import ArrivalForecast


def build(scenario: ScenarioLike):
    """The scenario's built hypotheses (cached); a requirement the update wipes out is a one-line error."""
    from ..requirements import build_hypotheses

    try:
        return build_hypotheses(scenario.config(ScenarioSpec))
    except ValueError as exc:
        raise BioanchorsError(f"{scenario.origin}: {exc}") from None


class Cotra2020:
    name = "cotra2020"
    source = "Cotra (2020) biological anchors"
    forecasts = "P(training compute for TAI affordable by year), six hypotheses"
    config_schema = ScenarioSpec
    events = (EventSpec(COTRA_EVENT.name, COTRA_EVENT.label),)

    #: a requirement anchor (models/requirement_anchors.py): her requirements are in FLOP of 2020 algorithms
    requirement_algorithms_year = 2020.0

    def requirement_cdf(self, spec) -> np.ndarray:
        """The weighted mixture of the hypotheses' 2020 requirements (after her update against low
        values) on requirements.distribution.GRID [log10 FLOP], at the central weights; the
        hypothesis that no anchor is right (p_none, a date-dependent term) is not part of it."""
        from ..requirements import build_hypotheses

        built = build_hypotheses(spec)
        weights = np.array([spec.hypotheses[b.name].weight.central for b in built])
        return sum(w * b.requirement.cdf for w, b in zip(weights, built, strict=True)) / weights.sum()

    def auto_method(self, scenario: ScenarioLike) -> str:
        from ..evaluation.space import parameter_space

        return "exact" if parameter_space(scenario.config(ScenarioSpec)).is_point else "conditional"

    def check_method(self, scenario: ScenarioLike, method: str) -> None:
        check_point_values(scenario, method, scenario.uncertain_parameters)

    def cost(self, scenario: ScenarioLike, method: str, samples: int, n_years: int) -> int:
        """Work units: her joint Monte Carlo cell (sample x year x hypothesis) is the unit; a conditional
        or qmc draw evaluates every hypothesis's CDF on the grid, ~2x a joint cell (measured, docs/limits.md)."""
        per = 1 if method == "monte-carlo" else 2
        return samples * n_years * max(len(scenario.config(ScenarioSpec).hypotheses), 1) * per

    def check_overrides(self, spec, changes: dict, origin: str) -> None:
        """An override this model would ignore is an error (issue 13): a hypothesis's own halving time
        while ``algorithmic_progress.halving_time_years_all`` replaces them all."""
        from ..errors import ScenarioError

        halving_all = spec.algorithmic_progress.halving_time_years_all
        if halving_all is None:
            return
        for path in changes:
            parts = path.split(".")
            if len(parts) == 3 and parts[0] == "hypotheses" and parts[2] == "halving_time_years":
                raise ScenarioError(
                    f"{origin}: override '{path}' cannot take effect: algorithmic_progress.halving_time_years_all "
                    f"({halving_all.central:g}) replaces every hypothesis's halving time; set that instead",
                    [{"field": path, "message": "ignored while algorithmic_progress.halving_time_years_all is set"}],
                )

    def check_loaded(self, scenario: ScenarioLike) -> None:
        """Load-time checks: the correlations (same messages as evaluation.space.correlation_matrix)
        and hypothesis weights that sum to a positive number in every sample."""
        from ..errors import ScenarioError
        from ..evaluation.space import compile_space

        spec = scenario.config(ScenarioSpec)
        if spec.correlations:
            compile_space(spec)
        lowest = sum(h.weight.distribution().support[0] for h in spec.hypotheses.values())
        if not lowest > 0:
            raise ScenarioError(
                f"{scenario.origin}: hypothesis weights must sum to a positive number in every sample, but every "
                "weight can be 0 at once; give one hypothesis a weight whose distribution stays above 0",
                [{"field": "hypotheses", "message": "hypothesis weights must sum to a positive number in every sample"}])

    def space(self, scenario: ScenarioLike):
        """Cotra's parameter space: the trends with their copula (evaluation/space.py), cached per spec."""
        from ..evaluation.space import parameter_space

        return parameter_space(scenario.config(ScenarioSpec))

    def forecast_given(self, scenario: ScenarioLike, forecast, **kwargs):
        """Her own "no TAI by V" update ([evidence] with realised compute; docs/evidence.md), which
        replaces the generic per-set update for this model."""
        from ..evidence import forecast_given

        return forecast_given(scenario, forecast, **kwargs)

    def uncertain_parameters(self, scenario: ScenarioLike) -> dict:
        from ..catalogue import uncertain_parameters

        return uncertain_parameters(scenario.config(ScenarioSpec))

    def problem(self, scenario: ScenarioLike, years: np.ndarray, hypotheses: tuple | None = None) -> Problem:
        """Cotra's parameter space (the trends, with their copula) and exact curves (issue 20 item 1).

        Curves: P(TAI by t | trends) = (1 - p_none) sum_i w_i CDF_i(reach_i(t)) and each hypothesis's
        P_i (the components). ``joint``: her joint sampler, which also draws each requirement and
        "no hypothesis holds" (:mod:`bioanchors.evaluation.montecarlo`). ``hypotheses`` replaces the
        built ones (the evidence update's posterior).
        """
        from ..evaluation import exact, montecarlo
        from ..evaluation.estimators import Estimate, EventEstimate
        from ..evaluation.problem import Curves, Problem
        from ..evaluation.trajectories import trajectories

        spec = scenario.config(ScenarioSpec)
        built = build(scenario) if hypotheses is None else hypotheses

        def curves(params: dict) -> Curves:
            traj = trajectories(spec, params, years)
            p_i = exact.hypothesis_probabilities(built, traj)  # (sets or 1, hypotheses, years)
            return Curves({"tai": exact.combine(traj, p_i)}, p_i)

        def joint(n: int, rng: np.random.Generator, progress=None) -> Estimate:
            counts = montecarlo.run(spec, built, years, n, rng, progress)
            p = counts.p_by_year()
            return Estimate({"tai": EventEstimate(p, montecarlo.standard_errors(p, n))},
                            counts.hypothesis_p_by_year(), samples=n)

        return Problem(years, self.space(scenario), curves, joint, width=1 + len(built))

    def evaluate(self, scenario: ScenarioLike, *, method: str, samples: int, seed: int, years: np.ndarray,
                 progress: Callable[[int], None] | None = None, hypotheses: tuple | None = None) -> ArrivalForecast:
        """Run the registered estimator ``method`` on the scenario over ``years`` [calendar years].

        ``hypotheses`` replaces the scenario's built hypotheses (the evidence update's posterior).
        """
        from ..evaluation.run import evaluate

        return evaluate(self, scenario, method=method, samples=samples, seed=seed, years=years, progress=progress,
                        hypotheses=hypotheses)

    def assemble(self, scenario: ScenarioLike, e, *, method: str, samples: int | None, seed: int | None,
                 years: np.ndarray) -> ArrivalForecast:
        """The forecast: the hypotheses as components, p_none and affordable compute as diagnostics."""
        from ..evaluation.parameters import point_parameters
        from ..evaluation.trajectories import trajectories
        from ..result import ArrivalForecast, Component, EventCurve

        spec = scenario.config(ScenarioSpec)
        central = trajectories(spec, point_parameters(spec), years)
        p_none = central.p_none[0]
        weights = central.weights[0]  # normalised, at central parameter values
        contributions = (1.0 - p_none)[None, :] * weights[:, None] * e.components
        components = tuple(
            Component(k, h.label or k, float(w), p_i, c, float(h.weight.central))
            for (k, h), w, p_i, c in zip(spec.hypotheses.items(), weights, e.components, contributions))
        diagnostics = {"p_none": p_none, "log10_affordable_flop": central.log10_affordable_flop[0],
                       "log10_flop_per_usd": central.log10_flop_per_usd[0],
                       "log10_spend_usd": central.log10_spend_usd[0]}
        band = e.band if scenario.uncertain_parameters else None
        ev = self.events[0]
        head = EventCurve(ev.name, ev.label, years, e.p, e.standard_errors, band)
        return ArrivalForecast(
            model=self.name, method=method, years=years, p=e.p, standard_errors=e.standard_errors,
            band=band, components=components, component_kind="hypotheses", diagnostics=diagnostics,
            samples=samples, seed=seed, label=spec.name, event=ev.name, event_label=ev.label, events={ev.name: head})

    def parameter_set_evaluator(self, scenario: ScenarioLike, years: np.ndarray) -> Callable[[dict], np.ndarray]:
        """P(by t) (sets, years), exactly, for parameter sets (sensitivity's evaluate step); unset paths stay central."""
        from ..evaluation import exact
        from ..evaluation.parameters import point_parameters
        from ..evaluation.trajectories import trajectories

        if scenario.config(ScenarioSpec).evidence is not None:  # her "not yet" update, set by set (docs/evidence.md)
            from ..evidence import given_evaluator

            return given_evaluator(scenario, years)
        built = build(scenario)
        spec = scenario.config(ScenarioSpec)
        central = point_parameters(spec)  # paths a parameter set leaves out stay central (ensembles pass parts)
        return lambda params: exact.p_by_year(built, trajectories(spec, {**central, **params}, years))

    def __repr__(self) -> str:
        return f"<model {self.name}: {self.source}>"


MODEL = register_model(Cotra2020())
