"""Evaluating a scenario: the trajectories every estimator shares, then the estimators.

- :mod:`.space`: the scenario's parameter space (central values, distributions,
  copula correlations), compiled and validated once per scenario;
- :mod:`.parameters`: point values or samples of every trend parameter;
- :mod:`.trajectories`: affordable compute, algorithmic progress and p_none
  over the years, for one parameter set or many at once;
- :mod:`.registry`: the estimators by name (exact, conditional, monte-carlo),
  each with its default sample count and its own standard-error rule;
- :mod:`.exact`: P(TAI by t) from the hypotheses' CDFs (no sampling over trends);
- :mod:`.conditional`: trend draws, the exact curve averaged (Rao-Blackwell);
- :mod:`.montecarlo`: sampled requirements and trends, arrival by first crossing.
"""
