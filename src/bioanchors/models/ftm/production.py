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

from . import automation as au

_LN10 = float(np.log(10.0))


def _pow(x, a):
    """x^a for x > 0 via exp and log (about twice as fast as numpy's power on arrays)."""
    return np.exp(a * np.log(x))


def ces(x, weights, rho, tfp=1.0):
    """(1) [units of x]: weighted CES of the last axis of ``x`` (rho < 0: complements)."""
    rho = np.reshape(rho, (-1, 1))
    mean = np.sum(weights * _pow(x, rho), axis=-1) / np.sum(weights, axis=-1)
    return tfp * _pow(mean, 1.0 / rho[:, 0])


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
    n = eta0.shape[1]
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


class TaskGroup:
    """The terms of one set of tasks (goods; R&D, shared by hardware and software) that the
    fast path needs, precomputed once per run.

    With the trade-off (automation.py), log10 runtime_j = max(0, u_j - alpha R), u_j = runtime_j +
    alpha training_j fixed and R the log10 largest run of the step. Since sigma < 1,

        eta_j^(sigma-1) = 10^((1 - sigma) max(0, u_j - alpha R)) = max(1, K_j s),
        K_j = 10^((1 - sigma) u_j),  s = 10^(-(1 - sigma) alpha R),

    and K rises along tasks, so sum_{j<I} eta_j^(sigma-1) = min(I, J) + s (cumK_I - cumK_min(I,J))
    with J the tasks where K_j s < 1: no power or cumulative sum per step.
    """

    def __init__(self, u, alpha, rho):
        self.u, self.alpha = u, np.reshape(alpha, (-1,))
        self.rho = np.asarray(rho, float)
        self.sigma = 1.0 / (1.0 - self.rho)
        self.k = 10.0 ** ((1.0 - self.sigma)[:, None] * u)
        self.cum_k = np.zeros((u.shape[0], u.shape[1] + 1))
        np.cumsum(self.k, axis=1, out=self.cum_k[:, 1:])
        self.n = u.shape[1]
        # flat views and row offsets: a take on them is ~5x faster than a[rows, k]
        self._u, self._k, self._cum = u.ravel(), self.k.ravel(), self.cum_k.ravel()
        self._row, self._row1 = np.arange(u.shape[0]) * self.n, np.arange(u.shape[0]) * (self.n + 1)
        self._coef = -_LN10 * (1.0 - self.sigma) * self.alpha  # s = exp(coef R)
        self._weights: tuple | None = None  # (powered, tables) of the last weights used (constant over a run)

    def at_step(self, log10_run, n_automatable):
        """Set the step: the largest run [log10 FLOP] and the automatable tasks, (sets,) each."""
        self.s = np.exp(self._coef * log10_run)
        prev = getattr(self, "clamped", None) if self.k.size > au.WARM_COUNT_CELLS else None
        self.clamped = au.count_ascending(lambda j: self._k.take(self._row + j) * self.s < 1.0,
                                          lambda r: np.sum(self.k[r] * self.s[r, None] < 1.0, axis=1), prev, self.n)
        self.log10_run, self.at = log10_run, np.asarray(n_automatable)
        return self

    def rows(self, idx):
        """The same group restricted to the rows ``idx`` (a view for the search's unsettled rows)."""
        sub = object.__new__(TaskGroup)
        sub.__dict__.update(self.__dict__)
        for name in ("alpha", "rho", "sigma", "_row", "_row1", "_coef", "s", "clamped", "log10_run", "at"):
            setattr(sub, name, getattr(self, name)[idx])
        return sub

    def lr(self, k):
        """log10 runtime requirement [log10 FLOP/yr per worker] of task ``k`` (sets,)."""
        return np.maximum(0.0, self._u.take(self._row + k) - self.alpha * self.log10_run)

    def e(self, k):
        """eta^(sigma - 1) of task ``k``."""
        return np.maximum(1.0, self._k.take(self._row + k) * self.s)

    def cum(self, k):
        """sum_{j<k} eta_j^(sigma - 1)."""
        low = np.minimum(k, self.clamped)
        return low + self.s * (self._cum.take(self._row1 + k) - self._cum.take(self._row1 + low))


def _critical(labour, compute, eta_i, eta_sigma_i, bs_i, suffix_i, prefix_i):
    """Compute and labour on a candidate critical task (FTM notebook eqs. 20 and 18), any shape;
    ``eta_sigma_i`` = eta_i^sigma."""
    a = eta_sigma_i * suffix_i
    c = (compute * a - labour * prefix_i) / (a + eta_i * prefix_i)
    return c, (labour + eta_i * c) * bs_i / suffix_i - eta_i * c


def _weight_tables(g: TaskGroup, w0s, ws):
    """sum_{j>=k} w_j^sigma, w_k^sigma and the compute task's term of sum_{j<k}, for k = 0..n,
    flat (rows x (n + 1)) like ``g.cum_k``: constant over a run (w_j^sigma is w0s for the compute
    task, ws for every other)."""
    k = np.arange(g.n + 1)[None, :]
    w0s, ws = np.reshape(w0s, (-1, 1)), np.reshape(ws, (-1, 1))
    suffix = ws * (g.n - np.maximum(k, 1)) + np.where(k == 0, w0s, 0.0)
    # the compute task's eta^(sigma-1) is 1 (it needs 1 FLOP/yr)
    return suffix.ravel(), np.where(k == 0, w0s, ws).ravel(), np.where(k >= 1, w0s - ws, 0.0).ravel()


class _Sums:
    """sum_{j>=I} w_j^sigma and sum_{j<I} w_j^sigma eta_j^(sigma-1) at one task index per set.
    ``tables``: :func:`_weight_tables`, computed here unless given (a subset shares its parent's)."""

    def __init__(self, g: TaskGroup, w0, w, powered=None, tables=None):
        self.g = g
        self.w0s, self.ws = powered if powered is not None else (w0 ** g.sigma, w ** g.sigma)
        if tables is None and powered is not None and g._weights is not None and g._weights[0] is powered:
            tables = g._weights[1]  # the same weights as the last step: the same tables
        if tables is None:
            tables = _weight_tables(g, self.w0s, self.ws)
            if powered is not None:
                g._weights = (powered, tables)
        self.tables = tables
        self._suffix, self._bs, self._offset = tables

    def suffix(self, k):
        return self._suffix.take(self.g._row1 + k)

    def prefix(self, k):
        return self.ws * self.g.cum(k) + self._offset.take(self.g._row1 + k)

    def candidate(self, labour, compute, k):
        """(c_I, l_I, eta_I) of candidate critical task ``k`` (sets,), 0 <= k."""
        k = np.minimum(k, self.g.n - 1)
        eta = np.exp(-_LN10 * self.g.lr(k))
        eta_sigma = eta * self.g.e(k)
        i = self.g._row1 + k
        c, lab = _critical(labour, compute, eta, eta_sigma, self._bs.take(i), self._suffix.take(i), self.prefix(k))
        return c, lab, eta


def _bisect(sums, labour, compute, at, lo, hi):
    """The first candidate in [lo, hi] whose labour is non-negative, at for none, (sets,)."""
    for _ in range(int(np.ceil(np.log2(int(np.max(at)) + 1)))):
        active = lo < hi
        if not active.any():
            break
        mid = (lo + hi) // 2
        _, lab, _ = sums.candidate(labour, compute, np.minimum(mid, at - 1))
        ok = active & ((mid >= at) | (lab >= 0))
        hi = np.where(ok, mid, hi)
        lo = np.where(active & ~ok, mid + 1, lo)
    return lo


#: Offsets of the three candidates a warm start tests: k - 1, k, k + 1.
_NEAR = np.array([-1, 0, 1])[:, None]


def fast_inner_sum(g, labour, compute, w0, w, automated=True, powered=None, guess=None):
    """sum_j w_j x_j^rho at the optimal allocation, (sets,), the count of tasks where compute
    does over 10x labour's part, and the first valid candidate (``guess`` for the next step);
    ``automated`` False allows the compute task only; ``powered`` optionally (w0^sigma, w^sigma),
    which are constant over a run.

    The critical task is the first candidate I < n_automatable whose labour is non-negative
    (FTM's search order). That test is monotone in I (once labour works task I it works every
    later task: eta falls along tasks), so a bisection finds it in log2(tasks) O(sets) steps.
    A ``guess`` (last step's answer) settles most rows with one stacked test of guess - 1, guess
    and guess + 1, whose candidate is then reused; only the rows it leaves are bisected.
    tests/test_model_ftm_production.py checks it against the exhaustive search.
    """
    sums = _Sums(g, w0, w, powered)
    at = g.at if automated else np.ones_like(g.at)
    lo, hi = np.zeros_like(at), at.copy()  # the first valid index lies in [lo, hi]
    settled = np.zeros(at.shape, bool)
    if guess is not None:  # test k - 1, k and k + 1 in one stacked evaluation
        k = np.clip(guess, 0, at)
        near = np.clip(k + _NEAR, 0, at - 1)  # k - 1 < 0 is never read (k == 0 settles "below")
        c_near, l_near, eta_near = sums.candidate(labour, compute, near)
        ok = (k + _NEAR >= at) | (l_near >= 0)
        here, below, above = ok[1], (k == 0) | ~ok[0], ok[2]
        first = np.where(here & below, k, np.where(~here & above, k + 1, -1))
        settled = first >= 0
        lo = np.where(settled, first, lo)
    if settled.all():
        # the candidate at the critical task (first < at) or at at - 1 (none valid) was one of the three
        found = lo < at
        crit = np.where(found, lo, at - 1)
        c_i, l_i, eta_i = (np.where(lo == k, x[1], x[2]) for x in (c_near, l_near, eta_near))
    else:  # bisect the rows the warm start did not settle, only them
        todo = np.nonzero(~settled)[0]
        sub = _Sums(g.rows(todo), w0[todo], w[todo], (sums.w0s[todo], sums.ws[todo]), sums.tables)
        lo[todo] = _bisect(sub, labour[todo], compute[todo], at[todo], np.zeros(todo.size, at.dtype), hi[todo])
        found = lo < at
        crit = np.where(found, lo, at - 1)
        c_i, l_i, eta_i = sums.candidate(labour, compute, crit)
    total, count = _sum_at_optimum(sums, labour, compute, w0, w, crit, found, c_i, l_i, eta_i)
    return total, count, lo


def _sum_at_optimum(sums, labour, compute, w0, w, crit, found, c_i, l_i, eta_i):
    """The CES sum and automated-task count for the three cases of :func:`allocate`, in O(sets)."""
    g, ws, n = sums.g, sums.ws, sums.g.n
    rho = g.rho
    w_i = np.where(crit == 0, w0, w)
    neg = found & (crit > 0) & (c_i < 0)
    normal = found & ~neg
    below = np.where(neg, crit, crit + 1)  # compute-only tasks share prefix(below)
    lab_from = np.where(found, crit, crit + 1)  # the first task with labour (I itself when found)
    p_below_from = sums.prefix(np.stack([below, lab_from]))
    q = np.where(normal, compute + l_i / eta_i, compute) / p_below_from[0]
    p_below = p_below_from[1]
    lab_each = np.where(normal, labour + eta_i * c_i, labour) * ws / sums.suffix(lab_from)
    n_lab = np.where(neg, n - crit, n - 1 - crit)
    with np.errstate(divide="ignore", invalid="ignore"):  # unused branches may take logs of 0 or negatives
        total = _pow(q, rho) * p_below + np.where(normal, w_i * _pow(l_i + eta_i * c_i, rho), 0.0)
        total = total + np.where(n_lab > 0, n_lab * w * _pow(lab_each, rho), 0.0)
    count = np.where(normal, crit + (eta_i * c_i > 10.0 * l_i), below)
    # Everything automated (no labour task left): FTM puts the labour on the last task.
    idle = ~found & (crit == n - 1)
    if np.any(idle):
        e_last = g.e(np.minimum(crit, n - 1))
        machine_last = q * ws * eta_i * e_last  # x of the last task on compute alone
        total = np.where(idle, total - q ** rho * ws * e_last + w * (machine_last + labour) ** rho, total)
        count = np.where(idle, n - 1 + (machine_last > 10.0 * labour), count)
    return total, count
