"""Build every hypothesis of a scenario into a :class:`RequirementDistribution`.

Building samples ``requirements.build_samples`` values per constructed
hypothesis with a generator seeded by ``(requirements.seed, hypothesis name)``,
so a hypothesis does not change when another is added or reordered. The
*prior* builds (before any transform) are cached on the part of the scenario
that shapes them: changing a trend, a weight or the update's thresholds does
not rebuild anything. The cache has two levels: in the process, and on disk
(:mod:`.cache`, docs/methods.md), so a new process does not redo the ~0.6 s
of sampling; tables read from disk are byte-identical to built ones.

Then the scenario's transforms (today the update against low values,
:mod:`.update`) are applied to every hypothesis in one code path,
sampled or given directly (docs/architecture.md).
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..schema import Constructed, Hypothesis, Requirements
from . import cache
from .anchors import REGISTRY
from .distribution import NoMassLeft, RequirementDistribution
from .transforms import Transform
from .update import low_value_update


@dataclass(frozen=True)
class BuiltHypothesis:
    name: str
    label: str
    requirement: RequirementDistribution

    def transformed(self, transform: Transform) -> BuiltHypothesis:
        """This hypothesis with ``transform`` applied to its requirement (the step is recorded)."""
        try:
            req = self.requirement.transformed(transform)
        except NoMassLeft:
            params = ", ".join(f"{k}={v:g}" for k, v in transform.params.items())
            raise NoMassLeft(f"hypothesis {self.name}: the transform {transform.name} ({params}) is zero wherever "
                             "its requirement has mass, so nothing of it would remain; move the requirement up "
                             "or change the transform's parameters") from None
        return BuiltHypothesis(self.name, self.label, req)


def _hypothesis_rng(seed: int, name: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def build_requirement(name: str, hyp: Hypothesis, req: Requirements) -> RequirementDistribution:
    """One hypothesis's 2020 requirement [log10 FLOP], before any transform."""
    spec = hyp.requirement
    if isinstance(spec, Constructed):
        assert req.ingredients is not None  # narrowing: ScenarioSpec refuses constructed hypotheses without them
        ingredients = {k: p.distribution() for k, p in req.ingredients}
        kwargs = {}
        if spec.model == "neural_network":
            kwargs = {"log10_horizon_s_low": spec.log10_horizon_s_low, "log10_horizon_s_high": spec.log10_horizon_s_high}
        x = REGISTRY[spec.model](ingredients, _hypothesis_rng(req.seed, name), req.build_samples, **kwargs)
        return RequirementDistribution.from_samples(x)
    # A distribution stated directly over log10 FLOP.
    return RequirementDistribution.from_ppf(spec.distribution().ppf)


def scenario_transforms(req: Requirements) -> tuple[Transform, ...]:
    """The transforms a scenario's ``[requirements]`` asks for, in the order they apply."""
    upd = req.update
    return (low_value_update(upd.zero_at_log10_flop, upd.one_at_log10_flop),) if upd.enabled else ()


@functools.lru_cache(maxsize=64)
def _build_cached(key: str) -> tuple[BuiltHypothesis, ...]:
    """The prior builds (no transform applied) for a key made by :func:`_prior_key`."""
    payload = json.loads(key)
    req = Requirements.model_validate(payload["requirements"])
    hyps = [(name, Hypothesis.model_validate(payload["hypotheses"][name])) for name in payload["order"]]
    cdfs = cache.load(key, len(hyps))
    if cdfs is not None:
        dists = [RequirementDistribution(cdf=c) for c in cdfs]
    else:
        dists = [build_requirement(name, hyp, req) for name, hyp in hyps]
        cache.store(key, np.stack([d.cdf for d in dists]))
    return tuple(BuiltHypothesis(name, hyp.label or name, d) for (name, hyp), d in zip(hyps, dists))


def _prior_key(spec) -> str:
    """JSON of exactly what shapes the prior builds: weights, trends and transforms don't rebuild."""
    return json.dumps(
        {
            "requirements": spec.requirements.model_dump(mode="json", exclude={"update"}),
            "order": list(spec.hypotheses),  # sort_keys below must not reorder them
            "hypotheses": {
                k: {**h.model_dump(mode="json", include={"label", "requirement"}),
                    "weight": 1.0, "halving_time_years": 1.0, "cap_oom": 1.0}
                for k, h in spec.hypotheses.items()
            },
        },
        sort_keys=True,
    )


def build_hypotheses(spec, transforms: Sequence[Transform] | None = None) -> tuple[BuiltHypothesis, ...]:
    """All hypotheses of a :class:`~bioanchors.schema.ScenarioSpec`, in file order.

    Each is the cached prior build with ``transforms`` applied in order
    (default: :func:`scenario_transforms`, i.e. the update against low values
    unless the scenario disables it). Raises ValueError naming the hypothesis
    if a transform leaves none of its mass.
    """
    steps = scenario_transforms(spec.requirements) if transforms is None else tuple(transforms)
    built = _build_cached(_prior_key(spec))
    for t in steps:
        built = tuple(b.transformed(t) for b in built)
    return built
