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

from ..distributions import Distribution
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
    from ..scenario import iter_trend_params
    from .parameters import correlation_matrix

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
