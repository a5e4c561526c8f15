"""The conditional-expectation (Rao-Blackwell) estimator against the joint sampler and exact (issue 11)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import bioanchors
from bioanchors.forecast import DEFAULT_SAMPLES, METHODS
from conftest import measured_unconditioned

# Every built-in scenario with distributions on trends, found rather than listed, so that a new one
# joins the agreement test by itself.
# Models whose draw is a whole simulation (``battery_samples``: ftm) are left out: 200,000 joint
# samples are hours, and a step curve cannot meet the 0.001 SE target below ~250,000 draws; the
# estimator battery (tests/test_estimator_battery.py) and their own tests cover them at capped draws.
UNCERTAIN = [n for n in bioanchors.builtin_names() if bioanchors.load_scenario(n).uncertain_parameters
             and not getattr(bioanchors.models.model_for(bioanchors.load_scenario(n)), "battery_samples", None)]


def test_the_uncertain_builtins_are_found():
    assert {"cotra2020-uncertain", "measured-2025"} <= set(UNCERTAIN)


@pytest.mark.parametrize("name", UNCERTAIN)
def test_agrees_with_the_joint_sampler_within_the_reported_errors(name):
    cond = bioanchors.forecast(name, method="conditional", samples=10_000, seed=1)
    joint = bioanchors.forecast(name, method="monte-carlo", samples=200_000, seed=2)
    # The joint sampler's error under "both estimate the same P" is binomial in that P (its own estimate
    # is 0 where it drew no arrival, e.g. metr-horizon's P ~1e-6 in 2025). Where P is exactly 0 or 1
    # (a closed form's far tail: metr-horizon after ~2035) both must give it exactly.
    combined = np.sqrt(cond.standard_errors**2 + cond.p * (1 - cond.p) / 200_000)
    sure = combined == 0
    assert np.array_equal(cond.p[sure], joint.p[sure])
    assert np.max(np.abs(cond.p - joint.p)[~sure] / combined[~sure]) <= 4.0
    # Per-hypothesis conditional curves: the joint sampler's are binomial over the samples that drew it.
    for i in range(len(cond.hypothesis_names)):
        n_i = 200_000 * joint.weights[i]
        se_i = np.sqrt(joint.hypothesis_p[i] * (1 - joint.hypothesis_p[i]) / n_i) + 1e-3  # + conditional's SE bound
        assert np.max(np.abs(cond.hypothesis_p[i] - joint.hypothesis_p[i]) / se_i) <= 4.0, cond.hypothesis_names[i]


@pytest.mark.parametrize("name", UNCERTAIN)
def test_default_settings_meet_the_standard_error_target(name):
    res = bioanchors.forecast(name)  # auto -> conditional at its default number of trend draws
    model = bioanchors.models.model_for(bioanchors.load_scenario(name))
    default = getattr(model, "default_samples", {}).get("conditional", DEFAULT_SAMPLES["conditional"])
    # an ensemble's method names its members' ("conditional+exact": exact where a member is point-valued)
    assert "conditional" in res.method.split("+") and res.samples == default
    assert res.standard_errors.max() <= 0.001  # issue 11's target
    # Conditioning never adds variance: SD across draws <= the binomial SD of the joint sampler.
    assert np.all(res.standard_errors <= np.sqrt(res.p * (1 - res.p) / res.samples) + 1e-15)


@pytest.mark.parametrize("name", ["cotra2020", "cotra2020-aggressive", "cotra2022"])
def test_equals_exact_for_point_valued_scenarios(name):
    exact = bioanchors.forecast(name, method="exact")
    cond = bioanchors.forecast(name, method="conditional", samples=3000, seed=0)
    np.testing.assert_array_equal(cond.p, exact.p)
    np.testing.assert_array_equal(cond.hypothesis_p, exact.hypothesis_p)
    assert np.all(cond.standard_errors == 0.0)
    assert cond.p_by_year_band is None and "p_by_year_band" not in cond.to_json_dict()
    assert all(v in (0.0, None) for v in cond.quantile_standard_errors().values())


def test_same_seed_identical_different_seed_different():
    sc = bioanchors.load_scenario("cotra2020-uncertain")
    a = bioanchors.forecast(sc, method="conditional", samples=3000, seed=42)
    b = bioanchors.forecast(sc, method="conditional", samples=3000, seed=42)
    c = bioanchors.forecast(sc, method="conditional", samples=3000, seed=43)
    assert a.p.tobytes() == b.p.tobytes() and a.standard_errors.tobytes() == b.standard_errors.tobytes()
    assert all(a.p_by_year_band[q].tobytes() == b.p_by_year_band[q].tobytes() for q in a.p_by_year_band)
    assert a.p.tobytes() != c.p.tobytes()


def test_chunking_does_not_change_the_numbers(monkeypatch):
    # Draws are consumed from one stream in order, so the chunk size is invisible except
    # for float summation order.
    from bioanchors.evaluation import problem

    sc = measured_unconditioned()  # issue 23 item 5: measured-2025 is now conditioned; the mechanics are the model's
    a = bioanchors.forecast(sc, method="conditional", samples=2500, seed=5)
    monkeypatch.setattr(problem, "CHUNK_CELLS", 700 * 76 * 7)  # 700 draws x 76 years x 7 curves per chunk
    b = bioanchors.forecast(sc, method="conditional", samples=2500, seed=5)
    np.testing.assert_allclose(a.p, b.p, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(a.p_by_year_band[0.5], b.p_by_year_band[0.5])


def test_band_is_ordered_and_brackets_the_mean():
    res = bioanchors.forecast("cotra2020-uncertain", method="conditional", samples=4000, seed=0)
    lo, mid, hi = (res.p_by_year_band[q] for q in (0.05, 0.5, 0.95))
    assert np.all(lo <= mid) and np.all(mid <= hi)
    assert np.all((lo <= res.p + 1e-12) & (res.p <= hi + 1e-12))
    assert np.all(np.diff(lo) >= 0) and np.all(np.diff(hi) >= 0)  # each draw's curve is a CDF
    assert np.max(hi - lo) > 0.1  # trend uncertainty is wide: the band is not a sliver
    out = json.loads(json.dumps(res.to_json_dict()))
    assert sorted(out["p_by_year_band"]) == ["0.05", "0.5", "0.95"]
    assert list(out["p_by_year_band"]["0.5"]) == list(out["p_by_year"])


def test_standard_error_shrinks_as_one_over_root_n():
    small = bioanchors.forecast("cotra2020-uncertain", method="conditional", samples=2000, seed=11)
    large = bioanchors.forecast("cotra2020-uncertain", method="conditional", samples=8000, seed=12)
    k = np.argmax(small.standard_errors)
    assert large.standard_errors[k] * 2 == pytest.approx(small.standard_errors[k], rel=0.15)


def test_quantile_standard_errors_by_the_delta_method():
    res = bioanchors.forecast("cotra2020-uncertain", method="conditional", samples=4000, seed=0)
    qse = res.quantile_standard_errors()
    i = int(np.nonzero(res.years == res.median_year)[0][0])
    # The interpolated median date lies in the segment from the end of year i - 1 to the end of year i
    # (issue 23 item 3); SE(P) is interpolated to it and divided by the segment's slope.
    date = res.quantile_dates[0.5]
    frac = (0.5 - res.p[i - 1]) / (res.p[i] - res.p[i - 1])
    assert date == pytest.approx(res.years[i] + frac) and int(date) == res.median_year
    se_at = (1 - frac) * res.standard_errors[i - 1] + frac * res.standard_errors[i]
    assert qse[0.5] == pytest.approx(se_at / (res.p[i] - res.p[i - 1]))
    assert 0 < qse[0.5] < 1.0  # a few hundredths of a probability SE over a ~1%/yr slope


def test_method_names_come_from_one_place():
    assert set(METHODS) == {"auto", "exact", "conditional", "qmc", "monte-carlo"}  # qmc: issue 20 item 1
    with pytest.raises(bioanchors.BioanchorsError, match="conditional"):
        bioanchors.forecast("cotra2020", method="rao-blackwell")
    with pytest.raises(bioanchors.BioanchorsError, match="--samples"):
        bioanchors.forecast("cotra2020-uncertain", method="conditional", samples=0)


def test_progress_counts_trend_draws(monkeypatch):
    from bioanchors.evaluation import problem

    # Chunks of CHUNK_CELLS / (years x curves) draws: 76 years (2025-2100) x 7 curves (total, six hypotheses).
    monkeypatch.setattr(problem, "CHUNK_CELLS", 76 * 7 * 2000)
    seen = []
    # the unconditioned trend model (issue 23 item 5 made measured-2025 condition on "not yet" by default)
    bioanchors.forecast(measured_unconditioned(), samples=4500, seed=0, progress=seen.append)
    assert seen == [2000, 2000, 500]
    # conditioned on "not yet" the model runs twice, prior and posterior (docs/evidence.md, Limits); the
    # two runs share the caller's one total (evaluation.estimators.shared_progress), each draw counting 1/2
    seen.clear()
    bioanchors.forecast("measured-2025", samples=4500, seed=0, progress=seen.append)
    assert sum(seen) == 4500 and len(seen) == 6 and all(k > 0 for k in seen)  # three chunks per run


def test_band_memory_is_bounded(monkeypatch):
    # The band comes from the first BAND_DRAWS draws; the mean and SE from all of them.
    from bioanchors.evaluation import estimators as conditional

    monkeypatch.setattr(conditional, "BAND_DRAWS", 1000)
    sc = measured_unconditioned()  # issue 23 item 5: the conditioned measured-2025 has no band of its own
    many = bioanchors.forecast(sc, method="conditional", samples=3000, seed=9)
    monkeypatch.setattr(conditional, "BAND_DRAWS", 100_000)
    first = bioanchors.forecast(sc, method="conditional", samples=1000, seed=9)
    # Rows of a (2000, k) uniform draw start with the rows of a (1000, k) draw: same first 1000 draws.
    for q in conditional.BAND:
        np.testing.assert_array_equal(many.p_by_year_band[q], first.p_by_year_band[q])
    assert not np.array_equal(many.p, first.p)


def test_repr_is_one_short_line():
    res = bioanchors.forecast("measured-2025", samples=500, seed=3)
    text = repr(res)
    assert "\n" not in text and len(text) < 200
    assert "method='conditional'" in text and "samples=500" in text and f"median_year={res.median_year}" in text
