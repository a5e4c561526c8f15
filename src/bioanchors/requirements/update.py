"""The update against low values (report Part 1, "Adjusting for low compute"; docs/model.md §3).

Cotra multiplied every hypothesis by a likelihood that is 0 at or below
1e23 FLOP (already-trained models are not transformative) and rises linearly
in log10 FLOP to 1 at 1e27, then renormalised. It removed ~30% of the
Lifetime Anchor's mass and ~10% of the Short Horizon's.

It is one :class:`~.transforms.Transform`, applied to the cached build of
every hypothesis, sampled or given directly (:func:`.build.build_hypotheses`).
"""

from __future__ import annotations

import functools

import numpy as np

from .distribution import RequirementDistribution
from .transforms import Transform

NAME = "low_value_update"


def low_value_likelihood(log10_flop, zero_at=23.0, one_at=27.0):
    """Likelihood of a requirement given that smaller runs did not yield TAI [0-1].

    ``L(x) = clip((x - zero_at) / (one_at - zero_at), 0, 1)``, x in log10 FLOP.
    """
    return np.clip((np.asarray(log10_flop, dtype=float) - zero_at) / (one_at - zero_at), 0.0, 1.0)


def low_value_update(zero_at: float = 23.0, one_at: float = 27.0) -> Transform:
    """The update against low values as a transform [log10 FLOP thresholds]."""
    if not one_at > zero_at:
        raise ValueError("one_at must be greater than zero_at")
    lik = functools.partial(low_value_likelihood, zero_at=zero_at, one_at=one_at)
    return Transform(NAME, lik, {"zero_at_log10_flop": float(zero_at), "one_at_log10_flop": float(one_at)})


def update_against_low_values(dist: RequirementDistribution, zero_at: float = 23.0,
                              one_at: float = 27.0) -> RequirementDistribution:
    """``dist`` after the update against low values; ``removed_by_update`` says how much it removed."""
    return dist.transformed(low_value_update(zero_at, one_at))
