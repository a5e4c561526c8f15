"""A small, obviously-correct reference implementation of the model, for tests.

Plain Python floats, one year and one sample at a time, written straight from
MODEL.md's formulas (no log-space tricks, no broadcasting). Valid for ordinary
inputs only (it overflows where the package must not). Also used by the
benchmark as the per-sample loop the vectorised code is compared with.
"""

from __future__ import annotations

import math


def logistic(y0: float, doubling_years: float, ymax: float, dt: float) -> float:
    """MODEL.md 5: y = y0 g / (1 + (y0/ymax)(g - 1)), g = 2^(dt/d)."""
    g = 2.0 ** (dt / doubling_years)
    return y0 * g / (1.0 + (y0 / ymax) * (g - 1.0))


def affordable_flop(spec, year: float) -> float:
    """FLOP the largest run can buy in ``year`` (MODEL.md 1 and 5), central values."""
    fd, sp = spec.flop_per_dollar, spec.spending
    flop_per_usd = logistic(10 ** fd.log10_flop_per_usd.central, fd.doubling_time_years.central,
                            10 ** fd.log10_ceiling_flop_per_usd.central, year - fd.reference_year)
    gdp = 10 ** sp.log10_gdp_usd.central * (1 + sp.gdp_growth_per_year.central) ** (year - sp.gdp_reference_year)
    if year >= sp.reference_year or sp.initial_year is None:
        spend = logistic(10 ** sp.log10_usd.central, sp.doubling_time_years.central,
                         sp.ceiling_gdp_share.central * gdp, year - sp.reference_year)
    else:
        frac = (year - sp.reference_year) / (sp.reference_year - sp.initial_year)
        spend = 10 ** (sp.log10_usd.central + frac * (sp.log10_usd.central - sp.initial_log10_usd.central))
    return flop_per_usd * spend


def progress_factor(halving: float, cap_oom: float, years_since: float) -> float:
    """MODEL.md 4: requirement divided by this factor after ``years_since`` years."""
    return logistic(1.0, halving, 10.0**cap_oom, years_since)


def p_none(spec, year: float) -> float:
    b = spec.breakthrough
    frac = min(max((year - b.start_year) / (b.end_year - b.start_year), 0.0), 1.0)
    return b.p_none_start.central + frac * (b.p_none_end.central - b.p_none_start.central)


def p_tai_by(spec, built, year: float) -> float:
    """MODEL.md 1: (1 - p_none) * sum_i w_i/sum w * CDF_i(avail + algo_i), one year."""
    avail = math.log10(affordable_flop(spec, year))
    weights = [h.weight.central for h in spec.hypotheses.values()]
    total = 0.0
    for (name, hyp), b, w in zip(spec.hypotheses.items(), built, weights):
        algo = math.log10(progress_factor(hyp.halving_time_years.central, hyp.cap_oom.central,
                                          year - spec.algorithmic_progress.start_year))
        total += w / sum(weights) * float(b.requirement.cdf_at(avail + algo))
    return (1.0 - p_none(spec, year)) * total


def arrival_year_loop(spec, built, years, rng) -> float | None:
    """One Monte Carlo sample the slow way: draw hypothesis, requirement, p_none
    threshold; walk the years until it is affordable and eligible."""
    weights = [h.weight.central for h in spec.hypotheses.values()]
    u = rng.random() * sum(weights)
    acc = 0.0
    for k, w in enumerate(weights):
        acc += w
        if u < acc:
            break
    hyp = list(spec.hypotheses.values())[k]
    need = float(built[k].requirement.ppf(rng.random()))
    u_none = rng.random()
    for year in years:
        if u_none < p_none(spec, year):
            continue
        avail = math.log10(affordable_flop(spec, year))
        algo = math.log10(progress_factor(hyp.halving_time_years.central, hyp.cap_oom.central,
                                          year - spec.algorithmic_progress.start_year))
        if need <= avail + algo:
            return year
    return None
