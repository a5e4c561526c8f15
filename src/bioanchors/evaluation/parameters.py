"""Parameter values for evaluation: a dict from dotted path to an array.

Every value is either a float (point) or an array of shape (samples,). The
same dict drives the exact method (one point set, or many sets at once for
sensitivity analysis) and Monte Carlo.
"""

from __future__ import annotations

import numpy as np

from ..distributions import gaussian_copula_uniforms
from ..errors import ScenarioError
from ..schema import ScenarioSpec
from .space import correlation_matrix, parameter_space  # noqa: F401  (re-exported: callers import it from here)


def point_parameters(spec: ScenarioSpec) -> dict[str, float]:
    """Central value of every trend parameter (the value, or a distribution's median).

    Also validates the scenario's ``[[correlations]]``: every evaluation path
    (exact, Monte Carlo, sensitivity, web) starts here, so a correlation that
    names a missing or fixed parameter is an error even where it would not be
    used (the exact method, one-at-a-time analysis). The work is done once per
    spec (:func:`.space.parameter_space`).
    """
    return dict(parameter_space(spec).central)



def sample_parameters(spec: ScenarioSpec, n: int, rng: np.random.Generator) -> dict[str, np.ndarray | float]:
    """Draw ``n`` joint samples of the uncertain parameters; point values stay floats.

    Uncertain parameters are sampled through a Gaussian copula with the
    scenario's rank correlations (independent when none are given). The
    distributions and the correlation matrix come compiled from
    :func:`.space.parameter_space`, not rebuilt per call (per chunk).
    """
    space = parameter_space(spec)
    params: dict[str, np.ndarray | float] = dict(space.central)
    if space.is_point:
        return params
    corr = space.correlation
    u = rng.random((n, len(space.names))) if corr is None else gaussian_copula_uniforms(rng, n, corr)
    for col, (name, dist) in enumerate(zip(space.names, space.distributions)):
        params[name] = dist.ppf(u[:, col])
    return params


def from_unit_hypercube(spec: ScenarioSpec, names: list[str], u: np.ndarray) -> dict[str, np.ndarray | float]:
    """Map (samples, len(names)) uniforms through the named parameters' quantile functions.

    For SALib-style designs: each column is one parameter's probability.
    Parameters not named stay at their central values.
    """
    space = parameter_space(spec)
    params: dict[str, np.ndarray | float] = dict(space.central)
    for col, name in enumerate(names):
        if name not in space.params:
            raise ScenarioError(f"'{name}' is not a parameter of scenario '{spec.name}'")
        params[name] = space.distribution(name).ppf(u[:, col])
    return params
