"""The forecast result: numbers, a table, a plot, and the JSON the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pandas is imported only where a frame is made (start-up time, issue 11)
    import pandas as pd

    from .protocols import ScenarioLike

SUMMARY_YEARS = (2030, 2036, 2040, 2050, 2070, 2100)


@dataclass(frozen=True)
class _Event:
    name: str
    label: str


#: Cotra's event (models/cotra2020.py declares it; a ForecastResult built by hand is hers)
COTRA_EVENT = _Event("tai", "TAI (training compute for a transformative model affordable)")
QUANTILES = (0.1, 0.5, 0.9)


def quantile_year(years: np.ndarray, p: np.ndarray, q: float) -> int | None:
    """First year in which P(TAI by year) >= q; None if never within ``years``."""
    hit = np.nonzero(p >= q)[0]
    return int(years[hit[0]]) if hit.size else None


def quantile_date(years: np.ndarray, p: np.ndarray, q: float) -> float | None:
    """Decimal year [yr] at which the interpolated CDF of arrival reaches ``q``; None if undefined.

    ``p[i]`` is P(by the end of year ``years[i]``), i.e. the CDF at the date ``years[i] + 1``;
    between year ends the CDF is interpolated linearly. The date is therefore in
    ``[t_q, t_q + 1)`` for the integer :func:`quantile_year` ``t_q`` (floor(date) == t_q).
    None when ``q`` is not reached within ``years`` or already in the first year (the CDF
    before the first year's end is not known), or when the curve is flat into ``q``.
    """
    k = np.nonzero(p >= q)[0]
    if not k.size or k[0] == 0:
        return None
    i = int(k[0])
    slope = float(p[i] - p[i - 1])  # [probability / yr], > 0 since p[i - 1] < q <= p[i]
    return float(years[i] + (q - p[i - 1]) / slope) if slope > 0 else None


class _ArrivalCurve:
    """Headline numbers of any curve P(by t) over ``self.years`` (shared by both result types)."""

    years: np.ndarray
    p: np.ndarray

    @property
    def p_by_year(self) -> pd.Series:
        import pandas as pd

        return pd.Series(self.p, index=pd.Index(self.years.astype(int), name="year"), name="p_tai_by_year")

    @property
    def median_year(self) -> int | None:
        return quantile_year(self.years, self.p, 0.5)

    @property
    def quantiles(self) -> dict[float, int | None]:
        return {q: quantile_year(self.years, self.p, q) for q in QUANTILES}

    @property
    def quantile_dates(self) -> dict[float, float | None]:
        """The 10/50/90% quantiles as decimal years of the interpolated CDF (:func:`quantile_date`)."""
        return {q: quantile_date(self.years, self.p, q) for q in QUANTILES}

    def p_at(self, year: int) -> float:
        idx = np.nonzero(self.years == year)[0]
        if not idx.size:
            raise KeyError(f"year {year} is outside the forecast ({int(self.years[0])}-{int(self.years[-1])})")
        return float(self.p[idx[0]])


@dataclass(frozen=True)
class Component:
    """One part of a forecast that is a weighted mixture: a hypothesis of Cotra's model, a model of an ensemble.

    ``p`` is P(by t | this component) [probability], (years,); ``weight`` its normalised share
    (the weights of a forecast's components sum to 1); ``contribution`` its share of the total
    P(by t), (years,), so that the contributions sum to the total.
    """

    name: str
    label: str
    weight: float
    p: np.ndarray
    contribution: np.ndarray
    stated_weight: float | None = None  # as written in the config, before normalisation


def _finite(v) -> float | None:
    """A number for JSON: None where undefined (NaN, inf), never a sentinel."""
    v = float(v)
    return v if np.isfinite(v) else None


@dataclass(frozen=True)
class EventCurve(_ArrivalCurve):
    """P(one named event by the end of each year) of a model that forecasts several (issue 20 item 3).

    ``central_year``: the event's decimal year at the central parameters, for models that
    simulate dates (None otherwise, or inf-free None when it does not happen in the simulation).
    """

    name: str
    label: str  # what P(by t) is the probability of: "100% automation of goods and services"
    years: np.ndarray
    p: np.ndarray
    standard_errors: np.ndarray
    band: dict[float, np.ndarray] | None = None
    central_year: float | None = None

    def to_json_dict(self) -> dict:
        years = [int(y) for y in self.years]
        out: dict[str, Any] = {"label": self.label, "p_by_year": _by_year(years, self.p),
                               "median_year": self.median_year,
               "quantiles": {str(q): y for q, y in self.quantiles.items()},
               "standard_errors": _by_year(years, self.standard_errors), "central_year": self.central_year}
        if self.band is not None:
            out["p_by_year_band"] = {str(q): _by_year(years, b) for q, b in self.band.items()}
        return out


@dataclass(frozen=True)
class Series:
    """A named trajectory: a quantity by year with its unit, and a band where uncertain."""

    name: str
    label: str
    unit: str
    years: np.ndarray
    value: np.ndarray  # (years,) at the central parameters (exact) or the median across draws
    band: dict[float, np.ndarray] | None = None  # probability -> (years,) quantile across draws

    def to_json_dict(self) -> dict:
        years = [int(y) for y in self.years]
        out: dict = {"label": self.label, "unit": self.unit,
                     "by_year": {str(y): _finite(v) for y, v in zip(years, self.value)}}
        if self.band is not None:
            out["band"] = {str(q): {str(y): _finite(v) for y, v in zip(years, b)} for q, b in self.band.items()}
        return out


@dataclass(frozen=True)
class Metric:
    """A named scalar of a forecast (a takeoff duration, ...) with its unit and quantiles across draws."""

    name: str
    label: str
    unit: str
    value: float  # central parameters (exact) or median across draws; NaN where undefined
    quantiles: dict[float, float] | None = None
    defined: float = 1.0  # share of draws in which it is defined

    def to_json_dict(self) -> dict:
        return {"label": self.label, "unit": self.unit, "value": _finite(self.value),
                "quantiles": None if self.quantiles is None else {str(q): _finite(v) for q, v in self.quantiles.items()},
                "defined_share": float(self.defined)}


@dataclass(frozen=True)
class ArrivalForecast(_ArrivalCurve):
    """The generic result of any model (issue 12): P(TAI by the end of each year) and its parts.

    Every registered model's evaluation returns one; :func:`bioanchors.models.ensemble`
    combines them; :class:`ForecastResult` is built from one.
    """

    model: str  # registered model name, or "ensemble"
    method: str  # estimator name
    years: np.ndarray  # (years,) [calendar year]
    p: np.ndarray  # (years,) P(TAI by the end of the year) [probability]
    standard_errors: np.ndarray  # (years,) [probability]; zeros for exact estimates
    band: dict[float, np.ndarray] | None = None  # probability -> (years,) spread across parameter draws
    components: tuple[Component, ...] = ()
    component_kind: str = "components"  # what the components are: "hypotheses", "models"
    diagnostics: dict[str, np.ndarray] = field(default_factory=dict)  # name -> (years,), e.g. p_none
    samples: int | None = None
    seed: int | None = None
    label: str = ""  # for legends and tables; the model name when empty
    event: str = "tai"  # the headline event's name (what p, median_year ... are of)
    event_label: str = "TAI"  # what P(by t) is the probability of, for titles and axes
    events: dict[str, EventCurve] = field(default_factory=dict)  # every event, the headline first
    series: dict[str, Series] = field(default_factory=dict)  # named trajectories
    metrics: dict[str, Metric] = field(default_factory=dict)  # named scalars (takeoff durations, ...)

    def to_frame(self) -> pd.DataFrame:
        """One row per year: P, its standard error (when not all 0), diagnostics, band, components,
        the other events' P and the series (``series_<name>``)."""
        se = self.standard_errors if (self.samples is not None or np.any(self.standard_errors)) else None
        df = _frame(self.years, self.p, se, self.diagnostics, self.band, self.components)
        return _with_events_and_series(df, self)

    def plot(self, ax=None, *, components: bool = True, label: str | None = None):
        """CDF of arrival with each component's (or other event's) curve. Returns the Axes."""
        return _plot(ax, self, components, label or f"{self.label or self.model} (total)",
                     f"P({self.event_label} by year)", self.label or self.model)

    def metric_table(self) -> pd.DataFrame:
        """One row per metric: value, unit and the 5/50/95% quantiles across draws (when sampled)."""
        return metric_frame(self.metrics)

    def to_json_dict(self) -> dict:
        years = [int(y) for y in self.years]
        out = {"model": self.model, "method": self.method, "p_by_year": _by_year(years, self.p),
               "median_year": self.median_year, "quantiles": {str(q): y for q, y in self.quantiles.items()},
               "quantile_dates": {str(q): d for q, d in self.quantile_dates.items()},
               "standard_errors": _by_year(years, self.standard_errors),
               self.component_kind: _components_json(years, self.components)}
        out.update({f"{k}_by_year": _by_year(years, v) for k, v in self.diagnostics.items()})
        if self.samples is not None:
            out["samples"], out["seed"] = self.samples, self.seed
        if self.band is not None:
            out["p_by_year_band"] = {str(q): _by_year(years, b) for q, b in self.band.items()}
        out.update(generic_json(self))
        return out


def generic_json(fc) -> dict:
    """The generic keys of every forecast's JSON (issue 20 item 3): the headline event, every
    event, the series and the metrics, and the components and diagnostics under generic names."""
    years = [int(y) for y in fc.years]
    return {"event": fc.event, "event_label": fc.event_label,
            "events": {k: e.to_json_dict() for k, e in fc.events.items()},
            "series": {k: s.to_json_dict() for k, s in fc.series.items()},
            "metrics": {k: m.to_json_dict() for k, m in fc.metrics.items()},
            "components": _components_json(years, fc.components),
            "diagnostics": {k: {str(y): _finite(v) for y, v in zip(years, d)} for k, d in fc.diagnostics.items()
                            if d is not None}}


def metric_frame(metrics: dict[str, Metric]) -> pd.DataFrame:
    """Metrics as a table (rows: metric labels)."""
    import pandas as pd

    rows = {m.label: {"value": m.value, "unit": m.unit,
                      **({f"q{q:g}": v for q, v in (m.quantiles or {}).items()}), "defined_share": m.defined}
            for m in metrics.values()}
    return pd.DataFrame.from_dict(rows, orient="index")


def _with_events_and_series(df: pd.DataFrame, fc: ArrivalForecast) -> pd.DataFrame:
    for k, e in list(fc.events.items())[1:]:  # the headline is p_tai already
        df[f"p_{k}"] = e.p
    for k, s in fc.series.items():
        df[f"series_{k}"] = s.value
    return df


def _by_year(years: list[int], values: np.ndarray) -> dict[str, float | None]:
    """``{"year": value}``; an undefined value (NaN, inf) is ``null``, never a placeholder number (issue 23)."""
    return {str(y): _finite(v) for y, v in zip(years, values)}


def _components_json(years: list[int], components: tuple[Component, ...]) -> dict:
    """The JSON contract of ``"hypotheses"`` (label, weight as stated, normalised weight, P by year)."""
    return {
        c.name: {"label": c.label,
                 "weight": float(c.weight if c.stated_weight is None else c.stated_weight),
                 "normalised_weight": float(c.weight),
                 "p_by_year": _by_year(years, c.p)}
        for c in components
    }


def _frame(years, p, se, diagnostics, band, components) -> pd.DataFrame:
    """The per-year table of both result types (one column order for every model)."""
    import pandas as pd

    df = pd.DataFrame({"p_tai": p, **{k: v for k, v in diagnostics.items() if v is not None}},
                      index=pd.Index(years.astype(int), name="year"))
    if se is not None:
        df.insert(1, "standard_error", se)
    for q, b in (band or {}).items():
        df[f"p_tai_band_{q:g}"] = b
    for c in components:
        df[f"p_{c.name}"] = c.p
        df[f"contribution_{c.name}"] = c.contribution
    return df


def _plot(ax, res, components: bool, label: str, ylabel: str, title: str):
    """The CDF, each component's curve, the band and +-2 SE; shared by both result types."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5), layout="constrained")  # room for the legend beside the axes
    if components:
        # Each component's curve is P(by t | that component holds): say so, and vary the dash as
        # well as the colour so the curves stay apart in print and for colour-blind readers.
        dashes = ["-", "--", "-.", ":"]
        for k, c in enumerate(res.components):
            ax.plot(res.years, c.p, lw=1.2, alpha=0.8, ls=dashes[k % len(dashes)], label=f"{c.label} (conditional)")
    ax.plot(res.years, res.p, color="black", lw=2.5, label=label)
    band = getattr(res, "band", None)
    if band is not None:
        ax.fill_between(res.years, band[0.05], band[0.95], color="grey",
                        alpha=0.2, lw=0, label="5-95% across trend draws")
    se = res.standard_errors
    if se is not None and np.any(se):
        ax.fill_between(res.years, res.p - 2 * se, res.p + 2 * se, color="black", alpha=0.15, lw=0)
    ax.set_xlim(res.years[0], res.years[-1])
    ax.set_ylim(0, 1)
    ax.set_xlabel("year")
    ax.set_ylabel(ylabel)
    ax.set_title(f"{title}: median {res.median_year or '> ' + str(int(res.years[-1]))}")
    ax.grid(alpha=0.3)
    # Outside the axes: inside, it covered the early-rising curves (Lifetime) whatever the corner.
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
    return ax


@dataclass(frozen=True)
class ForecastResult(_ArrivalCurve):
    """P(TAI by the end of each year), with the pieces it was computed from.

    Arrays are indexed by year; per-hypothesis arrays are (hypotheses, years).
    """

    scenario: ScenarioLike
    method: str
    years: np.ndarray
    p: np.ndarray
    hypothesis_names: tuple[str, ...]
    hypothesis_labels: tuple[str, ...]
    weights: np.ndarray  # normalised over hypotheses (sum 1), at central parameter values
    stated_weights: np.ndarray  # as written in the scenario (with p_none they sum to ~1)
    hypothesis_p: np.ndarray  # P_i(t): conditional on hypothesis i
    p_none: np.ndarray
    # at central parameter values; None for models that buy no compute (their own diagnostics instead)
    log10_affordable_flop: np.ndarray | None
    log10_flop_per_usd: np.ndarray | None
    log10_spend_usd: np.ndarray | None
    samples: int | None = None
    seed: int | None = None
    standard_errors: np.ndarray | None = None
    # conditional method only: probability (0.05, 0.5, 0.95) -> quantile of P(by t | trends) across trend draws
    p_by_year_band: dict[float, np.ndarray] | None = None
    extra: dict = field(default_factory=dict)
    # evidence update only (bioanchors.evidence): vantage year, realised compute, likelihood, weights, mass removed
    evidence: dict | None = None

    # the generic forecast this result was built from (issue 12); None only for results built by hand
    forecast: ArrivalForecast | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_forecast(cls, scenario: ScenarioLike, fc: ArrivalForecast) -> ForecastResult:
        """The result of ``scenario`` from its model's generic forecast.

        The per-hypothesis fields are the components; p_none and the affordable-compute
        trajectories are the diagnostics (zeros and None when a model has none).
        """
        comps, d = fc.components, fc.diagnostics
        n = fc.years.size
        sampled = fc.samples is not None
        has_se = sampled or bool(np.any(fc.standard_errors))  # an ensemble with sampled members
        return cls(
            scenario=scenario, method=fc.method, years=fc.years, p=fc.p,
            hypothesis_names=tuple(c.name for c in comps), hypothesis_labels=tuple(c.label for c in comps),
            weights=np.array([c.weight for c in comps]),
            stated_weights=np.array([c.weight if c.stated_weight is None else c.stated_weight for c in comps]),
            hypothesis_p=np.array([c.p for c in comps]).reshape(len(comps), n),
            p_none=d.get("p_none", np.zeros(n)),
            log10_affordable_flop=d.get("log10_affordable_flop"),
            log10_flop_per_usd=d.get("log10_flop_per_usd"), log10_spend_usd=d.get("log10_spend_usd"),
            samples=fc.samples, seed=fc.seed if sampled else None,
            standard_errors=fc.standard_errors if has_se else None,
            p_by_year_band=fc.band, forecast=fc,
        )

    @property
    def model(self) -> str:
        """Name of the registered model that produced this result."""
        return self.forecast.model if self.forecast is not None else self.scenario.model

    @property
    def components(self) -> tuple[Component, ...]:
        """The parts of the forecast (for Cotra's model: the hypotheses), generic type."""
        if self.forecast is not None:
            return self.forecast.components
        return tuple(Component(n, lab, float(w), p_i, c, float(sw)) for n, lab, w, sw, p_i, c in zip(
            self.hypothesis_names, self.hypothesis_labels, self.weights, self.stated_weights, self.hypothesis_p,
            self.contributions))

    @property
    def component_kind(self) -> str:
        return self.forecast.component_kind if self.forecast is not None else "hypotheses"

    # -- the generic parts (issue 20 item 3), from the forecast ---------------
    @property
    def event(self) -> str:
        return self.forecast.event if self.forecast is not None else self._headline_spec.name

    @property
    def event_label(self) -> str:
        return self.forecast.event_label if self.forecast is not None else self._headline_spec.label

    @property
    def _headline_spec(self):
        """A result built by hand is Cotra's (its fields are hers): her one event."""
        return COTRA_EVENT

    @property
    def events(self) -> dict[str, EventCurve]:
        """Every event's curve; a result built by hand has its one headline event."""
        if self.forecast is not None:
            return self.forecast.events
        se = self.standard_errors if self.standard_errors is not None else np.zeros(self.years.size)
        return {self.event: EventCurve(self.event, self.event_label, self.years, self.p, se, self.p_by_year_band)}

    @property
    def diagnostics(self) -> dict[str, np.ndarray]:
        if self.forecast is not None:
            return self.forecast.diagnostics
        return self._own_diagnostics()

    def _own_diagnostics(self) -> dict[str, np.ndarray]:
        """p_none and the central compute trajectories, those the result holds."""
        named = {"p_none": self.p_none, "log10_affordable_flop": self.log10_affordable_flop,
                 "log10_flop_per_usd": self.log10_flop_per_usd, "log10_spend_usd": self.log10_spend_usd}
        return {k: v for k, v in named.items() if v is not None}

    @property
    def series(self) -> dict[str, Series]:
        return self.forecast.series if self.forecast is not None else {}

    @property
    def metrics(self) -> dict[str, Metric]:
        return self.forecast.metrics if self.forecast is not None else {}

    def metric_table(self) -> pd.DataFrame:
        return metric_frame(self.metrics)

    @property
    def band(self) -> dict[float, np.ndarray] | None:
        return self.p_by_year_band

    @property
    def contributions(self) -> np.ndarray:
        """Each hypothesis's share of P(TAI by t): (1 - p_none) * w_i * P_i(t)."""
        return (1.0 - self.p_none)[None, :] * self.weights[:, None] * self.hypothesis_p

    def p_at(self, year: int) -> float:
        idx = np.nonzero(self.years == year)[0]
        if not idx.size:
            raise KeyError(f"year {year} is outside the forecast ({int(self.years[0])}-{int(self.years[-1])})")
        return float(self.p[idx[0]])

    def quantile_standard_errors(self) -> dict[float, float | None]:
        """Standard error [yr] of each quantile date (:attr:`quantile_dates`); None for exact results.

        Every sampled estimator: the delta method at the interpolated quantile,
        SE(date_q) = SE(P_hat at date_q) / density there (:func:`delta_method_year_se`). For
        Monte Carlo SE(P_hat) is binomial, so this is the asymptotic SE of a sample quantile,
        sqrt(q (1 - q) / n) / f(date_q). It shrinks as 1 / sqrt(samples); the integer quantile
        years cannot (issue 23 item 3: read on whole years, the Monte Carlo median's SE was
        0.255 yr at 20,000, 40,000 and 60,000 samples and 0 at 65,000).
        """
        if self.standard_errors is None:
            return {q: None for q in QUANTILES}
        return {q: delta_method_year_se(self.years, self.p, self.standard_errors, q) for q in QUANTILES}

    # -- tables and plots -----------------------------------------------------
    @property
    def _other_diagnostics(self) -> dict[str, np.ndarray]:
        """The diagnostics of a model other than Cotra's (which has p_none), else empty."""
        d = self.forecast.diagnostics if self.forecast is not None else {}
        return {} if "p_none" in d or self.forecast is None else dict(d)

    def to_frame(self) -> pd.DataFrame:
        """One row per year: total P, p_none, affordable compute, each hypothesis's P_i and contribution
        (another model: its own diagnostics instead of p_none and affordable compute)."""
        diagnostics = self._other_diagnostics or self._own_diagnostics()
        df = _frame(self.years, self.p, self.standard_errors, diagnostics, self.p_by_year_band, self.components)
        return df if self.forecast is None else _with_events_and_series(df, self.forecast)

    def plot(self, ax=None, *, hypotheses: bool = True, label: str | None = None):
        """CDF of the headline event: the total, and each component's conditional curve. Returns the Axes."""
        ylabel = ("P(training compute for TAI affordable by year)" if self.forecast is None
                  else f"P({self.event_label} by year)")
        return _plot(ax, self, hypotheses, label or f"{self.scenario.name} (total)", ylabel, self.scenario.name)

    def summary(self) -> pd.DataFrame:
        """P(TAI by the headline years) per hypothesis contribution and in total."""
        import pandas as pd

        years = [y for y in SUMMARY_YEARS if self.years[0] <= y <= self.years[-1]]
        idx = [int(y - self.years[0]) for y in years]
        rows = {lab: c[idx] for lab, c in zip(self.hypothesis_labels, self.contributions)}
        rows["total"] = self.p[idx]
        return pd.DataFrame(rows, index=pd.Index(years, name="year")).T

    def __repr__(self) -> str:  # one line: the dataclass default printed every array (~26,000 characters)
        q = self.median_year
        median = str(q) if q is not None else f"after {int(self.years[-1])}"
        sampled = f", samples={self.samples:,}, seed={self.seed}" if self.samples else ""
        return (f"ForecastResult(scenario={self.scenario.name!r}, method={self.method!r}{sampled}, "
                f"years={int(self.years[0])}-{int(self.years[-1])}, median_year={median})")

    def _repr_html_(self) -> str:  # Jupyter shows the headline numbers, not a dataclass dump
        q = self.quantiles
        fmt = lambda y: str(y) if y is not None else f"after {int(self.years[-1])}"  # noqa: E731
        head = (f"<b>{self.scenario.name}</b> ({self.method}): median {fmt(q[0.5])}, "
                f"10th-90th percentile {fmt(q[0.1])}-{fmt(q[0.9])}")
        return head + self.summary().to_html(float_format=lambda v: f"{v:.3f}")

    def to_json_dict(self) -> dict:
        """The object ``bioanchors forecast --format json`` prints."""
        years = [int(y) for y in self.years]
        out: dict[str, Any] = {
            "scenario": self.scenario.name,
            "scenario_hash": self.scenario.content_hash,
            "method": self.method,
            "p_by_year": {str(y): float(p) for y, p in zip(years, self.p)},
            "median_year": self.median_year,
            "quantiles": {str(q): y for q, y in self.quantiles.items()},
            # the same quantiles as decimal years of the interpolated CDF (issue 23 item 3)
            "quantile_dates": {str(q): d for q, d in self.quantile_dates.items()},
        }
        if self.log10_affordable_flop is not None:
            out["affordable_log10_flop"] = _by_year(years, self.log10_affordable_flop)
        out[self.component_kind] = _components_json(years, self.components)
        out["component_kind"] = self.component_kind  # which key holds the components: "hypotheses", "models"
        if self._other_diagnostics:  # another model's own series, e.g. "log10_effective_flop_by_year"
            out.update({f"{k}_by_year": _by_year(years, v) for k, v in self._other_diagnostics.items()})
        else:
            out["p_none_by_year"] = {str(y): float(p) for y, p in zip(years, self.p_none)}
        out["model"] = self.model
        if self.standard_errors is not None:
            out["samples"] = self.samples
            out["seed"] = self.seed
            out["standard_errors"] = {str(y): float(s) for y, s in zip(years, self.standard_errors)}
            # SEs of the interpolated quantile dates (issue 23 item 3), not of the integer quantile years
            out["quantile_standard_errors"] = {str(q): s for q, s in self.quantile_standard_errors().items()}
        if self.evidence is not None:
            out["evidence"] = self.evidence
        if self.p_by_year_band is not None:
            out["p_by_year_band"] = {str(q): {str(y): float(p) for y, p in zip(years, band)}
                                     for q, band in self.p_by_year_band.items()}
        out.update(generic_json(self))  # generic keys; "hypotheses", "p_none_by_year" ... stay as aliases
        return out


def delta_method_year_se(years: np.ndarray, p: np.ndarray, se: np.ndarray, q: float) -> float | None:
    """SE [yr] of the q-quantile date (:func:`quantile_date`) by the delta method: SE(P) / (dP/dt) there.

    The density is the slope of the interpolated CDF's segment holding the date [probability/yr];
    SE(P) is ``se`` interpolated to the date. None where the date is undefined; exactly 0 when
    the SEs around it are 0.
    """
    date = quantile_date(years, p, q)
    if date is None:
        return None
    i = int(np.nonzero(p >= q)[0][0])
    frac = date - years[i]  # share of the segment from the end of year i - 1 to the end of year i
    se_q = float((1.0 - frac) * se[i - 1] + frac * se[i])
    return se_q / float(p[i] - p[i - 1])
