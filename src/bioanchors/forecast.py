"""``forecast()``: the one entry point that runs the model on a scenario."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .errors import BioanchorsError
from .result import ForecastResult

if TYPE_CHECKING:
    from .scenario import Scenario

# Every method name forecast() accepts; the CLI and the web API read this tuple.
#   exact        point-valued trends only: P(TAI by t) straight from the CDFs;
#   conditional  uncertain trends: draw trend parameters, average the exact curve (docs/methods.md);
#   monte-carlo  the joint sampler: requirements, p_none and trends all sampled, per-sample arrival years;
#   auto         exact for point-valued trends, conditional for uncertain ones.
METHODS = ("auto", "exact", "conditional", "monte-carlo")
# Default number of samples (monte-carlo) or trend draws (conditional). 10,000 trend draws keep every
# standard error of P(by t) below 0.001 on the built-in uncertain scenarios (SD across draws <= 0.08;
# benchmarks/bench_forecast.py measures it).
DEFAULT_SAMPLES = {"monte-carlo": 200_000, "conditional": 10_000}
MAX_SAMPLES = 100_000_000


def forecast(
    scenario: Scenario | str | Path,
    method: str = "auto",
    samples: int | None = None,
    seed: int = 0,
    start_year: int | None = None,
    end_year: int | None = None,
    progress: Callable[[int], None] | None = None,
    hypotheses: tuple | None = None,
) -> ForecastResult:
    """Run the biological anchors model.

    Parameters
    ----------
    scenario : Scenario, built-in name or path to a TOML file
    method : {"auto", "exact", "conditional", "monte-carlo"}
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
    hypotheses : tuple of BuiltHypothesis, optional
        Use these instead of building the scenario's (the evidence update passes its posterior).
    """
    # Imported here, not at the top: `import bioanchors` stays cheap for the CLI's start-up.
    from .evaluation import conditional, exact, montecarlo
    from .evaluation.parameters import point_parameters
    from .evaluation.trajectories import trajectories
    from .requirements import build_hypotheses
    from .scenario import load_scenario

    sc = load_scenario(scenario)
    spec = sc.spec
    years = _forecast_years(spec, start_year, end_year)
    uncertain = sc.uncertain_parameters
    method, samples = resolve_method(sc, method, samples)

    if spec.evidence is not None and hypotheses is None:  # "no TAI by V": docs/evidence.md
        from .evidence import forecast_given

        return forecast_given(sc, forecast, method=method, samples=samples, seed=seed, start_year=start_year,
                              end_year=end_year, progress=progress)
    try:
        built = build_hypotheses(spec) if hypotheses is None else hypotheses
    except ValueError as exc:  # a user-given requirement the update wipes out
        raise BioanchorsError(f"{sc.origin}: {exc}") from None
    central = trajectories(spec, point_parameters(spec), years)
    common = dict(
        scenario=sc,
        years=years,
        hypothesis_names=tuple(b.name for b in built),
        hypothesis_labels=tuple(b.label for b in built),
        weights=central.weights[0],
        stated_weights=np.array([h.weight.central for h in spec.hypotheses.values()]),
        log10_affordable_flop=central.log10_affordable_flop[0],
        log10_flop_per_usd=central.log10_flop_per_usd[0],
        log10_spend_usd=central.log10_spend_usd[0],
    )
    if method == "exact":
        p = exact.p_by_year(built, central)[0]  # the one exact code path (sensitivity uses it too)
        p_i = exact.hypothesis_probabilities(built, central)[0]
        return ForecastResult(method="exact", p=p, hypothesis_p=p_i, p_none=central.p_none[0], **common)

    rng = np.random.default_rng(seed)
    if method == "conditional":
        est = conditional.run(spec, built, years, samples, rng, progress)
        return ForecastResult(method="conditional", p=est.p, hypothesis_p=est.hypothesis_p,
                              p_none=central.p_none[0], samples=samples, seed=seed,
                              standard_errors=est.standard_errors, p_by_year_band=est.band if uncertain else None,
                              **common)

    counts = montecarlo.run(spec, built, years, samples, rng, progress)
    p = counts.p_by_year()
    return ForecastResult(
        method="monte-carlo",
        p=p,
        hypothesis_p=counts.hypothesis_p_by_year(),
        p_none=central.p_none[0],
        samples=samples,
        seed=seed,
        standard_errors=montecarlo.standard_errors(p, samples),
        **common,
    )


def _forecast_years(spec, start_year: int | None, end_year: int | None) -> np.ndarray:
    """Calendar years of the forecast [years]; the scenario's window unless given."""
    y0 = spec.years.start if start_year is None else int(start_year)
    y1 = spec.years.end if end_year is None else int(end_year)
    if y1 < y0:
        raise BioanchorsError(f"end year {y1} is before start year {y0}; give --end-year >= --start-year")
    return np.arange(y0, y1 + 1)


def _first_few(names, k: int = 3) -> str:
    """At most ``k`` names, then how many more: keeps one-line errors short."""
    names = list(names)
    return ", ".join(names[:k]) + (f" and {len(names) - k} more" if len(names) > k else "")


def resolve_method(sc: Scenario, method: str, samples: int | None) -> tuple[str, int]:
    """(method, samples) after ``auto`` and the defaults; errors for names and sizes that cannot work."""
    uncertain = sc.uncertain_parameters
    if method not in METHODS:
        raise BioanchorsError(f"unknown method '{method}'; choose one of: {', '.join(METHODS)}")
    if method == "auto":
        method = "conditional" if uncertain else "exact"
    if method == "exact" and uncertain:
        raise BioanchorsError(
            f"{sc.origin}: the exact method needs point values, but {len(uncertain)} parameters are distributions "
            f"({_first_few(uncertain)}). Use --method conditional or monte-carlo (or give them as values)."
        )
    if samples is None:
        samples = DEFAULT_SAMPLES.get(method, 0)
    if method in DEFAULT_SAMPLES and not 1 <= samples <= MAX_SAMPLES:
        raise BioanchorsError(f"--samples must be between 1 and {MAX_SAMPLES:,}, got {samples}")
    return method, samples
