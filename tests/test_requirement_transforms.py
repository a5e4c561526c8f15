"""Requirement distributions with transforms (issue 12, item 3).

The update against low values (report Part 1, "Adjusting for low compute"; docs/model.md §3:
likelihood 0 at <= 1e23 FLOP rising linearly to 1 at 1e27) used to be fused into the build:
sampled hypotheses weighted their samples by the likelihood before binning, user-given ones
multiplied their gridded CDF by it at the bins' right ends. It is now one transform applied
after the cached prior build, likelihood taken at the bins' midpoints, for every hypothesis.
These tests keep the old fused code as the reference and prove the difference is bounded by
the grid's precision: per bin the likelihood differs by at most slope x half a step
(delta = 0.005 / (27 - 23) = 0.00125), so every CDF moves by at most
2 delta P_prior(23 < x <= 27) / (1 - removed) and P(by t), a weighted average of CDFs
times (1 - p_none), by at most the largest of those.
"""

from __future__ import annotations

import numpy as np
import pytest

import bioanchors
from bioanchors.evaluation import exact
from bioanchors.evaluation.parameters import point_parameters
from bioanchors.evaluation.trajectories import trajectories
from bioanchors.requirements import (
    BuiltHypothesis,
    RequirementDistribution,
    Transform,
    build,
    build_hypotheses,
    cache,
    low_value_update,
    update_against_low_values,
)
from bioanchors.requirements.anchors import REGISTRY
from bioanchors.requirements.distribution import GRID, GRID_STEP
from bioanchors.requirements.update import low_value_likelihood
from bioanchors.scenario import builtin_names
from bioanchors.schema import Constructed

ZERO, ONE = 23.0, 27.0  # docs/model.md §3 / report Part 1: the update's thresholds [log10 FLOP]
DELTA = GRID_STEP / 2 / (ONE - ZERO)  # likelihood slope x half a grid step


def _old_sampled(name, hyp, req) -> tuple[np.ndarray, float]:
    """The removed fused path for a sampled hypothesis: weight the samples, then bin."""
    spec = hyp.requirement
    kw = ({"log10_horizon_s_low": spec.log10_horizon_s_low, "log10_horizon_s_high": spec.log10_horizon_s_high}
          if spec.model == "neural_network" else {})
    ing = {k: p.distribution() for k, p in req.ingredients}
    x = REGISTRY[spec.model](ing, build._hypothesis_rng(req.seed, name), req.build_samples, **kw)
    w = low_value_likelihood(x, ZERO, ONE)
    return RequirementDistribution.from_samples(x, w).cdf, float(1.0 - w.mean())


def _old_given(prior: RequirementDistribution) -> tuple[np.ndarray, float]:
    """The removed fused path for a user-given hypothesis: the likelihood at each bin's right end."""
    mass = prior.mass * low_value_likelihood(GRID, ZERO, ONE)
    cdf = np.cumsum(mass) / mass.sum()
    cdf[-1] = 1.0
    return cdf, float(1.0 - mass.sum())


def _bound(prior: RequirementDistribution, removed: float) -> float:
    """Largest possible |dCDF| from moving the likelihood by DELTA in every ramp bin (module docstring)."""
    ramp = float(prior.cdf_at(ONE) - prior.cdf_at(ZERO))
    return 2 * DELTA * ramp / (1.0 - removed)


def _old_and_new(spec):
    """[(name, old cdf, old removed, new distribution, bound)] for every hypothesis of ``spec``."""
    priors = {b.name: b.requirement for b in build_hypotheses(spec, transforms=())}
    out = []
    for b in build_hypotheses(spec):
        hyp = spec.hypotheses[b.name]
        if isinstance(hyp.requirement, Constructed):
            old, removed = _old_sampled(b.name, hyp, spec.requirements)
        else:
            old, removed = _old_given(priors[b.name])
        out.append((b.name, old, removed, b.requirement, _bound(priors[b.name], removed)))
    return out


def test_builtin_scenarios_share_one_requirement_build():
    # So measuring the old-vs-new difference on cotra2020's six hypotheses covers every built-in.
    cotra = [n for n in builtin_names() if bioanchors.load_scenario(n).has_hypotheses]  # the models with hypotheses
    keys = {build._prior_key(bioanchors.load_scenario(n).spec) for n in cotra}
    assert len(keys) == 1
    assert all(bioanchors.load_scenario(n).spec.requirements.update.enabled for n in cotra)


def test_sampled_hypotheses_match_the_fused_update_within_grid_precision():
    spec = bioanchors.load_scenario("cotra2020").spec
    for name, old, old_removed, new, bound in _old_and_new(spec):
        assert np.max(np.abs(new.cdf - old)) <= bound, name
        # removed mass: 1 - mean L(samples) vs 1 - sum_k mass_k L(mid_k); same per-bin bound.
        assert abs(new.removed_by_update - old_removed) <= DELTA, name


GIVEN = [{"dist": "percentiles", "p10": 24.0, "p50": 29.0, "p90": 36.0},
         {"dist": "normal", "mean": 27.0, "sd": 3.0},
         {"dist": "uniform", "low": 20.0, "high": 34.0},
         {"dist": "skewnormal", "median": 27.0, "sd": 4.0, "shape": 3.0}]


@pytest.mark.parametrize("given", GIVEN, ids=[g["dist"] for g in GIVEN])
def test_given_hypotheses_match_the_fused_update_within_grid_precision(given):
    spec = bioanchors.load_scenario("cotra2020").replace({"hypotheses.lifetime.requirement": given}).spec
    (name, old, old_removed, new, bound), = [r for r in _old_and_new(spec) if r[0] == "lifetime"]
    diff = np.max(np.abs(new.cdf - old))
    assert 0 < diff <= bound  # it does move (midpoint vs right end), by less than the bound
    assert abs(new.removed_by_update - old_removed) <= DELTA


@pytest.mark.parametrize("name", [n for n in builtin_names() if bioanchors.load_scenario(n).has_hypotheses])
def test_forecasts_match_the_fused_update_within_grid_precision(name):
    sc = bioanchors.load_scenario(name)
    spec = sc.spec
    rows = _old_and_new(spec)
    old = tuple(BuiltHypothesis(n, n, RequirementDistribution(cdf=c)) for n, c, *_ in rows)
    new = build_hypotheses(spec)
    years = np.arange(spec.years.start, spec.years.end + 1)
    traj = trajectories(spec, point_parameters(spec), years)
    p_old, p_new = exact.p_by_year(old, traj)[0], exact.p_by_year(new, traj)[0]
    assert np.max(np.abs(p_new - p_old)) <= max(r[4] for r in rows)
    cross = [years[np.argmax(p >= 0.5)] if p[-1] >= 0.5 else None for p in (p_old, p_new)]
    assert cross[0] == cross[1]  # the median year does not move


# --- the transform as an object -----------------------------------------------------------------

def test_low_value_update_is_recorded():
    b = {h.name: h for h in build_hypotheses(bioanchors.load_scenario("cotra2020").spec)}["lifetime"]
    (step,) = b.requirement.applied
    assert step.name == "low_value_update"
    assert dict(step.params) == {"zero_at_log10_flop": ZERO, "one_at_log10_flop": ONE}
    assert step.mass_removed == b.requirement.removed_by_update


def test_function_form_equals_the_build():
    spec = bioanchors.load_scenario("cotra2020").spec
    priors = build_hypotheses(spec, transforms=())
    for p, b in zip(priors, build_hypotheses(spec)):
        assert p.requirement.applied == () and p.requirement.removed_by_update == 0.0
        assert update_against_low_values(p.requirement, ZERO, ONE).cdf.tobytes() == b.requirement.cdf.tobytes()


def test_disabled_update_leaves_the_prior():
    sc = bioanchors.load_scenario("cotra2020")
    off = sc.replace({"requirements.update.enabled": False}).spec
    for p, b in zip(build_hypotheses(sc.spec, transforms=()), build_hypotheses(off)):
        assert b.requirement.cdf.tobytes() == p.requirement.cdf.tobytes() and b.requirement.applied == ()


def test_step_likelihood_truncates():
    # Closed form (issue 14's test shape): a step at c gives (F(x) - F(c)) / (1 - F(c)) above c, 0 below,
    # and removes F(c).
    prior = build_hypotheses(bioanchors.load_scenario("cotra2020").spec, transforms=())[1].requirement
    c = 27.0
    post = Transform("step", lambda x: (x > c).astype(float), {"at": c})(prior)
    fc = float(prior.cdf_at(c))
    x = np.linspace(20.0, 45.0, 2501)
    want = np.where(x >= c, (prior.cdf_at(x) - fc) / (1 - fc), 0.0)
    np.testing.assert_allclose(post.cdf_at(x), want, rtol=0, atol=1e-12)
    assert post.removed_by_update == pytest.approx(fc, abs=1e-12)


@pytest.mark.parametrize("bad", [lambda x: 2 * np.ones_like(x), lambda x: -np.ones_like(x),
                                 lambda x: np.full_like(x, np.nan), lambda x: np.ones(3)])
def test_likelihood_outside_zero_one_is_an_error(bad):
    b = build_hypotheses(bioanchors.load_scenario("cotra2020").spec, transforms=())[0]
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        b.requirement.reweighted(bad)
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):  # not disguised as "no mass left"
        b.transformed(Transform("bad", bad))


def test_update_that_removes_everything_names_the_hypothesis():
    # A requirement wholly below 1e23 FLOP: the update against low values leaves nothing of it.
    sc = bioanchors.load_scenario("cotra2020").replace(
        {"hypotheses.lifetime.requirement": {"dist": "uniform", "low": 10.0, "high": 20.0}})
    with pytest.raises(bioanchors.BioanchorsError, match="hypothesis lifetime: the transform low_value_update"):
        bioanchors.forecast(sc)
    with pytest.raises(ValueError):
        low_value_update(27.0, 23.0)


def test_cli_error_for_a_wiped_out_hypothesis(cli, tmp_path):
    # Common rules: bad input -> one plain-text line naming the file and the fix, exit code 2.
    path = tmp_path / "wiped.toml"
    path.write_text('extends = "cotra2020"\nname = "wiped"\n\n[hypotheses.lifetime]\n'
                    'requirement = { dist = "uniform", low = 10.0, high = 20.0 }\n')
    res = cli("forecast", path)
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert str(path) in res.output and "hypothesis lifetime" in res.output and "move the requirement up" in res.output


# --- the cache holds the prior ------------------------------------------------------------------

def test_cache_stores_the_prior_and_transforms_do_not_rebuild(cache_in):
    sc = bioanchors.load_scenario("cotra2020")
    built = build_hypotheses(sc.spec)
    stored = cache.load(build._prior_key(sc.spec), len(built))
    priors = build_hypotheses(sc.spec, transforms=())
    assert stored is not None
    assert all(s.tobytes() == p.requirement.cdf.tobytes() for s, p in zip(stored, priors))
    moved = sc.replace({"requirements.update.zero_at_log10_flop": 22.0})
    other = build_hypotheses(moved.spec)
    assert len(list(cache_in.glob("requirements-*.npy"))) == 1  # same prior, no new table
    assert other[0].requirement.removed_by_update < built[0].requirement.removed_by_update
