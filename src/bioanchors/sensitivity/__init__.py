"""Which inputs drive the forecast: one-at-a-time (tornado) and Sobol indices.

One pipeline, SALib-style: choose the uncertain inputs (every trend parameter
a scenario gives as a distribution), sample them, evaluate each parameter set
*exactly* (the hypotheses' CDFs, no nested Monte Carlo), analyse.
"""

from .oat import OATResult, one_at_a_time
from .outputs import OUTPUTS, evaluate_output
from .sobol import SobolResult, sobol_indices

__all__ = ["OUTPUTS", "OATResult", "SobolResult", "evaluate_output", "one_at_a_time", "sobol_indices"]
