"""The registered ``ftm`` model: Davidson's compute-centric takeoff framework (docs/models/ftm.md).

A thin layer over :func:`.simulate.simulate`: parameter sets in (dotted config paths), events,
series and takeoff metrics out. The headline event (what ``median_year`` is of) is 100%
automation of goods and services.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...errors import BioanchorsError
from ..base import ParametricModel
from ..registry import register_model
from .config import FtmConfig, flat_parameters
from .metrics import DURATIONS, EVENTS, N_DOUBLINGS, SERIES
from .simulate import Options, simulate


@dataclass(frozen=True)
class EventSpec:
    name: str
    label: str


@dataclass(frozen=True)
class SeriesSpec:
    name: str
    label: str
    unit: str


@dataclass(frozen=True)
class MetricSpec:
    name: str
    label: str
    unit: str


@dataclass
class Simulation:
    event_years: dict
    series: dict
    metrics: dict


_METRIC_LABELS = {**{k: v[0] for k, v in DURATIONS.items()},
                  "sub_agi_to_agi": "years from sub-AGI (20% of goods tasks automatable) to AGI (100%)",
                  "gwp_growth_5_to_20": "years from 5% to 20% GWP growth",
                  **{f"gwp_doubling_{i + 1}": f"GWP doubling time no. {i + 1} after wake-up"
                     for i in range(N_DOUBLINGS)}}


def options(spec: FtmConfig) -> Options:
    """The simulation options of a scenario ([simulation])."""
    s = spec.simulation
    return Options(start=s.start_year, end=s.end_year, dt=s.step_years, n_tasks=s.n_tasks,
                   tradeoff_enabled=s.runtime_training_tradeoff_enabled, disable_automation=s.disable_automation)


_MEMO: dict = {}
_MEMO_SIZE = 16


class Ftm(ParametricModel):
    name = "ftm"
    source = "Davidson (2023) compute-centric takeoff framework (FTM)"
    forecasts = "P(100% of goods-and-services tasks automated by year), with R&D automation, AGI, wake-up and takeoff speed"
    config_schema = FtmConfig
    events = tuple(EventSpec(k, v[0]) for k, v in EVENTS.items())
    series_specs = tuple(SeriesSpec(k, *v) for k, v in SERIES.items())
    metric_specs = tuple(MetricSpec(k, v, "years") for k, v in _METRIC_LABELS.items())

    def simulate(self, spec, params, years) -> Simulation:
        """Every event year, series and metric for the parameter sets ``params`` (vectorised).

        A single point-valued set is memoised (a few per process): the estimators, the result's
        series and the CLI ask for the same central run several times."""
        years = np.asarray(years, dtype=float)
        key = None
        if all(np.size(v) == 1 for v in params.values()):
            key = (spec.model_dump_json(), tuple(sorted((k, float(np.ravel(v)[0])) for k, v in params.items())),
                   years.tobytes())
            if key in _MEMO:
                return _MEMO[key]
        try:
            out = simulate(flat_parameters(params), options(spec), years)
        except ValueError as exc:
            raise BioanchorsError(f"model ftm: {exc}") from None
        sim = Simulation(out.event_years, out.series, out.metrics)
        if key is not None:
            _MEMO[key] = sim
            while len(_MEMO) > _MEMO_SIZE:
                _MEMO.pop(next(iter(_MEMO)))
        return sim

    def check_method(self, scenario, method):
        """Monte Carlo of a point-valued scenario would draw the same trajectory every time: refused."""
        super().check_method(scenario, method)
        if method == "monte-carlo" and not self.uncertain_parameters(scenario):
            raise BioanchorsError(f"{scenario.origin}: the monte-carlo method has nothing to draw: every ftm input "
                                  "is a point value, so each draw is the same trajectory; use --method exact")

    def p_by_year(self, spec, params, years):
        """P(100% automation of goods by the end of each year | set): a step, (sets, years)."""
        first = self.simulate(spec, params, years).event_years[self.events[0].name]
        return (first[:, None] < np.asarray(years, dtype=float)[None, :] + 1.0).astype(float)


MODEL = register_model(Ftm())
