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
    "largest_run_physical": ("largest training run, physical FLOP", "log10 FLOP"),
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


def _series_values(st) -> dict:
    """Every series but GWP growth (computed after the run) at the state ``st``."""
    values = {"automation_goods": st["frac_goods_done"], "automation_rnd": st["frac_rnd_done"],
              "gwp": np.log10(st["gwp"]), "hardware": np.log10(st["buyable"]),
              "software": np.log10(st["software"]), "largest_run": st["log10_run"],
              # effective FLOP are physical FLOP times software efficiency (report §2.3)
              "largest_run_physical": st["log10_run"] - np.log10(st["software"]),
              "training_spend": np.log10(st["money_training"])}
    return {name: values[name] if name in values else st["frac"][name.removeprefix("frac_")]
            for name in SERIES if name != "gwp_growth"}


#: State recorded every step (the rest of the metrics is computed from these after the run): the
#: fractions of tasks as counts k = fraction x n_tasks (int16; k / n_tasks gives back the same
#: float64), the R&D multiplier and GWP as float64.
_COUNTED = ("frac_goods_done", "frac_rnd_done", "frac_goods_automatable")
_HISTORY = (*_COUNTED, "multiplier_rnd", "gwp")


def _first(cond):
    """Index of the first True along axis 0 [step], -1 where none (also for no steps), (sets,)."""
    if cond.shape[0] == 0:  # a run shorter than the window a test needs (e.g. a year of GWP growth)
        return np.full(cond.shape[1:], -1)
    return np.where(cond.any(axis=0), cond.argmax(axis=0), -1)


class Recorder:
    """Collects, step by step, what metrics.py reports: five (steps, sets) histories (events and
    metrics are found from them after the run, in a few array operations instead of a dozen per
    step) and the series at the start of each year."""

    def __init__(self, S, T, opt, years, trigger):
        self.S, self.T, self.dt, self.start = S, T, opt.dt, opt.start
        self.trigger = trigger
        self.years = np.asarray(years if years is not None else np.arange(int(opt.start), int(np.ceil(opt.end)) + 1),
                                dtype=float)
        self.year_step = np.round((self.years - opt.start) / opt.dt).astype(int)
        self.year_cols = {int(t): np.nonzero(self.year_step == t)[0] for t in np.unique(self.year_step)}
        self.series = {k: np.full((S, self.years.size), np.nan) for k in SERIES}
        self.delta = int(1 / opt.dt)
        self.n_tasks = opt.n_tasks
        self.counts = np.empty((len(_COUNTED), T, S), np.int16)
        self.history = np.empty((len(_HISTORY) - len(_COUNTED), T, S))

    def record(self, t, st, hp):
        """Step ``t`` of the state ``st``: (sets,) arrays, or floats for one set (single.py)."""
        for i, k in enumerate(st["done_counts"]):  # the counts behind _COUNTED's fractions
            self.counts[i, t] = k
        self.history[0, t], self.history[1, t] = st["multiplier_rnd"], st["gwp"]
        cols = self.year_cols.get(t)
        if cols is not None:
            for name, value in _series_values(st).items():
                self.series[name][:, cols] = np.reshape(value, (-1, 1))

    def record_steps(self, first: int, counts, history) -> None:
        """Steps ``first``.. of one parameter set at once (single.py): ``counts`` (steps, 3) the
        task counts of ``_COUNTED``, ``history`` (steps, 2) the R&D multiplier and GWP."""
        last = first + len(counts)
        self.counts[:, first:last, 0] = np.asarray(counts, dtype=np.int16).T
        self.history[:, first:last, 0] = np.asarray(history, dtype=float).T

    def _events(self):
        """Step of each event and duration end [step], -1 if never, (sets,) each."""
        h = {**{k: c / self.n_tasks for k, c in zip(_COUNTED, self.counts)}, **dict(zip(_HISTORY[3:], self.history))}
        first = {}
        for name, (_, key, th, strict, early) in EVENTS.items():
            v = h[key][:self.T - 1] if early else h[key]
            th = self.trigger if th is None else th
            first[name] = _first(v > th if strict else v >= th)
        for name, (_, a, b) in DURATIONS.items():
            for end, (key, th, strict) in zip("ab", (a, b)):
                first[f"{name}_{end}"] = _first(h[key] > th if strict else h[key] >= th)
        # GWP growth at step t is the log growth over the year that ends there; dated up to the step before the last
        gwp = h["gwp"]
        growth = np.log(gwp[self.delta:] / gwp[:-self.delta]) if self.T > self.delta else np.empty((0, self.S))
        for th in (5, 20):
            at = _first(growth[:max(0, self.T - 1 - self.delta)] > th / 100.0)
            first[f"gwp_{th}"] = np.where(at >= 0, at + self.delta, -1)
        cols = np.nonzero((self.year_step >= 0) & (self.year_step + self.delta < self.T))[0]
        self.series["gwp_growth"][:, cols] = 100.0 * growth[self.year_step[cols]].T
        return first

    def _doublings(self, wake):
        """GWP doubling times after the wake-up step ``wake`` [years], (N_DOUBLINGS, sets): each
        from the step the last one ended (the wake-up for the first) to the first later step at
        which GWP exceeds twice its value there."""
        gwp, rows, steps = self.history[1], np.arange(self.S), np.arange(self.T)[:, None]
        out = np.full((N_DOUBLINGS, self.S), np.nan)
        ref = wake.copy()
        for i in range(N_DOUBLINGS):
            live = ref >= 0
            nxt = _first((gwp > 2.0 * gwp[np.maximum(ref, 0), rows]) & (steps > ref) & live)
            out[i] = np.where(nxt >= 0, (nxt - ref) * self.dt, np.nan)
            ref = nxt
        return out

    def _span(self, first, a, b):
        ia, ib = first[a], first[b]
        return np.where((ia >= 0) & (ib >= 0), (ib - ia) * self.dt, np.nan)

    def finish(self) -> SimulationOutput:
        first = self._events()
        years = {k: np.where(first[k] >= 0, self.start + first[k] * self.dt, np.inf) for k in EVENTS}
        metrics = {k: self._span(first, f"{k}_a", f"{k}_b") for k in DURATIONS}
        agi = np.isfinite(years["agi"])
        metrics["sub_agi_to_agi"] = np.full(self.S, np.nan)
        metrics["sub_agi_to_agi"][agi] = years["agi"][agi] - years["sub_agi"][agi]
        metrics["gwp_growth_5_to_20"] = self._span(first, "gwp_5", "gwp_20")
        for i, d in enumerate(self._doublings(first["wake_up"])):
            metrics[f"gwp_doubling_{i + 1}"] = d
        return SimulationOutput(years, metrics, self.series, self.years)
