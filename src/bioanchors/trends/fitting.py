"""Log-linear trend fits with seeded bootstrap confidence intervals.

A trend is ``log10(y) = a + b * year``; ``b`` is the growth in [OOM/yr],
reported also as a yearly multiplier [x/yr] and a doubling time [years] via
:mod:`bioanchors.units`. The 90% interval is a percentile bootstrap over
data points (pairs resampled with replacement), drawn from an explicit
``numpy.random.Generator`` so results are reproducible and no global random
state is touched.

:func:`fit_trends` fits the four trends the issue asks for from a
:class:`~bioanchors.trends.epoch_loaders.TrendData`:

* ``training_compute`` -- training FLOP of frontier runs,
* ``training_cost`` -- training cost [USD] of frontier runs (the cost measure
  is selectable and recorded, see :data:`COST_MEASURES`),
* ``training_duration`` -- training time [h] of frontier runs,
* ``flop_per_dollar`` -- release FLOP/s per release-price dollar of ML
  accelerators at a chosen precision [FLOP/s per USD].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import loglinear, units
from ..errors import DataError
from .epoch_loaders import SELECTABLE_PRECISIONS, TrendData
from .frontier import DEFAULT_RESIDUAL_OOM, DEFAULT_TOP_N, Frontier, frontier_mask, resolve_frontier
from .inputs import check_count, check_finite, check_seed, clip

CI_LEVEL = loglinear.CI_LEVEL
#: Default start of the fit window [year]: the large-scale era, after which
#: frontier runs are dominated by language models (GPT-2 onward); Cotra wrote
#: in 2020, so this window is what "happened since" the report.
DEFAULT_SINCE = 2018
DEFAULT_PRECISION = "best"
DEFAULT_N_BOOT = 2000
MIN_POINTS = 3

#: Cost columns in preference order for ``cost_measure="auto"``, with what
#: each measures. Whether the run length is already inside the spend decides
#: how :mod:`bioanchors.trends.accounting` multiplies the factors.
COST_MEASURES: dict[str, dict] = {
    "2023usd": {"column": "cost_2023usd", "includes_run_length": True,
                "label": "Epoch 'Training compute cost (2023 USD)': cost of the final run, hardware time "
                         "(amortised/rented) plus energy, inflation-adjusted"},
    "cloud": {"column": "cost_cloud", "includes_run_length": True,
              "label": "Epoch 'Training compute cost (cloud)': chip-hours x cloud rental price"},
    "upfront": {"column": "cost_upfront", "includes_run_length": False,
                "label": "Epoch 'Training compute cost (upfront)': purchase price of the training hardware"},
}

TREND_KEYS = ("training_compute", "training_cost", "training_duration", "flop_per_dollar")
_UNITS = {"training_compute": "FLOP", "training_cost": "USD", "training_duration": "hours",
          "flop_per_dollar": "FLOP/s per USD"}


# ---------------------------------------------------------------- one trend
# The fit and the bootstrap are :mod:`bioanchors.loglinear`'s (one implementation).

@dataclass
class TrendFit:
    """One log-linear trend: point estimate, 90% CI, the data it was fitted to."""

    name: str
    unit: str
    slope_oom: float  # [OOM/yr]
    intercept: float  # [log10 unit] at year 0
    ci90_oom: tuple[float, float]  # [OOM/yr]
    n: int
    since: float | None
    until: float | None
    year: np.ndarray = field(repr=False)
    value: np.ndarray = field(repr=False)
    label: np.ndarray | None = field(default=None, repr=False)
    note: str = ""

    # ---- growth in the three conventional units
    @property
    def growth_per_year(self) -> float:
        """[x/yr]"""
        return float(units.oom_per_year_to_multiplier(self.slope_oom))

    @property
    def ci90(self) -> tuple[float, float]:
        """90% CI of the growth [x/yr]."""
        lo, hi = units.oom_per_year_to_multiplier(np.asarray(self.ci90_oom))
        return float(lo), float(hi)

    @property
    def oom_per_year(self) -> float:
        return float(self.slope_oom)

    @property
    def doubling_time_years(self) -> float:
        """[years]; negative for a falling quantity, ``inf`` for a flat one."""
        return loglinear.doubling_time_years(self.slope_oom)

    def predict(self, year) -> np.ndarray:
        """Trend value at decimal ``year`` [unit]."""
        return 10.0 ** (self.intercept + self.slope_oom * np.asarray(year, dtype=float))

    def to_dict(self) -> dict:
        """The JSON shape of the CLI, plus the other units."""
        return {
            "growth_per_year": self.growth_per_year,
            "ci90": list(self.ci90),
            "n": self.n,
            "since": self.since,
            "until": self.until,
            "oom_per_year": self.oom_per_year,
            "ci90_oom_per_year": [float(v) for v in self.ci90_oom],
            # null when flat (slope 0: no doubling); JSON has no infinity
            "doubling_time_years": self.doubling_time_years if np.isfinite(self.doubling_time_years) else None,
            "unit": self.unit,
            "note": self.note,
        }

    def to_frame(self) -> pd.DataFrame:
        """The fitted points with the trend value at each [unit]."""
        return pd.DataFrame({"label": self.label if self.label is not None else [None] * self.n,
                             "year": self.year, "value": self.value, "trend": self.predict(self.year)})

    def plot(self, ax=None):
        """Scatter (log y), fit line and 90% band of the fitted line; returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        ax.scatter(self.year, self.value, s=12, alpha=0.7, label=f"data (n={self.n})")
        xs = np.linspace(self.year.min(), self.year.max(), 50)
        xm = self.year.mean()
        ym = self.intercept + self.slope_oom * xm
        # Band: lines through the data centroid with the CI slopes, the
        # uncertainty that matters for growth rates (not the level).
        lo = 10 ** (ym + self.ci90_oom[0] * (xs - xm))
        hi = 10 ** (ym + self.ci90_oom[1] * (xs - xm))
        ax.plot(xs, self.predict(xs), color="C3",
                label=f"{self.growth_per_year:.2f}x/yr [{self.ci90[0]:.2f}, {self.ci90[1]:.2f}]")
        ax.fill_between(xs, np.minimum(lo, hi), np.maximum(lo, hi), color="C3", alpha=0.2, label="90% CI")
        ax.set_yscale("log")
        # Plain tick labels ("100", "1e+26"): the CLI turns mathtext off so that user text is never
        # read as TeX, and the default log labels would then print "$\\mathdefault{10^{2}}$".
        from matplotlib.ticker import FuncFormatter

        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.set_xlabel("year")
        ax.set_ylabel(f"{self.name.replace('_', ' ')} [{self.unit}]")
        ax.legend(fontsize=8)
        return ax


def fit_loglinear(year, value, *, name: str = "trend", unit: str = "", n_boot: int = DEFAULT_N_BOOT,
                  seed: int | None = 0, rng: np.random.Generator | None = None, label=None,
                  since: float | None = None, until: float | None = None, note: str = "") -> TrendFit:
    """Fit ``log10(value) = a + b * year`` with a 90% pairs-bootstrap CI on ``b``.

    Parameters
    ----------
    year : array [decimal year]
    value : array [any unit, > 0]; non-finite or non-positive entries are an error
        here (callers filter and count them first).
    rng : explicit generator; if None, ``numpy.random.default_rng(seed)``.
    """
    year = np.asarray(year, dtype=float)
    value = np.asarray(value, dtype=float)
    if year.shape != value.shape:
        raise ValueError("year and value must have the same shape")
    if not (np.all(np.isfinite(year)) and np.all(np.isfinite(value)) and np.all(value > 0)):
        raise ValueError("fit_loglinear needs finite years and finite positive values")
    if len(year) < MIN_POINTS or np.unique(year).size < 2:
        raise DataError(
            f"{name}: only {len(year)} usable data point(s) (need {MIN_POINTS} with different dates). "
            "Widen --since/--until, choose another --frontier definition, or pass more data."
        )
    check_count(n_boot, "--n-boot")
    rng = rng if rng is not None else np.random.default_rng(check_seed(seed))
    lf = loglinear.fit(year, np.log10(value), n_boot=n_boot, rng=rng, level=CI_LEVEL)
    if lf.ci is None:  # every resample had one date: only possible with a handful of points
        raise DataError(f"{name}: no bootstrap resample has two different dates; pass more data.")
    slope, intercept, (lo, hi) = lf.slope, lf.levels[""], lf.ci
    fit = TrendFit(name, unit, float(slope), float(intercept), (float(lo), float(hi)), int(len(year)),
                   since, until, year, value, None if label is None else np.asarray(label, dtype=object), note)
    with np.errstate(over="ignore"):
        check_finite(fit.to_dict(), name, "fit")  # a slope of hundreds of OOM/yr overflows x/yr
    return fit


# ---------------------------------------------------------------- the four trends

@dataclass
class TrendSettings:
    """Every choice behind a :class:`TrendReport`, so a fit can be re-run exactly."""

    since: float | None = None
    until: float | None = None
    frontier: str = Frontier.auto.value
    top_n: int = DEFAULT_TOP_N
    residual_oom: float = DEFAULT_RESIDUAL_OOM
    precision: str = DEFAULT_PRECISION
    cost_measure: str = "auto"
    seed: int = 0
    n_boot: int = DEFAULT_N_BOOT

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class TrendReport:
    """The four fits plus the settings and data provenance."""

    fits: dict[str, TrendFit]
    settings: TrendSettings
    data: dict
    cost_measure: str
    notes: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)  # trend -> why it could not be fitted

    def __getitem__(self, key: str) -> TrendFit:
        if key in self.failures:  # a caller that needs this trend gets its own one-line error
            raise DataError(self.failures[key])
        return self.fits[key]

    @property
    def cost_includes_run_length(self) -> bool:
        return COST_MEASURES[self.cost_measure]["includes_run_length"]

    def to_dict(self) -> dict:
        """JSON object with keys training_compute, training_cost, training_duration, flop_per_dollar."""
        out: dict[str, Any] = {k: self.fits[k].to_dict() for k in TREND_KEYS if k in self.fits}
        out["settings"] = self.settings.to_dict()
        out["cost_measure"] = {"name": self.cost_measure, "description": COST_MEASURES[self.cost_measure]["label"]}
        out["data"] = self.data
        out["notes"] = list(self.notes)
        if self.failures:  # only when a trend failed, so complete reports keep their JSON
            out["failed"] = dict(self.failures)
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per trend: x/yr, CI, OOM/yr, doubling time, n, window."""
        rows = []
        for k in TREND_KEYS:
            if k in self.fits:
                f = self.fits[k]
                rows.append({"trend": k, "unit": f.unit, "growth_per_year": f.growth_per_year,
                             "ci90_low": f.ci90[0], "ci90_high": f.ci90[1], "oom_per_year": f.oom_per_year,
                             "doubling_time_years": f.doubling_time_years, "n": f.n,
                             "since": f.since, "until": f.until})
        return pd.DataFrame(rows).set_index("trend")

    def plot(self, axes=None):
        """2x2 panel, one per trend; returns the array of Axes."""
        import matplotlib.pyplot as plt

        if axes is None:
            _, axes = plt.subplots(2, 2, figsize=(11, 8), constrained_layout=True)
        for ax, k in zip(np.ravel(axes), TREND_KEYS):
            if k in self.fits:
                self.fits[k].plot(ax=ax)
                ax.set_title(k.replace("_", " "))
            else:
                ax.set_visible(False)
        return axes


def window_mask(year: np.ndarray, since: float | None, until: float | None) -> np.ndarray:
    """Rows with ``since <= year < until + 1`` (years inclusive) and a known date."""
    ok = np.isfinite(year)
    if since is not None:
        ok &= year >= since
    if until is not None:
        ok &= year < until + 1
    return ok


def _resolve_cost_measure(models: pd.DataFrame, cost_measure: str) -> str:
    if cost_measure != "auto":
        if cost_measure not in COST_MEASURES:
            raise DataError(f"--cost-measure {clip(cost_measure)}: unknown; use auto or one of {', '.join(COST_MEASURES)}.")
        return cost_measure
    for name, spec in COST_MEASURES.items():
        if models[spec["column"]].notna().any():
            return name
    return "2023usd"


def flop_per_dollar_values(hardware: pd.DataFrame, precision: str = DEFAULT_PRECISION) -> np.ndarray:
    """FLOP/s per release-price dollar at ``precision`` [FLOP/s / USD]; NaN where unknown."""
    if precision not in SELECTABLE_PRECISIONS:
        raise DataError(f"--precision {clip(precision)}: unknown; use one of {', '.join(SELECTABLE_PRECISIONS)}.")
    return hardware[f"flops_{precision}"].to_numpy(dtype=float) / hardware["price_usd"].to_numpy(dtype=float)


def _fit_named(path: str, *args, **kwargs) -> TrendFit:
    """:func:`fit_loglinear`, with the data file named in any error (issue 10: every data error names the file)."""
    try:
        return fit_loglinear(*args, **kwargs)
    except DataError as exc:
        raise DataError(f"{path}: {exc}") from None


def _fit_each(jobs, fits: dict, failures: dict, notes: list) -> None:
    """Run ``(key, path, args, kwargs)`` fits in order; a trend without enough data fails alone.

    Its error is kept in ``failures`` (and a note); only when every trend fails is it raised.
    The generator is consumed in the same order as before, so complete reports are unchanged.
    """
    for key, path, args, kwargs in jobs:
        try:
            fits[key] = _fit_named(path, *args, **kwargs)
        except DataError as exc:
            failures[key] = str(exc)
            notes.append(f"{key}: not fitted: {exc}")
    if not fits:
        raise DataError(next(iter(failures.values())))


def fit_trends(data: TrendData, *, since: float | None = None, until: float | None = None,
               frontier: str = Frontier.auto.value, top_n: int = DEFAULT_TOP_N,
               residual_oom: float = DEFAULT_RESIDUAL_OOM, precision: str = DEFAULT_PRECISION, cost_measure: str = "auto",
               seed: int = 0, n_boot: int = DEFAULT_N_BOOT, rng: np.random.Generator | None = None) -> TrendReport:
    """Fit the four trends over a window ``[since, until]`` [calendar years, inclusive].

    One generator (``rng`` or ``default_rng(seed)``) is used for all four
    bootstraps in a fixed order, so a given seed reproduces every interval.
    """
    if since is not None and until is not None and until < since:
        raise DataError(f"--since {since} is after --until {until}.")
    check_count(n_boot, "--n-boot")
    if rng is None:
        check_seed(seed)
    m = data.models.frame
    path = ", ".join(data.models.sources)
    frontier, frontier_note = resolve_frontier(m, frontier, top_n=top_n, path=path)
    settings = TrendSettings(since, until, frontier, top_n, residual_oom, precision, cost_measure, seed, n_boot)
    rng = rng if rng is not None else np.random.default_rng(seed)
    win = window_mask(m["year"].to_numpy(dtype=float), since, until)
    has_flop = np.isfinite(m["training_flop"].to_numpy(dtype=float))
    front = frontier_mask(m, frontier, top_n=top_n, residual_oom=residual_oom, window=win & has_flop, path=path)
    sel = m[win & front]
    notes = [frontier_note] if frontier_note else []
    measure = _resolve_cost_measure(m, cost_measure)
    jobs = []
    for key, col in (("training_compute", "training_flop"), ("training_cost", COST_MEASURES[measure]["column"]),
                     ("training_duration", "training_hours")):
        v = sel[col].to_numpy(dtype=float)
        ok = np.isfinite(v)
        if (~ok).any():
            notes.append(f"{key}: {int((~ok).sum())} of {len(v)} frontier runs in the window lack '{col}'")
        jobs.append((key, path, (sel["year"].to_numpy()[ok], v[ok]),
                     dict(name=key, unit=_UNITS[key], n_boot=n_boot, rng=rng, label=sel["model"].to_numpy(dtype=object)[ok],
                          since=since, until=until, note=f"frontier definition: {settings.frontier}")))
    h = data.hardware.frame
    fpd = flop_per_dollar_values(h, precision)
    hy = h["year"].to_numpy(dtype=float)
    ok = window_mask(hy, since, until) & np.isfinite(fpd)
    jobs.append(("flop_per_dollar", ", ".join(data.hardware.sources), (hy[ok], fpd[ok]),
                 dict(name="flop_per_dollar", unit=_UNITS["flop_per_dollar"], n_boot=n_boot, rng=rng,
                      label=h["hardware"].to_numpy(dtype=object)[ok], since=since, until=until,
                      note=f"precision: {precision}; release price, release date")))
    fits: dict[str, TrendFit] = {}
    failures: dict[str, str] = {}
    _fit_each(jobs, fits, failures, notes)
    return TrendReport(fits, settings, data.describe(), measure, notes, failures)
