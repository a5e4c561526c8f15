"""A closed-form test model, shared by the tests that need a model other than Cotra's.

``hazard_model(name)`` is an exponential arrival with hazard ``rate_per_year`` from
``start_year``: P(by the end of t) = 1 - exp(-rate (t + 1 - start)). It has no catalogue entry
and no components. Each call makes a new config schema and model registered under ``name``
(schemas are keyed by their model name), so test modules do not share registry state.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
from pydantic import Field, create_model

from bioanchors.models import MODELS, ParametricModel, register_model
from bioanchors.schema import ModelConfig, Param, Strict


class Hazard(Strict):
    rate_per_year: Param
    start_year: float = 2020.0


class HazardModel(ParametricModel):
    source = "closed form (test)"
    forecasts = "exponential arrival"

    def __init__(self, name: str):
        self.name = name
        self.config_schema = create_model(f"HazardConfig_{name}", __base__=ModelConfig,
                                          model=(str, Field(name)), hazard=(Hazard, ...))

    def p_by_year(self, spec, params, years):
        rate = np.reshape(np.asarray(params["hazard.rate_per_year"], dtype=float), (-1, 1))
        return -np.expm1(-rate * np.maximum(years[None, :] + 1.0 - spec.hazard.start_year, 0.0))


@contextmanager
def registered_hazard_model(name: str):
    """The hazard model registered under ``name`` for the duration of the block."""
    m = register_model(HazardModel(name))
    try:
        yield m
    finally:
        MODELS.pop(m.name)
