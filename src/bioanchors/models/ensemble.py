"""Weighted ensembles of forecasts (issue 12 item 1; the ``[[models]]`` mixtures of issue 15).

For members i with weights w_i >= 0 and forecasts P_i(t) on a common year grid:

    P(t)  = sum_i w_i P_i(t) / sum_i w_i
    SE(t) = sqrt(sum_i (w_i SE_i(t))^2) / sum_i w_i      (members estimated independently)

A mixture of CDFs is a CDF, so P stays monotone and within [0, 1]. The
components of the result are the members, each with its normalised weight.
The grid is the years every member covers (the intersection of their ranges).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..errors import BioanchorsError

if TYPE_CHECKING:
    from ..result import ArrivalForecast, ForecastResult
    from ..scenario import Scenario


def _as_forecast(f) -> ArrivalForecast:
    """The generic forecast of ``f`` (an ArrivalForecast, or a ForecastResult built from one)."""
    from ..result import ArrivalForecast, ForecastResult

    if isinstance(f, ForecastResult):
        f = f.forecast
    if not isinstance(f, ArrivalForecast):
        raise TypeError(f"ensemble members must be forecasts, got {type(f).__name__}")
    return f


def _check_weights(weights: Sequence[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    if w.size == 0:
        raise BioanchorsError("an ensemble needs at least one member")
    if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise BioanchorsError(f"ensemble weights must be finite, >= 0 and not all 0; got {list(map(float, w))}")
    return w


def _common_years(forecasts: Sequence[ArrivalForecast]) -> np.ndarray:
    y0 = max(int(f.years[0]) for f in forecasts)
    y1 = min(int(f.years[-1]) for f in forecasts)
    if y1 < y0:
        raise BioanchorsError("ensemble members share no year; give them overlapping --start-year/--end-year")
    return np.arange(y0, y1 + 1)


def _on(years: np.ndarray, f: ArrivalForecast, values: np.ndarray) -> np.ndarray:
    """``values`` of forecast ``f`` on ``years`` (a sub-range of f's yearly grid)."""
    i0 = int(years[0] - f.years[0])
    return np.asarray(values)[i0:i0 + years.size]


def ensemble(members: Sequence[tuple[float, object]], *, label: str = "ensemble") -> ArrivalForecast:
    """The weighted mixture of ``[(w1, f1), (w2, f2), ...]`` (forecasts of any registered models).

    Weights need not sum to 1 (they are normalised); a weight of 0 keeps the member as a
    component with no effect. Diagnostics are not combined (they differ between models).
    """
    from ..result import ArrivalForecast, Component

    w = _check_weights([m[0] for m in members])
    fs = [_as_forecast(m[1]) for m in members]
    years = _common_years(fs)
    wn = w / w.sum()
    ps = np.array([_on(years, f, f.p) for f in fs])  # (members, years)
    ses = np.array([_on(years, f, f.standard_errors) for f in fs])
    p = np.clip(wn @ ps, 0.0, 1.0)  # rounding only: a convex mix of values in [0, 1]
    se = np.sqrt(np.square(wn[:, None] * ses).sum(axis=0))
    names = _unique_names([f.label or f.model for f in fs])
    components = tuple(Component(n, f"{f.label or f.model} ({f.model})", float(wi), pi, wi * pi, float(wr))
                       for n, f, wi, pi, wr in zip(names, fs, wn, ps, w))
    methods = sorted({f.method for f in fs})
    return ArrivalForecast(model="ensemble", method="+".join(methods), years=years, p=p, standard_errors=se,
                           components=components, component_kind="models", label=label)


def _unique_names(names: list[str]) -> list[str]:
    """Member names, suffixed -2, -3 ... where two members share one (components are keyed by name)."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}-{seen[n]}")
    return out


class EnsembleModel:
    """A weighted mixture of registered models evaluated on one scenario (all members read the same
    parameters). It satisfies the Model protocol, so forecasting and sensitivity analysis take it
    like any model. Not registered: an ensemble is data (issue 15's ``[[models]]``)."""

    forecasts = "weighted mixture of its members' P(by t)"

    def __init__(self, members: Sequence[tuple[float, object]], name: str = "ensemble"):
        from .registry import get_model

        self.weights = _check_weights([m[0] for m in members])
        self.members = tuple(get_model(m[1]) for m in members)
        self.name = name
        self.source = " + ".join(f"{w:g} x {m.name}" for w, m in zip(self.weights, self.members))
        self.config_schema = self.members[0].config_schema

    def auto_method(self, scenario: Scenario) -> str:
        return self.members[0].auto_method(scenario)

    def check_method(self, scenario: Scenario, method: str) -> None:
        for m in self.members:
            m.check_method(scenario, method)

    def evaluate(self, scenario: Scenario, *, method: str, samples: int, seed: int, years: np.ndarray,
                 progress: Callable[[int], None] | None = None) -> ArrivalForecast:
        # Each member gets its own seed stream, so their errors are independent (the SE rule assumes it).
        seeds = np.random.SeedSequence(seed).generate_state(len(self.members))
        fs = [m.evaluate(scenario, method=method, samples=samples, seed=int(s), years=years, progress=progress)
              for m, s in zip(self.members, seeds)]
        return ensemble(list(zip(self.weights, fs)), label=self.name)

    def parameter_set_evaluator(self, scenario: Scenario, years: np.ndarray) -> Callable[[dict], np.ndarray]:
        evals = [m.parameter_set_evaluator(scenario, years) for m in self.members]
        wn = self.weights / self.weights.sum()
        return lambda params: sum(wi * f(params) for wi, f in zip(wn, evals))

    def __repr__(self) -> str:
        return f"<ensemble {self.name}: {self.source}>"
