"""Transforms: likelihoods that turn one requirement distribution into another.

A transform is a likelihood over the 2020 requirement [log10 FLOP] with a name
and its parameters. Applying it (Bayes' rule on the gridded CDF,
:meth:`RequirementDistribution.reweighted`) gives the posterior and records
the mass it removed. Builds are cached *before* any transform
(:mod:`.build`, :mod:`.cache`), so changing a transform never rebuilds.

Today's one transform is the update against low values (:mod:`.update`).
The evidence update of issue 14 ("no TAI by year V although runs of X FLOP
were affordable") is another: a likelihood of the requirement, possibly one
per hypothesis; the mass it removes from hypothesis i gives the posterior
weights, w_i (1 - removed_i) / sum_j w_j (1 - removed_j).

Design: plain functions and a thin frozen dataclass (pvlib style); no class
hierarchy. Transforms compose: applying L1 then L2 equals applying L1 x L2
(:func:`product`), to rounding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .distribution import Applied, RequirementDistribution

__all__ = ["Applied", "Likelihood", "Transform", "apply_all", "identity", "product"]

Likelihood = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Transform:
    """A named likelihood over log10 FLOP [values in 0-1], vectorised over arrays."""

    name: str
    likelihood: Likelihood
    params: Mapping[str, float] = field(default_factory=dict)

    def __call__(self, dist: RequirementDistribution) -> RequirementDistribution:
        return dist.transformed(self)


def apply_all(dist: RequirementDistribution, transforms: Iterable[Transform]) -> RequirementDistribution:
    """Apply transforms in order; each records its step in ``applied``."""
    for t in transforms:
        dist = dist.transformed(t)
    return dist


def identity() -> Transform:
    """The uninformative transform: a likelihood of ones (changes nothing, removes nothing)."""
    return Transform("identity", np.ones_like)


def product(*transforms: Transform) -> Transform:
    """One transform whose likelihood is the product of the given ones (Bayes: independent evidence)."""

    def likelihood(x):
        out = np.ones(np.shape(x))
        for t in transforms:
            out = out * t.likelihood(x)
        return out

    params = {f"{t.name}.{k}": v for t in transforms for k, v in t.params.items()}
    return Transform(" x ".join(t.name for t in transforms), likelihood, params)
