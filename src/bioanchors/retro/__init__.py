"""Retrospective: Cotra (2020)'s growth assumptions vs measurements, counterfactual re-runs, hindcast."""

from .counterfactual import FACTORS, REPORT_YEARS, Rerun, counterfactual_reruns, median_shift, rates, scenario_overrides
from .hindcast import hindcast
from .table import RetroResult, retrospective

__all__ = ["FACTORS", "REPORT_YEARS", "Rerun", "RetroResult", "counterfactual_reruns", "hindcast", "median_shift",
           "rates", "retrospective", "scenario_overrides"]
