"""Research taste (experiment selection skill): the human distribution, AI taste growing with
effective compute, and the aggregate (write-up §"Experiment selection automation",
explanations.tex @53bc297; the peer's TasteDistribution, progress_model/taste_distribution.py).

Human taste is ``T = f(x)``, ``x ~ Normal(mu, sigma^2)``, with a smooth cap ``A`` [taste units]:

    f(x) = (A^r + (1 - A^r) exp(x / (1 - A^r))^r)^(1/r),   r = 2 ln(1/s - 1) / ln A     (T)

and its Cobb-Douglas limit at smoothing ``s = 1/2``: ``ln f(x) = ln A (1 - exp(-x / ln A))``.
``A = m^(1 + c)``: ``m`` the median-to-top ratio (the 99.9th-percentile researcher's taste over the
median's), ``c`` the cap in "median-to-bests" above the best human. (mu, sigma) are set so that
f(mu + z_top sigma) / f(mu) = m and E[T] = 1 (mean human taste is the unit). Without the cap
(A -> inf) T is the write-up's lognormal.

AI taste is a number of human standard deviations that rises linearly in log10 effective compute
E [OOM]: ``sd(E) = sd_AC + slope (E - E_AC)`` [SD], ``T_AI = f(mu + sigma sd)``. The aggregate is
the mean of the human distribution with everyone below the AIs lifted to them:

    T_agg = E[max(T, T_AI)] = T_AI Phi(z) + int_z^inf f(mu + sigma u) phi(u) du,
    z = (f^-1(T_AI) - mu) / sigma                                                   (Tagg)

All functions are vectorised over parameter sets (leading axis S).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Gauss-Hermite nodes for E[g(mu + sigma Z)] (32, as the peer's utils._gauss_hermite_expectation).
GH_DEGREE = 32
#: the tail-integral z grid (the peer's _precompute_floor_grid: 2000 points on [-10, 10]).
Z_GRID = np.linspace(-10.0, 10.0, 2000)
#: below this quantile of T a floor leaves the mean unchanged; above FLOOR_HIGH the mean is the floor
#: (model_config.py @53bc297: TASTE_FLOOR_GRID_LOW_PERCENTILE, TASTE_FLOOR_GRID_HIGH_PERCENTILE).
FLOOR_LOW, FLOOR_HIGH = 0.001, 0.9999
COBB_DOUGLAS_TOLERANCE = 1e-6


def _norm_ppf(q):
    from scipy.special import ndtri  # scipy on first use: CLI start-up

    return ndtri(q)


def _norm_cdf(z):
    from scipy.special import ndtr

    return ndtr(z)


@dataclass(frozen=True)
class TasteDistribution:
    """Calibrated human taste distributions, one per parameter set (each field (S,))."""

    log_cap: np.ndarray  # ln A
    smoothing: np.ndarray  # s
    mu: np.ndarray
    sigma: np.ndarray
    mean: np.ndarray  # E[T] by Gauss-Hermite (= 1 up to the calibration's tolerance)
    tail: np.ndarray  # (S, len(Z_GRID)): int_z^inf f(mu + sigma u) phi(u) du on Z_GRID
    floor_low: np.ndarray  # f at quantile FLOOR_LOW
    floor_high: np.ndarray  # f at quantile FLOOR_HIGH

    def _col(self, name: str, ndim: int):
        return getattr(self, name).reshape((-1,) + (1,) * (ndim - 1))

    def taste_at_sd(self, sd):
        """T_AI [taste units] at ``sd`` (S,) or (S, Y) human SD above the median (of x)."""
        n = np.ndim(sd)
        x = self._col("mu", n) + self._col("sigma", n) * sd
        return transform(x, self._col("log_cap", n), self._col("smoothing", n))

    def mean_with_floor(self, floor):
        """E[max(T, F)] [taste units] (eq. Tagg) for floors F (S,) or (S, Y) [taste units]."""
        n = np.ndim(floor)
        x = inverse_transform(floor, self._col("log_cap", n), self._col("smoothing", n))
        with np.errstate(invalid="ignore"):
            z = (x - self._col("mu", n)) / self._col("sigma", n)
        step = Z_GRID[1] - Z_GRID[0]
        pos = (np.clip(z, Z_GRID[0], Z_GRID[-1]) - Z_GRID[0]) / step
        j = np.clip(pos.astype(int), 0, len(Z_GRID) - 2)
        frac = pos - j
        rows = np.arange(self.tail.shape[0]).reshape((-1,) + (1,) * (n - 1))
        upper = (1 - frac) * self.tail[rows, j] + frac * self.tail[rows, j + 1]
        with np.errstate(invalid="ignore"):
            lifted = np.maximum(floor * _norm_cdf(z) + upper, floor)
        out = np.where(floor < self._col("floor_low", n), self._col("mean", n), lifted)
        return np.where(floor > self._col("floor_high", n), floor, out)


def transform(x, log_cap, smoothing):
    """f(x) of eq. (T) [taste units]."""
    return np.exp(log_transform(x, log_cap, smoothing))


def log_transform(x, log_cap, smoothing):
    """ln f(x) of eq. (T) (the Cobb-Douglas limit at smoothing 1/2)."""
    x, log_cap, s = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, log_cap, smoothing)))
    cobb = np.abs(s - 0.5) < COBB_DOUGLAS_TOLERANCE
    out = np.empty(x.shape)
    if cobb.any():  # each element by its own branch only (the hot path of the calibration)
        lc = log_cap[cobb]
        out[cobb] = lc * (1.0 - np.exp(-np.clip(x[cobb] / lc, -700, 700)))
    if not cobb.all():
        general = ~cobb
        q = 1.0 / s[general] - 1.0  # A^r = q^2
        a_pow_r = q * q
        c1 = 1.0 - a_pow_r
        r = 2.0 * np.log(q) / log_cap[general]
        inner = a_pow_r + c1 * np.exp(np.clip(r * x[general] / c1, -700, 700))
        inner = np.where(c1 < 0, np.clip(inner, 0.0, None), np.clip(inner, 1e-300, None))
        with np.errstate(divide="ignore"):
            out[general] = np.log(inner) / r
    return out


def inverse_transform(t, log_cap, smoothing):
    """f^-1(T) [x units]; -inf for T <= 0 (or the lower end of the support), +inf for T >= A."""
    t, log_cap, s = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (t, log_cap, smoothing)))
    cobb = np.abs(s - 0.5) < COBB_DOUGLAS_TOLERANCE
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        ratio = np.log(t) / log_cap
        limit = -log_cap * np.log(np.clip(1.0 - ratio, 1e-300, None))
        q = np.where(cobb, 3.0, 1.0 / s - 1.0)
        a_pow_r = q * q
        c1 = 1.0 - a_pow_r
        r = 2.0 * np.log(q) / log_cap
        arg = np.clip((t**r - a_pow_r) / c1, 1e-300, None)
        general = c1 * np.log(arg) / r
        out = np.where(cobb, limit, general)
    out = np.where(t <= 0, -np.inf, out)
    return np.where(t >= np.exp(log_cap), np.inf, out)


def _gauss_hermite():
    nodes, weights = np.polynomial.hermite.hermgauss(GH_DEGREE)
    return np.sqrt(2.0) * nodes, weights / np.sqrt(np.pi)


def _residuals(mu, log_sigma, log_cap, s, z_top, log_ratio, nodes, weights):
    sigma = np.exp(log_sigma)
    ratio = log_transform(mu + sigma * z_top, log_cap, s) - log_transform(mu, log_cap, s)
    mean = (transform(mu[..., None] + sigma[..., None] * nodes, log_cap[..., None], s[..., None]) * weights).sum(-1)
    return ratio - log_ratio, mean - 1.0


def calibrate(median_to_top, top_quantile, cap_m2b, smoothing) -> TasteDistribution:
    """(mu, sigma) of eq. (T) for each set: the top quantile over the median is ``median_to_top`` and
    the mean is 1 (Newton's method on (mu, ln sigma) from the uncapped lognormal; the peer solves the
    same two equations by least squares; 10 steps reach 1e-9, the finite-difference Jacobian's floor, for
    smoothing anywhere in [0.001, 0.999]). Inputs (S,) arrays or floats; sets with the same four
    inputs share one calibration."""
    inputs = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype=float)) for v in
                                   (median_to_top, top_quantile, cap_m2b, smoothing)))
    unique, inverse = np.unique(np.stack(inputs, axis=1), axis=0, return_inverse=True)
    dist = _calibrate_unique(*unique.T)
    inverse = inverse.ravel()
    return TasteDistribution(**{name: getattr(dist, name)[inverse] for name in TasteDistribution.__dataclass_fields__})


def _calibrate_unique(m, q, c, s, iterations: int = 10, tolerance: float = 1e-12) -> TasteDistribution:
    log_cap = np.log(m) * (1.0 + c)
    z_top = _norm_ppf(q)
    log_ratio = np.log(m)
    nodes, weights = _gauss_hermite()
    log_sigma = np.log(log_ratio / z_top)
    mu = -0.5 * np.exp(log_sigma) ** 2
    h = 1e-6
    for _ in range(iterations):
        f1, f2 = _residuals(mu, log_sigma, log_cap, s, z_top, log_ratio, nodes, weights)
        if max(np.abs(f1).max(), np.abs(f2).max()) < tolerance:
            break
        a1, a2 = _residuals(mu + h, log_sigma, log_cap, s, z_top, log_ratio, nodes, weights)
        b1, b2 = _residuals(mu, log_sigma + h, log_cap, s, z_top, log_ratio, nodes, weights)
        j11, j21, j12, j22 = (a1 - f1) / h, (a2 - f2) / h, (b1 - f1) / h, (b2 - f2) / h
        det = j11 * j22 - j12 * j21
        mu = mu - (j22 * f1 - j12 * f2) / det
        log_sigma = log_sigma - (-j21 * f1 + j11 * f2) / det
    sigma = np.exp(log_sigma)
    col = (slice(None), None)
    mean = (transform(mu[col] + sigma[col] * nodes, log_cap[col], s[col]) * weights).sum(-1)
    density = np.exp(-0.5 * Z_GRID**2) / np.sqrt(2 * np.pi)
    values = transform(mu[col] + sigma[col] * Z_GRID, log_cap[col], s[col]) * density
    # right-to-left Riemann sum, as the peer's floor grid (taste_distribution.py @53bc297)
    tail = np.cumsum(values[:, ::-1], axis=1)[:, ::-1] * (Z_GRID[1] - Z_GRID[0])
    return TasteDistribution(
        log_cap=log_cap, smoothing=s, mu=mu, sigma=sigma, mean=mean, tail=tail,
        floor_low=transform(mu + sigma * _norm_ppf(FLOOR_LOW), log_cap, s),
        floor_high=transform(mu + sigma * _norm_ppf(FLOOR_HIGH), log_cap, s),
    )


def ai_taste_sd(e, e_ac, sd_at_ac, slope_per_oom):
    """AI taste [human SD above the median] at log10 effective compute e [OOM]: linear in e."""
    return sd_at_ac + slope_per_oom * (e - e_ac)
