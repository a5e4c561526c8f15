"""METR time-horizon extrapolation (issue 15 item 2; docs/models/metr-horizon.md).

The 50% task-completion time horizon ``h`` [minutes of skilled-human work] of
frontier models grows log-linearly (METR, Kwa et al. 2025, arXiv:2503.14499):

    log10 h(t) = log10 h_c + log10(2) * (t - t_c) / T                        (1)

``t_c`` anchor date [decimal yr], ``h_c`` trend value there [min], ``T``
doubling time [yr] (= doubling_time_months / 12). Superexponential variant
(AI 2027 timelines forecast, Lifland & Jurkovic 2025, "each doubling 10%
easier": uvafan/timelines-takeoff-ai-2027, timelines/simple_params.yaml
``se_doubling_decay_fraction: 0.1``): from the start date ``t_s`` on, the k-th
doubling takes ``T q^(k-1)``, ``q = 1 - f``, so n doublings take

    tau(n) = T (1 - q^n) / (1 - q)          (f > 0; T n for f = 0)           (2)

and the horizon diverges at ``t_s + T / f`` (a finite-time singularity, as in
the source). The model's event is the horizon reaching a threshold ``H``
[minutes]; the crossing date (exponential) is

    t* = t_c + T * log2(H / h_c)                                             (3)

or, superexponential with ``n = log2(H / h(t_s)) > 0`` doublings left at
``t_s``, ``t* = t_s + tau(n)`` (else (3): crossed before the variant starts).
The threshold is lognormal, median ``H`` and spread ``s`` [OOM] (a requirement
distribution, as Cotra's), integrated in closed form: the horizon rises, so it
has crossed ``H`` by the end of year y iff ``h(y + 1) >= H``. With weight ``w``
on the superexponential regime (AI 2027's forecasters: 0.45; default 0 = off):

    P(by end of year y) = (1 - w) Phi((log10 h_exp(y+1) - log10 H) / s)
                        + w Phi((log10 h_se(y+1) - log10 H) / s)              (4)

(a step when ``s = 0``). The trend inputs' uncertainty (level, doubling time)
is averaged by the conditional and Monte Carlo estimators. Every function is
vectorised over parameter sets.
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import Field

from ..distributions import norm_cdf  # scipy, imported on first use: CLI start-up
from ..evaluation.trajectories import as_column
from ..schema import AnyParam, ModelConfig, NonNegativeParam, Param, PositiveParam, ProbabilityParam, Strict, _bounded
from ..units import LOG10_2, MONTHS_PER_YEAR
from .base import EventSpec, ParametricModel
from .registry import register_model

MINUTES_PER_HOUR = 60.0
#: One work-month [hours]: METR's "a month (167 working hours)" and AI 2027's months
#: conversion (``h_current = minutes / (60 * 167)``, timelines/simple_forecasting_timelines.py).
WORK_MONTH_HOURS = 167.0


def log10_minutes_of_hours(hours):
    """Horizon [hours] -> log10 [minutes]."""
    return np.log10(np.asarray(hours, dtype=float) * MINUTES_PER_HOUR)


def _doublings_done(tau, doubling_years, decay_fraction):
    """Doublings completed ``tau`` [yr] after the superexponential start: inverse of (2); inf past the singularity."""
    tau = np.asarray(tau, dtype=float)
    T = np.asarray(doubling_years, dtype=float)
    f = np.asarray(decay_fraction, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        arg = 1.0 - tau * f / T
        n_se = np.where(arg > 0, np.log(np.where(arg > 0, arg, 1.0)) / np.log1p(-np.where(f > 0, f, 0.5)), np.inf)
    return np.where(f > 0, n_se, tau / T)


def log10_horizon_minutes(years, log10_minutes_at_anchor, anchor_year, doubling_time_months,
                          decay_fraction=0.0, start_year=np.inf):
    """Horizon trajectory log10 h(t) [log10 min] by (1), superexponential after ``start_year`` by (2).

    Parameters broadcast: (sets, 1) against years (years,) gives (sets, years).
    Past the superexponential singularity the horizon is ``inf``.
    """
    t = np.asarray(years, dtype=float)
    T = np.asarray(doubling_time_months, dtype=float) / MONTHS_PER_YEAR
    ts = np.asarray(start_year, dtype=float)
    exp_part = np.asarray(log10_minutes_at_anchor, dtype=float) + LOG10_2 * (np.minimum(t, ts) - anchor_year) / T
    extra = _doublings_done(np.maximum(t - ts, 0.0), T, decay_fraction)  # 0 before t_s (and when t_s = inf)
    return exp_part + LOG10_2 * extra


def crossing_year(log10_minutes_at_anchor, anchor_year, doubling_time_months, log10_threshold_minutes,
                  decay_fraction=0.0, start_year=np.inf):
    """Date [decimal yr] the horizon reaches the threshold: (3), or (2) after ``start_year`` when superexponential.

    Arrays broadcast (one value per parameter set). A threshold already passed
    before the start gives the exponential (back-extrapolated) date.
    """
    T = np.asarray(doubling_time_months, dtype=float) / MONTHS_PER_YEAR
    h0 = np.asarray(log10_minutes_at_anchor, dtype=float)
    H = np.asarray(log10_threshold_minutes, dtype=float)
    t_exp = anchor_year + T * (H - h0) / LOG10_2
    ts = np.asarray(start_year, dtype=float)
    f = np.asarray(decay_fraction, dtype=float)
    with np.errstate(invalid="ignore"):
        n_left = (H - h0) / LOG10_2 - (ts - anchor_year) / T  # doublings still to go at t_s
    q = 1.0 - f
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        tau = np.where(f > 0, T * (1.0 - q ** np.maximum(n_left, 0.0)) / np.where(f > 0, f, 1.0), T * n_left)
        return np.where(np.isfinite(ts) & (n_left > 0), ts + tau, t_exp)


def p_by_year_from_horizons(log10_h_end_exp, log10_h_end_se, weight_se, log10_threshold_minutes,
                             sd_log10) -> np.ndarray:
    """(4): P(threshold crossed by the end of each year) [0-1] from the horizon at each year's end.

    ``log10_h_end_*`` (sets, years) [log10 min]: the exponential and superexponential
    trajectories at ``y + 1``; the threshold is lognormal, median ``log10_threshold_minutes``
    [log10 min], spread ``sd_log10`` [OOM] ((sets, 1) or float each; 0 gives a step);
    ``weight_se`` (sets, 1) or float. The horizon rises, so "crossed by y" is "h(y + 1) >= H".
    """
    def reached(log10_h):
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (log10_h - log10_threshold_minutes) / np.where(sd_log10 > 0, sd_log10, 1.0)
        return np.where(sd_log10 > 0, norm_cdf(z), (log10_h >= log10_threshold_minutes).astype(float))

    return (1.0 - weight_se) * reached(log10_h_end_exp) + weight_se * reached(log10_h_end_se)


# ---------------------------------------------------------------- config and registered model

#: Largest decay fraction: at f -> 1 all doublings after the first take no time (a jump, not a trend).
MAX_DECAY_FRACTION = 0.9
HoursParam = Annotated[Param, _bounded(0.0, what=" (a task length of zero or less is meaningless)")]
DecayParam = Annotated[Param, _bounded(0.0, MAX_DECAY_FRACTION, lo_open=False,
                                       what=" (each doubling this fraction shorter than the last)")]


class HorizonTrend(Strict):
    """The fitted log-linear trend of the frontier 50% time horizon, (1)."""

    anchor_year: float = Field(description="date at which the level is given [decimal yr]", ge=1900, le=3000)
    log10_minutes_at_anchor: AnyParam
    doubling_time_months: PositiveParam
    source: str | None = None
    note: str | None = None


class HorizonThreshold(Strict):
    """The horizon whose crossing is the event: lognormal, median ``horizon_hours``, spread ``sd_log10``.

    The spread is integrated in closed form (4) (as Cotra's requirement distributions are), so
    each parameter set gives a smooth curve; ``horizon_hours`` may itself be a distribution.
    """

    horizon_hours: HoursParam
    sd_log10: NonNegativeParam = Param(value=0.0)
    source: str | None = None
    note: str | None = None


class Superexponential(Strict):
    """AI 2027's variant (2): after ``start_year`` each doubling is a fraction shorter; weight ``probability``."""

    probability: ProbabilityParam = Param(value=0.0)
    doubling_decay_fraction: DecayParam = Param(value=0.1)
    start_year: float = Field(2025.6, ge=1900, le=3000, description="when doublings start to shrink [decimal yr]")
    source: str | None = None
    note: str | None = None


class MetrHorizonConfig(ModelConfig):
    """A scenario of the metr-horizon model (``model = "metr-horizon"``)."""

    model: Literal["metr-horizon"] = Field("metr-horizon", description="the registered model the scenario is for")
    horizon_trend: HorizonTrend
    horizon_threshold: HorizonThreshold
    superexponential: Superexponential = Superexponential()




def _trajectories(spec: MetrHorizonConfig, params: dict, t) -> tuple[np.ndarray, np.ndarray]:
    """Exponential (1) and superexponential (2) log10 horizon [log10 min] at dates ``t`` for parameter sets."""
    tr, se = spec.horizon_trend, spec.superexponential
    args = (t, as_column(params["horizon_trend.log10_minutes_at_anchor"]), tr.anchor_year,
            as_column(params["horizon_trend.doubling_time_months"]))
    with np.errstate(over="ignore", divide="ignore"):
        sup = log10_horizon_minutes(*args, as_column(params["superexponential.doubling_decay_fraction"]), se.start_year)
    return log10_horizon_minutes(*args), sup


class MetrHorizon(ParametricModel):
    name = "metr-horizon"
    source = "METR time horizons (Kwa et al. 2025), extrapolated"
    forecasts = "P(frontier 50% time horizon reaches the threshold, default one work-month, by year)"
    config_schema = MetrHorizonConfig
    events = (EventSpec("horizon_milestone", "the frontier 50% time horizon reaching its threshold"),)
    draw_year_cost = 4  # work units per draw-year (benchmarks/bench_model_costs.py)
    # Each draw's curve is smooth but the draws spread ~0.5 yr: 50,000 meets issue 11's SE <= 0.001
    # (10,000 gives 0.0021); a draw costs one (years,) evaluation.
    default_samples = {"conditional": 50_000}

    def p_by_year(self, spec, params, years):
        """(4) for parameter sets: P(threshold crossed by the end of each year), (sets, years)."""
        exp, sup = _trajectories(spec, params, np.asarray(years, dtype=float)[None, :] + 1.0)
        return p_by_year_from_horizons(exp, sup, as_column(params["superexponential.probability"]),
                                       as_column(log10_minutes_of_hours(params["horizon_threshold.horizon_hours"])),
                                       as_column(params["horizon_threshold.sd_log10"]))

    def diagnostics(self, spec, params, years):
        """At the central parameters: the horizon on the trend and the threshold's median [log10 min]."""
        exp, sup = _trajectories(spec, params, np.asarray(years, dtype=float))
        return {"log10_horizon_minutes": np.ravel(exp),
                # Past the singularity the horizon is undefined: NaN here, null in the JSON, a gap in charts
                # (issue 23 item 2: it was capped at 1e6 log10 minutes, a placeholder that read as a value).
                "log10_horizon_minutes_superexponential": np.where(np.isfinite(np.ravel(sup)), np.ravel(sup), np.nan),
                "log10_threshold_minutes": np.full(len(years), float(log10_minutes_of_hours(
                    params["horizon_threshold.horizon_hours"])))}


MODEL = register_model(MetrHorizon())
