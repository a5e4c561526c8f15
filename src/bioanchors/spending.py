"""Willingness to spend on the largest training run (report pp. 124-125, 133).

Best guess: ~$1M in 2020 (AlphaStar), $1B in 2025, then doubling every ~2
years towards a ceiling of ~1% of the largest economy's GDP, which itself grows
~3%/yr. The ceiling moves with time, so the logistic is evaluated with the
ceiling of the year in question (docs/model.md §5).
"""

from __future__ import annotations

import numpy as np

from .logistic import log10_logistic


def log10_gdp_usd(years, log10_gdp, growth_per_year, reference_year=2020):
    """GDP of the largest national economy [log10 USD]: compound growth.

    ``GDP(t) = GDP(ref) * (1 + g) ** (t - ref)``
    """
    return log10_gdp + np.log10(1.0 + np.asarray(growth_per_year, dtype=float)) * (years - reference_year)


def log10_spend_usd(
    years,
    log10_start,
    doubling_time_years,
    ceiling_gdp_share,
    log10_gdp,
    gdp_growth_per_year,
    reference_year=2025,
    gdp_reference_year=2020,
    initial_year=None,
    initial_log10_usd=None,
):
    """Spend on the largest training run in ``years`` [log10 USD].

    From ``reference_year`` on, a logistic through ``log10_start`` with ceiling
    ``ceiling_gdp_share * GDP(t)``. Before it, if an earlier anchor
    (``initial_year``, ``initial_log10_usd``) is given, spend grows
    exponentially between the two anchors (report p. 124: $1M in 2020 to $1B
    in 2025); otherwise the logistic is extrapolated backwards.
    """
    years = np.asarray(years, dtype=float)
    log10_ceiling = np.log10(ceiling_gdp_share) + log10_gdp_usd(
        years, log10_gdp, gdp_growth_per_year, gdp_reference_year
    )
    out = log10_logistic(log10_start, doubling_time_years, log10_ceiling, years - reference_year)
    if initial_year is not None:
        slope = (np.asarray(log10_start) - np.asarray(initial_log10_usd)) / (reference_year - initial_year)
        ramp = np.asarray(log10_start) + slope * (years - reference_year)
        out = np.where(years < reference_year, ramp, out)
    return out
