"""The estimators: plain functions over a model's :class:`~.problem.Problem` (issue 20 item 1).

Each takes ``(problem, n, rng, progress)`` and returns an :class:`Estimate` of every event's
P(by t), its standard error and band, the components' mean curves, and the series and metrics
across parameter draws (docs/methods.md):

==============  ==========================================================  ===========================
estimator       what it does                                                standard error of P(by t)
==============  ==========================================================  ===========================
exact           the curves at the central parameter values                  0
conditional     N i.i.d. draws (Gaussian copula); mean of the exact curves  SD across draws / sqrt(N)
qmc             R = 32 independently scrambled Sobol' sequences of 2^k       SD of the R replicate
                points each (randomised quasi-Monte Carlo, scipy.stats.qmc) means / sqrt(R)
monte-carlo     the model's joint sampler when it has one; otherwise one    binomial sqrt(P(1 - P) / N)
                arrival year per draw by inverse transform of its curve
==============  ==========================================================  ===========================

Chunks hold at most :data:`~.problem.CHUNK_CELLS` cells, whatever the window. Draws are
row-major, so the chunk size never changes the numbers beyond float rounding.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .estimate import Estimate, EventEstimate, MetricEstimate, SeriesEstimate
from .problem import Curves, Problem

BAND = (0.05, 0.5, 0.95)  # quantiles across draws shown as bands (P by t, series)
# Bands are read from the first BAND_DRAWS draws (a random subset: draws are exchangeable), so
# memory stays bounded for any N; 100,000 draws pin a 5th percentile of P(by t) to ~0.001.
BAND_DRAWS = 100_000
# ... and from at most BAND_CELLS kept values (draws x (years of every event and series)), so it stays
# bounded for any window too: 100,000 draws over 1900-3000 held 0.44 GB of rows per curve, and
# semi-informative priors peaked at 1.36 GB there (issue 23 item 9). 10 M cells keep all 100,000
# draws of one curve up to 100 years, and at least BAND_MIN_DRAWS draws for any window.
BAND_CELLS = 10_000_000
BAND_MIN_DRAWS = 2_000


def band_draws(n: int, cells_per_draw: int) -> int:
    """How many draws the bands keep: all ``n`` up to BAND_DRAWS, and within BAND_CELLS."""
    return min(n, BAND_DRAWS, max(BAND_MIN_DRAWS, BAND_CELLS // max(1, cells_per_draw)))
METRIC_QUANTILES = (0.05, 0.1, 0.5, 0.9, 0.95)
QMC_REPLICATES = 32  # independent scramblings: the spread of their means is the reported error; 32 (not 8)
# because with few replicates of a step-shaped curve all means can coincide by chance (SE 0, error not)

Progress = Callable[[int], None] | None


def shared_progress(progress: Callable[[int], None], parts: int) -> Callable[[int], None]:
    """A progress callback for one of ``parts`` runs that each report ``samples`` draws (an
    ensemble's sampled members; an update's prior and posterior runs): every ``parts`` draws
    reported count as one, so the caller's bar (total ``samples``) ends at 100%, not parts x 100%."""
    reported, passed = 0, 0

    def report(k: int) -> None:
        nonlocal reported, passed
        reported += k
        step = reported // parts - passed
        if step:
            passed += step
            progress(step)

    return report


# --- exact ------------------------------------------------------------------------------------


def exact(problem: Problem, n: int = 0, rng: np.random.Generator | None = None,
          progress: Progress = None) -> Estimate:
    """The curves at the central parameters; standard errors 0."""
    c = problem.at({})
    events = {k: EventEstimate(p[0], np.zeros(problem.years.size)) for k, p in c.events.items()}
    return Estimate(events, None if c.components is None else c.components[0],
                    {k: SeriesEstimate(np.asarray(v)[0]) for k, v in c.series.items()},
                    {k: MetricEstimate(float(np.asarray(v)[0])) for k, v in c.metrics.items()}, None)


# --- sampled estimators: one accumulator -----------------------------------------------------


#: cells (rows x curve cells) of one block of the running moments: 8 MB of float64
MOMENT_BLOCK_CELLS = 1 << 20


class _Moments:
    """Running mean and variance across draws, shifted by the first draw's value: with point
    values every difference is exactly 0 (SE exactly 0), and otherwise the shift keeps the
    variance-from-sums free of cancellation."""

    def __init__(self) -> None:
        self.ref: np.ndarray | None = None
        self.total: np.ndarray | float = 0.0
        self.total_sq: np.ndarray | float = 0.0
        self.n = 0

    def add(self, x: np.ndarray, m: int) -> None:
        x = np.broadcast_to(x, (m, *np.shape(x)[1:]))
        if self.ref is None:
            self.ref = x[0].copy()
        # In blocks of rows: a fresh array of tens of MB costs its page faults (~100 ms for Cotra's
        # 10,000 x 6 x 81 components, more than the arithmetic); blocks keep each temporary small.
        rows = max(1, MOMENT_BLOCK_CELLS // max(1, math.prod(x.shape[1:])))
        for start in range(0, m, rows):
            d = x[start:start + rows] - self.ref
            self.total = self.total + d.sum(axis=0)
            self.total_sq = self.total_sq + np.einsum("i...,i...->...", d, d)
        self.n += m

    def mean(self) -> np.ndarray:
        assert self.ref is not None
        return self.ref + self.total / self.n

    def sd(self) -> np.ndarray:
        mean_d = self.total / self.n
        return np.sqrt(np.maximum(self.total_sq - self.n * np.square(mean_d), 0.0) / max(self.n - 1, 1))


class _Rows:
    """The first ``cap`` rows of a (draws, ...) quantity (float32: rounding <= 6e-8), for quantiles."""

    def __init__(self, cap: int) -> None:
        self.cap, self.kept = cap, 0
        self.parts: list[np.ndarray] = []

    def add(self, x: np.ndarray, m: int) -> None:
        if self.kept < self.cap:
            take = min(m, self.cap - self.kept)
            self.parts.append(np.broadcast_to(x, (m, *np.shape(x)[1:]))[:take].astype(np.float32))
            self.kept += take

    def quantiles(self, qs, nan: bool = False) -> list[np.ndarray]:
        rows = np.concatenate(self.parts)
        if nan:
            with np.errstate(all="ignore"):
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns stay NaN
                    return list(np.nanquantile(rows.astype(float), qs, axis=0))
        return list(np.quantile(rows, qs, axis=0).astype(float))


class _Accumulator:
    """Everything the sampled estimators collect from the chunks of curves."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.band_rows: int | None = None  # draws kept for the bands: band_draws(), set by the first add
        self.events: dict[str, _Moments] = {}
        self.bands: dict[str, _Rows] = {}
        self.hits: dict[str, np.ndarray] = {}
        self.components = _Moments()
        self.series: dict[str, _Rows] = {}
        self.metrics: dict[str, _Rows] = {}

    def add(self, c: Curves, m: int, u: np.ndarray | None = None) -> None:
        if self.band_rows is None:  # one cap for every band, from the cells a draw adds to all of them
            width = sum(np.shape(v)[-1] for v in (*c.events.values(), *c.series.values()))
            self.band_rows = band_draws(self.n, width)
        rows = self.band_rows
        for k, p in c.events.items():
            if u is None:
                self.events.setdefault(k, _Moments()).add(p, m)
                self.bands.setdefault(k, _Rows(rows)).add(p, m)
            else:  # arrived by t: the set's CDF has passed its uniform draw
                reached = (np.broadcast_to(p, (m, p.shape[-1])) >= u[:, None]).sum(axis=0)
                self.hits[k] = self.hits.get(k, 0) + reached
        if c.components is not None and u is None:
            self.components.add(c.components, m)
        for k, v in c.series.items():
            self.series.setdefault(k, _Rows(rows)).add(v, m)
        for k, v in c.metrics.items():
            self.metrics.setdefault(k, _Rows(min(self.n, BAND_DRAWS))).add(np.asarray(v, dtype=float).reshape(-1), m)

    def others(self) -> tuple[dict[str, SeriesEstimate], dict[str, MetricEstimate]]:
        series = {}
        for k, rows in self.series.items():
            qs = rows.quantiles(BAND, nan=True)
            series[k] = SeriesEstimate(qs[1], dict(zip(BAND, qs)))
        metrics = {}
        for k, rows in self.metrics.items():
            vals = np.concatenate(rows.parts).astype(float)
            ok = np.isfinite(vals)
            q = dict(zip(METRIC_QUANTILES, map(float, np.quantile(vals[ok], METRIC_QUANTILES)))) if ok.any() else None
            metrics[k] = MetricEstimate(q[0.5] if q else math.nan, q, float(ok.mean()))
        return series, metrics

    def mean_estimate(self) -> Estimate:
        events = {k: EventEstimate(mo.mean(), mo.sd() / math.sqrt(mo.n),
                                   dict(zip(BAND, self.bands[k].quantiles(BAND))))
                  for k, mo in self.events.items()}
        comps = self.components.mean() if self.components.ref is not None else None
        return Estimate(events, comps, *self.others(), samples=self.n)


def _chunks(n: int, size: int):
    done = 0
    while done < n:
        m = min(size, n - done)
        yield m
        done += m


def conditional(problem: Problem, n: int, rng: np.random.Generator, progress: Progress = None) -> Estimate:
    """Mean of the exact curves over ``n`` i.i.d. parameter draws; SE = SD / sqrt(n); 5/50/95% band."""
    acc = _Accumulator(n)
    for m in _chunks(n, problem.chunk):
        acc.add(problem.at(problem.space.sample(m, rng)), m)
        if progress is not None:
            progress(m)
    return acc.mean_estimate()


def qmc(problem: Problem, n: int, rng: np.random.Generator, progress: Progress = None) -> Estimate:
    """Randomised quasi-Monte Carlo: QMC_REPLICATES scrambled Sobol' sequences (scipy.stats.qmc).

    Each replicate has 2^k >= n / QMC_REPLICATES points (Sobol' balance needs a power of 2), so
    the draws made may exceed ``n``; the estimate records how many. The estimate is the mean of
    the replicate means and its SE the SD of those means / sqrt(QMC_REPLICATES): an honest error
    whatever the smoothness of the curves (Owen 1997). Point-valued problems are exact.
    """
    from scipy.stats import qmc as scipy_qmc

    d = problem.space.dimension
    if d == 0:
        return exact(problem)
    k = max(1, math.ceil(math.log2(max(n, 1) / QMC_REPLICATES)))
    per = 2 ** k
    # All replicates' points at once, replicate by replicate: the curves are evaluated in chunks of
    # the whole design (a simulation model pays per call, not per point), then averaged per replicate.
    u = np.concatenate([scipy_qmc.Sobol(d, scramble=True, rng=rng).random_base2(k) for _ in range(QMC_REPLICATES)])
    acc, sums = _Accumulator(u.shape[0]), None
    for lo in range(0, u.shape[0], problem.chunk):
        part = u[lo:lo + problem.chunk]
        m = part.shape[0]
        c = problem.at(problem.space.at_uniforms(part))
        acc.add(c, m)
        stacked = np.broadcast_to(np.stack(list(c.events.values()), axis=1), (m, len(c.events), problem.years.size))
        if sums is None:
            sums = np.zeros((QMC_REPLICATES, *stacked.shape[1:]))
        np.add.at(sums, np.arange(lo, lo + m) // per, stacked)
        if progress is not None:  # in requested draws: the design may hold more points than n
            progress(n * (lo + m) // u.shape[0] - n * lo // u.shape[0])
    reps = sums / per
    means = np.array(reps)  # (replicates, events, years)
    est = acc.mean_estimate()
    se = means.std(axis=0, ddof=1) / math.sqrt(QMC_REPLICATES)
    events = {name: EventEstimate(means[:, j].mean(axis=0), se[j], e.band)
              for j, (name, e) in enumerate(est.events.items())}
    return Estimate(events, est.components, est.series, est.metrics, est.samples)


def monte_carlo(problem: Problem, n: int, rng: np.random.Generator, progress: Progress = None) -> Estimate:
    """The model's joint sampler, or one arrival per draw: the first year whose P(by t | set) >= U."""
    if problem.joint is not None:
        return problem.joint(n, rng, progress)
    acc = _Accumulator(n)
    for m in _chunks(n, problem.chunk):
        c = problem.at(problem.space.sample(m, rng))
        acc.add(c, m, u=rng.random(m))
        if progress is not None:
            progress(m)
    events = {}
    for k, hits in acc.hits.items():
        p = np.asarray(hits, dtype=float) / n
        events[k] = EventEstimate(p, np.sqrt(p * (1.0 - p) / n))
    return Estimate(events, None, *acc.others(), samples=n)
