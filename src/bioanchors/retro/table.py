"""The retrospective: factors by parameter set, and what replacing each did to the forecast."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..trends.accounting import account, cotra_ramp_parameter_set
from .counterfactual import FACTORS, Rerun, counterfactual_reruns, median_shift, most_influential_single, rates
from .published import PublishedTable, load_published
from .simulated import SimulatedGrowth, simulated_growth

if TYPE_CHECKING:
    from .hindcast import HindcastResult

ROWS = ("spend", "flop_per_dollar", "run_length", "real_compute", "algorithmic", "effective_compute")
#: Parameter sets are named after their sources. Cotra's 2020 report has two spending rates: her
#: long-run doubling (LONG_RUN) and her near-term ramp, ~$1M in 2020 to $1B in 2025 (RAMP).
LONG_RUN, RAMP = "cotra2020", "cotra2020-ramp"
SET_ORDER = (RAMP, LONG_RUN, "davidson2023", "epoch", "measured")
#: The post's effective-compute figure for Epoch's rates (3.6x real x 3x algorithmic), the gap line's reference.
POST_SET = "epoch"


@dataclass(frozen=True)
class RetroResult:
    sets: dict  # name -> ParameterSet
    against: str  # the set whose values replace Cotra's in the re-runs
    reruns: list[Rerun]
    hindcast: HindcastResult | None = None
    notes: list[str] = field(default_factory=list)
    published: PublishedTable | None = None
    #: a takeoff model's own simulated growth, beside the sets (retro/simulated.py); its column is ``.name``
    simulated: tuple[SimulatedGrowth, ...] = ()

    def factors(self) -> dict[str, dict[str, float]]:
        """Row -> set -> yearly multiplier [x/yr]; real/effective compute from the accounting; then the
        simulated columns (NaN where the model has no such factor)."""
        out: dict[str, dict[str, float]] = {r: {} for r in ROWS}
        for name, pset in self.sets.items():
            acc = account(pset)
            for f in ("spend", "flop_per_dollar", "run_length", "algorithmic"):
                out[f][name] = float(getattr(pset, f).multiplier)
            out["real_compute"][name] = float(acc.real_compute_per_year)
            out["effective_compute"][name] = float(acc.effective_compute_per_year)
        for sim in self.simulated:
            for r in ROWS:
                out[r][sim.name] = sim.factors[r]
        return out

    @property
    def most_influential(self) -> str:
        return most_influential_single(self.reruns)

    def summary_line(self) -> str:
        """Which replacement moved the median most, computed from the re-runs; one sign convention."""
        shifts = median_shift(self.reruns)
        single = self.most_influential
        lifted = shifts[("algorithmic", "algorithmic_caps")]
        text = (f"One input at a time (Cotra's caps kept): {single} moves the median most "
                f"({earlier(shifts[(single,)])}). ")
        from_2020 = shifts.get(("algorithmic", "progress_from_2020"))
        if from_2020 is not None:
            same = from_2020 == shifts[("algorithmic",)]
            text += ("Counting the measured algorithmic progress from 2020, when it was measured, instead of "
                     f"from the spreadsheet's 2025 start: {earlier(from_2020)}"
                     + (", the same as from 2025 (her caps bind within a few years either way). " if same else ". "))
        if lifted > shifts[(single,)]:
            text += (f"Measured algorithmic progress with her caps on progress lifted moves it {earlier(lifted)}: "
                     "the caps (2-5 OOM), not the halving time, are what hold her median in the 2050s.")
        else:
            text += f"Lifting her caps on algorithmic progress moves it {earlier(lifted)}."
        return text

    def windows(self) -> dict[str, str]:
        """Set -> the years its multipliers describe (every growth figure states its window)."""
        return {**{name: p.window for name, p in self.sets.items()}, **{s.name: s.window for s in self.simulated}}

    def column_titles(self) -> dict[str, str]:
        """Set -> column title with its window, e.g. ``measured (fit 2018-2026)``."""
        return {name: f"{name} ({w})" if w else name for name, w in self.windows().items()}

    def gap_lines(self) -> list[str]:
        """Why the measured set's effective compute differs from the post's, and Cotra's two rates, side by side.

        Computed from the sets and the published table, not retyped.
        """
        f = self.factors()
        lines = []
        if RAMP in self.sets and LONG_RUN in self.sets:
            r, c = RAMP, LONG_RUN
            lines.append(
                f"Cotra's two rates, side by side: her near-term ramp ({self.sets[r].window}), real compute "
                f"{f['real_compute'][r]:.2f}x/yr (spend {f['spend'][r]:.2f}x/yr: ~$1M in 2020 to $1B in 2025), and her "
                f"long-run rate ({self.sets[c].window}), {f['real_compute'][c]:.2f}x/yr (spend doubling every "
                f"{self.sets[c].spend.doubling_time_years:.3g} years, FLOP/$ every "
                f"{self.sets[c].flop_per_dollar.doubling_time_years:.3g}); effective compute "
                f"{f['effective_compute'][r]:.2f} and {f['effective_compute'][c]:.2f}x/yr. The post's 'Cotra ~2.4x/yr' "
                "is the long-run rate.")
        pub = self.published.to_dict().get(POST_SET, {}) if self.published is not None else {}
        if "measured" in self.sets and "effective_compute" in pub:
            m = "measured"
            direct = self.sets[m].direct_compute
            check = (f"; the frontier runs' compute itself grew {direct.multiplier:.2f}x/yr over the same years, so "
                     "the factors account for it") if direct is not None else ""
            lines.append(
                f"measured ({self.sets[m].window}) effective compute {f['effective_compute'][m]:.1f}x/yr against the "
                f"post's {pub['effective_compute']:g}x/yr: both take algorithmic progress as "
                f"{f['algorithmic'][m]:.1f}x/yr, so the gap is real compute, {f['real_compute'][m]:.2f} against "
                f"{pub.get('real_compute', float('nan')):g}x/yr. The bundled frontier runs' cost grew "
                f"{f['spend'][m]:.2f}x/yr (x FLOP/$ {f['flop_per_dollar'][m]:.2f}x/yr) against Epoch's published "
                f"{f['spend'].get(POST_SET, float('nan')):.1f}x/yr since 2016 (Cottier et al. 2024; the post's real "
                "compute is about that x 1.5x/yr FLOP/$): the runs of these years grew faster than the longer "
                f"published trend{check}.")
        for sim in self.simulated:
            g, measured = sim.factors, f["effective_compute"].get("measured")
            lines.append(
                f"{sim.scenario}'s own run ({sim.window}): the largest run's effective compute grows "
                f"{g['effective_compute']:.2f}x/yr (software {g['algorithmic']:.2f}x/yr x physical FLOP "
                f"{g['real_compute']:.2f}x/yr; its cost {g['spend']:.2f}x/yr, hardware FLOP/$ {g['flop_per_dollar']:.2f}x/yr)"
                + (f", against {measured:.1f}x/yr measured ({self.sets['measured'].window})" if measured is not None else "")
                + ": the model's 2022 start and trends grow slower than what happened.")
        return lines

    def published_rows(self) -> list[dict]:
        """The published cells beside the tool's values (empty without a published table)."""
        return self.published.compare(self.factors()) if self.published is not None else []

    def to_dict(self) -> dict:
        f = self.factors()
        out = {
            # a simulated column's factor the model does not have (run length) is null, not NaN
            "factors": {k: _nulls(f[k]) for k in ("spend", "flop_per_dollar", "run_length", "real_compute", "algorithmic")},
            "effective_compute": _nulls(f["effective_compute"]),
            "windows": self.windows(),
            "gap_explanations": self.gap_lines(),
            "spend_measures": {n: p.spend_measure for n, p in self.sets.items()},
            "run_length_in_spend": {n: p.run_length_in_spend for n, p in self.sets.items()},
            "direct_compute_check": {n: account(p).to_dict()["mismatch_per_year"] for n, p in self.sets.items()},
            "simulated": [sim.to_dict() for sim in self.simulated],
            "reruns_against": self.against,
            "rerun_rates": rates(self.sets[self.against]),
            "reruns": [r.to_dict() for r in self.reruns],
            "most_influential_single_input": self.most_influential,
            # positive = that many years earlier than cotra2020 itself (the summary's convention)
            "median_years_earlier": {" + ".join(k): v for k, v in median_shift(self.reruns).items()},
            "summary": self.summary_line(),
            "notes": self.notes,
        }
        if self.published is not None:
            out["published"] = self.published.to_dict()
            out["published_source"] = dict(self.published.source)
            out["published_vs_tool"] = self.published_rows()
        if self.hindcast is not None:
            out["hindcast"] = self.hindcast.to_dict()
        return out

    def to_frame(self) -> pd.DataFrame:
        """The retrospective table: rows are factors, columns parameter sets [x/yr]."""
        return pd.DataFrame(self.factors()).T.loc[list(ROWS)]

    def reruns_frame(self) -> pd.DataFrame:
        rows = [{"replaced": " + ".join(r.replaced) or "(none: Cotra 2020)", "median_year": r.median_year,
                 **{f"p{y}": p for y, p in r.p_by_year.items()}} for r in self.reruns]
        return pd.DataFrame(rows).set_index("replaced")

    def plot(self, ax=None):
        """Median year of each re-run (not reached by 2100: drawn at 2101, hatched)."""
        import matplotlib.pyplot as plt

        df = self.reruns_frame().iloc[::-1]
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 0.5 * len(df) + 1.5))
        med = df["median_year"].astype(float)
        reached = med.notna().to_numpy()
        med = med.fillna(2101).to_numpy()
        y = np.arange(len(df))
        bars = ax.barh(y, med - 2020, left=2020, color=["C0" if r else "lightgrey" for r in reached])
        for b, r in zip(bars, reached):
            if not r:
                b.set_hatch("//")
        ax.set_yticks(y, df.index)
        ax.set_xlabel("median year of TAI")
        ax.set_title(f"cotra2020 re-run with {self.against} inputs")
        return ax


def _nulls(column: dict[str, float]) -> dict[str, float | None]:
    return {k: None if v != v else v for k, v in column.items()}


def earlier(years: float) -> str:
    """'N years earlier' (N >= 0), 'N years later' when negative, 'no earlier' at 0: one convention."""
    n = int(round(years))
    if n == 0:
        return "no earlier"
    unit = "year" if abs(n) == 1 else "years"
    return f"{n} {unit} earlier" if n > 0 else f"{-n} {unit} later"


def retrospective(sets: dict, against: str = "measured", hindcast=None, notes=None,
                  published: PublishedTable | None | bool = True, simulated: bool = True) -> RetroResult:
    """The table and the re-runs of ``cotra2020`` against ``sets[against]``.

    With ``cotra2020`` among ``sets``, her near-term ramp (``cotra2020-ramp``,
    :func:`~bioanchors.trends.accounting.cotra_ramp_parameter_set`) is added beside it.

    ``published``: the retrospective's published table (default: the bundled
    one, :func:`~bioanchors.retro.published.load_published`); ``False`` for none.
    ``simulated``: add FTM's best guess's own 2022-2026 growth (:func:`.simulated.simulated_growth`).
    """
    if LONG_RUN in sets and RAMP not in sets:
        sets = {**sets, RAMP: cotra_ramp_parameter_set()}
    ordered = {k: sets[k] for k in SET_ORDER if k in sets}
    pub = load_published() if published is True else (published or None)
    sim = (simulated_growth(),) if simulated else ()
    return RetroResult(ordered, against, counterfactual_reruns(ordered[against]), hindcast, list(notes or []), pub, sim)


__all__ = ["FACTORS", "RetroResult", "earlier", "retrospective"]
