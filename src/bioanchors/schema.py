"""The scenario schema: one pydantic model validates every scenario file,
every override made in code, and every web request.

Conventions:
- unknown keys are errors (``extra="forbid"`` everywhere);
- units are in the field names (``log10_flop``, ``usd``, ``years``, ``oom``);
- every number is a :class:`Param`: a bare number, ``{value = .., source = ..}``,
  or a distribution ``{dist = "lognormal", p5 = .., p95 = .., source = ..}``
  (kinds and their keys: :mod:`bioanchors.distributions`).
"""

from __future__ import annotations

import functools
import math
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from . import distributions as D

DistKind = Literal["normal", "lognormal", "uniform", "loguniform", "skewnormal", "percentiles"]

# Which keys each distribution kind accepts, besides percentile keys (pNN).
_DIST_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    # each inner tuple is one accepted parametrisation
    "normal": (("mean", "sd"), ()),
    "lognormal": (("median", "sd_log10"), ()),
    "uniform": (("low", "high"),),
    "loguniform": (("low", "high"),),
    "skewnormal": (("median", "sd", "shape"),),
    "percentiles": ((),),
}
# Kinds that may be given by exactly two percentile keys instead.
_TWO_PERCENTILE_KINDS = {"normal", "lognormal"}


# ---------------------------------------------------------------------------
# Bounds on every number (docs/limits.md lists them; tests/test_fuzz_scenarios.py checks them)
# ---------------------------------------------------------------------------
YEAR_MIN, YEAR_MAX = 1900, 3000  # every calendar year: forecast window, reference and start years
MAX_ABS_NUMBER = 1e15  # any number anywhere (finite too: NaN and inf are refused)
MAX_INT = 2**53  # integers beyond this are refused before any float conversion can overflow
MAX_ABS_LOG10 = 100.0  # log10 quantities and orders of magnitude (OOM): 10^100 is beyond any physical use
TIME_YEARS_RANGE = (1e-3, 1e3)  # doubling / halving times [years] and the halving-time scale [factor]
MAX_OFFSET_YEARS = 1000.0  # float fields in years that are not doubling times (offsets)
MAX_WEIGHT = 1e6  # hypothesis weights are relative; this keeps their sum far from overflow
MAX_SD_LOG10 = 10.0  # lognormal spread [OOM]
MAX_SKEW_SHAPE = 100.0  # skew-normal shape; beyond this the skew-normal is numerically a half-normal
MAX_HYPOTHESES = 100
MAX_CORRELATIONS = 100
MAX_SEED = 2**32 - 1


def _scalar_kind(annotation: Any) -> str | None:
    """'bool', 'int' or 'float' for fields annotated so (or Optional thereof); else None."""
    if annotation in (bool, int, float):
        return annotation.__name__
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kinds = {_scalar_kind(a) for a in typing.get_args(annotation) if a is not type(None)}
        return kinds.pop() if len(kinds) == 1 else None
    return None


@functools.cache
def _holds_param(cls: type[BaseModel], name: str) -> bool:
    """Whether a field's annotation includes Param (``Param``, ``Param | None``, ``Constructed | Param``)."""
    field = cls.model_fields.get(name)
    if field is None:
        return False
    ann = field.annotation
    return ann is Param or Param in typing.get_args(ann)


@functools.cache
def _field_kind(cls: type[BaseModel], name: str) -> str | None:
    field = cls.model_fields.get(name)
    return _scalar_kind(field.annotation) if field is not None else None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _check_raw_scalar(value: Any, kind: str) -> None:
    """No coercion: a string is never read as a number or a boolean."""
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {_short(value)}")
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        what = "a whole number" if kind == "int" else "a number"
        hint = " (remove the quotes)" if isinstance(value, str) else ""
        raise ValueError(f"expected {what}, got {_short(value)}{hint}")
    if isinstance(value, int) and abs(value) > MAX_INT:
        raise ValueError(f"a {len(str(abs(value)))}-digit integer is too large (limit {MAX_INT:.3g})")
    if kind == "int" and isinstance(value, float):
        raise ValueError(f"expected a whole number, got {value!r}")


def _check_number(x: float, name: str) -> None:
    """Finite, and within the range its field name implies (docs/limits.md)."""
    if not math.isfinite(x):
        raise ValueError(f"must be a finite number, got {x!r}")
    if "log10" in name or name.endswith("_oom"):
        limit = MAX_ABS_LOG10
    elif name.endswith("_years"):
        limit = MAX_OFFSET_YEARS
    else:
        limit = MAX_ABS_NUMBER
    if abs(x) > limit:
        raise ValueError(f"must be between -{limit:g} and {limit:g}, got {x:g}")


def _given(x: float | None) -> float:
    """A number a Param's kind requires: present once the validator has checked the kind's keys
    (a typing-only narrowing; mypy cannot see that tagged union)."""
    return typing.cast(float, x)


class Strict(BaseModel):
    """Base of every schema model: unknown keys are errors, and every scalar
    field is checked the same way (no string coercion, finite, bounded)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="wrap")
    @classmethod
    def _bounded_scalars(cls, value: Any, handler, info: ValidationInfo) -> Any:
        name = info.field_name or ""
        kind = _field_kind(cls, name)
        if kind is not None and value is not None:
            _check_raw_scalar(value, kind)
        elif kind is None and isinstance(value, (int, float)) and not isinstance(value, bool) and _holds_param(cls, name):
            _check_bare_param_number(value, name)
        out = handler(value)
        if kind == "float" and out is not None:
            _check_number(out, name)
        elif kind == "int" and out is not None and "year" in name and not YEAR_MIN <= out <= YEAR_MAX:
            raise ValueError(f"year must be between {YEAR_MIN} and {YEAR_MAX}, got {out}")
        elif isinstance(out, Param):
            _check_param_range(out, name)
        return out


class Param(Strict):
    """A number with optional provenance, or a distribution.

    Write ``2.5``, ``{value = 2.5, source = "report p. 124"}`` or
    ``{dist = "lognormal", p5 = 1.5, p95 = 4, source = "..."}``.
    """

    value: float | None = None
    dist: DistKind | None = None
    mean: float | None = None
    sd: float | None = None
    median: float | None = None
    sd_log10: float | None = None
    low: float | None = None
    high: float | None = None
    shape: float | None = None
    percentiles: dict[float, float] | None = Field(
        default=None, description="probability -> value; written as pNN keys in files"
    )
    source: str | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_number_or_pkeys(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise ValueError("expected a number or a table, got true/false")
        if isinstance(data, (int, float)):
            _check_raw_scalar(data, "float")
            return {"value": float(data)}
        if isinstance(data, str):
            hint = " (remove the quotes)" if _looks_numeric(data) else ""
            raise ValueError(f"expected a number, got the text {_short(data)}{hint}")
        if isinstance(data, dict):
            data = dict(data)
            pct = {}
            for key in list(data):
                prob = D.percentile_key_to_probability(str(key))
                if prob is not None:
                    pct[prob] = data.pop(key)
            if pct:
                if any(isinstance(v, dict) for v in pct.values()):
                    # TOML reads p2.5 = x as a table p2 = {5 = x}
                    raise ValueError('write fractional percentile keys in quotes, e.g. "p2.5" = 0.4 (TOML reads p2.5 as a table)')
                if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pct.values()):
                    raise ValueError("percentile values (pNN keys) must be numbers")
                for v in pct.values():
                    _check_raw_scalar(v, "float")
                    _check_number(float(v), "percentile")
                if max(pct) > 1.0:
                    raise ValueError(f"percentile key p{max(pct) * 100:g} is above p100; keys run from p0 to p100")
                # pNN keys beside an existing table (an override of one percentile) update that table.
                try:
                    given = {float(k): v for k, v in (data.get("percentiles") or {}).items()}
                except (TypeError, ValueError, AttributeError):
                    raise ValueError("percentiles: keys must be probabilities (0.05) or written as pNN keys") from None
                data["percentiles"] = dict(sorted({**given, **pct}.items()))
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Param:
        given = {k for k in ("mean", "sd", "median", "sd_log10", "low", "high", "shape") if getattr(self, k) is not None}
        if self.dist is None:
            if self.value is None:
                raise ValueError("give `value = <number>` or `dist = \"<kind>\"` with its parameters")
            if given or self.percentiles:
                raise ValueError(f"keys {sorted(given) or 'pNN'} need `dist = ...`; or give only `value`")
            return self
        if self.sd_log10 is not None and self.sd_log10 > MAX_SD_LOG10:
            raise ValueError(f"sd_log10 must be <= {MAX_SD_LOG10:g} (orders of magnitude), got {self.sd_log10:g}")
        if self.shape is not None and abs(self.shape) > MAX_SKEW_SHAPE:
            raise ValueError(f"skew-normal shape must be between -{MAX_SKEW_SHAPE:g} and {MAX_SKEW_SHAPE:g}, "
                             f"got {self.shape:g}")
        if self.value is not None:
            raise ValueError("give either `value` or `dist`, not both")
        pct = self.percentiles or {}
        allowed = _DIST_KEYS[self.dist]
        if self.dist == "percentiles":
            if len(pct) < 2 or given:
                raise ValueError("dist = \"percentiles\" takes two or more pNN keys (e.g. p5, p50, p95) and nothing else")
            vals = list(pct.values())
            if any(b < a for a, b in zip(vals, vals[1:])):
                raise ValueError("percentile values must not decrease as the percentile rises")
        elif pct:
            if self.dist not in _TWO_PERCENTILE_KINDS or len(pct) != 2 or given:
                raise ValueError(f"dist = \"{self.dist}\" takes {' + '.join(allowed[0])}"
                                 + (" or exactly two pNN keys" if self.dist in _TWO_PERCENTILE_KINDS else ""))
            (p1, x1), (p2, x2) = pct.items()
            if not 0 < p1 < p2 < 1 or not x2 > x1:
                raise ValueError("the two percentiles must be strictly inside (p0, p100) and increase")
            if self.dist == "lognormal" and x1 <= 0:
                raise ValueError("lognormal percentiles must be > 0")
        elif given != set(allowed[0]):
            raise ValueError(f"dist = \"{self.dist}\" needs exactly: {', '.join(allowed[0])}"
                             + (" (or two pNN keys)" if self.dist in _TWO_PERCENTILE_KINDS else "")
                             + f"; got: {', '.join(sorted(given)) or 'nothing'}")
        else:
            if self.dist in ("normal", "skewnormal") and _given(self.sd) <= 0:
                raise ValueError("sd must be > 0")
            if self.dist == "lognormal" and (_given(self.median) <= 0 or _given(self.sd_log10) <= 0):
                raise ValueError("lognormal needs median > 0 and sd_log10 > 0")
            if self.dist in ("uniform", "loguniform") and not _given(self.high) > _given(self.low):
                raise ValueError("high must be greater than low")
            if self.dist == "loguniform" and _given(self.low) <= 0:
                raise ValueError("loguniform needs low > 0")
        return self

    # -- use ------------------------------------------------------------
    @property
    def is_point(self) -> bool:
        return self.dist is None

    def distribution(self) -> D.Distribution:
        """The frozen distribution object (a point mass for plain values)."""
        if self.dist is None:
            return D.Point(_given(self.value))
        pct = self.percentiles or {}
        if self.dist == "normal":
            mean, sd = (_given(self.mean), _given(self.sd)) if not pct else D.normal_from_percentiles(*_flat(pct))
            return D.Normal(mean, sd)
        if self.dist == "lognormal":
            if pct:
                (p1, x1), (p2, x2) = pct.items()
                mu, sd = D.normal_from_percentiles(p1, np.log10(x1), p2, np.log10(x2))
                return D.LogNormal(10.0**mu, sd)
            return D.LogNormal(_given(self.median), _given(self.sd_log10))
        if self.dist == "uniform":
            return D.Uniform(_given(self.low), _given(self.high))
        if self.dist == "loguniform":
            return D.LogUniform(_given(self.low), _given(self.high))
        if self.dist == "skewnormal":
            return D.SkewNormal(_given(self.median), _given(self.sd), _given(self.shape))
        return D.Percentiles(tuple(pct.keys()), tuple(pct.values()))

    @property
    def central(self) -> float:
        """The value used where one number is needed: the value, or the median."""
        return float(_given(self.value)) if self.dist is None else self.distribution().median


# ---------------------------------------------------------------------------
# What evaluation samples: declared here, on the schema (issue 20 item 5)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sampled:
    """Marks a config field as sampled per draw: ``section: Annotated[Section, Sampled()]``.

    - On a section (a sub-model): every ``Param`` in it, in its field order.
    - On a table of sub-models (``dict[str, Hypothesis]``): for each entry, in the table's
      order, the entry's own fields marked ``Sampled`` (a hypothesis's weight, halving time, cap).
    - ``supply=True``: a compute-supply section, which ``supply = "<scenario>"`` shares.

    The order of the marked fields in the class is the column order of the seeded designs
    (Monte Carlo, conditional, Sobol): reordering them changes seeded numbers, and
    ``tests/test_sampling_declared.py`` pins one. The label file (``data/parameters.toml``)
    plays no part in it.
    """

    supply: bool = False


def sampled_fields(config: type[BaseModel]) -> tuple[tuple[str, Sampled], ...]:
    """(field name, its marker) of every field of ``config`` marked :class:`Sampled`, in class order."""
    return tuple((name, m) for name, f in config.model_fields.items()
                 for m in f.metadata if isinstance(m, Sampled))


def supply_sections(config: type[BaseModel]) -> tuple[str, ...]:
    """The compute-supply sections a config declares (``Sampled(supply=True)``)."""
    return tuple(name for name, m in sampled_fields(config) if m.supply)


def sampled_parameters(spec: BaseModel) -> typing.Iterator[tuple[str, Param]]:
    """(dotted path, Param) of every parameter evaluation samples, in the seeded design's column
    order: the marked sections in class order, each section's Params in field order; a marked
    table's entries in their order, each entry's marked fields (see :class:`Sampled`)."""
    for name, _ in sampled_fields(type(spec)):
        value = getattr(spec, name)
        if isinstance(value, dict):
            for key, entry in value.items():
                for field, _ in sampled_fields(type(entry)):
                    yield f"{name}.{key}.{field}", getattr(entry, field)
        elif value is not None:
            for key, val in value:
                if isinstance(val, Param):
                    yield f"{name}.{key}", val


def _looks_numeric(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _param_numbers(p: Param) -> list[tuple[str, float]]:
    """The numbers that locate a parameter (not its spreads): value, mean, median, bounds, percentiles."""
    out = [(k, getattr(p, k)) for k in ("value", "mean", "median", "low", "high") if getattr(p, k) is not None]
    out += [(f"p{q * 100:g}", v) for q, v in (p.percentiles or {}).items()]
    return out


def _param_limits(name: str) -> tuple[float, float, str]:
    """(low, high, why) for the numbers locating a parameter, from its field name (docs/limits.md)."""
    if "log10" in name or name.endswith("_oom") or name in {"requirement", "scaling_exponent"}:
        return -MAX_ABS_LOG10, MAX_ABS_LOG10, " (a log10 or order-of-magnitude quantity)"
    if name.endswith("time_years") or name.endswith("time_years_all") or name.endswith("time_scale"):
        return *TIME_YEARS_RANGE, " (a doubling or halving time [years] or its scale factor)"
    if name == "weight":
        return 0.0, MAX_WEIGHT, " (weights are relative; scale them down)"
    return -MAX_ABS_NUMBER, MAX_ABS_NUMBER, ""


def _check_bare_param_number(value: Any, name: str) -> None:
    """A parameter written as a bare number: checked here so the error names the parameter, not `.value`."""
    _check_raw_scalar(value, "float")
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"must be a finite number, got {x!r}")
    lo, hi, what = _param_limits(name)
    if x <= 0 <= lo:
        return  # zero or negative where only positive values make sense: the field's own check says so
    if not lo <= x <= hi:
        raise ValueError(f"must be between {lo:g} and {hi:g}{what}, got {x:g}")


def _check_param_range(p: Param, name: str) -> None:
    """Field-name-driven ranges for a parameter (docs/limits.md).

    Applies to every Param field of every section, so sections that other
    modules extend get the same guarantees.
    """
    lo, hi, what = _param_limits(name)
    if lo == -MAX_ABS_LOG10:
        for key in ("sd", "sd_log10"):
            if getattr(p, key) is not None and getattr(p, key) > MAX_ABS_LOG10:
                raise ValueError(f"{key} must be <= {MAX_ABS_LOG10:g}{what}, got {getattr(p, key):g}")
    for key, x in _param_numbers(p):
        if not lo <= x <= hi:
            label = "" if key == "value" else f"{key} "
            raise ValueError(f"{label}must be between {lo:g} and {hi:g}{what}, got {x:g}")


def _flat(pct: dict[float, float]):
    (p1, x1), (p2, x2) = pct.items()
    return p1, x1, p2, x2


def _bounded(lo: float | None = None, hi: float | None = None, *, lo_open=True, what: str = ""):
    """An AfterValidator checking a Param's whole support lies within bounds."""

    def check(p: Param) -> Param:
        a, b = p.distribution().support
        if lo is not None and (a < lo or (lo_open and a == lo)):
            rel = ">" if lo_open else ">="
            if p.is_point:
                raise ValueError(f"must be {rel} {lo:g}{what}, got {p.value:g}")
            raise ValueError(f"distribution reaches {a:g}; every value must be {rel} {lo:g}{what} "
                             "(choose a kind that stays in range, e.g. lognormal or loguniform)")
        if hi is not None and b > hi:
            if p.is_point:
                raise ValueError(f"must be <= {hi:g}{what}, got {p.value:g}")
            raise ValueError(f"distribution reaches {b:g}; every value must be <= {hi:g}{what}")
        return p

    check.bounds = (lo, hi, lo_open)  # type: ignore[attr-defined]  # a function attribute, read by bioanchors.catalogue (one source for documented bounds)
    return AfterValidator(check)


AnyParam = Param
PositiveParam = Annotated[Param, _bounded(0.0, what=" (a doubling or halving time of zero or less is meaningless)")]
ShareParam = Annotated[Param, _bounded(0.0, 1.0)]
ProbabilityParam = Annotated[Param, _bounded(0.0, 1.0, lo_open=False)]
NonNegativeParam = Annotated[Param, _bounded(0.0, lo_open=False)]
GrowthMultiplierParam = Annotated[Param, _bounded(1.0, lo_open=False, what=" x/yr (run length is not assumed to shrink)")]
GrowthRateParam = Annotated[Param, _bounded(-0.99, lo_open=False)]


# ---------------------------------------------------------------------------
# Scenario sections, in the order of the model (docs/model.md §§2-6)
# ---------------------------------------------------------------------------


class Years(Strict):
    start: int = Field(2025, ge=1900, le=3000, description="first forecast year")
    end: int = Field(2100, ge=1900, le=3000, description="last forecast year")

    @model_validator(mode="after")
    def _order(self):
        if self.end < self.start:
            raise ValueError(f"end year ({self.end}) is before start year ({self.start}); set end >= start")
        return self


class Conventions(Strict):
    """Readings the report leaves open that are not tied to one trend (docs/reproduction.md)."""

    trend_year_offset_years: float = Field(
        0.0,
        description="Which year a row's trend values belong to: P(TAI by t) uses FLOP/$, spending "
        "and algorithmic progress evaluated at t + offset. 0 reads the 2036 row as 2036 - 2025 = 11 "
        "years of growth, which reproduces p. 136's ~3e29 FLOP affordable in 2036 (p. 121: $1B x "
        "4e17 FLOP/$ = 4e26 FLOP in 2025, the first row); 1 reads each value as reached at the end "
        "of its year. Measured effect on cotra2020: docs/reproduction.md.",
    )
    source: str | None = None
    note: str | None = None


class FlopPerDollar(Strict):
    """Hardware price-performance (docs/model.md §5; report pp. 122-124)."""

    reference_year: int = 2025
    log10_flop_per_usd: AnyParam
    doubling_time_years: PositiveParam
    log10_ceiling_flop_per_usd: AnyParam
    note: str | None = None

    @model_validator(mode="after")
    def _ceiling(self):
        _check_ceiling(self.log10_flop_per_usd, self.log10_ceiling_flop_per_usd,
                       "log10_ceiling_flop_per_usd", "log10_flop_per_usd")
        return self


def _check_ceiling(start: Param, ceiling: Param, ceiling_name: str, start_name: str) -> None:
    # Compare whole supports: a sampled ceiling below a sampled start would
    # make the curve shrink; a silent clip would hide that.
    if ceiling.distribution().support[0] < start.distribution().support[1]:
        raise ValueError(
            f"{ceiling_name} ({ceiling.central:g}) must be >= {start_name} ({start.central:g}) "
            "for every value either can take; raise the ceiling"
        )


class Spending(Strict):
    """Willingness to spend on the largest training run (docs/model.md §5; report pp. 124-125, 133)."""

    reference_year: int = 2025
    log10_usd: AnyParam
    doubling_time_years: PositiveParam
    ceiling_gdp_share: ShareParam
    log10_gdp_usd: AnyParam
    gdp_reference_year: int = 2020
    gdp_growth_per_year: GrowthRateParam
    initial_year: int | None = Field(None, description="optional earlier anchor (e.g. 2020, AlphaStar)")
    initial_log10_usd: AnyParam | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _checks(self):
        if (self.initial_year is None) != (self.initial_log10_usd is None):
            raise ValueError("give both initial_year and initial_log10_usd, or neither")
        if self.initial_year is not None and self.initial_year >= self.reference_year:
            raise ValueError("initial_year must be before reference_year")
        lo_share = self.ceiling_gdp_share.distribution().support[0]
        # GDP in the reference year, at the lowest growth the scenario allows.
        years = self.reference_year - self.gdp_reference_year
        growth = self.gdp_growth_per_year.distribution().support
        lo_gdp = self.log10_gdp_usd.distribution().support[0] + years * np.log10(1 + growth[0 if years >= 0 else 1])
        lo_ceiling = np.log10(lo_share) + lo_gdp if lo_share > 0 else -np.inf
        if lo_ceiling < self.log10_usd.distribution().support[1] - 1e-12:
            raise ValueError(
                f"the spending ceiling (ceiling_gdp_share x GDP = 10^{lo_ceiling:.2f} USD) is below "
                f"the starting spend (10^{self.log10_usd.central:.2f} USD); raise ceiling_gdp_share or lower log10_usd"
            )
        return self


class RunLength(Strict):
    """Optional growth of training-run length (not in Cotra's model; docs/model.md §8)."""

    enabled: bool = False
    reference_year: int = 2025
    growth_per_year: GrowthMultiplierParam = Param(value=1.0)
    log10_ceiling_multiplier: NonNegativeParam = Param(value=0.0)
    source: str | None = None
    note: str | None = None


class AlgorithmicProgress(Strict):
    """Global controls over the per-hypothesis curves (docs/model.md §4; report pp. 126-128)."""

    start_year: int = Field(
        2020,
        description="The year each hypothesis's algorithmic progress starts counting (progress is 0 "
        "before it). The report reads both ways: 2025, because 'my spreadsheet generates forecasts "
        "starting from 2025' (p. 121) and its first row compares 2025 compute with the 2020 "
        "requirements; 2020, because 'by 2036 ... the various hypotheses would each require ~30 to "
        "~300 times less computation than they do in 2020' (p. 136) and the curves start at 1x in "
        "2020 (pp. 127-128). cotra2020 uses 2025 (her spreadsheet's median 2053; docs/reproduction.md), cotra2020-text "
        "uses 2020 (reproduces p. 135's ~23%).",
    )
    halving_time_scale: PositiveParam = Param(value=1.0)
    halving_time_years_all: PositiveParam | None = Field(
        None, description="if set, every hypothesis's halving time is this instead"
    )
    note: str | None = None


class Breakthrough(Strict):
    """p_none(t): probability that no hypothesis is right (docs/model.md §6; report p. 128, 132)."""

    start_year: int = 2025
    p_none_start: ProbabilityParam
    end_year: int = 2100
    p_none_end: ProbabilityParam
    interpolation: Literal["linear", "log_linear"] = Field(
        "linear",
        description="How p_none falls between its two anchor years. p. 128 gives only the ends ('In "
        "2025, I estimate this probability is 10%, and by 2100 I assume that it drops to ~3%'): "
        "'linear' in probability (default), or 'log_linear' (a constant yearly ratio). Either way "
        "the freed probability goes to the hypotheses in proportion to their weights ('I do not "
        "shift the relative share of probabilities across different hypotheses over time', p. 128), "
        "i.e. P(t) = (1 - p_none(t)) * sum_i w_i P_i(t) / sum_j w_j, and p_none is constant "
        "outside the anchor years.",
    )
    source: str | None = None

    @model_validator(mode="after")
    def _checks(self):
        if self.end_year <= self.start_year:
            raise ValueError("end_year must be after start_year")
        if self.p_none_end.central > self.p_none_start.central:
            raise ValueError("p_none_end must be <= p_none_start: breakthroughs only free probability")
        if self.p_none_start.central >= 1.0:
            raise ValueError("p_none_start must be < 1, or no hypothesis could ever hold")
        if self.interpolation == "log_linear" and min(self.p_none_start.distribution().support[0],
                                                      self.p_none_end.distribution().support[0]) <= 0:
            raise ValueError('interpolation = "log_linear" needs p_none_start and p_none_end > 0; '
                             'use "linear" or raise them')
        return self


class LowValueUpdate(Strict):
    """Likelihood 0 at or below ``zero_at``, rising linearly in log10 FLOP to 1 at ``one_at``."""

    enabled: bool = True
    zero_at_log10_flop: float = 23.0
    one_at_log10_flop: float = 27.0
    source: str | None = None

    @model_validator(mode="after")
    def _order(self):
        if self.one_at_log10_flop <= self.zero_at_log10_flop:
            raise ValueError("one_at_log10_flop must be greater than zero_at_log10_flop")
        return self


class Ingredients(Strict):
    """The biological quantities the constructed hypotheses are sampled from (docs/model.md §3)."""

    brain_log10_flop_per_s: AnyParam
    ml_adjustment_oom: AnyParam
    params_minus_flop_per_subj_s_oom: AnyParam
    scaling_exponent: AnyParam
    reference_log10_params: AnyParam
    reference_log10_samples: AnyParam
    samples_noise_oom: NonNegativeParam
    genome_log10_params: AnyParam
    genome_log10_horizon_s: AnyParam
    lifetime_log10_seconds: AnyParam
    lifetime_multiplier_oom: AnyParam
    evolution_log10_flop: AnyParam
    evolution_multiplier_oom: AnyParam


MAX_BUILD_SAMPLES = 4_000_000  # requirements.build_samples: 10x the default 400,000


class Requirements(Strict):
    # At most 10x the default (issue 23 item 9): the build is O(samples) in time and memory (~3 s and
    # ~80 bytes per 1,000 samples here), and 20,000,000 took 140 s and 1.2 GB for a CDF whose sampling
    # error (<= 0.5 / sqrt(n): 0.00025 at 4,000,000) is already far below any forecast's; docs/limits.md.
    build_samples: int = Field(400_000, ge=1_000, le=MAX_BUILD_SAMPLES)
    seed: int = Field(2020, ge=0, le=MAX_SEED)
    update: LowValueUpdate = LowValueUpdate()
    ingredients: Ingredients | None = None


RequirementModel = Literal["lifetime_anchor", "evolution_anchor", "genome_anchor", "neural_network"]


class Constructed(Strict):
    """A requirement built from the ingredients by a named sub-model."""

    model: RequirementModel
    log10_horizon_s_low: float | None = None
    log10_horizon_s_high: float | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _horizon(self):
        has = (self.log10_horizon_s_low is not None, self.log10_horizon_s_high is not None)
        if self.model == "neural_network":
            if not all(has):
                raise ValueError("model = \"neural_network\" needs log10_horizon_s_low and log10_horizon_s_high")
            if self.log10_horizon_s_high < self.log10_horizon_s_low:
                raise ValueError("log10_horizon_s_high must be >= log10_horizon_s_low")
        elif any(has):
            raise ValueError(f"model = \"{self.model}\" takes no horizon (only neural_network does)")
        return self


class Hypothesis(Strict):
    label: str | None = None
    weight: Annotated[NonNegativeParam, Sampled()]
    halving_time_years: Annotated[PositiveParam, Sampled()]
    cap_oom: Annotated[NonNegativeParam, Sampled()]
    requirement: Constructed | Param = Field(
        description="a constructed model ({model = ...}) or a distribution over log10 FLOP"
    )

    @field_validator("requirement", mode="before")
    @classmethod
    def _pick(cls, v):
        # Decide the branch explicitly so errors come from one model, not a union.
        if isinstance(v, dict) and "model" in v:
            return Constructed.model_validate(v)
        if isinstance(v, dict) and "dist" not in v and "value" not in v:
            raise ValueError("expected {model = \"...\"} or a distribution {dist = \"...\", ...} over log10 FLOP")
        return Param.model_validate(v)


class Correlation(Strict):
    """Rank correlation between two uncertain parameters (Gaussian copula)."""

    a: str
    b: str
    rank_correlation: float = Field(ge=-1.0, le=1.0)
    source: str | None = None


class Evidence(Strict):
    """Condition on "no TAI by vantage_year" (issue 14; docs/evidence.md).

    Reachable effective compute [log10 2020-FLOP] = largest run by
    vantage_year - lag_years + algorithmic multiplier since 2020. Each left out
    comes from the bundled Epoch data (largest run) or from
    algorithmic_halving_time_years (multiplier).
    """

    vantage_year: int | None = Field(None, description="default: the last full year in the bundled data")
    realised_log10_flop: float | None = Field(
        None, description="largest training run by vantage_year - lag_years [log10 FLOP]; default: bundled Epoch data")
    realised_log10_algorithmic_multiplier: float | None = Field(
        None, ge=0.0, le=10.0, description="algorithmic progress since 2020 [OOM]; default: from the halving time")
    algorithmic_halving_time_years: float = Field(
        0.667, gt=0.05, le=20.0, description="Ho et al. 2024: compute for fixed performance halves every ~8 months")
    algorithmic_progress: Literal["scenario", "measured"] = Field(
        "scenario", description="scenario: the likelihood credits each hypothesis the algorithmic progress the "
        "forecast itself has by vantage_year - lag_years (consistent, the default); measured: the realised "
        "multiplier (given, or from algorithmic_halving_time_years) while the forecast keeps the scenario's progress "
        "(docs/evidence.md)")
    lag_years: float = Field(1.0, ge=0.0, le=20.0, description="years between affordability and visible arrival")
    ramp_log10_flop: float = Field(1.0, ge=0.0, le=10.0, description="slack below the reachable compute [OOM]")
    p_none: Literal["kept", "set_aside"] = Field(
        "kept", description="kept: 'not yet' also happens when no hypothesis holds; set_aside: ignore p_none")
    rebase: bool = Field(False, description="shift the spending trend so affordable compute at vantage_year - "
                         "lag_years equals the realised largest run (docs/evidence.md)")
    source: str | None = None


class NoEventBy(Strict):
    """Condition any model's forecast on "no event by the end of vantage_year" (issue 20 item 4).

    ``per_set`` (the default of closed-form models): each parameter set's curve is updated exactly,
    (P(t) - P(V)) / (1 - P(V)) for t > V and 0 before, and the updated curves are averaged;
    ``marginal`` (the default of simulation models): the same update on the averaged curve (Bayes
    on the mixture: parameter sets that put mass before V lose weight). A simulation's per-set
    curve is a step, so ``per_set`` would count a draw whose event is already past as arriving in V + 1.
    """

    vantage_year: int = Field(ge=1900, le=2300, description="the last year with no event [calendar year]")
    reading: Literal["per_set", "marginal"] | None = Field(
        None, description="per_set | marginal (docstring); default: the model's (per_set for closed forms, marginal "
        "for simulation models, whose per-set curves are steps)")
    source: str | None = None


def iter_params(model: BaseModel, prefix: str = "") -> typing.Iterator[tuple[str, Param]]:
    """(dotted path, Param) for every Param in a config, depth first in field order; tables of
    Params (dicts) and lists are walked too ("parts.0.weight"). ``years`` and ``published`` hold none."""
    for key in type(model).model_fields:
        yield from _params_in(getattr(model, key), f"{prefix}{key}")


def _params_in(value: Any, path: str) -> typing.Iterator[tuple[str, Param]]:
    if isinstance(value, Param):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from iter_params(value, f"{path}.")
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _params_in(v, f"{path}.{k}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _params_in(v, f"{path}.{i}")


CONFIG_SCHEMAS: dict[str, type[ModelConfig]] = {}  # model name -> its config schema, filled by subclassing


class ModelConfig(Strict):
    """The fields every scenario has, whatever its model (docs/models.md).

    A model's config schema subclasses this, fixes ``model`` to its name (the field's
    default) and adds its own sections; the scenario file's top-level ``model`` key says which
    schema validates it. Subclasses are listed in :data:`CONFIG_SCHEMAS` by that name.
    """

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        CONFIG_SCHEMAS[cls.model_fields["model"].default] = cls

    name: str
    description: str = ""
    model: str = Field("cotra2020", description="the registered model the scenario is for (bioanchors models)")
    extends: str | None = None
    supply: str | None = Field(
        None, description="a scenario (built-in name or .toml path) whose compute supply ([flop_per_dollar], "
        "[spending], [run_length]) this one uses; this file's own values in those sections win (docs/scenarios.md)")
    years: Years = Years()
    published: dict[str, Any] = Field(default_factory=dict, description="numbers the source publication reports, for comparison")
    correlations: list[Correlation] = Field(
        default_factory=list, max_length=MAX_CORRELATIONS,
        description="rank correlations between uncertain parameters (Gaussian copula), any model")
    evidence: NoEventBy | None = Field(
        None, description="condition on no event by the end of vantage_year (docs/evidence.md)")
    data_vintage: str | None = Field(
        None, description="the data vintage this scenario's numbers were set from: 'bundled' or a pulled vintage id "
        "(bioanchors data list); recorded in the --out manifest (docs/data.md)")

    @field_validator("data_vintage")
    @classmethod
    def _known_vintage(cls, name: str | None):
        if name is not None:
            from .errors import DataError
            from .vintages import check_vintage

            try:
                check_vintage(name)
            except DataError as exc:
                raise ValueError(str(exc)) from None
        return name

    @field_validator("published")
    @classmethod
    def _published_numbers(cls, published: dict[str, Any]):
        # Free-form, but its numbers reach JSON output and the dashboard: finite and bounded like the rest.
        stack = list(published.items())
        while stack:
            key, val = stack.pop()
            if isinstance(val, dict):
                stack.extend((f"{key}.{k}", v) for k, v in val.items())
            elif isinstance(val, list):
                stack.extend((f"{key}.{i}", v) for i, v in enumerate(val))
            elif isinstance(val, (int, float)) and not isinstance(val, bool):
                try:
                    _check_raw_scalar(val, "float")
                    _check_number(float(val), "published")
                except ValueError as exc:
                    raise ValueError(f"'{key}': {exc}") from None
        return published


class ScenarioSpec(ModelConfig):
    """A scenario of Cotra's model (``model = "cotra2020"``, the default)."""

    model: Literal["cotra2020"] = Field("cotra2020", description="the registered model the scenario is for")
    conventions: Conventions = Conventions()
    # Sampled per draw, in this order (the seeded design's columns; see Sampled): the compute
    # supply, algorithmic progress, p_none, then each hypothesis's weight, halving time and cap.
    flop_per_dollar: Annotated[FlopPerDollar, Sampled(supply=True)]
    spending: Annotated[Spending, Sampled(supply=True)]
    run_length: Annotated[RunLength, Sampled(supply=True)] = RunLength()
    algorithmic_progress: Annotated[AlgorithmicProgress, Sampled()] = AlgorithmicProgress()
    breakthrough: Annotated[Breakthrough, Sampled()]
    requirements: Requirements = Requirements()  # shapes the hypotheses, built once: not resampled
    hypotheses: Annotated[dict[str, Hypothesis], Sampled()]
    evidence: Evidence | None = None  # type: ignore[assignment]  # Cotra's richer "not yet" (docs/evidence.md)

    @field_validator("hypotheses")
    @classmethod
    def _weights(cls, hyps: dict[str, Hypothesis]):
        if not hyps:
            raise ValueError("at least one hypothesis is needed")
        if len(hyps) > MAX_HYPOTHESES:
            raise ValueError(f"{len(hyps)} hypotheses; at most {MAX_HYPOTHESES} are allowed")
        if sum(h.weight.central for h in hyps.values()) <= 0:
            raise ValueError("hypothesis weights must sum to a positive number")
        return hyps

    @model_validator(mode="after")
    def _cross_checks(self):
        needs_ingredients = [k for k, h in self.hypotheses.items() if isinstance(h.requirement, Constructed)]
        if needs_ingredients and self.requirements.ingredients is None:
            raise ValueError(
                f"hypotheses {needs_ingredients} are built from ingredients, but [requirements.ingredients] is missing"
            )
        return self
