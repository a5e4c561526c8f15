"""The Direct Approach's scenario schema (``model = "direct-approach"``) and its registered model.

The numbers are :mod:`.core`'s functions; this module reads a scenario's parameter sets
(docs/models/direct-approach.md) and evaluates P(by t) for the estimators of
:class:`~bioanchors.models.base.ParametricModel`.
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import Field, model_validator

from ...errors import BioanchorsError
from ...evaluation.trajectories import as_column
from ...schema import AnyParam, ModelConfig, NonNegativeParam, Param, ProbabilityParam, Strict, Years, _bounded
from ..base import EventSpec, ParametricModel
from ..registry import register_model
from .core import (
    QUADRATURE_REACH,
    bound_and_prior_cdf,
    log10_algorithmic_multiplier,
    log10_flop_per_usd_amortized,
    log10_gpu_flop_per_second,
    log10_largest_run_usd,
    log10_specialization_gain,
    requirement_cdf,
    upper_bound_mixture,
    upper_bound_moments,
)
from .hardware import CORES_QUANTILES, log10_fp32_flop_per_second

Positive = Annotated[Param, _bounded(0.0)]
FirstYearGrowth = Annotated[Param, _bounded(-0.1, what=" (amortisation 1.2 / (growth + 0.1) must be positive)")]
Confidence = Annotated[Param, _bounded(0.5, 0.9999, what=" (the judge's confidence, between 0.5 and 1)")]


class Requirement(Strict):
    """The compute requirement: Epoch's upper bound and its update (docs/models/direct-approach.md §1)."""

    k_performance_tokens_p15: Positive
    k_performance_tokens_p85: Positive
    slowdown_p15: Positive
    slowdown_p85: Positive
    confidence: Confidence = Param(value=0.9)
    chinchilla_a_mean: Positive
    chinchilla_a_sd: NonNegativeParam
    chinchilla_b_mean: Positive
    chinchilla_b_sd: NonNegativeParam
    chinchilla_alpha_mean: Positive
    chinchilla_alpha_sd: NonNegativeParam
    chinchilla_beta_mean: Positive
    chinchilla_beta_sd: NonNegativeParam
    allocation: Literal["epoch-code", "hoffmann", "epoch-readme"] = Field(
        "epoch-code", description="compute-optimal N, D: Epoch's code as written since 926237e, Hoffmann et al.'s "
        "formula, or Epoch's k_performance.py at the README commit 50fff99 (docs/models/direct-approach.md)")
    reading: Literal["no-tai-update", "upper-bound-prior"] = Field(
        "no-tai-update", description="Epoch's requirement construction: the normal fit updated on no TAI so far "
        "(the published headline), or the mixture of the bound and a prior truncated at it (an unmerged June 2023 branch)")
    update_on_no_tai: bool = True
    # Runs that did not produce TAI (timeline.py ``update_on_no_tai``): size [log10 FLOP] and for how
    # long [years]; 0 years drops a run. Three named runs, as Epoch has, rather than a list: the
    # catalogue names list items only for hypotheses and correlations (catalogue.pattern_of).
    no_tai_small_log10_flop: AnyParam = Param(value=17.0)
    no_tai_small_years: NonNegativeParam = Param(value=0.0)
    no_tai_medium_log10_flop: AnyParam = Param(value=23.0)
    no_tai_medium_years: NonNegativeParam = Param(value=0.0)
    no_tai_large_log10_flop: AnyParam = Param(value=25.0)
    no_tai_large_years: NonNegativeParam = Param(value=0.0)
    decay_exponent: Positive = Param(value=0.3)
    scale_factor: Positive = Param(value=1.0)
    scale_fixed_point_log10_flop: AnyParam = Param(value=25.0)
    upper_bound_weight: ProbabilityParam = Param(value=0.9)
    prior_start_log10_flop: AnyParam = Param(value=25.0)
    prior_exponent: Positive = Param(value=1.0 / 3.0)
    note: str | None = None

    @model_validator(mode="after")
    def _ordered_intervals(self):
        for name in ("k_performance_tokens", "slowdown"):
            lo, hi = getattr(self, f"{name}_p15"), getattr(self, f"{name}_p85")
            if lo.central >= hi.central:
                raise ValueError(f"{name}_p15 ({lo.central:g}) must be below {name}_p85 ({hi.central:g})")
        return self

    @model_validator(mode="after")
    def _positive_coefficients(self):
        # The coefficients are integrated at mean +- QUADRATURE_REACH SD; every node must be positive.
        for c in ("a", "b", "alpha", "beta"):
            mean, sd = getattr(self, f"chinchilla_{c}_mean"), getattr(self, f"chinchilla_{c}_sd")
            low = mean.distribution().support[0] - QUADRATURE_REACH * sd.distribution().support[1]
            if not low > 0:
                raise ValueError(f"chinchilla_{c}_mean - {QUADRATURE_REACH:g} x chinchilla_{c}_sd must be > 0 "
                                 f"(the coefficient is integrated out to there); lower chinchilla_{c}_sd")
        return self


class Investment(Strict):
    """Spend on the largest run, soft-capped at a share of gross world product (Epoch ``spending``)."""

    reference_year: int = 2022
    log10_start_usd: AnyParam
    growth_per_year: AnyParam
    log10_gwp_usd: AnyParam
    gwp_growth_per_year: AnyParam
    max_gwp_share: Positive
    note: str | None = None


PROJECTION_FIELDS = {  # the hardware fields each GPU projection reads
    "hobbhahn-fit": ("process_size_limit_nm", "transistors_per_core_limit_millions"),
    "plateau-summary": ("log10_flop_per_second_start", "log10_plateau_flop_per_second", "plateau_year"),
}


class Hardware(Strict):
    """GPU FLOP/s and Epoch's amortisation (``flops_per_dollar``): Hobbhahn's fitted GPU model as Epoch's
    code runs it (:mod:`.hardware`), or the earlier reduced form (a plateau summary, :func:`.core.log10_gpu_flop_per_second`)."""

    start_year: int = 2023
    projection: Literal["hobbhahn-fit", "plateau-summary"] = Field(
        "hobbhahn-fit", description="GPU FLOP/s: Hobbhahn's fits as Epoch's gpu_efficiency.py evaluates them, or a "
        "log-linear rise to a plateau of 1e14-1e15 FLOP/s in 2027-2035 (docs/models/direct-approach.md)")
    process_size_limit_nm: Positive | None = None
    transistors_per_core_limit_millions: Positive | None = None
    log10_flop_per_second_start: AnyParam | None = None
    log10_plateau_flop_per_second: AnyParam | None = None
    plateau_year: AnyParam | None = None
    specialization_oom_per_year: NonNegativeParam
    specialization_cap_oom: NonNegativeParam
    gpu_price_usd: Positive
    first_year_growth: FirstYearGrowth = Param(value=0.5)
    note: str | None = None

    @model_validator(mode="after")
    def _projection_inputs(self):
        missing = [f for f in PROJECTION_FIELDS[self.projection] if getattr(self, f) is None]
        if missing:
            raise ValueError(f"projection = \"{self.projection}\" needs {', '.join(missing)}; give "
                             f"{'it' if len(missing) == 1 else 'them'} or choose the other projection")
        return self


class Algorithms(Strict):
    """Algorithmic progress, soft-capped (Epoch ``algorithmic_improvements``)."""

    reference_year: int = 2022
    oom_per_year: AnyParam
    transfer_multiplier: Positive
    limit_oom: AnyParam
    note: str | None = None


class DirectApproachConfig(ModelConfig):
    """A scenario of the Direct Approach (``model = "direct-approach"``)."""

    model: Literal["direct-approach"] = Field("direct-approach", description="the registered model the scenario is for")
    years: Years = Years(start=2023, end=2100)
    tai_requirements: Requirement
    investment: Investment
    hardware: Hardware
    algorithmic_improvements: Algorithms




def gpu_lines(spec: DirectApproachConfig) -> tuple:
    """The GPU projection's equally likely lines: Hobbhahn's num-cores quantile fits (Epoch draws one
    uniformly per sample, gpu_efficiency.baseline_flops_per_second), or the plateau summary's one (None)."""
    return CORES_QUANTILES if spec.hardware.projection == "hobbhahn-fit" else (None,)


def _log10_flop_per_second(spec: DirectApproachConfig, p, span: np.ndarray, line) -> np.ndarray:
    """GPU FLOP/s with specialisation [log10 FLOP/s] on consecutive years ``span``, (sets or 1, years)."""
    hw = spec.hardware
    if hw.projection == "plateau-summary":
        flops = log10_gpu_flop_per_second(span, p("hardware.log10_flop_per_second_start"),
                                          p("hardware.log10_plateau_flop_per_second"), p("hardware.plateau_year"),
                                          p("hardware.specialization_oom_per_year"),
                                          p("hardware.specialization_cap_oom"), hw.start_year)
    else:
        flops = (log10_fp32_flop_per_second(span, p("hardware.process_size_limit_nm"),
                                            p("hardware.transistors_per_core_limit_millions"), line)
                 + log10_specialization_gain(span, p("hardware.specialization_oom_per_year"),
                                             p("hardware.specialization_cap_oom"), hw.start_year))
    return np.broadcast_to(flops, np.broadcast_shapes(np.shape(flops), (1, span.size)))


def _reader(params: dict):
    """Column reader of a parameter set: path -> (sets, 1) array or float."""
    return lambda path: as_column(params[path])


def _log10_spend_and_algorithms(spec: DirectApproachConfig, p, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Spend [log10 USD] and the algorithmic multiplier [OOM], (sets or 1, years) or (years,)."""
    inv, alg = spec.investment, spec.algorithmic_improvements
    spend = log10_largest_run_usd(years, p("investment.log10_start_usd"), p("investment.growth_per_year"),
                                  p("investment.log10_gwp_usd"), p("investment.gwp_growth_per_year"),
                                  p("investment.max_gwp_share"), inv.reference_year)
    algo = log10_algorithmic_multiplier(years, p("algorithmic_improvements.oom_per_year"),
                                        p("algorithmic_improvements.transfer_multiplier"),
                                        p("algorithmic_improvements.limit_oom"), alg.reference_year)
    return spend, algo


def _log10_flop_per_usd(spec: DirectApproachConfig, p, years: np.ndarray, line) -> np.ndarray:
    """FLOP/$ [log10 FLOP/USD] on GPU projection ``line``, (sets or 1, years)."""
    hw = spec.hardware
    # FLOP/$ needs consecutive years from the hardware start for its growth-dependent amortisation
    span = np.arange(min(hw.start_year, int(years.min())), max(hw.start_year, int(years.max())) + 1)
    flops = _log10_flop_per_second(spec, p, span, line)
    first = int(np.searchsorted(span, hw.start_year))
    after = log10_flop_per_usd_amortized(flops[:, first:], p("hardware.gpu_price_usd"), p("hardware.first_year_growth"))
    # years before the hardware start (Epoch has none) keep the start year's amortisation
    before = flops[:, :first] + (after[:, :1] - flops[:, first:first + 1])
    return np.concatenate([before, after], axis=1)[:, np.searchsorted(span, years)]


def _supply(spend: np.ndarray, per_usd: np.ndarray, algo: np.ndarray) -> dict[str, np.ndarray]:
    return {"log10_spend_usd": spend, "log10_flop_per_usd": per_usd, "log10_algorithmic_multiplier": algo,
            "log10_effective_flop": spend + per_usd + algo}


def log10_effective_flop(spec: DirectApproachConfig, params: dict, years: np.ndarray, line) -> dict[str, np.ndarray]:
    """Spend [log10 USD], FLOP/$ [log10 FLOP/USD], algorithmic multiplier [OOM] and their sum, the
    effective compute of the largest run [log10 FLOP], each (sets or 1, years), on GPU projection
    ``line`` (one of :func:`gpu_lines`; they are equally likely: :func:`supply_by_line`)."""
    p = _reader(params)
    spend, algo = _log10_spend_and_algorithms(spec, p, years)
    return _supply(spend, _log10_flop_per_usd(spec, p, years, line), algo)


def supply_by_line(spec: DirectApproachConfig, params: dict, years: np.ndarray, combine: str) -> dict[str, np.ndarray]:
    """:func:`log10_effective_flop` over the equally likely GPU lines, combined: ``"mean"`` (the
    log10 average, (sets or 1, years)) or ``"pool"`` (the lines' rows stacked as draws of the mixture).
    Spend and algorithms do not depend on the line: computed once."""
    p = _reader(params)
    spend, algo = _log10_spend_and_algorithms(spec, p, years)
    per_line = [_supply(spend, _log10_flop_per_usd(spec, p, years, line), algo) for line in gpu_lines(spec)]
    out = {}
    for key in per_line[0]:
        shape = np.broadcast_shapes((1, years.size), *(np.shape(d[key]) for d in per_line))
        rows = [np.broadcast_to(d[key], shape) for d in per_line]
        out[key] = np.mean(rows, axis=0) if combine == "mean" else np.concatenate(rows, axis=0)
    return out


NO_TAI_RUNS = ("small", "medium", "large")
_REQUIREMENT_CHUNK = 256  # parameter sets per requirement grid when its inputs are uncertain (memory)


def requirement_inputs(spec: DirectApproachConfig, params: dict) -> dict:
    """The requirement's parameters from a parameter set: (sets,) arrays or floats."""
    def p(name):
        return params[f"tai_requirements.{name}"]

    coef = ("a", "b", "alpha", "beta")
    runs = [(p(f"no_tai_{size}_log10_flop"), p(f"no_tai_{size}_years")) for size in NO_TAI_RUNS]
    runs = runs if spec.tai_requirements.update_on_no_tai else []
    return {
        "k": (p("k_performance_tokens_p15"), p("k_performance_tokens_p85")),
        "slowdown": (p("slowdown_p15"), p("slowdown_p85")),
        "means": tuple(p(f"chinchilla_{c}_mean") for c in coef),
        "sds": tuple(p(f"chinchilla_{c}_sd") for c in coef),
        "confidence": p("confidence"),
        "runs": runs,
        "decay": p("decay_exponent"),
        "scale": p("scale_factor"),
        "fixed_point": p("scale_fixed_point_log10_flop"),
        "prior": (p("upper_bound_weight"), p("prior_start_log10_flop"), p("prior_exponent")),
    }


def p_requirement_met(spec: DirectApproachConfig, inputs: dict, log10_flop) -> np.ndarray:
    """P(requirement <= ``log10_flop``) [-], (sets or 1, years); per set when the requirement is uncertain.

    ``log10_flop`` is an array, or a list of arrays (equally likely GPU lines): then the mean of their P.
    """
    allocation = spec.tai_requirements.allocation
    xs = log10_flop if isinstance(log10_flop, list) else [log10_flop]
    flat = [np.asarray(v, dtype=float) for v in (*inputs["k"], *inputs["slowdown"], *inputs["means"], *inputs["sds"],
                                                 inputs["confidence"], inputs["decay"], inputs["scale"],
                                                 inputs["fixed_point"], *(x for run in inputs["runs"] for x in run))]
    sets = max((a.size for a in flat), default=1)
    if spec.tai_requirements.reading == "upper-bound-prior":
        return _bound_and_prior_for(inputs, allocation, xs, sets)
    if sets == 1:
        return _requirement_cdf_for(inputs, allocation, xs, slice(None))
    width = np.shape(xs[0])[-1]
    xs = [np.broadcast_to(x, (sets, width)) for x in xs]
    out = np.empty((sets, width))
    for lo in range(0, sets, _REQUIREMENT_CHUNK):
        part = slice(lo, min(sets, lo + _REQUIREMENT_CHUNK))
        out[part] = _requirement_cdf_for(inputs, allocation, [x[part] for x in xs], part)
    return out


def _requirement_cdf_for(inputs: dict, allocation: str, xs: list, part: slice) -> np.ndarray:
    """:func:`requirement_cdf` for parameter sets ``part`` (arrays sliced, floats as they are), averaged over ``xs``."""
    def take(v, column=False):
        a = np.asarray(v, dtype=float)
        if a.ndim == 0:
            return float(a)
        return a[part][:, None] if column else a[part]

    mean, sd = upper_bound_moments(*(take(v) for v in (*inputs["k"], *inputs["slowdown"])),
                                   tuple(take(v) for v in inputs["means"]), tuple(take(v) for v in inputs["sds"]),
                                   take(inputs["confidence"]), allocation)
    runs = [(take(r, True), take(d, True)) for r, d in inputs["runs"]]
    return requirement_cdf(list(xs), mean, sd, [r for r, _ in runs], [d for _, d in runs],
                           take(inputs["decay"], True), take(inputs["scale"], True), take(inputs["fixed_point"], True))


def _bound_and_prior_for(inputs: dict, allocation: str, xs: list, sets: int) -> np.ndarray:
    """:func:`bound_and_prior_cdf` for point-valued requirement inputs (its grid is (points, nodes) per set)."""
    prior = [np.asarray(v, dtype=float) for v in inputs["prior"]]
    if sets > 1 or any(a.size > 1 for a in prior):
        raise BioanchorsError("tai_requirements.reading = \"upper-bound-prior\" needs point values for the "
                              "tai_requirements inputs; give them as numbers, or use reading = \"no-tai-update\"")
    # The ignores below: mypy counts positionals after a *-unpacked argument as too many.
    mixture = upper_bound_mixture(*inputs["k"], *inputs["slowdown"], inputs["means"],  # type: ignore[call-arg]
                                  inputs["sds"], inputs["confidence"], allocation)
    return bound_and_prior_cdf(list(xs), mixture, *(float(a) for a in prior),  # type: ignore[call-arg]
                               float(inputs["scale"]), float(inputs["fixed_point"]))


class DirectApproach(ParametricModel):
    """Epoch's Direct Approach: P(effective compute of the largest run reaches the requirement by year t)."""

    name = "direct-approach"
    source = "Barnett & Besiroglu (2023), Epoch: the Direct Approach"
    forecasts = "P(effective compute of the largest training run reaches the Direct Approach requirement by year)"
    config_schema = DirectApproachConfig
    events = (EventSpec("tai", "TAI (the largest run's effective compute reaches the Direct Approach requirement)"),)
    # work units per draw-year (benchmarks/bench_model_costs.py: 12.7-14.6 measured on a loaded machine,
    # 7 before issue 23's four GPU lines); 30,000 draws over 2023-2100 (the web default) stay in budget
    draw_year_cost = 12
    # Its P(by t) varies more across draws than Cotra's: 10,000 draws leave an SE of 0.0016; 30,000
    # meet the package's target of SE <= 0.001 at default settings (benchmarks, tests/test_conditional.py).
    default_samples = {"conditional": 30_000}

    #: a requirement anchor (models/requirement_anchors.py): Epoch's requirement is in FLOP of 2022 algorithms
    requirement_algorithms_year = 2022.0

    def requirement_cdf(self, spec) -> np.ndarray:
        """P(requirement <= x) on requirements.distribution.GRID [log10 FLOP], at the central inputs."""
        from ...requirements.distribution import GRID
        from ...schema import iter_params

        central = {k: p.central for k, p in iter_params(spec)}
        return np.asarray(p_requirement_met(spec, requirement_inputs(spec, central), GRID)).ravel()

    def p_by_year(self, spec, params, years):
        # The GPU lines are equally likely (Epoch draws one per sample): P is their average. Arrival
        # is the first year effective compute reaches the requirement: a running maximum (Epoch
        # compares year by year; the two agree whenever effective compute never falls).
        p = _reader(params)
        base = np.add(*_log10_spend_and_algorithms(spec, p, years))
        reached = [np.maximum.accumulate(base + _log10_flop_per_usd(spec, p, years, line), axis=-1)
                   for line in gpu_lines(spec)]
        del base  # freed before the requirement lookups (peak memory at the sample-year limit)
        return p_requirement_met(spec, requirement_inputs(spec, params), reached)

    def diagnostics(self, spec, params, years):
        """The supply at the central parameters (log10, averaged over the GPU projection's lines)."""
        return {k: v[0] for k, v in supply_by_line(spec, params, years, "mean").items()}


register_model(DirectApproach())
