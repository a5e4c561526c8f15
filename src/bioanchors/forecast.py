"""``forecast()``: the one entry point that runs a registered model on a scenario."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .errors import BioanchorsError
from .evaluation.registry import ESTIMATORS, get_estimator
from .result import ForecastResult

if TYPE_CHECKING:
    from .models import Model
    from .scenario import Scenario

# Every method name forecast() accepts, from the estimator registry (evaluation/registry.py);
# the CLI and the web API read this tuple.
#   exact        point-valued parameters only: the model's curves at the central values;
#   conditional  draw the parameters, average the exact curves (docs/methods.md);
#   qmc          the same average over scrambled Sobol' points (randomised quasi-Monte Carlo);
#   monte-carlo  the model's joint sampler (Cotra's: requirements, p_none and trends), or one arrival per draw;
#   auto         the model's choice: exact for point-valued parameters, conditional for uncertain ones.
METHODS = ("auto", *ESTIMATORS)
# Default number of samples (monte-carlo) or trend draws (conditional), from the registry.
DEFAULT_SAMPLES = {name: est.default_samples for name, est in ESTIMATORS.items() if est.samples}
MAX_SAMPLES = 100_000_000


def forecast(
    scenario: Scenario | str | Path,
    method: str = "auto",
    samples: int | None = None,
    seed: int = 0,
    start_year: int | None = None,
    end_year: int | None = None,
    progress: Callable[[int], None] | None = None,
    model: str | Model | None = None,
    hypotheses: tuple | None = None,
) -> ForecastResult:
    """Run a registered model (Cotra's biological anchors unless the scenario says otherwise).

    Parameters
    ----------
    scenario : Scenario, built-in name or path to a TOML file
    method : {"auto", "exact", "conditional", "monte-carlo"}
        An estimator of :data:`bioanchors.evaluation.registry.ESTIMATORS`.
        ``exact`` needs point-valued trends; ``conditional`` draws only the
        trend parameters and averages the exact curve; ``monte-carlo`` samples
        everything jointly. ``auto`` picks exact for point-valued trends and
        conditional when any trend parameter is a distribution.
    samples : int, optional
        Joint samples (monte-carlo) or trend draws (conditional); default
        :data:`DEFAULT_SAMPLES` of the method. Ignored by ``exact``.
    seed : int
        Seed of the ``numpy.random.Generator`` for the sampling methods.
    start_year, end_year : int, optional
        Forecast window [calendar years]; defaults from the scenario.
    progress : callable, optional
        Called with the number of samples (or draws) finished after each chunk.
    model : str or Model, optional
        A registered model name (``bioanchors.models.MODELS``) or model object; default: the
        scenario's model (mixtures are data: ``[[models]]`` in a scenario file).
    hypotheses : tuple of BuiltHypothesis, optional
        Cotra's model only: use these instead of building the scenario's (the evidence
        update passes its posterior, docs/evidence.md).
    """
    # Imported here, not at the top: `import bioanchors` stays cheap for the CLI's start-up.
    from .models import get_model, model_for
    from .scenario import load_scenario

    sc = load_scenario(scenario)
    mdl = model_for(sc) if model is None else get_model(model)
    years = _forecast_years(sc.spec, start_year, end_year)
    method, samples = resolve_method(sc, method, samples, mdl)
    own = getattr(mdl, "forecast_given", None)  # a model's own "not yet" update (Cotra's: docs/evidence.md)
    if own is not None and getattr(sc.spec, "evidence", None) is not None and hypotheses is None:
        return own(sc, forecast, method=method, samples=samples, seed=seed, start_year=start_year,
                   end_year=end_year, progress=progress)
    extra: dict = {} if hypotheses is None else {"hypotheses": hypotheses}  # only Cotra's model takes them
    if getattr(mdl, "takes_runner", False):  # a mixture runs each member as forecast() would
        extra["runner"] = forecast
    fc = mdl.evaluate(sc, method=method, samples=samples, seed=seed, years=years, progress=progress, **extra)
    return ForecastResult.from_forecast(sc, fc)


def _forecast_years(spec, start_year: int | None, end_year: int | None) -> np.ndarray:
    """Calendar years of the forecast [years]; the scenario's window unless given."""
    y0 = spec.years.start if start_year is None else int(start_year)
    y1 = spec.years.end if end_year is None else int(end_year)
    if y1 < y0:
        raise BioanchorsError(f"end year {y1} is before start year {y0}; give --end-year >= --start-year")
    return np.arange(y0, y1 + 1)


def resolve_method(sc: Scenario, method: str, samples: int | None, model: Model | None = None) -> tuple[str, int]:
    """(method, samples) after ``auto`` and the defaults; errors for names and sizes that cannot work."""
    from .models import model_for

    model = model_for(sc) if model is None else model
    if method not in METHODS:
        raise BioanchorsError(f"unknown method '{method}'; choose one of: {', '.join(METHODS)}")
    if method == "auto":
        method = model.auto_method(sc)
    est = get_estimator(method)
    if not est.serves(model):
        raise BioanchorsError(f"the {method} estimator cannot run model {model.name}; choose another --method")
    model.check_method(sc, method)
    if samples is None:  # a model may need more draws than the estimator's default to meet the SE target
        samples = getattr(model, "default_samples", {}).get(method) or est.default_samples or 0
    if est.samples and not 1 <= samples <= MAX_SAMPLES:
        raise BioanchorsError(f"--samples must be between 1 and {MAX_SAMPLES:,}, got {samples}")
    return method, samples
