"""Hardware price-performance: FLOP per dollar over time (report pp. 122-124, 132).

Best guess: ~1e17 FLOP/$ in 2020 (at ~1/3 utilisation), 4e17 in 2025, doubling
every ~2.5 years towards a ceiling of ~1e24 FLOP/$ (docs/model.md §5).
"""

from __future__ import annotations

from .logistic import log10_logistic


def log10_flop_per_usd(years, log10_start, doubling_time_years, log10_ceiling, reference_year=2025):
    """FLOP per dollar in ``years`` [log10 FLOP/USD].

    Logistic curve (docs/model.md §5) through ``log10_start`` at ``reference_year``::

        FLOP/$(t) = L(FLOP/$(ref), doubling_time, ceiling, t - ref)

    Parameters broadcast: pass ``years`` as (years,) and parameters as
    (samples, 1) to get (samples, years).
    """
    return log10_logistic(log10_start, doubling_time_years, log10_ceiling, years - reference_year)
