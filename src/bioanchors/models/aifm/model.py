"""The registered ``aifm`` model: a thin :class:`~bioanchors.models.trajectory.TrajectoryModel`
over :mod:`.simulate` (docs/models/aifm.md).

Every milestone, yearly series and metric of a simulation comes from :meth:`AifmModel.simulate`;
the base turns each milestone into a step curve (P(event by the end of year y | set)) and the
registry's estimators average them over draws. Uncertain inputs are drawn through the base's
Gaussian copula with the scenario's rank correlations (the peer samples the same way,
ai_futures_simulator/parameters/default_parameters.yaml @53bc297: ``correlation_type: spearman``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np

from ...errors import BioanchorsError
from ..registry import register_model
from ..trajectory import EventSpec, MetricSpec, SeriesSpec, Simulation, TrajectoryModel
from . import horizon, simulate
from .config import AifmConfig, simulation_settings, to_simulation

EVENTS = (
    EventSpec("ac", "Automated Coder (AC)"),
    EventSpec("sar", "Superhuman AI researcher (SAR)"),
    EventSpec("siar", "Superintelligent AI researcher (SIAR)"),
    EventSpec("ted_ai", "Top-expert-dominating AI (TED-AI)"),
    EventSpec("asi", "Artificial superintelligence (ASI)"),
    *(EventSpec(f"air_{int(x)}x", f"AI software R&D uplift {int(x)}x") for x in simulate.SPEEDUPS),
)
SERIES = (
    SeriesSpec("effective_compute", "Effective compute", "log10 FLOP"),
    SeriesSpec("horizon", "80% coding time horizon", "log10 minutes"),
    SeriesSpec("automation_fraction", "Coding automation fraction", "fraction"),
    SeriesSpec("software_progress_rate", "Software progress rate", "OOM/yr"),
    SeriesSpec("ai_research_taste_sd", "AI research taste", "SD above the human median"),
    SeriesSpec("aggregate_research_taste", "Aggregate research taste", "log10 x mean human"),
    SeriesSpec("ai_rd_uplift", "AI software R&D uplift", "log10 x"),
)
METRICS = (
    MetricSpec("ac_to_asi_years", "years from AC to ASI", "years"),
    MetricSpec("ac_to_sar_years", "years from AC to SAR", "years"),
)
#: requirement anchors: (built-in scenario, year of the algorithms its FLOP are measured in)
REQUIREMENT_SOURCES = {"cotra2020": ("cotra2020", 2020.0), "direct-approach": ("direct-approach", 2022.0)}


@lru_cache(maxsize=4)
def requirement_grid(source: str) -> tuple[np.ndarray, np.ndarray]:
    """(cdf, log10 FLOP grid) of a requirement anchor at its built-in scenario's central values:
    Cotra's weighted mixture of her hypotheses' 2020 requirements (after the update against low
    values), or the Direct Approach's requirement. The built-in file is read and validated here
    (not through bioanchors.scenario, which imports the models)."""
    import tomllib
    from importlib import resources

    from ...requirements import build_hypotheses
    from ...requirements.distribution import GRID
    from ...schema import CONFIG_SCHEMAS, iter_params

    name = REQUIREMENT_SOURCES[source][0]
    data = tomllib.loads(resources.files("bioanchors.scenarios").joinpath(f"{name}.toml").read_text())
    spec: Any = CONFIG_SCHEMAS[data.get("model", "cotra2020")].model_validate(data)  # Cotra's or Epoch's config
    if source == "cotra2020":
        built = build_hypotheses(spec)
        weights = np.array([spec.hypotheses[b.name].weight.central for b in built])
        cdf = sum(w * b.requirement.cdf for w, b in zip(weights, built, strict=True)) / weights.sum()
        return np.asarray(cdf), GRID
    from ..direct_approach.model import p_requirement_met, requirement_inputs

    central = {k: p.central for k, p in iter_params(spec)}
    cdf = np.asarray(p_requirement_met(spec, requirement_inputs(spec, central), GRID)).ravel()
    return np.maximum.accumulate(np.clip(cdf, 0.0, 1.0)), GRID  # rounding can leave dips of ~1e-16


def requirement_ppf(spec: AifmConfig):
    """quantile -> the anchor's requirement [log10 FLOP], or None for the horizon requirement."""
    if spec.requirement.source not in REQUIREMENT_SOURCES:  # the horizon requirement
        return None
    cdf, grid = requirement_grid(spec.requirement.source)
    return lambda q: np.interp(q, cdf, grid)


class AifmModel(TrajectoryModel):
    name = "aifm"
    source = "AI Futures Model (Kokotajlo, Lifland, Halstead et al., Dec 2025)"
    forecasts = "Automated Coder (AC) from METR horizons; SAR, SIAR, TED-AI, ASI and AI R&D speed-ups"
    config_schema = AifmConfig
    events = EVENTS
    series_specs = SERIES
    metric_specs = METRICS
    default_samples = {"conditional": 2_000, "monte-carlo": 2_000}
    #: each draw is a whole simulation (~1.3 ms of CPU): the estimator battery caps its draws here
    battery_samples = 4_000

    def simulate(self, spec, params: Mapping[str, np.ndarray | float], years: np.ndarray, progress=None) -> Simulation:
        """Every milestone, series and metric for the parameter sets ``params`` (dotted path ->
        (S,) array or float), all sets at once (in chunks of simulate.CHUNK); ``progress(done, total)``
        after each chunk."""
        if spec.requirement.source == "metr-horizon":  # today's horizon and doubling time from METR's data
            intercept, slope = horizon.metr_p80_trend()
            now = np.asarray(params["horizon.present_day_year"], dtype=float)
            params = {**params, "horizon.present_horizon_minutes": 2.0 ** (intercept + slope * now),
                      "horizon.doubling_time_years": 1.0 / slope}
        algorithms_year = REQUIREMENT_SOURCES.get(spec.requirement.source, (None, 2020.0))[1]
        sets = to_simulation(params, requirement_ppf(spec), algorithms_year)
        out = simulate.run(sets, np.asarray(years, dtype=float), simulation_settings(spec), progress=progress)
        return Simulation(out.event_years, out.series, out.metrics)


    def check_method(self, scenario, method: str) -> None:
        """Also refuses monte-carlo on a point-valued scenario: its one arrival draw per set would sample
        a step at the AC date, i.e. repeat the exact answer whatever the seed."""
        super().check_method(scenario, method)
        if method == "monte-carlo" and not self.uncertain_parameters(scenario):
            raise BioanchorsError(f"{scenario.origin}: every input of this aifm scenario is a value, so P is one "
                                  "step at the AC date and monte-carlo has nothing to sample: use --method exact")


register_model(AifmModel())
