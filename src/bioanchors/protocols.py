"""What the engine reads of a scenario, as a Protocol (issue 20 item 6).

Models, estimators and results name the scenario they are handed in their signatures. Importing
:class:`bioanchors.scenario.Scenario` for that, even only for the type checker, would close an
import cycle: loading a scenario asks the model registry for the model's config schema. They type
against :class:`ScenarioLike` instead, which :class:`~bioanchors.scenario.Scenario` implements.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from .schema import ModelConfig, Param

C = TypeVar("C", bound=ModelConfig)


class ScenarioLike(Protocol):
    """A validated scenario: its model's config (``spec``) and where it came from (``origin``)."""

    @property
    def spec(self) -> ModelConfig: ...

    @property
    def origin(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def model(self) -> str:
        """The registered model the scenario is for."""

    @property
    def members(self) -> tuple[ScenarioLike, ...]:
        """A mixture's member scenarios (empty for other models)."""

    @property
    def uncertain_parameters(self) -> dict[str, Param]:
        """Dotted path -> Param for every input given as a distribution."""

    @property
    def content_hash(self) -> str: ...

    def config(self, schema: type[C]) -> C:
        """``spec`` as one model's config class (checked)."""

    def to_toml(self) -> str:
        """The scenario as TOML, every value resolved."""

    def replace(self, overrides: dict[str, Any] | None = None, **dotted: Any) -> ScenarioLike:
        """A new scenario with some fields changed, re-validated."""
