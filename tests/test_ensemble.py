"""Weighted ensembles of forecasts (issue 12 item 1; issue 15's mixtures): a function of the generic type."""

from __future__ import annotations

import numpy as np
import pytest

import bioanchors
from bioanchors.errors import BioanchorsError
from bioanchors.models import ensemble
from bioanchors.result import ArrivalForecast
from toy_models import mixture


def _fc(p, se=None, years=None, model="toy", method="exact"):
    p = np.asarray(p, dtype=float)
    years = np.arange(2030, 2030 + p.size) if years is None else np.asarray(years)
    se = np.zeros(p.size) if se is None else np.asarray(se, dtype=float)
    return ArrivalForecast(model=model, method=method, years=years, p=p, standard_errors=se, label=model)


@pytest.fixture(scope="module")
def members():
    """Cotra's three published parameter sets (best guess, aggressive, conservative), exact."""
    return [bioanchors.forecast(n).forecast for n in ("cotra2020", "cotra2020-aggressive", "cotra2020-conservative")]


def test_one_weight_of_one_equals_that_model(members):
    f = members[0]
    e = ensemble([(1.0, f)])
    assert np.array_equal(e.p, f.p) and np.array_equal(e.years, f.years)
    assert np.array_equal(e.standard_errors, f.standard_errors)
    # the others at weight 0 change nothing either
    e0 = ensemble([(0.0, members[1]), (1.0, f), (0.0, members[2])])
    assert np.array_equal(e0.p, f.p)


def test_a_forecast_result_is_accepted_as_a_member():
    res = bioanchors.forecast("cotra2020")
    assert np.array_equal(ensemble([(1, res)]).p, res.p)


def test_weights_are_normalised(members):
    a = ensemble([(2.0, members[0]), (6.0, members[1])])
    b = ensemble([(0.25, members[0]), (0.75, members[1])])
    assert a.p == pytest.approx(b.p, abs=1e-15)
    assert a.p == pytest.approx(0.25 * members[0].p + 0.75 * members[1].p, abs=1e-15)
    assert [c.weight for c in a.components] == [0.25, 0.75]
    assert [c.stated_weight for c in a.components] == [2.0, 6.0]


def test_mixture_is_monotone_bounded_and_between_its_members(members):
    e = ensemble([(0.5, members[0]), (0.3, members[1]), (0.2, members[2])])
    assert np.all(np.diff(e.p) >= 0) and np.all((e.p >= 0) & (e.p <= 1))
    lo = np.min([m.p for m in members], axis=0)
    hi = np.max([m.p for m in members], axis=0)
    assert np.all(e.p >= lo - 1e-15) and np.all(e.p <= hi + 1e-15)
    # components are the members; their contributions add up to the total
    assert e.component_kind == "models" and len(e.components) == 3
    assert np.sum([c.contribution for c in e.components], axis=0) == pytest.approx(e.p, abs=1e-15)


def test_standard_errors_combine_as_independent_estimates():
    # sqrt((0.5 * 0.03)^2 + (0.5 * 0.04)^2) = sqrt(0.000225 + 0.0004) = 0.025 (by hand)
    e = ensemble([(1, _fc([0.2, 0.4], se=[0.03, 0.03])), (1, _fc([0.4, 0.6], se=[0.04, 0.0]))])
    assert e.standard_errors == pytest.approx([0.025, 0.015], abs=1e-15)
    assert e.p == pytest.approx([0.3, 0.5], abs=1e-15)


def test_sampled_members_give_a_sampled_ensemble_with_their_errors():
    mc = bioanchors.forecast("cotra2020", method="monte-carlo", samples=20_000, seed=1).forecast
    ex = bioanchors.forecast("cotra2020").forecast
    e = ensemble([(0.5, mc), (0.5, ex)])
    assert e.standard_errors == pytest.approx(0.5 * mc.standard_errors, rel=1e-12)
    assert e.method == "exact+monte-carlo"
    # The two estimate the same curve: the mix stays within 5 SE of the exact one (binomial SE).
    assert np.all(np.abs(e.p - ex.p) <= 5 * e.standard_errors + 1e-12)


def test_common_year_grid_is_the_overlap():
    a = _fc([0.1, 0.2, 0.3, 0.4], years=[2030, 2031, 2032, 2033])
    b = _fc([0.5, 0.6, 0.7], years=[2032, 2033, 2034], model="other")
    e = ensemble([(1, a), (1, b)])
    assert list(e.years) == [2032, 2033]
    assert e.p == pytest.approx([0.4, 0.5], abs=1e-15)  # (0.3 + 0.5) / 2, (0.4 + 0.6) / 2 by hand
    with pytest.raises(BioanchorsError, match="share no year"):
        ensemble([(1, a), (1, _fc([0.5], years=[2040]))])


@pytest.mark.parametrize("weights", [[], [-1.0, 2.0], [0.0, 0.0], [float("nan"), 1.0], [float("inf"), 1.0]])
def test_bad_weights_are_one_line_errors(weights):
    members = [(w, _fc([0.1, 0.2])) for w in weights]
    with pytest.raises(BioanchorsError):
        ensemble(members)


def test_member_names_stay_unique():
    e = ensemble([(1, _fc([0.1])), (1, _fc([0.3]))])
    assert [c.name for c in e.components] == ["toy", "toy-2"]


def test_ensemble_model_through_forecast_equals_its_only_member():
    res = bioanchors.forecast(mixture([(1.0, "cotra2020")]))
    ref = bioanchors.forecast("cotra2020")
    assert np.array_equal(res.p, ref.p) and res.model == "ensemble"
    assert res.component_kind == "models" and "models" in res.to_json_dict()
    res.to_frame()
    res.plot()


def test_ensemble_model_rejects_unknown_members():
    from bioanchors.scenario import scenario_from_dict

    with pytest.raises(BioanchorsError, match="unknown model 'cotra'"):
        scenario_from_dict({"name": "m", "models": [{"name": "cotra", "weight": 1}]}, "m")


def test_ensemble_result_prints_its_members_and_keeps_their_errors():
    from bioanchors.cli.common import console
    from bioanchors.cli.forecast import print_table

    mix = mixture([(0.5, "cotra2020-uncertain"), (0.5, "cotra2020-uncertain")], name="half-half")
    res = bioanchors.forecast(mix, method="conditional", samples=500, seed=3)
    assert res.standard_errors is not None and np.all(res.standard_errors >= 0)
    # two independent 500-draw runs, half weight each: SE ~ 1/sqrt(2) of one run's, never 0 where P moves
    assert np.all(res.standard_errors[res.p > 0.01] > 0)
    assert all(v is None or v >= 0 for v in res.quantile_standard_errors().values())
    with console.capture() as cap:
        print_table(res)
    text = cap.get()
    # issue 23 item 4: the weight column is named ("share") and the note says how rows use it
    assert "model" in text and "cotra2020" in text and "each row is share x P(by year |" in " ".join(text.split())
    assert "hypothesis" not in text  # no hypotheses at the ensemble level


def test_json_names_the_key_that_holds_the_components():
    # Issue 12: the dashboard and other clients read the components through "component_kind",
    # so they work for any model, not only Cotra's hypotheses.
    import bioanchors

    cotra = bioanchors.forecast("cotra2020").to_json_dict()
    assert cotra["component_kind"] == "hypotheses" and len(cotra["hypotheses"]) == 6
    mix = bioanchors.forecast(mixture([(1, "cotra2020"), (1, "cotra2020")])).to_json_dict()
    assert mix["component_kind"] == "models" and len(mix["models"]) == 2 and "hypotheses" not in mix


def test_a_conditioned_member_is_mixed_conditioned(tmp_path):
    # Issue 23 item 8: a weight-1 ensemble of cotra2020-given-2025 returned plain cotra2020
    # (P(2026) 0.0433 instead of 0.0033): the member's [evidence] must apply inside the mixture.
    path = tmp_path / "solo.toml"
    path.write_text('name = "solo"\n[[models]]\nscenario = "cotra2020-given-2025"\nweight = 1\n')
    alone = bioanchors.forecast("cotra2020-given-2025", start_year=2026)
    mixed = bioanchors.forecast(str(path), start_year=2026)
    np.testing.assert_allclose(mixed.p, alone.p, rtol=0, atol=1e-12)
    # conditioned on no TAI by 2025: below plain cotra2020's ~0.043. (0.0033 before issue 23 item 6(d); the
    # evidence now credits the forecast's own progress, none by 2024, so mass between the realised 5e25 FLOP
    # and what Cotra's trends afford by 2025 arrives in 2026: 0.033; docs/evidence.md)
    assert alone.p_at(2026) < bioanchors.forecast("cotra2020").p_at(2026) - 0.005


def test_members_with_different_events_mix_only_where_the_file_says_they_are_the_same(tmp_path):
    # Issue 22 item 5: an ensemble mixes models' events only where the user says they are the same.
    path = tmp_path / "mix.toml"
    body = '[[models]]\nname = "cotra2020"\nweight = 1\n[[models]]\nname = "metr-horizon"\nweight = 1\n'
    path.write_text('name = "mix"\n' + body)
    with pytest.raises(BioanchorsError) as info:
        bioanchors.load_scenario(str(path))
    assert "field 'same_event'" in str(info.value) and "time horizon" in str(info.value)
    path.write_text('name = "mix"\nsame_event = "TAI, with the horizon milestone as its proxy"\n' + body)
    res = bioanchors.forecast(str(path)).to_json_dict()
    assert res["event_label"] == "TAI, with the horizon milestone as its proxy"
    # members of one event need no statement, and the mixture keeps that event's label
    path.write_text('name = "same"\n[[models]]\nname = "cotra2020"\nweight = 1\n'
                    '[[models]]\nscenario = "measured-2025"\nweight = 1\n')
    assert bioanchors.forecast(str(path)).event_label.startswith("TAI (training compute")


def test_a_mixture_given_no_event_by_a_year_is_bayes_on_the_mixture(tmp_path):
    # P'(t) = (P(t) - P(V)) / (1 - P(V)) for the mixed curve; members reweighted by 1 - P_i(V).
    path = tmp_path / "mix.toml"
    path.write_text('name = "mix"\n[[models]]\nname = "cotra2020"\nweight = 1\n'
                    '[[models]]\nscenario = "measured-2025"\nweight = 1\n')
    sc = bioanchors.load_scenario(str(path))
    plain = bioanchors.forecast(sc, start_year=2025, method="conditional", samples=2000, seed=1)
    given = bioanchors.forecast(sc.replace({"evidence": {"vantage_year": 2030}}), start_year=2025,
                                method="conditional", samples=2000, seed=1)
    pv = plain.p_at(2030)
    after = plain.years > 2030
    np.testing.assert_allclose(given.p[after], (plain.p[after] - pv) / (1 - pv), rtol=0, atol=1e-12)
    assert np.all(given.p[~after] == 0)
    assert sum(c.weight for c in given.components) == pytest.approx(1.0)
    np.testing.assert_allclose(sum(c.contribution for c in given.components), given.p, atol=1e-12)
