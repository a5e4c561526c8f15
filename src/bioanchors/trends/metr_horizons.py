"""METR's 50% task-completion time horizons: loader and log-linear trend fit.

METR (Kwa et al. 2025, arXiv:2503.14499) measure each model's *50% time
horizon* ``h``: the length of tasks [minutes of skilled-human time] the model
completes with 50% success, with a 95% interval from a hierarchical bootstrap
over tasks. Their headline: the horizon of state-of-the-art models doubled
every ~7 months over 2019-2025 (212 days, 95% CI 171-249), faster since 2024.

The trend is :mod:`bioanchors.loglinear`'s line, one point per model::

    log10 h_i = a + s * t_i         (t_i release date [decimal yr], s [OOM/yr])
    doubling time = 12 * log10(2) / s    [months]

Uncertainty (an option, on by default): each bootstrap replicate resamples the
models with replacement (loglinear's pairs stream) AND draws each resampled
model's log10 horizon from its published 95% interval, read as a two-piece
normal in log10 space (``sigma_lo = (log10 h - log10 ci_low) / 1.96`` below the
estimate, ``sigma_hi`` likewise above: METR's intervals are asymmetric). So
the slope's interval carries both the scatter between models and each
model's own measurement error. The level is reported at the anchor date
``t_c`` where the bootstrap level and slope are uncorrelated (:func:`pivot_year`,
the waist of the band), so a forecast may draw them independently.

File format: METR's ``benchmark_results.yaml`` (``results: {model: {agents:
{agent: {p50_horizon_length: {estimate, ci_low, ci_high}, is_sota}},
release_date}}``), or Time Horizon 1.1's ``benchmark_results_1_1.yaml``
(``results: {model: {metrics: {p50_horizon_length: ..., is_sota}, release_date,
scaffolds: [...]}}``; the layout as read by public parsers of
metr.org/assets/benchmark_results_1_1.yaml, docs/data.md). Entries that cannot be used are skipped and counted in a
:class:`~bioanchors.trends.epoch_loaders.LoadReport`, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .. import loglinear, units
from ..errors import DataError
from .epoch_loaders import LoadReport
from .fitting import MIN_POINTS, TrendFit, window_mask
from .inputs import check_count, check_seed, clip, decimal_year_of, display_path, parse_date_cells, read_bytes

BUNDLED = "horizons_v1.yaml"
HINT = "Pass METR's benchmark_results.yaml (METR-Horizon format) with --horizon-data, or omit it for the bundled copy."
#: z of the two-sided 95% interval METR publish [standard normal quantile].
Z95 = 1.959963984540054
MONTHS_PER_YEAR = units.MONTHS_PER_YEAR
MODEL_SETS = ("sota", "all")
COLUMNS = ["model", "agent", "year", "release_date", "p50_minutes", "p50_ci_low_minutes", "p50_ci_high_minutes",
           "is_sota"]


@dataclass
class HorizonData:
    """One row per model (its best agent): dates [decimal yr] and 50% horizons with 95% interval [minutes]."""

    frame: pd.DataFrame
    report: LoadReport
    benchmark: str = ""

    def describe(self) -> dict:
        return {"path": self.report.path, "benchmark": self.benchmark, "n_models": int(len(self.frame)),
                "n_sota": int(self.frame["is_sota"].sum())}


# ---------------------------------------------------------------- loading

def bundled_path() -> Path:
    """The bundled METR-Horizon-v1 file (source and licence: data/metr-horizon/README.md)."""
    return Path(str(resources.files("bioanchors") / "data" / "metr-horizon" / BUNDLED))


def _safe_loader():
    """yaml.SafeLoader whose dates that do not exist (2024-02-30) are a YAML error at their line.

    PyYAML's own timestamp constructor raises a bare ValueError there (issue 23: an internal error).
    """
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def timestamp(loader, node):
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{clip(node.value)}' is not a date that exists ({exc})", node.start_mark) from None

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return Loader


def _parse_yaml(path: Path) -> dict:
    import yaml

    raw = read_bytes(path, HINT)
    try:
        doc = yaml.load(raw.decode("utf-8-sig"), Loader=_safe_loader())  # a SafeLoader subclass
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text. {HINT}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = f": {exc.problem}" if isinstance(exc, yaml.constructor.ConstructorError) and exc.problem else ""
        raise DataError(f"{path}: not valid YAML{where}{problem}. {HINT}") from None
    except RecursionError:  # PyYAML composes and constructs recursively, one level per nesting level
        raise DataError(f"{path}: nested too deeply for a METR results file (it needs 5 levels). {HINT}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("results"), dict) or not doc["results"]:
        raise DataError(f"{path}: no 'results' mapping of models (METR's benchmark_results.yaml has one). {HINT}")
    return doc


def _positive(x) -> float | None:
    """A finite positive number, else None (YAML may hold text, null or a bool)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    return float(x) if np.isfinite(x) and x > 0 else None


def _agent_row(agent: str, rec) -> tuple[dict | None, str | None]:
    """(row, None) for a usable agent record, else (None, reason)."""
    p50 = rec.get("p50_horizon_length") if isinstance(rec, dict) else None
    if not isinstance(p50, dict):
        return None, "no p50_horizon_length"
    est, lo, hi = (_positive(p50.get(k)) for k in ("estimate", "ci_low", "ci_high"))
    if est is None:
        return None, "p50 estimate not a positive number"
    if lo is None or hi is None or not lo <= est <= hi:
        return None, "p50 95% interval missing or not around the estimate"
    return {"agent": str(agent), "p50_minutes": est, "p50_ci_low_minutes": lo, "p50_ci_high_minutes": hi,
            "is_sota": rec.get("is_sota") is True}, None


def _release_year(value, where: str) -> float | None:
    """Decimal year of a release date (a YAML date, or text by the package's one date rule)."""
    if isinstance(value, date):
        return decimal_year_of(value)
    if value is None or isinstance(value, bool):
        return None
    years, _, _, bad, _ = parse_date_cells([str(value)], where=where, column="release_date")
    return None if bad[0] or not np.isfinite(years[0]) else float(years[0])


def _model_row(name: str, entry, report: LoadReport, path: Path) -> dict | None:
    """The row of one model: its agent with the longest p50 horizon (METR's best elicitation).

    Time Horizon 1.1 files hold one ``metrics`` record per model (its scaffolds listed beside it)
    instead of v1's ``agents`` mapping; that record is read as the model's one agent.
    """
    if isinstance(entry, dict) and "agents" not in entry and isinstance(entry.get("metrics"), dict):
        scaffolds = entry.get("scaffolds")
        agent = str(scaffolds[0]) if isinstance(scaffolds, list) and scaffolds else "metrics"
        entry = {**entry, "agents": {agent: entry["metrics"]}}
    if not isinstance(entry, dict) or not isinstance(entry.get("agents"), dict):
        report.skip("agents", "no agents mapping", 1)
        return None
    year = _release_year(entry.get("release_date"), f"{path}, model {clip(name)!r}")
    if year is None:
        report.skip("release_date", "missing or unreadable", 1)
        return None
    rows = []
    for agent, rec in entry["agents"].items():
        row, reason = _agent_row(agent, rec)
        if row is None:
            report.skip("p50_horizon_length", reason, 1)
        else:
            rows.append(row)
    if not rows:
        return None
    best = max(rows, key=lambda r: r["p50_minutes"])
    best["is_sota"] = any(r["is_sota"] for r in rows)
    return {"model": str(name), "year": year, "release_date": entry.get("release_date"), **best}


def load_horizons(path: str | Path | None = None) -> HorizonData:
    """Read METR's ``benchmark_results.yaml`` (default: the bundled METR-Horizon-v1 copy).

    Returns one row per model (columns :data:`COLUMNS`), sorted by release date.
    A file that is not METR's format is a one-line :class:`DataError` naming it.
    """
    p = Path(path) if path is not None else bundled_path()
    doc = _parse_yaml(p)
    report = LoadReport(display_path(p), "metr-horizons")
    rows = [r for name, entry in doc["results"].items() if (r := _model_row(name, entry, report, p)) is not None]
    if not rows:
        raise DataError(f"{display_path(p)}: no model has a release date and a positive p50 horizon with its interval. {HINT}")
    frame = pd.DataFrame(rows, columns=COLUMNS).sort_values(["year", "model"], kind="stable").reset_index(drop=True)
    report.n_rows = len(frame)
    report.columns_found = ["release_date", "p50_horizon_length", "is_sota"]
    return HorizonData(frame, report, str(doc.get("benchmark_name") or ""))


# ---------------------------------------------------------------- fitting

def log10_sigmas(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Below/above standard deviations of log10 h [OOM] from each model's 95% interval (two-piece normal)."""
    est = np.log10(frame["p50_minutes"].to_numpy(dtype=float))
    lo = (est - np.log10(frame["p50_ci_low_minutes"].to_numpy(dtype=float))) / Z95
    hi = (np.log10(frame["p50_ci_high_minutes"].to_numpy(dtype=float)) - est) / Z95
    return lo, hi


def bootstrap_with_intervals(t, log10_h, sigma_lo, sigma_hi, *, n_boot: int, rng: np.random.Generator,
                             noise: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Slopes (B,) [OOM/yr] and levels (B,) [log10 min at year 0] of ``n_boot`` replicates.

    Each replicate: loglinear's pairs resample of the models, then (``noise``)
    each resampled log10 h shifted by ``z * sigma_lo`` (z < 0) or ``z * sigma_hi``
    (z >= 0), ``z`` standard normal from the same generator. Replicates without
    two distinct dates are dropped (loglinear marks them NaN).
    """
    t, y = np.asarray(t, float), np.asarray(log10_h, float)
    s_lo, s_hi = np.asarray(sigma_lo, float), np.asarray(sigma_hi, float)
    out_s, out_a = [np.empty(0)], [np.empty(0)]
    for idx in loglinear.resample_indices(len(t), n_boot, rng, width=2):
        yy = y[idx]
        if noise:
            z = rng.standard_normal(idx.shape)
            yy = yy + z * np.where(z < 0, s_lo[idx], s_hi[idx])
        s, a = loglinear.slopes(t[idx], yy)
        out_s.append(s)
        out_a.append(a[:, 0])
    s, a = np.concatenate(out_s), np.concatenate(out_a)
    ok = np.isfinite(s)
    return s[ok], a[ok]


@dataclass
class HorizonFit:
    """The fitted horizon trend: the generic :class:`TrendFit` plus the numbers a forecast needs."""

    trend: TrendFit  # slope [OOM/yr], intercept, 90% CI, the points; plot() and to_dict() as the other trends
    anchor_year: float  # t_c: where bootstrap level and slope are uncorrelated [decimal yr]
    log10_minutes_at_anchor: float  # trend value at t_c [log10 min]
    boot_slopes: np.ndarray = field(repr=False)  # [OOM/yr]
    boot_log10_at_anchor: np.ndarray = field(repr=False)  # [log10 min]
    ci_low_minutes: np.ndarray = field(repr=False)  # the points' 95% intervals, for the plot
    ci_high_minutes: np.ndarray = field(repr=False)
    models: str = "sota"
    interval_noise: bool = True

    @property
    def doubling_time_months(self) -> float:
        return float(self.trend.doubling_time_years * MONTHS_PER_YEAR)

    def doubling_interval_months(self, level: float = 0.90) -> tuple[float, float]:
        """Central ``level`` interval of the doubling time [months] over the bootstrap.

        The upper end is ``inf`` when the lower slope quantile is not rising (no doubling).
        """
        lo, hi = loglinear.percentile_interval(self.boot_slopes, level)
        upper = units.LOG10_2 / lo * MONTHS_PER_YEAR if lo > 0 else np.inf
        return float(units.LOG10_2 / hi * MONTHS_PER_YEAR), float(upper)

    def anchor_interval_log10(self, level: float = 0.90) -> tuple[float, float]:
        """Central ``level`` interval of the trend value at the anchor date [log10 min]."""
        return loglinear.percentile_interval(self.boot_log10_at_anchor, level)

    def to_dict(self) -> dict:
        out = self.trend.to_dict()
        out.update({
            "doubling_time_months": self.doubling_time_months,
            "doubling_time_months_ci90": _finite_or_none(self.doubling_interval_months(0.90)),
            "doubling_time_months_ci95": _finite_or_none(self.doubling_interval_months(0.95)),
            "anchor_year": self.anchor_year,
            "log10_minutes_at_anchor": self.log10_minutes_at_anchor,
            "log10_minutes_at_anchor_ci90": list(self.anchor_interval_log10(0.90)),
            "models": self.models, "interval_noise": self.interval_noise,
            "points": [{"model": m, "year": float(y), "p50_minutes": float(v)}
                       for m, y, v in zip(self.trend.label, self.trend.year, self.trend.value)],
        })
        return out

    def plot(self, ax=None):
        """The trend's scatter, fit and 90% band, with each model's 95% interval as an error bar."""
        ax = self.trend.plot(ax=ax)
        v = self.trend.value
        ax.errorbar(self.trend.year, v, yerr=[v - self.ci_low_minutes, self.ci_high_minutes - v], fmt="none",
                    ecolor="C0", alpha=0.4, lw=1)
        ax.set_ylabel("50% time horizon [minutes]")
        return ax


def pivot_year(t, boot_levels, boot_slopes) -> float:
    """Anchor date [decimal yr] where the bootstrap level and slope are uncorrelated (the band's waist).

    The level at date x is ``a + s x``; its covariance with ``s`` is zero at
    ``x = -cov(a, s) / var(s)``. Drawing level and slope independently there
    (as a forecast's parameters are drawn) keeps the fit's joint spread.
    Falls back to the mean date when the resamples have no spread.
    """
    s = np.asarray(boot_slopes, dtype=float)
    if s.size < 2 or not np.var(s) > 0:
        return float(np.mean(t))
    c = np.cov(np.asarray(boot_levels, dtype=float), s)
    return float(-c[0, 1] / c[1, 1])


def _finite_or_none(values) -> list:
    """JSON has no infinity: an unbounded end is null."""
    return [float(v) if np.isfinite(v) else None for v in values]


def _select(data: HorizonData, since, until, models: str) -> pd.DataFrame:
    if models not in MODEL_SETS:
        raise DataError(f"--horizon-models {clip(models)}: unknown; use one of {', '.join(MODEL_SETS)}.")
    if since is not None and until is not None and until < since:
        raise DataError(f"--since {since} is after --until {until}.")
    f = data.frame
    keep = window_mask(f["year"].to_numpy(dtype=float), since, until)
    if models == "sota":
        keep &= f["is_sota"].to_numpy(dtype=bool)
    sel = f[keep]
    if len(sel) < MIN_POINTS or sel["year"].nunique() < 2:
        raise DataError(f"{data.report.path}: p50_horizon: only {len(sel)} model(s) in the window "
                        f"(need {MIN_POINTS} with different dates). Widen --since/--until or use --horizon-models all.")
    return sel


def fit_horizon_trend(data: HorizonData | None = None, *, since: float | None = None, until: float | None = None,
                      models: str = "sota", n_boot: int = 2000, seed: int = 0, rng: np.random.Generator | None = None,
                      interval_noise: bool = True) -> HorizonFit:
    """Fit the 50% horizon trend over ``[since, until]`` [calendar years, inclusive].

    ``models``: "sota" (METR's state-of-the-art flag, their headline trend) or
    "all". ``interval_noise``: also draw each model's horizon from its 95%
    interval in every bootstrap replicate (module docstring). One generator
    (``rng`` or ``default_rng(seed)``): same seed, same intervals.
    """
    data = data if data is not None else load_horizons()
    check_count(n_boot, "--n-boot")
    rng = rng if rng is not None else np.random.default_rng(check_seed(seed))
    sel = _select(data, since, until, models)
    t = sel["year"].to_numpy(dtype=float)
    h = sel["p50_minutes"].to_numpy(dtype=float)
    slope, levels = loglinear.point_fit(t, np.log10(h))
    s_lo, s_hi = log10_sigmas(sel)
    bs, ba = bootstrap_with_intervals(t, np.log10(h), s_lo, s_hi, n_boot=n_boot, rng=rng, noise=interval_noise)
    if bs.size == 0 or not slope > 0:
        raise DataError(f"{data.report.path}: p50_horizon: the trend is not rising in every resample, so it has no "
                        "doubling time; widen --since/--until.")
    tc = pivot_year(t, ba, bs)
    note = f"METR 50% time horizon, {models} models, pairs bootstrap" + (" + 95% intervals" if interval_noise else "")
    trend = TrendFit("p50_horizon", "minutes", float(slope), float(levels[""]),
                     loglinear.percentile_interval(bs, loglinear.CI_LEVEL), len(t), since, until, t, h,
                     sel["model"].to_numpy(dtype=object), note)
    return HorizonFit(trend, tc, float(levels[""] + slope * tc), bs, ba + bs * tc,
                      sel["p50_ci_low_minutes"].to_numpy(dtype=float), sel["p50_ci_high_minutes"].to_numpy(dtype=float),
                      models, interval_noise)
