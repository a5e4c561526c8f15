"""The registered ``ftm`` model: Davidson's compute-centric takeoff framework (docs/models/ftm.md).

A thin layer over :func:`.simulate.simulate`: parameter sets in (dotted config paths), events,
series and takeoff metrics out. The headline event (what ``median_year`` is of) is 100%
automation of goods and services.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ...errors import BioanchorsError
from ..registry import register_model
from ..trajectory import EventSpec, MetricSpec, SeriesSpec, Simulation, TrajectoryModel
from .config import FtmConfig, flat_parameters, with_requirement
from .metrics import DURATIONS, EVENTS, N_DOUBLINGS, SERIES
from .simulate import Options, simulate

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


class Ftm(TrajectoryModel):
    name = "ftm"
    source = "Davidson (2023) compute-centric takeoff framework (FTM)"
    forecasts = "P(100% of goods-and-services tasks automated by year), with R&D automation, AGI, wake-up and takeoff speed"
    config_schema = FtmConfig
    # A draw is a whole 780-step simulation. Its cost per draw-year for the web budget, measured by
    # benchmarks/bench_model_costs.py (CPU time against Cotra's Monte Carlo cell in the same run, 2026-12-07,
    # shared 2-core machine at load 8-10): ftm-uncertain, conditional, 400 draws x 79 years: 1,900, 2,660
    # and 3,100 units in three runs (the stacked-sector fast path; before it: 4,050, when 5,000 was declared).
    # 2,500 is within 1.3x of each. The default draws (64) stay below what the web budget (30M units,
    # 79 years) allows at that cost (~150); the result reports its standard errors (~0.06 at P = 0.5);
    # pass --samples for more on the command line.
    draw_year_cost = 2500
    default_samples = {"conditional": 64, "qmc": 64, "monte-carlo": 64}  # noqa: RUF012 (as the base)
    battery_samples = 64  # draws the generic test batteries may spend per run (tests/test_estimator_battery.py)
    events = tuple(EventSpec(k, v[0]) for k, v in EVENTS.items())
    series_specs = tuple(SeriesSpec(k, *v) for k, v in SERIES.items())
    #: its dated projections for the scorecard (retro.scorecard): FLOP/$ is scored on growth only, so
    #: FTM's FLOP/yr per dollar on sale stands for it
    scorecard_series = {"largest_run_physical": "largest_run_flop", "training_spend": "largest_run_cost_usd",
                        "hardware": "flop_per_usd"}
    metric_specs = tuple(MetricSpec(k, v, "years") for k, v in _METRIC_LABELS.items())

    def simulate(self, spec, params, years) -> Simulation:
        """Every event year, series and metric for the parameter sets ``params`` (vectorised).

        The run lasts to the scenario's ``simulation.end_year`` or, if later, one year past the
        last requested year (so each year's start value and its growth over the year exist).

        A single point-valued set is memoised (a few per process): the estimators, the result's
        series and the CLI ask for the same central run several times."""
        years = np.asarray(years, dtype=float)
        key = None
        if all(np.size(v) == 1 for v in params.values()):
            key = (spec.model_dump_json(), tuple(sorted((k, float(np.ravel(v)[0])) for k, v in params.items())),
                   years.tobytes())
            if key in _MEMO:
                return _MEMO[key]
        opt = options(spec)
        if years.size:  # cover every requested year's start and the year after it (growth over the year)
            opt = replace(opt, end=max(opt.end, float(years.max()) + 1.0 + 1.5 * opt.dt))
        try:
            out = simulate(flat_parameters(with_requirement(spec, params)), opt, years)
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


MODEL = register_model(Ftm())
