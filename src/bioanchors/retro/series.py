"""Cotra's 2020 projections against the data since, as series for charts (the dashboard's Retrospective tab).

The comparison is the hindcast's (:mod:`.hindcast`): the same Cotra curves and the same
conventions, drawn instead of scored.

* **Compute** (largest training run) and **spend** (its cost): levels of the ``cotra2020``
  scenario's own curves (:func:`~bioanchors.evaluation.trajectories.trajectories`), ~$1M in
  2020 -> $1B in 2025 then doubling every 2 years (report pp. 124, 133, 136), compute =
  spend x FLOP/$.
* **FLOP/$**: growth only. Her FLOP/$ is realised FLOP per dollar of a run (utilisation,
  hardware lifetime; report pp. 122-123) while the data are peak FLOP/s per release-price
  dollar of hardware, so her doubling time (2.5 years, pp. 123-124) is started on the data's
  trend at mid-``vantage``, exactly as the hindcast scores it.

Data points are the frontier points the trend fit from ``vantage`` on uses
(:func:`~bioanchors.trends.fitting.fit_trends`, same frontier rule and cost column as the
hindcast), with that fit's line beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import units
from ..errors import DataError
from ..evaluation.parameters import point_parameters
from ..evaluation.trajectories import trajectories
from ..scenario import Scenario, load_scenario
from ..schema import ScenarioSpec
from ..trends.fitting import fit_trends

# The factors Cotra projected that the data measure, in chart order; the hindcast also scores run length.
SERIES_FACTORS = ("training_compute", "training_cost", "flop_per_dollar")
#: The year Cotra's near-term spending ramp (~$1M in 2020 -> $1B) ends and her long-run doubling starts (p. 136).
RAMP_END = 2025
# How each factor's Cotra curve is placed (levels, or growth only from the data's trend).
GROWTH_ONLY = ("flop_per_dollar", "training_duration")


def cotra_flop_per_dollar_oom_per_year(sc: Scenario) -> float:
    """Her FLOP/$ growth [OOM/yr], read from the scenario (report pp. 123-124: ~2.5-year doubling)."""
    doubling = sc.config(ScenarioSpec).flop_per_dollar.doubling_time_years.value
    if doubling is None:
        raise DataError(f"{sc.name}: flop_per_dollar.doubling_time_years is not a single value; the retrospective "
                        "needs one.")
    return float(units.doubling_years_to_oom_per_year(doubling))


def cotra_growth_oom_per_year(sc: Scenario) -> dict[str, float]:
    """Growth [OOM/yr] of the factors Cotra's curves are compared on by growth only (FLOP/$; run length fixed)."""
    return {"flop_per_dollar": cotra_flop_per_dollar_oom_per_year(sc), "training_duration": 0.0}


def cotra_log10_curves(sc: Scenario, years, anchors: dict[str, float]) -> dict[str, np.ndarray]:
    """Cotra's curves at decimal ``years`` [log10 of each factor's unit].

    ``anchors``: factor -> log10 value at ``years[0]`` for the growth-only factors (FLOP/$,
    run length), which start on the data's trend there; compute and spend are the scenario's
    levels [log10 FLOP, log10 USD].
    """
    t = np.asarray(years, dtype=float)
    spec = sc.config(ScenarioSpec)
    tr = trajectories(spec, point_parameters(spec), t)
    growth = cotra_growth_oom_per_year(sc)
    out = {"training_compute": tr.log10_affordable_flop[0], "training_cost": tr.log10_spend_usd[0]}
    for f, start in anchors.items():
        out[f] = start + growth[f] * (t - t[0])
    return out


@dataclass(frozen=True)
class FactorSeries:
    """One factor: the data points since the vantage, their fit, and Cotra's projection."""

    factor: str
    unit: str
    data_year: np.ndarray  # [decimal year]
    data_value: np.ndarray  # [unit]
    fit_year: np.ndarray  # [decimal year], the fit's line
    fit_value: np.ndarray  # [unit]
    fit_growth_per_year: float  # [x/yr]
    cotra_year: np.ndarray  # [decimal year]
    cotra_value: np.ndarray  # [unit]
    cotra_ramp_growth_per_year: float  # [x/yr], her curve from the first drawn year to RAMP_END (her ~$1M -> $1B ramp)
    cotra_long_run_growth_per_year: float  # [x/yr], her curve from RAMP_END to the last drawn year
    basis: str

    @property
    def fit_window(self) -> str:
        """The calendar years of the data the fit line runs through, e.g. "2020-2026"."""
        return f"{int(np.floor(self.fit_year[0]))}-{int(np.floor(self.fit_year[-1]))}"

    @property
    def cotra_windows(self) -> tuple[str, str]:
        """(ramp window, long-run window) of her curve, e.g. ("2020.5-2025", "2025-2026.8")."""
        a, b = float(self.cotra_year[0]), float(self.cotra_year[-1])
        return f"{a:g}-{RAMP_END}", f"{RAMP_END}-{b:g}"


@dataclass(frozen=True)
class ProjectionSeries:
    vantage: int
    factors: dict[str, FactorSeries]
    settings: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-ready: factor -> {unit, data: [[year, value]], fit: [[year, value]], cotra2020: [[year, value]], ...}."""
        def pairs(x, y):
            return [[float(a), float(b)] for a, b in zip(x, y)]

        return {"vantage": self.vantage, "settings": self.settings, "notes": list(self.notes),
                "factors": {f: {"unit": s.unit, "basis": s.basis, "data": pairs(s.data_year, s.data_value),
                                "fit": pairs(s.fit_year, s.fit_value), "cotra2020": pairs(s.cotra_year, s.cotra_value),
                                "fit_growth_per_year": s.fit_growth_per_year, "fit_window": s.fit_window,
                                "cotra_ramp_growth_per_year": s.cotra_ramp_growth_per_year,
                                "cotra_long_run_growth_per_year": s.cotra_long_run_growth_per_year,
                                "cotra_windows": list(s.cotra_windows)}
                            for f, s in self.factors.items()}}


BASIS = {
    "training_compute": "level: spend x FLOP/$ of the cotra2020 scenario [FLOP]",
    "training_cost": "level: spend on the largest run of the cotra2020 scenario [USD]",
    "flop_per_dollar": "growth only: the cotra2020 scenario's FLOP/$ doubling time, started on the data's trend "
                       "at mid-vantage year",
}


def _two_rates(t, log10_curve) -> tuple[float, float]:
    """Growth [x/yr] of a log10 curve over [t0, RAMP_END] and [RAMP_END, t_end] (NaN where a piece is empty)."""
    at_end = float(np.interp(RAMP_END, t, log10_curve))

    def rate(a, ya, b, yb):
        return float(10 ** ((yb - ya) / (b - a))) if b > a else float("nan")

    return (rate(float(t[0]), float(log10_curve[0]), RAMP_END, at_end),
            rate(RAMP_END, at_end, float(t[-1]), float(log10_curve[-1])))


def projection_series(data, vantage: int = 2020, *, frontier: str = "auto", precision: str = "best",
                      cost_measure: str = "auto", seed: int = 0, n_boot: int = 100,
                      step_years: float = 0.25) -> ProjectionSeries:
    """Cotra's 2020 curves and the data from ``vantage`` [calendar year] on, for each of :data:`SERIES_FACTORS`.

    ``data``: a :class:`~bioanchors.trends.epoch_loaders.TrendData`. Cotra's curves run from
    mid-``vantage`` to the end of the last year with frontier-run data, every ``step_years``
    [years]. ``seed``/``n_boot`` only feed the fit's (unused here) intervals.
    """
    vantage = int(vantage)
    try:
        post = fit_trends(data, since=vantage, until=None, frontier=frontier, precision=precision,
                          cost_measure=cost_measure, seed=seed, n_boot=n_boot)
    except DataError as exc:
        raise DataError(f"vantage {vantage}: too little data from {vantage} on to draw: {exc}") from None
    last = float(np.floor(np.max(post["training_compute"].year))) + 1.0
    t = np.arange(vantage + 0.5, last + step_years / 2, step_years)
    sc = load_scenario("cotra2020")
    anchors = {f: float(np.log10(post[f].predict(t[0]))) for f in SERIES_FACTORS if f in GROWTH_ONLY}
    curves = cotra_log10_curves(sc, t, anchors)
    out = {}
    for f in SERIES_FACTORS:
        fit = post[f]
        ends = np.array([float(np.min(fit.year)), float(np.max(fit.year))])
        c = curves[f]
        out[f] = FactorSeries(f, fit.unit, np.asarray(fit.year, float), np.asarray(fit.value, float), ends,
                              fit.predict(ends), float(fit.growth_per_year), t, 10.0 ** c,
                              *_two_rates(t, c), BASIS[f])
    settings = {"frontier": frontier, "precision": precision, "cost_measure": post.cost_measure, "seed": seed,
                "n_boot": n_boot}
    notes = [f"data: frontier points dated from {vantage} on, as the hindcast's truth; Cotra: the cotra2020 scenario",
             "Cotra's FLOP/$ is realised FLOP per dollar of a run, the data peak FLOP/s per hardware dollar: only its "
             f"growth is drawn, started on the data's trend at mid-{vantage}"]
    return ProjectionSeries(vantage, out, settings, notes)
