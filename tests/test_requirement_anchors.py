"""Requirement anchors shared by the models (models/requirement_anchors.py; issues 21 item 4, 22 item 4):
any registered model with ``requirement_cdf`` is an anchor; FTM's full-automation training requirement
can come from one, with Davidson's +1 OOM as a named adjustment, and conditioning on "no full
automation by V" works on it (docs/models/ftm.md, "The requirement from an anchor")."""

from __future__ import annotations

import numpy as np
import pytest

import bioanchors
from bioanchors.errors import BioanchorsError
from bioanchors.models import get_model
from bioanchors.models import requirement_anchors as ra
from bioanchors.models.ftm.config import ADJUSTMENTS_OOM, with_requirement
from bioanchors.scenario import load_scenario, scenario_from_dict

YEARS = np.arange(2022, 2101)


def test_the_anchors_are_the_models_with_a_requirement():
    assert set(ra.anchor_names()) == {"cotra2020", "direct-approach"}
    # Cotra's requirements are in FLOP of 2020 algorithms (Cotra 2020, Part 1), Epoch's Direct Approach
    # in FLOP of 2022 algorithms (Barnett & Besiroglu 2023): the year each anchor's FLOP are measured in
    assert ra.algorithms_year("cotra2020") == 2020.0 and ra.algorithms_year("direct-approach") == 2022.0
    with pytest.raises(ValueError, match="choose one of: cotra2020, direct-approach"):
        ra.check_anchor("ftm")


@pytest.mark.parametrize("name", ["cotra2020", "direct-approach"])
def test_anchor_ppf_inverts_its_cdf(name):
    cdf, grid = ra.anchor_grid(name)
    assert np.all(np.diff(cdf) >= 0) and cdf[-1] == pytest.approx(1.0, abs=1e-6)
    q = np.array([0.1, 0.5, 0.9])
    x = ra.anchor_ppf(name)(q)
    np.testing.assert_allclose(np.interp(x, grid, cdf), q, atol=1e-9)


def test_cotra_anchor_is_her_weighted_mixture():
    # oracle: the mixture by hand from the built hypotheses of the cotra2020 built-in, at its stated weights
    from bioanchors.requirements import build_hypotheses

    spec = load_scenario("cotra2020").spec
    built = build_hypotheses(spec)
    w = np.array([spec.hypotheses[b.name].weight.central for b in built])
    by_hand = np.stack([b.requirement.cdf for b in built]).T @ (w / w.sum())
    np.testing.assert_allclose(ra.anchor_grid("cotra2020")[0], by_hand, atol=1e-12)


def test_davidsons_requirement_is_bio_anchors_plus_one_oom():
    # Davidson's best guess 1e36 FLOP (presets.js@99dc907) is "mostly anchoring to the Bio Anchors report,
    # with an extra OOM" (playground.js@99dc907 parameter_justifications): Cotra's median plus the named
    # +1 OOM gives 10^35.9, which rounds to his 1e36 (he states it to the OOM)
    median = float(ra.anchor_ppf("cotra2020")(0.5))
    assert round(median + ADJUSTMENTS_OOM["davidson-plus-one-oom"]) == 36
    sc = load_scenario("ftm-uncertain-cotra-requirement")
    params = {"requirement.quantile": np.array([0.5]), "requirement.software_progress_oom_per_year": 0.0}
    got = with_requirement(sc.spec, params)["automation.full_automation_training_log10_flop"]
    np.testing.assert_allclose(got, median + 1.0, atol=1e-12)


def test_restating_to_the_start_year_subtracts_the_anchors_progress():
    # requirement = ppf(q) + adjustment - rate x (start year - the anchor's algorithms year): 2022 - 2020
    # = 2 years at 0.5 OOM/yr is 1 OOM less (the formula of with_requirement, docs/models/ftm.md)
    sc = load_scenario("ftm-uncertain-cotra-requirement")
    base = {"requirement.quantile": np.array([0.3, 0.7]), "requirement.software_progress_oom_per_year": 0.0}
    fast = {**base, "requirement.software_progress_oom_per_year": 0.5}
    key = "automation.full_automation_training_log10_flop"
    np.testing.assert_allclose(with_requirement(sc.spec, fast)[key], with_requirement(sc.spec, base)[key] - 1.0)


def test_ftm_with_the_anchor_median_runs_like_the_same_value_given():
    # the anchor enters as a parameter value: the anchored run equals a run with that value typed in
    model = get_model("ftm")
    anchored = scenario_from_dict({"extends": "ftm-best-guess", "name": "t", "model": "ftm",
                                   "requirement": {"source": "cotra2020", "adjustment": "davidson-plus-one-oom"}})
    value = float(ra.anchor_ppf("cotra2020")(0.5)) + 1.0
    given = load_scenario("ftm-best-guess").replace({"automation.full_automation_training_log10_flop": value})
    a, g = (model.simulate(s.spec, model.point_parameters(s), YEARS) for s in (anchored, given))
    for name in ("full_automation_goods", "automation_goods_20", "wake_up"):
        assert a.event_years[name][0] == g.event_years[name][0]
    # 10^35.94 is below the best guess's 1e36, so full automation is no later than its 2040.0 (FTM code at
    # commit 99dc907 on presets.json, tests/test_model_ftm.py)
    assert a.event_years["full_automation_goods"][0] <= 2040.0 + 1e-9


@pytest.mark.parametrize("change, message", [
    ({"requirement": {"source": "cotra"}}, "did you mean 'cotra2020'"),
    ({"requirement": {"adjustment": "davidson-plus-one-oom"}}, "only applies to an anchor"),
    ({"requirement": {"adjustment": "plus-two"}}, "requirement.adjustment"),
])
def test_bad_requirement_options_are_one_line_errors(change, message):
    with pytest.raises(BioanchorsError, match=message) as err:
        scenario_from_dict({"extends": "ftm-best-guess", "name": "t", "model": "ftm", **change})
    assert "\n" not in str(err.value).split(": ", 1)[0]


def test_an_uncertain_requirement_that_the_anchor_would_replace_is_refused():
    with pytest.raises(BioanchorsError, match="replaces it: give it as a value"):
        scenario_from_dict({"extends": "ftm-uncertain", "name": "t", "model": "ftm",
                            "requirement": {"source": "cotra2020"}})


def test_conditioning_on_no_full_automation_by_a_year():
    # the generic [evidence] (reading "marginal", the default of trajectory models: Bayes over the draws):
    # no full automation by the end of 2025 removes the draws with it by then; the same draws (seed)
    # conditioned by hand are the oracle. Cotra's wide low tail makes P(by 2025) > 0 here.
    data = {"model": "ftm", "name": "t", "extends": "ftm-uncertain-cotra-requirement"}
    plain = bioanchors.forecast(scenario_from_dict(data), method="conditional", samples=24, seed=3)
    cond = bioanchors.forecast(scenario_from_dict({**data, "evidence": {"vantage_year": 2025}}),
                               method="conditional", samples=24, seed=3)
    years = plain.years
    p25 = plain.p[years == 2025][0]
    assert 0 < p25 < 1
    assert np.all(cond.p[years <= 2025] == 0.0)
    later = years > 2025
    np.testing.assert_allclose(cond.p[later], (plain.p[later] - p25) / (1 - p25), atol=1e-12)
