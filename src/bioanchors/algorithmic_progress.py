"""Algorithmic progress: how far each hypothesis's 2020 requirement has fallen.

Report pp. 126-128 (docs/model.md §4): the compute needed falls along a logistic
curve from 1x in 2020 towards a cap of ``cap_oom`` orders of magnitude,
halving at first every ``halving_time_years``:

    progress(t) = L(1, halving_time, 10 ** cap, t - 2020)
    need_i(t)   = need_i(2020) / progress_i(t)

Best guess halving times are 2-3.5 years with caps of 2-5 OOM; the basis was
Hernandez & Brown (2020)'s 16-month halving on ImageNet, shaded upwards.
"""

from __future__ import annotations

import numpy as np

from .logistic import log10_logistic


def log10_progress(years, halving_time_years, cap_oom, start_year=2020):
    """Algorithmic progress since ``start_year`` [OOM], i.e. log10 of the factor
    by which a requirement has fallen. Broadcasts like the other trends.

    Zero before ``start_year`` (the scenario's ``algorithmic_progress.start_year``:
    progress only counts from there), the same rule as
    ``evaluation.trajectories.Trajectories.log10_progress``.
    """
    dt = np.maximum(np.asarray(years, dtype=float) - start_year, 0.0)
    return log10_progress_after(dt, halving_time_years, cap_oom)


def log10_progress_after(years_since_start, halving_time_years, cap_oom):
    """Algorithmic progress [OOM] after ``years_since_start`` [years, >= 0]: a logistic in log10
    space from 0 towards ``cap_oom`` [OOM], halving the requirement every ``halving_time_years``
    [years] at first (docs/model.md §4; report pp. 126-128). The engine calls this with its
    precomputed, already clamped years since the start."""
    return log10_logistic(0.0, halving_time_years, cap_oom, years_since_start)
