"""Software efficiency in the Jones form (write-up §"Software efficiency" and its expandable
"Connection to the Jones semi-endogenous growth model", explanations.tex @53bc297).

Research effort RE [research units/yr] accumulates into the research stock RS = int RE dt
[research units]; software efficiency S [dimensionless, 1 at the present day] is a power law of the
stock, S = C RS^(1/beta), equivalently the Jones law of motion S' = a S^(1-beta) RE with
C = (a beta)^(1/beta). Its growth rate in OOM/yr is therefore

    d log10 S / dt = r RE / (RS ln 10),     r = 1 / beta                                 (J)

(the peer's compute_software_progress_rate, progress_model/progress_rate.py @53bc297). ``r`` is not
a free input: it is set so that the human-only software progress rate at the reference year (2024.0)
equals a given rate (1 OOM/yr by default; the peer's compute_progress_trajectory rescales
r_software the same way). The initial stock is RS(t0) = RE(t0) / (d ln RE / dt)(t0), the stock of a
research effort that has always grown at its initial rate (the peer's
calculate_initial_research_stock, RS = RE^2 / RE'). Vectorised over parameter sets.
"""

from __future__ import annotations

import numpy as np

LN10 = np.log(10.0)


def software_rate(r, research_effort, research_stock):
    """d log10 S / dt [OOM/yr] of eq. (J)."""
    return r * research_effort / (research_stock * LN10)


def initial_research_stock(research_effort, log_growth):
    """RS(t0) [research units]: RE(t0) / g, g = d ln RE/dt at t0 [1/yr] (exponential history)."""
    return research_effort / log_growth


def calibrated_r(rate_at_reference, research_effort, research_stock):
    """r = 1/beta [dimensionless] such that eq. (J) gives ``rate_at_reference`` [OOM/yr] for the
    human-only research effort and stock at the reference year."""
    return rate_at_reference * LN10 * research_stock / research_effort


def stock_from_efficiency(s, a, beta):
    """RS [research units] for software efficiency s under S' = a S^(1-beta) RE started from S = 0:
    RS = S^beta / (a beta) (the write-up's substitution U = S^beta)."""
    return np.asarray(s) ** beta / (a * beta)


def efficiency_from_stock(rs, a, beta):
    """S = (a beta)^(1/beta) RS^(1/beta): the inverse of :func:`stock_from_efficiency`."""
    return (a * beta) ** (1.0 / beta) * np.asarray(rs) ** (1.0 / beta)
