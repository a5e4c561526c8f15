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

from ..catalogue import sampled_parameters as iter_trend_params
from ..distributions import Distribution, gaussian_copula_uniforms, spearman_to_pearson
from ..errors import ScenarioError
from ..schema import Param, ScenarioSpec

_CACHE_SIZE = 64  # specs kept; a sensitivity or web session touches a handful
_cache: OrderedDict[tuple, tuple[object, ParameterSpace]] = OrderedDict()


@dataclass(frozen=True)
class ParameterSpace:
    """The sampled parameters of one scenario, ready to draw from (any model).

    ``central``: dotted path -> central value of every parameter;
    ``names`` / ``params`` / ``distributions``: the uncertain ones, in sampling order;
    ``correlation``: normal-copula correlation matrix over ``names`` (None: independent).

    Draws are row-major: ``sample(n)`` takes an (n, k) block of uniforms (or normal scores),
    so drawing in chunks of any size gives the same numbers as one draw of all of them.
    """

    central: dict[str, float]
    params: dict[str, Param]  # every parameter, point or not
    names: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    correlation: np.ndarray | None

    @property
    def is_point(self) -> bool:
        """True when no parameter is a distribution (one parameter set)."""
        return not self.names

    @property
    def dimension(self) -> int:
        return len(self.names)

    def distribution(self, name: str) -> Distribution:
        """The frozen distribution of any parameter (a point mass for fixed values)."""
        if name in self.names:
            return self.distributions[self.names.index(name)]
        return self.params[name].distribution()

    def sample(self, n: int, rng: np.random.Generator) -> dict[str, np.ndarray | float]:
        """``n`` joint draws (Gaussian copula with ``correlation``); point values stay floats."""
        if self.is_point:
            return dict(self.central)
        corr = self.correlation
        u = rng.random((n, self.dimension)) if corr is None else gaussian_copula_uniforms(rng, n, corr)
        return self.at_uniforms(u, correlated=True)

    def at_uniforms(self, u: np.ndarray, *, correlated: bool = False) -> dict[str, np.ndarray | float]:
        """Parameter sets from (n, k) uniforms over ``names`` (quasi-random designs, sensitivity).

        ``correlated=False`` (independent uniforms, e.g. a Sobol' design) applies the copula
        here: normal scores times the Cholesky factor; ``True`` takes the uniforms as already
        carrying the correlation.
        """
        params: dict[str, np.ndarray | float] = dict(self.central)
        if not correlated and self.correlation is not None:
            from ..distributions import norm_cdf, norm_ppf

            z = norm_ppf(np.clip(u, 1e-15, 1 - 1e-15)) @ np.linalg.cholesky(self.correlation).T
            u = norm_cdf(z)
        for col, (name, dist) in enumerate(zip(self.names, self.distributions)):
            params[name] = dist.ppf(u[:, col])
        return params


def space_of(params: dict[str, Param], correlations=()) -> ParameterSpace:
    """The space of ``params`` (dotted path -> Param, in sampling order) with rank ``correlations``."""
    uncertain = [k for k, p in params.items() if not p.is_point]
    # Validated even when nothing is uncertain: a correlation naming a missing or fixed
    # parameter is an error on every path (exact, sensitivity, web).
    corr = correlation_matrix(correlations, params, uncertain) if correlations else None
    dists = tuple(params[k].distribution() for k in uncertain)
    by_name = dict(zip(uncertain, dists))
    central = {k: (p.central if p.is_point else by_name[k].median) for k, p in params.items()}
    return ParameterSpace(central, params, tuple(uncertain), dists, corr)


def compile_space(spec: ScenarioSpec) -> ParameterSpace:
    """Build and validate the parameter space of Cotra's ``spec`` (no cache; see :func:`parameter_space`)."""
    return space_of(dict(iter_trend_params(spec)), spec.correlations)


def parameter_space(spec, compile=None) -> ParameterSpace:
    """The compiled space of ``spec`` (``compile(spec)``; Cotra's :func:`compile_space` by default),
    cached per spec object and compiler.

    Specs are frozen pydantic models, so a spec never changes after it is built:
    keying by identity (holding a reference, so the id is not reused) is safe.
    """
    key = (id(spec), compile)
    hit = _cache.get(key)
    if hit is not None and hit[0] is spec:
        _cache.move_to_end(key)
        return hit[1]
    space = (compile_space if compile is None else compile)(spec)
    _cache[key] = (spec, space)
    while len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return space

def correlation_matrix(correlations, known: dict[str, Param], names: list[str]) -> np.ndarray | None:
    """Normal-copula correlation matrix over ``names`` from rank ``correlations``.

    ``known``: every parameter of the scenario (dotted path -> Param).

    ``names`` are the uncertain parameters in sampling order. Errors (each a
    :class:`ScenarioError` naming the field): a parameter that does not exist,
    a fixed value, a parameter paired with itself, a pair given twice, and
    correlations that are not jointly possible (matrix not positive definite).
    """
    if not correlations:
        return None
    index = {n: i for i, n in enumerate(names)}
    corr = np.eye(len(names))
    seen: dict[frozenset, int] = {}
    for k, c in enumerate(correlations):
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
