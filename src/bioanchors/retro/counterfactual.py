"""Counterfactual re-runs: Cotra's forecast with one input replaced by its measured value.

A parameter set gives yearly multipliers (spend, FLOP/$, run length,
algorithmic progress). Each becomes a scenario override, in the units the
engine uses (docs/model.md §§4-5), keeping Cotra's 2025 levels, ceilings and caps:
the retrospective compares growth rates, so only rates are replaced.

Spend and run length: Cotra's spend is the dollars of the whole run. Measured
spend that already includes longer runs (amortised cost: ``run_length_in_spend``)
is split into a spend *rate* (cost / run length) and run length, which the
engine multiplies back together; so "all together" grows compute at
cost x FLOP/$, and neither factor is counted twice.

Algorithmic progress: ``cotra2020`` counts progress from 2025 (the spreadsheet reading,
``algorithmic_progress.start_year``, docs/reproduction.md), so a re-run with the measured
halving time alone ignores the progress measured over 2020-2025. The row
("algorithmic", "progress_from_2020") also counts it from 2020, when it was measured; both
rows are shown, so the convention's effect is visible rather than chosen silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DataError
from ..forecast import forecast
from ..scenario import Scenario, load_scenario
from ..schema import ScenarioSpec
from ..units import multiplier_to_doubling_years

FACTORS = ("spend", "flop_per_dollar", "run_length", "algorithmic")
REPORT_YEARS = (2030, 2036, 2040, 2050)
# Runs much longer than ~1 year rarely pay off (Epoch AI, "The longest training run", 2022);
# 2025 frontier runs take ~90 days, so run length can grow ~4x: 0.6 OOM.
RUN_LENGTH_CAP_OOM = 0.6
# "Caps lifted": a cap far above anything reachable by 2100 at the measured rates.
LIFTED_CAP_OOM = 15.0
# The retrospective's measurements start in 2020, the report's year (Cotra 2020, p. 121).
MEASURED_FROM = 2020


@dataclass(frozen=True)
class Rerun:
    replaced: tuple[str, ...]
    median_year: int | None
    p_by_year: dict[str, float]
    overrides: dict

    def to_dict(self) -> dict:
        return {"replaced": list(self.replaced), "median_year": self.median_year, "p_by_year": self.p_by_year}


def rates(pset) -> dict[str, float]:
    """The set's multipliers [x/yr] as the engine sees them (spend split from run length)."""
    run = pset.run_length.multiplier
    spend = pset.spend.multiplier / run if pset.run_length_in_spend else pset.spend.multiplier
    return {"spend": spend, "flop_per_dollar": pset.flop_per_dollar.multiplier, "run_length": run,
            "algorithmic": pset.algorithmic.multiplier}


def scenario_overrides(pset, factor: str, lift_caps: bool = False, base: Scenario | None = None,
                       progress_from: int | None = None) -> dict:
    """Overrides that put ``factor`` of parameter set ``pset`` into a Cotra scenario; for
    algorithmic progress, ``progress_from`` [calendar year] also moves the year it starts counting."""
    r = rates(pset)[factor]
    if factor in ("spend", "flop_per_dollar", "algorithmic") and not r > 1.0:
        # a doubling or halving time exists only for growth above 1x/yr
        raise DataError(f"parameter set '{pset.name}': {factor} grows {r:.3g}x/yr; a re-run needs growth above "
                        "1x/yr. Widen --since or pass more data.")
    if factor == "spend":
        return {"spending.doubling_time_years": float(multiplier_to_doubling_years(r))}
    if factor == "flop_per_dollar":
        return {"flop_per_dollar.doubling_time_years": float(multiplier_to_doubling_years(r))}
    if factor == "run_length":
        if r <= 1.0:
            return {}
        return {"run_length.enabled": True, "run_length.growth_per_year": float(r),
                "run_length.log10_ceiling_multiplier": RUN_LENGTH_CAP_OOM}
    if factor == "algorithmic":
        out = {"algorithmic_progress.halving_time_years_all": float(multiplier_to_doubling_years(r))}
        if progress_from is not None:
            out["algorithmic_progress.start_year"] = int(progress_from)
        if lift_caps:
            names = (base or load_scenario("cotra2020")).config(ScenarioSpec).hypotheses
            out.update({f"hypotheses.{n}.cap_oom": LIFTED_CAP_OOM for n in names})
        return out
    raise ValueError(f"unknown factor {factor!r}; one of {FACTORS}")


def _run(base: Scenario, replaced: tuple[str, ...], overrides: dict) -> Rerun:
    res = forecast(base.replace(overrides) if overrides else base, method="exact")
    return Rerun(replaced, res.median_year, {str(y): float(res.p_at(y)) for y in REPORT_YEARS}, overrides)


def counterfactual_reruns(pset, base: Scenario | str = "cotra2020") -> list[Rerun]:
    """Baseline, each factor alone, all together; measured algorithmic progress counted from 2020
    (``"progress_from_2020"``); then algorithmic progress alone and all together with Cotra's caps
    lifted (rows whose ``replaced`` includes ``"algorithmic_caps"``)."""
    sc = load_scenario(base)
    rows = [_run(sc, (), {})]
    for f in FACTORS:
        rows.append(_run(sc, (f,), scenario_overrides(pset, f, base=sc)))
    everything = {}
    for f in FACTORS:
        everything.update(scenario_overrides(pset, f, base=sc))
    rows.append(_run(sc, FACTORS, everything))
    rows.append(_run(sc, ("algorithmic", "progress_from_2020"),
                     scenario_overrides(pset, "algorithmic", base=sc, progress_from=MEASURED_FROM)))
    rows.append(_run(sc, ("algorithmic", "algorithmic_caps"), scenario_overrides(pset, "algorithmic", True, sc)))
    everything.update(scenario_overrides(pset, "algorithmic", True, sc))
    rows.append(_run(sc, (*FACTORS, "algorithmic_caps"), everything))
    return rows


def median_shift(rows: list[Rerun], horizon: int = 2100) -> dict[tuple[str, ...], float]:
    """Years each re-run moved the median earlier than the baseline (not reached = horizon + 1)."""
    def year(r):
        return r.median_year if r.median_year is not None else horizon + 1

    base = year(rows[0])
    return {r.replaced: float(base - year(r)) for r in rows[1:]}


def most_influential_single(rows: list[Rerun]) -> str:
    """The factor whose re-run alone moved the median most (ties: the larger rise in P(by 2036))."""
    shifts = median_shift(rows)
    base_2036 = rows[0].p_by_year["2036"]
    singles = [r for r in rows[1:] if len(r.replaced) == 1]
    best = max(singles, key=lambda r: (shifts[r.replaced], r.p_by_year["2036"] - base_2036))
    return best.replaced[0]
