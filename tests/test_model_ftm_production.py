"""FTM's production step (issue 21): the allocation of labour and compute across tasks against
a brute-force optimiser on a small task count, the O(sets) fast path against the task-by-task
path, and the CES limits in closed form (rho -> 0: Cobb-Douglas; rho -> -inf: Leontief).
The allocation rule is FTM's (epoch-research/ftm@99dc907 ftm/core/model.py ``solve_allocation``)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from bioanchors.models.ftm import production as pr
from bioanchors.models.ftm.automation import (
    WARM_COUNT_CELLS,
    automatable_tasks,
    log10_runtime_requirement,
    requirement_curve,
)


def _brute_force(labour, compute, w, rho, eta, n_at, starts=30, seed=0):
    """max of sum_i w_i (l_i + eta_i c_i)^rho / sum w over l, c >= 0 with sum l = L, sum c = C and
    c = 0 beyond the automatable tasks, as the CES output; many random starts of SLSQP on the
    shares (an obviously-correct, slow oracle)."""
    n = w.size
    rng = np.random.default_rng(seed)

    def output(z):
        lab, comp = labour * z[:n], np.zeros(n)
        comp[:n_at] = compute * z[n:]
        x = np.maximum(lab + eta * comp, 1e-300)
        return (np.sum(w * x ** rho) / w.sum()) ** (1 / rho)

    cons = [{"type": "eq", "fun": lambda z: z[:n].sum() - 1}, {"type": "eq", "fun": lambda z: z[n:].sum() - 1}]
    best = -np.inf
    for _ in range(starts):
        z0 = np.concatenate([rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n_at))])
        res = minimize(lambda z: -output(z), z0, method="SLSQP", bounds=[(0, 1)] * (n + n_at), constraints=cons,
                       options={"ftol": 1e-14, "maxiter": 500})
        if res.success:
            best = max(best, output(res.x))
    return best


def _case(seed):
    rng = np.random.default_rng(seed)
    n = 4  # the compute task and three cognitive tasks
    eta = np.sort(10.0 ** rng.uniform(-2, 0, n))[::-1]
    eta[0] = 1.0
    w = np.full(n, rng.uniform(0.2, 0.8))
    w[0] = rng.uniform(0.05, 0.5)
    return rng.uniform(0.5, 2.0), rng.uniform(0.5, 2.0), w, rng.uniform(-2.0, -0.1), eta, int(rng.integers(1, n + 1))


@pytest.mark.parametrize("seed", range(8))
def test_allocation_is_the_optimum(seed):
    labour, compute, w, rho, eta, n_at = _case(seed)
    lab, comp = pr.allocate(np.array([labour]), np.array([compute]), w[None], np.array([rho]), eta[None],
                            np.array([n_at]))
    assert np.all(lab >= -1e-12) and np.all(comp >= -1e-12)
    assert lab.sum() == pytest.approx(labour) and comp.sum() == pytest.approx(compute)
    assert np.all(comp[0, n_at:] == 0)
    ours = pr.ces(lab + eta * comp, w[None], np.array([rho]))[0]
    assert ours == pytest.approx(_brute_force(labour, compute, w, rho, eta, n_at), rel=1e-6)
    assert ours >= _brute_force(labour, compute, w, rho, eta, n_at, starts=5, seed=1) * (1 - 1e-9)


@pytest.mark.parametrize("automated", [True, False])
def test_fast_sum_equals_forming_every_task(automated):
    """Many sets at once, 101 tasks, FTM-shaped requirements with and without the trade-off:
    the fast path's CES sum and count of tasks where compute does over 10x labour's part equal
    those of the explicit allocation (whose critical task comes from the exhaustive search)."""
    rng = np.random.default_rng(3)
    S, n = 400, 100
    train = requirement_curve(rng.uniform(28, 42, S), rng.uniform(0, 8, S), n)
    runtime = requirement_curve(rng.uniform(20, 28, S), rng.uniform(0, 3, S), n)
    alpha = np.where(rng.random(S) < 0.7, rng.uniform(0.5, 3.0, S), 0.0)
    log_run = rng.uniform(22, 45, S)
    rho = rng.uniform(-2, -0.01, S)
    n_at = np.where(automated, automatable_tasks(train, log_run, np.log10(rng.uniform(1, 1000, S))), 1)
    n_at = np.maximum(n_at, 1)
    w0, w = rng.uniform(0.01, 0.9, S), rng.uniform(0.1, 0.9, S)
    labour, compute = 10 ** rng.uniform(0, 10, S), 10 ** rng.uniform(10, 40, S)
    g = pr.TaskGroup(runtime + alpha[:, None] * train, alpha, rho).at_step(log_run, n_at)
    total, count, first = pr.fast_inner_sum(g, labour, compute, w0, w, automated)
    # a warm start from any guess finds the same critical task
    for guess in (np.zeros(S, int), first + 1, rng.integers(0, n + 2, S)):
        again = pr.fast_inner_sum(g, labour, compute, w0, w, automated, guess=guess)
        np.testing.assert_array_equal(again[2], first)
        np.testing.assert_allclose(again[0], total, rtol=1e-12)
    weights = np.repeat(w[:, None], n + 1, axis=1)
    weights[:, 0] = w0
    eta = 10.0 ** -log10_runtime_requirement(runtime, train, log_run, alpha)
    lab, comp = pr.allocate(labour, compute, weights, rho, eta, n_at if automated else np.ones(S, int))
    x = lab + eta * comp
    np.testing.assert_allclose(total, np.sum(weights * x ** rho[:, None], axis=1), rtol=1e-9)
    np.testing.assert_array_equal(count, np.sum(eta * comp > 10 * lab, axis=1))
    if automated:
        assert 0 < np.mean(count > 1) < 1  # the cases cover partial automation


def test_ces_cobb_douglas_limit():
    """rho -> 0: CES -> prod x_i^(a_i / sum a) (closed form)."""
    x = np.array([[2.0, 5.0, 0.3]])
    a = np.array([[0.2, 0.5, 0.3]])
    cobb_douglas = np.prod(x ** (a / a.sum()))
    assert pr.ces(x, a, np.array([-1e-7]))[0] == pytest.approx(cobb_douglas, rel=1e-6)


def test_ces_leontief_limit():
    """rho -> -inf: CES -> min x_i (closed form), whatever the weights."""
    x = np.array([[2.0, 5.0, 0.3]])
    a = np.array([[0.2, 0.5, 0.3]])
    for rho in (-100.0, -400.0):
        # the other terms are (x_i / 0.3)^rho < 1e-80 of the smallest's: CES = min x (a_min / sum a)^(1/rho)
        assert pr.ces(x, a, np.array([rho]))[0] == pytest.approx(0.3 * 0.3 ** (1 / rho), rel=1e-12)
    assert pr.ces(x, a, np.array([-400.0]))[0] == pytest.approx(0.3, rel=4e-3)  # -> min x as rho -> -inf


def test_calibrated_weights_give_the_initial_shares():
    """At the start each factor earns its share (FTM tests/tests.py test_basic_checks): with the
    calibrated weights, compute's share over labour's and capital's over cognitive work's are the targets."""
    capital, labour, compute = np.array([3.0]), np.array([4.0]), np.array([0.5])
    n, rho_o, rho_i = 5, np.array([-0.4]), np.array([-0.5])
    eta0 = np.ones((1, n + 1))
    outer, inner = pr.calibrate_weights(capital, labour, compute, eta0, rho_o, rho_i, np.array([1.0]), np.array([0.02]))
    x = np.concatenate([[compute[0]], np.full(n, labour[0] / n)])
    earn = inner[0] * x ** rho_i[0]  # marginal product x input is proportional to w x^rho
    assert earn[0] / earn[1:].sum() == pytest.approx(0.02)
    cognitive = pr.ces(x[None], inner, rho_i)[0]
    assert outer[0, 0] * capital[0] ** rho_o[0] / (outer[0, 1] * cognitive ** rho_o[0]) == pytest.approx(1.0)


def test_warm_started_task_counts_equal_full_counts():
    """The counts of automatable tasks warm-started from any previous count (many sets: only the
    rows whose count moved are counted in full) equal one comparison over every task."""
    rng = np.random.default_rng(5)
    S, n = 300, 100
    train = requirement_curve(rng.uniform(28, 42, S), rng.uniform(0, 8, S), n)
    assert train.size > WARM_COUNT_CELLS  # the warm path is the one under test
    for _ in range(5):
        run, tradeoff = rng.uniform(20, 45, S), np.log10(rng.uniform(1, 1000, S))
        full = automatable_tasks(train, run, tradeoff)
        for prev in (full, np.maximum(full - 1, 0), rng.integers(0, n + 2, S)):
            np.testing.assert_array_equal(automatable_tasks(train, run, tradeoff, prev), full)
