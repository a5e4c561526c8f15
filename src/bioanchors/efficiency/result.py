"""Thin result objects of the efficiency estimators: numbers, a table, a plot."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..units import FLOP_PER_PETAFLOP_S_DAY
from .datasets import decimal_year_to_timestamp


def _round(x, digits=4):
    return None if x is None else float(round(float(x), digits))


@dataclass
class EfficiencyTrend:
    """Output of :func:`estimate_efficiency_trend` (Hernandez & Brown method).

    ``slope_oom_per_year`` is the fitted slope of log10 compute on date
    [OOM/yr] (negative); ``halving_time_months`` [months]; ``growth_per_year``
    is the efficiency gain [x/yr]; ``ci_*`` are [low, high] bootstrap intervals
    at ``confidence``; ``ci_months`` is [short, long] with ``None`` for an
    unbounded end. ``reduction_factor`` is the observed compute ratio, first
    record / last record (``None`` with several tasks, see
    ``reduction_factor_by_task``); ``fitted_reduction_factor`` is
    ``10 ** (-slope * span_years)``.
    """

    slope_oom_per_year: float
    halving_time_months: float
    ci_months: list | None
    ols_ci_months: list | None
    growth_per_year: float
    ci_growth_per_year: list | None
    reduction_factor: float | None
    reduction_factor_by_task: dict
    fitted_reduction_factor: float
    n: int
    span: tuple
    span_years: float
    intercepts: dict
    all_points: bool
    confidence: float
    n_bootstrap: int
    n_degenerate: int
    points: pd.DataFrame = field(repr=False)
    boot_slopes: np.ndarray = field(repr=False)
    boot_intercepts: np.ndarray = field(repr=False)
    boot_labels: list = field(repr=False)
    source: str = ""
    warnings: list = field(default_factory=list)
    #: reduction the input table itself states, first/last record, per task [x] (H&B's column); not fitted
    stated_reduction_by_task: dict = field(default_factory=dict)

    @property
    def halving_time_years(self) -> float:
        return self.halving_time_months / 12.0

    @property
    def oom_per_year(self) -> float:
        """Efficiency gain [OOM/yr] (positive): ``-slope``."""
        return -self.slope_oom_per_year

    def to_dict(self) -> dict:
        """The JSON fields (plain floats, ISO dates, ``None`` for undefined)."""
        ci = self.ci_months
        return {
            "halving_time_months": _round(self.halving_time_months),
            "ci90_months": None if ci is None else [_round(ci[0]), _round(ci[1])],
            "reduction_factor": _round(self.reduction_factor),
            "growth_per_year": _round(self.growth_per_year),
            "n": self.n,
            "span": [self.span[0].date().isoformat(), self.span[1].date().isoformat()],
            # extras beyond the required fields
            "oom_per_year": _round(self.oom_per_year),
            "ci90_growth_per_year": None
            if self.ci_growth_per_year is None
            else [_round(v) for v in self.ci_growth_per_year],
            "ci90_months_ols": None
            if self.ols_ci_months is None
            else [_round(v) for v in self.ols_ci_months],
            "fitted_reduction_factor": _round(self.fitted_reduction_factor),
            "reduction_factor_by_task": {k: _round(v) for k, v in self.reduction_factor_by_task.items()},
            # what the table states, beside what its compute columns give; the fit uses the compute columns
            "stated_reduction_factor_by_task": {k: _round(v) for k, v in self.stated_reduction_by_task.items()},
            "reduction_factor_basis": "compute columns",
            "tasks": sorted(self.intercepts),
            "points": "all" if self.all_points else "record",
            "confidence": self.confidence,
            "bootstrap": self.n_bootstrap,
            "bootstrap_degenerate": self.n_degenerate,
            "source": self.source,
            "warnings": list(self.warnings),
        }

    def predict_log10(self, years, task: str | None = None) -> np.ndarray:
        """Fitted log10 compute [log10 FLOP] at ``years`` [decimal yr]."""
        task = next(iter(self.intercepts)) if task is None else task
        return self.intercepts[task] + self.slope_oom_per_year * np.asarray(years, dtype=float)

    def to_frame(self) -> pd.DataFrame:
        """One row per input point: data, record flag, used-in-fit flag, fitted compute [FLOP]."""
        df = self.points.copy()
        df["fitted_compute"] = [  # type: ignore[assignment]  # pandas-stubs: a list column
            10 ** self.predict_log10(y, task) if task in self.intercepts else np.nan
            for y, task in zip(df["year"], df["task"])
        ]
        return df[["system", "task", "date", "year", "compute", "record", "used", "fitted_compute", "source"]]

    def band_log10(self, years, task: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Pointwise bootstrap band of the fitted line [log10 FLOP] (NaN without bootstrap)."""
        years = np.asarray(years, dtype=float)
        task = next(iter(self.intercepts)) if task is None else task
        if self.boot_slopes.size == 0:
            nan = np.full(years.shape, np.nan)
            return nan, nan
        k = self.boot_labels.index(task)
        lines = self.boot_intercepts[:, k, None] + self.boot_slopes[:, None] * years[None, :]
        alpha = (1 - self.confidence) / 2
        lo, hi = np.nanquantile(lines, [alpha, 1 - alpha], axis=0)
        return lo, hi

    def plot(self, ax=None):
        """Points, record frontier, fit and bootstrap band; compute in petaflop/s-days. Returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4.5))
        unit = FLOP_PER_PETAFLOP_S_DAY  # readable numbers for ImageNet-scale runs
        df = self.points
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        for i, (task, g) in enumerate(df.groupby("task", sort=True)):
            c = colors[i % len(colors)]
            label = task or "data"
            other = g[~g["record"]]
            ax.scatter(other["date"], other["compute"] / unit, color=c, alpha=0.4, s=18, label=None)
            rec = g[g["record"]].sort_values("year")
            ax.scatter(rec["date"], rec["compute"] / unit, color=c, s=30, zorder=3, label=f"{label}: records")
            ax.step(rec["date"], rec["compute"] / unit, where="post", color=c, alpha=0.5, lw=1)
            for _, r in rec.iterrows():
                ax.annotate(r["system"], (r["date"], r["compute"] / unit), fontsize=7,
                            xytext=(3, 3), textcoords="offset points")
            if task in self.intercepts:
                used = g[g["used"]]
                yrs = np.linspace(used["year"].min(), used["year"].max(), 100)
                dates = pd.to_datetime([decimal_year_to_timestamp(v) for v in yrs])
                fit = 10 ** self.predict_log10(yrs, task) / unit
                ax.plot(dates, fit, color=c, lw=2, label=f"{label}: fit, halving {self.halving_time_months:.1f} months")
                lo, hi = self.band_log10(yrs, task)
                if np.all(np.isfinite(lo)):
                    ax.fill_between(dates, 10**lo / unit, 10**hi / unit, color=c, alpha=0.15,
                                    label=f"{int(round(self.confidence * 100))}% bootstrap band")
        import matplotlib.dates as mdates

        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_yscale("log")
        ax.set_ylabel("compute to reach the fixed performance [petaflop/s-days]")
        ax.set_xlabel("publication date")
        ax.set_title("Algorithmic efficiency: compute needed over time")
        ax.legend(fontsize=7)
        return ax


@dataclass
class ComputeEquivalentTrend:
    """Output of :func:`fit_compute_equivalent`.

    Fit ``f(score) = a + b*log10(C) + c*year``; algorithmic progress is
    ``c / b`` [OOM/yr of compute-equivalent gain]: the log10 compute that one
    year of progress substitutes for. ``ci_oom_per_year`` is [low, high] at
    ``confidence``.
    """

    a: float
    b: float
    c: float
    oom_per_year: float
    ci_oom_per_year: list | None
    halving_time_months: float | None
    ci_months: list | None
    growth_per_year: float
    ci_growth_per_year: list | None
    transform: str
    n: int
    span: tuple
    confidence: float
    n_bootstrap: int
    n_degenerate: int
    points: pd.DataFrame = field(repr=False)
    boot_oom_per_year: np.ndarray = field(repr=False)
    source: str = ""

    def to_dict(self) -> dict:
        ci = self.ci_months
        return {
            "method": "compute-equivalent",
            "oom_per_year": _round(self.oom_per_year),
            "ci90_oom_per_year": None if self.ci_oom_per_year is None else [_round(v) for v in self.ci_oom_per_year],
            "halving_time_months": _round(self.halving_time_months),
            "ci90_months": None if ci is None else [_round(ci[0]), _round(ci[1])],
            "growth_per_year": _round(self.growth_per_year),
            "ci90_growth_per_year": None
            if self.ci_growth_per_year is None
            else [_round(v) for v in self.ci_growth_per_year],
            "coefficients": {"a": _round(self.a, 6), "b": _round(self.b, 6), "c": _round(self.c, 6)},
            "transform": self.transform,
            "n": self.n,
            "span": [self.span[0].date().isoformat(), self.span[1].date().isoformat()],
            "confidence": self.confidence,
            "bootstrap": self.n_bootstrap,
            "bootstrap_degenerate": self.n_degenerate,
            "source": self.source,
        }

    def to_frame(self) -> pd.DataFrame:
        """Input rows with the fitted (transformed) score."""
        df = self.points.copy()
        df["fitted"] = self.a + self.b * np.log10(df["compute"]) + self.c * df["year"]
        return df

    def plot(self, ax=None):
        """Histogram of the bootstrap compute-equivalent gain [OOM/yr]. Returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        if self.boot_oom_per_year.size:
            ax.hist(self.boot_oom_per_year, bins=50, color="0.7")
        ax.axvline(self.oom_per_year, color="C0", lw=2, label=f"estimate {self.oom_per_year:.3g} OOM/yr")
        if self.ci_oom_per_year:
            for v in self.ci_oom_per_year:
                ax.axvline(v, color="C0", ls="--", lw=1)
        ax.set_xlabel("compute-equivalent algorithmic progress c/b [OOM/yr]")
        ax.set_ylabel("bootstrap resamples")
        ax.legend(fontsize=8)
        return ax
