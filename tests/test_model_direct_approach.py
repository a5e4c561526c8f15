"""The Direct Approach (Barnett & Besiroglu, Epoch 2023): closed-form checks of its functions.

Reference formulas: Epoch's timelines-direct-approach (k_performance.py, timeline.py, common.py)
and Hoffmann et al. (2022) eq. 4; the published headline is checked in
tests/test_model_direct_approach_published.py.
"""

import numpy as np
import pytest

from bioanchors.models.direct_approach import core as da

CHINCHILLA = (406.4, 410.7, 0.34, 0.28)  # Hoffmann et al. (2022) eq. 10: A, B, alpha, beta


def _loss_at(c_flop, a, b, alpha, beta, allocation):
    """Reducible loss A/N^alpha + B/D^beta at the allocation, written out as Epoch's optimal_N_D does."""
    s = alpha + beta
    g = {"hoffmann": (alpha * a / (beta * b)) ** (1 / s), "epoch-readme": alpha * a / (beta * b),  # 50fff99
         "epoch-code": alpha * a / (beta * b) ** (1 / s)}[allocation]
    n = g * (c_flop / 6) ** (beta / s)
    d = (c_flop / 6) ** (alpha / s) / g
    return a / n ** alpha + b / d ** beta


def test_kl_threshold_is_epochs_constant():
    # k_performance.py with confidence 0.9: D1 = 0.9, D0 = 0.1, K0 = 0.8 log2(9) bits
    assert da.kl_threshold_bits(0.9) == pytest.approx(0.8 * np.log2(9.0), rel=1e-12)
    assert da.kl_threshold_bits(0.99) > da.kl_threshold_bits(0.9)  # more confidence, more evidence


@pytest.mark.parametrize("allocation", da.ALLOCATIONS)
@pytest.mark.parametrize("c_flop", [1e10, 1e24, 1e35])
def test_loss_is_a_power_law_in_compute(allocation, c_flop):
    a, b, alpha, beta = CHINCHILLA
    gamma = alpha * beta / (alpha + beta)
    expected = _loss_at(c_flop, a, b, alpha, beta, allocation)
    got = 10 ** da.log10_loss_coefficient(a, b, alpha, beta, allocation) * (c_flop / 6) ** -gamma
    assert got == pytest.approx(expected, rel=1e-10)


def test_hoffmann_allocation_is_optimal_and_epoch_code_is_not():
    a, b, alpha, beta = CHINCHILLA
    c = 1e24
    best = _loss_at(c, a, b, alpha, beta, "hoffmann")
    s = alpha + beta
    g = (alpha * a / (beta * b)) ** (1 / s)
    for factor in (0.8, 1.25):  # move N off the optimum at fixed C = 6 N D
        n = factor * g * (c / 6) ** (beta / s)
        assert a / n ** alpha + b / (c / 6 / n) ** beta > best
    assert _loss_at(c, a, b, alpha, beta, "epoch-code") > best


def test_unknown_allocation_is_an_error():
    with pytest.raises(ValueError, match="allocation"):
        da.log10_loss_coefficient(*CHINCHILLA, allocation="kaplan")


@pytest.mark.parametrize("allocation", da.ALLOCATIONS)
def test_upper_bound_meets_k_performance(allocation):
    # At the returned compute, slowdown * K0 / loss equals k (the definition in k_performance.py).
    k, slowdown = np.array([3129.0, 2e4, 141714.0]), np.array([9.84, 50.0, 290.0])
    log10_c = da.log10_upper_bound_flop(k, slowdown, *CHINCHILLA, allocation=allocation)
    loss = _loss_at(10.0 ** log10_c, *CHINCHILLA, allocation)
    assert slowdown * da.kl_threshold_bits(0.9) / loss == pytest.approx(k, rel=1e-9)


def test_upper_bound_matches_epochs_two_point_line():
    # Epoch fits a line through compute 1e10 and 1e30 (k_performance.py); the line is exact.
    a, b, alpha, beta = CHINCHILLA
    pts = [np.log10(1.0 * da.kl_threshold_bits(0.9) / _loss_at(10.0 ** c, a, b, alpha, beta, "epoch-code"))
           for c in (10, 30)]
    slope = 20 / (pts[1] - pts[0])
    assert da.log10_upper_bound_flop(1e5, 1.0, *CHINCHILLA) == pytest.approx(slope * 5 + 10 - pts[0] * slope)


def test_readme_commit_line_takes_its_first_point_at_the_mean_coefficients():
    """k_performance.py at 50fff99: the line's 1e10 FLOP point uses the defaults 406.4, 410.7, 0.34, 0.28
    whatever the sampled coefficients, the 1e30 point the sampled ones (both with G = alpha A / (beta B))."""
    other = (450.0, 380.0, 0.30, 0.31)
    point = [np.log10(da.kl_threshold_bits(0.9) / _loss_at(10.0 ** c, *coefs, "epoch-readme"))
             for c, coefs in ((10, CHINCHILLA), (30, other))]
    for log10_k, log10_c in zip(point, (10.0, 30.0)):
        assert da.log10_upper_bound_flop(10.0 ** log10_k, 1.0, *other, allocation="epoch-readme") == pytest.approx(
            log10_c, abs=1e-9)


def test_soft_cap_limits():
    assert da.log10_soft_cap(10.0, 30.0) == pytest.approx(10.0, abs=1e-12)  # v << L: v
    assert da.log10_soft_cap(30.0, 10.0) == pytest.approx(10.0, abs=1e-12)  # v >> L: L
    assert da.log10_soft_cap(5.0, 5.0) == pytest.approx(5.0 + np.log10(1 - np.exp(-1.0)))
    assert da.log10_soft_cap(1e6, 3.0) == 3.0  # no overflow
    v = np.linspace(0, 20, 201)
    out = da.log10_soft_cap(v, 10.0)
    assert np.all(np.diff(out) >= 0) and np.all(np.diff(out[v < 10.5]) > 0)  # flat only once at the cap


def test_spending_grows_then_meets_the_gwp_cap():
    years = np.arange(2023, 2101)
    spend = da.log10_largest_run_usd(years, np.log10(60e6), 0.6, np.log10(1.17e14), 0.02, 0.01)
    # timeline.py: the first model year is one growth step after $60M
    v, cap = 60e6 * 1.6, 1.17e14 * 1.02 * 0.01
    assert spend[0] == pytest.approx(np.log10(cap * -np.expm1(-v / cap)), abs=1e-9)  # common.constrain
    assert spend[-1] == pytest.approx(np.log10(1.17e14 * 1.02 ** 78 * 0.01), abs=1e-6)
    assert np.all(np.diff(spend) > 0)


def test_gpu_projection_plateau_and_specialisation():
    years = np.arange(2023, 2061)
    flops = da.log10_gpu_flop_per_second(years, 13.4, 14.5, 2031, 0.1, np.log10(250))
    assert flops[0] == pytest.approx(13.4 + 0.1)  # Epoch adds (year_offset + 1) * rate from the first year
    assert flops[years == 2027][0] == pytest.approx(13.4 + 0.55 + 0.5)
    assert flops[-1] == pytest.approx(14.5 + np.log10(250))  # plateau plus the capped specialisation


# gpu_efficiency.predict_FLOPs_limit of epoch-research/timelines-direct-approach@50fff99, run with its
# data files and these limits (process size [nm], million transistors per core) for each num-cores
# quantile fit, read at its year-start indices: log10 FP32 FLOP/s in 2023, 2027, 2030 and 2052 (4 d.p.)
EPOCH_GPU_ROLLOUTS = {
    (2.0, 1.2): {0.8: (13.4747, 13.982, 14.3189, 14.3936), 0.85: (13.4912, 13.9586, 14.2662, 14.3936),
                 0.9: (13.5522, 14.002, 14.2967, 14.3936), 0.95: (13.5748, 13.9871, 14.2541, 14.3936)},
    (1.5, 1.8): {0.8: (13.4747, 13.982, 14.356, 14.4701), 0.85: (13.4776, 13.9586, 14.3033, 14.4701),
                 0.9: (13.4776, 14.002, 14.3338, 14.4701), 0.95: (13.4776, 13.9871, 14.2912, 14.4701)},
}


@pytest.mark.parametrize("limits", list(EPOCH_GPU_ROLLOUTS))
def test_hobbhahn_projection_matches_epochs_gpu_efficiency(limits):
    from bioanchors.models.direct_approach import hardware

    years = np.array([2023, 2027, 2030, 2052, 2100])
    for quantile, expected in EPOCH_GPU_ROLLOUTS[limits].items():
        got = hardware.log10_fp32_flop_per_second(years, *limits, quantile)
        # Epoch holds the last year of the grid (2052) to 2100 (baseline_flops_per_second)
        assert got == pytest.approx([*expected, expected[-1]], abs=6e-5), (limits, quantile)


def test_hobbhahn_projection_reads_epochs_grid_times():
    from bioanchors.models.direct_approach import hardware

    # gpu_efficiency.X2_TIME at YEAR_START_INDICES 404, 543, 941, 981 (50fff99): 2023-01-08, 2030-01-02,
    # 2050-01-01, 2052-01-05 (UTC); after the grid's last year, its time
    got = hardware.year_start_times([2023, 2030, 2050, 2052, 2100])
    assert got.tolist() == [1673187072.0, 1893581024.0, 2524637088.0, 2588059808.0, 2588059808.0]
    # A 2 nm floor binds from 2028-09-30 (Epoch's timepoint_limit at 50fff99) and freezes the transistor
    # count there; with 100 million transistors per core the cores are capped by that count, so FLOP/s
    # rises to 2028 and is flat from 2029 on
    flops = hardware.log10_fp32_flop_per_second(np.arange(2026, 2053), 2.0, 100.0, 0.9)
    assert np.all(np.diff(flops[:3]) > 0.01) and np.ptp(flops[3:]) == 0.0
    with pytest.raises(ValueError, match="cores_quantile"):
        hardware.log10_fp32_flop_per_second([2030], 2.0, 1.2, 0.5)


def test_amortisation_rule():
    assert da.amortization_years(0.5) == pytest.approx(2.0)  # Epoch's first-year growth 0.5
    assert da.amortization_years(0.0) == pytest.approx(12.0)
    flops = np.full(5, 14.0)  # no growth after the first year: GPUs kept 12 years
    out = da.log10_flop_per_usd_amortized(flops, 5000.0)
    assert out[0] == pytest.approx(14.0 + np.log10(2.0 * da.SECONDS_PER_YEAR / 5000.0))
    assert out[1:] == pytest.approx(14.0 + np.log10(12.0 * da.SECONDS_PER_YEAR / 5000.0))


def test_algorithmic_multiplier():
    years = np.array([2023, 2030, 2200])
    out = da.log10_algorithmic_multiplier(years, 0.5, 0.8, 5.0)
    assert out[0] == pytest.approx(0.4, abs=1e-4)  # far below the cap: steps x rate x transfer
    assert out[-1] == pytest.approx(5.0)


def test_upper_bound_moments_match_sampling():
    # Epoch samples k, slowdown (lognormal, 70% CIs) and the coefficients (normal); quadrature must agree.
    rng = np.random.default_rng(7)
    n = 200_000
    z85 = 1.0364333894937898

    def lognormal(lo, hi):
        mu, sd = (np.log(lo) + np.log(hi)) / 2, (np.log(hi) - np.log(lo)) / (2 * z85)
        return np.exp(rng.normal(mu, sd, n))

    k, s = lognormal(3129, 141714), lognormal(9.84, 290)
    coefs = [rng.normal(m, sd, n) for m, sd in zip(CHINCHILLA, (25, 25, 0.05, 0.05))]
    sampled = da.log10_upper_bound_flop(k, s, *coefs)
    mean, sd = da.upper_bound_moments(3129, 141714, 9.84, 290, CHINCHILLA, (25, 25, 0.05, 0.05))
    assert mean == pytest.approx(sampled.mean(), abs=4 * sampled.std() / np.sqrt(n))
    assert sd == pytest.approx(sampled.std(), rel=0.01)


def test_requirement_cdf_without_update_is_the_normal():
    from scipy.stats import norm

    x = np.linspace(20, 50, 31)
    got = da.requirement_cdf(x, 35.0, 6.0, [], [], scale_factor=1.0)
    assert got == pytest.approx(norm.cdf(x, 35.0, 6.0), abs=2e-6)


def test_requirement_update_and_scaling():
    x = np.linspace(15, 60, 91)
    prior = da.requirement_cdf(x, 36.0, 8.8, [], [], scale_factor=1.0)
    updated = da.requirement_cdf(x, 36.0, 8.8, [17, 23, 25], [8, 2, 1], scale_factor=1.0)
    assert np.all(updated <= prior + 1e-12)  # no TAI so far moves mass up
    assert updated[x == 22][0] < 0.01  # 1e23 FLOP run for 2 years without TAI
    scaled = da.requirement_cdf(25 + 5 / 7 * (x - 25), 36.0, 8.8, [17, 23, 25], [8, 2, 1], scale_factor=5 / 7)
    assert scaled == pytest.approx(updated, abs=1e-12)  # R = x0 + f (R' - x0)


def test_requirement_cdf_broadcasts_over_parameter_sets():
    x = np.array([[30.0, 35.0], [30.0, 35.0]])
    both = da.requirement_cdf(x, np.array([34.0, 38.0]), np.array([8.0, 9.0]), [17], [8])
    one = [da.requirement_cdf(x[0], m, s, [17], [8]) for m, s in ((34.0, 8.0), (38.0, 9.0))]
    assert both == pytest.approx(np.array(one), abs=1e-12)


def test_bound_and_prior_matches_sampling():
    # timeline.py TaiFlopPosterior: R | bound u ~ prior truncated to R <= u; combined with weight w on the bound.
    rng = np.random.default_rng(11)
    n = 400_000
    mixture = da.upper_bound_mixture(3129, 141714, 9.84, 290, CHINCHILLA, (25, 25, 0.05, 0.05))
    centre, sd, w = mixture
    node = rng.choice(w.size, size=n, p=w)
    bound = rng.normal(centre[node], sd[node])
    bound = bound[bound > 25.0]  # Epoch renormalises over bounds above the prior's start

    def prior_ppf(q):  # inverse of F(x) = 1 - (25 / x) ** (1/3)
        return 25.0 / (1.0 - q) ** 3

    truncated = prior_ppf(rng.random(bound.size) * da.prior_cdf(bound))
    x = np.array([27.0, 30.0, 35.0, 45.0])
    expected = (truncated[:, None] <= x).mean(axis=0)
    assert da.bound_and_prior_cdf(x, mixture, upper_bound_weight=0.0) == pytest.approx(expected, abs=0.005)
    both = da.bound_and_prior_cdf(x, mixture, upper_bound_weight=0.9)
    all_bounds = rng.normal(centre[node], sd[node])
    assert both == pytest.approx(0.9 * (all_bounds[:, None] <= x).mean(axis=0) + 0.1 * expected, abs=0.005)


def test_prior_cdf():
    assert da.prior_cdf(25.0) == 0.0 and da.prior_cdf(20.0) == 0.0
    assert da.prior_cdf(200.0) == pytest.approx(1 - (25 / 200) ** (1 / 3))  # timeline.py UninformativeTaiFlopPrior
