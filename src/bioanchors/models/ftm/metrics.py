"""Milestones, takeoff metrics and yearly series of an FTM run (Davidson 2023, §"Takeoff
metrics"; FTM code epoch-research/ftm@99dc907, ftm/core/model.py, ``compute_timeline_metrics``,
``compute_takeoff_metrics``, ``compute_doubling_times``), recorded step by step, vectorised
over parameter sets.

Conventions (FTM's): an event's date is the start of the first step at which it holds
(``start + i dt``); "x% of tasks automated" means compute does over 10x labour's part of the
task; the takeoff durations count steps between the first steps past two thresholds (for
"20% to 100%" the first threshold is strictly above 20%); GWP growth at a step is the log
growth over the next year; sub-AGI, AGI and wake-up are dated from steps before the last.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: name -> (label, state key, threshold, strict >, dated on steps before the last only)
EVENTS = {
    "full_automation_goods": ("100% automation of goods and services", "frac_goods_done", 1.0, False, False),
    "automation_goods_20": ("20% automation of goods and services", "frac_goods_done", 0.2, False, False),
    "full_automation_rnd": ("100% automation of AI R&D", "frac_rnd_done", 1.0, False, False),
    "automation_rnd_20": ("20% automation of AI R&D", "frac_rnd_done", 0.2, False, False),
    "agi": ("AGI: 100% of goods tasks automatable", "frac_goods_automatable", 1.0, False, True),
    "sub_agi": ("sub-AGI: 20% of goods tasks automatable", "frac_goods_automatable", 0.2, False, True),
    "wake_up": ("wake-up: investment ramps up", "frac_goods_done", None, False, True),
}
#: name -> (label, (state key, threshold) of the start, (state key, threshold) of the end); strict >
DURATIONS = {
    "goods_20_to_100": ("years from 20% to 100% automation of goods", ("frac_goods_done", 0.2, True),
                        ("frac_goods_done", 1.0, False)),
    "rnd_20_to_100": ("years from 20% to 100% automation of AI R&D", ("frac_rnd_done", 0.2, True),
                      ("frac_rnd_done", 1.0, False)),
    "cognitive_output_2x_to_10x": ("years from 2x to 10x cognitive output in hardware R&D",
                                   ("multiplier_rnd", 2.0, True), ("multiplier_rnd", 10.0, True)),
}
N_DOUBLINGS = 4
SERIES = {  # name -> (label, unit)
    "automation_goods": ("goods and services tasks automated", "fraction"),
    "automation_rnd": ("AI R&D tasks automated", "fraction"),
    "gwp": ("gross world product", "log10 usd"),
    "gwp_growth": ("GWP growth over the year (log)", "%/yr"),
    "hardware": ("hardware on sale, FLOP/yr per dollar", "log10 FLOP/$"),
    "software": ("software efficiency (2022 = 0)", "log10 factor"),
    "largest_run": ("largest training run, effective FLOP", "log10 FLOP"),
    "training_spend": ("cost of the largest training run", "log10 usd"),
    "frac_gwp_compute": ("fraction of GWP spent on compute", "fraction"),
    "frac_compute_training": ("fraction of compute on the largest training run", "fraction"),
    "frac_compute_software_rnd": ("fraction of compute on software R&D", "fraction"),
    "frac_labour_software_rnd": ("fraction of labour on software R&D", "fraction"),
    "frac_compute_hardware_rnd": ("fraction of compute on hardware R&D", "fraction"),
}


@dataclass
class SimulationOutput:
    """Event years (sets,) [decimal yr; inf = not within the horizon], metrics (sets,) [years;
    nan = undefined], series (sets, years) at the start of each calendar year (nan outside the run)."""

    event_years: dict
    metrics: dict
    series: dict
    years: np.ndarray


def _series_value(name, st):
    f = st["frac"]
    values = {"automation_goods": lambda: st["frac_goods_done"], "automation_rnd": lambda: st["frac_rnd_done"],
              "gwp": lambda: np.log10(st["gwp"]), "hardware": lambda: np.log10(st["buyable"]),
              "software": lambda: np.log10(st["software"]), "largest_run": lambda: st["log10_run"],
              "training_spend": lambda: np.log10(st["money_training"])}
    if name in values:
        return values[name]()
    return f[name.removeprefix("frac_")]


class Recorder:
    """Collects, step by step, what metrics.py reports; O(sets) memory per step."""

    def __init__(self, S, T, opt, years, trigger):
        self.S, self.T, self.dt, self.start = S, T, opt.dt, opt.start
        self.trigger = trigger
        self.first = {k: np.full(S, -1) for k in [*EVENTS, *(f"{k}_{e}" for k in DURATIONS for e in "ab"),
                                                   "gwp_5", "gwp_20"]}
        self.years = np.asarray(years if years is not None else np.arange(int(opt.start), int(np.ceil(opt.end)) + 1),
                                dtype=float)
        self.year_step = np.round((self.years - opt.start) / opt.dt).astype(int)
        self.series = {k: np.full((S, self.years.size), np.nan) for k in SERIES}
        self.delta = int(1 / opt.dt)
        self.gwp_ring = np.zeros((self.delta + 1, S))
        self.ref_gwp, self.ref_step = np.full(S, np.nan), np.full(S, -1)
        self.doublings = np.full((N_DOUBLINGS, S), np.nan)
        self.n_doublings = np.zeros(S, int)

    def _mark(self, key, cond, t):
        hit = cond & (self.first[key] < 0)
        self.first[key][hit] = t

    def record(self, t, st, hp):
        for name, (_, key, th, strict, early) in EVENTS.items():
            if early and t > self.T - 2:
                continue
            th = self.trigger if th is None else th
            self._mark(name, st[key] > th if strict else st[key] >= th, t)
        for name, (_, a, b) in DURATIONS.items():
            for end, (key, th, strict) in zip("ab", (a, b)):
                self._mark(f"{name}_{end}", st[key] > th if strict else st[key] >= th, t)
        self._gwp(t, st["gwp"])
        cols = np.nonzero(self.year_step == t)[0]
        for name in SERIES:
            if name != "gwp_growth" and cols.size:
                self.series[name][:, cols] = _series_value(name, st)[:, None]

    def _gwp(self, t, gwp):
        self.gwp_ring[t % (self.delta + 1)] = gwp
        if t >= self.delta:
            growth = np.log(gwp / self.gwp_ring[(t - self.delta) % (self.delta + 1)])
            if t <= self.T - 2:
                self._mark("gwp_5", growth > 0.05, t)
                self._mark("gwp_20", growth > 0.20, t)
            cols = np.nonzero(self.year_step + self.delta == t)[0]
            if cols.size:
                self.series["gwp_growth"][:, cols] = 100.0 * growth[:, None]
        woke_now = (self.first["wake_up"] == t)
        self.ref_gwp[woke_now], self.ref_step[woke_now] = gwp[woke_now], t
        doubled = (self.ref_step >= 0) & ~woke_now & (gwp > 2.0 * self.ref_gwp) & (self.n_doublings < N_DOUBLINGS)
        rows = np.nonzero(doubled)[0]
        self.doublings[self.n_doublings[rows], rows] = (t - self.ref_step[rows]) * self.dt
        self.n_doublings[rows] += 1
        self.ref_gwp[rows], self.ref_step[rows] = gwp[rows], t

    def _span(self, a, b):
        ia, ib = self.first[a], self.first[b]
        return np.where((ia >= 0) & (ib >= 0), (ib - ia) * self.dt, np.nan)

    def finish(self) -> SimulationOutput:
        years = {k: np.where(self.first[k] >= 0, self.start + self.first[k] * self.dt, np.inf) for k in EVENTS}
        metrics = {k: self._span(f"{k}_a", f"{k}_b") for k in DURATIONS}
        agi = np.isfinite(years["agi"])
        metrics["sub_agi_to_agi"] = np.full(self.S, np.nan)
        metrics["sub_agi_to_agi"][agi] = years["agi"][agi] - years["sub_agi"][agi]
        metrics["gwp_growth_5_to_20"] = self._span("gwp_5", "gwp_20")
        for i in range(N_DOUBLINGS):
            metrics[f"gwp_doubling_{i + 1}"] = self.doublings[i]
        return SimulationOutput(years, metrics, self.series, self.years)
