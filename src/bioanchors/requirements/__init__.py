"""2020 training-compute requirements, one distribution per hypothesis (docs/model.md §3).

- :mod:`.distribution`: the gridded CDF over log10 FLOP every hypothesis becomes;
- :mod:`.anchors`: the sub-models that build a hypothesis from biological
  ingredients by sampling (lifetime, evolution, genome, neural network);
- :mod:`.transforms`: likelihoods applied to a built distribution (Bayes on the grid);
- :mod:`.update`: the update against low values (likelihood 0 at <= 1e23 FLOP), one transform;
- :mod:`.build`: turns a scenario's hypotheses into distributions (prior cached, then transformed).
"""

from .build import BuiltHypothesis, build_hypotheses, scenario_transforms
from .distribution import RequirementDistribution
from .transforms import Applied, Transform, apply_all
from .update import low_value_update, update_against_low_values

__all__ = ["Applied", "BuiltHypothesis", "RequirementDistribution", "Transform", "apply_all", "build_hypotheses",
           "low_value_update", "scenario_transforms", "update_against_low_values"]
