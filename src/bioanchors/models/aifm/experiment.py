"""Experiment throughput: a CES of experiment compute and serial coding labour (write-up §"Experiment
throughput", explanations.tex @53bc297).

    X = ( alpha (C_xpm^zeta)^rho_X + (1 - alpha) (L_C^lambda)^rho_X )^(1/rho_X)          (X)

X [experiment throughput, arbitrary units], C_xpm [H100e], L_C^lambda the serial coding labour
[researcher-equivalents^lambda] (lambda = the "parallel penalty"). The write-up sets
(zeta, alpha, rho_X) from three judgements at the present day (the peer's
``compute_exp_capacity_params_from_anchors``, progress_model/ces_functions.py @53bc297):

* infinite coding labour multiplies X by ``a_L`` ("inf_labor_asymptote", 15) and infinite
  experiment compute by ``a_C`` (1000): with X normalised to 1 today, the limits
  alpha^(1/rho) C~ and (1-alpha)^(1/rho) L~ give  ``a_L^rho + a_C^rho = 1``  (solved for rho);
* a 10x cut in experiment compute divides X by ``m`` (2.8):
  ``zeta = ln((1 + k) m^-rho - k) / (rho ln 0.1)``, ``k = (a_C / a_L)^rho``;
* alpha then puts today's inputs on that curve:
  ``alpha = 1 / (1 + ((C_xpm^zeta / L^lambda) (a_C / a_L))^rho)``.

All functions are vectorised over parameter sets (numpy broadcasting).
"""

from __future__ import annotations

import numpy as np

#: rho below this is treated as Leontief (min), |rho| below COBB_DOUGLAS as Cobb-Douglas: the peer's
#: thresholds (model_config.py @53bc297: RHO_LEONTIEF_THRESHOLD, RHO_COBB_DOUGLAS_THRESHOLD).
LEONTIEF = -50.0
COBB_DOUGLAS = 1e-9
REFERENCE_COMPUTE_CHANGE = 0.1  # the 10x cut of the compute anchor (model_config.py: REFERENCE_COMPUTE_CHANGE)


def ces(x1, x2, weight1, rho):
    """Two-input CES ``(w x1^rho + (1-w) x2^rho)^(1/rho)`` [units of x], with its limits:
    Cobb-Douglas ``x1^w x2^(1-w)`` as rho -> 0 and Leontief ``min(x1, x2)`` as rho -> -inf.
    Inputs broadcast; x1, x2 > 0."""
    x1, x2, w, rho = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x1, x2, weight1, rho)))
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        safe_rho = np.where(np.abs(rho) < COBB_DOUGLAS, 1.0, rho)
        general = (w * x1**safe_rho + (1 - w) * x2**safe_rho) ** (1 / safe_rho)
        cobb = np.exp(w * np.log(x1) + (1 - w) * np.log(x2))
    out = np.where(np.abs(rho) < COBB_DOUGLAS, cobb, general)
    return np.where(rho < LEONTIEF, np.minimum(x1, x2), out)


def rho_from_asymptotes(labour_asymptote, compute_asymptote, iterations: int = 80):
    """rho_X < 0 with ``a_L^rho + a_C^rho = 1`` [dimensionless] by bisection on [-50, 0)
    (vectorised; a_L, a_C > 1, so the left side falls from 2 to 0 as rho goes from 0 to -inf)."""
    a, b = np.broadcast_arrays(np.asarray(labour_asymptote, float), np.asarray(compute_asymptote, float))
    lo = np.full(a.shape, LEONTIEF)
    hi = np.full(a.shape, -1e-12)
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        too_low = a**mid + b**mid - 1.0 < 0  # at mid the sum is below 1: rho must rise
        lo = np.where(too_low, mid, lo)
        hi = np.where(too_low, hi, mid)
    return 0.5 * (lo + hi)


def compute_exponent(labour_asymptote, compute_asymptote, slowdown_at_tenth, rho):
    """zeta [dimensionless]: the exponent on experiment compute such that 0.1x compute divides X by
    ``slowdown_at_tenth`` (inv_compute_anchor_exp_cap)."""
    k = (np.asarray(compute_asymptote) / np.asarray(labour_asymptote)) ** rho
    m = 1.0 / np.asarray(slowdown_at_tenth)
    return np.log((1 + k) * m**rho - k) / (rho * np.log(REFERENCE_COMPUTE_CHANGE))


def compute_weight(labour_asymptote, compute_asymptote, zeta, experiment_compute, serial_labour, rho):
    """alpha [dimensionless]: the CES weight on experiment compute that puts today's
    (C_xpm [H100e], serial labour) on the curve implied by the two asymptotes."""
    ratio = (np.asarray(experiment_compute) ** zeta / serial_labour) * (
        np.asarray(compute_asymptote) / np.asarray(labour_asymptote)
    )
    return 1.0 / (1.0 + ratio**rho)


def throughput(experiment_compute, serial_labour, alpha, rho, zeta):
    """Experiment throughput X (eq. X) [arbitrary units]."""
    return ces(np.asarray(experiment_compute) ** zeta, serial_labour, alpha, rho)
