"""The forecast result: numbers, a table, a plot, and the JSON the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pandas is imported only where a frame is made (start-up time, issue 11)
    import pandas as pd

    from .scenario import Scenario

SUMMARY_YEARS = (2030, 2036, 2040, 2050, 2070, 2100)
QUANTILES = (0.1, 0.5, 0.9)


def quantile_year(years: np.ndarray, p: np.ndarray, q: float) -> int | None:
    """First year in which P(TAI by year) >= q; None if never within ``years``."""
    hit = np.nonzero(p >= q)[0]
    return int(years[hit[0]]) if hit.size else None


@dataclass(frozen=True)
class ForecastResult:
    """P(TAI by the end of each year), with the pieces it was computed from.

    Arrays are indexed by year; per-hypothesis arrays are (hypotheses, years).
    """

    scenario: Scenario
    method: str
    years: np.ndarray
    p: np.ndarray
    hypothesis_names: tuple[str, ...]
    hypothesis_labels: tuple[str, ...]
    weights: np.ndarray  # normalised over hypotheses (sum 1), at central parameter values
    stated_weights: np.ndarray  # as written in the scenario (with p_none they sum to ~1)
    hypothesis_p: np.ndarray  # P_i(t): conditional on hypothesis i
    p_none: np.ndarray
    log10_affordable_flop: np.ndarray  # at central parameter values
    log10_flop_per_usd: np.ndarray
    log10_spend_usd: np.ndarray
    samples: int | None = None
    seed: int | None = None
    standard_errors: np.ndarray | None = None
    # conditional method only: probability (0.05, 0.5, 0.95) -> quantile of P(by t | trends) across trend draws
    p_by_year_band: dict[float, np.ndarray] | None = None
    extra: dict = field(default_factory=dict)
    # evidence update only (bioanchors.evidence): vantage year, realised compute, likelihood, weights, mass removed
    evidence: dict | None = None

    # -- headline numbers ---------------------------------------------------
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
    def contributions(self) -> np.ndarray:
        """Each hypothesis's share of P(TAI by t): (1 - p_none) * w_i * P_i(t)."""
        return (1.0 - self.p_none)[None, :] * self.weights[:, None] * self.hypothesis_p

    def p_at(self, year: int) -> float:
        idx = np.nonzero(self.years == year)[0]
        if not idx.size:
            raise KeyError(f"year {year} is outside the forecast ({int(self.years[0])}-{int(self.years[-1])})")
        return float(self.p[idx[0]])

    def quantile_standard_errors(self) -> dict[float, float | None]:
        """Standard error of each quantile year [years]; None for exact results.

        ``conditional``: delta method on the averaged curve (:func:`delta_method_year_se`).
        ``monte-carlo``: from the order-statistic interval, below.

        The q-quantile of n samples lies within q +- 1.96 sqrt(q(1-q)/n) in
        probability with ~95% confidence; mapped through the estimated CDF that
        is a year interval, and SE = its width / (2 * 1.96). At yearly
        resolution a width of zero means the SE is below half a year.
        """
        if self.samples is None:
            return {q: None for q in QUANTILES}
        if self.method == "conditional":
            return {q: delta_method_year_se(self.years, self.p, self.standard_errors, q) for q in QUANTILES}
        out = {}
        for q in QUANTILES:
            half = 1.96 * np.sqrt(q * (1 - q) / self.samples)
            lo, hi = quantile_year(self.years, self.p, q - half), quantile_year(self.years, self.p, q + half)
            out[q] = None if lo is None or hi is None else (hi - lo) / (2 * 1.96)
        return out

    # -- tables and plots -----------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per year: total P, p_none, affordable compute, each hypothesis's P_i and contribution."""
        import pandas as pd

        df = pd.DataFrame(
            {
                "p_tai": self.p,
                "p_none": self.p_none,
                "log10_affordable_flop": self.log10_affordable_flop,
                "log10_flop_per_usd": self.log10_flop_per_usd,
                "log10_spend_usd": self.log10_spend_usd,
            },
            index=pd.Index(self.years.astype(int), name="year"),
        )
        if self.standard_errors is not None:
            df.insert(1, "standard_error", self.standard_errors)
        for q, band in (self.p_by_year_band or {}).items():
            df[f"p_tai_band_{q:g}"] = band
        for name, p_i, c_i in zip(self.hypothesis_names, self.hypothesis_p, self.contributions):
            df[f"p_{name}"] = p_i
            df[f"contribution_{name}"] = c_i
        return df

    def plot(self, ax=None, *, hypotheses: bool = True, label: str | None = None):
        """CDF of TAI arrival: the total, and each hypothesis's conditional curve. Returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(8, 5))
        if hypotheses:
            for lab, p_i in zip(self.hypothesis_labels, self.hypothesis_p):
                ax.plot(self.years, p_i, lw=1.2, alpha=0.8, label=lab)
        ax.plot(self.years, self.p, color="black", lw=2.5, label=label or f"{self.scenario.name} (total)")
        if self.p_by_year_band is not None:
            ax.fill_between(self.years, self.p_by_year_band[0.05], self.p_by_year_band[0.95], color="grey",
                            alpha=0.2, lw=0, label="5-95% across trend draws")
        if self.standard_errors is not None:
            ax.fill_between(self.years, self.p - 2 * self.standard_errors, self.p + 2 * self.standard_errors,
                            color="black", alpha=0.15, lw=0)
        ax.set_xlim(self.years[0], self.years[-1])
        ax.set_ylim(0, 1)
        ax.set_xlabel("year")
        ax.set_ylabel("P(training compute for TAI affordable by year)")
        ax.set_title(f"{self.scenario.name}: median {self.median_year or '> ' + str(int(self.years[-1]))}")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper left")
        return ax

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
        out = {
            "scenario": self.scenario.name,
            "scenario_hash": self.scenario.content_hash,
            "method": self.method,
            "p_by_year": {str(y): float(p) for y, p in zip(years, self.p)},
            "median_year": self.median_year,
            "quantiles": {str(q): y for q, y in self.quantiles.items()},
            "affordable_log10_flop": {str(y): float(v) for y, v in zip(years, self.log10_affordable_flop)},
            "hypotheses": {
                name: {
                    "label": lab,
                    "weight": float(sw),
                    "normalised_weight": float(w),
                    "p_by_year": {str(y): float(p) for y, p in zip(years, p_i)},
                }
                for name, lab, w, sw, p_i in zip(self.hypothesis_names, self.hypothesis_labels, self.weights,
                                                 self.stated_weights, self.hypothesis_p)
            },
            "p_none_by_year": {str(y): float(p) for y, p in zip(years, self.p_none)},
        }
        if self.standard_errors is not None:
            out["samples"] = self.samples
            out["seed"] = self.seed
            out["standard_errors"] = {str(y): float(s) for y, s in zip(years, self.standard_errors)}
            out["quantile_standard_errors"] = {str(q): s for q, s in self.quantile_standard_errors().items()}
        if self.evidence is not None:
            out["evidence"] = self.evidence
        if self.p_by_year_band is not None:
            out["p_by_year_band"] = {str(q): {str(y): float(p) for y, p in zip(years, band)}
                                     for q, band in self.p_by_year_band.items()}
        return out


def delta_method_year_se(years: np.ndarray, p: np.ndarray, se: np.ndarray, q: float) -> float | None:
    """SE of the q-quantile year [years] by the delta method: SE(P(t_q)) / (dP/dt at t_q).

    ``t_q`` is the first year with P >= q; the slope is the one-year rise into
    it [probability/year]. None if the quantile is not reached, or is reached
    in the first year (no slope to divide by). Exactly 0 when SE is 0.
    """
    k = np.nonzero(p >= q)[0]
    if not k.size or k[0] == 0:
        return None
    i = int(k[0])
    slope = p[i] - p[i - 1]
    if se[i] == 0.0:
        return 0.0
    return float(se[i] / slope) if slope > 0 else None
