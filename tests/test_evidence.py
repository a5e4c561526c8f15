"""The evidence update of issue 14: "no TAI by year V" as a likelihood over the 2020 requirement.

Closed forms (docs/evidence.md, bioanchors.evidence):
- a step likelihood at T with p_none set aside is truncation: F'(x) = (F(x) - F(T)) / (1 - F(T)), x > T;
- with p_none kept, a step at the model's own reach at V and point trends, the conditional
  arrival curve is (P(t) - P(V)) / (1 - P(V)) for t > V (conditioning Cotra's joint model);
- a likelihood of ones changes nothing;
- posterior weights are w_i (1 - r_i) / sum_j w_j (1 - r_j): hypotheses with more prior mass below
  the realised compute lose weight;
- the exact and Monte Carlo estimators agree on the conditioned forecast.
The realised values come from the bundled Epoch AI table (data/frontier_training_runs.csv).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from bioanchors import evidence
from bioanchors.errors import BioanchorsError
from bioanchors.evaluation.parameters import point_parameters
from bioanchors.evaluation.trajectories import trajectories
from bioanchors.forecast import forecast
from bioanchors.requirements import build_hypotheses
from bioanchors.requirements.distribution import GRID
from bioanchors.requirements.evidence import not_yet, not_yet_likelihood
from bioanchors.scenario import load_scenario

V = 2025


@pytest.fixture(scope="module")
def cotra():
    return load_scenario("cotra2020")


@pytest.fixture(scope="module")
def built(cotra):
    return build_hypotheses(cotra.spec)


def _weights(sc):
    w = np.array([h.weight.central for h in sc.spec.hypotheses.values()])
    return w / w.sum()


def test_step_likelihood_is_truncation(built, cotra):
    t = 27.0  # on the grid, so the midpoint rule is exact for the step
    k = int(np.argmin(np.abs(GRID - t)))
    post, w1, removed = evidence.condition_hypotheses(built, _weights(cotra), np.full(len(built), t), 0.0)
    for b, p, r in zip(built, post, removed):
        f = b.requirement.cdf
        assert r == pytest.approx(f[k], abs=1e-12)  # removed = F(T)
        expect = np.where(GRID > t, (f - f[k]) / (1 - f[k]), 0.0)
        np.testing.assert_allclose(p.requirement.cdf, expect, atol=1e-12)


def test_kept_p_none_equals_conditional_curve(cotra, built):
    years = np.arange(cotra.spec.years.start, cotra.spec.years.end + 1)
    traj = trajectories(cotra.spec, point_parameters(cotra.spec), years)
    iv = int(np.nonzero(years == V)[0][0])
    # each hypothesis's own effective compute at V, put on the grid so the step is exact on it
    reach_v = np.round(traj.log10_reach[0][:, iv], 2)
    sc = cotra.replace({"evidence": {"vantage_year": V, "ramp_log10_flop": 0.0, "p_none": "kept"}})
    got = evidence.forecast_given(sc, forecast, method="exact", thresholds=reach_v)
    prior = forecast(cotra, method="exact")
    # P(V) at the gridded reach; it differs from the model's P(V) by < 0.01 OOM of density
    p_v = (1 - prior.p_none[iv]) * sum(w * b.requirement.cdf_at(r) for w, b, r in zip(_weights(cotra), built, reach_v))
    assert p_v == pytest.approx(prior.p[iv], abs=2e-3)
    expect = np.where(years > V, (prior.p - p_v) / (1 - p_v), 0.0)
    np.testing.assert_allclose(got.p, expect, atol=1e-12)
    assert got.p_at(V) == 0.0 and got.p[years > V].min() > 0


@pytest.mark.parametrize("mode", ["kept", "set_aside"])
def test_uninformative_likelihood_changes_nothing(cotra, built, mode):
    post, w1, removed = evidence.condition_hypotheses(built, _weights(cotra), np.full(len(built), -1.0), 0.0)
    np.testing.assert_array_equal(removed, 0.0)
    np.testing.assert_allclose(w1, _weights(cotra), rtol=1e-14)
    for b, p in zip(built, post):
        np.testing.assert_allclose(p.requirement.cdf, b.requirement.cdf, atol=1e-14)
    sc = cotra.replace({"evidence": {"vantage_year": V, "ramp_log10_flop": 0.0, "p_none": mode}})
    got = evidence.forecast_given(sc, forecast, method="exact", thresholds=np.full(len(built), -1.0))
    prior = forecast(cotra, method="exact")
    after = got.years > V
    np.testing.assert_allclose(got.p[after], prior.p[after], atol=1e-12)


def test_weights_move_with_the_evidence(cotra, built):
    w0 = _weights(cotra)
    t = np.full(len(built), 28.0)
    _, w1, removed = evidence.condition_hypotheses(built, w0, t, 1.0)
    ratio = w1 / w0
    np.testing.assert_allclose(ratio, (1 - removed) / np.sum(w0 * (1 - removed)), rtol=1e-12)
    # more prior mass below the realised compute -> a smaller posterior/prior ratio
    order = np.argsort(removed)
    assert np.all(np.diff(ratio[order]) <= 0)
    names = [b.name for b in built]
    # Lifetime (report: median ~1e28 before the update) loses; Evolution (~1e41) gains
    assert ratio[names.index("lifetime")] < 1 < ratio[names.index("evolution")]
    # a larger realised compute removes at least as much from every hypothesis
    _, _, more = evidence.condition_hypotheses(built, w0, t + 1.0, 1.0)
    assert np.all(more >= removed)


def test_ramp_likelihood_shape():
    x = np.array([25.0, 26.5, 27.0, 27.5, 30.0])
    np.testing.assert_allclose(not_yet_likelihood(x, 27.0, 1.0), [0.0, 0.5, 1.0, 1.0, 1.0])
    np.testing.assert_array_equal(not_yet_likelihood(x, 27.0, 0.0), [0, 0, 0, 1, 1])
    assert not_yet(27.0, 1.0).params == {"threshold_log10_flop": 27.0, "ramp_log10_flop": 1.0}
    with pytest.raises(ValueError):
        not_yet_likelihood(x, 27.0, -1.0)


def test_realised_values_from_bundled_data():
    # Epoch AI Notable AI Models (bundled, data through 2026-04-23): Grok 4, 2025-07-09, 5e26 FLOP;
    # Gemini 1.0 Ultra (2023-12) 5e25 FLOP is the largest published by the end of 2024.
    assert evidence.last_full_year() == 2025
    assert evidence.largest_run_log10_flop(2025) == pytest.approx(np.log10(5e26))
    assert evidence.largest_run_log10_flop(2024) == pytest.approx(np.log10(5e25))
    ev = load_scenario("cotra2020").replace({"evidence": {"lag_years": 0.0}}).spec.evidence
    real = evidence.reachable(ev, 2025)
    # Ho et al. 2024: halving every 0.667 years -> 5 years x log10(2) / 0.667 = 2.257 OOM
    assert real["algorithmic_multiplier_log10"] == pytest.approx(5 * np.log10(2) / 0.667)
    assert real["realised_log10_effective_flop"] == pytest.approx(np.log10(5e26) + 5 * np.log10(2) / 0.667)


@pytest.mark.parametrize("mode", ["kept", "set_aside"])
def test_exact_and_monte_carlo_agree(cotra, mode):
    sc = cotra.replace({"evidence": {"vantage_year": V, "p_none": mode}})
    ex = forecast(sc, method="exact")
    mc = forecast(sc, method="monte-carlo", samples=200_000, seed=3)
    after = ex.years > V
    assert ex.p_at(V) == 0.0 and mc.p_at(V) == 0.0
    z = np.abs(mc.p[after] - ex.p[after]) / np.maximum(mc.standard_errors[after], 1e-4)
    assert z.max() < 5  # 5 SE over ~75 correlated years
    assert ex.evidence == mc.evidence


@pytest.mark.parametrize("rebase", [False, True])
def test_conditional_and_monte_carlo_agree_on_uncertain_trends(rebase):
    sc = load_scenario("measured-2025").replace({"evidence": {"vantage_year": V, "rebase": rebase}})
    co = forecast(sc, method="conditional", samples=2_000, seed=1)
    mc = forecast(sc, method="monte-carlo", samples=100_000, seed=2)
    after = co.years > V
    se = np.hypot(co.standard_errors[after], mc.standard_errors[after])
    assert np.max(np.abs(co.p[after] - mc.p[after]) / np.maximum(se, 1e-4)) < 5


def test_same_seed_same_bytes(cotra):
    sc = cotra.replace({"evidence": {"vantage_year": V}})
    a = forecast(sc, method="monte-carlo", samples=20_000, seed=7)
    b = forecast(sc, method="monte-carlo", samples=20_000, seed=7)
    assert a.p.tobytes() == b.p.tobytes()


def test_json_has_evidence(cotra):
    res = forecast(cotra.replace({"evidence": {"vantage_year": V}}), method="exact")
    out = res.to_json_dict()["evidence"]
    assert set(out) >= {"vantage_year", "realised_log10_effective_flop", "likelihood", "prior_weights",
                        "posterior_weights", "mass_removed"}
    assert out["vantage_year"] == V
    assert res.to_json_dict()["p_by_year"][str(V)] == 0.0
    assert sum(out["posterior_weights"].values()) == pytest.approx(1.0)


def test_vantage_outside_years_is_an_error(cotra):
    from bioanchors.errors import BioanchorsError

    with pytest.raises(BioanchorsError, match="vantage year 2200 leaves no forecast year"):
        forecast(cotra.replace({"evidence": {"vantage_year": 2200, "realised_log10_flop": 27.0}}), method="exact")


def test_vantage_beyond_the_data_needs_realised_values(cotra):
    from bioanchors.errors import BioanchorsError

    with pytest.raises(BioanchorsError, match="realised_log10_flop"):
        forecast(cotra.replace({"evidence": {"vantage_year": 2030}}), method="exact")


@pytest.mark.parametrize("base, given", [("cotra2020", "cotra2020-given-2025")])
def test_builtin_given_scenario_moves_later(base, given):
    # "not yet" removes requirement mass below the reachable compute (~1e27.5), which is early-arrival
    # mass: P(by 2030) falls and the median cannot move earlier. Lifetime, the lowest anchor (report
    # Part 1: median ~1e28-1e29), loses the most.
    a, b = forecast(base, method="exact"), forecast(given, method="exact")
    assert b.evidence["vantage_year"] == 2025
    assert b.median_year >= a.median_year
    assert b.p_at(2030) < a.p_at(2030)
    assert b.evidence["mass_removed"]["lifetime"] == max(b.evidence["mass_removed"].values())


def test_bad_evidence_key_is_a_one_line_error(cli):
    r = cli("forecast", "cotra2020", "--set", "evidence.lag_yrs=1")
    assert r.exit_code == 2 and "lag_years" in r.output and "Traceback" not in r.output
    r = cli("forecast", "cotra2020", "--set", "evidence.p_none=maybe")
    assert r.exit_code == 2 and "evidence.p_none" in r.output


# --- rebase: re-anchor the spending trend at the realised largest run (docs/evidence.md) ---


def _affordable_after_rebase(sc, year):
    """Affordable compute at ``year`` of the scenario forecast_given evaluates [log10 FLOP]."""
    ev = sc.spec.evidence
    base, rec = evidence.rebase_spending(sc.replace({"evidence": None}), year,
                                         evidence.reachable(ev, ev.vantage_year)["largest_run_log10_flop"])
    return evidence.affordable_log10_flop(base.spec, year), rec


@pytest.mark.parametrize("name, lag", [("cotra2020", 1.0), ("cotra2020", 0.0), ("measured-2025", 1.0)])
def test_rebase_matches_the_realised_run(name, lag):
    # Epoch AI (bundled): largest run by the end of 2024 is Gemini 1.0 Ultra, 5e25 FLOP; by end of 2025 Grok 4, 5e26
    realised = {1.0: np.log10(5e25), 0.0: np.log10(5e26)}[lag]
    sc = load_scenario(name).replace({"evidence": {"vantage_year": V, "lag_years": lag, "rebase": True}})
    got, rec = _affordable_after_rebase(sc, V - lag)
    assert got == pytest.approx(realised, abs=1e-9)
    assert rec["realised_log10_flop"] == pytest.approx(realised)
    assert abs(rec["scenario_log10_affordable_flop"] - realised) > 0.05  # the scenarios do not already match
    # growth rates and ceilings are the scenario's: only the spending anchors moved
    base = load_scenario(name).spec
    reb = evidence.rebase_spending(load_scenario(name), V - lag, realised)[0].spec
    assert reb.spending.doubling_time_years == base.spending.doubling_time_years
    assert reb.spending.ceiling_gdp_share == base.spending.ceiling_gdp_share
    assert reb.flop_per_dollar == base.flop_per_dollar
    assert reb.spending.log10_usd.central == pytest.approx(base.spending.log10_usd.central + rec["shift_log10_usd"])


def test_rebase_shifts_every_sample_equally():
    # measured-2025's spending.log10_usd is a distribution: its quantiles all move by the same d
    sc = load_scenario("measured-2025")
    p = sc.spec.spending.log10_usd
    reb, rec = evidence.rebase_spending(sc, 2024.0, np.log10(5e25))
    q = np.array([0.05, 0.5, 0.95])
    d = reb.spec.spending.log10_usd.distribution().ppf(q) - p.distribution().ppf(q)
    np.testing.assert_allclose(d, rec["shift_log10_usd"], atol=1e-9)


def test_rebase_on_a_matching_scenario_changes_nothing(cotra):
    # a realised run equal to the scenario's own affordable compute at V - lag: the shift is 0
    own = evidence.affordable_log10_flop(cotra.spec, V - 1.0)
    ev = {"vantage_year": V, "realised_log10_flop": own}
    plain = forecast(cotra.replace({"evidence": ev}), method="exact")
    reb = forecast(cotra.replace({"evidence": {**ev, "rebase": True}}), method="exact")
    assert reb.evidence["rebase"]["shift_log10_usd"] == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(reb.p, plain.p, atol=1e-9)
    assert plain.evidence["rebase"] is None


def test_rebase_moves_the_forecast(cotra):
    # Cotra's spending trend affords more than the realised 5e25 at 2024 -> rebasing lowers the near term
    sc = load_scenario("cotra2020-given-2025")
    plain = forecast(sc, method="exact")
    reb = forecast(sc.replace({"evidence.rebase": True}), method="exact")
    assert reb.evidence["rebase"]["shift_log10_usd"] < 0
    assert reb.p_at(2030) < plain.p_at(2030)
    assert reb.to_json_dict()["evidence"]["rebase"]["trend"] == "spending.log10_usd"


def test_rebase_exact_and_monte_carlo_agree(cotra):
    sc = cotra.replace({"evidence": {"vantage_year": V, "rebase": True}})
    ex = forecast(sc, method="exact")
    mc = forecast(sc, method="monte-carlo", samples=100_000, seed=5)
    after = ex.years > V
    z = np.abs(mc.p[after] - ex.p[after]) / np.maximum(mc.standard_errors[after], 1e-4)
    assert z.max() < 5
    assert ex.evidence == mc.evidence


def test_rebase_cli(cli):
    r = cli("forecast", "cotra2020", "--rebase")
    assert r.exit_code == 2 and "--given-no-tai-by" in r.output and "Traceback" not in r.output
    r = cli("forecast", "cotra2020", "--given-no-tai-by", "2025", "--rebase", "--format", "json")
    assert r.exit_code == 0
    import json

    assert json.loads(r.output)["evidence"]["rebase"]["year"] == 2024.0


def test_rebase_beyond_the_ceiling_is_a_plain_error(cli):
    # 1e33 FLOP in 2024 would need ~1e16 USD, above 1% of GDP (report p. 133): no valid rebased scenario
    r = cli("forecast", "cotra2020", "--given-no-tai-by", "2025", "--realised-log10-flop", "33", "--rebase")
    assert r.exit_code == 2 and "evidence.rebase" in r.output and "ceiling" in r.output and "Traceback" not in r.output


# ---------------------------------------------------------------- issue 23 item 6(d): one count of progress

# Report pp. 126-128 (docs/model.md §4): caps per hypothesis [OOM] in Cotra's best guess.
CAPS = {"lifetime": 2, "short_horizon": 2, "genome": 3, "medium_horizon": 3, "long_horizon": 4, "evolution": 5}
GEMINI_ULTRA = np.log10(5e25)  # Epoch AI (bundled): the largest run published by the end of 2024


def _thresholds(name, **evidence_fields):
    sc = load_scenario(name)
    if evidence_fields:
        sc = sc.replace({f"evidence.{k}": v for k, v in evidence_fields.items()})
    res = forecast(sc, method="exact") if not sc.uncertain_parameters else forecast(sc, samples=500, seed=0)
    return res, res.evidence["likelihood"]["thresholds_log10_flop"]


def test_evidence_counts_the_forecasts_own_progress_by_default():
    """The likelihood credits each hypothesis the algorithmic progress its forecast has by V - lag."""
    res, t = _thresholds("cotra2020-given-2025")
    # cotra2020 counts progress from 2025 (p. 121), so by 2024 there is none: the threshold is the run itself
    assert res.evidence["likelihood"]["algorithmic_progress"] == "scenario"
    assert all(v == pytest.approx(GEMINI_ULTRA, abs=1e-9) for v in t.values())
    # measured-2025: progress from 2020, halving every 0.667 years (Ho et al. 2024, central), within Cotra's
    # caps: the logistic of docs/model.md §5 after 4 years, g / (1 + (g - 1) / 10**cap), g = 2**(4 / 0.667)
    _, t = _thresholds("measured-2025")
    g = 2.0 ** (4 / 0.667)
    for name, cap in CAPS.items():
        assert t[name] == pytest.approx(GEMINI_ULTRA + np.log10(g / (1 + (g - 1) / 10.0 ** cap)), abs=1e-9)


def test_measured_reading_credits_ho_et_al_while_the_forecast_keeps_cotras_progress():
    """The old default, now named: 4 years x log10(2) / 0.667 = 1.81 OOM of Ho et al.'s progress in the
    likelihood only. It removes more early mass, so P(by 2030) is lower than in the consistent reading."""
    consistent, _ = _thresholds("cotra2020-given-2025")
    measured, t = _thresholds("cotra2020-given-2025", algorithmic_progress="measured",
                              algorithmic_halving_time_years=0.667)
    assert all(v == pytest.approx(GEMINI_ULTRA + 4 * np.log10(2) / 0.667, abs=1e-9) for v in t.values())
    assert measured.p_at(2030) < consistent.p_at(2030) - 0.02  # docs/evidence.md: 0.053 against 0.086
    assert measured.median_year >= consistent.median_year


def test_a_given_multiplier_needs_the_measured_reading(cli):
    sc = load_scenario("cotra2020-given-2025").replace({"evidence.realised_log10_algorithmic_multiplier": 2.0})
    with pytest.raises(BioanchorsError, match='applies only with evidence.algorithmic_progress = "measured"'):
        forecast(sc, method="exact")
    # the CLI option is the measured reading by construction
    res = cli("forecast", "cotra2020", "--given-no-tai-by", "2025", "--realised-algorithmic-oom", "2.0",
              "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["evidence"]["likelihood"]["algorithmic_progress"] == "measured"
