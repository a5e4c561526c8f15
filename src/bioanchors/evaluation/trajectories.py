"""The quantities P(TAI by t) is computed from, for every year at once.

Axis order: ``(samples, years)`` for trends and ``(samples, hypotheses,
years)`` for algorithmic progress; ``samples`` is 1 for point parameters so
that the same code serves one parameter set or a million.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..algorithmic_progress import log10_progress
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
    log10_progress: np.ndarray  # (samples, hypotheses, years) [OOM]
    p_none: np.ndarray  # (samples, years) [probability]
    weights: np.ndarray  # (samples, hypotheses), rows sum to 1

    @property
    def log10_affordable_flop(self) -> np.ndarray:
        """Compute the largest run can buy [log10 FLOP]: FLOP/$ + spend (+ run length)."""
        return self.log10_flop_per_usd + self.log10_spend_usd + self.log10_run_length

    @property
    def log10_reach(self) -> np.ndarray:
        """Largest 2020-equivalent requirement met by year t [log10 FLOP], (samples, hyps, years).

        affordable(t) + progress_i(t), carried forward as a running maximum so
        that 'affordable by t' means 'first affordable in some year <= t' even
        if a user's trend dips (e.g. negative GDP growth).
        """
        reach = self.log10_affordable_flop[:, None, :] + self.log10_progress
        return np.maximum.accumulate(reach, axis=-1)


def _col(x):
    """Float -> itself; (samples,) array -> (samples, 1) for broadcasting over years."""
    x = np.asarray(x, dtype=float)
    return x if x.ndim == 0 else x[:, None]


def trajectories(spec: ScenarioSpec, params: dict, years: np.ndarray) -> Trajectories:
    """Evaluate every trend for ``params`` (see :mod:`.parameters`) over ``years``."""
    years = np.asarray(years, dtype=float)
    t = years + spec.conventions.trend_year_offset_years
    P = {k: _col(v) for k, v in params.items()}
    fd, sp, rl, ap, br = spec.flop_per_dollar, spec.spending, spec.run_length, spec.algorithmic_progress, spec.breakthrough

    flop = log10_flop_per_usd(t, P["flop_per_dollar.log10_flop_per_usd"], P["flop_per_dollar.doubling_time_years"],
                              P["flop_per_dollar.log10_ceiling_flop_per_usd"], fd.reference_year)
    spend = log10_spend_usd(
        t, P["spending.log10_usd"], P["spending.doubling_time_years"], P["spending.ceiling_gdp_share"],
        P["spending.log10_gdp_usd"], P["spending.gdp_growth_per_year"], sp.reference_year, sp.gdp_reference_year,
        sp.initial_year, P.get("spending.initial_log10_usd"),
    )
    if rl.enabled:
        run = log10_run_length_factor(t, P["run_length.growth_per_year"], P["run_length.log10_ceiling_multiplier"],
                                      rl.reference_year)
    else:
        run = np.zeros_like(t)

    names = list(spec.hypotheses)
    scale = P["algorithmic_progress.halving_time_scale"]
    halving_all = P.get("algorithmic_progress.halving_time_years_all")
    progress = []
    for name in names:
        halving = halving_all if halving_all is not None else P[f"hypotheses.{name}.halving_time_years"]
        progress.append(log10_progress(t, halving * scale, P[f"hypotheses.{name}.cap_oom"], ap.start_year))
    n = max([np.shape(v)[0] for v in P.values() if np.ndim(v) == 2] or [1])
    shape = (n, years.size)
    prog = np.stack([np.broadcast_to(p, shape) for p in progress], axis=1)

    w = np.stack([np.broadcast_to(np.asarray(params[f"hypotheses.{k}.weight"], dtype=float), (n,)) for k in names], axis=1)
    total = w.sum(axis=1, keepdims=True)
    if np.any(total <= 0):
        from ..errors import ScenarioError

        raise ScenarioError("hypothesis weights must sum to a positive number in every sample")

    pn = p_none(years, P["breakthrough.p_none_start"], P["breakthrough.p_none_end"], br.start_year, br.end_year)
    return Trajectories(
        years=years,
        log10_flop_per_usd=np.broadcast_to(flop, shape),
        log10_spend_usd=np.broadcast_to(spend, shape),
        log10_run_length=np.broadcast_to(run, shape),
        log10_progress=prog,
        p_none=np.broadcast_to(pn, shape),
        weights=w / total,
    )
