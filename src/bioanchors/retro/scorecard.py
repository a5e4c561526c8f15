"""Model versus reality: each model's dated projections scored against a data vintage (issue 25).

**Dated projections.** A model declares what it projects, year by year, in one of two ways. A
trajectory model (``models.trajectory``, the takeoff models) sets ``scorecard_series = {"<its
series name>": "<quantity>"}`` (series in log10 of the quantity's unit) and the scorecard reads
its ``curves``; any model can instead register a function (:func:`register_projections`, keyed
by the registered model's name)::

    fn(scenario, years, draws, rng) -> list[DatedProjection]

Each :class:`DatedProjection` is one quantity of :data:`QUANTITIES` [log10 of its unit] at
calendar ``years``: the central path (the scenario's central parameters) and, when the scenario
has uncertain inputs, the 5th and 95th percentiles over ``draws`` parameter sets drawn with
``rng``. Built in: ``cotra2020`` (every Cotra-model scenario, e.g. ``cotra2020`` and
``measured-2025``: largest run, its spend, FLOP/$), ``direct-approach`` (largest run = spend x
FLOP/$, spend, FLOP/$) and ``metr-horizon`` (the 50% horizon). A takeoff model adds its own
(e.g. the compute stock) with one ``register_projections`` call; nothing here changes.

**Reality**, from the vintage (:func:`realised`), per complete calendar year (years before
the year of the table's latest date):

* ``largest_run_flop`` / ``largest_run_cost_usd``: the largest training compute / cost
  (the first cost column present: 2023 USD, cloud, upfront) among models published that year
  in the vintage's models table;
* ``flop_per_usd``: the best FLOP/s per release-price dollar among accelerators released up
  to that year (precision ``best``). Compared by growth only from the first scored year,
  as the retrospective compares Cotra's FLOP/$ (:mod:`.series`, :mod:`.hindcast`): models'
  FLOP/$ are realised per dollar of a run, the data peak per hardware dollar;
* ``compute_stock_h100e``: the chip-sales stock at the year end (when the vintage has it);
* ``metr_horizon_minutes``: the longest 50% horizon among models released that year; the
  projection is read at the end of the year (``y + 1``), the metr-horizon model's own
  convention for "by the end of year y".

**Scores**, as the retrospective's hindcast: error = projection - realised [OOM] (positive:
projected too high), and whether the realised value fell inside the projection's 5-95% band.
Only years from the one the projection was made in (:data:`MADE_IN`) on are scored: earlier
years were data, not forecasts.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import DataError
from ..scenario import Scenario, load_scenario
from ..schema import ScenarioSpec

QUANTITIES: dict[str, dict] = {
    "largest_run_flop": {"unit": "FLOP", "label": "largest training run", "basis": "level"},
    "largest_run_cost_usd": {"unit": "USD", "label": "cost of the largest run", "basis": "level"},
    "flop_per_usd": {"unit": "FLOP/$", "label": "FLOP per dollar (growth only)", "basis": "growth"},
    "compute_stock_h100e": {"unit": "H100e", "label": "AI compute stock sold", "basis": "level"},
    "metr_horizon_minutes": {"unit": "minutes", "label": "METR 50% time horizon", "basis": "level"},
}
#: The year each built-in scenario's projection was made [calendar year]; others: their first forecast year.
MADE_IN = {
    "cotra2020": 2020,  # Cotra (2020), the report's year
    "measured-2025": 2025,  # fitted to data through 2025 (scenarios/measured-2025.toml)
    "direct-approach": 2023,  # Barnett & Besiroglu (2023); the scenario starts in 2023
    "metr-horizon": 2025,  # METR-Horizon-v1 data through August 2025
}
DEFAULT_SCENARIOS = ("cotra2020", "measured-2025", "direct-approach", "metr-horizon")
BAND = (5.0, 95.0)


@dataclass(frozen=True)
class DatedProjection:
    """One quantity projected by one scenario: central path and 5-95% band [log10 unit] at ``years``."""

    scenario: str
    quantity: str
    years: np.ndarray  # (years,) calendar years
    central: np.ndarray  # (years,) [log10 unit]
    low: np.ndarray | None = None  # (years,) 5th percentile, None without uncertain inputs
    high: np.ndarray | None = None  # (years,) 95th percentile
    made_in: int = 0


Projector = Callable[[Scenario, np.ndarray, int, np.random.Generator], list[DatedProjection]]
PROJECTORS: dict[str, Projector] = {}


def register_projections(model: str, fn: Projector) -> Projector:
    """Declare the dated projections of registered model ``model`` (one function per model)."""
    PROJECTORS[model] = fn
    return fn


def made_in(sc: Scenario) -> int:
    return MADE_IN.get(sc.name, sc.spec.years.start)


def band_of(draws: np.ndarray | None) -> tuple[np.ndarray | None, np.ndarray | None]:
    """5th and 95th percentiles over axis 0 of (draws, years), or (None, None)."""
    if draws is None or draws.shape[0] < 2:
        return None, None
    lo, hi = np.percentile(draws, BAND, axis=0)
    return lo, hi


def _projections(sc: Scenario, years, series: Callable[[dict], dict[str, np.ndarray]], central: dict,
                 draws: dict | None) -> list[DatedProjection]:
    """Projections of every quantity ``series(params)`` returns, central and over the draws."""
    mid = {k: np.ravel(np.broadcast_to(v, (1, len(years)))[0]) for k, v in series(central).items()}
    spread = series(draws) if draws is not None else {}
    out = []
    for q, c in mid.items():
        lo, hi = band_of(np.broadcast_to(spread[q], (spread[q].shape[0], len(years))) if q in spread
                         and np.ndim(spread[q]) == 2 else None)
        out.append(DatedProjection(sc.name, q, np.asarray(years), c, lo, hi, made_in(sc)))
    return out


def _cotra_projections(sc: Scenario, years, n: int, rng) -> list[DatedProjection]:
    from ..evaluation.parameters import point_parameters, sample_parameters
    from ..evaluation.trajectories import trajectories

    spec = sc.config(ScenarioSpec)

    def series(params):
        tr = trajectories(spec, params, np.asarray(years, dtype=float))
        return {"largest_run_flop": tr.log10_affordable_flop, "largest_run_cost_usd": tr.log10_spend_usd,
                "flop_per_usd": tr.log10_flop_per_usd}

    uncertain = bool(sc.uncertain_parameters)
    return _projections(sc, years, series, point_parameters(spec),
                        sample_parameters(spec, n, rng) if uncertain else None)


def _parametric(model_name: str, sc: Scenario, n: int, rng):
    from ..models import get_model
    from ..models.base import ParametricModel

    m = get_model(model_name)
    if not isinstance(m, ParametricModel):  # the built-in projectors read a closed-form model's parameters
        raise DataError(f"{model_name}: not a parametric model; its projections need their own function.")
    central = m.point_parameters(sc)
    return m, central, ({**central, **m.draw(sc, n, rng)} if m.uncertain_parameters(sc) else None)


def _direct_approach_projections(sc: Scenario, years, n: int, rng) -> list[DatedProjection]:
    from ..models.direct_approach.model import supply_by_line

    _, central, draws = _parametric("direct-approach", sc, n, rng)

    def series(params):
        # the GPU projection's equally likely lines: averaged at the central inputs, pooled as draws otherwise
        pooled = any(np.size(v) > 1 for v in params.values())
        e = supply_by_line(sc.spec, params, np.asarray(years), "pool" if pooled else "mean")
        return {"largest_run_flop": e["log10_spend_usd"] + e["log10_flop_per_usd"],
                "largest_run_cost_usd": e["log10_spend_usd"], "flop_per_usd": e["log10_flop_per_usd"]}

    return _projections(sc, years, series, central, draws)


def _metr_projections(sc: Scenario, years, n: int, rng) -> list[DatedProjection]:
    from ..models.metr_horizon import _trajectories

    _, central, draws = _parametric("metr-horizon", sc, n, rng)
    # "by the end of year y" (the model's own convention): the trend at y + 1
    spec = typing.cast(typing.Any, sc.spec)  # a MetrHorizonConfig: this projector is registered for that model
    return _projections(sc, years, lambda p: {"metr_horizon_minutes": _trajectories(
        spec, p, np.asarray(years, dtype=float) + 1.0)[0]}, central, draws)


register_projections("cotra2020", _cotra_projections)
register_projections("direct-approach", _direct_approach_projections)
register_projections("metr-horizon", _metr_projections)


def _declared_series(sc: Scenario, years, n: int, rng, mapping: dict[str, str]) -> list[DatedProjection]:
    """Projections from a model's own named series (``scorecard_series``: series name -> quantity)."""
    m, central, draws = _parametric(sc.spec.model, sc, n, rng)
    unknown = sorted(set(mapping.values()) - set(QUANTITIES))
    if unknown:
        raise DataError(f"model '{m.name}': scorecard_series names unknown quantities {unknown}; "
                        f"choose from {', '.join(QUANTITIES)}.")
    y = np.asarray(years)
    return _projections(sc, years, lambda p: {q: m.curves(sc.spec, p, y).series[name]
                                              for name, q in mapping.items()}, central, draws)


def projections(sc: Scenario | str, years, *, draws: int = 2000, seed: int = 0) -> list[DatedProjection]:
    """The dated projections a scenario's model declares, at calendar ``years``.

    A model declares them by a registered function (:func:`register_projections`) or, simpler, by a
    ``scorecard_series`` attribute mapping its own named series (a trajectory model's
    ``series_specs``, in log10 of the quantity's unit) to :data:`QUANTITIES`.
    """
    from ..models import get_model

    sc = load_scenario(sc)
    fn = PROJECTORS.get(sc.spec.model)
    rng = np.random.default_rng(seed)
    if fn is not None:
        return fn(sc, np.asarray(years, dtype=int), draws, rng)
    mapping = getattr(get_model(sc.spec.model), "scorecard_series", None)
    if mapping:
        return _declared_series(sc, np.asarray(years, dtype=int), draws, rng, dict(mapping))
    raise DataError(f"scenario {sc.name}: model '{sc.spec.model}' declares no dated projections; models that do: "
                    f"{', '.join(sorted(PROJECTORS))} (retro.scorecard.register_projections, or a "
                    "scorecard_series attribute on the model).")


# ---------------------------------------------------------------- reality

def _yearly_max(year: np.ndarray, value: np.ndarray, complete_before: int) -> dict[int, float]:
    ok = np.isfinite(year) & np.isfinite(value) & (value > 0)
    s = pd.Series(value[ok]).groupby(np.floor(year[ok]).astype(int)).max()
    return {int(y): float(np.log10(v)) for y, v in zip(s.index.to_numpy(), s.to_numpy()) if y < complete_before}


def realised_models(td) -> dict[str, dict[int, float]]:
    """Largest run [log10 FLOP], its cost [log10 USD] and FLOP/$ [log10, running best] by complete year."""
    from ..trends.fitting import COST_MEASURES, flop_per_dollar_values

    m, h = td.models.frame, td.hardware.frame
    my = m["year"].to_numpy(dtype=float)
    last = int(np.floor(np.nanmax(my)))
    cost = next((s["column"] for s in COST_MEASURES.values() if m[s["column"]].notna().any()), "cost_2023usd")
    out = {"largest_run_flop": _yearly_max(my, m["training_flop"].to_numpy(dtype=float), last),
           "largest_run_cost_usd": _yearly_max(my, m[cost].to_numpy(dtype=float), last)}
    hy = h["year"].to_numpy(dtype=float)
    fpd = _yearly_max(hy, flop_per_dollar_values(h, "best"), int(np.floor(np.nanmax(hy))))
    best, running = -np.inf, {}
    for y in sorted(fpd):
        best = max(best, fpd[y])
        running[y] = best
    out["flop_per_usd"] = running
    return out


def realised_horizons(hd) -> dict[int, float]:
    f = hd.frame
    y = f["year"].to_numpy(dtype=float)
    return _yearly_max(y, f["p50_minutes"].to_numpy(dtype=float), int(np.floor(np.nanmax(y))))


def realised_stock(sales) -> dict[int, float]:
    from ..datasets.chip_sales import stock_series

    s = stock_series(sales)
    dec = s[(s["date"].dt.month == 12) & (s["median"] > 0)]
    return {int(d.year): float(np.log10(v)) for d, v in zip(dec["date"], dec["median"])}


def realised(vintage: str | None = None) -> tuple[dict[str, dict[int, float]], dict, list[str]]:
    """Realised value of every quantity by complete year [log10 unit], the vintage used, and notes."""
    from ..datasets import read
    from ..datasets.chip_sales import load_chip_sales

    td, use = read.trend_data(vintage)
    out = realised_models(td)
    hd, huse = read.horizon_data(vintage)
    out["metr_horizon_minutes"] = realised_horizons(hd)
    use.used.update(huse.used)
    notes = [f"METR horizons: {hd.benchmark or hd.report.path}"]
    v, _ = read.open_vintage(use.vintage)
    if "chip-sales" in v.datasets:
        out["compute_stock_h100e"] = realised_stock(load_chip_sales(read.member_file(v, use, "chip-sales", "scorecard")))
    else:
        notes.append(f"compute_stock_h100e: vintage {v.name} has no chip-sales (bioanchors data pull chip-sales)")
    return out, use.to_dict(), notes


@dataclass(frozen=True)
class Score:
    scenario: str
    quantity: str
    year: int
    projected: float  # [log10 unit]; for growth-only quantities the change since the first scored year
    realised: float  # [log10 unit], likewise
    error_oom: float  # projected - realised [OOM]
    inside90: bool | None  # realised within the projection's 5-95% band (None: no band, or growth only)


def score_projection(p: DatedProjection, real: dict[int, float]) -> list[Score]:
    """Scores of one projection on the years from ``p.made_in`` that have a realised value."""
    years = [int(y) for y in p.years if int(y) >= p.made_in and int(y) in real]
    if not years:
        return []
    at = {int(y): i for i, y in enumerate(p.years)}
    growth = QUANTITIES[p.quantity]["basis"] == "growth"
    y0 = years[0]
    out = []
    for y in years[1:] if growth else years:
        c, r = float(p.central[at[y]]), real[y]
        if growth:  # change since the first scored year, as the retrospective scores FLOP/$
            c, r = c - float(p.central[at[y0]]), r - real[y0]
        inside = None if growth or p.low is None or p.high is None else bool(p.low[at[y]] <= real[y] <= p.high[at[y]])
        out.append(Score(p.scenario, p.quantity, y, c, r, c - r, inside))
    return out


@dataclass
class ScorecardResult:
    scores: list[Score]
    projections: list[DatedProjection] = field(repr=False)
    realised: dict[str, dict[int, float]] = field(repr=False)
    vintage: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """One row per scenario, quantity and scored year."""
        return pd.DataFrame([s.__dict__ for s in self.scores],
                            columns=["scenario", "quantity", "year", "projected", "realised", "error_oom", "inside90"])

    def summary(self) -> pd.DataFrame:
        """Per scenario and quantity: years scored, mean |error| and mean error [OOM], inside the 90% band."""
        rows = []
        for (sc, q), g in self.to_frame().groupby(["scenario", "quantity"], sort=False):
            band = g["inside90"].dropna()
            rows.append({"scenario": sc, "quantity": q, "years": f"{g['year'].min()}-{g['year'].max()}",
                         "n": len(g), "mean_abs_error_oom": float(g["error_oom"].abs().mean()),
                         "mean_error_oom": float(g["error_oom"].mean()),
                         "inside90": f"{int(band.sum())}/{len(band)}" if len(band) else None})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        return {"vintage": self.vintage, "notes": list(self.notes),
                "summary": records(self.summary()),
                "scores": [{**s.__dict__} for s in self.scores],
                "realised": {q: {str(y): v for y, v in d.items()} for q, d in self.realised.items()}}

    def plot(self, axes=None):
        """One panel per quantity: realised values (points), each scenario's projection (line) and band."""
        import matplotlib.pyplot as plt

        qs = [q for q in QUANTITIES if any(p.quantity == q for p in self.projections) or self.realised.get(q)]
        if axes is None:
            _, axes = plt.subplots(1, len(qs), figsize=(4.5 * len(qs), 4), constrained_layout=True, squeeze=False)
        for ax, q in zip(np.ravel(axes), qs):
            _plot_quantity(ax, q, self.realised.get(q, {}), [p for p in self.projections if p.quantity == q])
        return axes


def records(df: pd.DataFrame) -> list[dict]:
    """Rows of ``df`` for JSON: NaN (no band, no value) becomes null."""
    return [{k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()} for r in df.to_dict("records")]


def _plot_quantity(ax, q: str, real: dict[int, float], projs: list[DatedProjection]) -> None:
    for i, p in enumerate(projs):
        keep = p.years >= p.made_in
        ax.plot(p.years[keep], p.central[keep], color=f"C{i}", label=p.scenario)
        if p.low is not None and p.high is not None:
            ax.fill_between(p.years[keep], p.low[keep], p.high[keep], color=f"C{i}", alpha=0.15)
    if real:
        ax.scatter(list(real), list(real.values()), color="k", s=14, zorder=3, label="realised")
    ax.set_title(QUANTITIES[q]["label"])
    ax.set_xlabel("year")
    ax.set_ylabel(f"log10 {QUANTITIES[q]['unit']}")
    ax.legend(fontsize=7)


def scorecard(scenarios=DEFAULT_SCENARIOS, *, vintage: str | None = None, draws: int = 2000,
              seed: int = 0) -> ScorecardResult:
    """Score every scenario's dated projections against the vintage (default: pinned, else bundled)."""
    real, use, notes = realised(vintage)
    scs = [load_scenario(s) for s in scenarios]
    last = max(max(d) for d in real.values() if d)
    first = min([made_in(sc) for sc in scs] + [last])
    years = np.arange(first, last + 1)
    projs = [p for sc in scs for p in projections(sc, years, draws=draws, seed=seed)]
    scores = [s for p in projs for s in score_projection(p, real.get(p.quantity, {}))]
    scored = {(s.scenario, s.quantity) for s in scores}
    notes += [f"{p.scenario} {p.quantity}: no complete year of realised data from {p.made_in} on in this vintage"
              for p in projs if (p.scenario, p.quantity) not in scored]
    notes.append("error = projection - realised [OOM]; years scored from the year each projection was made; "
                 "FLOP/$ by growth since the first scored year")
    return ScorecardResult(scores, projs, real, use, notes)
