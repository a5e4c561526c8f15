"""Models by name (issue 12 item 1): FaIR-style named sub-models behind one protocol.

A model declares its config schema (the pydantic model a scenario file is
validated against) and evaluates a scenario to a generic
:class:`~bioanchors.result.ArrivalForecast` (years, P(by t), standard
errors, optional band, components, diagnostics). Models are registered under
the name of their source; :func:`get_model` turns an unknown name into a
one-line error listing the known ones. :func:`ensemble` mixes forecasts of
any models.

    >>> from bioanchors.models import get_model, MODELS
    >>> get_model("cotra2020").source
    'Cotra (2020) biological anchors'
"""

from . import cotra2020 as _cotra2020  # noqa: E402,F401  (registers itself)
from . import direct_approach as _direct_approach  # noqa: E402,F401  (registers itself)
from . import metr_horizon as _metr_horizon  # noqa: E402,F401  (registers itself)
from . import semi_informative_priors as _sip  # noqa: E402,F401  (registers itself)
from .base import ParametricModel
from .ensemble import EnsembleModel, MixtureModel, ensemble  # noqa: E402  (registers "ensemble")
from .registry import DEFAULT_MODEL, MODELS, Model, get_model, model_for, register_model

__all__ = ["DEFAULT_MODEL", "MODELS", "Model", "EnsembleModel", "MixtureModel", "ParametricModel", "ensemble",
           "get_model", "model_for", "register_model"]
