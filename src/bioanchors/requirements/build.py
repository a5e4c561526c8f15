"""Build every hypothesis of a scenario into a :class:`RequirementDistribution`.

Building samples ``requirements.build_samples`` values per constructed
hypothesis with a generator seeded by ``(requirements.seed, hypothesis name)``,
so a hypothesis does not change when another is added or reordered. Results
are cached on the requirement-relevant part of the scenario: changing a trend
does not rebuild anything. The cache has two levels: in the process, and on
disk (:mod:`.cache`, docs/methods.md), so a new process does not redo the
~0.6 s of sampling; tables read from disk are byte-identical to built ones.
"""

from __future__ import annotations

import functools
import json
import zlib
from dataclasses import dataclass

import numpy as np

from . import cache

from ..schema import Constructed, Hypothesis, Requirements
from .anchors import REGISTRY
from .distribution import RequirementDistribution
from .update import low_value_likelihood


@dataclass(frozen=True)
class BuiltHypothesis:
    name: str
    label: str
    requirement: RequirementDistribution


def _hypothesis_rng(seed: int, name: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def build_requirement(name: str, hyp: Hypothesis, req: Requirements) -> RequirementDistribution:
    """One hypothesis's 2020 requirement, after the update against low values."""
    spec = hyp.requirement
    upd = req.update
    if isinstance(spec, Constructed):
        ingredients = {k: p.distribution() for k, p in req.ingredients}
        kwargs = {}
        if spec.model == "neural_network":
            kwargs = {"log10_horizon_s_low": spec.log10_horizon_s_low, "log10_horizon_s_high": spec.log10_horizon_s_high}
        x = REGISTRY[spec.model](ingredients, _hypothesis_rng(req.seed, name), req.build_samples, **kwargs)
        weights = low_value_likelihood(x, upd.zero_at_log10_flop, upd.one_at_log10_flop) if upd.enabled else None
        return RequirementDistribution.from_samples(x, weights)
    # A distribution stated directly over log10 FLOP: the update is applied
    # to its CDF on the grid (same likelihood, same renormalisation).
    base = RequirementDistribution.from_ppf(spec.distribution().ppf)
    if not upd.enabled:
        return base
    from .distribution import GRID

    mass = np.diff(base.cdf, prepend=0.0) * low_value_likelihood(GRID, upd.zero_at_log10_flop, upd.one_at_log10_flop)
    total = mass.sum()
    if not total > 0:
        raise ValueError(f"hypothesis {name}: all its mass is below 1e{upd.zero_at_log10_flop:g} FLOP, "
                         "which the update against low values rules out")
    cdf = np.cumsum(mass) / total
    cdf[-1] = 1.0
    return RequirementDistribution(cdf=cdf, removed_by_update=float(1.0 - total))


@functools.lru_cache(maxsize=64)
def _build_cached(key: str) -> tuple[BuiltHypothesis, ...]:
    payload = json.loads(key)
    req = Requirements.model_validate(payload["requirements"])
    hyps = [(name, Hypothesis.model_validate(payload["hypotheses"][name])) for name in payload["order"]]
    stored = cache.load(key, len(hyps))
    if stored is not None:
        dists = [RequirementDistribution(cdf=c, removed_by_update=float(r)) for c, r in zip(*stored)]
    else:
        dists = [build_requirement(name, hyp, req) for name, hyp in hyps]
        cache.store(key, np.stack([d.cdf for d in dists]), np.array([d.removed_by_update for d in dists]))
    return tuple(BuiltHypothesis(name, hyp.label or name, d) for (name, hyp), d in zip(hyps, dists))


def build_hypotheses(spec) -> tuple[BuiltHypothesis, ...]:
    """All hypotheses of a :class:`~bioanchors.schema.ScenarioSpec`, in file order."""
    key = json.dumps(
        {
            "requirements": spec.requirements.model_dump(mode="json"),
            "order": list(spec.hypotheses),  # sort_keys below must not reorder them
            # Only what shapes the requirement: weights and trends don't rebuild.
            "hypotheses": {
                k: {**h.model_dump(mode="json", include={"label", "requirement"}),
                    "weight": 1.0, "halving_time_years": 1.0, "cap_oom": 1.0}
                for k, h in spec.hypotheses.items()
            },
        },
        sort_keys=True,
    )
    return _build_cached(key)
