"""The model registry and the protocol every registered model implements (docs/architecture.md)."""


from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from ..errors import BioanchorsError
from ..evaluation.registry import unknown_name
from ..schema import ModelConfig

if TYPE_CHECKING:
    from ..protocols import ScenarioLike
    from ..result import ArrivalForecast

DEFAULT_MODEL = "cotra2020"
#: the model a scenario file with ``[[models]]`` and no ``model`` key is for (a weighted mixture)
MIXTURE_MODEL = "ensemble"


@runtime_checkable
class Model(Protocol):
    """What every registered model provides."""

    name: str  # registry key, named after the source: "cotra2020"
    source: str  # "Cotra (2020) biological anchors"
    forecasts: str  # what P(by t) is the probability of, one line

    @property
    def config_schema(self) -> type[ModelConfig]:
        """The pydantic model its scenario files validate against."""

    @property
    def events(self) -> tuple[Any, ...]:
        """The events it forecasts (``EventSpec``: name, label), the headline first."""

    def cost(self, scenario: ScenarioLike, method: str, samples: int, n_years: int) -> int:
        """Work units of a forecast (the web's work budget, docs/limits.md)."""

    def auto_method(self, scenario: ScenarioLike) -> str:
        """The estimator ``method="auto"`` means for this scenario."""

    def check_method(self, scenario: ScenarioLike, method: str) -> None:
        """Raise a BioanchorsError if estimator ``method`` cannot evaluate this scenario."""

    def uncertain_parameters(self, scenario: ScenarioLike) -> dict[str, Any]:
        """Dotted path -> Param for every input given as a distribution (sensitivity's inputs)."""

    def evaluate(self, scenario: ScenarioLike, *, method: str, samples: int, seed: int, years: np.ndarray,
                 progress: Callable[[int], None] | None = None) -> ArrivalForecast:
        """P(by t) over ``years`` [calendar years] with estimator ``method``."""

    def parameter_set_evaluator(self, scenario: ScenarioLike, years: np.ndarray
                                ) -> Callable[[dict[str, Any]], np.ndarray]:
        """A function from parameter sets (dotted path -> (sets,) array or float) to P (sets, years).

        Sensitivity analysis evaluates the model through it (sample -> evaluate -> analyse).
        """


MODELS: dict[str, Model] = {}


def register_model(model: Model) -> Model:
    """Add ``model`` to the registry under ``model.name`` (names are unique)."""
    if not isinstance(model, Model):
        raise TypeError(f"{model!r} does not implement the Model protocol")
    if model.name in MODELS:
        raise ValueError(f"model '{model.name}' is already registered")
    MODELS[model.name] = model
    return model


def get_model(name: str | Model) -> Model:
    """The registered model ``name`` (a model object passes through); unknown names are a one-line error."""
    if isinstance(name, Model):
        return name
    try:
        return MODELS[name]
    except (KeyError, TypeError):
        raise BioanchorsError(unknown_name("model", name, MODELS)) from None


def check_point_values(scenario: ScenarioLike, method: str, uncertain) -> None:
    """The one-line error when estimator ``method`` needs point values (``needs_point_trends``)
    but ``uncertain`` (dotted paths) are distributions; every model's ``check_method`` uses it."""
    from ..evaluation.registry import get_estimator

    names = list(uncertain)
    if get_estimator(method).needs_point_trends and names:
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        raise BioanchorsError(
            f"{scenario.origin}: the {method} method needs point values, but {len(names)} parameters are "
            f"distributions ({shown}). Use --method conditional or monte-carlo (or give them as values).")


def model_for(scenario: ScenarioLike) -> Model:
    """The model a scenario is for: its top-level ``model`` field (default Cotra's)."""
    return get_model(scenario.spec.model)
