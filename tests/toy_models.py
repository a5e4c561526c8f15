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
from bioanchors.models.trajectory import EventSpec, MetricSpec, SeriesSpec, Simulation, TrajectoryModel
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
def registered(model):
    """``model`` registered for the duration of the block."""
    m = register_model(model)
    try:
        yield m
    finally:
        MODELS.pop(m.name)


def registered_hazard_model(name: str):
    """The hazard model registered under ``name`` for the duration of the block."""
    return registered(HazardModel(name))


class Takeoff(Strict):
    start_year: Param  # the first event [decimal year]
    takeoff_years: Param  # years from the first event to the second [years]


class TakeoffModel(TrajectoryModel):
    """Two dated events and a series in closed form (the trajectory models' battery, issue 20 item 3):
    ``start`` at s, ``finish`` at s + d; series x(t) = t - s [years]; metric d [years]."""

    source = "closed form (test)"
    forecasts = "two milestones"
    events = (EventSpec("finish", "the second milestone"), EventSpec("start", "the first milestone"))
    series_specs = (SeriesSpec("since_start", "years since the first milestone", "years"),)
    metric_specs = (MetricSpec("takeoff", "years from the first to the second milestone", "years"),)

    def __init__(self, name: str):
        self.name = name
        self.config_schema = create_model(f"TakeoffConfig_{name}", __base__=ModelConfig,
                                          model=(str, Field(name)), takeoff=(Takeoff, ...))

    def simulate(self, spec, params, years):
        s = np.reshape(np.asarray(params["takeoff.start_year"], dtype=float), (-1,))
        d = np.broadcast_to(np.asarray(params["takeoff.takeoff_years"], dtype=float), s.shape)
        return Simulation({"start": s, "finish": s + d}, {"since_start": years[None, :] - s[:, None]},
                          {"takeoff": d.copy()})


def registered_takeoff_model(name: str):
    """The toy takeoff model registered under ``name`` for the duration of the block."""
    return registered(TakeoffModel(name))


def mixture(pairs, name: str = "mixture"):
    """A ``[[models]]`` mixture of built-in scenarios, ``[(weight, scenario), ...]``, as a Scenario."""
    from bioanchors.scenario import scenario_from_dict

    return scenario_from_dict({"name": name, "models": [{"scenario": s, "weight": w} for w, s in pairs]}, name)
