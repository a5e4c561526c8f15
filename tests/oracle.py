"""An independent, obviously-correct reference implementation of the model, for tests.

Plain Python floats and Python's own ``random.Random``, one sample and one year
at a time, written straight from ../shared/MODEL.md (sections 1, 3-6) and the
report, NOT from the package's code:

- trends: the logistic of docs/model.md §5 in linear space (no log tricks);
- requirements: each hypothesis is *sampled from its ingredients* (docs/model.md §3)
  with this module's own samplers for every distribution kind the built-in
  scenarios use, and the update against low values is applied by *rejection*
  (accept a draw with probability L(x)), which is the textbook meaning of
  "multiply by a likelihood and renormalise";
- P(TAI by t): the fraction of per-sample arrival years <= t.

Only the scenario's *inputs* are read from the package (the parsed scenario
object), so the numbers engineers change in the TOML files flow in at run time.
It is valid for ordinary inputs only (it overflows where the package must not)
and raises NotImplementedError for features it does not model (run length,
bounded percentile tails), so a test can never silently compare against a
half-implemented oracle.

``arrival_year_loop`` and ``p_tai_by`` keep their old signatures: they take the
package's *built* requirement CDFs and serve the benchmark (a per-sample loop
to compare speed with) and a check of the evaluation code alone.
"""

from __future__ import annotations

import functools
import math
import random
from statistics import NormalDist

from scipy import stats

_STD = NormalDist()


# --------------------------------------------------------------------- trends
def logistic(y0: float, doubling_years: float, ymax: float, dt: float) -> float:
    """docs/model.md §5: y = y0 g / (1 + (y0/ymax)(g - 1)), g = 2^(dt/d)."""
    g = 2.0 ** (dt / doubling_years)
    return y0 * g / (1.0 + (y0 / ymax) * (g - 1.0))


def _value(param) -> float:
    """A point parameter's number, read from the raw field (not ``.central``)."""
    if param.dist is not None:
        raise NotImplementedError("the oracle models point-valued trends only")
    return float(param.value)


def _t(spec, year: float) -> float:
    return year + spec.conventions.trend_year_offset_years


def affordable_flop(spec, year: float) -> float:
    """FLOP the largest run can buy in ``year`` [FLOP] (docs/model.md §1 and 5)."""
    if spec.run_length.enabled:
        raise NotImplementedError("the oracle does not model training-run length")
    fd, sp, t = spec.flop_per_dollar, spec.spending, _t(spec, year)
    flop_per_usd = logistic(10 ** _value(fd.log10_flop_per_usd), _value(fd.doubling_time_years),
                            10 ** _value(fd.log10_ceiling_flop_per_usd), t - fd.reference_year)
    gdp = 10 ** _value(sp.log10_gdp_usd) * (1 + _value(sp.gdp_growth_per_year)) ** (t - sp.gdp_reference_year)
    if t >= sp.reference_year or sp.initial_year is None:
        spend = logistic(10 ** _value(sp.log10_usd), _value(sp.doubling_time_years),
                         _value(sp.ceiling_gdp_share) * gdp, t - sp.reference_year)
    else:  # report p. 124: exponential from ~$1M (2020) to $1B (2025)
        frac = (t - sp.reference_year) / (sp.reference_year - sp.initial_year)
        spend = 10 ** (_value(sp.log10_usd) + frac * (_value(sp.log10_usd) - _value(sp.initial_log10_usd)))
    return flop_per_usd * spend


def halving_time(spec, hyp) -> float:
    """Hypothesis halving time [years] after the scenario-wide scale (docs/model.md §4)."""
    if getattr(spec.algorithmic_progress, "halving_time_years_all", None) is not None:
        raise NotImplementedError("the oracle reads per-hypothesis halving times only")
    return _value(hyp.halving_time_years) * _value(spec.algorithmic_progress.halving_time_scale)


def progress_factor(halving: float, cap_oom: float, years_since: float) -> float:
    """docs/model.md §4: the requirement is divided by this factor after ``years_since`` years."""
    return logistic(1.0, halving, 10.0**cap_oom, years_since)


def p_none(spec, year: float) -> float:
    """docs/model.md §6: linear from p_none_start to p_none_end, constant outside."""
    b = spec.breakthrough
    frac = min(max((year - b.start_year) / (b.end_year - b.start_year), 0.0), 1.0)
    return _value(b.p_none_start) + frac * (_value(b.p_none_end) - _value(b.p_none_start))


def weights(spec) -> list[float]:
    """Normalised hypothesis weights (docs/model.md §1: w_i / sum_j w_j)."""
    w = [_value(h.weight) for h in spec.hypotheses.values()]
    return [x / sum(w) for x in w]


def log10_reach(spec, hyp, year: float) -> float:
    """log10 of (affordable FLOP x algorithmic-progress factor) in ``year``."""
    # No progress before its start year: the convention is documented on
    # schema.AlgorithmicProgress.start_year and in docs/reproduction.md (p. 121 vs p. 136).
    dt = max(_t(spec, year) - spec.algorithmic_progress.start_year, 0.0)
    return math.log10(affordable_flop(spec, year)) + math.log10(
        progress_factor(halving_time(spec, hyp), _value(hyp.cap_oom), dt))


# --------------------------------------------------------------- requirements
def draw(param, rnd: random.Random) -> float:
    """One draw of a scenario parameter, from its raw fields (this module's own samplers)."""
    if param.dist is None:
        return float(param.value)
    pct = param.percentiles or {}
    if param.dist == "normal":
        if pct:
            (p1, x1), (p2, x2) = pct.items()
            z1, z2 = _STD.inv_cdf(p1), _STD.inv_cdf(p2)
            sd = (x2 - x1) / (z2 - z1)
            return rnd.gauss(x1 - sd * z1, sd)
        return rnd.gauss(param.mean, param.sd)
    if param.dist == "uniform":
        return rnd.uniform(param.low, param.high)
    if param.dist == "skewnormal":
        return _skewnormal(param.median, param.sd, param.shape, rnd)
    if param.dist == "percentiles":
        return _percentiles(pct, rnd)
    raise NotImplementedError(f"oracle sampler for dist = {param.dist!r}")


def _skewnormal(median: float, sd: float, a: float, rnd: random.Random) -> float:
    """Skew-normal with the given median and SD, scipy shape ``a`` (Azzalini 1985).

    Standard skew-normal: Z = delta |U0| + sqrt(1 - delta^2) U1, delta = a / sqrt(1 + a^2);
    its SD is sqrt(1 - 2 delta^2 / pi), so scale = sd / that, and loc puts the median.
    """
    delta = a / math.sqrt(1 + a * a)
    scale = sd / math.sqrt(1 - 2 * delta * delta / math.pi)
    loc = median - scale * _skewnorm_median(a)
    z = delta * abs(rnd.gauss(0, 1)) + math.sqrt(1 - delta * delta) * rnd.gauss(0, 1)
    return loc + scale * z


@functools.cache
def _skewnorm_median(a: float) -> float:
    return float(stats.skewnorm.median(a))  # the standard skew-normal's median (scipy)


def _percentiles(pct: dict, rnd: random.Random) -> float:
    """Quantile function linear in the normal score between the given points, extended
    linearly beyond them (docs/sensitivity.md, "percentiles"); unbounded tails only."""
    probs, vals = list(pct), list(pct.values())
    if probs[0] <= 0.0 or probs[-1] >= 1.0:
        raise NotImplementedError("oracle: bounded percentile tails (p0/p100)")
    zs = [_STD.inv_cdf(p) for p in probs]
    z = rnd.gauss(0, 1)
    k = 0 if z < zs[0] else len(zs) - 2 if z >= zs[-1] else max(i for i in range(len(zs) - 1) if zs[i] <= z)
    return vals[k] + (vals[k + 1] - vals[k]) * (z - zs[k]) / (zs[k + 1] - zs[k])


def _constructed_draw(model: str, req, ing, rnd: random.Random) -> float:
    """One 2020 requirement [log10 FLOP] from the ingredients, before the update (docs/model.md §3)."""
    g = lambda name: draw(getattr(ing, name), rnd)  # noqa: E731 - one fresh draw per use
    if model == "lifetime_anchor":  # brain FLOP/s x 1e9 s x skew-lognormal (pp. 106-107)
        return g("brain_log10_flop_per_s") + g("lifetime_log10_seconds") + g("lifetime_multiplier_oom")
    if model == "evolution_anchor":  # ~1e41 FLOP x ML adjustment x skew-lognormal (pp. 109-110)
        return g("evolution_log10_flop") + g("ml_adjustment_oom") + g("evolution_multiplier_oom")
    f = g("brain_log10_flop_per_s") + g("ml_adjustment_oom")  # FLOP per subjective second
    if model == "genome_anchor":
        params, horizon = g("genome_log10_params"), g("genome_log10_horizon_s")
    elif model == "neural_network":
        params = f + g("params_minus_flop_per_subj_s_oom")
        horizon = rnd.uniform(req.log10_horizon_s_low, req.log10_horizon_s_high)  # log-uniform H
    else:
        raise NotImplementedError(model)
    # D = K P^alpha, K set by the reference model (1e12 params need ~1e12 samples, SD 1.5 OOM)
    alpha = g("scaling_exponent")
    samples = (g("reference_log10_samples") + alpha * (params - g("reference_log10_params"))
               + g("samples_noise_oom") * rnd.gauss(0, 1))
    return f + horizon + samples  # FLOP = F * H * D


def requirement_draw(spec, name: str, rnd: random.Random) -> float:
    """One draw of hypothesis ``name``'s 2020 requirement [log10 FLOP], after the update
    against low values, by rejection: accept x with probability L(x) (docs/model.md §3)."""
    hyp, reqs = spec.hypotheses[name], spec.requirements
    upd = reqs.update
    while True:
        if hasattr(hyp.requirement, "model"):
            x = _constructed_draw(hyp.requirement.model, hyp.requirement, reqs.ingredients, rnd)
        else:
            x = draw(hyp.requirement, rnd)
        if not upd.enabled:
            return x
        like = min(max((x - upd.zero_at_log10_flop) / (upd.one_at_log10_flop - upd.zero_at_log10_flop), 0.0), 1.0)
        if rnd.random() < like:
            return x


# ------------------------------------------------------------------ the model
def arrival_years(spec, n: int, seed: int) -> list[float | None]:
    """``n`` independent arrival years (None: not by ``years.end``), one sample at a time:
    hypothesis by weight, requirement from the ingredients, a uniform against p_none; the
    arrival is the first year that is eligible (u >= p_none) and at or after the first year
    the requirement became affordable (docs/model.md §1)."""
    rnd = random.Random(seed)
    names = list(spec.hypotheses)
    years = range(spec.years.start, spec.years.end + 1)
    reach = {k: [log10_reach(spec, spec.hypotheses[k], y) for y in years] for k in names}
    pn = [p_none(spec, y) for y in years]
    out: list[float | None] = []
    for _ in range(n):
        k = rnd.choices(names, weights=weights(spec))[0]
        need, u_none = requirement_draw(spec, k, rnd), rnd.random()
        arrived, crossed = None, False
        for i, year in enumerate(years):
            crossed = crossed or need <= reach[k][i]
            if crossed and u_none >= pn[i]:
                arrived = year
                break
        out.append(arrived)
    return out


def p_by_year(arrivals: list[float | None], year: int) -> float:
    """P(TAI by ``year``) estimated from oracle arrival years."""
    return sum(a is not None and a <= year for a in arrivals) / len(arrivals)


# ------------------------------------------- helpers on the package's built CDFs
def p_tai_by(spec, built, year: float) -> float:
    """docs/model.md §1 with the *package's* requirement CDFs: checks the evaluation code alone."""
    w = weights(spec)
    total = sum(wi * float(b.requirement.cdf_at(log10_reach(spec, h, year)))
                for wi, b, h in zip(w, built, spec.hypotheses.values()))
    return (1.0 - p_none(spec, year)) * total


def arrival_year_loop(spec, built, years, rng) -> float | None:
    """One Monte Carlo sample the slow way with the package's built CDFs (the benchmark's loop)."""
    w = weights(spec)
    u, acc, k = rng.random(), 0.0, len(w) - 1
    for i, wi in enumerate(w):
        acc += wi
        if u < acc:
            k = i
            break
    hyp = list(spec.hypotheses.values())[k]
    need = float(built[k].requirement.ppf(rng.random()))
    u_none = rng.random()
    for year in years:
        if u_none >= p_none(spec, year) and need <= log10_reach(spec, hyp, year):
            return year
    return None
