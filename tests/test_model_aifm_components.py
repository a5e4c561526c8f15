"""The AI Futures Model's components against closed forms and oracles (docs/models/aifm.md).

Closed forms are the write-up's (Joshuaclymer/ai_futures_model@53bc297:
app_frontend/public/latex/explanations.tex): the horizon formula and its blow-up point
E0 + tau / (1 - d), the AC requirement as the horizon's inverse, and the Jones-form equivalence
S = (a beta)^(1/beta) RS^(1/beta) of S' = a S^(1-beta) RE. The allocation step is checked against
a brute-force optimiser on a small task grid, the CES pieces against their Cobb-Douglas and
Leontief limits.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize

from bioanchors.models.aifm import automation, experiment, horizon, software, taste

LN10 = np.log(10.0)


# --- horizon (write-up §1.2-1.3) -----------------------------------------------------------------


@pytest.mark.parametrize("d", [0.8, 0.92, 1.0, 1.1])
def test_each_doubling_takes_d_times_the_last(d):
    # n doublings need tau (1 + d + ... + d^(n-1)) OOMs: H is exactly H0 2^n there (eq. H)
    e0, h0, tau = 13.0, 32.0, 0.75
    n = np.arange(0, 8)
    e = e0 + horizon.doublings_oom(tau, d, n)
    np.testing.assert_allclose(horizon.log2_horizon(e, e0, h0, tau, d), np.log2(h0) + n, atol=1e-9)


def test_blow_up_point_is_e0_plus_tau_over_one_minus_d():
    # write-up "Achievement of infinite time horizon": E0 + tau / (1 - d) for 0 < d < 1
    e0, h0, tau, d = 13.0, 32.0, 0.75, 0.92
    blow = horizon.blow_up_point(e0, tau, d)
    assert blow == pytest.approx(e0 + tau / (1 - d), rel=1e-15)
    below = horizon.log2_horizon(blow - np.array([1e-2, 1e-4, 1e-6]), e0, h0, tau, d)
    assert np.all(np.diff(below) > 0) and below[-1] > 100  # diverges as E -> the blow-up point
    assert np.all(np.isinf(horizon.log2_horizon(np.array([blow, blow + 1]), e0, h0, tau, d)))
    # infinitely many doublings fit below it: the geometric series' sum
    assert horizon.doublings_oom(tau, d, 1e4) == pytest.approx(blow - e0)
    assert np.isinf(horizon.blow_up_point(e0, tau, 1.0)) and np.isinf(horizon.blow_up_point(e0, tau, 1.05))


@pytest.mark.parametrize("d", [0.85, 0.92, 1.0, 1.02])
def test_ac_requirement_inverts_the_horizon(d):
    # E_AC (eq. AC, no gap) is where H reaches H_AC; the gap adds on
    e0, h0, tau = 13.47, 32.0, 0.713
    for h_ac in (960.0, 393893.0, 1.5e7):
        e_ac = horizon.ac_effective_compute(e0, h0, h_ac, tau, d)
        assert horizon.log2_horizon(e_ac, e0, h0, tau, d) == pytest.approx(np.log2(h_ac), abs=1e-9)
        assert horizon.ac_effective_compute(e0, h0, h_ac, tau, d, 0.5) == pytest.approx(e_ac + 0.5)


def test_exponential_branch_is_the_limit_d_to_1():
    e0, h0, tau, h_ac = 13.0, 32.0, 0.75, 1.5e7
    near = horizon.ac_effective_compute(e0, h0, h_ac, tau, 1 - 1e-7)
    assert horizon.ac_effective_compute(e0, h0, h_ac, tau, 1.0) == pytest.approx(near, rel=1e-6)
    assert horizon.ac_effective_compute(e0, h0, h_ac, tau, 1.0) == pytest.approx(e0 + tau * np.log2(h_ac / h0))


# --- software efficiency in the Jones form (write-up §2.4 expandable) ----------------------------


def test_jones_law_of_motion_equals_the_power_law_of_research_stock():
    # integrate S' = a S^(1-beta) RE from S ~ 0 with a growing RE; S must equal (a beta RS)^(1/beta)
    a, beta = 0.7, 0.4
    t = np.linspace(0.0, 6.0, 60_001)
    effort = 2.0 * np.exp(0.5 * t)
    rs0 = 1e-3
    s0 = software.efficiency_from_stock(rs0, a, beta)
    # d(S^beta)/dt = a beta RE exactly (the write-up's substitution U = S^beta): trapezoid on U
    u = s0**beta + a * beta * np.concatenate([[0.0], np.cumsum(0.5 * (effort[1:] + effort[:-1]) * np.diff(t))])
    s_numeric = u ** (1 / beta)
    stock = rs0 + np.concatenate([[0.0], np.cumsum(0.5 * (effort[1:] + effort[:-1]) * np.diff(t))])
    np.testing.assert_allclose(s_numeric, software.efficiency_from_stock(stock, a, beta), rtol=1e-12)
    np.testing.assert_allclose(software.stock_from_efficiency(s_numeric, a, beta), stock, rtol=1e-12)
    # and the growth rate in OOM/yr is eq. (J) with r = 1/beta
    rate = np.gradient(np.log10(s_numeric), t)
    later = t > 0.1  # away from the start, where the rate falls fastest (central differences)
    np.testing.assert_allclose(rate[later][:-1], software.software_rate(1 / beta, effort, stock)[later][:-1], rtol=1e-6)


def test_jones_euler_steps_converge_to_the_closed_form():
    # an independent check of the equivalence: forward Euler on S' = a S^(1-beta) RE itself
    a, beta, dt = 1.3, 0.5, 1e-4
    s, stock = 1.0, (1.0**beta) / (a * beta)
    for step in range(20_000):
        re = 1.0 + 0.1 * step * dt
        s += dt * a * s ** (1 - beta) * re
        stock += dt * re
    assert s == pytest.approx(float(software.efficiency_from_stock(stock, a, beta)), rel=1e-3)


def test_initial_stock_is_that_of_an_always_exponential_effort():
    # RS(t0) = RE/g: the integral of RE e^(g (t - t0)) over (-inf, t0]
    assert software.initial_research_stock(6.0, 0.3) == pytest.approx(20.0)
    # r is set so that (J) gives the target rate
    r = software.calibrated_r(1.0, 50.0, 400.0)
    assert software.software_rate(r, 50.0, 400.0) == pytest.approx(1.0)


# --- CES pieces (write-up §2.2) ------------------------------------------------------------------


def test_ces_limits_cobb_douglas_and_leontief():
    x1, x2, w = np.array([3.0, 0.5]), np.array([7.0, 9.0]), 0.3
    np.testing.assert_allclose(experiment.ces(x1, x2, w, 1e-12), x1**w * x2 ** (1 - w), rtol=1e-12)
    np.testing.assert_allclose(experiment.ces(x1, x2, w, -1e-6), x1**w * x2 ** (1 - w), rtol=1e-5)
    np.testing.assert_allclose(experiment.ces(x1, x2, w, -60.0), np.minimum(x1, x2))
    # approaching Leontief from a finite rho: within w^(1/rho) of the min
    near = experiment.ces(x1, x2, w, -40.0)
    assert np.all(near >= np.minimum(x1, x2)) and np.all(near <= np.minimum(x1, x2) * w ** (1 / -40.0))


def test_experiment_ces_asymptotes_and_compute_anchor():
    # the three judgements that set (zeta, alpha, rho_X) hold for the fitted values
    a_l, a_c, m = 15.0, 1000.0, 2.8
    rho = float(experiment.rho_from_asymptotes(a_l, a_c))
    assert a_l**rho + a_c**rho == pytest.approx(1.0, abs=1e-12)
    assert rho == pytest.approx(-0.154995, abs=1e-6)  # the peer's value (run of progress_model @53bc297)
    zeta = float(experiment.compute_exponent(a_l, a_c, m, rho))
    assert zeta == pytest.approx(0.654830, abs=1e-6)  # idem
    c_now, l_now = 9.2e5, 2366.65**0.5
    alpha = float(experiment.compute_weight(a_l, a_c, zeta, c_now, l_now, rho))
    x_now = experiment.throughput(c_now, l_now, alpha, rho, zeta)
    # (rho_X is small: the limit needs inputs far beyond any real value to be reached)
    assert experiment.throughput(c_now, 1e300, alpha, rho, zeta) / x_now == pytest.approx(a_l, rel=1e-9)
    assert experiment.throughput(1e200, l_now, alpha, rho, zeta) / x_now == pytest.approx(a_c, rel=1e-6)
    assert x_now / experiment.throughput(0.1 * c_now, l_now, alpha, rho, zeta) == pytest.approx(m, rel=1e-9)


# --- optimal allocation (write-up §3.3) ----------------------------------------------------------


def _brute_force(eta, humans, compute, rho, starts=6, seed=0):
    """max over allocations of (sum_j w (h_j + eta_j c_j)^rho)^(1/rho), w = 1/n, sum w h = H,
    sum w c = C (densities, as the continuous problem): a general optimiser (BFGS on softmax shares)
    from random starts, knowing nothing of the cut structure."""
    n = len(eta)
    auto = eta > 0

    def labour(z):
        h = n * humans * np.exp(z[:n]) / np.exp(z[:n]).sum()
        zc = np.where(auto, z[n:], -50.0)
        c = n * compute * np.exp(zc) / np.exp(zc).sum()
        return np.mean((h + eta * c) ** rho) ** (1 / rho)

    rng = np.random.default_rng(seed)
    best = 0.0
    for _ in range(starts):
        res = optimize.minimize(lambda z: -np.log(labour(z)), rng.normal(size=2 * n), method="BFGS",
                                options={"gtol": 1e-10})
        res.fun = -labour(res.x)
        best = max(best, -res.fun)
    return best


def _block_frontier(log_e_blocks, rho, theta, eta0, grid=4096):
    """A one-set frontier whose tasks come in equal blocks ((j/n, (j+1)/n], right-closed, so each
    block edge is its own block's last task) with thresholds ln E_j (a step function)."""
    n = len(log_e_blocks)
    step = np.array([1.0 / (grid - 1)])
    block = np.clip(np.ceil(np.arange(grid) * step[0] * n - 1e-9).astype(int) - 1, 0, n - 1)
    log_e = np.asarray(log_e_blocks)[block][None, :]
    one = np.ones(1)
    return automation.frontier_from_tasks(step, log_e, rho * one, theta * one, eta0 * one, (one, one, 2 * one))


def test_allocation_matches_a_brute_force_optimiser_on_a_small_task_grid():
    # five tasks, three automatable with efficiencies eta0 (E/E_j)^theta; humans and compute at the
    # optimum as found by a general optimiser. The package's grid integrates the step function with
    # the trapezoid rule: half a grid cell of error at each of the n block edges (rel. <~ n/grid).
    # (The automation boundary sits on a block edge, where the model's own schedule puts the task
    # automating now: its threshold is E, so F is continuous there.)
    rho, theta, eta0 = -2.0, 0.6, 0.05
    log_e_blocks = LN10 * np.array([10.0, 11.0, 12.5, 30.0, 31.0])
    e = 13.0
    fr = _block_frontier(log_e_blocks, rho, theta, eta0)
    eta = np.where(log_e_blocks <= LN10 * e, eta0 * np.exp(theta * (LN10 * e - log_e_blocks)), 0.0)
    for humans, compute in ((1000.0, 1.0), (100.0, 30.0), (100.0, 1e3), (50.0, 3e6)):  # interior, interior, cut, cut
        terms = automation.boundary_terms(fr, np.array([e]), automated=np.array([0.6]))
        ours = np.exp(automation.coding_labour(fr, np.log(np.array([humans])), np.log(np.array([compute])), terms))[0]
        assert ours == pytest.approx(_brute_force(eta, humans, compute, rho), rel=5 * 5 / 4096)


def test_interior_cut_is_the_best_cut():
    # with a smooth (logistic) schedule the cut i_c solves S = F(i_c); check it against a search over
    # every cut on the grid of L(i) = H (Q(i) + S^rho B(i)^(1-rho))^(1/rho) (eq. L*), i <= A(E)
    rho, theta, eta0 = -2.0, 1.9, 0.05
    k, e_mid = automation.logistic_schedule(13.47, 0.32, 20.5, 1.0, 1.1)
    fr = automation.build_frontier(k, e_mid, 1.1, rho, theta, eta0, 1e16, 4096)
    humans, compute = 2366.65, 89660.0
    for e in (10.0, 12.0, 13.47, 15.0):
        terms = automation.boundary_terms(fr, np.array([e]))
        ours = automation.coding_labour(fr, np.log(np.array([humans])), np.log(np.array([compute])), terms)[0]
        automated = automation.automation_fraction(e, k, e_mid, 1.1)
        grid = fr.step[0] * np.arange(fr.size)
        ok = grid <= automated
        log_s = np.log(compute / humans) + np.log(eta0) + theta * LN10 * e
        log_q = (1 - rho) * np.log(1 - grid[ok])
        ai = rho * log_s + (1 - rho) * fr.log_b[0, ok]
        best = np.log(humans) + np.max(np.logaddexp(log_q, ai) / rho)
        assert ours == pytest.approx(best, abs=2e-3)  # grid search resolution: one cell of 4096
        assert ours >= best - 1e-9  # the cut between grid points is at least as good


def test_lower_anchor_reproduces_todays_coding_multiplier():
    # A_now is solved so that AIs multiply today's coding labour by the given factor; the peer's
    # solver gives 0.324207 for the aifm-eli inputs (progress_model @53bc297, run locally)
    a = automation.solve_lower_anchor(1.8, 13.466877, 20.532835, 1.1, -2.0, 1.925374, 0.05, 2366.650, 89660.04)
    assert a[0] == pytest.approx(0.324207, abs=2e-5)
    k, e_mid = automation.logistic_schedule(13.466877, a, 20.532835, 1.0, 1.1)
    fr = automation.build_frontier(k, e_mid, 1.1, -2.0, 1.925374, 0.05, 1e16, 4096)
    terms = automation.boundary_terms(fr, np.array([13.466877]))
    labour = automation.coding_labour(fr, np.log(np.array([2366.650])), np.log(np.array([89660.04])), terms)
    assert np.exp(labour[0]) / 2366.650 == pytest.approx(1.8, rel=1e-3)


def test_automation_fraction_passes_through_both_anchors():
    k, e_mid = automation.logistic_schedule(13.5, 0.3, 20.5, 1.0, 1.1)
    np.testing.assert_allclose(automation.automation_fraction(np.array([13.5, 20.5, 25.0]), k, e_mid, 1.1),
                               [0.3, 1.0, 1.0], rtol=1e-12)
    i = np.array([0.1, 0.3, 0.9])
    np.testing.assert_allclose(automation.automation_fraction(automation.index_effective_compute(i, k, e_mid, 1.1),
                                                              k, e_mid, 1.1), i, rtol=1e-12)


# --- research taste (write-up §4) ----------------------------------------------------------------


@pytest.mark.parametrize("smoothing", [0.5, 0.51, 0.3])
def test_taste_distribution_meets_its_two_anchors(smoothing):
    dist = taste.calibrate(3.7, 0.999, 8.0, smoothing)
    from scipy.stats import norm

    top = taste.transform(dist.mu + dist.sigma * norm.ppf(0.999), dist.log_cap, dist.smoothing)
    assert top / taste.transform(dist.mu, dist.log_cap, dist.smoothing) == pytest.approx(3.7, rel=1e-10)
    assert dist.mean[0] == pytest.approx(1.0, abs=1e-10)
    x = np.linspace(-3, 20, 50)
    np.testing.assert_allclose(taste.inverse_transform(taste.transform(x, dist.log_cap, dist.smoothing),
                                                       dist.log_cap, dist.smoothing), x, rtol=1e-6, atol=1e-6)


def test_aggregate_taste_against_monte_carlo_and_its_limits():
    # E[max(T, F)] by simulation of the human distribution; the peer's (mu, sigma) for
    # m = 3.7, cap 8, smoothing 0.5: -0.0903268, 0.4451615 (TasteDistribution @53bc297, run locally)
    dist = taste.calibrate(3.7, 0.999, 8.0, 0.5)
    assert (dist.mu[0], dist.sigma[0]) == pytest.approx((-0.0903268, 0.4451615), abs=1e-6)
    rng = np.random.default_rng(0)
    humans = taste.transform(dist.mu + dist.sigma * rng.standard_normal(2_000_000), dist.log_cap, dist.smoothing)
    for floor in (0.5, 1.0, 2.0, 3.5):
        mc = np.maximum(humans, floor).mean()
        se = np.maximum(humans, floor).std() / np.sqrt(humans.size)
        assert dist.mean_with_floor(np.array([floor]))[0] == pytest.approx(mc, abs=5 * se + 1e-3 * floor)
    assert dist.mean_with_floor(np.array([1e-3]))[0] == pytest.approx(1.0, abs=1e-10)  # floor below everyone
    assert dist.mean_with_floor(np.array([40.0]))[0] == pytest.approx(40.0)  # floor above everyone


def test_cobb_douglas_smoothing_is_the_limit_of_the_general_cap():
    x = np.linspace(-2, 30, 40)
    log_cap = np.log(3.7) * 9
    np.testing.assert_allclose(taste.log_transform(x, log_cap, 0.5 + 1e-4), taste.log_transform(x, log_cap, 0.5),
                               rtol=2e-3, atol=2e-3)
    assert np.all(taste.transform(x, log_cap, 0.5) < np.exp(log_cap))  # capped at A
