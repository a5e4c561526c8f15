"""A scenario's parameter space, compiled and validated once (issue 12 item 2).

Every estimator chunk used to walk ``iter_trend_params`` and rebuild every
distribution (and re-validate the correlations) per chunk. A
:class:`ParameterSpace` holds what sampling needs: the central value of every
trend parameter, the uncertain ones in sampling order with their frozen
distributions, and the Gaussian-copula correlation matrix. It is built the
first time a spec is evaluated and reused for every chunk after that.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ..distributions import Distribution, spearman_to_pearson
from ..catalogue import sampled_parameters as iter_trend_params
from ..errors import ScenarioError
from ..schema import Param, ScenarioSpec

_CACHE_SIZE = 64  # specs kept; a sensitivity or web session touches a handful
_cache: OrderedDict[int, tuple[ScenarioSpec, "ParameterSpace"]] = OrderedDict()


@dataclass(frozen=True)
class ParameterSpace:
    """The sampled parameters of one scenario, ready to draw from.

    ``central``: dotted path -> central value of every trend parameter;
    ``names`` / ``params`` / ``distributions``: the uncertain ones, in sampling order;
    ``correlation``: normal-copula correlation matrix over ``names`` (None: independent).
    """

    central: dict[str, float]
    params: dict[str, Param]  # every trend parameter, point or not
    names: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    correlation: np.ndarray | None

    @property
    def is_point(self) -> bool:
        """True when no trend parameter is a distribution (one parameter set)."""
        return not self.names

    def distribution(self, name: str) -> Distribution:
        """The frozen distribution of any trend parameter (a point mass for fixed values)."""
        if name in self.names:
            return self.distributions[self.names.index(name)]
        return self.params[name].distribution()


def compile_space(spec: ScenarioSpec) -> ParameterSpace:
    """Build and validate the parameter space of ``spec`` (no cache; see :func:`parameter_space`)."""
    params = dict(iter_trend_params(spec))
    uncertain = [k for k, p in params.items() if not p.is_point]
    # Validated even when nothing is uncertain: a correlation naming a missing or fixed
    # parameter is an error on every path (exact, sensitivity, web).
    corr = correlation_matrix(spec, uncertain) if spec.correlations else None
    dists = tuple(params[k].distribution() for k in uncertain)
    central = {k: (float(p.value) if p.is_point else d.median)
               for k, p, d in _with_dists(params, uncertain, dists)}
    return ParameterSpace(central, params, tuple(uncertain), dists, corr)


def _with_dists(params, uncertain, dists):
    """(name, Param, its distribution or None) in ``params`` order, reusing the compiled ones."""
    by_name = dict(zip(uncertain, dists))
    for k, p in params.items():
        yield k, p, by_name.get(k)


def parameter_space(spec: ScenarioSpec) -> ParameterSpace:
    """The compiled space of ``spec``, cached per spec object.

    Specs are frozen pydantic models, so a spec never changes after it is built:
    keying by identity (holding a reference, so the id is not reused) is safe.
    """
    hit = _cache.get(id(spec))
    if hit is not None and hit[0] is spec:
        _cache.move_to_end(id(spec))
        return hit[1]
    space = compile_space(spec)
    _cache[id(spec)] = (spec, space)
    while len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return space

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
