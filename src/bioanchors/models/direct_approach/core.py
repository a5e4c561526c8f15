"""Barnett & Besiroglu (Epoch, 2023), "The Direct Approach" (docs/models/direct-approach.md).

The requirement: the training compute at which a Chinchilla-scaled language model becomes
indistinguishable from human text over ``k`` tokens (a judge that is ``slowdown`` times slower
than an ideal observer needs that many tokens to reach 90% confidence). That compute is an
*upper bound* (timeline.py ``tai_requirements``):

    log10 C_ub = log10 6 + (log10 k - log10 slowdown - log10 K0 + log10 Kc) / gamma

Default reading (the published headline): a normal fit of the bound, updated on runs that did not
produce TAI (Poisson rate 10 ** (0.3 (run - R)) per year), then pulled towards 1e25 FLOP by 5/7
(:func:`requirement_cdf`). Reading of an unmerged branch (upper-bound-train-reqs): weight w on the bound, 1 - w on a prior
F(x) = 1 - (x0 / x) ** (1/3) above the largest run x0 [log10 FLOP], truncated at the bound
(:func:`bound_and_prior_cdf`).

The supply, every year t (log10; Epoch's yearly recursions in closed form):

    spend(t)  = softcap(spend0 * (1 + g_inv) ** (t - t0), share * GWP0 * (1 + g_gwp) ** (t - t0))
    flop/$(t) = FLOP/s(t) * amortisation_s(growth of FLOP/s) / GPU price
    algo(t)   = softcap(10 ** ((t - t0) * rate * transfer), 10 ** limit_oom)
    softcap(v, L) = L * (1 - exp(-v / L))

and TAI arrives in the first year effective compute spend + flop/$ + algo reaches the requirement.
The soft cap is Epoch's shape (``common.constrain``), not the package's logistic, so it is its own
function here; Epoch's GPU projection (Hobbhahn's fitted GPU-feature regressions, shipped as
pickles, all straight lines in time) is evaluated in closed form in :mod:`.hardware`; the earlier
reduced form (a plateau of 1e14-1e15 FLOP/s between 2027 and 2035) is ``log10_gpu_flop_per_second``.
"""

from __future__ import annotations

import numpy as np

from ...distributions import norm_cdf
from ...spending import log10_gdp_usd

SECONDS_PER_YEAR = 365 * 24 * 60 * 60  # Epoch's amortisation uses a 365-day year (timeline.py)
LOG10_CHINCHILLA_FLOP_PER_PARAM_TOKEN = float(np.log10(6.0))  # C = 6 N D (Hoffmann et al. 2022)
ALLOCATIONS = ("epoch-code", "hoffmann", "epoch-readme")
#: Epoch's Chinchilla means (Hoffmann et al. 2022 eq. 10), the coefficients k_performance.py's first line
#: point used at the README commit (allocation "epoch-readme"): A, B [nats], alpha, beta [-].
HOFFMANN_MEANS = (406.4, 410.7, 0.34, 0.28)
LINE_POINTS_LOG10_FLOP = (10.0, 30.0)  # k_performance.py computation_for_k_performance: compute points 1e10, 1e30


def kl_threshold_bits(confidence=0.9):
    """Evidence an ideal judge needs to tell model from human with ``confidence`` [bits].

    Epoch's ``k_performance`` constant (k_performance.py): with odds
    d0 = c / (1 - c), d1 = 1 / d0, D1 = (1 - d0) / (d1 - d0), D0 = d1 D1,
    K0 = -(D1 log2(D0 / D1) + (1 - D1) log2((1 - D0) / (1 - D1))). For c = 0.9, K0 = 2.536 bits.
    """
    c = np.asarray(confidence, dtype=float)
    d0 = c / (1.0 - c)
    d1 = 1.0 / d0
    big = (1.0 - d0) / (d1 - d0)
    small = d1 * big
    return -(big * np.log2(small / big) + (1.0 - big) * np.log2((1.0 - small) / (1.0 - big)))


def log10_loss_coefficient(a_coef, b_coef, alpha, beta, allocation="epoch-code"):
    """log10 Kc with reducible loss L(C) = Kc * (C / 6) ** -gamma at the compute-optimal N, D [log10 nats].

    Hoffmann et al. (2022) eq. 4: L - E = A / N**alpha + B / D**beta, optimal N = G (C/6)**(beta/(alpha+beta)),
    D = (C/6)**(alpha/(alpha+beta)) / G, so both terms scale as (C/6)**-gamma, gamma = alpha beta / (alpha+beta),
    and Epoch's two-point line fit (k_performance.py) is exact. ``allocation``:
    "hoffmann" uses G = (alpha A / (beta B)) ** (1 / (alpha + beta)); "epoch-code" reproduces Epoch's code,
    where operator precedence raises only (beta B) to that power: G = alpha A / (beta B) ** (1 / (alpha + beta));
    "epoch-readme" is k_performance.py at the README commit (epoch-research/timelines-direct-approach@50fff99),
    before 926237e "fix k_performance bugs": G = alpha A / (beta B), no exponent.
    """
    if allocation not in ALLOCATIONS:
        raise ValueError(f"allocation must be one of {', '.join(ALLOCATIONS)}, got {allocation!r}")
    a_coef, b_coef, alpha, beta = (np.asarray(v, dtype=float) for v in (a_coef, b_coef, alpha, beta))
    s = alpha + beta
    if allocation == "hoffmann":
        log_g = (np.log(alpha * a_coef) - np.log(beta * b_coef)) / s
    elif allocation == "epoch-readme":
        log_g = np.log(alpha * a_coef) - np.log(beta * b_coef)
    else:
        log_g = np.log(alpha * a_coef) - np.log(beta * b_coef) / s
    # Kc = A G**-alpha + B G**beta, in logs for large |log G|
    return np.logaddexp(np.log(a_coef) - alpha * log_g, np.log(b_coef) + beta * log_g) / np.log(10.0)


def log10_tokens_at(log10_flop, a_coef, b_coef, alpha, beta, confidence=0.9, allocation="epoch-code"):
    """log10 k(C) [log10 tokens]: tokens an ideal judge (slowdown 1) needs at training compute ``log10_flop``.

    k(C) = K0 / L(C) with L(C) = Kc (C / 6) ** -gamma (:func:`log10_loss_coefficient`), so
    log10 k = log10 K0 - log10 Kc + gamma (log10 C - log10 6). Broadcasts.
    """
    alpha, beta = np.asarray(alpha, dtype=float), np.asarray(beta, dtype=float)
    gamma = alpha * beta / (alpha + beta)
    log10_kc = log10_loss_coefficient(a_coef, b_coef, alpha, beta, allocation)
    return (np.log10(kl_threshold_bits(confidence)) - log10_kc
            + gamma * (np.asarray(log10_flop, dtype=float) - LOG10_CHINCHILLA_FLOP_PER_PARAM_TOKEN))


def readme_commit_line(a_coef, b_coef, alpha, beta, confidence=0.9):
    """Slope [log10 FLOP per log10 token] and intercept of k_performance.py's line at the README commit.

    Epoch's ``computation_for_k_performance`` (timelines-direct-approach@50fff99) fits a line through
    (log10 k, log10 C) at C = 1e10 and 1e30, but evaluated the first point at the mean coefficients
    (:data:`HOFFMANN_MEANS`) and only the second at the sampled ones, both with G = alpha A / (beta B).
    Returns (m, c1): log10 C = 10 + m (log10 k - log10 slowdown - c1), c1 = log10 k(1e10) at slowdown 1.
    """
    lo, hi = LINE_POINTS_LOG10_FLOP
    c1 = log10_tokens_at(lo, *HOFFMANN_MEANS, confidence, "epoch-readme")
    c2 = log10_tokens_at(hi, a_coef, b_coef, alpha, beta, confidence, "epoch-readme")
    return (hi - lo) / (c2 - c1), c1


def log10_upper_bound_flop(k_tokens, slowdown, a_coef, b_coef, alpha, beta, confidence=0.9, allocation="epoch-code"):
    """Training compute at which the model is indistinguishable over ``k_tokens`` [log10 FLOP].

    k-performance (Barnett & Besiroglu 2023, k_performance.py): k(C) = slowdown * K0 / L(C), with K0
    [bits] from :func:`kl_threshold_bits` over the reducible loss L [nats/token] (Epoch's units,
    kept as they are). Solving k(C) = ``k_tokens`` for C on the loss line of
    :func:`log10_loss_coefficient`. All arguments broadcast.
    """
    judge = np.log10(k_tokens) - np.log10(slowdown)  # log10 tokens an ideal judge would need
    if allocation == "epoch-readme":
        slope, c1 = readme_commit_line(a_coef, b_coef, alpha, beta, confidence)
        return LINE_POINTS_LOG10_FLOP[0] + slope * (judge - c1)
    alpha, beta = np.asarray(alpha, dtype=float), np.asarray(beta, dtype=float)
    gamma = alpha * beta / (alpha + beta)
    return LOG10_CHINCHILLA_FLOP_PER_PARAM_TOKEN + (judge - log10_tokens_at(
        LOG10_CHINCHILLA_FLOP_PER_PARAM_TOKEN, a_coef, b_coef, alpha, beta, confidence, allocation)) / gamma


def log10_soft_cap(log10_value, log10_limit):
    """Epoch's saturation ``L * (1 - exp(-v / L))`` in log10 [same units as the inputs].

    ``common.constrain`` of timeline-direct-approach: ~v while v << L, -> L as v >> L. It bends
    later and more sharply than the package's logistic (``logistic.log10_logistic``: v / (1 + v / L)),
    so Epoch's curves are kept in their own form. Broadcasts.
    """
    gap = np.asarray(log10_value, dtype=float) - np.asarray(log10_limit, dtype=float)
    with np.errstate(over="ignore"):
        ratio = np.power(10.0, gap)  # v / L; inf saturates to the limit below
    # log10(1 - exp(-x)): x for tiny x (where expm1 loses no precision but log10(x) is exact)
    saturation = np.where(ratio < 1e-12, gap, np.log10(-np.expm1(-np.maximum(ratio, 1e-300))))
    return np.asarray(log10_limit, dtype=float) + saturation


def log10_compound(years, log10_start, growth_per_year, reference_year):
    """A quantity growing by ``growth_per_year`` [fraction/yr] from ``log10_start`` at ``reference_year`` [log10].

    The package's compound growth (``spending.log10_gdp_usd``), with ``1 + g`` floored at 1e-12: Epoch
    redraws a multiplier ``1 + g <= 0`` (common.resample_between), which has probability < 1e-12 at its
    defaults, so a normal growth rate never gives NaN.
    """
    floored = np.maximum(np.asarray(growth_per_year, dtype=float), 1e-12 - 1.0)
    return log10_gdp_usd(np.asarray(years, dtype=float), log10_start, floored, reference_year)


def log10_largest_run_usd(years, log10_start_usd, growth_per_year, log10_gwp_usd, gwp_growth_per_year,
                          max_gwp_share, reference_year=2022):
    """Spend on the largest training run [log10 USD] (Epoch timeline.py ``spending``).

    Spend grows ``growth_per_year`` [fraction/yr] from ``log10_start_usd`` at ``reference_year``,
    soft-capped (:func:`log10_soft_cap`) at ``max_gwp_share`` [fraction] of gross world product, which
    grows ``gwp_growth_per_year`` [fraction/yr] from ``log10_gwp_usd``. Epoch's first model year (2023)
    is one growth step after the starting values, hence ``reference_year = 2022``.
    """
    spend = log10_compound(years, log10_start_usd, growth_per_year, reference_year)
    ceiling = log10_compound(years, log10_gwp_usd, gwp_growth_per_year, reference_year) + np.log10(max_gwp_share)
    return log10_soft_cap(spend, ceiling)


def log10_gpu_flop_per_second(years, log10_start, log10_plateau, plateau_year, specialization_oom_per_year,
                              specialization_cap_oom, start_year=2023):
    """Peak FLOP/s of a frontier GPU [log10 FLOP/s], a reduced form of Epoch's hardware model (``projection =
    "plateau-summary"``; Epoch's own is :mod:`.hardware`).

    Epoch (timeline.py ``flops_per_dollar``) takes Hobbhahn's FP32 projection, which plateaus when
    transistors stop shrinking, and adds hardware specialisation (:func:`log10_specialization_gain`).
    Here the projection is its published summary (Hobbhahn 2022, "Predicting GPU performance": a
    plateau of 1e14-1e15 FLOP/s between 2027 and 2035): log-linear from ``log10_start`` in
    ``start_year`` to ``log10_plateau`` in ``plateau_year``, flat after.
    """
    years = np.asarray(years, dtype=float)
    plateau_year = np.asarray(plateau_year, dtype=float)
    span = np.maximum(plateau_year - start_year, 1e-9)
    share = np.clip((years - start_year) / span, 0.0, 1.0)
    # Hobbhahn's projection never falls: a plateau drawn below today's GPUs means no further gain.
    headroom = np.maximum(np.asarray(log10_plateau, dtype=float) - log10_start, 0.0)
    base = np.asarray(log10_start, dtype=float) + share * headroom
    return base + log10_specialization_gain(years, specialization_oom_per_year, specialization_cap_oom, start_year)


def log10_specialization_gain(years, oom_per_year, cap_oom, start_year=2023):
    """FLOP/s gained from hardware specialised for ML [OOM] (Epoch timeline.py ``flops_per_dollar``).

    ``oom_per_year`` [OOM/yr] from the first year on (Epoch adds ``(year_offset + 1) * rate``, so the
    first year already has one step), at most ``cap_oom`` [OOM]. Broadcasts.
    """
    steps = np.maximum(np.asarray(years, dtype=float) - start_year + 1.0, 0.0)
    return np.minimum(steps * np.asarray(oom_per_year, dtype=float), cap_oom)


def amortization_years(growth_per_year):
    """Years a GPU is used before it is replaced, from the yearly FLOP/s growth [fraction/yr].

    Epoch's rule (timeline.py): 1.2 / (growth + 0.1); faster progress retires hardware sooner.
    """
    return 1.2 / (np.asarray(growth_per_year, dtype=float) + 0.1)


def log10_flop_per_usd_amortized(log10_flop_per_second, gpu_price_usd, first_year_growth=0.5):
    """FLOP per dollar [log10 FLOP/USD] of GPUs run over their amortisation period.

    ``log10_flop_per_second`` is (..., years) on consecutive years; the growth of each year is the
    rise over the year before (``first_year_growth`` [fraction/yr] for the first, Epoch's 0.5):
    FLOP/$ = FLOP/s * amortization_years(growth) * seconds per year / ``gpu_price_usd`` [USD].
    """
    flops = np.asarray(log10_flop_per_second, dtype=float)
    growth = np.empty(flops.shape)  # filled in place: this runs on (draws, years) per GPU line
    growth[..., :1] = first_year_growth
    np.power(10.0, np.diff(flops, axis=-1), out=growth[..., 1:])
    growth[..., 1:] -= 1.0
    log10_seconds = np.log10(amortization_years(growth), out=growth)
    log10_seconds += np.log10(SECONDS_PER_YEAR)
    return flops + log10_seconds - np.log10(gpu_price_usd)


def log10_algorithmic_multiplier(years, oom_per_year, transfer_multiplier, limit_oom, reference_year=2022):
    """Effective-compute multiplier from better algorithms [OOM] (Epoch timeline.py ``algorithmic_improvements``).

    Vision-derived progress ``oom_per_year`` [OOM/yr] times a domain ``transfer_multiplier`` [-],
    compounding from ``reference_year``, soft-capped (:func:`log10_soft_cap`) at ``limit_oom`` [OOM].
    """
    steps = np.asarray(years, dtype=float) - reference_year
    gained = steps * np.asarray(oom_per_year, dtype=float) * np.asarray(transfer_multiplier, dtype=float)
    return log10_soft_cap(gained, limit_oom)


def _log10_ci70(p15, p85):
    """(mean, sd) of log10 x for a lognormal given by its 15th and 85th percentiles (Epoch's 70% CIs)."""
    lo, hi = np.log10(p15), np.log10(p85)
    return (lo + hi) / 2.0, (hi - lo) / (2.0 * _Z85)


_Z85 = 1.0364333894937898  # standard normal 85th percentile


QUADRATURE_ORDER = 6  # Gauss-Hermite nodes per coefficient (6**4 = 1296 in all)
QUADRATURE_REACH = float(np.polynomial.hermite_e.hermegauss(QUADRATURE_ORDER)[0].max())  # 3.32 SD


def scaling_law_nodes(means, sds, order=QUADRATURE_ORDER):
    """Gauss-Hermite nodes and weights over independent normal (A, B, alpha, beta) [nats, nats, -, -].

    Epoch draws the Chinchilla coefficients per sample (k_performance.py); integrating them by
    quadrature instead gives the same distribution with no sampling noise. ``means``, ``sds`` are
    4-sequences of scalars or arrays; returns 4 arrays (..., order**4) and weights (order**4,).
    """
    x, w = np.polynomial.hermite_e.hermegauss(order)
    grid = np.meshgrid(*([x] * 4), indexing="ij")
    weights = np.prod(np.meshgrid(*([w / w.sum()] * 4), indexing="ij"), axis=0).ravel()
    coefs = tuple(np.asarray(m, dtype=float)[..., None] + np.asarray(s, dtype=float)[..., None] * g.ravel()
                  for m, s, g in zip(means, sds, grid))
    return coefs, weights


def upper_bound_mixture(k_tokens_p15, k_tokens_p85, slowdown_p15, slowdown_p85, coef_means, coef_sds,
                        confidence=0.9, allocation="epoch-code", order=QUADRATURE_ORDER):
    """The upper bound log10 C_ub [log10 FLOP] as a mixture of normals: (centres, sds, weights).

    k [tokens] and slowdown [-] are lognormal with the given 70% intervals; (A, B, alpha, beta)
    normal (:func:`scaling_law_nodes`). For fixed coefficients C_ub is normal in log10 (it is linear in
    log10 k - log10 slowdown, :func:`log10_upper_bound_flop`): one component per quadrature node.
    Centres and sds are (..., nodes), weights (nodes,). Inputs broadcast.
    """
    k_mean, k_sd = _log10_ci70(k_tokens_p15, k_tokens_p85)
    s_mean, s_sd = _log10_ci70(slowdown_p15, slowdown_p85)
    (a, b, alpha, beta), w = scaling_law_nodes(coef_means, coef_sds, order)
    mean_x, sd_x = np.asarray(k_mean - s_mean)[..., None], np.sqrt(np.asarray(k_sd ** 2 + s_sd ** 2))[..., None]
    confidence = np.asarray(confidence, dtype=float)[..., None]
    centre = log10_upper_bound_flop(10.0 ** mean_x, 1.0, a, b, alpha, beta, confidence, allocation)
    # C_ub is linear in log10 k - log10 slowdown; its slope is 1 / gamma, or the README commit's line slope
    slope = (readme_commit_line(a, b, alpha, beta, confidence)[0] if allocation == "epoch-readme"
             else (alpha + beta) / (alpha * beta))
    return centre, sd_x * np.abs(slope), w


def upper_bound_moments(*args, **kwargs):
    """Mean and SD of the upper bound [log10 FLOP] (arguments of :func:`upper_bound_mixture`).

    Epoch fits a normal to 20,000 sampled bounds (``norm.fit``), i.e. these moments, exact up to quadrature.
    """
    return upper_bound_moments_of(upper_bound_mixture(*args, **kwargs))


def log_likelihood_no_tai(log10_requirement, runs_log10_flop, runs_years, decay_exponent=0.3):
    """log P(no TAI from the runs so far | requirement) [nats] (Epoch timeline.py, ``update_on_no_tai``).

    Each run of ``runs_log10_flop`` [log10 FLOP] done for ``runs_years`` [years] would have produced TAI as a
    Poisson process of rate 10 ** (decay (run - requirement)) per year; none did.
    """
    x = np.asarray(log10_requirement, dtype=float)
    with np.errstate(over="ignore"):  # an overwhelming rate is -inf log-likelihood, which is right
        rate = sum(d * np.power(10.0, decay_exponent * (r - x)) for r, d in zip(runs_log10_flop, runs_years))
    return -rate


GRID_POINTS, GRID_WIDTH_SD = 4001, 10.0  # requirement grid: mean +- 10 SD of the bound


def _grid(mean, sd, points=GRID_POINTS):
    """Standardised offsets (points,) and the grid mean + sd * u [log10 FLOP], (..., points)."""
    u = np.linspace(-GRID_WIDTH_SD, GRID_WIDTH_SD, points)
    return u, np.asarray(mean, dtype=float)[..., None] + np.asarray(sd, dtype=float)[..., None] * u


def _normalised_cdf(pdf):
    """Trapezoid CDF of a density on a uniform grid, normalised to end at 1 (all 0 if it has no mass)."""
    cdf = np.concatenate([np.zeros(pdf.shape[:-1] + (1,)), np.cumsum((pdf[..., 1:] + pdf[..., :-1]) / 2, axis=-1)],
                         axis=-1)
    total = cdf[..., -1:]
    return np.divide(cdf, total, out=np.zeros_like(cdf), where=total > 0)


def _scaled_lookup(log10_flop, cdf, mean, sd, scale_factor, fixed_point_log10_flop):
    """P(x0 + f (R' - x0) <= log10_flop) from the CDF of R' on :func:`_grid` (Epoch's ``scale_tai_requirements``)."""
    mean, sd = np.asarray(mean, dtype=float), np.asarray(sd, dtype=float)
    unscaled = fixed_point_log10_flop + (np.asarray(log10_flop, dtype=float) - fixed_point_log10_flop) / scale_factor
    lowest = mean - GRID_WIDTH_SD * sd
    step = (2.0 * GRID_WIDTH_SD / (cdf.shape[-1] - 1)) * sd
    if mean.ndim:
        lowest, step = lowest[..., None], step[..., None]
    return _uniform_interp((unscaled - lowest) / step, cdf)


def requirement_cdf(log10_flop, mean, sd, runs_log10_flop, runs_years, decay_exponent=0.3, scale_factor=5 / 7,
                    fixed_point_log10_flop=25.0):
    """P(requirement <= ``log10_flop``) [-]: Epoch's requirement distribution, the default reading.

    A normal(``mean``, ``sd``) [log10 FLOP] fit to the upper bound, updated on no TAI so far
    (:func:`log_likelihood_no_tai`), then pulled towards ``fixed_point_log10_flop`` by ``scale_factor``
    (Epoch's ``scale_tai_requirements``: the bound is an upper bound, so the distribution is moved down):
    R = x0 + f (R' - x0). Computed on a grid over mean +- 10 SD, per parameter set: ``mean``, ``sd`` are
    scalars or (sets,), the other parameters scalars or (sets, 1); ``log10_flop`` (years,) or (sets, years),
    or a list of such arrays, equally likely (one table; the mean of their CDFs). If the evidence rules
    out the whole grid, the requirement lies above it and the CDF is 0.
    """
    u, grid = _grid(mean, sd)
    log_pdf = -0.5 * u ** 2 + log_likelihood_no_tai(grid, runs_log10_flop, runs_years, decay_exponent)
    top = log_pdf.max(axis=-1, keepdims=True)
    cdf = _normalised_cdf(np.exp(log_pdf - np.where(np.isfinite(top), top, 0.0)))
    return _lookup_mean(log10_flop, cdf, mean, sd, scale_factor, fixed_point_log10_flop)


def _lookup_mean(log10_flop, cdf, mean, sd, scale_factor, fixed_point_log10_flop):
    """:func:`_scaled_lookup` of an array, or the mean over a list of equally likely arrays (one at a time)."""
    if not isinstance(log10_flop, list):
        return _scaled_lookup(log10_flop, cdf, mean, sd, scale_factor, fixed_point_log10_flop)
    total = _scaled_lookup(log10_flop[0], cdf, mean, sd, scale_factor, fixed_point_log10_flop)
    for x in log10_flop[1:]:
        total += _scaled_lookup(x, cdf, mean, sd, scale_factor, fixed_point_log10_flop)
    return total / len(log10_flop)


def prior_cdf(log10_flop, start_log10_flop=25.0, exponent=1.0 / 3.0):
    """Epoch's uninformative prior on the requirement, CDF [-] (timeline.py ``UninformativeTaiFlopPrior``).

    F(x) = 1 - (x0 / x) ** exponent above x0 (x, x0 in log10 FLOP; x0 the largest run so far), 0 below.
    """
    x = np.asarray(log10_flop, dtype=float)
    ratio = np.minimum(start_log10_flop / np.maximum(x, 1e-300), 1.0)
    return np.where(x > start_log10_flop, 1.0 - np.power(ratio, exponent), 0.0)


def bound_and_prior_cdf(log10_flop, mixture, upper_bound_weight=0.9, start_log10_flop=25.0, exponent=1.0 / 3.0,
                        scale_factor=1.0, fixed_point_log10_flop=25.0):
    """P(requirement <= ``log10_flop``) [-], the reading of Epoch's unmerged branch upper-bound-train-reqs (``upper_bound_weight``).

    Weight w on the bound itself (the :func:`upper_bound_mixture` ``mixture``, of one parameter set)
    and 1 - w on the prior F (:func:`prior_cdf`) truncated at the bound (``TaiFlopPosterior``):
    Post(x) = [UB(x) - UB(x0) + F(x) int_x^inf ub(u) / F(u) du] / (1 - UB(x0)) for x > x0.
    Epoch applies no scaling in this reading (``scale_factor`` 1).
    """
    centre, sd, w = mixture
    mean, spread = upper_bound_moments_of(mixture)
    _, grid = _grid(mean, spread)
    z = (grid[:, None] - centre) / sd  # (points, nodes)
    ub_cdf = np.sum(w * norm_cdf(z), axis=-1)
    ub_pdf = np.sum(w * np.exp(-0.5 * z ** 2) / (sd * np.sqrt(2 * np.pi)), axis=-1)
    prior = prior_cdf(grid, start_log10_flop, exponent)
    ratio = np.divide(ub_pdf, prior, out=np.zeros_like(prior), where=prior > 0)
    segments = (ratio[1:] + ratio[:-1]) / 2 * np.diff(grid)
    tail = np.concatenate([np.cumsum(segments[::-1])[::-1], [0.0]])  # int_x^end ub / F
    at_start = float(np.sum(w * norm_cdf((start_log10_flop - centre) / sd)))
    post = np.where(grid > start_log10_flop, (ub_cdf - at_start + prior * tail) / max(1.0 - at_start, 1e-300), 0.0)
    cdf = np.maximum.accumulate(upper_bound_weight * ub_cdf + (1.0 - upper_bound_weight) * np.clip(post, 0.0, 1.0))
    return _lookup_mean(log10_flop, cdf, mean, spread, scale_factor, fixed_point_log10_flop)  # a list: as requirement_cdf


def upper_bound_moments_of(mixture):
    """Mean and SD [log10 FLOP] of an :func:`upper_bound_mixture`."""
    centre, sd, w = mixture
    mean = np.sum(w * centre, axis=-1)
    return mean, np.sqrt(np.maximum(np.sum(w * (centre ** 2 + sd ** 2), axis=-1) - mean ** 2, 0.0))


def _uniform_interp(index, table):
    """Linear interpolation of ``table`` (..., n) at fractional ``index`` (..., m); clamps at the ends."""
    n = table.shape[-1]
    index = np.clip(index, 0.0, n - 1.0)
    lo = np.minimum(np.floor(index).astype(int), n - 2)
    frac = index - lo
    table = np.broadcast_to(table, index.shape[:-1] + (n,)) if table.ndim > 1 else table
    if table.ndim == 1:
        return table[lo] * (1 - frac) + table[lo + 1] * frac
    left = np.take_along_axis(table, lo, axis=-1)
    right = np.take_along_axis(table, lo + 1, axis=-1)
    return left * (1 - frac) + right * frac
