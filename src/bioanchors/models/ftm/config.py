"""The ftm scenario schema (``model = "ftm"``): every input of Davidson's compute-centric
takeoff model, in its own terms with units in the names, and the map to FTM's names.

Field table: ``FIELDS`` (section, field, FTM parameter name, whether the file holds its log10,
bound kind, unit, label). FLOP and dollar quantities are given in log10 (``*_log10_flop``,
``*_log10_usd``, ``*_oom`` for a ratio's orders of magnitude); the other numbers are FTM's own.
FTM names: epoch-research/ftm@99dc907, ftm/core/model.py ``SimulateTakeOff.__init__``;
presets: website/src/js/presets.js (bundled copy: shared/data/ftm/presets.json).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field, create_model, field_validator, model_validator

from ...schema import AnyParam, ModelConfig, Param, ProbabilityParam, ShareParam, Strict, _bounded
from .. import requirement_anchors
from .investment import FRACTIONS

RhoParam = Annotated[Param, _bounded(-100.0, -1e-4, lo_open=False,
                                     what=" (FTM's substitution parameters are negative: complements)")]
RatioParam = Annotated[Param, _bounded(0.0, what=" (a ratio must be positive)")]
AtLeastOneParam = Annotated[Param, _bounded(1.0, lo_open=False, what=" (a trade-off ratio below 1 is no trade-off)")]
NonNegParam = Annotated[Param, _bounded(0.0, lo_open=False)]
PenaltyParam = Annotated[Param, _bounded(0.0, 1.0, what=" (0 < penalty <= 1)")]
PersonsParam = Annotated[Param, _bounded(0.0, what=" (a labour force must be positive)")]
KINDS = {"any": Param, "rho": RhoParam, "ratio": RatioParam, "ge1": AtLeastOneParam, "nonneg": NonNegParam,
         "share": ShareParam, "prob": ProbabilityParam, "penalty": PenaltyParam, "persons": PersonsParam}

_F = [  # section, field, FTM name, log10?, kind, unit, label
    ("automation", "full_automation_training_log10_flop", "full_automation_requirements_training", True, "any",
     "log10 FLOP", "training FLOP (2022 algorithms) to automate the hardest goods task"),
    ("automation", "training_flop_gap_oom", "flop_gap_training", True, "nonneg", "OOM",
     "effective FLOP gap, training: hardest task over the 20% hardest"),
    ("automation", "goods_vs_rnd_training_ratio", "goods_vs_rnd_requirements_training", False, "ratio", "x",
     "training requirements, goods over R&D"),
    ("automation", "full_automation_runtime_log10_flop_per_s", "full_automation_requirements_runtime", True, "any",
     "log10 FLOP/s", "runtime FLOP/s to replace one worker at the hardest task"),
    ("automation", "runtime_flop_gap_oom", "flop_gap_runtime", True, "nonneg", "OOM", "effective FLOP gap, runtime"),
    ("automation", "goods_vs_rnd_runtime_ratio", "goods_vs_rnd_requirements_runtime", False, "ratio", "x",
     "runtime requirements, goods over R&D"),
    ("automation", "runtime_training_tradeoff", "runtime_training_tradeoff", False, "any", "OOM per OOM",
     "runtime-training trade-off (0 or less: none)"),
    ("automation", "runtime_training_max_tradeoff", "runtime_training_max_tradeoff", False, "ge1", "x",
     "largest training shortfall runtime can make up"),
    ("automation", "training_steepness_oom", "training_requirements_steepness", False, "nonneg", "OOM",
     "steps of the training requirements (0: smooth)"),
    ("automation", "runtime_steepness_oom", "runtime_requirements_steepness", False, "nonneg", "OOM",
     "steps of the runtime requirements (0: smooth)"),
    ("production", "labour_substitution_goods", "labour_substitution_goods", False, "rho", "rho",
     "substitution between tasks, goods"),
    ("production", "labour_substitution_rnd", "labour_substitution_rnd", False, "rho", "rho",
     "substitution between tasks, R&D"),
    ("production", "capital_substitution_goods", "capital_substitution_goods", False, "rho", "rho",
     "substitution between capital and cognitive work, goods"),
    ("production", "capital_substitution_rnd", "capital_substitution_rnd", False, "rho", "rho",
     "substitution between capital and cognitive work, hardware R&D"),
    ("production", "experiments_substitution_software", "research_experiments_substitution_software", False, "rho",
     "rho", "substitution between experiments and cognitive work, software R&D"),
    ("production", "experiments_efficiency_software", "compute_software_rnd_experiments_efficiency", False, "nonneg",
     "exponent", "returns to hardware used for software experiments"),
    ("rnd", "hardware_returns", "hardware_returns", False, "ratio", "doublings per doubling",
     "returns to hardware R&D"),
    ("rnd", "software_returns", "software_returns", False, "ratio", "doublings per doubling",
     "returns to software R&D"),
    ("rnd", "hardware_ceiling_log10_flop_per_year_per_usd", "hardware_performance_ceiling", True, "any",
     "log10 FLOP/yr/$", "hardware performance ceiling"),
    ("rnd", "software_ceiling_oom", "software_ceiling", True, "nonneg", "OOM", "software efficiency ceiling over 2022"),
    ("rnd", "parallelization_penalty", "rnd_parallelization_penalty", False, "penalty", "exponent",
     "R&D parallelisation penalty"),
    ("rnd", "hardware_delay_years", "hardware_delay", False, "nonneg", "years", "hardware adoption delay"),
]
for _f in FRACTIONS:
    _what = _f.replace("_", " ").replace("rnd", "R&D").replace("gwp", "GWP")
    _F += [("fractions", f"frac_{_f}_growth_per_year", f"frac_{_f}_growth", False, "any", "1/yr",
            f"growth of the fraction {_what} before wake-up"),
           ("fractions", f"frac_{_f}_wakeup_growth_per_year", f"frac_{_f}_growth_rampup", False, "any", "1/yr",
            f"growth of the fraction {_what} after wake-up"),
           ("fractions", f"frac_{_f}_ceiling", f"frac_{_f}_ceiling", False, "share", "fraction",
            f"ceiling of the fraction {_what}")]
for _f in FRACTIONS[1:-1]:
    _F.append(("fractions", f"initial_frac_{_f}", f"initial_frac_{_f}", False, "share", "fraction",
               f"initial fraction {_f.replace('_', ' ').replace('rnd', 'R&D')}"))
_F += [
    ("fractions", "wakeup_trigger", "rampup_trigger", False, "prob", "fraction",
     "fraction of goods tasks automated that wakes the world up"),
    ("fractions", "money_cap_training_log10_usd", "money_cap_training_before_wakeup", True, "any", "log10 usd",
     "largest-run cost at which training's share stops growing before wake-up"),
    ("initial", "largest_run_log10_flop", "initial_biggest_training_run", True, "any", "log10 FLOP",
     "largest training run in 2022"),
    ("initial", "hardware_production_log10_flop_per_year", "initial_hardware_production", True, "any",
     "log10 FLOP/yr", "hardware produced in 2022"),
    ("initial", "hardware_to_production_ratio", "ratio_hardware_to_initial_hardware_production", False, "ratio",
     "x", "hardware stock over 2022 production"),
    ("initial", "buyable_hardware_log10_flop_per_year_per_usd", "initial_buyable_hardware_performance", True, "any",
     "log10 FLOP/yr/$", "best hardware on sale in 2022"),
    ("initial", "gwp_log10_usd", "initial_gwp", True, "any", "log10 usd", "gross world product in 2022"),
    ("initial", "labour_force_persons", "initial_population", False, "persons", "persons", "world labour force"),
    ("initial", "cognitive_share_goods", "initial_cognitive_share_goods", False, "share", "fraction",
     "cognitive share of goods output"),
    ("initial", "cognitive_share_hardware_rnd", "initial_cognitive_share_hardware_rnd", False, "share", "fraction",
     "cognitive share of hardware R&D"),
    ("initial", "compute_share_goods", "initial_compute_share_goods", False, "share", "fraction",
     "compute's share of cognitive work, goods"),
    ("initial", "compute_share_rnd", "initial_compute_share_rnd", False, "share", "fraction",
     "compute's share of cognitive work, R&D"),
    ("initial", "experiment_share_software_rnd", "initial_experiment_share_software_rnd", False, "share", "fraction",
     "experiments' share of software R&D"),
    ("initial", "hardware_rnd_input_to_cumulative_ratio", "ratio_initial_to_cumulative_input_hardware_rnd", False,
     "ratio", "x", "2022 hardware R&D input over all input to date"),
    ("initial", "software_rnd_input_to_cumulative_ratio", "ratio_initial_to_cumulative_input_software_rnd", False,
     "ratio", "x", "2022 software R&D input over all input to date"),
    ("initial", "capital_growth_per_year", "initial_capital_growth", False, "ratio", "1/yr", "initial capital growth"),
    ("initial", "labour_growth_per_year", "labour_growth", False, "any", "1/yr", "labour force growth"),
    ("initial", "tfp_growth_per_year", "tfp_growth", False, "any", "1/yr", "total factor productivity growth"),
    ("initial", "compute_depreciation_per_year", "compute_depreciation", False, "share", "1/yr",
     "hardware depreciation"),
]
#: (section, field, FTM name, stored as log10, bound kind, unit, label), in file order.
FIELDS = tuple(_F)
SECTIONS = ("automation", "production", "rnd", "fractions", "initial")
SECTION_LABELS = {"automation": "Automation requirements (training, runtime, trade-off)",
                  "production": "CES production", "rnd": "Hardware and software R&D",
                  "fractions": "Investment fractions and wake-up", "initial": "2022 starting values"}


def _section(name: str):
    fields: dict[str, Any] = {f: (KINDS[kind], ...) for s, f, _, _, kind, _, _ in FIELDS if s == name}
    fields["source"] = (str | None, None)
    fields["note"] = (str | None, None)
    return create_model(f"Ftm{name.title()}", __base__=Strict, **fields)


FtmAutomation, FtmProduction, FtmRnd, FtmFractions, FtmInitial = (_section(s) for s in SECTIONS)


class FtmSimulation(Strict):
    """How the simulation runs (FTM's config.yml at 99dc907: t_start 2022, t_end 2100, t_step 0.1)."""

    start_year: float = Field(2022.0, ge=1900, le=3000, description="first step [decimal yr]")
    end_year: float = Field(2100.0, ge=1900, le=3000, description="steps run while start + i dt < end [decimal yr]")
    step_years: float = Field(0.1, ge=0.005, le=1.0, description="time step dt [years]")
    n_tasks: int = Field(100, ge=2, le=1000, description="cognitive tasks per sector (FTM n_labour_tasks)")
    runtime_training_tradeoff_enabled: bool = Field(
        True, description="FTM's playground switch; false sets the trade-off to 0 (the timelines presets)")
    disable_automation: bool = Field(False, description="the no-automation counterfactual (FTM disable_automation)")
    source: str | None = None


#: Named adjustments of an anchor's requirement [OOM added]. "davidson-plus-one-oom": Davidson's reading
#: of Bio Anchors for full automation, "I'm mostly anchoring to the Bio Anchors report, with an extra OOM
#: to account for TAI being a lower bar than full automation (AGI)" (epoch-research/ftm@99dc907
#: website/src/js/playground.js, parameter_justifications["full_automation_requirements_training"]).
ADJUSTMENTS_OOM = {"none": 0.0, "davidson-plus-one-oom": 1.0}
#: the [requirement] source that keeps automation.full_automation_training_log10_flop as given
OWN_REQUIREMENT = "scenario"


class FtmRequirement(Strict):
    """Where the full-automation training requirement comes from (docs/models/ftm.md, "The requirement
    from an anchor"): ``scenario`` (automation.full_automation_training_log10_flop as given) or a
    requirement anchor (models/requirement_anchors.py: ``cotra2020``, ``direct-approach``), read at
    ``quantile``, plus the named ``adjustment``, restated from the anchor's algorithms year to the
    simulation's start at ``software_progress_oom_per_year`` (0, the default, is Davidson's reading:
    he took Bio Anchors' 2020 FLOP as his 2022 FLOP)."""

    source: str = Field(OWN_REQUIREMENT, description="scenario, or a requirement anchor's name")
    quantile: ProbabilityParam = Param(value=0.5, source="default: the anchor's median (read only for an anchor)")
    adjustment: Literal["none", "davidson-plus-one-oom"] = Field(
        "none", description="OOM added to the anchor's requirement: none, or Davidson's +1 OOM for full automation")
    software_progress_oom_per_year: AnyParam = Param(
        value=0.0, source="default: Davidson's reading, Bio Anchors' 2020 FLOP taken as 2022 FLOP (no restatement)")
    note: str | None = None

    @field_validator("source")
    @classmethod
    def _known(cls, v: str) -> str:
        return requirement_anchors.check_anchor(v, "requirement source", extra=(OWN_REQUIREMENT,))

    @model_validator(mode="after")
    def _used(self):
        if self.source == OWN_REQUIREMENT:
            unused = [f for f in ("quantile", "software_progress_oom_per_year") if not getattr(self, f).is_point]
            unused += ["adjustment"] * (self.adjustment != "none")
            if unused:
                raise ValueError(f"requirement.{unused[0]} only applies to an anchor's requirement: set "
                                 "requirement.source to an anchor, or leave it out")
        return self


class FtmConfig(ModelConfig):
    """A scenario of the ftm model (``model = "ftm"``)."""

    model: Literal["ftm"] = Field("ftm", description="the registered model the scenario is for")
    automation: FtmAutomation  # type: ignore[valid-type]
    production: FtmProduction  # type: ignore[valid-type]
    rnd: FtmRnd  # type: ignore[valid-type]
    fractions: FtmFractions  # type: ignore[valid-type]
    initial: FtmInitial  # type: ignore[valid-type]
    simulation: FtmSimulation = FtmSimulation()
    requirement: FtmRequirement = FtmRequirement()

    @model_validator(mode="after")
    def _anchor_replaces_the_requirement(self):
        if self.requirement.source != OWN_REQUIREMENT and not self.automation.full_automation_training_log10_flop.is_point:
            raise ValueError(f"automation.full_automation_training_log10_flop is a distribution, but requirement.source "
                             f"= '{self.requirement.source}' replaces it: give it as a value (it is unused)")
        return self

    @model_validator(mode="after")
    def _ceilings(self):
        iv = self.fractions
        lab = iv.frac_labour_hardware_rnd_ceiling.central + iv.frac_labour_software_rnd_ceiling.central
        comp = (iv.frac_compute_hardware_rnd_ceiling.central + iv.frac_compute_software_rnd_ceiling.central
                + iv.frac_compute_training_ceiling.central)
        if lab >= 1 or comp >= 1:
            raise ValueError("fractions: the ceilings of labour (hardware + software R&D) and of compute "
                             "(hardware R&D + software R&D + training) must each sum to less than 1")
        return self


def flat_parameters(params: dict) -> dict:
    """Dotted config paths ("automation.training_flop_gap_oom") -> the simulation's flat names
    (the sections of SECTIONS; [requirement] is folded in by :func:`with_requirement`)."""
    return {path.split(".", 1)[1]: v for path, v in params.items() if path.split(".", 1)[0] in SECTIONS}


def with_requirement(spec: FtmConfig, params: dict) -> dict:
    """``params`` with automation.full_automation_training_log10_flop [log10 FLOP] from the scenario's
    requirement anchor, when it has one:

        requirement = ppf_anchor(quantile) + adjustment - rate x (start_year - anchor's algorithms year)

    (ppf in FLOP of the anchor's algorithms, models/requirement_anchors.py; rate [OOM/yr]
    requirement.software_progress_oom_per_year). Vectorised over parameter sets."""
    req = spec.requirement
    if req.source == OWN_REQUIREMENT:
        return params
    years = spec.simulation.start_year - requirement_anchors.algorithms_year(req.source)
    quantile = np.asarray(params["requirement.quantile"], dtype=float)
    rate = np.asarray(params["requirement.software_progress_oom_per_year"], dtype=float)
    value = requirement_anchors.anchor_ppf(req.source)(quantile) + ADJUSTMENTS_OOM[req.adjustment] - rate * years
    return {**params, "automation.full_automation_training_log10_flop": value}
