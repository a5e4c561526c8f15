"""Evaluating a scenario: the trajectories every method shares, then two methods.

- :mod:`.parameters`: point values or samples of every trend parameter;
- :mod:`.trajectories`: affordable compute, algorithmic progress and p_none
  over the years, for one parameter set or many at once;
- :mod:`.exact`: P(TAI by t) from the hypotheses' CDFs (no sampling over trends);
- :mod:`.montecarlo`: sampled requirements and trends, arrival by first crossing.
"""
