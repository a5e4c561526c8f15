"""Algorithmic efficiency: how fast the compute needed for a fixed performance falls.

Two estimators:

- :func:`estimate_efficiency_trend` -- Hernandez & Brown (2020): log-linear fit
  of the compute needed to reach a fixed performance on date, over the
  record-setting systems, with a bootstrap over systems.
- :func:`fit_compute_equivalent` -- for data where performance varies: fit
  ``f(score) = a + b log10(C) + c t`` and report ``c/b`` [OOM/yr].

Bundled data: :func:`load_dataset` (``alexnet``, ``resnet50``, ``translation``);
user files: :func:`read_efficiency_csv`. Rate conversions: :mod:`bioanchors.units`.
"""

from .compute_equivalent import fit_compute_equivalent, fit_score_model, transform_score
from .datasets import (
    DATASETS,
    DEFAULT_DATASET,
    compute_unit_factor,
    dataset_names,
    date_to_decimal_year,
    decimal_year_to_date,
    load_dataset,
    parse_dates,
    read_efficiency_csv,
    tidy_efficiency_table,
)
from .hernandez_brown import (
    bootstrap_slopes,
    estimate_efficiency_trend,
    fit_log_linear,
    record_frontier,
)
from .result import ComputeEquivalentTrend, EfficiencyTrend

__all__ = [
    "DATASETS",
    "DEFAULT_DATASET",
    "ComputeEquivalentTrend",
    "EfficiencyTrend",
    "bootstrap_slopes",
    "compute_unit_factor",
    "dataset_names",
    "date_to_decimal_year",
    "decimal_year_to_date",
    "estimate_efficiency_trend",
    "fit_compute_equivalent",
    "fit_log_linear",
    "fit_score_model",
    "load_dataset",
    "parse_dates",
    "read_efficiency_csv",
    "record_frontier",
    "tidy_efficiency_table",
    "transform_score",
]
