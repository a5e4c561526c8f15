"""Converters between the ways a growth rate is quoted.

One place for every conversion the package makes: a halving time (for compute
needed, algorithmic progress), a doubling time (FLOP per dollar, spending), a
yearly multiplier (``x/yr``) and orders of magnitude per year (``OOM/yr``).
All functions are vectorised and work on scalars or numpy arrays.

Relations used (exact):

    OOM/yr  = log10(x/yr)
    x/yr    = 2 ** (1 / doubling_time_years)
    halving time of a quantity that falls by a factor x each year
            = doubling time of its inverse.
"""

from __future__ import annotations

import numpy as np

LOG10_2 = float(np.log10(2.0))
MONTHS_PER_YEAR = 12.0


def doubling_years_to_oom_per_year(doubling_years):
    """Doubling (or halving) time [years] -> growth [OOM/yr]."""
    return LOG10_2 / np.asarray(doubling_years, dtype=float)


def oom_per_year_to_doubling_years(oom_per_year):
    """Growth [OOM/yr] -> doubling (or halving) time [years]."""
    return LOG10_2 / np.asarray(oom_per_year, dtype=float)


def doubling_years_to_multiplier(doubling_years):
    """Doubling time [years] -> yearly multiplier [x/yr]."""
    return 10.0 ** doubling_years_to_oom_per_year(doubling_years)


def multiplier_to_doubling_years(multiplier):
    """Yearly multiplier [x/yr] -> doubling time [years]."""
    return LOG10_2 / np.log10(np.asarray(multiplier, dtype=float))


def multiplier_to_oom_per_year(multiplier):
    """Yearly multiplier [x/yr] -> [OOM/yr]."""
    return np.log10(np.asarray(multiplier, dtype=float))


def oom_per_year_to_multiplier(oom_per_year):
    """[OOM/yr] -> yearly multiplier [x/yr]."""
    return 10.0 ** np.asarray(oom_per_year, dtype=float)


def halving_months_to_multiplier(halving_months):
    """Halving time [months] of compute needed -> efficiency gain [x/yr]."""
    return doubling_years_to_multiplier(np.asarray(halving_months, dtype=float) / MONTHS_PER_YEAR)


def multiplier_to_halving_months(multiplier):
    """Efficiency gain [x/yr] -> halving time [months] of compute needed."""
    return multiplier_to_doubling_years(multiplier) * MONTHS_PER_YEAR


def halving_years_to_months(halving_years):
    """[years] -> [months]."""
    return np.asarray(halving_years, dtype=float) * MONTHS_PER_YEAR


def as_float(x):
    """numpy 0-d results -> plain float, arrays unchanged (for JSON output)."""
    arr = np.asarray(x)
    return float(arr) if arr.ndim == 0 else arr


# --- compute amounts -------------------------------------------------------
# A "petaflop/s-day" is 1e15 FLOP per second sustained for one day, the unit of
# OpenAI's "AI and Compute" and Hernandez & Brown (2020); teraflop/s-days are
# 1e12 FLOP/s for a day. 1 day = 86,400 s.
SECONDS_PER_DAY = 86_400.0
FLOP_PER_PETAFLOP_S_DAY = 1e15 * SECONDS_PER_DAY  # 8.64e19 FLOP
FLOP_PER_TERAFLOP_S_DAY = 1e12 * SECONDS_PER_DAY  # 8.64e16 FLOP


def halving_months_to_oom_per_year(halving_months):
    """Halving time [months] -> rate of decline [OOM/yr] (positive for a fall).

    ``OOM/yr = log10(2) / (halving_months / 12)``
    """
    return doubling_years_to_oom_per_year(np.asarray(halving_months, dtype=float) / MONTHS_PER_YEAR)


def oom_per_year_to_halving_months(oom_per_year):
    """Rate of decline [OOM/yr] -> halving time [months].

    ``halving_months = 12 * log10(2) / OOM/yr``; the inverse of
    :func:`halving_months_to_oom_per_year`.
    """
    return halving_years_to_months(oom_per_year_to_doubling_years(oom_per_year))
