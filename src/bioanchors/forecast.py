"""``forecast()``: the one entry point that runs the model on a scenario."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from .errors import BioanchorsError
from .evaluation import exact, montecarlo
from .evaluation.parameters import point_parameters
from .evaluation.trajectories import trajectories
from .requirements import build_hypotheses
from .result import ForecastResult
from .scenario import Scenario, load_scenario

METHODS = ("exact", "monte-carlo")
MAX_SAMPLES = 100_000_000


def forecast(
    scenario: Scenario | str | Path,
    method: str = "auto",
    samples: int = 200_000,
    seed: int = 0,
    start_year: int | None = None,
    end_year: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> ForecastResult:
    """Run the biological anchors model.

    Parameters
    ----------
    scenario : Scenario, built-in name or path to a TOML file
    method : {"auto", "exact", "monte-carlo"}
        ``exact`` needs point-valued trends; ``auto`` picks exact for those and
        Monte Carlo when any trend parameter is a distribution.
    samples : int
        Monte Carlo samples (ignored by ``exact``).
    seed : int
        Seed of the ``numpy.random.Generator`` for Monte Carlo.
    start_year, end_year : int, optional
        Forecast window [calendar years]; defaults from the scenario.
    progress : callable, optional
        Called with the number of samples finished after each chunk.
    """
    sc = load_scenario(scenario)
    spec = sc.spec
    y0 = spec.years.start if start_year is None else int(start_year)
    y1 = spec.years.end if end_year is None else int(end_year)
    if y1 < y0:
        raise BioanchorsError(f"end year {y1} is before start year {y0}; give --end-year >= --start-year")
    years = np.arange(y0, y1 + 1)
    uncertain = sc.uncertain_parameters
    if method == "auto":
        method = "monte-carlo" if uncertain else "exact"
    if method not in METHODS:
        raise BioanchorsError(f"unknown method '{method}'; choose one of: {', '.join(METHODS)}")
    if method == "exact" and uncertain:
        raise BioanchorsError(
            f"{sc.origin}: the exact method needs point values, but these parameters are distributions: "
            f"{', '.join(uncertain)}. Use --method monte-carlo (or give them as values)."
        )
    if method == "monte-carlo" and not 1 <= samples <= MAX_SAMPLES:
        raise BioanchorsError(f"--samples must be between 1 and {MAX_SAMPLES:,}, got {samples}")

    try:
        built = build_hypotheses(spec)
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
        p_i = exact.hypothesis_probabilities(built, central)[0]
        p = (1.0 - central.p_none[0]) * (central.weights[0] @ p_i)
        return ForecastResult(method="exact", p=p, hypothesis_p=p_i, p_none=central.p_none[0], **common)

    counts = montecarlo.run(spec, built, years, samples, np.random.default_rng(seed), progress)
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
