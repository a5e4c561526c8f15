"""Investment fractions, the wake-up and the reinvestment of output (Davidson 2023,
§"Investment"; FTM code epoch-research/ftm@99dc907, ftm/core/model.py,
``allocate_fractional_inputs``, ``calculate_total_inputs``).

Seven fractions grow exponentially, each at its normal rate until the world "wakes up" (the
fraction of goods-and-services tasks automated reaches the trigger) and at its wake-up rate
after, each capped at its ceiling:

    frac' = min(frac * exp(g dt), ceiling),  g = g_wakeup if woken else g_normal            (1)

The fraction of compute on training stops growing, before wake-up, once the largest run's
cost exceeds the money cap (2). Whatever the R&D sectors and training do not take goes to
goods. GWP buys compute (``frac_gwp_compute``) and capital (a fixed 20% investment rate).
"""

from __future__ import annotations

import numpy as np

#: The seven fractions, in FTM's order: of GWP spent on compute, and of capital, labour and
#: compute given to hardware R&D, software R&D and training.
FRACTIONS = ("gwp_compute", "capital_hardware_rnd", "labour_hardware_rnd", "compute_hardware_rnd",
             "labour_software_rnd", "compute_software_rnd", "compute_training")
#: Share of GWP invested in capital each year (FTM ``investment_rate``, hard-coded 0.2).
INVESTMENT_RATE = 0.2


def grow_fraction(frac, growth_factor, wakeup_factor, ceiling, woken):
    """(1): the fractions one step later [fraction of the input], any shape ending in sets;
    ``growth_factor`` = exp(g dt) and ``wakeup_factor`` = exp(g_wakeup dt) (constant over a run)."""
    return np.minimum(frac * np.where(woken, wakeup_factor, growth_factor), ceiling)


def cap_training_before_wakeup(new_frac, old_frac, spent_training, money_cap, woken_before):
    """(2): the training fraction is frozen while asleep once the largest run costs more than the cap [usd]."""
    return np.where((spent_training > money_cap) & ~woken_before, old_frac, new_frac)
