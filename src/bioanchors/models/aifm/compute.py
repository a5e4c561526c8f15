"""Compute and labour inputs of the AI Futures Model (write-up §"Compute forecasts").

The model takes four exogenous yearly series (Joshuaclymer/ai_futures_model@53bc297:input_data.csv,
shipped unchanged for 2017-2080 as ``bioanchors/data/aifm/inputs.csv``):

* human coders ``L_H`` [researchers],
* automation compute ``C_aut`` [H100e] (the compute AIs use to do coding work),
* experiment compute ``C_xpm`` [H100e],
* training compute ``log10 C_train`` [log10 FLOP].

Between years the first three are interpolated log-linearly (constant growth within a year), and
training compute grows at the constant rate of its year segment [OOM/yr] (the peer's
``TimeSeriesData.get_training_compute_growth_rate``, progress_model/types.py @53bc297; at an exact
interior year boundary the two adjacent segment rates are averaged). Every function here is
vectorised over times.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

INPUTS_FILE = "inputs.csv"


@dataclass(frozen=True)
class Inputs:
    """The exogenous series, one row per year (axis: years)."""

    year: np.ndarray  # [decimal yr]
    log_human: np.ndarray  # ln L_H [ln researchers]
    log_automation_compute: np.ndarray  # ln C_aut [ln H100e]
    log_experiment_compute: np.ndarray  # ln C_xpm [ln H100e]
    log10_training_flop: np.ndarray  # log10 C_train [log10 FLOP]
    # the three logs as intercept + slope * t on each of the years + 1 segments of the real line
    # (flat outside the table, as np.interp), and the training growth rate of each segment
    _intercept: np.ndarray = field(init=False, repr=False)  # (3, years + 1)
    _slope: np.ndarray = field(init=False, repr=False)  # (3, years + 1)
    _growth: np.ndarray = field(init=False, repr=False)  # (years + 1,) [OOM/yr]

    def __post_init__(self):
        table = np.stack([self.log_human, self.log_automation_compute, self.log_experiment_compute])
        slope = np.diff(table, axis=1) / np.diff(self.year)
        intercept = table[:, :-1] - slope * self.year[:-1]
        flat = np.zeros((3, 1))
        object.__setattr__(self, "_slope", np.concatenate([flat, slope, flat], axis=1))
        object.__setattr__(self, "_intercept", np.concatenate([table[:, :1], intercept, table[:, -1:]], axis=1))
        rates = np.diff(self.log10_training_flop) / np.diff(self.year)
        object.__setattr__(self, "_growth", np.concatenate([rates[:1], rates, rates[-1:]]))

    def human(self, t):
        """Human coders L_H(t) [researchers], log-linear between years."""
        return np.exp(np.interp(t, self.year, self.log_human))

    def automation_compute(self, t):
        """Automation compute C_aut(t) [H100e], log-linear between years."""
        return np.exp(np.interp(t, self.year, self.log_automation_compute))

    def experiment_compute(self, t):
        """Experiment compute C_xpm(t) [H100e], log-linear between years."""
        return np.exp(np.interp(t, self.year, self.log_experiment_compute))

    def training_growth(self, t):
        """Training-compute growth rate [OOM/yr]: the rate of t's year segment (averaged at an
        interior year boundary; the first/last segment's rate outside the table)."""
        t = np.atleast_1d(np.asarray(t, dtype=float))
        rates = np.diff(self.log10_training_flop) / np.diff(self.year)
        j = np.clip(np.searchsorted(self.year, t, side="right") - 1, 0, len(rates) - 1)
        out = rates[j].copy()
        left = j
        right = np.minimum(j + 1, len(self.year) - 1)
        for k in (left, right):  # on an interior grid point: mean of the two adjacent segments
            on = (np.abs(t - self.year[k]) < 1e-10) & (k >= 1) & (k < len(self.year) - 1)
            out[on] = 0.5 * (rates[k[on] - 1] + rates[k[on]])
        return out


    def log_inputs_at(self, t):
        """(ln L_H, ln C_aut, ln C_xpm) (3, ...) and the training growth rate [OOM/yr] at times t
        off the segment each t is in (one lookup for all four; the hot path of the time loop)."""
        k = np.searchsorted(self.year, t, side="right")
        return self._intercept[:, k] + self._slope[:, k] * t, self._growth[k]


@lru_cache(maxsize=1)
def default_inputs() -> Inputs:
    """The AI Futures Model's own input series (package data; never the network)."""
    text = resources.files("bioanchors.data").joinpath("aifm").joinpath(INPUTS_FILE).read_text()
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    data = np.array([[float(v) for v in ln.split(",")] for ln in lines[1:]])
    return Inputs(
        year=data[:, 0],
        log_human=np.log(data[:, 1]),
        log_automation_compute=np.log(data[:, 2]),
        log_experiment_compute=np.log(data[:, 3]),
        log10_training_flop=data[:, 4],
    )


def log_growth(series_log: np.ndarray, year: np.ndarray, t: float) -> float:
    """d ln x / dt [1/yr] of a log-linearly interpolated series at t (its segment's slope)."""
    rates = np.diff(series_log) / np.diff(year)
    j = int(np.clip(np.searchsorted(year, t, side="right") - 1, 0, len(rates) - 1))
    return float(rates[j])


def spliced(inputs: Inputs, splice_year: float, growth_oom_per_year: float) -> Inputs:
    """``inputs`` with training compute [log10 FLOP] kept to ``splice_year`` (a row of the table) and
    growing at ``growth_oom_per_year`` [OOM/yr] after it (a compute-supply trend instead of the
    model's own forecast; docs/models/aifm.md, "Compute supply"). The other series are unchanged."""
    from dataclasses import replace

    if not np.any(inputs.year == splice_year):
        raise ValueError(f"splice year {splice_year} is not a row of the input series ({inputs.year[0]:g}-{inputs.year[-1]:g})")
    at = float(inputs.log10_training_flop[inputs.year == splice_year][0])
    after = inputs.year > splice_year
    train = np.where(after, at + growth_oom_per_year * (inputs.year - splice_year), inputs.log10_training_flop)
    return replace(inputs, log10_training_flop=train)
