"""Models by name (issue 12 item 1): FaIR-style named sub-models behind one protocol.

A model declares its config schema (the pydantic model a scenario file is
validated against) and hands the estimators its parameter space and exact curves
(:class:`~bioanchors.evaluation.problem.Problem`); every registered estimator then
runs it to a generic :class:`~bioanchors.result.ArrivalForecast`. Models are
registered under the name of their source; :func:`get_model` turns an unknown name
into a one-line error listing the known ones. :func:`ensemble` mixes forecasts of
any models.

Every module or package in this folder that registers a model is imported here by
discovery (:data:`_INFRASTRUCTURE` are the shared parts): adding a model is its own
module, its built-in scenario and its catalogue entry, and touches no other file
(docs/architecture.md, "Adding a model").

    >>> from bioanchors.models import get_model, MODELS
    >>> get_model("cotra2020").source
    'Cotra (2020) biological anchors'
"""

import importlib
import pkgutil

from .base import EventSpec, ParametricModel
from .registry import DEFAULT_MODEL, MODELS, Model, get_model, model_for, register_model
from .trajectory import TrajectoryModel

_INFRASTRUCTURE = {"registry", "base", "trajectory", "ensemble", "requirement_anchors"}
# Cotra's model first: the default, and the first row of `bioanchors models`; the rest by name.
_FIRST = ("cotra2020",)


def _discover() -> None:
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in _INFRASTRUCTURE)
    for name in [*_FIRST, *(n for n in names if n not in _FIRST)]:
        importlib.import_module(f"{__name__}.{name}")  # each registers itself


_discover()
from .ensemble import MixtureModel, ensemble  # noqa: E402  (registers "ensemble", last)

__all__ = ["DEFAULT_MODEL", "MODELS", "Model", "EventSpec", "MixtureModel", "ParametricModel",
           "TrajectoryModel", "ensemble", "get_model", "model_for", "register_model"]
