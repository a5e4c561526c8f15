"""Parameter values for evaluation: a dict from dotted path to an array.

Every value is either a float (point) or an array of shape (samples,). The
same dict drives the exact method (one point set, or many sets at once for
sensitivity analysis) and Monte Carlo.
"""

from __future__ import annotations

import numpy as np

from ..distributions import gaussian_copula_uniforms, spearman_to_pearson
from ..errors import ScenarioError
from ..schema import ScenarioSpec
from ..scenario import iter_trend_params
from .space import parameter_space


def point_parameters(spec: ScenarioSpec) -> dict[str, float]:
    """Central value of every trend parameter (the value, or a distribution's median).

    Also validates the scenario's ``[[correlations]]``: every evaluation path
    (exact, Monte Carlo, sensitivity, web) starts here, so a correlation that
    names a missing or fixed parameter is an error even where it would not be
    used (the exact method, one-at-a-time analysis). The work is done once per
    spec (:func:`.space.parameter_space`).
    """
    return dict(parameter_space(spec).central)


def correlation_matrix(spec: ScenarioSpec, names: list[str]) -> np.ndarray | None:
    """Normal-copula correlation matrix over ``names`` from the scenario's rank correlations.

    ``names`` are the uncertain parameters in sampling order. Errors (each a
    :class:`ScenarioError` naming the field): a parameter that does not exist,
    a fixed value, a parameter paired with itself, a pair given twice, and
    correlations that are not jointly possible (matrix not positive definite).
    """
    if not spec.correlations:
        return None
    index = {n: i for i, n in enumerate(names)}
    known = dict(iter_trend_params(spec))
    corr = np.eye(len(names))
    seen: dict[frozenset, int] = {}
    for k, c in enumerate(spec.correlations):
        for end in (c.a, c.b):
            if end not in known:
                hint = ("requirement ingredients shape the hypotheses, which are built once, so they cannot be "
                        "correlated with trends" if end.startswith("requirements.")
                        else "use a dotted path such as 'spending.doubling_time_years'")
                raise ScenarioError(f"field 'correlations.{k}': '{end}' is not a parameter of this scenario ({hint})")
            if end not in index:
                raise ScenarioError(f"field 'correlations.{k}': '{end}' is a fixed value; "
                                    "only parameters given as distributions can be correlated")
        if c.a == c.b:
            raise ScenarioError(f"field 'correlations.{k}': a parameter cannot be correlated with itself")
        pair = frozenset((c.a, c.b))
        if pair in seen:
            # Last-one-wins would silently drop a stated correlation.
            raise ScenarioError(f"field 'correlations.{k}': {c.a} and {c.b} are already correlated in "
                                f"'correlations.{seen[pair]}'; give each pair once")
        seen[pair] = k
        if abs(c.rank_correlation) >= 1.0:
            # A Gaussian copula with |r| = 1 is degenerate (no Cholesky factor).
            raise ScenarioError(f"field 'correlations.{k}.rank_correlation': {c.rank_correlation:g} makes the two "
                                "parameters deterministic functions of each other; use a value strictly between -1 and 1")
        i, j = index[c.a], index[c.b]
        corr[i, j] = corr[j, i] = spearman_to_pearson(c.rank_correlation)
    if np.linalg.eigvalsh(corr).min() <= 1e-10:
        raise ScenarioError("field 'correlations': the rank correlations do not form a positive-definite "
                            "matrix (they contradict each other); weaken some of them")
    return corr


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
