"""Variance-based (Sobol) sensitivity indices through SALib.

Saltelli's scheme (SALib ``sample.sobol`` / ``analyze.sobol``) on the unit
hypercube; each row maps through the inputs' quantile functions and is
evaluated exactly, so N * (k + 2) parameter sets cost seconds, not the nested
Monte Carlo a sampled model would need. Sobol indices assume independent
inputs, so a scenario with ``[[correlations]]`` is rejected rather than
silently analysed as if independent.
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
from .outputs import output_function


@dataclass(frozen=True)
class SobolResult:
    scenario: str
    output: str
    base_samples: int
    names: tuple[str, ...]
    S1: np.ndarray
    S1_conf: np.ndarray  # half-width of the 95% bootstrap interval (SALib)
    ST: np.ndarray
    ST_conf: np.ndarray
    output_mean: float
    output_sd: float

    @property
    def ranking(self) -> list[str]:
        """Inputs by total-order index, largest first."""
        return [self.names[i] for i in np.argsort(-self.ST, kind="stable")]

    @property
    def dominant(self) -> str:
        return self.ranking[0]

    def to_dict(self) -> dict:
        return {
            "method": "sobol",
            "output": self.output,
            "scenario": self.scenario,
            "base_samples": self.base_samples,
            "evaluations": self.base_samples * (len(self.names) + 2),  # k inputs or groups
            "output_mean": self.output_mean,
            "output_sd": self.output_sd,
            "inputs": {
                n: {"S1": float(a), "S1_conf": float(b), "ST": float(c), "ST_conf": float(d)}
                for n, a, b, c, d in zip(self.names, self.S1, self.S1_conf, self.ST, self.ST_conf)
            },
            "ranking": self.ranking,
            "dominant": self.dominant,
        }

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame({"S1": self.S1, "S1_conf": self.S1_conf, "ST": self.ST, "ST_conf": self.ST_conf},
                          index=pd.Index(self.names, name="input"))
        return df.sort_values("ST", ascending=False)

    def plot(self, ax=None):
        """First-order and total indices with their 95% intervals."""
        import matplotlib.pyplot as plt

        df = self.to_frame().iloc[::-1]
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 0.45 * len(df) + 1.5))
        y = np.arange(len(df))
        ax.barh(y + 0.2, df["ST"], height=0.4, xerr=df["ST_conf"], label="total (ST)", color="#dd8452")
        ax.barh(y - 0.2, df["S1"], height=0.4, xerr=df["S1_conf"], label="first order (S1)", color="#4c72b0")
        ax.set_yticks(y, df.index)
        ax.set_xlabel("Sobol index (share of output variance)")
        ax.set_title(f"{self.scenario}: Sobol indices of {self.output} (N = {self.base_samples})")
        ax.legend(fontsize=8)
        return ax


def component_of(path: str, spec=None) -> str:
    """The model component a parameter belongs to, for grouped indices (from the parameter catalogue;
    ``spec`` names an ensemble's members)."""
    from ..catalogue import component_of as catalogue_component

    return catalogue_component(path, spec)


def _seeds(seed: int) -> tuple[np.random.SeedSequence, int]:
    """Independent streams for the design and the bootstrap, both fixed by ``seed``.

    SALib's analyze treats a falsy seed (0, the CLI default) as "no seed" and
    falls back to numpy's global state, so the bootstrap gets a positive integer
    drawn from the seed's own SeedSequence (never 0).
    """
    design, boot = np.random.SeedSequence(seed).spawn(2)
    return design, int(boot.generate_state(1, dtype=np.uint32)[0]) + 1


def sobol_indices(scenario: Scenario | str, output: str = "median_year", base_samples: int = 1024,
                  seed: int = 0, group_by_component: bool = False,
                  model: Model | str | Callable[..., np.ndarray] | None = None) -> SobolResult:
    """First-order and total Sobol indices of ``output`` over the uncertain inputs.

    With ``group_by_component`` the indices are of groups of inputs (all FLOP/$
    parameters together, all algorithmic-progress ones, ...), SALib's grouped
    Sobol analysis: the question "which part of the model matters".
    ``model`` is what is analysed: a registered model or its name (evaluated exactly on the parameter sets;
    default: the scenario's model), or any function ``f(spec, names, u, output) -> (sets,)``
    such as a closed-form test problem (see :func:`.outputs.output_function`).
    ``seed`` (>= 0, 0 included) fixes both the scrambled Sobol design and the
    bootstrap of the confidence intervals: same seed, byte-identical result.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    sc = load_scenario(scenario)
    params = sc.uncertain_parameters
    if len(params) < 2:
        raise BioanchorsError(f"{sc.origin}: Sobol analysis needs at least two parameters given as distributions")
    if getattr(sc.spec, "correlations", None):
        raise BioanchorsError(
            f"{sc.origin}: Sobol indices assume independent inputs, but the scenario correlates some "
            "([[correlations]]); use --method oat, or remove the correlations for this analysis"
        )
    if base_samples < 16 or base_samples & (base_samples - 1):
        raise BioanchorsError(f"--samples {base_samples}: Sobol needs a power of two >= 16 (e.g. 1024, 4096)")
    if not 0 <= seed < 2**63:
        raise BioanchorsError(f"--seed {seed}: give a whole number >= 0 (e.g. 0, 1, 42)")
    names = list(params)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    if group_by_component:
        problem["groups"] = [component_of(n, sc.spec) for n in names]
        if len(set(problem["groups"])) < 2:
            raise BioanchorsError(f"{sc.origin}: all uncertain inputs belong to one component; nothing to compare")
    sample_seed, boot_seed = _seeds(seed)
    u = sobol_sample.sample(problem, base_samples, calc_second_order=False, scramble=True,
                            seed=np.random.default_rng(sample_seed))
    # Keep probabilities off exact 0/1, where unbounded quantile functions are infinite.
    u = np.clip(u, 1e-9, 1 - 1e-9)
    y = output_function(model, sc)(sc.spec, names, u, output)
    res = sobol_analyze.analyze(problem, y, calc_second_order=False, print_to_console=False, seed=boot_seed)
    labels = tuple(dict.fromkeys(problem["groups"])) if group_by_component else tuple(names)
    return SobolResult(
        scenario=sc.name, output=output, base_samples=base_samples, names=labels,
        S1=np.asarray(res["S1"]), S1_conf=np.asarray(res["S1_conf"]),
        ST=np.asarray(res["ST"]), ST_conf=np.asarray(res["ST_conf"]),
        output_mean=float(np.mean(y)), output_sd=float(np.std(y)),
    )
