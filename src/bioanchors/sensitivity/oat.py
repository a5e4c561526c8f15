"""One-at-a-time sensitivity (a tornado): each input at the ends of its interval.

Each uncertain input is set to its low and high percentile (5th and 95th by
default: the interval is explicit, ``interval=(0.05, 0.95)``), every other input
stays at its median, and the output is evaluated exactly. Exact evaluation is
the strongest form of common random numbers: every run uses the same
hypothesis distributions, so the results are smooth and monotone wherever
the model is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import BioanchorsError
from ..scenario import Scenario, load_scenario

if TYPE_CHECKING:
    from ..models import Model
from .outputs import output_function, unit_of


@dataclass(frozen=True)
class OATResult:
    scenario: str
    output: str
    interval: tuple[float, float]
    central: float  # output with every input at its median
    names: tuple[str, ...]
    low: np.ndarray  # input values [their units]
    high: np.ndarray
    effect_low: np.ndarray  # output(input at low) - central
    effect_high: np.ndarray

    @property
    def swing(self) -> np.ndarray:
        return np.abs(self.effect_high - self.effect_low)

    @property
    def ranking(self) -> list[str]:
        """Inputs, largest swing first."""
        return [self.names[i] for i in np.argsort(-self.swing, kind="stable")]

    @property
    def dominant(self) -> str:
        return self.ranking[0]

    @property
    def central_meaning(self) -> str:
        """What ``central`` is (issue 23 item 4): not the forecast's median, which averages curves over draws."""
        what = ("the median year, interpolated between whole years, of the curve with every input at its median"
                if self.output == "median_year" else f"{self.output} with every input at its median")
        return (f"central = {what}; the forecast's own figure averages the curves over the inputs' draws and "
                "(for the median) is a whole year, so the two can differ")

    def to_dict(self) -> dict:
        return {
            "method": "oat",
            "output": self.output,
            "scenario": self.scenario,
            "interval": list(self.interval),
            "central": float(self.central),
            "central_meaning": self.central_meaning,
            "inputs": {
                n: {"low": float(lo), "high": float(hi), "effect_low": float(el), "effect_high": float(eh)}
                for n, lo, hi, el, eh in zip(self.names, self.low, self.high, self.effect_low, self.effect_high)
            },
            "ranking": self.ranking,
            "dominant": self.dominant,
        }

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame({"low": self.low, "high": self.high, "effect_low": self.effect_low,
                           "effect_high": self.effect_high, "swing": self.swing}, index=pd.Index(self.names, name="input"))
        return df.sort_values("swing", ascending=False)

    def plot(self, ax=None):
        """Tornado chart: bars from the central value to the output at each end."""
        import matplotlib.pyplot as plt

        df = self.to_frame().iloc[::-1]
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 0.45 * len(df) + 1.5))
        y = np.arange(len(df))
        ax.barh(y, df["effect_low"], left=self.central, color="#4c72b0",
                label=f"input at p{self.interval[0] * 100:g}")
        ax.barh(y, df["effect_high"], left=self.central, color="#dd8452",
                label=f"input at p{self.interval[1] * 100:g}")
        ax.axvline(self.central, color="black", lw=1)
        ax.set_yticks(y, df.index)
        ax.set_xlabel(f"{self.output} [{unit_of(self.output)}]")
        ax.set_title(f"{self.scenario}: one-at-a-time sensitivity of {self.output}")
        ax.legend(fontsize=8)
        return ax


def one_at_a_time(scenario: Scenario | str, output: str = "median_year",
                  interval: tuple[float, float] = (0.05, 0.95),
                  model: Model | str | Callable[..., np.ndarray] | None = None) -> OATResult:
    """Tornado analysis of ``output`` over the scenario's uncertain inputs.

    ``model`` is what is analysed (sample -> evaluate -> analyse): a registered model,
    or its name, evaluated exactly on the
    parameter sets (default: the scenario's model, Cotra's); or any function
    ``f(spec, names, u, output) -> (sets,)`` of rows of input probabilities ``u``, such
    as a closed-form test problem, through the same pipeline (how the tests check it).
    """
    sc = load_scenario(scenario)
    lo_q, hi_q = interval
    # Open at 0 and 1: the ends of an unbounded distribution are infinite.
    if not 0.0 < lo_q < 0.5 < hi_q < 1.0:
        raise BioanchorsError(f"interval p{lo_q * 100:g}-p{hi_q * 100:g}: need 0 < low < 50 < high < 100 "
                              "(percentiles; e.g. --low 5 --high 95)")
    params = sc.uncertain_parameters
    if not params:
        raise BioanchorsError(
            f"{sc.origin}: no parameter is given as a distribution, so there is nothing to vary. "
            "Use a scenario with uncertainty (e.g. cotra2020-uncertain) or give some parameters as {dist = ...}."
        )
    names = list(params)
    k = len(names)
    # Row 0: all at the median; then for each input its low and high row.
    u = np.full((1 + 2 * k, k), 0.5)
    for j in range(k):
        u[1 + 2 * j, j] = lo_q
        u[2 + 2 * j, j] = hi_q
    y = output_function(model, sc)(sc.spec, names, u, output)
    dists = [params[n].distribution() for n in names]
    return OATResult(
        scenario=sc.name,
        output=output,
        interval=(lo_q, hi_q),
        central=float(y[0]),
        names=tuple(names),
        low=np.array([float(d.ppf(lo_q)) for d in dists]),
        high=np.array([float(d.ppf(hi_q)) for d in dists]),
        effect_low=y[1::2] - y[0],
        effect_high=y[2::2] - y[0],
    )
