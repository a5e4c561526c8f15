"""Backtests: for each vantage year, project with what was known then and score against what followed.

For each vantage year ``V`` (default 2016-2023), the retrospective's hindcast (:mod:`.hindcast`)
repeated with three methods and a guarantee against look-ahead:

* **Known then:** :func:`data_before` keeps only the rows dated before 1 January of ``V``
  (models and hardware; undated rows are dropped). Every projection is computed from that
  table alone: the fits never see the full data, so nothing after the vantage can leak into
  them (``tests/test_backtest.py`` changes every later row and checks that no projection moves).
* **fitted:** :func:`~bioanchors.trends.fitting.fit_trends` over ``[V - window, V - 1]``
  extended forward; its 90% band is the fit's bootstrap slope interval pivoting on the fitted
  points' mean date (the band :meth:`~bioanchors.trends.fitting.TrendFit.plot` draws).
* **cotra2020 / davidson2023:** the growth rates of those parameter sets
  (:mod:`bioanchors.trends.accounting`: compute = real compute, cost = spend, FLOP/$, run length)
  started from the fitted level at mid-``V``: what a forecaster at ``V`` holding their
  assumptions would have projected. (The 2020 hindcast scores Cotra's own 2020 levels; at other
  vantages her levels mean nothing, her rates do.) A set's published range (``low``/``high``)
  gives its band where it has one for that factor.
* **Realised:** as the hindcast, the log-linear trend of the data dated from ``V`` on, at
  mid-year of each year from ``V`` to the last year with frontier-run data.

Scores: error = projection - realised [OOM] per factor and year; whether the realised value
fell inside the method's 90% band.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..errors import DataError
from ..trends.epoch_loaders import LoadedTable, TrendData
from ..trends.fitting import fit_trends
from .hindcast import DEFAULT_WINDOW_YEARS, FACTORS
from .scorecard import records

VANTAGES = tuple(range(2016, 2024))
METHODS = ("fitted", "cotra2020", "davidson2023")
#: parameter-set factor behind each trend (compute: spend x FLOP/$, the set's real compute)
SET_FACTOR = {"training_cost": "spend", "flop_per_dollar": "flop_per_dollar", "training_duration": "run_length"}


def _before(table: LoadedTable, vantage: int) -> LoadedTable:
    f = table.frame
    keep = np.isfinite(f["year"].to_numpy(dtype=float)) & (f["year"].to_numpy(dtype=float) < vantage)
    return replace(table, frame=f[keep].reset_index(drop=True))


def data_before(data: TrendData, vantage: int) -> TrendData:
    """The data a forecaster had at 1 January of ``vantage``: rows dated strictly before it."""
    return TrendData(_before(data.models, vantage), _before(data.hardware, vantage))


def set_growth(names=("cotra2020", "davidson2023")) -> dict[str, dict[str, tuple[float, float | None, float | None]]]:
    """Set -> factor -> (x/yr, low, high) for the trends the backtest scores."""
    from ..trends.accounting import account, load_parameter_sets

    sets = load_parameter_sets()
    out = {}
    for name in names:
        p = sets[name]
        rows: dict[str, tuple[float, float | None, float | None]] = {
            "training_compute": (float(account(p).real_compute_per_year), None, None)}
        for trend, factor in SET_FACTOR.items():
            f = getattr(p, factor)
            rows[trend] = (float(f.multiplier), f.low, f.high)
        out[name] = rows
    return out


@dataclass
class VantageScore:
    vantage: int
    method: str
    factor: str
    years: np.ndarray
    error_oom: np.ndarray  # (years,)
    inside90: np.ndarray | None  # (years,) bool, None without a band


def _fitted_paths(fit, mid: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Central, 5% and 95% log10 paths of a pre-vantage fit at dates ``mid`` (slope band pivoting on its mean date)."""
    central = np.log10(fit.predict(mid))
    xm = float(np.mean(fit.year))
    ym = fit.intercept + fit.slope_oom * xm
    a, b = (ym + s * (mid - xm) for s in fit.ci90_oom)
    return central, np.minimum(a, b), np.maximum(a, b)


def _growth_path(anchor: float, mid: np.ndarray, rate) -> np.ndarray:
    return anchor + np.log10(rate) * (mid - mid[0])


def project(known: TrendData, vantage: int, mid: np.ndarray, *, window_years: int = DEFAULT_WINDOW_YEARS,
            n_boot: int = 500, seed: int = 0, growth: dict | None = None) -> dict:
    """Method -> factor -> (central, low, high) [log10 unit] at dates ``mid``, from ``known`` only."""
    pre = fit_trends(known, since=vantage - window_years, until=vantage - 1, n_boot=n_boot, seed=seed)
    growth = growth or set_growth()
    out: dict[str, dict] = {m: {} for m in METHODS}
    for f in FACTORS:
        if f in pre.failures:
            continue
        c, lo, hi = _fitted_paths(pre[f], mid)
        out["fitted"][f] = (c, lo, hi)
        for name in METHODS[1:]:
            rate, low, high = growth[name][f]
            band = (None, None) if low is None or high is None else (
                _growth_path(c[0], mid, low), _growth_path(c[0], mid, high))
            out[name][f] = (_growth_path(c[0], mid, rate), *band)
    return {"paths": out, "cost_measure": pre.cost_measure, "failures": dict(pre.failures)}


def _score_vantage(data: TrendData, vantage: int, window_years: int, n_boot: int, seed: int, growth):
    known = data_before(data, vantage)
    measure = fit_trends(known, since=vantage - window_years, until=vantage - 1, n_boot=100, seed=seed).cost_measure
    # The realised trend uses all the data (it is the answer); the projections below see only `known`.
    post = fit_trends(data, since=vantage, cost_measure=measure, n_boot=n_boot, seed=seed)
    # Scored years: the vantage to the last year with frontier-run data, as the hindcast scores them.
    years = np.arange(vantage, int(np.floor(np.max(post["training_compute"].year))) + 1)
    mid = years + 0.5
    proj = project(known, vantage, mid, window_years=window_years, n_boot=n_boot, seed=seed, growth=growth)
    scores, notes = [], [f"{vantage}: {f}: not fitted before the vantage" for f in proj["failures"]]
    for f in FACTORS:
        if f in post.failures:
            notes.append(f"{vantage}: {f}: too little data from {vantage} on to score")
            continue
        truth = np.log10(post[f].predict(mid))
        for method, paths in proj["paths"].items():
            if f not in paths:
                continue
            c, lo, hi = paths[f]
            inside = None if lo is None else (lo <= truth) & (truth <= hi)
            scores.append(VantageScore(vantage, method, f, years, c - truth, inside))
    return scores, notes


@dataclass
class BacktestResult:
    scores: list[VantageScore]
    window_years: int
    vantage_data: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """One row per vantage, method, factor and scored year."""
        rows = [{"vantage": s.vantage, "method": s.method, "factor": s.factor, "year": int(y), "error_oom": float(e),
                 "inside90": None if s.inside90 is None else bool(s.inside90[i])}
                for s in self.scores for i, (y, e) in enumerate(zip(s.years, s.error_oom))]
        return pd.DataFrame(rows, columns=["vantage", "method", "factor", "year", "error_oom", "inside90"])

    def summary(self) -> pd.DataFrame:
        """Per method and factor: mean |error| [OOM], mean error, coverage of the 90% band."""
        df = self.to_frame()
        rows = []
        for (m, f), g in df.groupby(["method", "factor"], sort=False):
            band = g["inside90"].dropna()
            rows.append({"method": m, "factor": f, "n": len(g), "mean_abs_error_oom": float(g["error_oom"].abs().mean()),
                         "mean_error_oom": float(g["error_oom"].mean()),
                         "coverage90": float(band.mean()) if len(band) else None})
        return pd.DataFrame(rows)

    def by_vantage(self) -> pd.DataFrame:
        """Mean |error| [OOM] per vantage (rows) and method (columns), over factors and years."""
        df = self.to_frame()
        return df.assign(abs_error=df["error_oom"].abs()).pivot_table(index="vantage", columns="method",
                                                                      values="abs_error", aggfunc="mean")

    def to_dict(self) -> dict:
        return {"window_years": self.window_years, "notes": list(self.notes), "data": self.vantage_data,
                "summary": records(self.summary()),
                "by_vantage": {str(k): v for k, v in self.by_vantage().to_dict("index").items()},
                "scores": records(self.to_frame())}

    def plot(self, ax=None):
        """Mean |error| by vantage year, one line per method; returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        bv = self.by_vantage()
        for m in bv.columns:
            ax.plot(bv.index, bv[m], marker="o", label=m)
        ax.set_xlabel("vantage year")
        ax.set_ylabel("mean |projection - realised| [OOM]")
        ax.set_title(f"Backtests (fit window {self.window_years} years)")
        ax.legend(fontsize=8)
        return ax


def backtest(data: TrendData, vantages=VANTAGES, *, window_years: int = DEFAULT_WINDOW_YEARS, n_boot: int = 500,
             seed: int = 0) -> BacktestResult:
    """Score the fitted trend, Cotra's and Davidson's growth assumptions from each vantage year."""
    vantages = sorted({int(v) for v in vantages})
    last = int(np.floor(np.nanmax(data.models.frame["year"].to_numpy(dtype=float))))
    if not vantages or vantages[-1] > last - 1:
        raise DataError(f"backtest: the data end in {last}; the last vantage year can be {last - 1}.")
    growth = set_growth()
    scores, notes = [], []
    for v in vantages:
        try:
            s, n = _score_vantage(data, v, window_years, n_boot, seed, growth)
        except DataError as exc:
            notes.append(f"{v}: skipped: {exc}")
            continue
        scores += s
        notes += n
    if not scores:
        raise DataError("backtest: no vantage year could be scored; " + "; ".join(notes[:3]))
    return BacktestResult(scores, window_years, data.describe(), notes)
