"""Scalar outputs of a forecast, evaluated exactly for many parameter sets at once."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import BioanchorsError
from ..evaluation import exact
from ..evaluation.parameters import from_unit_hypercube
from ..evaluation.trajectories import trajectories
from ..requirements import build_hypotheses
from ..schema import ScenarioSpec

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


def evaluate_output(spec: ScenarioSpec, names: list[str], u: np.ndarray, output: str) -> np.ndarray:
    """``output`` for each row of ``u`` (sets, len(names)) of probabilities mapped through
    the named parameters' quantile functions; other parameters at their central values."""
    if output not in OUTPUTS:
        raise BioanchorsError(f"unknown output '{output}'; choose one of: {', '.join(OUTPUTS)}")
    built = build_hypotheses(spec)
    years = np.arange(spec.years.start, spec.years.end + 1)
    out = np.empty(u.shape[0])
    for start in range(0, u.shape[0], CHUNK):
        block = u[start:start + CHUNK]
        params = from_unit_hypercube(spec, names, block)
        p = exact.p_by_year(built, trajectories(spec, params, years))
        out[start:start + CHUNK] = OUTPUTS[output](years, p)
    return out
