"""Davidson (2021) semi-informative priors over AI timelines, registered as ``semi-informative-priors``.

    P(AGI by t | none by t0) = sum_i w_i(t0) (1 - S_i(t) / S_i(t0)),   S_i(t) = B(a, b_i + N_i(t)) / B(a, b_i)

A generalised Laplace rule (Beta prior with ``a`` virtual successes and first-trial probability
ftp_i = a / (a + b_i)) per trial definition i (calendar years, researcher-years, compute, two
biological compute anchors, "impossible"), mixed by a hyper-prior whose weights are updated on
no AGI through ``no_agi_through_year`` (t0; Davidson: 2020). docs/models/semi-informative-priors.md
gives the equations, inputs, sources and what is reproduced.
"""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
from pydantic import Field

from ...schema import ModelConfig
from ..base import EventSpec, ParametricModel
from ..registry import register_model
from . import core
from .config import SemiInformativePriors
from .trials import TRIAL_DEFINITIONS, get_trial_definition

NAME: Final = "semi-informative-priors"

__all__ = ["NAME", "SemiInformativePriorsConfig", "SemiInformativePriorsModel", "TRIAL_DEFINITIONS",
           "get_trial_definition"]


class SemiInformativePriorsConfig(ModelConfig):
    """A scenario of Davidson's semi-informative priors (``model = "semi-informative-priors"``)."""

    model: Literal["semi-informative-priors"] = Field(NAME, description="the registered model the scenario is for")
    semi_informative_priors: SemiInformativePriors


class SemiInformativePriorsModel(ParametricModel):
    name = NAME
    source = "Davidson (2021) semi-informative priors over AI timelines"
    forecasts = "P(AGI by year | no AGI by the conditioning year), hyper-prior over trial definitions"
    config_schema = SemiInformativePriorsConfig
    events = (EventSpec("agi", "AGI (given none by the conditioning year)"),)
    draw_year_cost = 3  # work units per draw-year (benchmarks/bench_model_costs.py)
    component_kind = "trial definitions"

    def p_by_year(self, spec, params, years):
        """P(AGI by the end of year t | none by t0) [probability], (sets, years)."""
        return core.p_by_year(spec.semi_informative_priors, params, np.asarray(years))

    def components(self, spec, params, years):
        """One per trial definition: weight w_i(t0) (after the update on no AGI through t0), P_i, contribution."""
        from ...result import Component

        parts = core.rule_parts(spec.semi_informative_priors, params, np.asarray(years))
        return tuple(Component(r["name"], r["label"], r["weight"], r["p"], r["contribution"], r["stated_weight"])
                     for r in parts)

    def diagnostics(self, spec, params, years):
        """``annual_hazard``: P(AGI in year t | none by the end of t - 1) [probability] (0 up to the
        conditioning year); ``no_agi_through_year``: the year P is conditioned on, as a series."""
        years = np.asarray(years)
        section = spec.semi_informative_priors
        p = core.p_by_year(section, params, np.concatenate([[years[0] - 1], years]))[0]
        hazard = np.diff(p) / np.maximum(1.0 - p[:-1], 1e-300)
        return {"annual_hazard": hazard,
                "no_agi_through_year": np.full(years.size, float(section.no_agi_through_year))}


MODEL = register_model(SemiInformativePriorsModel())
