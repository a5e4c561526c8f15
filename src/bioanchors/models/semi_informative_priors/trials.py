"""Trial definitions of Davidson (2021): what counts as one more try at AGI (§6, Appendix 4).

Each definition turns calendar years into a number of trials since its regime start and
gives the first-trial probability of one such trial:

- ``calendar_year``: one trial per year since the regime start (§3-5);
- ``researcher_year``: a 1% rise in the cumulative number of AI researcher-years (§6.1);
  its ftp makes the rule agree with the calendar-year rule when researchers grow at the
  typical STEM rate g_exp (Davidson's calibration over 2020-2036);
- ``compute``: a 1% rise in the largest training compute; its ftp makes X compute trials
  as likely to succeed as one researcher-year trial (§6.2, X = ``compute_per_researcher_trial``);
- ``lifetime_anchor`` / ``evolution_anchor``: compute trials whose ftp puts a 50% chance
  of AGI on reaching the human-lifetime (1e24 FLOP, from 1956) or evolution (1e41 FLOP,
  from brain-debugging 1e21 FLOP) compute (§6.2, biological hypotheses);
- ``impossible``: AGI never arrives (§7.3).

``TRIAL_DEFINITIONS`` is the registry; :func:`get_trial_definition` refuses unknown names.
Inputs broadcast: parameters are (sets, 1) arrays or floats, years (1, years) or (years,).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ...errors import BioanchorsError
from ...evaluation.registry import unknown_name
from . import laplace

LN10 = np.log(10.0)
# Davidson's code matches the researcher-year and calendar-year rules over this window [calendar years].
CALIBRATION_YEARS = (2020, 2036)
# Failures seen before comparing X compute trials with one researcher trial; his code's n = 5 (arbitrary).
COMPUTE_CALIBRATION_FAILURES = 5.0


FloatOrArray = float | np.ndarray  # one parameter set, or a (sets, 1) column of them


@dataclass(frozen=True)
class Inputs:
    """Resolved inputs of one or many parameter sets (floats or (sets, 1) arrays)."""

    first_trial_probability: FloatOrArray  # calendar-year ftp [probability]
    virtual_successes: FloatOrArray  # [trials]
    regime_start_year: FloatOrArray  # [calendar year]
    trial_increase: float  # a trial is a rise by this fraction [fraction]
    typical_growth: FloatOrArray  # g_exp [fraction/yr]
    researcher_growth: FloatOrArray  # g_act until the change year [fraction/yr]
    researcher_growth_after: FloatOrArray  # after the change year [fraction/yr]
    growth_change_year: float  # [calendar year]
    compute_per_researcher_trial: FloatOrArray  # X [compute trials per researcher trial]
    log10_compute: Callable  # years -> log10 largest training compute [log10 FLOP]
    compute_regime_start_year: float  # [calendar year]
    lifetime_log10_flop: FloatOrArray  # [log10 FLOP]
    brain_debugging_log10_flop: FloatOrArray  # [log10 FLOP]
    evolution_log10_flop: FloatOrArray  # [log10 FLOP]
    anchor_probability: FloatOrArray  # P(AGI by the anchor compute) [probability]


def _log_cumulative_researcher_years(years, start, growth, growth_after, change_year):
    """ln cumulative researcher-years [ln (initial researchers x years)], Davidson's bookkeeping.

    Researchers grow by ``growth`` a year from the regime start to ``change_year`` and by
    ``growth_after`` later; the cumulative count starts at 1/growth (in units of the
    initial researchers) and adds each year's researchers (Appendix 4; his code):

        R(t) = ((1+g)^(n1+1) - g) / g + (1+g)^n1 (1+g2) ((1+g2)^n2 - 1) / g2,

    n1 years at g, then n2 at g2; evaluated in log space (fast growth over millennia overflows).
    """
    n1 = np.clip(np.minimum(years, change_year) - start, 0.0, None)
    n2 = np.clip(years - np.maximum(change_year, start), 0.0, None)
    l1 = (n1 + 1.0) * np.log1p(growth)
    log_before = l1 - np.log(growth) + np.log1p(-growth * np.exp(-l1))
    x = n2 * np.log1p(growth_after)
    with np.errstate(divide="ignore"):  # n2 = 0: no years after the change, ln 0 = -inf
        log_expm1 = np.where(x > 30.0, x + np.log1p(-np.exp(-np.minimum(x, 700.0))),
                             np.log(np.expm1(np.minimum(x, 30.0))))
    log_after = n1 * np.log1p(growth) + np.log1p(growth_after) + log_expm1 - np.log(growth_after)
    return np.logaddexp(log_before, log_after)


def researcher_trials(years, inp: Inputs, growth=None, growth_after=None):
    """Researcher-year trials since the regime start [trials] (default growth g_act, then its successor)."""
    g = inp.researcher_growth if growth is None else growth
    g2 = inp.researcher_growth_after if growth_after is None else growth_after
    start = inp.regime_start_year
    log_c = _log_cumulative_researcher_years(np.asarray(years, float), start, g, g2, inp.growth_change_year)
    log_c0 = _log_cumulative_researcher_years(np.asarray(start, float), start, g, g2, inp.growth_change_year)
    return (log_c - log_c0) / np.log1p(inp.trial_increase)


def calendar_trials(years, inp: Inputs):
    """Calendar-year trials since the regime start [trials]."""
    return np.clip(np.asarray(years, float) - inp.regime_start_year, 0.0, None)


def _compute_trials_from(years, inp: Inputs, log10_flop_start):
    """Compute trials [trials]: 1% rises of the largest training run above ``log10_flop_start``."""
    rise = inp.log10_compute(np.asarray(years, float)) - log10_flop_start
    return np.clip(rise, 0.0, None) * LN10 / np.log1p(inp.trial_increase)


def _regime_start_compute(inp: Inputs):
    return inp.log10_compute(np.asarray(inp.compute_regime_start_year, float))


def compute_trials(years, inp: Inputs):
    """Compute trials since the compute regime start (1956) [trials]."""
    return _compute_trials_from(years, inp, _regime_start_compute(inp))


def evolution_trials(years, inp: Inputs):
    """Compute trials since the largest run reached brain-debugging compute [trials]."""
    return _compute_trials_from(years, inp, inp.brain_debugging_log10_flop)


def ftp_calendar(inp: Inputs):
    return np.asarray(inp.first_trial_probability, float)


def ftp_researcher(inp: Inputs):
    """ftp_res: the researcher-year rule at typical growth g_exp forecasts as the calendar rule (§6.1)."""
    y0, y1 = CALIBRATION_YEARS
    a = inp.virtual_successes
    target = laplace.p_success_between(y0 - inp.regime_start_year, y1 - inp.regime_start_year,
                                       inp.first_trial_probability, a)
    g = inp.typical_growth
    n0, n1 = researcher_trials(y0, inp, g, g), researcher_trials(y1, inp, g, g)
    return laplace.solve_first_trial_probability(lambda f: laplace.p_success_between(n0, n1, f, a), target)


def ftp_compute(inp: Inputs):
    """ftp_comp: X compute trials are as likely to succeed as one researcher-year trial (§6.2)."""
    a, m = inp.virtual_successes, COMPUTE_CALIBRATION_FAILURES
    target = laplace.p_success_between(m, m + 1.0, ftp_researcher(inp), a)
    x = inp.compute_per_researcher_trial
    return laplace.solve_first_trial_probability(lambda f: laplace.p_success_between(m, m + x, f, a), target)


def _ftp_anchor(inp: Inputs, log10_flop_from, log10_flop_anchor):
    """ftp putting P(AGI by the anchor compute) = anchor_probability, counting from ``log10_flop_from``."""
    n = np.clip(log10_flop_anchor - log10_flop_from, 0.0, None) * LN10 / np.log1p(inp.trial_increase)
    a = inp.virtual_successes
    return laplace.solve_first_trial_probability(lambda f: laplace.p_success_between(0.0, n, f, a),
                                                 inp.anchor_probability)


def ftp_lifetime(inp: Inputs):
    return _ftp_anchor(inp, _regime_start_compute(inp), inp.lifetime_log10_flop)


def ftp_evolution(inp: Inputs):
    return _ftp_anchor(inp, inp.brain_debugging_log10_flop, inp.evolution_log10_flop)


@dataclass(frozen=True)
class TrialDefinition:
    """One update rule: trials since its regime start, and its first-trial probability."""

    name: str
    label: str
    trials: Callable  # (years, Inputs) -> trials [trials]
    first_trial_probability: Callable  # Inputs -> ftp [probability]; 0 never succeeds

    def log_survival(self, years, inp: Inputs):
        """ln P(no AGI by the end of each year) under this rule alone [ln probability]."""
        return laplace.log_survival(self.trials(years, inp), self.first_trial_probability(inp),
                                    inp.virtual_successes)


TRIAL_DEFINITIONS: dict[str, TrialDefinition] = {
    d.name: d for d in (
        TrialDefinition("calendar_year", "Calendar-year trials", calendar_trials, ftp_calendar),
        TrialDefinition("researcher_year", "Researcher-year trials", researcher_trials, ftp_researcher),
        TrialDefinition("compute", "Compute trials (relative to research)", compute_trials, ftp_compute),
        TrialDefinition("lifetime_anchor", "Compute trials, lifetime anchor", compute_trials, ftp_lifetime),
        TrialDefinition("evolution_anchor", "Compute trials, evolution anchor", evolution_trials, ftp_evolution),
        TrialDefinition("impossible", "AGI is impossible", calendar_trials, lambda inp: np.float64(0.0)),
    )
}


def get_trial_definition(name: str) -> TrialDefinition:
    """The registered trial definition ``name``; unknown names are a one-line error."""
    try:
        return TRIAL_DEFINITIONS[name]
    except (KeyError, TypeError):
        raise BioanchorsError(unknown_name("trial definition", name, TRIAL_DEFINITIONS)) from None
