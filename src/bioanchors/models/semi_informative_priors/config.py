"""The scenario section of the semi-informative-priors model: ``[semi_informative_priors]``.

Units are in the field names; every number a user may make uncertain is a Param (a value
with a source, or a distribution), so sensitivity analysis and the conditional/Monte Carlo
estimators see it. Defaults live in the built-in scenario file, each with its source.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from ...evaluation.registry import unknown_name
from ...schema import AnyParam, NonNegativeParam, Param, Strict, _bounded
from .compute import PRICE_TABLES
from .trials import TRIAL_DEFINITIONS

ProbabilityOpenParam = Annotated[Param, _bounded(0.0, 1.0, what=" (a probability strictly between 0 and 1)")]
GrowthParam = Annotated[Param, _bounded(0.0, 10.0, what=" (a growth rate per year, as a fraction: 0.11 is 11%/yr)")]
CountParam = Annotated[Param, _bounded(0.0, 1e6, what=" (a number of trials)")]
RegimeYearParam = Annotated[Param, _bounded(-20000.0, 3000.0, lo_open=False, what=" (a calendar year; -5000 is 5000 BC)")]


class Researchers(Strict):
    """Growth of the number of AI researchers (researcher-year trials, §6.1)."""

    typical_growth_per_year: GrowthParam  # g_exp: typical STEM field; calibrates ftp_res
    growth_per_year: GrowthParam  # g_act: AI researchers from the regime start to growth_change_year
    growth_after_change_per_year: GrowthParam
    growth_change_year: int = 2036
    source: str | None = None
    note: str | None = None


class Compute(Strict):
    """Davidson's largest-training-compute series and the compute rules' anchors (§6.2)."""

    regime_start_year: int = 1956
    log10_spend_usd_regime_start: AnyParam
    spend_reference_year: int = 2020
    log10_spend_usd_reference: AnyParam
    spend_plateau_year: int = 2036
    log10_spend_usd_plateau: AnyParam
    price_table: str = Field("davidson2021", description="a bundled compute price table (compute.PRICE_TABLES)")
    price_halving_time_years: Annotated[Param, _bounded(1e-3, 1e3, what=" (a halving time [years])")]
    compute_trials_per_researcher_trial: Annotated[Param, _bounded(0.0, 1e3, what=" (X: compute trials as likely "
                                                                        "to succeed as one researcher-year trial)")]
    lifetime_log10_flop: AnyParam
    brain_debugging_log10_flop: AnyParam
    evolution_log10_flop: AnyParam
    anchor_probability: ProbabilityOpenParam
    source: str | None = None
    note: str | None = None

    @field_validator("price_table")
    @classmethod
    def _known_table(cls, name: str) -> str:
        if name not in PRICE_TABLES:
            raise ValueError(unknown_name("price table", name, PRICE_TABLES))
        return name

    @model_validator(mode="after")
    def _consistent(self) -> Compute:
        # The largest run's compute is a record: it cannot shrink, so neither may the spend path.
        order = [("log10_spend_usd_regime_start", self.log10_spend_usd_regime_start),
                 ("log10_spend_usd_reference", self.log10_spend_usd_reference),
                 ("log10_spend_usd_plateau", self.log10_spend_usd_plateau)]
        for (lo_name, lo), (hi_name, hi) in zip(order, order[1:]):
            if hi.distribution().support[0] < lo.distribution().support[1]:
                raise ValueError(f"{hi_name} can fall below {lo_name}; the spend on the largest run must not "
                                 "decrease (the largest training compute is a record)")
        if not self.regime_start_year < self.spend_reference_year < self.spend_plateau_year:
            raise ValueError("need regime_start_year < spend_reference_year < spend_plateau_year "
                             f"(got {self.regime_start_year}, {self.spend_reference_year}, {self.spend_plateau_year})")
        return self


class Weights(Strict):
    """Initial hyper-prior weights over trial definitions (relative; §7.2, §8). 0 leaves a rule out."""

    calendar_year: NonNegativeParam = Param(value=0.0)
    researcher_year: NonNegativeParam = Param(value=0.0)
    compute: NonNegativeParam = Param(value=0.0)
    lifetime_anchor: NonNegativeParam = Param(value=0.0)
    evolution_anchor: NonNegativeParam = Param(value=0.0)
    impossible: NonNegativeParam = Param(value=0.0)
    source: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _some_weight(self) -> Weights:
        if not any(getattr(self, name).central > 0 for name in TRIAL_DEFINITIONS):
            raise ValueError("every weight is 0; give at least one trial definition a positive weight")
        return self


class SemiInformativePriors(Strict):
    """Davidson (2021): generalised Laplace rule, trial definitions and a hyper-prior over them."""

    no_agi_through_year: int = Field(2020, description="the forecast conditions on no AGI by the end of this year")
    first_trial_probability: ProbabilityOpenParam  # calendar-year ftp; the other rules derive theirs from it
    virtual_successes: Annotated[Param, _bounded(0.0, 1e6, what=" (virtual successes of the Beta prior)")]
    regime_start_year: RegimeYearParam  # calendar-year and researcher-year rules start here
    trial_increase_fraction: float = Field(0.01, gt=0.0, le=1.0, description="one researcher or compute trial = "
                                           "a rise by this fraction (Davidson: 1%)")
    only: str | None = Field(None, description="evaluate one trial definition alone (a registry name)")
    researchers: Researchers
    compute: Compute
    weights: Weights
    source: str | None = None
    note: str | None = None

    @field_validator("only")
    @classmethod
    def _known_rule(cls, only: str | None) -> str | None:
        if only is not None and only not in TRIAL_DEFINITIONS:
            raise ValueError(unknown_name("trial definition", only, TRIAL_DEFINITIONS))
        return only


# Field names of Weights must be exactly the registry's names (tests check it too).
assert set(TRIAL_DEFINITIONS) == {n for n in Weights.model_fields if n not in ("source", "note")}
