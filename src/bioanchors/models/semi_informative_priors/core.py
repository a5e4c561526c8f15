"""P(AGI by year) of the semi-informative-priors model for many parameter sets at once.

``params`` maps the dotted path of Param fields (e.g. ``semi_informative_priors.
first_trial_probability``) to a (sets,) array or a float; a path it lacks takes the
field's central value. Output arrays are (sets, years).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from . import compute as C
from . import hyperprior
from .config import SemiInformativePriors
from .trials import TRIAL_DEFINITIONS, Inputs

SECTION = "semi_informative_priors"


def _getter(params: dict, prefix: str):
    """value(name, param): the parameter set's values as a (sets, 1) column, else the central value."""

    def value(name: str, param):
        x = params.get(f"{prefix}.{name}") if params else None
        if x is None:
            return float(param.central)
        x = np.asarray(x, dtype=float)
        return x.reshape(-1, 1) if x.ndim else float(x)

    return value


def inputs(section: SemiInformativePriors, params: dict | None) -> Inputs:
    """The resolved :class:`~.trials.Inputs` of every parameter set."""
    v = _getter(params or {}, SECTION)
    r, c = section.researchers, section.compute
    rv, cv = _getter(params or {}, f"{SECTION}.researchers"), _getter(params or {}, f"{SECTION}.compute")
    log10_compute = _log10_compute(
        c, cv("log10_spend_usd_regime_start", c.log10_spend_usd_regime_start),
        cv("log10_spend_usd_reference", c.log10_spend_usd_reference),
        cv("log10_spend_usd_plateau", c.log10_spend_usd_plateau),
        cv("price_halving_time_years", c.price_halving_time_years))
    return Inputs(
        first_trial_probability=v("first_trial_probability", section.first_trial_probability),
        virtual_successes=v("virtual_successes", section.virtual_successes),
        regime_start_year=v("regime_start_year", section.regime_start_year),
        trial_increase=section.trial_increase_fraction,
        typical_growth=rv("typical_growth_per_year", r.typical_growth_per_year),
        researcher_growth=rv("growth_per_year", r.growth_per_year),
        researcher_growth_after=rv("growth_after_change_per_year", r.growth_after_change_per_year),
        growth_change_year=float(r.growth_change_year),
        compute_per_researcher_trial=cv("compute_trials_per_researcher_trial", c.compute_trials_per_researcher_trial),
        log10_compute=log10_compute,
        compute_regime_start_year=float(c.regime_start_year),
        lifetime_log10_flop=cv("lifetime_log10_flop", c.lifetime_log10_flop),
        brain_debugging_log10_flop=cv("brain_debugging_log10_flop", c.brain_debugging_log10_flop),
        evolution_log10_flop=cv("evolution_log10_flop", c.evolution_log10_flop),
        anchor_probability=cv("anchor_probability", c.anchor_probability),
    )


def _log10_compute(c, spend_start, spend_ref, spend_plateau, halving):
    """years -> log10 largest training compute [log10 FLOP] from the section's series."""
    spend = partial(C.log10_spend_usd, regime_start_year=c.regime_start_year, log10_spend_regime_start_usd=spend_start,
                    reference_year=c.spend_reference_year, log10_spend_reference_usd=spend_ref,
                    plateau_year=c.spend_plateau_year, log10_spend_plateau_usd=spend_plateau)
    table_years, table_prices = C.price_table(c.price_table)
    price = partial(C.log10_usd_per_flop, price_years=table_years, log10_prices=table_prices,
                    halving_time_years=halving)
    return lambda years: spend(years) - price(years)


def rules(section: SemiInformativePriors) -> list[str]:
    """The trial definitions the forecast mixes: ``only``, else every one with a weight that can be > 0."""
    if section.only is not None:
        return [section.only]
    w = section.weights
    return [n for n in TRIAL_DEFINITIONS if getattr(w, n).distribution().support[1] > 0]


def _rules_evaluated(section: SemiInformativePriors, params: dict | None, years: np.ndarray):
    """names, initial weights (rules, sets, 1), ln S_i(t) (rules, sets, years), ln S_i(t0) (rules, sets, 1)."""
    names = rules(section)
    inp = inputs(section, params)
    t = np.asarray(years, dtype=float)[None, :]
    t0 = np.array([[float(section.no_agi_through_year)]])
    defs = [TRIAL_DEFINITIONS[n] for n in names]
    log_s = np.stack(np.broadcast_arrays(*[d.log_survival(t, inp) for d in defs]))
    log_s0 = np.stack(np.broadcast_arrays(*[d.log_survival(t0, inp) for d in defs]))
    if section.only is not None:
        weights = np.ones((1, 1, 1))
    else:
        wv = _getter(params or {}, f"{SECTION}.weights")
        weights = np.stack(np.broadcast_arrays(*[np.atleast_2d(wv(n, getattr(section.weights, n))) for n in names]))
    return (names, *_common_sets(weights, log_s, log_s0))


def _common_sets(weights, log_s, log_s0):
    """Broadcast the three to one number of parameter sets (axis 1)."""
    sets = max(weights.shape[1], log_s.shape[1], log_s0.shape[1])
    return (np.broadcast_to(weights, (weights.shape[0], sets, 1)),
            np.broadcast_to(log_s, (log_s.shape[0], sets, log_s.shape[2])),
            np.broadcast_to(log_s0, (log_s0.shape[0], sets, 1)))


def rule_contributions(section: SemiInformativePriors, params: dict | None, years: np.ndarray):
    """(names, contributions (rules, sets, years)): each rule's share of P(AGI by t | none by t0)."""
    names, weights, log_s, log_s0 = _rules_evaluated(section, params, years)
    t = np.asarray(years, dtype=float)[None, :]
    return names, hyperprior.contributions(weights, log_s, log_s0, t, float(section.no_agi_through_year))


def p_by_year(section: SemiInformativePriors, params: dict | None, years: np.ndarray) -> np.ndarray:
    """P(AGI by the end of year t | no AGI by the end of ``no_agi_through_year``) [probability], (sets, years)."""
    _, parts = rule_contributions(section, params, years)
    return np.clip(parts.sum(axis=0), 0.0, 1.0)


def rule_parts(section: SemiInformativePriors, params: dict | None, years: np.ndarray) -> list[dict]:
    """Each rule at one parameter set: name, label, stated and posterior weight w_i(t0), P_i(by t | none by t0),
    and its contribution w_i(t0) P_i (the contributions add up to the forecast)."""
    names, weights, log_s, log_s0 = _rules_evaluated(section, params, years)
    t = np.asarray(years, dtype=float)[None, :]
    t0 = float(section.no_agi_through_year)
    post = hyperprior.posterior_weights(weights, log_s0)[:, 0, 0]
    p = hyperprior.rule_p_by_year(log_s, log_s0, t, t0)[:, 0, :]
    return [{"name": n, "label": TRIAL_DEFINITIONS[n].label, "stated_weight": float(weights[i, 0, 0]),
             "weight": float(post[i]), "p": p[i], "contribution": post[i] * p[i]} for i, n in enumerate(names)]
