"""Which inputs drive the forecast: one-at-a-time (tornado) and Sobol indices.

One pipeline, SALib-style: choose the uncertain inputs (every trend parameter
a scenario gives as a distribution), sample them, evaluate each parameter set
*exactly* (the hypotheses' CDFs, no nested Monte Carlo), analyse. What is
evaluated is a ``model=`` argument: any registered model or ensemble, or a
closed-form test function (SALib's ``ProblemSpec.evaluate(func)``).
"""

from .oat import OATResult, one_at_a_time
from .outputs import OUTPUTS, evaluate_output, output_function
from .sobol import SobolResult, sobol_indices

__all__ = ["OUTPUTS", "OATResult", "SobolResult", "evaluate_output", "one_at_a_time", "output_function",
           "sobol_indices"]
