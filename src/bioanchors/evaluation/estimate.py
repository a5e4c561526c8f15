"""What an estimator returns (:mod:`.estimators`): every event's P(by t) with its error and band,
the components' mean curves, and the series and metrics across parameter draws.

Its own module so that a model's joint sampler (:data:`.problem.JointFn`) can name the type
without importing the estimators, which read problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class EventEstimate:
    """One event's P(by the end of each year) [probability], (years,) each."""

    p: np.ndarray
    standard_errors: np.ndarray
    band: dict[float, np.ndarray] | None = None  # probability -> quantile of P(by t | set) across draws


@dataclass(frozen=True)
class SeriesEstimate:
    """A trajectory: its value by year (central set, or median across draws) and its band."""

    value: np.ndarray
    band: dict[float, np.ndarray] | None = None


@dataclass(frozen=True)
class MetricEstimate:
    """A scalar per parameter set: its value (central, or median across draws) and quantiles."""

    value: float
    quantiles: dict[float, float] | None = None
    defined: float = 1.0  # share of draws in which it is defined (e.g. the end event happened)


@dataclass(frozen=True)
class Estimate:
    """What every estimator returns; the first event is the headline."""

    events: dict[str, EventEstimate]
    components: np.ndarray | None = None  # (components, years) mean P_i(t)
    series: dict[str, SeriesEstimate] = field(default_factory=dict)
    metrics: dict[str, MetricEstimate] = field(default_factory=dict)
    samples: int | None = None  # draws actually made (None: exact)

    @property
    def headline(self) -> EventEstimate:
        return next(iter(self.events.values()))

    # The headline event's fields, under the names Cotra's estimators used (issue 12).
    @property
    def p(self) -> np.ndarray:
        return self.headline.p

    @property
    def standard_errors(self) -> np.ndarray:
        return self.headline.standard_errors

    @property
    def band(self) -> dict[float, np.ndarray] | None:
        return self.headline.band

    @property
    def hypothesis_p(self) -> np.ndarray | None:
        return self.components
