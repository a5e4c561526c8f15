"""Davidson's hyper-prior over update rules (§7.2, Appendix 8): a Bayesian mixture.

Rule i (a trial definition with its inputs) gives S_i(t) = P(no AGI by the end of year t).
With initial weights w_i, observing no AGI through year t0 updates them to

    w_i(t0) = w_i S_i(t0) / sum_j w_j S_j(t0),

and P(AGI by t | no AGI by t0) = sum_i w_i(t0) (1 - S_i(t) / S_i(t0)) for t > t0 (0 before).
This is the closed form of his year-by-year re-weighting (each year's hazard averaged
with that year's posterior weights; the product telescopes).
"""

from __future__ import annotations

import numpy as np


def posterior_weights(weights, log_survival_t0):
    """w_i(t0) [fraction], shape of ``weights`` (rules, sets, 1): initial weights times S_i(t0), normalised."""
    # Subtract the largest log so a long regime (tiny S) cannot underflow every rule at once.
    log_w = np.log(np.where(weights > 0, weights, 1.0)) + log_survival_t0
    log_w = np.where(weights > 0, log_w, -np.inf)
    unnorm = np.exp(log_w - np.max(log_w, axis=0, keepdims=True))
    return unnorm / unnorm.sum(axis=0, keepdims=True)


def rule_p_by_year(log_survival, log_survival_t0, years, t0):
    """Each rule's P(AGI by t | none by t0) [probability], (rules, sets, years); 0 for t <= t0."""
    p = 0.0 - np.expm1(np.minimum(log_survival - log_survival_t0, 0.0))  # 0.0 - : no -0.0 in printed output
    return np.where(np.asarray(years) > t0, p, 0.0)


def contributions(weights, log_survival, log_survival_t0, years, t0):
    """w_i(t0) * P_i(AGI by t | none by t0) [probability], (rules, sets, years): they sum to P(AGI by t)."""
    return posterior_weights(weights, log_survival_t0) * rule_p_by_year(log_survival, log_survival_t0, years, t0)
