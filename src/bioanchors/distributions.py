"""Probability distributions for uncertain inputs, defined by their quantile function.

Every distribution here is a frozen object with a vectorised ``ppf(u)`` (the
inverse CDF), so that sampling is ``ppf(rng.random(n))``, a Gaussian copula is
``ppf(Phi(z))`` and SALib's unit-hypercube samples map through ``ppf`` too: one
mechanism for Monte Carlo, correlated sampling and Sobol analysis.

Interval semantics are always explicit. A percentile is named by its key:
``p5 = 1.2, p95 = 4.0`` means the 5th and 95th percentiles. Nothing assumes
that a "range" is a 90% or a 95% interval.

Kinds (the ``dist`` key in a scenario file):

``normal``      ``mean`` and ``sd``, or two percentile keys.
``lognormal``   ``median`` and ``sd_log10`` [OOM], or two percentile keys; > 0.
``uniform``     ``low`` and ``high``.
``loguniform``  ``low`` and ``high`` (> 0); uniform in log10.
``skewnormal``  ``median``, ``sd`` and ``shape`` (scipy's ``a``: > 0 right skew,
                < 0 left skew). Used for Cotra's "skew-log-normal" multipliers,
                which are skew-normal in log10 space (report p. 106, 110).
``percentiles`` three or more percentile keys; the quantile function is linear
                in the standard-normal score between them and extends the end
                segments linearly in that score (normal-like tails), unless
                ``p0``/``p100`` are given, which bound the support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

# scipy.special is imported inside the functions that use it: importing it costs ~0.2 s, and
# `bioanchors --help` and scenario validation never need it (issue 11). scipy.stats is not used.

PERCENTILE_KEY = re.compile(r"^p(\d+(?:\.\d+)?)$")
_SQRT2 = np.sqrt(2.0)


def percentile_key_to_probability(key: str) -> float | None:
    """``"p5"`` -> 0.05, ``"p97.5"`` -> 0.975; anything else -> None."""
    m = PERCENTILE_KEY.match(key)
    return None if m is None else float(m.group(1)) / 100.0


def norm_ppf(u):
    """Standard normal quantile (vectorised; cheaper than scipy.stats.norm.ppf)."""
    from scipy import special

    return special.ndtri(u)


def norm_cdf(z):
    from scipy import special

    return special.ndtr(z)


def skewnorm_cdf(z, a):
    """CDF of the standard skew-normal with shape ``a`` (scipy's ``skewnorm(a)``).

    ``F(z) = Phi(z) - 2 T(z, a)``, T Owen's T function (Azzalini 1985).
    """
    from scipy import special

    return special.ndtr(z) - 2.0 * special.owens_t(z, a)


def skewnorm_ppf(u, a, *, tol: float = 1e-13, max_iter: int = 200):
    """Quantile of the standard skew-normal with shape ``a``, vectorised.

    Replaces ``scipy.stats.skewnorm.ppf`` (whose import alone costs ~1 s).
    Safeguarded Newton on ``F(z) = u`` inside a bracket that always holds the
    root: for ``a >= 0``, ``2 Phi(z) - 1 <= F(z) <= Phi(z)`` (the half-normal
    and the normal bound it), so ``z`` lies in ``[Phi^-1(u), Phi^-1((1+u)/2)]``;
    ``a < 0`` is the mirror image, ``ppf(u, a) = -ppf(1 - u, -a)``. A Newton
    step leaving the bracket is replaced by bisection, so it always converges;
    it stops when every step is below ``tol`` [standard units]. Agrees with
    scipy.stats to ~1e-10 on u in [1e-9, 1 - 1e-9] (tests/test_logistic_and_distributions.py).
    """
    from scipy import special

    u = np.asarray(u, dtype=float)
    if a < 0:
        return -skewnorm_ppf(1.0 - u, -a, tol=tol, max_iter=max_iter)
    inner = (u > 0.0) & (u < 1.0)
    v = np.where(inner, u, 0.5)
    upper = v > 0.5
    # Upper half: solve 1 - F(z) = 1 - u (exact in floats for u > 0.5), so the far right
    # tail keeps its precision instead of drowning in 1 - 1e-16 rounding.
    target = np.where(upper, 1.0 - v, v)
    lo, hi = special.ndtri(v), special.ndtri(0.5 * (1.0 + v))
    # Start from the normal with the same mean and SD, clipped into the bracket.
    delta = a / np.sqrt(1.0 + a * a)
    z = np.clip(delta * np.sqrt(2.0 / np.pi) + np.sqrt(1.0 - 2.0 * delta**2 / np.pi) * special.ndtri(v), lo, hi)
    for _ in range(max_iter):
        t2 = 2.0 * special.owens_t(z, a)
        f = np.where(upper, target - (special.ndtr(-z) + t2), (special.ndtr(z) - t2) - target)  # rises with z
        lo, hi = np.where(f < 0, z, lo), np.where(f < 0, hi, z)
        pdf = 2.0 * np.exp(-0.5 * z * z) / np.sqrt(2.0 * np.pi) * special.ndtr(a * z)
        with np.errstate(divide="ignore", invalid="ignore"):
            new = z - f / pdf
        bad = ~((new >= lo) & (new <= hi))  # outside the bracket, or NaN: bisect instead
        new = np.where(bad, 0.5 * (lo + hi), new)
        done = np.abs(new - z) <= tol * (1.0 + np.abs(z))
        z = new
        if np.all(done):
            break
    return np.where(inner, z, np.where(u <= 0.0, -np.inf, np.inf))


@dataclass(frozen=True)
class Distribution:
    """Base class: subclasses implement ``ppf``; sampling derives from it."""

    def ppf(self, u):  # pragma: no cover - abstract
        raise NotImplementedError

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws using ``rng`` (shape (n,))."""
        return self.ppf(rng.random(n))

    @property
    def median(self) -> float:
        return float(self.ppf(0.5))

    @property
    def support(self) -> tuple[float, float]:
        return float(self.ppf(0.0)), float(self.ppf(1.0))


@dataclass(frozen=True)
class Point(Distribution):
    value: float

    def ppf(self, u):
        return np.full(np.shape(u), self.value, dtype=float)


@dataclass(frozen=True)
class Normal(Distribution):
    mean: float
    sd: float

    def ppf(self, u):
        return self.mean + self.sd * norm_ppf(u)


@dataclass(frozen=True)
class LogNormal(Distribution):
    """Positive quantity whose log10 is normal: ``median`` [units], ``sd_log10`` [OOM]."""

    median_value: float
    sd_log10: float

    def ppf(self, u):
        return 10.0 ** (np.log10(self.median_value) + self.sd_log10 * norm_ppf(u))

    @property
    def support(self) -> tuple[float, float]:
        # (0, inf) open at 0: every value is strictly positive.
        return float(np.nextafter(0.0, 1.0)), float("inf")


@dataclass(frozen=True)
class Uniform(Distribution):
    low: float
    high: float

    def ppf(self, u):
        return self.low + (self.high - self.low) * np.asarray(u, dtype=float)


@dataclass(frozen=True)
class LogUniform(Distribution):
    low: float
    high: float

    def ppf(self, u):
        lo, hi = np.log10(self.low), np.log10(self.high)
        return 10.0 ** (lo + (hi - lo) * np.asarray(u, dtype=float))


@dataclass(frozen=True)
class SkewNormal(Distribution):
    """Skew-normal with a given median, standard deviation and scipy shape ``a``."""

    median_value: float
    sd: float
    shape: float
    _loc: float = field(init=False, repr=False)
    _scale: float = field(init=False, repr=False)

    def __post_init__(self):
        # Solve scipy's loc/scale so that the median and SD are the stated ones.
        delta = self.shape / np.sqrt(1.0 + self.shape**2)
        scale = self.sd / np.sqrt(1.0 - 2.0 * delta**2 / np.pi)
        loc = self.median_value - scale * float(skewnorm_ppf(0.5, self.shape))
        object.__setattr__(self, "_scale", float(scale))
        object.__setattr__(self, "_loc", float(loc))

    def ppf(self, u):
        return self._loc + self._scale * skewnorm_ppf(u, self.shape)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        # The ppf is a numerical inversion; sampling uses the exact
        # representation delta*|Z0| + sqrt(1-delta^2)*Z1 instead.
        delta = self.shape / np.sqrt(1.0 + self.shape**2)
        z0 = np.abs(rng.standard_normal(n))
        z1 = rng.standard_normal(n)
        return self._loc + self._scale * (delta * z0 + np.sqrt(1.0 - delta**2) * z1)


@dataclass(frozen=True)
class Percentiles(Distribution):
    """Quantile function through given (probability, value) points.

    Linear in the standard-normal score z = Phi^-1(p) between points, extended
    linearly in z beyond the outermost ones. With p0 or p100 given, that end is
    bounded instead (its z is infinite, so the value is reached only at p=0/1).
    """

    probabilities: tuple[float, ...]
    values: tuple[float, ...]

    def ppf(self, u):
        u = np.asarray(u, dtype=float)
        p = np.asarray(self.probabilities)
        v = np.asarray(self.values)
        lower_bounded = p[0] == 0.0
        upper_bounded = p[-1] == 1.0
        if lower_bounded or upper_bounded:
            # Bounded ends: interpolate in probability near a bound (z is
            # infinite there), in z elsewhere.
            inner = slice(1 if lower_bounded else 0, len(p) - 1 if upper_bounded else len(p))
            out = self._ppf_z(u, p[inner], v[inner])
            if lower_bounded:
                lo = u < p[1]
                out = np.where(lo, v[0] + (v[1] - v[0]) * u / p[1], out)
            if upper_bounded:
                hi = u > p[-2]
                out = np.where(hi, v[-2] + (v[-1] - v[-2]) * (u - p[-2]) / (1.0 - p[-2]), out)
            return out
        return self._ppf_z(u, p, v)

    @staticmethod
    def _ppf_z(u, p, v):
        z = norm_ppf(p)
        zu = norm_ppf(np.clip(u, 1e-300, 1 - 1e-16))
        if len(p) == 1:
            return np.full_like(zu, v[0])
        out = np.interp(zu, z, v)
        lo_slope = (v[1] - v[0]) / (z[1] - z[0])
        hi_slope = (v[-1] - v[-2]) / (z[-1] - z[-2])
        out = np.where(zu < z[0], v[0] + lo_slope * (zu - z[0]), out)
        out = np.where(zu > z[-1], v[-1] + hi_slope * (zu - z[-1]), out)
        # Keep exact infinities at u = 0 / 1 for unbounded tails.
        out = np.where(u <= 0.0, -np.inf if lo_slope > 0 else v[0], out)
        out = np.where(u >= 1.0, np.inf if hi_slope > 0 else v[-1], out)
        return out


def normal_from_percentiles(p1: float, x1: float, p2: float, x2: float) -> tuple[float, float]:
    """(mean, sd) of the normal whose p1 and p2 quantiles are x1 and x2."""
    z1, z2 = norm_ppf(p1), norm_ppf(p2)
    sd = (x2 - x1) / (z2 - z1)
    return float(x1 - sd * z1), float(sd)


def gaussian_copula_uniforms(
    rng: np.random.Generator, n: int, correlation: np.ndarray
) -> np.ndarray:
    """(n, k) uniforms whose normal scores have the given correlation matrix."""
    k = correlation.shape[0]
    chol = np.linalg.cholesky(correlation)
    z = rng.standard_normal((n, k)) @ chol.T
    return norm_cdf(z)


def spearman_to_pearson(rho_s):
    """Rank correlation -> the normal-copula correlation that produces it.

    For a Gaussian copula, Spearman's rho_s = (6/pi) asin(r/2) (Kruskal 1958).
    """
    return 2.0 * np.sin(np.pi * np.asarray(rho_s, dtype=float) / 6.0)
