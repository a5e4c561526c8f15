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
#: ``<output>@<event>``: an output of another event's curve than the headline's (e.g. median_year@wake_up)
EVENT_SEP = "@"
#: ``metric:<name>``: a model metric's value per parameter set (trajectory models: e.g. metric:goods_20_to_100)
METRIC_PREFIX = "metric:"


def parse_output(output: str) -> tuple[str | None, str | None, str | None]:
    """(base output, event or None, metric or None) of an output name; unknown bases are a one-line error."""
    from ..evaluation.registry import unknown_name

    if output.startswith(METRIC_PREFIX):
        return None, None, output[len(METRIC_PREFIX):]
    base, _, event = output.partition(EVENT_SEP)
    if base not in OUTPUTS:
        raise BioanchorsError(unknown_name("output", base, [*OUTPUTS, f"{METRIC_PREFIX}<name>"]))
    return base, event or None, None


def unit_of(output: str) -> str:
    """The unit of an output: UNITS of its base, or the metric's own unit (looked up among the models)."""
    from ..models import MODELS

    base, _, metric = parse_output(output)
    if base is not None:
        return UNITS[base]
    units = {s.unit for m in MODELS.values() for s in getattr(m, "metric_specs", ()) if s.name == metric}
    return units.pop() if len(units) == 1 else "value"


def evaluate_output(spec: ScenarioSpec | Scenario, names: list[str], u: np.ndarray, output: str,
                    model=None) -> np.ndarray:
    """``output`` for each row of ``u`` (sets, len(names)) of probabilities mapped through
    the named parameters' quantile functions; other parameters at their central values.

    ``spec`` is a scenario or its spec. ``model``: a registered model (name or object, an
    ensemble included) evaluated on the parameter sets through its ``parameter_set_evaluator``;
    default: the scenario's model. ``output``: a name of OUTPUTS (the headline event's curve),
    ``<name>@<event>`` (another event's curve) or ``metric:<metric>`` (:func:`parse_output`).
    """
    from ..models import get_model, model_for
    from ..scenario import Scenario

    base, event, metric = parse_output(output)
    sc = spec if isinstance(spec, Scenario) else Scenario(spec, spec.name)
    years = np.arange(sc.spec.years.start, sc.spec.years.end + 1)
    m = model_for(sc) if model is None else get_model(model)
    if event is None and metric is None:
        curve, of = m.parameter_set_evaluator(sc, years), OUTPUTS[str(base)]

        def evaluate(params):
            return of(years, curve(params))
    else:
        evaluate = _curves_output(sc, m, years, base, event, metric)
    out = np.empty(u.shape[0])
    for start in range(0, u.shape[0], CHUNK):
        out[start:start + CHUNK] = evaluate(_parameter_sets(sc, names, u[start:start + CHUNK]))
    return out if metric is None else censored(out, float(years[-1] + 1 - years[0]))


def censored(values: np.ndarray, fallback: float) -> np.ndarray:
    """A metric's undefined values (NaN: e.g. a takeoff whose end is not in the window) set to the largest
    defined value among the evaluated sets, or to ``fallback`` (the window's length + 1 year) if none is
    defined: "not within the window" ranks with the longest, without the window's length dominating the
    variance (docs/sensitivity.md, "Outputs of other events and metrics")."""
    ok = np.isfinite(values)
    return np.where(ok, values, np.max(values[ok]) if ok.any() else fallback)


def _curves_output(sc, model, years: np.ndarray, base: str | None, event: str | None, metric: str | None):
    """parameter sets -> (sets,): ``base`` of event ``event``'s curve, or metric ``metric`` (NaN where
    undefined; :func:`censored`), from the model's exact curves (``model.problem(...).at``)."""
    from ..evaluation.registry import unknown_name
    from ..evaluation.run import generic_condition

    if generic_condition(sc) is not None:
        raise BioanchorsError(f"{sc.origin}: [evidence] conditions the headline event's outputs only; analyse "
                              f"{METRIC_PREFIX}<name> or <output>{EVENT_SEP}<event> on the scenario without it")
    if not hasattr(model, "problem"):
        raise BioanchorsError(f"model {model.name} has no per-set curves: use an output of its headline event")
    known = [e.name for e in model.events] if metric is None else [s.name for s in getattr(model, "metric_specs", ())]
    if (metric or event) not in known:
        raise BioanchorsError(unknown_name(f"{'metric' if metric else 'event'} of model {model.name}",
                                           str(metric or event), known))
    problem = model.problem(sc, years)
    if metric is None:
        of = OUTPUTS[str(base)]
        return lambda params: of(years, problem.at(params).events[str(event)])
    return lambda params: np.asarray(problem.at(params).metrics[metric], dtype=float)  # NaN: censored by the caller


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
