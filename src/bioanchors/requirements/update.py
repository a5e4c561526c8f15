"""The update against low values (report Part 1, "Adjusting for low compute"; MODEL.md 3).

Cotra multiplied every hypothesis by a likelihood that is 0 at or below
1e23 FLOP (already-trained models are not transformative) and rises linearly
in log10 FLOP to 1 at 1e27, then renormalised. It removed ~30% of the
Lifetime Anchor's mass and ~10% of the Short Horizon's.
"""

from __future__ import annotations

import numpy as np


def low_value_likelihood(log10_flop, zero_at=23.0, one_at=27.0):
    """Likelihood of a requirement given that smaller runs did not yield TAI [0-1].

    ``L(x) = clip((x - zero_at) / (one_at - zero_at), 0, 1)``, x in log10 FLOP.
    """
    return np.clip((np.asarray(log10_flop, dtype=float) - zero_at) / (one_at - zero_at), 0.0, 1.0)
