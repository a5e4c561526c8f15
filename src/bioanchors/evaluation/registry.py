"""Estimators by name (issue 12 item 2; issue 20 item 1): how P(event by t) is estimated.

An :class:`Estimator` is a plain function over a model's :class:`~.problem.Problem` (its
parameter space and exact curves) and declares which models it can serve; none knows which
model it runs (:mod:`.estimators`):

=============  ==============  =========================================  ===============================
name           default draws   what is sampled                            standard error of P(by t)
=============  ==============  =========================================  ===============================
exact          none            nothing (point-valued parameters only)     0
conditional    10,000          parameters; the rest integrated exactly    SD across draws / sqrt(N)
qmc            8,192           parameters, by scrambled Sobol' points     SD of 32 replicate means / sqrt(32)
monte-carlo    200,000         the model's joint sampler (Cotra's:        binomial sqrt(P(1 - P) / N)
                               requirements, p_none and trends), or one
                               arrival per parameter draw
=============  ==============  =========================================  ===============================

:func:`bioanchors.forecast.forecast` looks the method up here, and the CLI, API and dashboard
read their method lists from :data:`ESTIMATORS`; adding an estimator is one
:func:`register_estimator` call and touches no model.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import BioanchorsError
from . import estimators as _est
from .estimators import Estimate  # noqa: F401  (re-exported: the estimators' return type)

# run(problem, samples, rng, progress) -> Estimate
RunFn = Callable[..., Estimate]


def _any_model(model) -> bool:
    """Every model that hands out a Problem, or evaluates itself through the registry (mixtures
    run the estimator on each member); an estimator with narrower needs declares its own test."""
    return callable(getattr(model, "problem", None)) or callable(getattr(model, "evaluate", None))


@dataclass(frozen=True)
class Estimator:
    name: str
    description: str  # one line, for --help and `bioanchors models`
    run: RunFn
    default_samples: int | None = None  # None: the estimator does not sample
    standard_error_rule: str = "0"
    needs_point_trends: bool = False  # refuses scenarios with parameter distributions
    serves: Callable[[object], bool] = _any_model  # which models it can run

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


register_estimator(Estimator(
    "exact", "P(by t) straight from the model's curves at the central values; point-valued parameters only",
    _est.exact, None, "0", needs_point_trends=True))
# 10,000 draws keep every standard error of P(by t) below 0.001 on Cotra's built-in uncertain
# scenarios (SD across draws <= 0.08; benchmarks/bench_forecast.py measures it).
register_estimator(Estimator(
    "conditional", "draw the parameters, average the exact curves (docs/methods.md)",
    _est.conditional, 10_000, "SD across draws / sqrt(N)"))
register_estimator(Estimator(
    "qmc", "randomised quasi-Monte Carlo: 32 scrambled Sobol' sequences through the same curves",
    _est.qmc, 8_192, "SD of 32 replicate means / sqrt(32)"))
register_estimator(Estimator(
    "monte-carlo", "the model's joint sampler (Cotra's: requirements, p_none and trends), or one arrival per draw",
    _est.monte_carlo, 200_000, "binomial sqrt(P (1 - P) / N)"))
