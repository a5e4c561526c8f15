"""The generalised Laplace rule of succession, in closed form (Davidson 2021, §3 and Appendix 2).

A trial succeeds with an unknown probability p whose prior is Beta(a, b): ``a`` virtual
successes and ``b`` virtual failures, chosen through the first-trial probability
ftp = a / (a + b), so b = a / ftp - a. After m failures the next trial succeeds with
probability a / (a + b + m) (the rule's "update"), and the chance of no success in the
first n trials is the Beta-binomial product

    S(n) = prod_{i<n} (b + i) / (a + b + i) = B(a, b + n) / B(a, b),

which also holds for a fractional number of trials (researcher-year and compute trials
are 1% increases, so their count is rarely whole). Every function works in log space
and broadcasts over parameter sets and years.
"""

from __future__ import annotations

import numpy as np

# Bracket for solving a first-trial probability [probability]; Davidson's code uses 1e-9 .. 1 - 1e-9.
FTP_BRACKET = (1e-12, 1.0 - 1e-9)
_BISECTION_STEPS = 80  # halvings of the log bracket: relative precision ~ 2**-80 * 28, far below 1e-12


def virtual_failures(first_trial_probability, virtual_successes):
    """b = a / ftp - a [trials]: the virtual failures that give first-trial probability ftp (§3.1)."""
    ftp = np.asarray(first_trial_probability, dtype=float)
    a = np.asarray(virtual_successes, dtype=float)
    return a / ftp - a


def log_survival(trials, first_trial_probability, virtual_successes):
    """ln P(no success in the first ``trials`` trials) [ln probability] = ln B(a, b + n) - ln B(a, b).

    ``trials`` [trials] >= 0, may be fractional; a first-trial probability of 0 never succeeds.
    """
    n = np.maximum(np.asarray(trials, dtype=float), 0.0)
    ftp = np.asarray(first_trial_probability, dtype=float)
    a = np.asarray(virtual_successes, dtype=float)
    never = ftp <= 0.0
    b = virtual_failures(np.where(never, 0.5, ftp), a)  # any valid ftp: the result is replaced below
    from scipy.special import betaln  # here, not at the top: `import bioanchors` stays cheap (CLI start-up)

    out = betaln(a, b + n) - betaln(a, b)
    return np.where(never, 0.0, out)


def p_success_between(trials_from, trials_to, first_trial_probability, virtual_successes):
    """P(a success in trials (n0, n1] | none in the first n0) [probability] = 1 - S(n1) / S(n0)."""
    log_s0 = log_survival(trials_from, first_trial_probability, virtual_successes)
    log_s1 = log_survival(np.maximum(trials_to, trials_from), first_trial_probability, virtual_successes)
    return -np.expm1(log_s1 - log_s0)


def next_trial_probability(failures, first_trial_probability, virtual_successes):
    """P(the next trial succeeds | ``failures`` failures so far) = a / (a + b + m) [probability] (§3.1)."""
    a = np.asarray(virtual_successes, dtype=float)
    return a / (a + virtual_failures(first_trial_probability, a) + np.asarray(failures, dtype=float))


def solve_first_trial_probability(p_of_ftp, target):
    """The ftp [probability] at which the increasing function ``p_of_ftp(ftp)`` equals ``target``.

    Vectorised bisection in log10(ftp) over :data:`FTP_BRACKET`; ``target`` may be an
    array (one per parameter set). Used where Davidson derives a first-trial probability
    from another (§6.1, §6.2: researcher-year and compute trials).
    """
    target = np.asarray(target, dtype=float)
    lo = np.full(target.shape, np.log10(FTP_BRACKET[0]))
    hi = np.full(target.shape, np.log10(FTP_BRACKET[1]))
    for _ in range(_BISECTION_STEPS):  # a fixed number of halvings over whole arrays, not per parameter set
        mid = 0.5 * (lo + hi)
        above = p_of_ftp(10.0**mid) > target
        hi = np.where(above, mid, hi)
        lo = np.where(above, lo, mid)
    return 10.0 ** (0.5 * (lo + hi))
