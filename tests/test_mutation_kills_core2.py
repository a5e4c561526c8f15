"""Kill tests for surviving mutants of mutation run 3, the rest of the model core (docs/testing.md).

Each test checks a closed form or a defining property, not the package's own output.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from bioanchors.requirements.distribution import GRID, RequirementDistribution
from bioanchors.requirements.transforms import Transform, apply_all, identity, product

# --- RequirementDistribution.from_ppf: a user-given hypothesis (requirements/build.py) -------------

@pytest.mark.parametrize("mu, sd", [(30.0, 2.0), (35.0, 5.0)])
def test_from_ppf_reproduces_the_normal_cdf(mu, sd):
    # Closed form: the CDF of N(mu, sd) in log10 FLOP, Phi((x - mu) / sd) (docs/model.md §3, lognormal
    # hypotheses). The probability grid has 2e5 points (step 5e-6) and the FLOP grid 0.01 OOM, so
    # linear interpolation is within 1e-4 of the closed form.
    dist = RequirementDistribution.from_ppf(stats.norm(mu, sd).ppf)
    assert np.max(np.abs(dist.cdf - stats.norm.cdf(GRID, mu, sd))) < 1e-4
    assert dist.median == pytest.approx(mu, abs=0.01)
    assert dist.cdf[-1] == 1.0 and np.all(np.diff(dist.cdf) >= 0.0)


def test_from_ppf_has_no_mass_far_below_the_distribution():
    # Phi((15 - 30) / 2) = Phi(-7.5) = 3e-14: the CDF is 0 there, not the probability grid's first
    # point (5e-6), which is what np.interp's default `left` would give.
    dist = RequirementDistribution.from_ppf(stats.norm(30.0, 2.0).ppf)
    assert np.all(dist.cdf[GRID <= 15.0] < 1e-12)


def test_from_ppf_clips_mass_beyond_the_grid_onto_its_ends():
    # Mass above GRID_HIGH = 100 is clipped onto the last grid point, so the CDF ends at exactly 1
    # and below 100 it is still Phi((x - 98) / 3) (docs: "mass beyond the grid is clipped onto its ends").
    mu, sd = 98.0, 3.0
    dist = RequirementDistribution.from_ppf(stats.norm(mu, sd).ppf)
    inner = GRID < 99.9
    assert np.max(np.abs(dist.cdf[inner] - stats.norm.cdf(GRID[inner], mu, sd))) < 1e-4
    assert dist.cdf[-1] == 1.0
    assert dist.cdf[-2] == pytest.approx(stats.norm.cdf(GRID[-2], mu, sd), abs=1e-4)  # ~0.75, not 1
    # Below the grid: P(x <= 0) for N(1, 1) is Phi(-1) = 0.159, all of it on the first bin.
    low = RequirementDistribution.from_ppf(stats.norm(1.0, 1.0).ppf)
    assert low.cdf_at(0.5) == pytest.approx(stats.norm.cdf(0.5, 1.0, 1.0), abs=1e-4)
    assert low.cdf_at(50.0) == 1.0 and np.all(np.diff(low.cdf) >= 0.0)


# --- transforms: identity and product ------------------------------------------------------------

def _prior():
    return RequirementDistribution.from_samples(np.random.default_rng(1).normal(35.0, 4.0, 20_000))


def test_identity_is_named_and_removes_nothing():
    prior = _prior()
    post = apply_all(prior, [identity()])
    assert post.applied[0].name == "identity" and post.applied[0].mass_removed == 0.0
    np.testing.assert_array_equal(post.cdf, prior.cdf)


def test_product_of_transforms_is_named_and_keeps_every_parameter():
    a = Transform("a", lambda x: np.where(x > 30.0, 1.0, 0.5), {"cut": 30.0})
    b = Transform("b", lambda x: np.where(x > 40.0, 1.0, 0.25), {"cut": 40.0})
    ab = product(a, b)
    assert ab.name == "a x b"
    assert dict(ab.params) == {"a.cut": 30.0, "b.cut": 40.0}
    # Bayes: applying L1 then L2 equals applying L1 x L2 (module docstring), to rounding.
    prior = _prior()
    np.testing.assert_allclose(product(a, b)(prior).cdf, apply_all(prior, [a, b]).cdf, atol=1e-12)


def test_empty_product_is_the_identity():
    # The product over no factors is 1 at every point, one value per grid point.
    prior = _prior()
    post = product()(prior)
    assert post.applied[0].mass_removed == 0.0
    np.testing.assert_array_equal(post.cdf, prior.cdf)


# --- RequirementDistribution.from_samples: weights --------------------------------------------------

def test_from_samples_weights_need_only_a_positive_total():
    # Weights only shape the CDF (normalised to sum 1, docstring): a total below 1 is valid and
    # uniform weights of any size give the unweighted CDF.
    x = np.random.default_rng(2).normal(35.0, 4.0, 1000)
    plain = RequirementDistribution.from_samples(x)
    small = RequirementDistribution.from_samples(x, np.full(x.size, 1e-4))
    np.testing.assert_allclose(small.cdf, plain.cdf, atol=1e-12)


def test_from_samples_with_all_weights_zero_is_an_error():
    with pytest.raises(ValueError, match="^all samples have zero weight$"):
        RequirementDistribution.from_samples(np.array([30.0, 31.0]), np.zeros(2))


def test_from_samples_bins_are_closed_on_the_right_and_the_ends_collect_the_tails():
    # Class docstring: cdf[k] = P(requirement <= GRID[k]); bin k holds the mass in (GRID[k-1], GRID[k]];
    # mass beyond the grid is clipped onto its ends (GRID[0] = 0, GRID[-1] = 100).
    on_point = RequirementDistribution.from_samples(np.array([30.0]))
    assert on_point.cdf_at(30.0) == 1.0 and on_point.cdf_at(29.99) == 0.0
    inside = RequirementDistribution.from_samples(np.array([30.004]))
    assert inside.cdf_at(30.0) == 0.0 and inside.cdf_at(30.01) == 1.0
    below = RequirementDistribution.from_samples(np.array([-5.0]))
    assert below.cdf[0] == 1.0
    above = RequirementDistribution.from_samples(np.array([150.0]))
    assert above.cdf[-2] == 0.0 and above.cdf[-1] == 1.0


# --- build.scenario_transforms: the scenario's own thresholds reach the update ----------------------

def test_scenario_transforms_pass_both_update_thresholds():
    from bioanchors.requirements.build import scenario_transforms
    from bioanchors.scenario import load_scenario

    req = load_scenario("cotra2020").spec.requirements
    # Report Part 1 / docs/model.md §3 give 1e23 and 1e27; here both moved off the defaults (23, 27).
    upd = req.update.model_copy(update={"zero_at_log10_flop": 24.0, "one_at_log10_flop": 29.0})
    (t,) = scenario_transforms(req.model_copy(update={"update": upd}))
    assert dict(t.params) == {"zero_at_log10_flop": 24.0, "one_at_log10_flop": 29.0}
    # The likelihood is linear from 0 at 24 to 1 at 29: 0.5 at 26.5.
    assert t.likelihood(np.array([24.0, 26.5, 29.0])) == pytest.approx([0.0, 0.5, 1.0])
    off = req.update.model_copy(update={"enabled": False})
    assert scenario_transforms(req.model_copy(update={"update": off})) == ()


def test_a_transform_that_leaves_no_mass_names_hypothesis_transform_and_parameters():
    # Common rules: an error names the field and the fix. A requirement entirely below 1e23 FLOP has
    # likelihood 0 under the update against low values (0 at or below 1e23, docs/model.md §3).
    from bioanchors.requirements.build import BuiltHypothesis
    from bioanchors.requirements.distribution import NoMassLeft
    from bioanchors.requirements.update import low_value_update

    low = BuiltHypothesis("tiny", "Tiny", RequirementDistribution.from_samples(np.array([20.0, 21.0])))
    msg = (r"^hypothesis tiny: the transform \S+ \(zero_at_log10_flop=23, one_at_log10_flop=27\) is zero "
           r"wherever its requirement has mass, so nothing of it would remain; move the requirement up "
           r"or change the transform's parameters$")
    with pytest.raises(NoMassLeft, match=msg):
        low.transformed(low_value_update(23.0, 27.0))
    # transformed keeps the hypothesis's name and label
    ok = BuiltHypothesis("mid", "Mid", RequirementDistribution.from_samples(np.array([30.0, 31.0])))
    done = ok.transformed(low_value_update(23.0, 27.0))
    assert (done.name, done.label) == ("mid", "Mid")


def test_cdf_at_is_np_interp_on_the_grid_everywhere():
    # Docstring contract: same as np.interp(x, GRID, cdf), end values beyond the grid, NaN in -> NaN out.
    # 1e-12: the bin position is computed by arithmetic (6e-14 measured near 100); a wrong bin is >= 1e-5 off.
    dist = RequirementDistribution.from_samples(np.random.default_rng(3).uniform(-10.0, 110.0, 50_000))
    x = np.array([-5.0, 0.0, 0.004, 0.013, 50.005, 99.987, 99.995, 100.0, 150.0, np.nan])
    np.testing.assert_array_equal(np.isnan(dist.cdf_at(x)), np.isnan(x))
    np.testing.assert_allclose(dist.cdf_at(x)[:-1], np.interp(x[:-1], GRID, dist.cdf), rtol=0, atol=1e-12)
