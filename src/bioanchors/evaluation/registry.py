"""Estimators by name (issue 12 item 2): how P(TAI by t) is estimated for a scenario.

Each :class:`Estimator` runs on the built hypotheses and the scenario's
trends and reports its own standard errors:

=============  ==============  =========================================  ===============================
name           default draws   what is sampled                            standard error of P(by t)
=============  ==============  =========================================  ===============================
exact          none            nothing (point-valued trends only)         0
conditional    10,000          trend parameters; requirement integrated   SD across draws / sqrt(N)
monte-carlo    200,000         requirements, p_none and trends, jointly   binomial sqrt(P(1 - P) / N)
=============  ==============  =========================================  ===============================

:func:`bioanchors.forecast.forecast` looks the method up here; adding an
estimator is one :func:`register_estimator` call.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import BioanchorsError


@dataclass(frozen=True)
class Estimate:
    """What an estimator returns; arrays indexed by year."""

    p: np.ndarray  # (years,) P(TAI by t) [probability]
    hypothesis_p: np.ndarray  # (hypotheses, years) P_i(t), ignoring p_none
    standard_errors: np.ndarray  # (years,) [probability]; zeros for exact estimators
    band: dict[float, np.ndarray] | None = None  # probability -> (years,) spread across trend draws


# run(spec, built, central, years, samples, rng, progress) -> Estimate
RunFn = Callable[..., Estimate]


@dataclass(frozen=True)
class Estimator:
    name: str
    description: str  # one line, for --help and `bioanchors models`
    run: RunFn
    default_samples: int | None = None  # None: the estimator does not sample
    standard_error_rule: str = "0"
    needs_point_trends: bool = False  # refuses scenarios with trend distributions

    @property
    def samples(self) -> bool:
        return self.default_samples is not None


ESTIMATORS: dict[str, Estimator] = {}


def register_estimator(est: Estimator) -> Estimator:
    if est.name in ESTIMATORS or est.name == "auto":
        raise ValueError(f"estimator '{est.name}' is already registered (or reserved)")
    ESTIMATORS[est.name] = est
    return est


def unknown_name(kind: str, name: str, known) -> str:
    """One-line error text for a name not in a registry: did-you-mean, then every known name."""
    known = list(known)
    close = difflib.get_close_matches(str(name), known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown {kind} '{name}'; {hint}choose one of: {', '.join(known)}"


def get_estimator(name: str) -> Estimator:
    """The registered estimator ``name``; a :class:`BioanchorsError` listing the known ones otherwise."""
    try:
        return ESTIMATORS[name]
    except (KeyError, TypeError):
        raise BioanchorsError(unknown_name("method", name, ["auto", *ESTIMATORS])) from None


def _run_exact(spec, built, central, years, samples, rng, progress) -> Estimate:
    from . import exact

    p = exact.p_by_year(built, central)[0]  # the one exact code path (sensitivity uses it too)
    p_i = exact.hypothesis_probabilities(built, central)[0]
    return Estimate(p, p_i, np.zeros_like(p))


def _run_conditional(spec, built, central, years, samples, rng, progress) -> Estimate:
    from . import conditional

    est = conditional.run(spec, built, years, samples, rng, progress)
    return Estimate(est.p, est.hypothesis_p, est.standard_errors, est.band)


def _run_monte_carlo(spec, built, central, years, samples, rng, progress) -> Estimate:
    from . import montecarlo

    counts = montecarlo.run(spec, built, years, samples, rng, progress)
    p = counts.p_by_year()
    return Estimate(p, counts.hypothesis_p_by_year(), montecarlo.standard_errors(p, samples))


register_estimator(Estimator(
    "exact", "P(TAI by t) straight from the hypotheses' CDFs; point-valued trends only",
    _run_exact, None, "0", needs_point_trends=True))
# 10,000 trend draws keep every standard error of P(by t) below 0.001 on the built-in uncertain
# scenarios (SD across draws <= 0.08; benchmarks/bench_forecast.py measures it).
register_estimator(Estimator(
    "conditional", "draw the trend parameters, average the exact curve (docs/methods.md)",
    _run_conditional, 10_000, "SD across draws / sqrt(N)"))
register_estimator(Estimator(
    "monte-carlo", "the joint sampler: requirements, p_none and trends sampled, per-sample arrival years",
    _run_monte_carlo, 200_000, "binomial sqrt(P (1 - P) / N)"))
