"""CES production with the optimal allocation of labour and compute across tasks
(Davidson 2023, §"Production"; the allocation's closed form is derived in FTM's notebook
doc/old_task_based_model_openphil.ipynb; code epoch-research/ftm@99dc907, ftm/core/model.py,
``solve_allocation``, ``adjust_task_weights``, ``ces_production_function``).

Each sector (goods and services, hardware R&D, software R&D) produces

    Y = A * CES_outer([K, CES_inner(x_0..x_n; beta, rho)]; (a_K, a_C), rho_outer)
    CES(x; a, rho) = (sum_i a_i x_i^rho / sum_i a_i)^(1/rho)                              (1)
    x_i = l_i + eta_i c_i                                                                 (2)

with ``K`` capital (software R&D: the compute for experiments), ``l_i``, ``c_i`` the labour
[workers] and compute [FLOP/yr] given to task i, ``eta_i`` the workers one FLOP/yr replaces
(1 / runtime requirement; zero for tasks not yet automatable). Labour ``L`` and compute ``C``
are allocated to maximise the inner CES. With sigma = 1 / (1 - rho) and tasks ordered by falling
eta, the optimum has a critical task I: tasks below I run on compute only, tasks above on labour
only, task I may take both. Vectorised over parameter sets: arrays are (sets,) or (sets, tasks).
"""

from __future__ import annotations

import numpy as np


def ces(x, weights, rho, tfp=1.0):
    """(1) [units of x]: weighted CES of the last axis of ``x`` (rho < 0: complements)."""
    rho = np.reshape(rho, (-1, 1))
    mean = np.sum(weights * x ** rho, axis=-1) / np.sum(weights, axis=-1)
    return tfp * mean ** (1.0 / rho[:, 0])


def nested_ces(capital, task_input, outer_weights, inner_weights, outer_rho, inner_rho, tfp):
    """Sector output (1) [units of the sector], (sets,): tasks aggregated, then with capital."""
    cognitive = ces(task_input, inner_weights, inner_rho)
    return ces(np.stack([capital, cognitive], axis=-1), outer_weights, outer_rho, tfp)


def _suffix_prefix_sums(bs, be):
    """sum_{j>=I} bs_j and sum_{j<I} be_j for I = 0..tasks, (sets, tasks + 1) each."""
    n = bs.shape[1]
    suffix = np.zeros((bs.shape[0], n + 1))
    suffix[:, :n] = np.cumsum(bs[:, ::-1], axis=1)[:, ::-1]
    prefix = np.zeros_like(suffix)
    prefix[:, 1:] = np.cumsum(be, axis=1)
    return suffix, prefix


def allocate(labour, compute, weights, rho, eta, n_automatable):
    """Optimal labour and compute per task [workers], [FLOP/yr], (sets, tasks) each.

    ``weights`` (sets, tasks) inner CES weights; ``rho`` (sets,); ``eta`` (sets, tasks)
    non-increasing along tasks; ``n_automatable`` (sets,) >= 1: compute may go to tasks
    below it only. For each candidate critical task I (all at once), compute on I follows
    from equating marginal products (FTM notebook eq. 20) and labour on I from eq. 18; the
    first I whose labour is non-negative is optimal. If none is, every automatable task runs
    on compute only (eqs. 14-15, 22).
    """
    S, n = eta.shape
    labour, compute = np.asarray(labour, float)[:, None], np.asarray(compute, float)[:, None]
    sigma = 1.0 / (1.0 - np.reshape(rho, (-1, 1)))
    bs = weights ** sigma
    be = bs * eta ** (sigma - 1.0)
    suffix, prefix = _suffix_prefix_sums(bs, be)
    a = eta ** sigma * suffix[:, :n]
    b = prefix[:, :n]
    c_crit = (compute * a - labour * b) / (a + eta * b)
    l_crit = (labour + eta * c_crit) * bs / suffix[:, :n] - eta * c_crit
    idx = np.arange(n)[None, :]
    at = np.reshape(n_automatable, (-1, 1))
    ok = (idx < at) & (l_crit >= 0)
    found = ok.any(axis=1)
    crit = np.where(found, np.argmax(ok, axis=1), at[:, 0] - 1)
    rows = np.arange(S)
    c_i, l_i, e_i = c_crit[rows, crit][:, None], l_crit[rows, crit][:, None], eta[rows, crit][:, None]
    crit = crit[:, None]
    # Normal case: the critical task shares; compute below it, labour above it.
    lab = np.where(idx > crit, (labour + e_i * c_i) * bs / np.take_along_axis(suffix, crit, 1), 0.0)
    comp = np.where(idx < crit, (compute + l_i / e_i) * be / np.take_along_axis(prefix, crit + 1, 1), 0.0)
    lab = np.where(idx == crit, l_i, lab)
    comp = np.where(idx == crit, c_i, comp)
    # Found but compute on I negative: I takes labour only (FTM's second branch).
    neg = (found & (crit[:, 0] > 0) & (c_i[:, 0] < 0))[:, None]
    lab_neg = np.where(idx >= crit, labour * bs / np.take_along_axis(suffix, crit, 1), 0.0)
    comp_neg = np.where(idx < crit, compute * be / np.take_along_axis(prefix, np.maximum(crit, 1), 1), 0.0)
    # None found: every automatable task on compute, the rest on labour.
    none = ~found[:, None]
    lab_all = np.where(idx > crit, labour * bs / np.take_along_axis(suffix, crit + 1, 1), 0.0)
    comp_all = np.where(idx <= crit, compute * be / np.take_along_axis(prefix, crit + 1, 1), 0.0)
    lab = np.where(neg, lab_neg, np.where(none, lab_all, lab))
    comp = np.where(neg, comp_neg, np.where(none, comp_all, comp))
    # Everything automated: FTM puts the (rounding-level) labour on the last task.
    idle = np.all(lab == 0, axis=1)
    lab[idle, -1] = labour[idle, 0]
    return lab, comp


def _odds_to_shares(odds):
    """Odds o -> (o / (1 + o), 1 / (1 + o)), stable for tiny and huge o."""
    return odds / (1.0 + odds), 1.0 / (1.0 + odds)


def calibrate_weights(capital, labour, compute, eta0, outer_rho, inner_rho,
                      capital_to_cognitive_share, compute_to_labour_share):
    """Task weights that give the initial factor shares (FTM ``adjust_task_weights``).

    At the start labour is spread evenly over the n cognitive tasks and all compute does the
    compute task. The compute task's weight is set so compute earns ``compute_to_labour_share``
    of what labour earns (shares proportional to x^rho); then capital's weight so capital earns
    ``capital_to_cognitive_share`` of the cognitive aggregate's share.
    Returns outer weights (sets, 2) and inner weights (sets, tasks).
    """
    S, n = eta0.shape
    inner_rho = np.reshape(inner_rho, (-1, 1))
    per_task = labour / (n - 1)
    labour_earnings = labour * per_task ** (inner_rho[:, 0] - 1.0)
    compute_earnings = (eta0[:, 0] * compute) ** inner_rho[:, 0]
    w_compute, w_labour = _odds_to_shares(compute_to_labour_share * labour_earnings / compute_earnings)
    inner = np.repeat(w_labour[:, None], n, axis=1)
    inner[:, 0] = w_compute
    x = np.repeat(per_task[:, None], n, axis=1)
    x[:, 0] = eta0[:, 0] * compute
    cognitive = ces(x, inner, inner_rho[:, 0])
    w_cap, w_cog = _odds_to_shares(capital_to_cognitive_share * cognitive ** outer_rho / capital ** outer_rho)
    return np.stack([w_cap, w_cog], axis=-1), inner
