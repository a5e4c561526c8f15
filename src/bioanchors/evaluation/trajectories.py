"""The quantities P(TAI by t) is computed from, for every year at once.

Axis order: ``(samples, years)`` for trends and ``(samples, hypotheses,
years)`` for algorithmic progress; ``samples`` is 1 for point parameters so
that the same code serves one parameter set or a million.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..algorithmic_progress import log10_progress_after
from ..breakthrough import p_none
from ..flop_per_dollar import log10_flop_per_usd
from ..run_length import log10_run_length_factor
from ..schema import ScenarioSpec
from ..spending import log10_spend_usd


@dataclass(frozen=True)
class Trajectories:
    years: np.ndarray  # (years,)
    log10_flop_per_usd: np.ndarray  # (samples, years) [log10 FLOP/USD]
    log10_spend_usd: np.ndarray  # (samples, years) [log10 USD]
    log10_run_length: np.ndarray  # (samples, years) [OOM relative to reference year]
    p_none: np.ndarray  # (samples, years) [probability]
    weights: np.ndarray  # (samples, hypotheses), rows sum to 1
    halving_years: np.ndarray  # (samples, hypotheses) effective halving time [years]
    cap_oom: np.ndarray  # (samples, hypotheses) [OOM]
    progress_dt: np.ndarray  # (years,) years of algorithmic progress since its start year (>= 0)

    @property
    def log10_affordable_flop(self) -> np.ndarray:
        """Compute the largest run can buy [log10 FLOP]: FLOP/$ + spend (+ run length)."""
        return self.log10_flop_per_usd + self.log10_spend_usd + self.log10_run_length

    @property
    def log10_progress(self) -> np.ndarray:
        """Algorithmic progress of every hypothesis [OOM], (samples, hypotheses, years); read-only, reused
        while the draws of its inputs are the same (an edit of another input: :mod:`.reuse`)."""
        from .reuse import TRAJECTORY_MEMO

        return TRAJECTORY_MEMO.call(log10_progress_after, self.progress_dt, self.halving_years[..., None],
                                    self.cap_oom[..., None])

    @property
    def log10_reach(self) -> np.ndarray:
        """Largest 2020-equivalent requirement met by year t [log10 FLOP], (samples, hyps, years).

        affordable(t) + progress_i(t), carried forward as a running maximum so
        that 'affordable by t' means 'first affordable in some year <= t' even
        if a user's trend dips (e.g. negative GDP growth).
        """
        reach = self.log10_affordable_flop[:, None, :] + self.log10_progress
        return np.maximum.accumulate(reach, axis=-1)

    def log10_reach_of(self, h: np.ndarray) -> np.ndarray:
        """As :attr:`log10_reach`, but only hypothesis ``h[k]`` for sample k: (samples, years).

        Monte Carlo needs one hypothesis per sample; computing all of them
        would cost (hypotheses) times more.
        """
        rows = np.arange(h.size) if self.halving_years.shape[0] > 1 else np.zeros(h.size, dtype=int)
        progress = log10_progress_after(self.progress_dt, self.halving_years[rows, h][:, None],
                                        self.cap_oom[rows, h][:, None])
        afford = self.log10_affordable_flop
        reach = (afford if afford.shape[0] > 1 else afford[0]) + progress
        return np.maximum.accumulate(reach, axis=-1)


def as_column(x):
    """A parameter for broadcasting over years: a float stays a scalar; a (sets,) array becomes
    (sets, 1). Every model's vectorised P(by t) takes its parameter sets this way."""
    x = np.asarray(x, dtype=float)
    return x if x.ndim == 0 else x[:, None]


_col = as_column  # the short name inside this module


def trajectories(spec: ScenarioSpec, params: dict, years: np.ndarray) -> Trajectories:
    """Evaluate every trend for ``params`` (see :mod:`.parameters`) over ``years``."""
    years = np.asarray(years, dtype=float)
    t = years + spec.conventions.trend_year_offset_years
    P = {k: _col(v) for k, v in params.items()}
    fd, sp, rl, ap, br = spec.flop_per_dollar, spec.spending, spec.run_length, spec.algorithmic_progress, spec.breakthrough

    from .reuse import TRAJECTORY_MEMO  # an edit of one trend leaves the others' draws, so their curves, the same

    flop = TRAJECTORY_MEMO.call(log10_flop_per_usd, t, P["flop_per_dollar.log10_flop_per_usd"],
                                P["flop_per_dollar.doubling_time_years"], P["flop_per_dollar.log10_ceiling_flop_per_usd"],
                                fd.reference_year)
    spend = TRAJECTORY_MEMO.call(
        log10_spend_usd, t, P["spending.log10_usd"], P["spending.doubling_time_years"], P["spending.ceiling_gdp_share"],
        P["spending.log10_gdp_usd"], P["spending.gdp_growth_per_year"], sp.reference_year, sp.gdp_reference_year,
        sp.initial_year, P.get("spending.initial_log10_usd"),
    )
    if rl.enabled:
        run = log10_run_length_factor(t, P["run_length.growth_per_year"], P["run_length.log10_ceiling_multiplier"],
                                      rl.reference_year)
    else:
        run = np.zeros_like(t)

    names = list(spec.hypotheses)
    scale = params["algorithmic_progress.halving_time_scale"]
    halving_all = params.get("algorithmic_progress.halving_time_years_all")
    n = max([np.shape(v)[0] for v in P.values() if np.ndim(v) == 2] or [1])
    shape = (n, years.size)

    def per_hypothesis(key):
        return np.stack([np.broadcast_to(np.asarray(params[f"hypotheses.{k}.{key}"], dtype=float), (n,)) for k in names],
                        axis=1)

    halving = (np.broadcast_to(np.asarray(halving_all, dtype=float), (n,))[:, None] * np.ones(len(names))
               if halving_all is not None else per_hypothesis("halving_time_years"))
    halving = halving * np.broadcast_to(np.asarray(scale, dtype=float).reshape(-1), (n,))[:, None]

    w = per_hypothesis("weight")
    total = w.sum(axis=1, keepdims=True)
    if np.any(total <= 0):
        from ..errors import ScenarioError

        raise ScenarioError("hypothesis weights must sum to a positive number in every sample")

    pn = p_none(years, P["breakthrough.p_none_start"], P["breakthrough.p_none_end"], br.start_year, br.end_year,
                br.interpolation)
    return Trajectories(
        years=years,
        log10_flop_per_usd=np.broadcast_to(flop, shape),
        log10_spend_usd=np.broadcast_to(spend, shape),
        log10_run_length=np.broadcast_to(run, shape),
        p_none=np.broadcast_to(pn, shape),
        weights=w / total,
        halving_years=halving,
        cap_oom=per_hypothesis("cap_oom"),
        # no progress before its start year (conventions: schema.AlgorithmicProgress.start_year)
        progress_dt=np.maximum(t - ap.start_year, 0.0),
    )
