"""Sub-models that build a 2020 requirement [log10 FLOP] from biological ingredients.

Each function draws ``n`` samples with the given generator; ``ing`` maps an
ingredient name to a frozen distribution (see ``Ingredients`` in the schema).
Equations follow docs/model.md §3 and the report's Parts 1-3:

- FLOP per subjective second ``F = brain FLOP/s * ML adjustment``  (Part 1)
- parameters ``P = F * 10**params_minus_flop_per_subj_s_oom``        (Part 2, ~1.5 OOM below F)
- samples ``D = K * P**alpha``, ``K`` from a reference model
  (``10**reference_log10_params`` parameters need ``10**reference_log10_samples``
  samples) with noise of ``samples_noise_oom`` OOM (SD)              (Part 2)
- neural networks: ``FLOP = F * H * D``, H log-uniform in the horizon range
- genome: same with ``P`` from the genome's size and H from 3e7 to 1e9 s (Part 3)
- lifetime: ``brain FLOP/s * lifetime seconds * skew-lognormal``     (pp. 106-107)
- evolution: ``evolution FLOP * ML adjustment * skew-lognormal``     (pp. 109-110)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from ..distributions import Distribution

Ingredients = Mapping[str, Distribution]


def log10_flop_per_subjective_second(ing: Ingredients, rng: np.random.Generator, n: int) -> np.ndarray:
    """F [log10 FLOP per subjective second] = brain FLOP/s + ML-vs-brain adjustment."""
    return ing["brain_log10_flop_per_s"].sample(rng, n) + ing["ml_adjustment_oom"].sample(rng, n)


def log10_samples_needed(log10_params, ing: Ingredients, rng: np.random.Generator) -> np.ndarray:
    """D [log10 samples] = log10 K + alpha * log10 P, with K pinned by the reference model."""
    n = np.shape(log10_params)[0]
    alpha = ing["scaling_exponent"].sample(rng, n)
    ref_p = ing["reference_log10_params"].sample(rng, n)
    ref_d = ing["reference_log10_samples"].sample(rng, n)
    noise = ing["samples_noise_oom"].sample(rng, n) * rng.standard_normal(n)
    return ref_d + alpha * (log10_params - ref_p) + noise


def _log_uniform_horizon(low, high, rng, n):
    return rng.uniform(low, high, n)


def neural_network(ing: Ingredients, rng: np.random.Generator, n: int, *, log10_horizon_s_low: float,
                   log10_horizon_s_high: float) -> np.ndarray:
    """Neural-network anchor [log10 FLOP]: F * H * D, H log-uniform [subjective s]."""
    f = log10_flop_per_subjective_second(ing, rng, n)
    p = f + ing["params_minus_flop_per_subj_s_oom"].sample(rng, n)
    d = log10_samples_needed(p, ing, rng)
    h = _log_uniform_horizon(log10_horizon_s_low, log10_horizon_s_high, rng, n)
    return f + h + d


def genome_anchor(ing: Ingredients, rng: np.random.Generator, n: int) -> np.ndarray:
    """Genome anchor [log10 FLOP]: P from genome size, H log-uniform (genome_log10_horizon_s)."""
    f = log10_flop_per_subjective_second(ing, rng, n)
    p = ing["genome_log10_params"].sample(rng, n)
    d = log10_samples_needed(p, ing, rng)
    h = ing["genome_log10_horizon_s"].sample(rng, n)
    return f + h + d


def lifetime_anchor(ing: Ingredients, rng: np.random.Generator, n: int) -> np.ndarray:
    """Lifetime anchor [log10 FLOP]: brain FLOP/s x lifetime seconds x skew-lognormal multiplier."""
    return (
        ing["brain_log10_flop_per_s"].sample(rng, n)
        + ing["lifetime_log10_seconds"].sample(rng, n)
        + ing["lifetime_multiplier_oom"].sample(rng, n)
    )


def evolution_anchor(ing: Ingredients, rng: np.random.Generator, n: int) -> np.ndarray:
    """Evolution anchor [log10 FLOP]: evolution's FLOP x ML adjustment x skew-lognormal multiplier."""
    return (
        ing["evolution_log10_flop"].sample(rng, n)
        + ing["ml_adjustment_oom"].sample(rng, n)
        + ing["evolution_multiplier_oom"].sample(rng, n)
    )


# Sub-models by the name a scenario uses (``requirement = {model = "..."}``).
# The schema's Literal rejects any other name before it gets here.
REGISTRY: dict[str, Callable[..., np.ndarray]] = {
    "neural_network": neural_network,
    "genome_anchor": genome_anchor,
    "lifetime_anchor": lifetime_anchor,
    "evolution_anchor": evolution_anchor,
}
