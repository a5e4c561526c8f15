"""A takeoff model's own simulated growth beside the measured growth (issue 21 item 5): what FTM's best
guess says the largest run, its cost, hardware FLOP/$ and software did over 2022-2026.

The growth is read off the model's own yearly series (values at the start of each year), never typed
in: x/yr = 10 ** ((log10 value at the window's end - at its start) / years). FTM's series
(docs/models/ftm.md, "Events, metrics and series") map onto the retrospective's rows:

| row | FTM series |
|---|---|
| spend | ``training_spend``, the largest run's cost [log10 usd] |
| flop_per_dollar | ``hardware``, hardware on sale [log10 FLOP/yr per $] |
| algorithmic | ``software``, software efficiency [log10 factor] |
| effective_compute | ``largest_run``, the largest run in effective FLOP [log10 FLOP] |
| real_compute | effective / software: the run's physical FLOP |
| run_length | not in the model (FTM has no training-run length): NaN |
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: retrospective row -> the model's series [log10 of its unit] (FTM's names, models/ftm/metrics.py SERIES)
ROW_SERIES = {"spend": "training_spend", "flop_per_dollar": "hardware", "algorithmic": "software",
              "effective_compute": "largest_run"}
#: the default: FTM's best guess from its own 2022 start to the start of 2026 (the years the retrospective measures)
DEFAULT = ("ftm-best-guess", 2022, 2026)


@dataclass(frozen=True)
class SimulatedGrowth:
    """A model run's growth [x/yr] per retrospective row over [start, end] (start of each year)."""

    scenario: str
    start: int
    end: int
    factors: dict[str, float]

    @property
    def name(self) -> str:
        """The retrospective's column name (the scenario: no parameter set is named after one)."""
        return self.scenario

    @property
    def window(self) -> str:
        """The years the growth is over: the model's own run, start of ``start`` to start of ``end``."""
        return f"simulated {self.start}-{self.end}"

    def to_dict(self) -> dict:
        return {"scenario": self.scenario, "window": [self.start, self.end], "series": dict(ROW_SERIES),
                "growth_per_year": {k: (None if v != v else v) for k, v in self.factors.items()}}


def growth_per_year(log10_series: np.ndarray, years: np.ndarray, start: int, end: int) -> float:
    """x/yr of a yearly log10 series between the starts of ``start`` and ``end`` [calendar years]."""
    i, j = int(np.nonzero(years == start)[0][0]), int(np.nonzero(years == end)[0][0])
    return float(10.0 ** ((log10_series[j] - log10_series[i]) / (end - start)))


def simulated_growth(scenario: str = DEFAULT[0], start: int = DEFAULT[1], end: int = DEFAULT[2]) -> SimulatedGrowth:
    """The growth of the scenario's central run over [start, end], per retrospective row.

    The run is cut one and a half years after ``end`` (the simulation is causal, so the series up to
    ``end`` are the full run's; tests/test_retro_simulated.py checks it against the full run)."""
    from ..errors import BioanchorsError
    from ..models import TrajectoryModel, model_for
    from ..scenario import load_scenario

    sc = load_scenario(scenario)
    sc = sc.replace({"simulation.end_year": float(end) + 1.5})
    model = model_for(sc)
    if not isinstance(model, TrajectoryModel):
        raise BioanchorsError(f"{scenario}: the simulated growth needs a simulation model's series")
    years = np.arange(start, end + 1)
    series = model.simulate(sc.spec, model.point_parameters(sc), years).series
    out = {row: growth_per_year(np.ravel(series[name]), years, start, end) for row, name in ROW_SERIES.items()}
    out["real_compute"] = out["effective_compute"] / out["algorithmic"]
    out["run_length"] = float("nan")
    return SimulatedGrowth(scenario, start, end, out)
