"""Models whose P(by t) is a closed form given their parameters (issue 15), and their estimators.

A subclass of :class:`ParametricModel` implements one vectorised function,

    p_by_year(spec, params, years) -> (sets, years)   P(arrival by the end of year t | parameter set)

where ``params`` maps the dotted path of every :class:`~bioanchors.schema.Param` in the
model's config (e.g. ``"horizon.doubling_time_months"``) to a (sets,) array or a float. The
base class turns that into the three estimators every model offers (docs/methods.md):

=============  ==========================================================  ==========================
method         what it does                                                standard error of P(by t)
=============  ==========================================================  ==========================
exact          the curve at the central parameter values (point-valued     0
               configs only)
conditional    N draws of the uncertain parameters; the mean of the        SD across draws / sqrt(N)
               curves; 5/50/95% band across draws
monte-carlo    N draws; one arrival year per draw by inverse transform     sqrt(P(1 - P) / N)
               of that draw's curve (an independent second estimate)
=============  ==========================================================  ==========================

Uncertain parameters are drawn independently, in the config's field order, from one
``numpy.random.Generator`` seeded by the caller: the same seed gives the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from ..errors import BioanchorsError
from ..schema import Param, iter_params
from .registry import check_point_values

if TYPE_CHECKING:
    from ..result import ArrivalForecast, Component
    from ..scenario import Scenario

CHUNK = 20_000  # parameter sets evaluated at once: bounds memory at CHUNK x years floats
BAND = (0.05, 0.5, 0.95)  # quantiles of P(by t) across draws shown as the uncertainty band
BAND_DRAWS = 100_000  # the band is taken over the first draws only: bounds memory for huge N
ROUNDING = 1e-9  # [probability] how far a closed form may stray outside [0, 1] or downwards by rounding alone


class ParametricModel:
    """Base of models given by a closed-form P(by t | parameters); subclasses set the class
    attributes and implement :meth:`p_by_year` (and optionally :meth:`components`, :meth:`diagnostics`)."""

    name: str
    source: str
    forecasts: str
    config_schema: type
    component_kind = "components"
    default_samples: dict[str, int] = {}  # per-method default draws where the estimator's default is too few

    # --- what a subclass implements -------------------------------------------------------

    def p_by_year(self, spec, params: dict[str, np.ndarray | float], years: np.ndarray) -> np.ndarray:
        """P(arrival by the end of year t) [probability], (sets, years), for parameter sets ``params``."""
        raise NotImplementedError

    def components(self, spec, params: dict[str, float], years: np.ndarray) -> tuple[Component, ...]:
        """The parts of the forecast at the central parameters (none by default)."""
        return ()

    def diagnostics(self, spec, params: dict[str, float], years: np.ndarray) -> dict[str, np.ndarray]:
        """Named (years,) series shown beside P (none by default), at the central parameters."""
        return {}

    # --- parameters ---------------------------------------------------------------------

    def parameters(self, scenario: Scenario) -> dict[str, Param]:
        """Dotted path -> Param for every parameter of the config, in field order."""
        return dict(iter_params(scenario.spec))

    def uncertain_parameters(self, scenario: Scenario) -> dict[str, Param]:
        """The parameters given as distributions (what conditional and monte-carlo draw)."""
        return {k: p for k, p in self.parameters(scenario).items() if not p.is_point}

    def point_parameters(self, scenario: Scenario) -> dict[str, float]:
        """Every parameter at its central value (the value, or a distribution's median)."""
        return {k: p.central for k, p in self.parameters(scenario).items()}

    def draw(self, scenario: Scenario, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
        """``n`` independent draws of each uncertain parameter, (n,) each, in field order."""
        return {k: p.distribution().sample(rng, n) for k, p in self.uncertain_parameters(scenario).items()}

    # --- the Model protocol -------------------------------------------------------------

    def auto_method(self, scenario: Scenario) -> str:
        return "conditional" if self.uncertain_parameters(scenario) else "exact"

    def check_method(self, scenario: Scenario, method: str) -> None:
        check_point_values(scenario, method, self.uncertain_parameters(scenario))

    def evaluate(self, scenario: Scenario, *, method: str, samples: int, seed: int, years: np.ndarray,
                 progress: Callable[[int], None] | None = None) -> ArrivalForecast:
        """P(by t) over ``years`` [calendar years] with estimator ``method`` (table above)."""
        from ..result import ArrivalForecast

        spec, central = scenario.spec, self.point_parameters(scenario)
        sampled = method != "exact"
        if not sampled:
            p, se, band = self._curves(spec, central, years)[0], np.zeros(years.size), None
        else:
            p, se, band = self._sampled(scenario, method, samples, np.random.default_rng(seed), years, progress)
            band = band if self.uncertain_parameters(scenario) else None
        return ArrivalForecast(
            model=self.name, method=method, years=years, p=p, standard_errors=se, band=band,
            components=self.components(spec, central, years), component_kind=self.component_kind,
            diagnostics=self.diagnostics(spec, central, years), samples=samples if sampled else None,
            seed=seed if sampled else None, label=spec.name)

    def parameter_set_evaluator(self, scenario: Scenario, years: np.ndarray) -> Callable[[dict], np.ndarray]:
        """P(by t) (sets, years) for parameter sets (sensitivity's evaluate step); unset paths stay central."""
        spec, central = scenario.spec, self.point_parameters(scenario)
        return lambda params: self._curves(spec, {**central, **params}, years)

    # --- estimators ---------------------------------------------------------------------

    def _curves(self, spec, params: dict, years: np.ndarray) -> np.ndarray:
        """p_by_year, checked: (sets, years), finite, within [0, 1], non-decreasing in t."""
        p = np.atleast_2d(np.asarray(self.p_by_year(spec, params, years), dtype=float))
        if p.shape[-1] != years.size or not np.all(np.isfinite(p)):
            raise BioanchorsError(f"model {self.name}: P(by t) is not finite on the year grid; check the inputs")
        # Rounding can leave a closed form a hair outside [0, 1] or a hair non-monotone; more than
        # ROUNDING is a wrong closed form, which the clip and running maximum would hide (issue 23 item 7).
        if np.any(p < -ROUNDING) or np.any(p > 1.0 + ROUNDING) or np.any(np.diff(p, axis=-1) < -ROUNDING):
            raise BioanchorsError(f"model {self.name}: P(by t) is not a CDF (outside [0, 1] or decreasing in t by "
                                  f"more than {ROUNDING:g}); its closed form is wrong")
        return np.maximum.accumulate(np.clip(p, 0.0, 1.0), axis=-1)

    def _sampled(self, scenario, method, n, rng, years, progress):
        """(p, se, band) from ``n`` parameter draws, in chunks of CHUNK sets."""
        spec, central = scenario.spec, self.point_parameters(scenario)
        draws = self.draw(scenario, n, rng)
        u = rng.random(n) if method == "monte-carlo" else None  # one arrival draw per parameter set
        total, total_sq, hits = np.zeros(years.size), np.zeros(years.size), np.zeros(years.size)
        rows = []  # conditional only: the first BAND_DRAWS curves, kept for the band
        for lo in range(0, n, CHUNK):
            hi = min(n, lo + CHUNK)
            chunk = {k: v[lo:hi] for k, v in draws.items()}
            p = np.broadcast_to(self._curves(spec, {**central, **chunk}, years), (hi - lo, years.size))
            if u is None:
                total += p.sum(axis=0)
                total_sq += np.square(p).sum(axis=0)
                if lo < BAND_DRAWS:
                    rows.append(p[: BAND_DRAWS - lo])
            else:
                hits += (p >= u[lo:hi, None]).sum(axis=0)  # arrived by t: the draw's CDF has passed u
            if progress is not None:
                progress(hi)
        if u is not None:
            p = hits / n
            return p, np.sqrt(p * (1.0 - p) / n), None
        mean = total / n
        var = np.maximum(total_sq / n - mean ** 2, 0.0) * n / max(n - 1, 1)
        band = dict(zip(BAND, np.quantile(np.concatenate(rows), BAND, axis=0)))
        return mean, np.sqrt(var / n), band

    def __repr__(self) -> str:
        return f"<model {self.name}: {self.source}>"
