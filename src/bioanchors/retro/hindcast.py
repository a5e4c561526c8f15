"""Hindcast: fit the trends on data published before a vantage year, project, score against what followed.

(Written by the second helper on this brief to match the API that ``cli/retro.py`` and
``tests/test_retro.py`` use, after a file collision; see the note in ``__init__.py``.)

Method:

* **Fit:** :func:`~bioanchors.trends.fitting.fit_trends` over the ``window_years``
  calendar years before the vantage, ``[vantage - window_years, vantage - 1]``
  (inclusive), i.e. only data dated before 1 January of the vantage year. Default
  8 years (2012-2019 for a 2020 vantage: the deep-learning era after AlexNet).
* **Truth:** the log-linear trend of the data dated from 1 January of the vantage
  year on (same frontier definition and cost column), at mid-year of each year from
  the vantage to the last year with frontier-run data. A trend line, not yearly
  medians, because many years hold only 1-5 frontier runs. (Hardware data may end a
  year earlier; its post-vantage trend is then extended by that year.)
* **Projection:** the pre-vantage fit extended to the same mid-years.
* **Cotra's 2020 inputs:** the ``cotra2020`` scenario's own curves
  (:func:`~bioanchors.evaluation.trajectories.trajectories`): spend ~$1M in 2020 ->
  $1B in 2025, then doubling every 2 years; FLOP/$ ~1e17 in 2020 doubling at the
  scenario's ``flop_per_dollar.doubling_time_years`` (2.5 years); compute = spend x
  FLOP/$ [FLOP]; run length constant. Compute and spend are
  compared as levels. Her FLOP/$ is realised FLOP per dollar of a run (utilisation,
  hardware lifetime) while the data are peak FLOP/s per release-price dollar, so her
  FLOP/$ curve and her constant run length start on the data's (post-vantage) trend
  in the vantage year: only their growth is scored.

Error = projection - truth [OOM] (positive: projected too high).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError
from ..scenario import load_scenario
from ..trends.fitting import fit_trends
from .series import GROWTH_ONLY, cotra_growth_oom_per_year, cotra_log10_curves

FACTORS = ("training_compute", "training_cost", "flop_per_dollar", "training_duration")
DEFAULT_WINDOW_YEARS = 8
COTRA_BASIS = {
    "training_compute": "level: spend x FLOP/$ of the cotra2020 scenario [FLOP]",
    "training_cost": "level: spend on the largest run of the cotra2020 scenario [USD]",
    "flop_per_dollar": "growth only: the cotra2020 scenario's FLOP/$ doubling time, started on the data's trend in "
                       "the vantage year",
    "training_duration": "growth only: constant run length, started on the data's trend in the vantage year",
}


@dataclass
class HindcastResult:
    """Errors [OOM] per factor and year of the pre-vantage fit and of Cotra's 2020 inputs."""

    vantage: int
    window_years: int
    years: np.ndarray  # [calendar year], scored at mid-year
    fitted_error: dict[str, np.ndarray]  # [OOM], aligned with years
    cotra_error: dict[str, np.ndarray]  # [OOM]
    fitted_growth: dict[str, float]  # [x/yr] before the vantage
    realised_growth: dict[str, float]  # [x/yr] from the vantage on
    cotra_growth: dict[str, float]  # [x/yr] of her curves over the scored years
    settings: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def mean_abs_error(self) -> dict[str, dict[str, float]]:
        """Mean |error| [OOM] per factor and over all (factor, year) cells ('all')."""
        return {f: {"fitted": float(np.mean(np.abs(self.fitted_error[f]))),
                    "cotra2020": float(np.mean(np.abs(self.cotra_error[f])))} for f in self.fitted_error}

    def overall_mean_abs_error(self) -> dict[str, float]:
        """Mean |error| [OOM] over every (factor, year) cell."""
        return {"fitted": float(np.mean([np.abs(v) for v in self.fitted_error.values()])),
                "cotra2020": float(np.mean([np.abs(v) for v in self.cotra_error.values()]))}

    def to_dict(self) -> dict:
        """``factors``: factor -> year -> {fitted_error_oom, cotra_error_oom}; ``summary``: mean |error|."""
        return {
            "vantage": self.vantage,
            "fit_window": [self.vantage - self.window_years, self.vantage - 1],
            "years": [int(y) for y in self.years],
            "factors": {f: {str(int(y)): {"fitted_error_oom": float(a), "cotra_error_oom": float(b)}
                            for y, a, b in zip(self.years, self.fitted_error[f], self.cotra_error[f])}
                        for f in self.fitted_error},
            "summary": {k: {"fitted_mae_oom": v["fitted"], "cotra_mae_oom": v["cotra2020"]}
                        for k, v in {**self.mean_abs_error(), "all": self.overall_mean_abs_error()}.items()},
            "growth_per_year": {f: {"fitted_before_vantage": self.fitted_growth[f], "cotra2020": self.cotra_growth[f],
                                    "realised_since_vantage": self.realised_growth[f]} for f in self.fitted_error},
            "cotra_basis": {f: COTRA_BASIS[f] for f in self.fitted_error},
            "settings": self.settings,
            "notes": list(self.notes),
        }

    def to_frame(self) -> pd.DataFrame:
        """Long table: factor, year, fitted_error_oom, cotra_error_oom."""
        return pd.DataFrame([{"factor": f, "year": int(y), "fitted_error_oom": float(a), "cotra_error_oom": float(b)}
                             for f in self.fitted_error
                             for y, a, b in zip(self.years, self.fitted_error[f], self.cotra_error[f])])

    def plot(self, ax=None):
        """Error [OOM] by year: fit solid, Cotra dashed; returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        for i, f in enumerate(self.fitted_error):
            ax.plot(self.years, self.fitted_error[f], color=f"C{i}", marker="o", label=f"{f} (fit < {self.vantage})")
            ax.plot(self.years, self.cotra_error[f], color=f"C{i}", ls="--", marker="x", label=f"{f} (Cotra 2020)")
        ax.axhline(0.0, color="grey", lw=0.8)
        ax.set_xlabel("year")
        ax.set_ylabel("projection - data [OOM]")
        ax.set_title(f"Hindcast from {self.vantage}")
        ax.legend(fontsize=7)
        return ax


def hindcast(data, vantage: int, *, window_years: int = DEFAULT_WINDOW_YEARS, frontier: str = "auto",
             precision: str = "best", cost_measure: str = "auto", seed: int = 0, n_boot: int = 500) -> HindcastResult:
    """Score projections made at ``vantage`` [calendar year] against the data since.

    ``data``: a :class:`~bioanchors.trends.epoch_loaders.TrendData`. Only the point
    fits are scored; ``n_boot``/``seed`` feed the fits' (unused here) intervals.
    """
    vantage = int(vantage)
    if window_years < 2:
        raise DataError(f"--window {window_years}: need at least 2 years before the vantage to fit a trend.")
    last = int(np.floor(np.nanmax(data.models.frame["year"].to_numpy(dtype=float))))
    if vantage > last - 1:
        raise DataError(f"--vantage {vantage}: the data end in {last}; choose a vantage year of {last - 1} or earlier "
                        "so that at least two years of data follow it.")
    since = vantage - window_years
    kw: dict[str, Any] = dict(frontier=frontier, precision=precision, seed=seed, n_boot=n_boot)
    try:
        pre = fit_trends(data, since=since, until=vantage - 1, cost_measure=cost_measure, **kw)
    except DataError as exc:
        raise DataError(f"--vantage {vantage}: fitting {since}-{vantage - 1}: {exc}") from None
    try:
        # Same cost column as before the vantage, so both fits measure the same thing.
        post = fit_trends(data, since=vantage, until=None, cost_measure=pre.cost_measure, **kw)
    except DataError as exc:
        raise DataError(f"--vantage {vantage}: too little data from {vantage} on to score against: {exc}") from None
    last_run = int(np.floor(np.max(post["training_compute"].year)))
    years = np.arange(vantage, last_run + 1)
    mid = years + 0.5
    sc = load_scenario("cotra2020")
    # Growth-only factors start on the data's (post-vantage) trend at the first scored mid-year.
    anchors = {f: float(np.log10(post[f].predict(mid[0]))) for f in GROWTH_ONLY}
    curves = cotra_log10_curves(sc, mid, anchors)
    growth = cotra_growth_oom_per_year(sc)
    fitted, cotra, fg, rg, cg = {}, {}, {}, {}, {}
    for f in FACTORS:
        truth = np.log10(post[f].predict(mid))
        fitted[f] = np.log10(pre[f].predict(mid)) - truth
        c = curves[f]
        if f not in GROWTH_ONLY:
            cg[f] = float(10 ** np.polyfit(mid, c, 1)[0]) if mid.size > 1 else float(10 ** 0)
        else:
            cg[f] = float(10 ** growth[f])
        cotra[f] = c - truth
        fg[f], rg[f] = pre[f].growth_per_year, post[f].growth_per_year
    notes = ["truth: log-linear trend of frontier data dated from the vantage year on, at mid-year",
             "Cotra's FLOP/$ and run length: growth only (started on the data's trend in the vantage year); compute and spend: levels"]
    hw_last = int(np.floor(np.max(post["flop_per_dollar"].year)))
    if hw_last < last_run:
        notes.append(f"flop_per_dollar: hardware data end in {hw_last}; the post-vantage trend is extended to {last_run}")
    settings = {"window_years": window_years, "frontier": frontier, "precision": precision,
                "cost_measure": pre.cost_measure, "seed": seed, "n_boot": n_boot}
    return HindcastResult(vantage, window_years, years, fitted, cotra, fg, rg, cg, settings, notes)
