"""Task automation from effective compute (Davidson 2023, §"Automation" and appendix on the
FLOP gap; FTM code epoch-research/ftm@99dc907, ftm/core/model.py, ``process_automation_costs``,
``quantiles_from_gap``, ``automate_tasks``, ``compute_runtime_requirements``).

Everything here is in log10 and vectorised over parameter sets: arrays are (sets,) or
(sets, tasks), tasks = ``n_tasks + 1`` (task 0 is the compute-only task that exists from the
start; tasks 1..n are the cognitive tasks labour does today).

Training requirements [log10 FLOP with 2022 algorithms] of the n tasks are log-linear in the
task quantile q between the anchor points of the FLOP gap ``G`` (the report's "effective FLOP
gap": the hardest task needs ``T``, the task at the 20th percentile from the top ``T / G``):

    q:                 0       0.05    0.10    0.20    0.50    1.00
    log10 req(q):  T - 1.5g  T - 1.357g  T - 1.214g  T - g  T - 4g/7  T       g = log10 G

(FTM's ``quantiles_from_gap``: one "unit" is G^(1/7); the gap spans 7 units below the top
and 3.5 more units reach down to the easiest task.) Runtime requirements [log10 FLOP/yr per
human-worker equivalent] use the same shape with their own top and gap. R&D tasks are easier
than goods tasks by fixed ratios (``goods_vs_rnd``).
"""

from __future__ import annotations

import numpy as np

#: Seconds per year FTM uses to turn runtime FLOP/s into FLOP/yr (365 days).
SECONDS_PER_YEAR = 365 * 24 * 3600
#: Quantile anchors of the requirement curve and their distance below the top [units of log10(gap)/7].
_Q_ANCHORS = np.array([0.0, 0.05, 0.1, 0.2, 0.5, 1.0])
_UNITS_BELOW_TOP = np.array([10.5, 9.5, 8.5, 7.0, 4.0, 0.0])


def requirement_curve(log10_top, gap_oom, n_tasks: int, steepness_oom=0.0) -> np.ndarray:
    """Requirements of the compute task and ``n_tasks`` cognitive tasks [log10 units of ``log10_top``].

    Returns (sets, n_tasks + 1), non-decreasing along tasks; column 0 is the always-automated
    compute task (requirement 1, log10 0). ``steepness_oom`` > 0 rounds each requirement up to a
    staircase with steps of that many OOM starting at ``top - gap`` (capped at the top);
    0 keeps the smooth curve.
    """
    top = np.reshape(np.asarray(log10_top, dtype=float), (-1, 1))
    gap = np.reshape(np.asarray(gap_oom, dtype=float), (-1, 1))
    units = np.interp(np.linspace(0.0, 1.0, n_tasks), _Q_ANCHORS, _UNITS_BELOW_TOP)
    req = top - gap / 7.0 * units[None, :]
    steep = np.reshape(np.asarray(steepness_oom, dtype=float), (-1, 1))
    if np.any(steep > 0):
        low = top - gap
        with np.errstate(divide="ignore", invalid="ignore"):
            stepped = np.minimum(low + np.ceil((req - low) / np.where(steep > 0, steep, 1.0)) * steep, top)
        req = np.where(steep > 0, stepped, req)
    return np.concatenate([np.zeros((req.shape[0], 1)), req], axis=1)


#: Above this many (sets x tasks) cells a count of tasks is warm-started from the previous step's
#: (O(sets) per step); below it one comparison over every task costs fewer numpy calls.
WARM_COUNT_CELLS = 20_000


def count_ascending(below, full, prev, n: int):
    """Per row, how many of the ``n`` entries satisfy a predicate that holds on a prefix of the
    row (entries ascend along tasks) [count], (sets,).

    ``full(rows)`` counts by testing every task of the rows ``rows``; ``below(k)`` tests entry
    ``k`` (any shape ending in sets) of every row. With ``prev`` (last step's count) entries
    prev - 1 and prev are tested and only the rows where the count moved are counted in full:
    exact, and O(sets) per step when few counts move.
    """
    if prev is None:
        return full(slice(None))
    b = below(np.clip(prev + _PAIR, 0, n - 1))
    moved = ((prev > 0) & ~b[0]) | ((prev < n) & b[1])
    if not moved.any():
        return prev
    todo = np.nonzero(moved)[0]
    count = prev.copy()
    count[todo] = full(todo)
    return count


_PAIR = np.array([-1, 0])[:, None]


def automatable_tasks(log10_training_req, log10_largest_run, log10_max_tradeoff, prev=None) -> np.ndarray:
    """Number of tasks (compute task included) [count], (sets,), whose training requirement
    is below the largest run scaled by the largest training-for-runtime trade-off.
    ``prev``: last step's counts, a warm start for many sets (:func:`count_ascending`)."""
    reach = np.reshape(log10_largest_run + log10_max_tradeoff, (-1, 1))
    req = log10_training_req
    if prev is None or req.size <= WARM_COUNT_CELLS:
        return np.sum(req < reach, axis=1)
    flat, rows = req.ravel(), np.arange(req.shape[0]) * req.shape[1]
    return count_ascending(lambda k: flat.take(rows + k) < reach[:, 0],
                           lambda r: np.sum(req[r] < reach[r], axis=1), prev, req.shape[1])


def log10_runtime_requirement(log10_runtime_req, log10_training_req, log10_largest_run, tradeoff):
    """Runtime per human-equivalent [log10 FLOP/yr], (sets, tasks), after the training-runtime trade-off.

    Training a task ``k`` times beyond its requirement cuts its runtime requirement ``k^tradeoff``
    times (and training less raises it); never below 1 FLOP/yr. ``tradeoff`` 0 disables it.
    """
    excess = log10_training_req - np.reshape(log10_largest_run, (-1, 1))
    return np.maximum(0.0, log10_runtime_req + np.reshape(tradeoff, (-1, 1)) * excess)
