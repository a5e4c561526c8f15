"""2020 training-compute requirements, one distribution per hypothesis (MODEL.md 3).

- :mod:`.distribution`: the gridded CDF over log10 FLOP every hypothesis becomes;
- :mod:`.anchors`: the sub-models that build a hypothesis from biological
  ingredients by sampling (lifetime, evolution, genome, neural network);
- :mod:`.update`: the update against low values (likelihood 0 at <= 1e23 FLOP);
- :mod:`.build`: turns a scenario's hypotheses into distributions (cached).
"""

from .build import BuiltHypothesis, build_hypotheses
from .distribution import RequirementDistribution

__all__ = ["BuiltHypothesis", "RequirementDistribution", "build_hypotheses"]
