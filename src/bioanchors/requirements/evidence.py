"""The "not yet" likelihood: no TAI by year V although X FLOP of effective compute was reachable.

A transform (:mod:`.transforms`) over the 2020 requirement [log10 FLOP]. In
Cotra's model TAI arrives when the requirement becomes affordable (docs/model.md §1),
so "no TAI by V" rules out requirements at or below the effective compute that
was reachable, with slack (docs/evidence.md):

    L(x) = clip((x - (T - ramp)) / ramp, 0, 1)    (ramp > 0)
    L(x) = 1[x > T]                                (ramp = 0: truncation at T)

T [log10 2020-FLOP] is the realised reachable effective compute (largest run x
algorithmic multiplier since 2020), taken ``lag`` years before V by the caller
(:mod:`bioanchors.evidence`). The ramp lets requirements up to ``ramp`` OOM
below T survive in part: the largest run was not a run aimed at TAI. Its shape
is Cotra's own update against low values (report Part 1, a linear ramp in
log10 FLOP), placed below the realised compute instead of above it.

p_none is not part of this likelihood: :mod:`bioanchors.evidence` either sets
it aside or keeps it (then "not yet" also happens when no hypothesis holds).
"""

from __future__ import annotations

import numpy as np

from .transforms import Transform

__all__ = ["not_yet", "not_yet_likelihood"]


def not_yet_likelihood(log10_flop, threshold_log10_flop: float, ramp_log10_flop: float) -> np.ndarray:
    """P(no TAI yet | requirement x) [0-1], vectorised over ``log10_flop`` [log10 FLOP].

    0 at or below ``threshold - ramp``, rising linearly to 1 at ``threshold``;
    a step (1 strictly above ``threshold``) when ``ramp`` is 0.
    """
    x = np.asarray(log10_flop, dtype=float)
    if ramp_log10_flop < 0:
        raise ValueError("ramp_log10_flop must be >= 0")
    if ramp_log10_flop == 0:
        return (x > threshold_log10_flop).astype(float)
    return np.clip((x - (threshold_log10_flop - ramp_log10_flop)) / ramp_log10_flop, 0.0, 1.0)


def not_yet(threshold_log10_flop: float, ramp_log10_flop: float = 0.0, **params: float) -> Transform:
    """The "not yet" transform at threshold T [log10 FLOP]; ``params`` are recorded alongside."""
    t, r = float(threshold_log10_flop), float(ramp_log10_flop)
    return Transform("not_yet", lambda x: not_yet_likelihood(x, t, r),
                     {"threshold_log10_flop": t, "ramp_log10_flop": r, **params})
