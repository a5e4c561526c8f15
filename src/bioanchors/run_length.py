"""Training-run length: an optional extra factor on affordable compute.

Cotra's model held run length fixed (it ignored it); Epoch AI measures runs
growing ~1.2x/yr since 2010 and ~1.4x/yr for frontier language models since
2020 (docs/model.md §8). Longer runs buy more FLOP for the same hardware budget per
unit time, so the factor multiplies affordable compute. Modelled as a logistic
from 1 (no change) at the reference year, capped at ``log10_ceiling`` OOM.
"""

from __future__ import annotations

import numpy as np

from .logistic import log10_logistic
from .units import multiplier_to_doubling_years


def log10_run_length_factor(years, growth_per_year, log10_ceiling, reference_year=2025):
    """Run length relative to ``reference_year`` [log10 multiplier, OOM].

    ``growth_per_year`` is a yearly multiplier [x/yr] >= 1 (1 means no
    growth: the factor stays 1). Years before the reference are not
    extrapolated backwards: the factor is 1 there.
    """
    g = np.asarray(growth_per_year, dtype=float)
    with np.errstate(divide="ignore"):
        doubling = np.where(g > 1.0, multiplier_to_doubling_years(np.maximum(g, 1.0 + 1e-300)), np.inf)
    dt = np.maximum(np.asarray(years, dtype=float) - reference_year, 0.0)
    return log10_logistic(0.0, doubling, log10_ceiling, dt)
