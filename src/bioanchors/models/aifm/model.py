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

import numpy as np

from ...errors import BioanchorsError
from .. import requirement_anchors
from ..registry import register_model
from ..trajectory import EventSpec, MetricSpec, SeriesSpec, Simulation, TrajectoryModel
from . import compute, horizon, simulate
from .config import METR_FIT_SOURCE, AifmConfig, simulation_settings, to_simulation

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
#: (cdf, log10 FLOP grid) of a requirement anchor at its built-in scenario's central values (the shared reader)
requirement_grid = requirement_anchors.anchor_grid


def is_anchor(spec: AifmConfig) -> bool:
    """Whether the AC requirement comes from a requirement anchor (models/requirement_anchors.py)."""
    return spec.requirement.source in requirement_anchors.anchor_names()


def requirement_ppf(spec: AifmConfig):
    """quantile -> the anchor's requirement [log10 FLOP of its algorithms year], or None for the horizon."""
    if not is_anchor(spec):  # the horizon requirement (the model's own or METR-fitted)
        return None
    return requirement_anchors.anchor_ppf(spec.requirement.source)


def model_inputs(spec: AifmConfig) -> compute.Inputs:
    """The exogenous series of a scenario: the model's own, or with training compute from a
    compute-supply trend after the splice year ([compute] training = "trend")."""
    c = spec.compute
    inputs = compute.default_inputs()
    return inputs if c.training == "inputs" else compute.spliced(inputs, c.splice_year, c.growth_oom_per_year())


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
        if spec.requirement.source == METR_FIT_SOURCE:  # today's horizon and doubling time from METR's data
            q = params.get("requirement.metr_quantile")
            intercept, slope = horizon.metr_p80_trend() if q is None else horizon.metr_p80_at_quantile(q)
            now = np.asarray(params["horizon.present_day_year"], dtype=float)
            params = {**params, "horizon.present_horizon_minutes": 2.0 ** (intercept + slope * now),
                      "horizon.doubling_time_years": 1.0 / slope}
        algorithms_year = requirement_anchors.algorithms_year(spec.requirement.source) if is_anchor(spec) else 2020.0
        sets = to_simulation(params, requirement_ppf(spec), algorithms_year)
        out = simulate.run(sets, np.asarray(years, dtype=float), simulation_settings(spec), inputs=model_inputs(spec),
                           progress=progress)
        return Simulation(out.event_years, out.series, out.metrics)


    def check_loaded(self, scenario) -> None:
        """Also: requirement.metr_quantile only with the metr-horizon requirement (it would be an inert input)."""
        from ...errors import ScenarioError

        super().check_loaded(scenario)
        req = scenario.spec.requirement
        if req.metr_quantile is not None and req.source != METR_FIT_SOURCE:
            raise ScenarioError(f"{scenario.origin}: requirement.metr_quantile only applies with source = "
                                "\"metr-horizon\"; set that source, or leave it out",
                                [{"field": "requirement.metr_quantile", "message": "only with source = metr-horizon"}])

    def check_method(self, scenario, method: str) -> None:
        """Also refuses monte-carlo on a point-valued scenario: its one arrival draw per set would sample
        a step at the AC date, i.e. repeat the exact answer whatever the seed."""
        super().check_method(scenario, method)
        if method == "monte-carlo" and not self.uncertain_parameters(scenario):
            raise BioanchorsError(f"{scenario.origin}: every input of this aifm scenario is a value, so P is one "
                                  "step at the AC date and monte-carlo has nothing to sample: use --method exact")


register_model(AifmModel())
