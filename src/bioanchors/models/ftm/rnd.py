"""Semi-endogenous R&D: hardware and software progress from cumulative research input
(Davidson 2023, §"R&D"; FTM code epoch-research/ftm@99dc907, ftm/core/model.py,
``update_rnd``, ``initialize_rnd_state``).

Each step of ``dt`` years, the research input ``R`` [2022 $-equivalent/yr] of the step before,
penalised for parallel effort (``lambda``: the R&D parallelisation penalty), adds to the
cumulative input ``Z`` and the level ``P`` (hardware FLOP/yr/$ or software efficiency) grows as

    Z' = Z + R^lambda dt                                                                   (1)
    P' = min(P * (Z' / Z)^(r * f), ceiling),  f = log(ceiling / P) / log(ceiling / P_0)     (2)

where ``r`` is the returns to R&D divided by ``lambda`` (FTM states returns per doubling of
un-penalised input) and ``f`` shrinks the returns as the level approaches its ceiling. The
initial cumulative input is ``R_0^lambda / (ratio * lambda)`` with ``ratio`` the 2022 input
over the cumulative input to date. Hardware reaches buyers after a delay (3).
"""

from __future__ import annotations

import numpy as np


def initial_cumulative_input(initial_input, ratio_initial_to_cumulative, penalty):
    """Cumulative penalised research input at the start [($/yr)^lambda yr], (sets,)."""
    return initial_input ** penalty / ratio_initial_to_cumulative / penalty


def rnd_step(level, level0, research_input, cumulative, returns, log10_ceiling, penalty, dt):
    """(1)-(2): the level and cumulative input after one step, (sets,) each.

    ``level``/``level0`` in the units of the ceiling (FLOP/yr/$ or 2022-FLOP per FLOP);
    ``returns`` already divided by the penalty; ``log10_ceiling`` inf for no ceiling.
    """
    new_cumulative = cumulative + research_input ** penalty * dt
    headroom = np.where(np.isfinite(log10_ceiling),
                        (log10_ceiling - np.log10(level)) / (log10_ceiling - np.log10(level0)), 1.0)
    grown = level * (new_cumulative / cumulative) ** (returns * headroom)
    return np.minimum(grown, 10.0 ** log10_ceiling), new_cumulative


def buyable_hardware(history, t: int, delay_steps):
    """(3) FLOP/yr/$ on sale at step ``t`` [FLOP/yr/$], (sets,): the frontier of ``delay_steps``
    steps ago; before the start, extrapolated back at the first step's growth rate.

    ``history`` (steps, sets) holds the frontier hardware performance of steps 0..t.
    """
    back = t - delay_steps
    if np.all(back >= 0):
        return history.ravel().take(back * history.shape[1] + np.arange(history.shape[1]))
    rows = np.arange(history.shape[1])
    known = history[np.maximum(back, 0), rows]
    extrapolated = history[0] * (history[1] / history[0]) ** back.astype(float)
    return np.where(back >= 0, known, extrapolated)
