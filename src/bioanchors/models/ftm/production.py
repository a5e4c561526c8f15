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


# ------------------------------------------------------------------ the fast path
# Inner weights have FTM's structure: w0 for the compute task, one w for every cognitive task.
# Then the optimum's task inputs need not be formed: tasks below the critical task I run on
# compute with x_j = Q w_j^sigma eta_j^sigma (Q a common factor), so sum_{j<I} w_j x_j^rho =
# Q^rho sum_{j<I} w_j^sigma eta_j^(sigma-1) (as 1 + sigma rho = sigma), a prefix sum; the tasks
# above I all get the same labour. Per step this costs one power and one cumulative sum per
# task group (goods; R&D, shared by hardware and software) and O(sets x tasks) multiply-adds.


def task_group(log10_runtime, rho, n_automatable):
    """Per-step terms shared by the sectors using one set of tasks, restricted to the first
    ``max(n_automatable)`` tasks (no compute goes beyond): eta, eta^(sigma-1) and its prefix sums."""
    m = int(np.max(n_automatable))
    sigma = 1.0 / (1.0 - np.asarray(rho, dtype=float))
    lr = log10_runtime[:, :m]
    eta = 10.0 ** -lr
    e = 10.0 ** (-(sigma - 1.0)[:, None] * lr)
    cum = np.zeros((lr.shape[0], m + 1))
    np.cumsum(e, axis=1, out=cum[:, 1:])
    return {"eta": eta, "e": e, "eta_sigma": eta * e, "cum": cum, "sigma": sigma, "rho": np.asarray(rho, float), "n": log10_runtime.shape[1],
            "at": np.asarray(n_automatable)}


def _sums(g, w0s, ws, cols):
    """sum_{j>=I} w_j^sigma (suffix) and sum_{j<I} w_j^sigma eta_j^(sigma-1) (prefix) at task indices ``cols``."""
    n = g["n"]
    suffix = ws[:, None] * (n - np.maximum(cols, 1)) + np.where(cols == 0, w0s[:, None], 0.0)
    cum = np.take_along_axis(g["cum"], cols, 1) if cols.shape[1] != g["cum"].shape[1] else g["cum"]
    prefix = ws[:, None] * cum + np.where(cols >= 1, ((w0s - ws) * g["e"][:, 0])[:, None], 0.0)
    return suffix, prefix


def _critical(labour, compute, eta_i, eta_sigma_i, bs_i, suffix_i, prefix_i):
    """Compute and labour on a candidate critical task (FTM notebook eqs. 20 and 18), any shape;
    ``eta_sigma_i`` = eta_i^sigma."""
    a = eta_sigma_i * suffix_i
    c = (compute * a - labour * prefix_i) / (a + eta_i * prefix_i)
    return c, (labour + eta_i * c) * bs_i / suffix_i - eta_i * c


def fast_inner_sum(g, labour, compute, w0, w, automated=True):
    """sum_j w_j x_j^rho at the optimal allocation, (sets,), and the count of tasks where
    compute does over 10x labour's part; ``automated`` False allows the compute task only."""
    S, sig, rho = labour.shape[0], g["sigma"], g["rho"]
    w0s, ws = w0 ** sig, w ** sig
    if automated:
        m = g["eta"].shape[1]
        cols = np.broadcast_to(np.arange(m + 1), (S, m + 1))
        suffix, prefix = _sums(g, w0s, ws, cols)
        bs = np.where(cols[:, :m] == 0, w0s[:, None], ws[:, None])
        c, lab = _critical(labour[:, None], compute[:, None], g["eta"], g["eta_sigma"], bs, suffix[:, :m],
                                 prefix[:, :m])
        ok = (cols[:, :m] < g["at"][:, None]) & (lab >= 0)
        found = ok.any(axis=1)
        crit = np.where(found, np.argmax(ok, axis=1), g["at"] - 1)
        rows = np.arange(S)
        c_i, l_i = c[rows, crit], lab[rows, crit]
    else:
        crit, rows = np.zeros(S, int), np.arange(S)
        suffix, prefix = _sums(g, w0s, ws, np.zeros((S, 2), int) + np.array([0, 1]))
        c_i, l_i = _critical(labour, compute, g["eta"][:, 0], g["eta_sigma"][:, 0], w0s, suffix[:, 0], prefix[:, 0])
        found = l_i >= 0
    return _sum_at_optimum(g, labour, compute, w0, w, crit, found, c_i, l_i)


def _sum_at_optimum(g, labour, compute, w0, w, crit, found, c_i, l_i):
    """The CES sum and automated-task count for the three cases of :func:`allocate`, in O(sets)."""
    sig, rho, n = g["sigma"], g["rho"], g["n"]
    w0s, ws = w0 ** sig, w ** sig
    rows = np.arange(labour.shape[0])
    at_i = lambda a, k: a[rows, np.minimum(k, a.shape[1] - 1)]  # noqa: E731
    sfx = lambda k: ws * (n - np.maximum(k, 1)) + np.where(k == 0, w0s, 0.0)  # noqa: E731
    pfx = lambda k: ws * at_i(g["cum"], k) + np.where(k >= 1, (w0s - ws) * g["e"][:, 0], 0.0)  # noqa: E731
    eta_i, w_i = at_i(g["eta"], crit), np.where(crit == 0, w0, w)
    neg = found & (crit > 0) & (c_i < 0)
    normal = found & ~neg
    # normal: compute below I (factor Q), I shares, equal labour above I
    q = np.where(normal, (compute + l_i / eta_i) / pfx(crit + 1), np.where(neg, compute / pfx(crit), compute / pfx(crit + 1)))
    p_below = np.where(neg, pfx(crit), np.where(normal, pfx(crit), pfx(crit + 1)))
    lab_each = np.where(normal, (labour + eta_i * c_i) * ws / sfx(crit),
                        np.where(neg, labour * ws / sfx(crit), labour * ws / sfx(crit + 1)))
    n_lab = np.where(neg, n - crit, n - 1 - crit)
    x_i = l_i + eta_i * c_i
    total = q ** rho * p_below + np.where(normal, w_i * x_i ** rho, 0.0)
    total = total + np.where(n_lab > 0, n_lab * w * lab_each ** rho, 0.0)
    count = np.where(normal, crit + (eta_i * c_i > 10.0 * l_i), np.where(neg, crit, crit + 1))
    # Everything automated (no labour task left): FTM puts the labour on the last task.
    idle = ~found & (crit == n - 1)
    if np.any(idle):
        e_last, eta_last = at_i(g["e"], crit), eta_i
        machine_last = q * ws * eta_last * e_last  # x of the last task on compute alone
        total = np.where(idle, total - q ** rho * ws * e_last + w * (machine_last + labour) ** rho, total)
        count = np.where(idle, n - 1 + (machine_last > 10.0 * labour), count)
    return total, count
