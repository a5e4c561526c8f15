"""Effective-compute accounting: which yearly multipliers make up compute growth.

For the largest training run::

    real compute      = spend x FLOP per dollar [x run length]
    effective compute = real compute x algorithmic progress

all as yearly multipliers [x/yr]. Whether run length is a separate factor
depends on the *spend measure*: a rented or amortised cost already scales
with how long the hardware is used (a run twice as long costs twice as much),
so multiplying by run length again would count it twice; an up-front hardware
purchase price does not, so run length must be multiplied in. Each
:class:`ParameterSet` says which measure it uses (``run_length_in_spend``).

The product is checked against the directly measured growth of frontier
training compute where one is available, and the mismatch is reported
(:attr:`Accounting.mismatch_per_year`).

Parameter sets: ``cotra2020``, ``davidson2023``, ``epoch`` are read from the
bundled ``data/parameter_sets.toml`` (every number with a source);
``measured`` is fitted at run time from the data in use by
:func:`measured_parameter_set`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import units
from ..errors import DataError
from ..schema import ScenarioSpec
from .inputs import display_path

FACTORS = ("spend", "flop_per_dollar", "run_length", "algorithmic")
PUBLISHED_SETS = ("cotra2020", "davidson2023", "epoch")
ALL_SETS = (*PUBLISHED_SETS, "measured")
_QUOTES = ("multiplier", "doubling_years", "halving_years", "halving_months", "oom_per_year")

#: Cotra's numbers are read from the built-in scenario, not retyped here.
COTRA_SCENARIO = "cotra2020"


def _param_value(param, where: str) -> float:
    v = getattr(param, "value", None)
    if v is None:
        raise DataError(f"{where}: not a single value in the {COTRA_SCENARIO} scenario; a parameter set needs one.")
    return float(v)


def cotra_hypothesis_rates(scenario: str = COTRA_SCENARIO) -> tuple[dict[str, float], dict[str, float]]:
    """(weights, initial halving times [years]) per hypothesis of the scenario (report pp. 127-128, 131).

    "None of them" (p_none) carries no algorithmic rate and is left out.
    """
    from ..scenario import load_scenario

    hyps = load_scenario(scenario).config(ScenarioSpec).hypotheses
    w = {k: _param_value(h.weight, f"{scenario}: hypotheses.{k}.weight") for k, h in hyps.items()}
    hl = {k: _param_value(h.halving_time_years, f"{scenario}: hypotheses.{k}.halving_time_years")
          for k, h in hyps.items()}
    return w, hl


def scenario_value(path: str, scenario: str = COTRA_SCENARIO) -> tuple[float, float | None, float | None, str]:
    """(value, low, high, source) of a dotted scenario field, for parameter sets.

    ``hypotheses.*.<field>``: the midpoint of the field's range over the
    hypotheses (low/high = the two ends), e.g. Cotra's 2-3.5 year halving times.
    """
    from ..scenario import load_scenario

    spec = load_scenario(scenario).config(ScenarioSpec)
    head, _, rest = path.partition(".")
    if head == "hypotheses" and rest.startswith("*."):
        field_name = rest[2:]
        vals = [_param_value(getattr(h, field_name), f"{scenario}: hypotheses.{k}.{field_name}")
                for k, h in spec.hypotheses.items()]
        return (min(vals) + max(vals)) / 2, max(vals), min(vals), f"{scenario} scenario, hypotheses.*.{field_name}"
    obj: Any = spec
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            raise DataError(f"parameter set field from_scenario = '{path}': no such field in {scenario}.")
    return _param_value(obj, f"{scenario}: {path}"), None, None, f"{scenario} scenario, {path}: {obj.source or ''}"


# ---------------------------------------------------------------- plain functions

def real_compute_multiplier(spend, flop_per_dollar, run_length=1.0, run_length_in_spend=True):
    """Yearly growth of real training compute [x/yr] from its factors [x/yr] (vectorised)."""
    rl = np.where(np.asarray(run_length_in_spend, dtype=bool), 1.0, np.asarray(run_length, dtype=float))
    return np.asarray(spend, dtype=float) * np.asarray(flop_per_dollar, dtype=float) * rl


def effective_compute_multiplier(spend, flop_per_dollar, algorithmic, run_length=1.0, run_length_in_spend=True):
    """Yearly growth of effective compute [x/yr] = real compute x algorithmic progress."""
    return real_compute_multiplier(spend, flop_per_dollar, run_length, run_length_in_spend) * np.asarray(
        algorithmic, dtype=float)


def cotra_weighted_algorithmic_multiplier(weights=None, halving_years=None) -> float:
    """Cotra's per-hypothesis initial algorithmic rates averaged in log space [x/yr].

    Weights are renormalised over the six anchors. Best guess: ~1.35x/yr.
    """
    if weights is None or halving_years is None:
        w0, h0 = cotra_hypothesis_rates()
    w = weights or w0
    h = halving_years or h0
    total = sum(w.values())
    oom = sum(w[k] * float(units.doubling_years_to_oom_per_year(h[k])) for k in w) / total
    return float(units.oom_per_year_to_multiplier(oom))


def _to_multiplier(quote: str, value: float) -> float:
    if quote == "multiplier":
        return float(value)
    if quote in ("doubling_years", "halving_years"):
        return float(units.doubling_years_to_multiplier(value))
    if quote == "halving_months":
        return float(units.halving_months_to_multiplier(value))
    return float(units.oom_per_year_to_multiplier(value))


# ---------------------------------------------------------------- data classes

@dataclass(frozen=True)
class Factor:
    """One yearly multiplier with its range and citation."""

    multiplier: float  # [x/yr]
    source: str
    low: float | None = None  # [x/yr]
    high: float | None = None  # [x/yr]
    note: str = ""
    quoted_as: str = ""  # how the source states it, e.g. "doubling_years = 2.5"

    @property
    def oom_per_year(self) -> float:
        return float(units.multiplier_to_oom_per_year(self.multiplier))

    @property
    def doubling_time_years(self) -> float:
        """[years]; infinite for a multiplier of 1."""
        if self.multiplier == 1.0:
            return float("inf")
        return float(units.multiplier_to_doubling_years(self.multiplier))

    def to_dict(self) -> dict:
        return {"growth_per_year": self.multiplier, "range": [self.low, self.high] if self.low else None,
                "oom_per_year": self.oom_per_year,
                "doubling_time_years": None if self.multiplier == 1.0 else self.doubling_time_years,
                "source": self.source, "note": self.note, "quoted_as": self.quoted_as}

    @classmethod
    def from_toml(cls, table: dict, where: str) -> Factor:
        if "from_scenario" in table:
            return cls._from_scenario(table, where)
        quotes = [q for q in _QUOTES if q in table]
        if len(quotes) != 1:
            raise DataError(f"{where}: give exactly one of {', '.join(_QUOTES)} (found {quotes or 'none'}).")
        if not str(table.get("source", "")).strip():
            raise DataError(f"{where}: every number needs a 'source'.")
        q = quotes[0]
        value = table[q]
        if not isinstance(value, (int, float)) or value <= 0:
            raise DataError(f"{where}.{q} = {value!r}: must be a positive number.")
        low = high = None
        if "low" in table and "high" in table:
            a, b = _to_multiplier(q, table["low"]), _to_multiplier(q, table["high"])
            low, high = min(a, b), max(a, b)
        return cls(_to_multiplier(q, value), table["source"], low, high, table.get("note", ""), f"{q} = {value}")


    @classmethod
    def _from_scenario(cls, table: dict, where: str) -> Factor:
        """A factor whose number is a field of the cotra2020 scenario, quoted as ``quote`` (e.g. doubling_years)."""
        q = table.get("quote")
        if q not in _QUOTES:
            raise DataError(f"{where}: from_scenario needs quote = one of {', '.join(_QUOTES)}.")
        if not str(table.get("source", "")).strip():
            raise DataError(f"{where}: every number needs a 'source'.")
        value, low, high, origin = scenario_value(table["from_scenario"])
        if low is not None:
            assert high is not None  # narrowing: scenario_value gives both ends or neither
            a, b = _to_multiplier(q, low), _to_multiplier(q, high)
            low, high = min(a, b), max(a, b)
        return cls(_to_multiplier(q, value), f"{table['source']} (read from the {origin})", low, high,
                   table.get("note", ""), f"{q} = {value:g}")


@dataclass(frozen=True)
class ParameterSet:
    """Yearly multipliers for spend, FLOP/$, run length and algorithmic progress, with sources."""

    name: str
    description: str
    spend: Factor
    flop_per_dollar: Factor
    run_length: Factor
    algorithmic: Factor
    spend_measure: str
    run_length_in_spend: bool
    direct_compute: Factor | None = None
    uncertain: bool = False
    notes: tuple[str, ...] = ()
    window: str = ""  # the years the multipliers describe, e.g. "after 2025" or "fit 2018-2026" (issue 23 item 1)

    @property
    def real_compute_per_year(self) -> float:
        """[x/yr]"""
        return float(real_compute_multiplier(self.spend.multiplier, self.flop_per_dollar.multiplier,
                                             self.run_length.multiplier, self.run_length_in_spend))

    @property
    def effective_compute_per_year(self) -> float:
        """[x/yr]"""
        return self.real_compute_per_year * self.algorithmic.multiplier

    def doubling_times(self) -> dict[str, float]:
        """The set in the units the forecast engine's scenarios use (docs/model.md §§4-5).

        ``spend_doubling_years``, ``flop_per_dollar_doubling_years``,
        ``algorithmic_halving_years`` [years]; ``run_length_growth_per_year``
        [x/yr] (1.0 = constant). For counterfactual re-runs (``retro``).
        """
        return {
            "spend_doubling_years": self.spend.doubling_time_years,
            "flop_per_dollar_doubling_years": self.flop_per_dollar.doubling_time_years,
            "algorithmic_halving_years": self.algorithmic.doubling_time_years,
            "run_length_growth_per_year": self.run_length.multiplier,
        }

    def with_factor(self, **factors: Factor) -> ParameterSet:
        """A copy with some factors replaced (e.g. ``algorithmic=Factor(3.0, 'my estimate')``)."""
        return replace(self, **factors)  # type: ignore[arg-type]  # mypy matches the **dict against every field


@dataclass
class Accounting:
    """The accounting of one parameter set: factors, products and the check."""

    params: ParameterSet
    real_compute_per_year: float
    effective_compute_per_year: float
    direct_compute_per_year: float | None
    mismatch_per_year: float | None  # direct / product [x/yr]; > 1: measured compute grew faster
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        p = self.params
        return {
            "name": p.name, "description": p.description, "window": p.window, "uncertain": p.uncertain,
            "spend_measure": p.spend_measure, "run_length_in_spend": p.run_length_in_spend,
            "factors": {k: getattr(p, k).to_dict() for k in FACTORS},
            "real_compute_per_year": self.real_compute_per_year,
            "effective_compute_per_year": self.effective_compute_per_year,
            "effective_compute_oom_per_year": float(np.log10(self.effective_compute_per_year)),
            "direct_compute": p.direct_compute.to_dict() if p.direct_compute else None,
            "mismatch_per_year": self.mismatch_per_year,
            "mismatch_oom_per_year": None if self.mismatch_per_year is None else float(np.log10(self.mismatch_per_year)),
            "notes": list(self.notes),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per factor and product: x/yr, OOM/yr, source."""
        p = self.params
        rows = [{"factor": k, "growth_per_year": getattr(p, k).multiplier, "oom_per_year": getattr(p, k).oom_per_year,
                 "source": getattr(p, k).source} for k in FACTORS]
        rows.append({"factor": "real_compute", "growth_per_year": self.real_compute_per_year,
                     "oom_per_year": float(np.log10(self.real_compute_per_year)),
                     "source": "spend x FLOP/$" + ("" if p.run_length_in_spend else " x run length")})
        rows.append({"factor": "effective_compute", "growth_per_year": self.effective_compute_per_year,
                     "oom_per_year": float(np.log10(self.effective_compute_per_year)),
                     "source": "real compute x algorithmic"})
        if p.direct_compute:
            rows.append({"factor": "direct_compute (check)", "growth_per_year": p.direct_compute.multiplier,
                         "oom_per_year": p.direct_compute.oom_per_year, "source": p.direct_compute.source})
        return pd.DataFrame(rows).set_index("factor")

    def plot(self, ax=None):
        """Stacked bar of OOM/yr per factor; returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(5, 4))
        p = self.params
        bottom = 0.0
        for i, k in enumerate(FACTORS):
            v = getattr(p, k).oom_per_year
            if k == "run_length" and p.run_length_in_spend:
                continue
            ax.bar(0, v, bottom=bottom, color=f"C{i}", label=f"{k} {getattr(p, k).multiplier:.2f}x")
            bottom += v
        if p.direct_compute:
            ax.bar(1, p.direct_compute.oom_per_year, color="grey", label="measured compute")
        ax.set_xticks([0, 1] if p.direct_compute else [0], ["effective", "direct"][: 2 if p.direct_compute else 1])
        ax.set_ylabel("growth [OOM/yr]")
        ax.set_title(f"{p.name}: {self.effective_compute_per_year:.1f}x/yr effective")
        ax.legend(fontsize=8)
        return ax


def account(params: ParameterSet) -> Accounting:
    """Multiply the factors out and compare real compute with direct measurement."""
    notes = []
    direct = params.direct_compute.multiplier if params.direct_compute else None
    mismatch = None
    if direct is not None:
        mismatch = direct / params.real_compute_per_year
        notes.append(
            f"measured compute grows {direct:.2f}x/yr vs {params.real_compute_per_year:.2f}x/yr from the factors: "
            f"ratio {mismatch:.2f}x/yr ({np.log10(mismatch):+.2f} OOM/yr)"
        )
    if params.run_length_in_spend and params.run_length.multiplier != 1.0:
        notes.append(
            f"run length ({params.run_length.multiplier:.2f}x/yr) is inside the spend measure, so it is not "
            "multiplied in again"
        )
    return Accounting(params, params.real_compute_per_year, params.effective_compute_per_year, direct, mismatch,
                      notes)


# ---------------------------------------------------------------- loading sets

def _parameter_sets_path() -> Path:
    return Path(str(resources.files("bioanchors") / "data" / "parameter_sets.toml"))


def load_parameter_sets(path: str | Path | None = None) -> dict[str, ParameterSet]:
    """The published sets (``cotra2020``, ``davidson2023``, ``epoch``) from TOML."""
    path = Path(path) if path else _parameter_sets_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{display_path(path)}: cannot read parameter sets ({exc}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{display_path(path)}: not valid TOML ({exc}).") from None
    sets = {}
    for name, table in raw.items():
        missing = [k for k in (*FACTORS, "description", "spend_measure", "run_length_in_spend") if k not in table]
        if missing:
            raise DataError(f"{display_path(path)}: [{name}] lacks {', '.join(missing)}.")
        fac: dict[str, Any] = {k: Factor.from_toml(table[k], f"{display_path(path)}: [{name}.{k}]") for k in FACTORS}
        direct = Factor.from_toml(table["direct_compute"], f"{display_path(path)}: [{name}.direct_compute]") \
            if "direct_compute" in table else None
        sets[name] = ParameterSet(name, table["description"], **fac, spend_measure=table["spend_measure"],
                                  run_length_in_spend=bool(table["run_length_in_spend"]), direct_compute=direct,
                                  uncertain=bool(table.get("uncertain", False)), window=str(table.get("window", "")))
    return sets


def _fit_factor(fit, what: str) -> Factor:
    return Factor(fit.growth_per_year, f"fitted: {what}, n={fit.n}, {fit.since or 'start'}-{fit.until or 'end'}, "
                  f"90% bootstrap CI", fit.ci90[0], fit.ci90[1], fit.note)


def measured_parameter_set(trends, *, algorithmic_progress_per_year: float | None = None,
                           algorithmic_source: str | None = None) -> ParameterSet:
    """The ``measured`` set from a :class:`~bioanchors.trends.fitting.TrendReport`.

    Spend, FLOP/$, run length and the direct compute check are the fitted
    trends. Algorithmic progress cannot be fitted from these datasets: it is
    ``algorithmic_progress_per_year`` [x/yr] when given (with
    ``algorithmic_source``), otherwise Epoch's published value, and labelled so.
    """
    from .fitting import COST_MEASURES

    if algorithmic_progress_per_year is not None:
        if not np.isfinite(algorithmic_progress_per_year) or algorithmic_progress_per_year <= 0:
            raise DataError(f"algorithmic_progress_per_year = {algorithmic_progress_per_year}: must be a positive "
                            "yearly multiplier [x/yr], e.g. 3.0.")
        algo = Factor(float(algorithmic_progress_per_year), algorithmic_source or "given by the caller",
                      note="not fitted: supplied by the caller")
    else:
        epoch = load_parameter_sets()["epoch"].algorithmic
        algo = replace(epoch, note="NOT FITTED: these datasets cannot measure algorithmic progress; "
                                   "Epoch's published value is used. " + epoch.note)
    measure = trends.cost_measure
    s = trends.settings
    desc = (f"fitted from {', '.join(trends.data['models'])} and {', '.join(trends.data['hardware'])}; "
            f"frontier={s.frontier}, precision={s.precision}, window {s.since or 'start'}-{s.until or 'end'}")
    return ParameterSet(
        "measured", desc,
        spend=_fit_factor(trends["training_cost"], f"training cost of frontier runs ({measure})"),
        flop_per_dollar=_fit_factor(trends["flop_per_dollar"], f"accelerator FLOP/s per release dollar ({s.precision})"),
        run_length=_fit_factor(trends["training_duration"], "training time of frontier runs"),
        algorithmic=algo,
        spend_measure=COST_MEASURES[measure]["label"],
        run_length_in_spend=COST_MEASURES[measure]["includes_run_length"],
        direct_compute=_fit_factor(trends["training_compute"], "training compute of frontier runs"),
        notes=tuple(trends.notes),
        window=fit_window(trends["training_cost"]),
    )


def fit_window(fit) -> str:
    """"YYYY-YY": the calendar years of the data a fit used (first and last point)."""
    years = np.asarray(fit.year, dtype=float)
    return f"{int(np.floor(years.min()))}-{int(np.floor(years.max())) % 100:02d}"


#: Cotra's near-term ramp: the years over which her spending goes from ~$1M (AlphaStar, 2020) to $1B (2025).
RAMP_YEARS = (2020, 2025)


def cotra_ramp_parameter_set(scenario: str = COTRA_SCENARIO, years: tuple[int, int] = RAMP_YEARS) -> ParameterSet:
    """Cotra's near-term ramp as yearly multipliers: her scenario's curves between ``years`` [calendar years].

    The ``cotra2020`` set holds her long-run rates (spend doubling every 2 years and
    FLOP/$ every 2.5 years after 2025, pp. 122-125); before 2025 her spending ramps
    from ~$1M in 2020 to $1B in 2025 (p. 136; pp. 124, 133), ~4x/yr. Both are hers, so
    the retrospective shows both, named (issue 23 item 1). Read from the scenario's own
    trajectories (levels at the two years), not retyped. Algorithmic progress and run
    length are as in the long-run set (her progress curves start at their halving rates).
    """
    from ..evaluation.parameters import point_parameters
    from ..evaluation.trajectories import trajectories
    from ..scenario import load_scenario

    spec = load_scenario(scenario).config(ScenarioSpec)
    a, b = years
    tr = trajectories(spec, point_parameters(spec), np.array([a, b], dtype=float))
    span = float(b - a)

    def growth(log10_levels) -> float:  # [x/yr] between the two years
        return float(10 ** ((log10_levels[0][1] - log10_levels[0][0]) / span))

    where = f"the {scenario} scenario's trajectory, {a} -> {b}"
    long_run = load_parameter_sets()[COTRA_SCENARIO]
    return ParameterSet(
        f"{COTRA_SCENARIO}-ramp", f"Cotra (2020) best guess, near-term ramp {a}-{b}: spend ~$1M -> $1B",
        spend=Factor(growth(tr.log10_spend_usd), f"Cotra 2020 p. 136 (~$1M in 2020) and pp. 124, 133 ($1B in 2025); "
                     f"{where}", quoted_as=f"log10 USD {tr.log10_spend_usd[0][0]:.2f} -> {tr.log10_spend_usd[0][1]:.2f}"),
        flop_per_dollar=Factor(growth(tr.log10_flop_per_usd), f"Cotra 2020 pp. 122-124; {where}"),
        run_length=long_run.run_length, algorithmic=long_run.algorithmic,
        spend_measure=long_run.spend_measure, run_length_in_spend=long_run.run_length_in_spend,
        window=f"{a}-{b % 100:02d}")


def get_parameter_set(name: str, *, trends=None, data=None, algorithmic_progress_per_year: float | None = None,
                      algorithmic_source: str | None = None, **fit_kwargs) -> ParameterSet:
    """One parameter set by name.

    For ``measured``: uses ``trends`` if given, else fits ``data`` (a
    :class:`~bioanchors.trends.epoch_loaders.TrendData`, bundled tables when
    None) with ``fit_kwargs`` (``since`` defaults to
    :data:`~bioanchors.trends.fitting.DEFAULT_SINCE`).
    """
    if name == "measured":
        if trends is None:
            from .epoch_loaders import load_data
            from .fitting import DEFAULT_SINCE, fit_trends

            fit_kwargs.setdefault("since", DEFAULT_SINCE)
            trends = fit_trends(data if data is not None else load_data(), **fit_kwargs)
        return measured_parameter_set(trends, algorithmic_progress_per_year=algorithmic_progress_per_year,
                                      algorithmic_source=algorithmic_source)
    sets = load_parameter_sets()
    if name not in sets:
        raise DataError(f"parameter set '{name}': unknown; use one of {', '.join(ALL_SETS)}.")
    return sets[name]
