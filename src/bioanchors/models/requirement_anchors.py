"""Requirement anchors: a registered model's training-compute requirement as another model's input
(issues 21 item 4 and 22 item 4; docs/architecture.md, "Requirement anchors").

A model is a **requirement anchor** when it states how much training compute the thing it forecasts
needs, as a distribution over log10 FLOP: it then has the capability

    requirement_cdf(spec) -> (GRID.size,) CDF [-] on requirements.distribution.GRID [log10 FLOP]
    requirement_algorithms_year: float   # the year of the algorithms its FLOP are measured in [yr]

(Cotra's model: the weighted mixture of her hypotheses' 2020 requirements; the Direct Approach:
its requirement in 2022 algorithms). The anchor is read at its built-in scenario of the same name,
at its central values. A model that takes a requirement from an anchor (the AIFM's AC requirement,
FTM's full-automation requirement) reads it here by name, so no model branches on another's name:
the anchors are whichever registered models have the capability.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import BioanchorsError
from ..evaluation.registry import unknown_name
from .registry import MODELS


def anchor_names() -> tuple[str, ...]:
    """The registered models that are requirement anchors, in registry order."""
    return tuple(name for name, model in MODELS.items() if hasattr(model, "requirement_cdf"))


def check_anchor(name: str, what: str = "requirement anchor", extra: tuple[str, ...] = ()) -> str:
    """``name`` if it is a requirement anchor (or one of ``extra``), else a ValueError whose one line
    lists the choices (pydantic validators turn it into the field's error)."""
    choices = (*extra, *anchor_names())
    if name not in choices:
        raise ValueError(unknown_name(what, name, choices))
    return name


def algorithms_year(name: str) -> float:
    """The year of the algorithms anchor ``name``'s FLOP are measured in [decimal yr]."""
    return float(MODELS[check_anchor(name)].requirement_algorithms_year)  # type: ignore[attr-defined]


@lru_cache(maxsize=8)
def anchor_grid(name: str) -> tuple[np.ndarray, np.ndarray]:
    """(cdf, log10 FLOP grid) of anchor ``name`` at its built-in scenario's central values.

    The built-in file is read and validated here (not through bioanchors.scenario, which imports
    the models); built-in anchor scenarios stand alone (no ``extends``)."""
    import tomllib
    from importlib import resources

    from ..requirements.distribution import GRID
    from ..schema import CONFIG_SCHEMAS

    model: Any = MODELS[check_anchor(name)]
    text = resources.files("bioanchors.scenarios").joinpath(f"{name}.toml").read_text()
    spec = CONFIG_SCHEMAS[model.name].model_validate(tomllib.loads(text))
    cdf = np.asarray(model.requirement_cdf(spec), dtype=float).ravel()
    if cdf.shape != GRID.shape:
        raise BioanchorsError(f"requirement anchor '{name}': its CDF has {cdf.size} points, the grid {GRID.size}")
    return np.maximum.accumulate(np.clip(cdf, 0.0, 1.0)), GRID  # rounding can leave dips of ~1e-16


def anchor_ppf(name: str) -> Callable[[Any], np.ndarray]:
    """quantile [-] -> anchor ``name``'s requirement [log10 FLOP of its own algorithms year].

    Linear interpolation of the gridded CDF (mass uniform within each 0.01-OOM bin, as
    RequirementDistribution.ppf)."""
    cdf, grid = anchor_grid(name)
    return lambda q: np.interp(q, cdf, grid)
