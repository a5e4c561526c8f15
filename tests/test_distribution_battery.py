"""Property battery for requirement distributions (scipy.stats' generic-test style).

One set of checks runs over every distribution kind the package makes: every hypothesis of
every built-in scenario (sampled and binned), the user-given kinds (percentiles, normal,
lognormal, uniform, loguniform, skewnormal), each before any transform (the cached prior),
after the update against low values (report Part 1, docs/model.md §3), and after a further
transform of each shape the evidence update (issue 14) may use: a step (truncation) and a
smooth ramp. The properties are mathematical identities, so the tolerances are rounding,
one grid step, or a stated probabilistic bound; none is tuned to the package's output.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

import bioanchors
from bioanchors.requirements import build_hypotheses, low_value_update, scenario_transforms
from bioanchors.requirements.distribution import GRID, GRID_STEP
from bioanchors.requirements.transforms import Transform, apply_all, identity, product
from bioanchors.scenario import builtin_names

# User-given requirements over log10 FLOP, one per schema kind (README "Scenarios are data").
# Placed around 1e23-1e30 so that the update against low values (ramp 1e23 -> 1e27) bites.
GIVEN = {
    "percentiles": {"dist": "percentiles", "p10": 24.0, "p50": 29.0, "p90": 36.0},
    "normal": {"dist": "normal", "mean": 27.0, "sd": 3.0},
    "lognormal": {"dist": "lognormal", "median": 28.0, "sd_log10": 0.1},
    "uniform": {"dist": "uniform", "low": 20.0, "high": 34.0},
    "loguniform": {"dist": "loguniform", "low": 20.0, "high": 34.0},
    "skewnormal": {"dist": "skewnormal", "median": 27.0, "sd": 4.0, "shape": 3.0},
}


def _step(at: float) -> Transform:
    """Truncation below ``at`` [log10 FLOP]: the shape of an evidence update with no slack (issue 14)."""
    return Transform("step", lambda x: (np.asarray(x) > at).astype(float), {"at": at})


def _logistic(mid: float, scale: float) -> Transform:
    """A smooth ramp [log10 FLOP midpoint, OOM scale]: an evidence update with slack."""
    return Transform("logistic", lambda x: 1.0 / (1.0 + np.exp(-(np.asarray(x) - mid) / scale)),
                     {"mid": mid, "scale": scale})


# Transforms after which the battery runs again (applied after the scenario's own).
EXTRA = {"step26": _step(26.0), "logistic": _logistic(27.5, 0.5)}
STATES = ("prior", "low_value", *(f"low_value+{k}" for k in EXTRA))


def _spec(source: str):
    if source.startswith("given:"):
        kind = source.split(":", 1)[1]
        return bioanchors.load_scenario("cotra2020").replace({"hypotheses.lifetime.requirement": GIVEN[kind]}).spec
    return bioanchors.load_scenario(source).spec


@functools.cache
def _dist(source: str, hyp: str, state: str):
    spec = _spec(source)
    steps = () if state == "prior" else scenario_transforms(spec.requirements)
    assert state == "prior" or steps, "the built-in scenarios apply the update against low values"
    if "+" in state:
        steps = (*steps, EXTRA[state.split("+", 1)[1]])
    return {b.name: b for b in build_hypotheses(spec, transforms=steps)}[hyp].requirement


# Every (source, hypothesis): each built-in scenario's hypotheses, and the given kinds as "lifetime".
COTRA = [n for n in builtin_names() if bioanchors.load_scenario(n).has_hypotheses]  # scenarios with hypotheses
CASES = [(n, h) for n in COTRA for h in bioanchors.load_scenario(n).spec.hypotheses]
CASES += [(f"given:{k}", "lifetime") for k in GIVEN]
BASES = [pytest.param(s, h, id=f"{s}/{h}") for s, h in CASES]
ALL = [pytest.param(s, h, st, id=f"{s}/{h}/{st}") for s, h in CASES for st in STATES]


def test_every_kind_is_covered():
    assert {k for s, _ in CASES if s.startswith("given:") for k in [s[6:]]} == set(GIVEN)
    assert len(CASES) >= 6 * len(COTRA)


# --- the CDF, its inverse and sampling ----------------------------------------------------------

@pytest.mark.parametrize("source,hyp,state", ALL)
def test_cdf_is_a_cdf(source, hyp, state):
    cdf = _dist(source, hyp, state).cdf
    assert cdf.shape == GRID.shape and np.all(np.isfinite(cdf))
    assert cdf[0] >= 0.0 and cdf[-1] == 1.0 and np.all(cdf <= 1.0)
    assert np.all(np.diff(cdf) >= 0.0)


@pytest.mark.parametrize("source,hyp,state", ALL)
def test_ppf_inverts_cdf(source, hyp, state):
    d = _dist(source, hyp, state)
    rng = np.random.default_rng(1)
    # x where the density is positive: random points inside bins that hold mass.
    k = np.flatnonzero(d.mass[1:] > 1e-12) + 1
    x = GRID[k] - rng.uniform(0.0, GRID_STEP, k.size)
    assert np.max(np.abs(d.ppf(d.cdf_at(x)) - x)) <= GRID_STEP
    # ...and the other way round, for probabilities strictly inside (0, 1).
    u = rng.uniform(1e-6, 1 - 1e-6, 5000)
    np.testing.assert_allclose(d.cdf_at(d.ppf(u)), u, rtol=0, atol=1e-9)
    assert np.all(np.diff(d.ppf(np.sort(u))) >= 0)


@pytest.mark.parametrize("source,hyp,state", ALL)
def test_sampling_by_ppf_has_the_cdf(source, hyp, state):
    # Dvoretzky-Kiefer-Wolfowitz: P(sup |F_n - F| > eps) <= 2 exp(-2 n eps^2); eps for alpha = 1e-6.
    d, n = _dist(source, hyp, state), 20_000
    x = np.sort(d.ppf(np.random.default_rng(2020).random(n)))
    f = d.cdf_at(x)
    ks = max(np.max(np.arange(1, n + 1) / n - f), np.max(f - np.arange(n) / n))
    assert ks <= np.sqrt(np.log(2 / 1e-6) / (2 * n))


# --- transforms ---------------------------------------------------------------------------------

def _transforms():
    return {"low_value": low_value_update(23.0, 27.0), **EXTRA}


def _integral_of_likelihood_times_density(d, lik) -> float:
    """int L dF by the midpoint rule on a grid 10x finer than the CDF's, through cdf_at (not ``mass``),
    plus the point mass clipped onto the grid's low end."""
    edges = np.linspace(GRID[0], GRID[-1], 10 * (GRID.size - 1) + 1)
    mids = 0.5 * (edges[1:] + edges[:-1])
    return float(np.sum(lik(mids) * np.diff(d.cdf_at(edges))) + lik(GRID[:1])[0] * d.cdf[0])


@pytest.mark.parametrize("source,hyp", BASES)
def test_likelihood_of_ones_is_the_identity(source, hyp):
    d = _dist(source, hyp, "low_value")
    post, removed = d.reweighted(np.ones_like)
    np.testing.assert_allclose(post.cdf, d.cdf, rtol=0, atol=1e-12)
    assert abs(removed) <= 1e-12
    assert identity()(d).applied[-1].mass_removed <= 1e-12


@pytest.mark.parametrize("name", ["low_value", *EXTRA])
@pytest.mark.parametrize("source,hyp", BASES)
def test_mass_removed_is_one_minus_integral(source, hyp, name):
    d, t = _dist(source, hyp, "prior"), _transforms()[name]
    post = t(d)
    removed = post.applied[-1].mass_removed
    assert 0.0 <= removed <= 1.0 and post.removed_by_update == pytest.approx(removed, abs=1e-15)
    # Exact for likelihoods linear within each grid bin (the ramp and the step have their kinks on
    # grid points); for the logistic the midpoint rule's error is <= step^2/24 max|L''| per unit mass,
    # max|L''| = 0.1/scale^2 for a logistic.
    tol = 1e-12 if name != "logistic" else GRID_STEP**2 / 24 * 0.1 / 0.5**2 + 1e-12
    assert removed == pytest.approx(1.0 - _integral_of_likelihood_times_density(d, t.likelihood), abs=tol)


@pytest.mark.parametrize("pair", [("low_value", "step26"), ("step26", "logistic"), ("low_value", "logistic")])
@pytest.mark.parametrize("source,hyp", BASES)
def test_two_transforms_equal_one_with_the_product_likelihood(source, hyp, pair):
    d = _dist(source, hyp, "prior")
    a, b = (_transforms()[k] for k in pair)
    try:
        one = product(a, b)(d)
    except ValueError:  # the product leaves no mass: so must the composition
        with pytest.raises(ValueError):
            b(a(d))
        return
    for two in (apply_all(d, [a, b]), apply_all(d, [b, a])):  # Bayes: order does not matter
        np.testing.assert_allclose(two.cdf, one.cdf, rtol=0, atol=1e-12)
        assert two.removed_by_update == pytest.approx(one.removed_by_update, abs=1e-12)
    assert [s.name for s in apply_all(d, [a, b]).applied] == [a.name, b.name]
