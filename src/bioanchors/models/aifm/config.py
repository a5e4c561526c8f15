"""Scenario schema of the AI Futures Model (``model = "aifm"``; docs/models/aifm.md).

Every uncertain number is a :class:`~bioanchors.schema.Param` with its unit in its name; the leaf
names are the keys of :data:`simulate.PARAMETER_KEYS` (one name per quantity across the code).
Defaults are the peer's model defaults (Joshuaclymer/ai_futures_model@53bc297:model_config.py
``DEFAULT_PARAMETERS``); built-in scenarios restate each with its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, model_validator

from ...schema import AnyParam, ModelConfig, NonNegativeParam, Param, PositiveParam, ProbabilityParam, Strict, _bounded
from . import simulate

#: The peer samples within these bounds (ai_futures_simulator/parameters/default_parameters.yaml
#: @53bc297: ``doubling_difficulty_growth_factor`` min 0.6 / max 1.02, ``ac_time_horizon_minutes``
#: min 960 = 16 h, the longest METR task); we clip draws to them (docs/models/aifm.md, conventions).
CLIPS = {
    "doubling_difficulty": (0.6, 1.02),
    "ac_horizon_minutes": (960.0, np.inf),
    "pre_gap_ac_horizon_minutes": (26.0, np.inf),
    "taste_cap_smoothing": (0.001, 0.999),  # PARAMETER_BOUNDS taste_limit_smoothing (model_config.py @53bc297)
}


#: the present day must lie within the input series (data/aifm/inputs.csv: 2017-2080)
PresentDayParam = Annotated[Param, _bounded(2017.0, 2080.0, lo_open=False, what=" (within the input series)")]


def _p(value: float) -> Param:
    return Param(value=value)


#: The requirement option that reads today's horizon and its doubling time from our fit to METR's data
#: (``[requirement] source``). A named reading of this model's config, spelt like the data it reads.
METR_FIT_SOURCE = "metr-horizon"


class Simulation(Strict):
    """Numerical settings of the time loop (not uncertain)."""

    end_year: float = Field(2050.0, ge=2026.0, le=2100.0, description="last simulated year (the peer runs to 2050)")
    step_oom: float = Field(0.25, gt=0.0, le=1.0, description="integration step in log10 effective compute [OOM]")
    task_grid: int = Field(4096, ge=256, le=16384, description="coding tasks on the allocation grid (the peer: 4096)")


class Horizon(Strict):
    """The 80% coding time horizon and the AC requirement (write-up §1)."""

    present_horizon_minutes: PositiveParam = _p(32.0)
    present_day_year: PresentDayParam = _p(2025.9)
    doubling_time_years: PositiveParam = _p(0.458)
    doubling_difficulty: AnyParam = _p(0.92)
    ac_horizon_minutes: PositiveParam = _p(1.5e7)


class Gap(Strict):
    """The optional effective-compute gap after the horizon target (write-up §1.3): with probability
    ``probability`` (a run is in gap mode when its ``switch`` draw is below it) the target is the
    pre-gap horizon and AC needs ``years`` more present-day progress-years of effective compute."""

    probability: ProbabilityParam = _p(0.0)
    switch: ProbabilityParam = _p(1.0)
    years: NonNegativeParam = _p(0.7)
    pre_gap_ac_horizon_minutes: PositiveParam = _p(124600.0)


class Requirement(Strict):
    """Where the AC effective-compute requirement comes from: ``horizon`` (the model's own), the
    horizon with today's horizon and doubling time from our fit to METR's 80% horizons
    (``metr-horizon``: horizon.present_horizon_minutes and doubling_time_years are then unused; the
    least-squares line, or with ``metr_quantile`` a replicate of its seeded bootstrap), or a
    requirement anchor's distribution over log10 FLOP (``cotra2020``, ``direct-approach``), read at
    ``quantile``."""

    source: Literal["horizon", "metr-horizon", "cotra2020", "direct-approach"] = "horizon"
    quantile: ProbabilityParam = _p(0.5)
    #: ``metr-horizon`` only: None reads the least-squares line; a value (or a uniform distribution) reads the
    #: bootstrap replicate at that quantile of the doubling rate (horizon.metr_p80_at_quantile)
    metr_quantile: ProbabilityParam | None = None  # checked at load (AifmModel.check_loaded)


class Compute(Strict):
    """Where training compute comes from after ``splice_year`` (not before the present day, whose growth
    calibrates the horizon; docs/models/aifm.md, "Compute supply"):
    ``inputs`` (the model's own series, the default) or ``trend``, a compute-supply trend of ours
    (measured or Cotra's, restated with its source in the built-ins aifm-eli-measured-compute and
    aifm-eli-cotra-compute): the largest run grows at spend x FLOP/$ x run length, i.e.
    log10(2) / spend doubling + log10(2) / FLOP/$ doubling + log10(run length growth) [OOM/yr], from
    the input series' value at ``splice_year`` on. Values, not distributions: the series is one per run."""

    training: Literal["inputs", "trend"] = "inputs"
    splice_year: int = Field(2026, ge=2018, le=2079, description="last year of the input series kept [calendar yr]")
    # No defaults: a trend states its rates (the built-ins restate their sources'); None elsewhere, so a
    # scenario written back out (Scenario.to_dict) reads back the same.
    spend_doubling_time_years: float | None = Field(None, gt=0.0, description="largest run's cost doubling time [yr]")
    flop_per_dollar_doubling_time_years: float | None = Field(None, gt=0.0,
                                                              description="FLOP per dollar doubling time [yr]")
    run_length_growth_per_year: float | None = Field(None, gt=0.0, description="training-run length growth [x/yr]")
    source: str | None = None

    @model_validator(mode="after")
    def _set_with_trend(self):
        rates = {"spend_doubling_time_years": self.spend_doubling_time_years,
                 "flop_per_dollar_doubling_time_years": self.flop_per_dollar_doubling_time_years,
                 "run_length_growth_per_year": self.run_length_growth_per_year}
        given = [k for k, v in rates.items() if v is not None]
        if self.training == "inputs" and given:
            raise ValueError("compute: the trend's rates only apply with training = \"trend\"; set it, or leave them out")
        missing = [k for k, v in rates.items() if v is None]
        if self.training == "trend" and missing:
            raise ValueError(f"compute: training = \"trend\" needs its rates; set {', '.join(missing)}")
        return self

    def growth_oom_per_year(self) -> float:
        """The trend's training-compute growth [OOM/yr]."""
        spend, fpd, run = (self.spend_doubling_time_years, self.flop_per_dollar_doubling_time_years,
                           self.run_length_growth_per_year)
        assert spend is not None and fpd is not None and run is not None  # the validator: a trend has its rates
        return float(np.log10(2.0) / spend + np.log10(2.0) / fpd + np.log10(run))


class Coding(Strict):
    """Coding automation and the CES over tasks (write-up §3)."""

    rho_coding_labour: AnyParam = _p(-2.0)
    parallel_penalty: ProbabilityParam = _p(0.5)
    coding_multiplier_today: PositiveParam = _p(1.8)
    automation_max: PositiveParam = _p(1.1)
    efficiency_slope_oom_per_progress_year: PositiveParam = _p(3.0)
    efficiency_at_automation_fte_per_h100e: PositiveParam = _p(0.05)
    max_serial_labour_multiplier: PositiveParam = _p(1e8)


class Experiment(Strict):
    """Experiment throughput CES (write-up §2.2)."""

    labour_asymptote: PositiveParam = _p(15.0)
    compute_asymptote: PositiveParam = _p(1000.0)
    slowdown_at_tenth_compute: PositiveParam = _p(2.8)


class Software(Strict):
    """Software efficiency (write-up §2.4)."""

    software_rate_2024_oom_per_year: PositiveParam = _p(1.0)


class Taste(Strict):
    """Research taste (write-up §4)."""

    median_to_top_taste: PositiveParam = _p(3.7)
    top_researcher_quantile: ProbabilityParam = _p(0.999)
    taste_cap_median_to_bests: NonNegativeParam = _p(8.0)
    taste_cap_smoothing: ProbabilityParam = _p(0.5)
    taste_sd_at_ac: AnyParam = _p(0.5)
    taste_slope_sd_per_progress_year: PositiveParam = _p(2.1)


class Milestones(Strict):
    """Research-skill milestones in "median-to-bests" (top-researcher SDs) (the peer's compute_milestones)."""

    ted_ai_median_to_bests: NonNegativeParam = _p(1.5)
    asi_median_to_bests_above_ted_ai: NonNegativeParam = _p(2.0)
    siar_top_multiple: PositiveParam = _p(3.0)


class AifmConfig(ModelConfig):
    """A scenario of the AI Futures Model (Dec 2025)."""

    model: Literal["aifm"] = Field("aifm", description="the registered model the scenario is for")
    simulation: Simulation = Simulation()
    horizon: Horizon = Horizon()
    gap: Gap = Gap()
    requirement: Requirement = Requirement()
    compute: Compute = Compute()
    coding: Coding = Coding()
    experiment: Experiment = Experiment()
    software: Software = Software()
    taste: Taste = Taste()
    milestones: Milestones = Milestones()

    @model_validator(mode="after")
    def _ranges(self) -> AifmConfig:
        rho = self.coding.rho_coding_labour.distribution().support
        if rho[1] >= 0:
            raise ValueError("coding.rho_coding_labour must stay below 0 (tasks are complements)")
        for name, asym in (("labour_asymptote", self.experiment.labour_asymptote),
                           ("compute_asymptote", self.experiment.compute_asymptote)):
            if asym.distribution().support[0] <= 1:
                raise ValueError(f"experiment.{name} must exceed 1 (X rises with the input)")
        if self.coding.automation_max.distribution().support[0] <= 1:
            raise ValueError("coding.automation_max must exceed 1 (the logistic reaches 1 at AC)")
        if self.compute.training == "trend" and self.compute.splice_year < self.horizon.present_day_year.distribution().support[1]:
            # today's growth converts the horizon's doubling time into OOMs: it must stay the series' own
            raise ValueError(f"compute.splice_year {self.compute.splice_year} is before the present day "
                             f"(horizon.present_day_year): the trend may only replace the forecast; use a later year")
        return self  # [[correlations]] are checked when the scenario loads (ParametricModel.check_loaded)


def simulation_settings(spec: AifmConfig) -> simulate.Settings:
    return simulate.Settings(end_year=spec.simulation.end_year, step_oom=spec.simulation.step_oom,
                             task_grid=spec.simulation.task_grid)


def to_simulation(params: Mapping[str, np.ndarray | float], requirement_ppf=None,
                  algorithms_year: float = 2020.0) -> dict[str, np.ndarray]:
    """Dotted-path parameter sets -> the keys of simulate.PARAMETER_KEYS: the clips, gap mode (the
    pre-gap horizon and the gap where a set's switch is below the gap probability) and the
    requirement anchor (``requirement_ppf(quantile)`` -> log10 FLOP of ``algorithms_year``
    algorithms, or None for the horizon)."""
    leaf = {path.split(".")[-1]: np.asarray(v, dtype=float) for path, v in params.items()}
    for name, (lo, hi) in CLIPS.items():
        leaf[name] = np.clip(leaf[name], lo, hi)
    gap_mode = leaf.pop("switch") < leaf.pop("probability")
    pre_gap = leaf.pop("pre_gap_ac_horizon_minutes")
    leaf["ac_horizon_minutes"] = np.where(gap_mode, pre_gap, leaf["ac_horizon_minutes"])
    leaf["gap_years"] = np.where(gap_mode, leaf.pop("years"), 0.0)
    quantile = leaf.pop("quantile")
    leaf["ac_requirement_log10_flop"] = (np.full(np.shape(quantile), np.nan) if requirement_ppf is None
                                         else requirement_ppf(quantile))
    leaf["requirement_algorithms_year"] = np.asarray(algorithms_year, dtype=float)
    return {k: leaf[k] for k in simulate.PARAMETER_KEYS}
