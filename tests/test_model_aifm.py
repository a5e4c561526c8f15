"""The registered ``aifm`` model: the published dates, its events and series, the requirement
options and the uncertain scenario's draws (docs/models/aifm.md)."""

from __future__ import annotations

import numpy as np
import pytest

from bioanchors.errors import BioanchorsError
from bioanchors.models import get_model
from bioanchors.scenario import load_scenario, scenario_from_dict

YEARS = np.arange(2026, 2051)


@pytest.fixture(scope="module")
def model():
    return get_model("aifm")


@pytest.fixture(scope="module")
def runs(model):
    out = {}
    for name in ("aifm-eli", "aifm-daniel"):
        sc = load_scenario(name)
        out[name] = model.simulate(sc.spec, model.point_parameters(sc), YEARS)
    return out


# Published dates, each within 0.1 year (issue 22):
# aifm-eli: the model's own code (progress_model @53bc297 with model_config.py DEFAULT_PARAMETERS,
#   run from the input series' first year) gives AC 2031.3 and ASI 2034.5; front page
#   (aifuturesmodel.com): "AC in 2031 and ASI in 2034".
# aifm-daniel: the front page's Daniel preset gives AC 2030.23 ("03/2030") and ASI 2031.54 ("07/2031").
PUBLISHED = {
    ("aifm-eli", "ac"): 2031.3, ("aifm-eli", "asi"): 2034.5,
    ("aifm-daniel", "ac"): 2030.23, ("aifm-daniel", "asi"): 2031.54,
}


@pytest.mark.parametrize(("scenario", "event"), list(PUBLISHED))
def test_published_dates(runs, scenario, event):
    assert runs[scenario].event_years[event][0] == pytest.approx(PUBLISHED[scenario, event], abs=0.1)


# The other milestones of progress_model @53bc297 for aifm-eli (compute_milestones, run locally with
# the same settings; not published): SAR 2032.16, SIAR 2033.29, TED-AI 2033.01, AIR-5x 2031.55,
# AIR-25x 2032.25, AIR-250x 2033.10, AIR-2000x 2034.99.
PEER_ELI = {"sar": 2032.16, "siar": 2033.29, "ted_ai": 2033.01, "air_5x": 2031.55, "air_25x": 2032.25,
            "air_250x": 2033.10, "air_2000x": 2034.99}


@pytest.mark.parametrize("event", list(PEER_ELI))
def test_other_milestones_agree_with_the_peer_code(runs, event):
    assert runs["aifm-eli"].event_years[event][0] == pytest.approx(PEER_ELI[event], abs=0.1)


def test_milestones_in_order_and_series_consistent(runs, model):
    for sim in runs.values():
        ev = {k: v[0] for k, v in sim.event_years.items()}
        assert ev["ac"] <= ev["sar"] <= ev["siar"] and ev["ted_ai"] <= ev["asi"]
        assert ev["air_5x"] < ev["air_25x"] < ev["air_250x"] < ev["air_2000x"]
        assert set(sim.series) == {s.name for s in model.series_specs}
        assert all(v.shape == (1, len(YEARS)) for v in sim.series.values())
        fraction = sim.series["automation_fraction"][0]
        assert np.all(np.diff(fraction) >= 0) and fraction[-1] == 1.0
        assert np.all(np.diff(sim.series["effective_compute"][0]) > 0)
        # AC is where the automation fraction first reaches 1: the year after AC starts at 1
        after = YEARS >= np.ceil(ev["ac"])
        assert np.all(fraction[after] == 1.0) and np.all(fraction[~after] < 1.0)


def test_horizon_series_reaches_the_ac_horizon_at_ac(runs):
    # the horizon at the start of the year of AC is below H_AC, above it a year later (or infinite)
    sim = runs["aifm-eli"]
    year = int(np.floor(sim.event_years["ac"][0]))
    h = sim.series["horizon"][0]
    assert h[YEARS == year][0] < np.log10(1.5e7)
    after = h[YEARS == year + 1][0]
    assert after > np.log10(1.5e7)
    # past the blow-up point E0 + tau / (1 - d) the horizon is infinite: undefined (NaN, null in JSON; issue 23
    # item 2), from one year on and ever after, never a placeholder number
    finite = np.isfinite(h)
    first_undefined = int(np.argmin(finite))
    assert not finite.all() and finite[:first_undefined].all() and not finite[first_undefined:].any()
    assert YEARS[first_undefined] > year + 1


def test_p_by_year_is_a_step_at_ac(model):
    sc = load_scenario("aifm-daniel")
    p = model.p_by_year(sc.spec, model.point_parameters(sc), YEARS)
    assert p.shape == (1, len(YEARS))
    np.testing.assert_array_equal(p[0], (YEARS >= 2030).astype(float))  # AC 2030.23: by the end of 2030


def _variant(**sections):
    data = {"model": "aifm", "name": "aifm-test", "extends": "aifm-eli", "years": {"start": 2026, "end": 2050}}
    data.update(sections)
    return scenario_from_dict(data)


def test_gap_mode_adds_the_gap_to_the_ac_requirement(model):
    # write-up eq. (AC): E_AC + E_gap, the gap in present-day progress-years times today's (human-only)
    # rate of effective-compute growth; the automation schedule stretches with it, so AC comes later
    from bioanchors.models.aifm import config, simulate

    eli = load_scenario("aifm-eli")
    sc = _variant(gap={"probability": 1.0, "switch": 0.0, "years": 1.0, "pre_gap_ac_horizon_minutes": 1.5e7})
    base = simulate.prepare(config.to_simulation(model.point_parameters(eli)))
    gapped = simulate.prepare(config.to_simulation(model.point_parameters(sc)))
    assert gapped.e_ac[0] - base.e_ac[0] == pytest.approx(1.0 * base.rate_now[0], rel=1e-12)
    ac = [model.simulate(s.spec, model.point_parameters(s), YEARS).event_years["ac"][0] for s in (eli, sc)]
    assert ac[1] > ac[0] + 0.5


@pytest.mark.parametrize("source", ["cotra2020", "direct-approach"])
def test_requirement_from_an_anchor(model, source):
    # AC requirement from a requirement anchor: its median (quantile 0.5) in log10 FLOP of that
    # anchor's algorithms, converted with the run's own software progress; a higher quantile is later
    from bioanchors.models.aifm.model import requirement_grid

    cdf, grid = requirement_grid(source)
    assert np.all(np.diff(cdf) >= 0) and cdf[-1] == pytest.approx(1.0, abs=1e-6)
    years = {}
    for q in (0.3, 0.5):
        sc = _variant(requirement={"source": source, "quantile": q})
        years[q] = model.simulate(sc.spec, model.point_parameters(sc), YEARS).event_years["ac"][0]
    assert years[0.3] <= years[0.5]


def test_anchor_requirement_is_converted_with_the_runs_own_software_progress(model):
    # E_AC = requirement (log10 FLOP of 2020 algorithms) - the run's software gain 2020 -> 2025.13
    # + E(2025.13) - 26.54 (effective compute is in FLOP of the 2025.13 training process, Grok 3 =
    # 10^26.54 FLOP: model_config.py @53bc297 TRAINING_COMPUTE_REFERENCE_OOMS)
    from bioanchors.models.aifm import config, simulate
    from bioanchors.models.aifm.model import requirement_ppf

    sc = _variant(requirement={"source": "cotra2020", "quantile": 0.5})
    sets = config.to_simulation(model.point_parameters(sc), requirement_ppf(sc.spec))
    req = sets["ac_requirement_log10_flop"]
    assert float(req) == pytest.approx(34.94, abs=0.05)  # Cotra's mixture median after her update (docs/model.md)
    prep = simulate.prepare(sets)
    no_anchor = simulate.prepare({**sets, "ac_requirement_log10_flop": np.nan})
    assert prep.e_ac[0] != pytest.approx(no_anchor.e_ac[0], abs=0.1)
    # a requirement met before today: AC just past today's effective compute
    low = simulate.prepare({**sets, "ac_requirement_log10_flop": 20.0})
    assert low.e_ac[0] == pytest.approx(low.e_now[0] + simulate.MIN_AC_AHEAD_OOM)


def test_uncertain_draws_carry_the_rank_correlations(model):
    sc = load_scenario("aifm-uncertain")
    draws = model.draw(sc, 20_000, np.random.default_rng(0))
    from scipy.stats import spearmanr

    for c in sc.spec.correlations:
        rho = spearmanr(draws[c.a], draws[c.b]).statistic
        assert rho == pytest.approx(c.rank_correlation, abs=0.03)  # 20,000 draws: SE ~0.007
    # marginals: the 80% intervals of default_parameters.yaml @53bc297
    dt = draws["horizon.doubling_time_years"]
    assert np.quantile(dt, [0.1, 0.9]) == pytest.approx([0.29, 0.717], rel=0.03)
    d = draws["horizon.doubling_difficulty"]
    assert np.quantile(d, [0.1, 0.9]) == pytest.approx([0.82, 1.02], abs=0.01)


def test_uncertain_runs_clip_to_the_peer_bounds(model):
    sc = load_scenario("aifm-uncertain")
    draws = model.draw(sc, 64, np.random.default_rng(3))
    params = {**model.point_parameters(sc), **draws}
    sim = model.simulate(sc.spec, params, YEARS)
    ac = sim.event_years["ac"]
    assert ac.shape == (64,) and np.all((ac >= 2025.6) | np.isinf(ac))
    assert not any(np.isnan(v).any() for v in sim.event_years.values())


def test_bad_correlation_is_a_clean_error():
    with pytest.raises(BioanchorsError, match="fixed value"):
        _variant(correlations=[{"a": "horizon.doubling_time_years", "b": "horizon.doubling_difficulty",
                                "rank_correlation": 0.5}])


def test_schema_rejects_non_complementary_tasks():
    with pytest.raises(BioanchorsError, match="rho_coding_labour"):
        _variant(coding={"rho_coding_labour": 0.5})


def test_metr_horizon_option_takes_todays_horizon_from_our_p80_fit(model):
    # least squares of log2 p80 on release date, METR-Horizon-v1 state-of-the-art models 2019-2025
    # (data/metr-horizon/horizons_v1.yaml): doubling 6.66 months, 24.1 min at 2025.9 (recomputed
    # here from the file: GPT-5, Aug 2025, is 26.4 min, above the line)
    from bioanchors.models.aifm import horizon

    intercept, slope = horizon.metr_p80_trend()
    assert 12 / slope == pytest.approx(6.66, abs=0.01)
    assert 2 ** (intercept + slope * 2025.9) == pytest.approx(24.1, abs=0.1)
    sc = _variant(requirement={"source": "metr-horizon"})
    ac = model.simulate(sc.spec, model.point_parameters(sc), YEARS).event_years["ac"][0]
    assert ac > 2031.3 + 1.0  # a 6.7- rather than 5.5-month doubling: AC more than a year later


def test_conditioning_on_no_ac_by_a_year():
    # the generic [evidence] of every model, reading "marginal" (Bayes over the draws): no AC by the end
    # of 2027 removes the draws with AC by then. (The default "per_set" reading conditions each set's
    # curve; a set whose step is already at 1 by 2027 then counts as arriving right after it.)
    import bioanchors

    data = {"model": "aifm", "name": "aifm-test", "extends": "aifm-uncertain"}
    plain = bioanchors.forecast(scenario_from_dict(data), method="conditional", samples=300, seed=2)
    cond = bioanchors.forecast(scenario_from_dict({**data, "evidence": {"vantage_year": 2027, "reading": "marginal"}}),
                               method="conditional", samples=300, seed=2)
    years = plain.years
    assert np.all(cond.p[years <= 2027] == 0.0)
    later = years > 2027
    p27 = plain.p[years == 2027][0]
    assert 0 < p27 < 1
    np.testing.assert_allclose(cond.p[later], (plain.p[later] - p27) / (1 - p27), atol=1e-12)
