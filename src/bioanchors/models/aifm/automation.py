"""Coding automation: the automation fraction, AI efficiency per task, and coding labour as a CES
over tasks with the optimal allocation of humans and compute (write-up §"Coding automation
fraction", §"Coding automation efficiency", §"Aggregate coding labor", explanations.tex @53bc297).

Tasks are indexed by i in [0, 1]. Task i becomes automatable at log10 effective compute
``E_i`` [OOM]; the automation fraction A(E) is a logistic in E through two anchors, (E_now, A_now)
and (E_AC, 1), with upper asymptote ``A_max`` = 1.1, clipped to [0, 1] (the peer's "logistic"
schedule, progress_model/automation_model.py @53bc297). Its inverse gives E_i = A^-1(i).

An automated task's efficiency is eta_i = eta_0 (E / E_i)^theta [human-coder equivalents per
H100e]. With H humans and C H100e of automation compute, coding labour is

    L_C = ( int_0^1 G_i^rho di )^(1/rho),   G_i = h_i + eta_i c_i,   rho < 0          (L)

maximised over the allocations (sum h_i = H, sum c_i = C). The optimum (our derivation, the same as
the peer's closed forms): humans share the tasks above a cut i_c equally, compute goes to the
tasks below it in proportion to eta_i^(rho/(1-rho)), so with S = (C/H) eta_0 E^theta,
B(i) = int_0^i E_j^(-theta rho/(1-rho)) dj and Q(i) = (1-i)^(1-rho):

    L_C = H ( Q(i_c) + S^rho B(i_c)^(1-rho) )^(1/rho)                                 (L*)

The cut is interior where dL/di_c = 0, i.e. S = F(i_c), F(i) = B(i) E_i^(theta/(1-rho)) / (1-i)
(then S^rho B^(1-rho) = S Q(i_c) E_i^-theta), else at the automation fraction i_c = A(E).

Discretisation (the peer's, a named convention in docs/models/aifm.md): B by the trapezoid rule on
``grid_size`` tasks evenly spaced on [0, 1 - eps], eps = cap^(rho/(1-rho)) (so coding labour is at
most ``cap`` times the humans'), every function of i read off that grid by linear interpolation.
All functions are vectorised over parameter sets (leading axis S).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LN10 = np.log(10.0)
INDEX_CLIP = 1e-9  # the logistic inverse clamps task indices to [1e-9, A_max - 1e-9] (AUTOMATION_FRACTION_CLIP_MIN)
TAIL_BOUNDS = (1e-20, 0.1)  # eps is clipped to these (PARAMETER_BOUNDS optimal_ces_frontier_tail_eps)
LOG_ONE_MINUS_I_FLOOR = 1e-18  # ln(1 - i + 1e-18): the last grid point may round to i = 1
#: ln B(0) = ln 0 is stored as this finite stand-in, so interpolation needs no special cases
#: (exp of it, and of any blend with it short of the next grid point, is 0).
NO_MASS = -1e30


def logistic_schedule(e_now, a_now, e_ac, a_ac, a_max):
    """(k [1/OOM], e_mid [OOM]) of A(E) = a_max / (1 + exp(-k (E - e_mid))) through both anchors."""
    r1 = a_max / np.asarray(a_now) - 1.0
    r2 = a_max / np.asarray(a_ac) - 1.0
    k = np.log(r1 / r2) / (np.asarray(e_ac) - np.asarray(e_now))
    return k, e_now + np.log(r1) / k


def automation_fraction(e, k, e_mid, a_max):
    """A(E) [fraction of coding tasks efficiently automatable], clipped to [0, 1]."""
    return np.clip(a_max / (1.0 + np.exp(np.clip(-k * (e - e_mid), -100, 100))), 0.0, 1.0)


def index_effective_compute(i, k, e_mid, a_max):
    """E_i = A^-1(i) [OOM]: where task i becomes automatable."""
    i = np.clip(i, INDEX_CLIP, a_max - INDEX_CLIP)
    return e_mid - np.log(a_max / i - 1.0) / k


def tail_epsilon(cap, rho):
    """eps of the task grid [fraction of tasks]: cap^(rho/(1-rho)), clipped (peer: Parameters)."""
    return np.clip(np.asarray(cap, dtype=float) ** (rho / (1.0 - rho)), *TAIL_BOUNDS)


@dataclass(frozen=True)
class Frontier:
    """The task grid of each parameter set: rows are sets, columns the ``grid_size`` tasks."""

    step: np.ndarray  # (S,) grid spacing in i (the grid is j * step, j = 0 .. M-1)
    size: int  # M
    log_e: np.ndarray  # (S, M) ln E_i where task i automates [ln effective compute]
    log_b: np.ndarray  # (S, M) ln B(i)
    log_f: np.ndarray  # (S, M) ln F(i), made non-decreasing
    key: np.ndarray  # (S*M,) row + position of ln F within its row: one sorted array for all rows
    key_lo: np.ndarray  # (S,) finite minimum of ln F per row
    key_span: np.ndarray  # (S,) its range
    k: np.ndarray  # (S,) logistic schedule
    e_mid: np.ndarray
    a_max: np.ndarray
    rho: np.ndarray
    theta: np.ndarray  # (S,) OOM of eta per OOM of E
    log_eta0: np.ndarray

    def col(self, name: str, ndim: int):
        return getattr(self, name).reshape((-1,) + (1,) * (ndim - 1))

    def log_q(self, j, t, ndim: int):
        """ln Q = (1 - rho) ln(1 - i) read off the grid: linear between grid points j and j + 1 at
        fraction t (in the last cell, next to i = 1, this differs from the closed form, as in the peer)."""
        node = lambda jj: (1.0 - self.col("rho", ndim)) * np.log(1.0 - self.col("step", ndim) * jj + LOG_ONE_MINUS_I_FLOOR)  # noqa: E731
        return _blend(node(j), node(j + 1), t)



def _blend(lo, hi, t):
    """lo + t (hi - lo): linear between grid points (tables hold NO_MASS, not -inf, for B = 0)."""
    return lo + t * (hi - lo)


def build_frontier(k, e_mid, a_max, rho, theta, eta0, cap, grid_size: int) -> Frontier:
    """B and F on each set's task grid for the logistic schedule (once per set; inputs (S,))."""
    k, e_mid, a_max, rho, theta, eta0, cap = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(v, dtype=float)) for v in (k, e_mid, a_max, rho, theta, eta0, cap)))
    step = np.maximum(1e-6, 1.0 - tail_epsilon(cap, rho)) / (grid_size - 1)
    col = (slice(None), None)
    log_e = LN10 * index_effective_compute(step[col] * np.arange(grid_size), k[col], e_mid[col], a_max[col])
    return frontier_from_tasks(step, log_e, rho, theta, eta0, (k, e_mid, a_max))


def frontier_from_tasks(step, log_e, rho, theta, eta0, schedule) -> Frontier:
    """The frontier for tasks on an even grid j * step (S,) with automation thresholds ln E_i
    ``log_e`` (S, M), non-decreasing in i; ``schedule`` = (k, e_mid, a_max) of A(E) (S,) each."""
    size = log_e.shape[1]
    col = (slice(None), None)
    grid = step[col] * np.arange(size)
    log_b = _log_cumulative_trapezoid(-(rho / (1.0 - rho) * theta)[col] * log_e, step)
    log_one_minus = np.log(1.0 - grid + LOG_ONE_MINUS_I_FLOOR)
    log_f = np.maximum.accumulate(log_b + (theta / (1.0 - rho))[col] * log_e - log_one_minus, axis=1)
    # search key: each row's ln F mapped into [0.25, 0.75] (where B has mass; 0 where it has none,
    # the first point and any whose B underflowed) plus the row number: one sorted array for all rows
    mass = log_f > 0.5 * NO_MASS
    lo = np.where(mass, log_f, np.inf).min(axis=1)
    span = np.maximum(log_f[:, -1] - lo, 1e-300)
    with np.errstate(invalid="ignore"):
        position = np.where(mass, 0.25 + 0.5 * (log_f - lo[:, None]) / span[:, None], 0.0)
    key = (np.arange(len(step))[:, None] + position).ravel()
    k, e_mid, a_max = schedule
    return Frontier(step, size, log_e, log_b, log_f, key, lo, span, k, e_mid, a_max, rho, theta, np.log(eta0))


def _log_cumulative_trapezoid(log_w, step):
    """ln B on the grid: ln of the trapezoid-rule integral of exp(log_w) from the first grid point,
    per row ((S, M), evenly spaced by ``step`` (S,)); ln B = NO_MASS at the first point. Each row is
    scaled by its largest term, so exp neither overflows nor loses the terms that matter."""
    top = log_w.max(axis=1, keepdims=True)
    w = np.exp(log_w - top)
    increments = 0.5 * step[:, None] * (w[:, :-1] + w[:, 1:])
    with np.errstate(divide="ignore"):
        cumulative = np.log(np.cumsum(increments, axis=1)) + top
    return np.concatenate([np.full((len(step), 1), NO_MASS), np.maximum(cumulative, NO_MASS)], axis=1)


def _cell(fr: Frontier, i):
    """(j, t): task index i lies at fraction t between grid points j and j + 1."""
    pos = i / fr.col("step", np.ndim(i))
    j = np.minimum(np.maximum(pos.astype(int), 0), fr.size - 2)
    return j, np.minimum(np.maximum(pos - j, 0.0), 1.0)


def _at(fr: Frontier, table, j, t):
    """Linear interpolation of ``table`` (S, M) in cell (j, t) ((S,) or (S, K)) of each row."""
    rows = np.arange(len(fr.step)).reshape((-1,) + (1,) * (np.ndim(j) - 1))
    return _blend(table[rows, j], table[rows, j + 1], t)


@dataclass(frozen=True)
class BoundaryTerms:
    """What coding labour needs that depends on effective compute only (so it can be tabulated)."""

    log_e: np.ndarray  # ln E
    log_f: np.ndarray  # ln F(A(E)): the interior/boundary threshold for ln S
    log_q: np.ndarray  # ln Q(A(E))
    log_b: np.ndarray  # ln B(A(E))


def boundary_terms(fr: Frontier, e, automated=None) -> BoundaryTerms:
    """The E-only terms at log10 effective compute e ((S,) or (S, K)) [OOM]; ``automated`` = A(E)
    [fraction] (default: the logistic schedule's)."""
    n = np.ndim(e)
    if automated is None:
        automated = automation_fraction(e, fr.col("k", n), fr.col("e_mid", n), fr.col("a_max", n))
    j, t = _cell(fr, np.minimum(automated, fr.col("step", n) * (fr.size - 1)))
    return BoundaryTerms(LN10 * e, _at(fr, fr.log_f, j, t), fr.log_q(j, t, n), _at(fr, fr.log_b, j, t))


def _interior(fr: Frontier, log_s, rows):
    """(ln Q, ln R) at the interior cut F(i_c) = S for sets ``rows``, linear in ln S between grid
    points (the peer's _invert_monotone then _interp; below the first finite point -> the second grid
    point). ``log_s`` and ``rows`` (N,)."""
    u = np.minimum(np.maximum(0.25 + 0.5 * (log_s - fr.key_lo[rows]) / fr.key_span[rows], 0.1), 0.9)
    hi = np.minimum(np.maximum(np.searchsorted(fr.key, rows + u, side="left") - rows * fr.size, 1), fr.size - 1)
    lo = hi - 1
    y0, y1 = fr.log_f[rows, lo], fr.log_f[rows, hi]
    t = np.where(y1 > y0, np.minimum(np.maximum((log_s - y0) / (y1 - y0), 0.0), 1.0), 1.0)
    node = (1.0 - fr.rho[rows]) * np.log(1.0 - fr.step[rows] * np.stack([lo, hi]) + LOG_ONE_MINUS_I_FLOOR)
    log_q = _blend(node[0], node[1], t)  # ln Q read off the grid, as in boundary_terms
    return log_q, log_q - fr.theta[rows] * _blend(fr.log_e[rows, lo], fr.log_e[rows, hi], t)


def coding_labour(fr: Frontier, log_humans, log_compute, terms: BoundaryTerms):
    """ln L_C (eq. L*) [ln researcher-equivalents] for ln humans [ln researchers] and ln automation
    compute [ln H100e], given the E-only ``terms`` ((S,) or (S, K), the leading axis the sets)."""
    n = np.ndim(terms.log_e)
    rho = fr.rho if n == 1 else fr.col("rho", n)
    theta = fr.theta if n == 1 else fr.col("theta", n)
    eta0 = fr.log_eta0 if n == 1 else fr.col("log_eta0", n)
    log_s = (log_compute - log_humans + eta0) + theta * terms.log_e
    interior = log_s <= terms.log_f
    log_q = terms.log_q
    ai = rho * log_s + (1.0 - rho) * terms.log_b  # the cut at the automation fraction (boundary)
    if interior.any():  # cut below the automation fraction: only those sets
        where = np.nonzero(interior)
        rows = np.broadcast_to(np.arange(len(fr.step)).reshape((-1,) + (1,) * (n - 1)), interior.shape)[where]
        q_in, r_in = _interior(fr, log_s[where], rows)
        log_q, ai = log_q.copy(), ai.copy()
        log_q[where], ai[where] = q_in, log_s[where] + r_in
    return log_humans + np.logaddexp(log_q, ai) / rho


def _labour_at_own_anchor(a, e_now, e_ac, a_max, rho, theta, eta0, humans, compute, points: int):
    """ln L_C at E = e_now when the schedule's lower anchor is (e_now, a): only tasks [0, a] matter
    there, so the grid spans [0, a] (``points`` tasks)."""
    k, e_mid = logistic_schedule(e_now, a, e_ac, 1.0, a_max)
    col = (slice(None), None)
    grid = a[col] * np.linspace(0.0, 1.0, points)
    log_e = LN10 * index_effective_compute(grid, k[col], e_mid[col], a_max[col])
    step = grid[:, 1] - grid[:, 0]
    log_b = _log_cumulative_trapezoid(-(rho / (1.0 - rho) * theta)[col] * log_e, step)
    log_one_minus = np.log(1.0 - grid + LOG_ONE_MINUS_I_FLOOR)
    log_f = np.maximum.accumulate(log_b + (theta / (1.0 - rho))[col] * log_e - log_one_minus, axis=1)
    log_s = np.log(compute / humans) + np.log(eta0) + theta * LN10 * e_now
    # interior cut: first grid point where ln F >= ln S, linear between grid points
    hi = np.clip(np.argmax(log_f >= log_s[col], axis=1), 1, points - 1)
    rows = np.arange(len(a))
    y0, y1 = log_f[rows, hi - 1], log_f[rows, hi]
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(np.isfinite(y0) & (y1 > y0), np.clip((log_s - y0) / (y1 - y0), 0, 1), 1.0)
    i_c = grid[rows, hi - 1] + t * step
    interior = log_s <= log_f[:, -1]
    log_q_c = (1.0 - rho) * np.log(1.0 - i_c)
    log_e_c = log_e[rows, hi - 1] + t * (log_e[rows, hi] - log_e[rows, hi - 1])
    ai_interior = log_s + log_q_c - theta * log_e_c
    ai_boundary = rho * log_s + (1.0 - rho) * log_b[:, -1]
    log_q = np.where(interior, log_q_c, (1.0 - rho) * np.log(1.0 - a))
    ai = np.where(interior, ai_interior, ai_boundary)
    return np.log(humans) + np.logaddexp(log_q, ai) / rho


def solve_lower_anchor(multiplier, e_now, e_ac, a_max, rho, theta, eta0, humans, compute,
                       points: int = 64, iterations: int = 26):
    """The automation fraction today, A_now [fraction], at which AIs multiply today's coding labour
    by ``multiplier`` (the peer's solve_lower_anchor_via_automation_model, automation_model.py
    @53bc297): L_C(E_now) / H = multiplier, by bisection on logit(A_now) (inputs (S,))."""
    args = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype=float)) for v in
                                 (multiplier, e_now, e_ac, a_max, rho, theta, eta0, humans, compute)))
    multiplier, e_now, e_ac, a_max, rho, theta, eta0, humans, compute = args
    target = np.log(multiplier) + np.log(humans)
    lo = np.full(multiplier.shape, np.log(INDEX_CLIP))  # logit bracket: A_now in (1e-9, 1 - 1e-9)
    hi = -lo
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        a = 1.0 / (1.0 + np.exp(-mid))
        above = _labour_at_own_anchor(a, e_now, e_ac, a_max, rho, theta, eta0, humans, compute, points) > target
        hi = np.where(above, mid, hi)
        lo = np.where(above, lo, mid)
    return 1.0 / (1.0 + np.exp(-0.5 * (lo + hi)))
