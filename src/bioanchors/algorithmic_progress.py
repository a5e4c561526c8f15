"""Algorithmic progress: how far each hypothesis's 2020 requirement has fallen.

Report pp. 126-128 (MODEL.md 4): the compute needed falls along a logistic
curve from 1x in 2020 towards a cap of ``cap_oom`` orders of magnitude,
halving at first every ``halving_time_years``:

    progress(t) = L(1, halving_time, 10 ** cap, t - 2020)
    need_i(t)   = need_i(2020) / progress_i(t)

Best guess halving times are 2-3.5 years with caps of 2-5 OOM; the basis was
Hernandez & Brown (2020)'s 16-month halving on ImageNet, shaded upwards.
"""

from __future__ import annotations

from .logistic import log10_logistic


def log10_progress(years, halving_time_years, cap_oom, start_year=2020):
    """Algorithmic progress since ``start_year`` [OOM], i.e. log10 of the factor
    by which a requirement has fallen. Broadcasts like the other trends."""
    return log10_logistic(0.0, halving_time_years, cap_oom, years - start_year)
