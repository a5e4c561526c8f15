"""Scalar outputs of a forecast, evaluated exactly for many parameter sets at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from ..errors import BioanchorsError
from ..schema import ScenarioSpec

if TYPE_CHECKING:
    from ..scenario import Scenario

CHUNK = 20_000  # parameter sets per exact evaluation: (chunk, hypotheses, years) float64 ~ 70 MB


def crossing_year(years: np.ndarray, p: np.ndarray, q: float = 0.5) -> np.ndarray:
    """Year at which P(TAI by year) first reaches ``q`` [fractional year], per row of ``p``.

    Linear interpolation between whole years, so that small input changes give
    small output changes (sensitivity analysis needs a smooth output; the
    forecast's ``median_year`` is the whole year). Rows that never reach ``q``
    get ``years[-1] + 1``: censored at one year past the horizon, which keeps
    the output finite and ranks "never" after every year (documented in
    docs/sensitivity.md; it understates effects beyond the horizon).
    """
    p = np.atleast_2d(p)
    reached = p >= q
    idx = np.where(reached.any(axis=1), reached.argmax(axis=1), -1)
    out = np.full(p.shape[0], float(years[-1]) + 1.0)
    ok = idx > 0
    i = idx[ok]
    rows = np.nonzero(ok)[0]
    lo, hi = p[rows, i - 1], p[rows, i]
    out[ok] = years[i - 1] + (q - lo) / np.where(hi > lo, hi - lo, 1.0)
    out[idx == 0] = float(years[0])  # reached already in the first year
    return out


def _p_at(year: int) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    def output(years, p):
        if not years[0] <= year <= years[-1]:
            raise BioanchorsError(f"output p{year} is outside the forecast years {int(years[0])}-{int(years[-1])}")
        return p[:, int(year - years[0])]

    return output


# Output name -> function of (years, P (sets, years)) -> (sets,)
OUTPUTS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "median_year": lambda years, p: crossing_year(years, p, 0.5),
    "p2030": _p_at(2030),
    "p2040": _p_at(2040),
    "p2050": _p_at(2050),
}
UNITS = {"median_year": "year", "p2030": "probability", "p2040": "probability", "p2050": "probability"}


def evaluate_output(spec: ScenarioSpec | Scenario, names: list[str], u: np.ndarray, output: str,
                    model=None) -> np.ndarray:
    """``output`` for each row of ``u`` (sets, len(names)) of probabilities mapped through
    the named parameters' quantile functions; other parameters at their central values.

    ``spec`` is a scenario or its spec. ``model``: a registered model (name or object, an
    ensemble included) evaluated on the parameter sets through its ``parameter_set_evaluator``;
    default: the scenario's model.
    """
    from ..models import get_model, model_for
    from ..scenario import Scenario

    if output not in OUTPUTS:
        raise BioanchorsError(f"unknown output '{output}'; choose one of: {', '.join(OUTPUTS)}")
    sc = spec if isinstance(spec, Scenario) else Scenario(spec, spec.name)
    years = np.arange(sc.spec.years.start, sc.spec.years.end + 1)
    evaluate = (model_for(sc) if model is None else get_model(model)).parameter_set_evaluator(sc, years)
    out = np.empty(u.shape[0])
    for start in range(0, u.shape[0], CHUNK):
        p = evaluate(_parameter_sets(sc, names, u[start:start + CHUNK]))
        out[start:start + CHUNK] = OUTPUTS[output](years, p)
    return out


def _parameter_sets(sc, names: list[str], u: np.ndarray) -> dict[str, np.ndarray | float]:
    """Rows of probabilities -> parameter values: Cotra's parameter space (its correlations), or
    for other models each named input's own quantile function (unnamed inputs stay central)."""
    from ..errors import ScenarioError
    from ..models import model_for

    space_of = getattr(model_for(sc), "space", None)  # every model with a parameter space (not mixtures)
    if space_of is not None:
        space = space_of(sc)
        for n in names:
            if n not in space.params:
                raise ScenarioError(f"'{n}' is not a parameter of scenario '{sc.name}'")
        return {**space.central, **{n: space.distribution(n).ppf(u[:, col]) for col, n in enumerate(names)}}
    params = sc.uncertain_parameters
    missing = [n for n in names if n not in params]
    if missing:
        raise BioanchorsError(f"'{missing[0]}' is not an uncertain input of scenario '{sc.name}'")
    return {n: params[n].distribution().ppf(u[:, col]) for col, n in enumerate(names)}


def output_function(model, scenario=None) -> Callable[..., np.ndarray]:
    """``model`` as the analysed function ``f(spec, names, u, output) -> (sets,)``.

    SALib's ``ProblemSpec.evaluate(func)``: None (the scenario's registered model), a model
    name or object (registered models) are
    evaluated exactly on parameter sets; any other callable (closed-form test problems)
    is used as it is. Every path goes through the same sample -> evaluate -> analyse code.
    """
    from ..models import Model

    if model is None or isinstance(model, (str, Model)):
        # The scenario itself where given: an ensemble's member paths are relative to its file.
        return lambda spec, names, u, output: evaluate_output(
            scenario if scenario is not None and scenario.spec is spec else spec, names, u, output, model=model)
    if not callable(model):
        raise TypeError(f"model must be a registered model, its name or a function, not {type(model).__name__}")
    return model
