"""AIFM options (issue 22 item 1): training compute from our compute-supply trends, measured or Cotra's,
instead of the model's own input series after the splice year (docs/models/aifm.md, "Compute supply")."""

from __future__ import annotations

import numpy as np
import pytest

from bioanchors.errors import BioanchorsError
from bioanchors.models import get_model
from bioanchors.models.aifm.compute import default_inputs, spliced
from bioanchors.scenario import load_scenario, scenario_from_dict

YEARS = np.arange(2025, 2051)
LOG2 = np.log10(2.0)


@pytest.mark.parametrize("builtin, source", [("aifm-eli-measured-compute", "measured-2025"),
                                             ("aifm-eli-cotra-compute", "cotra2020")])
def test_trend_rates_are_the_source_scenarios(builtin, source):
    # the built-ins restate another built-in's central trend values: they must stay equal to them
    c, s = load_scenario(builtin).spec.compute, load_scenario(source).spec
    assert c.spend_doubling_time_years == pytest.approx(s.spending.doubling_time_years.central)
    assert c.flop_per_dollar_doubling_time_years == pytest.approx(s.flop_per_dollar.doubling_time_years.central)
    rl = s.run_length.growth_per_year.central if s.run_length.enabled else 1.0  # Cotra: run length fixed
    assert c.run_length_growth_per_year == pytest.approx(rl)
    # spend x FLOP/$ x run length, in OOM/yr
    want = LOG2 / c.spend_doubling_time_years + LOG2 / c.flop_per_dollar_doubling_time_years + np.log10(rl)
    assert c.growth_oom_per_year() == pytest.approx(want, rel=1e-12)


def test_splice_keeps_the_series_to_the_splice_year_and_grows_linearly_after():
    inputs = default_inputs()
    out = spliced(inputs, 2026, 0.5)
    keep = inputs.year <= 2026
    np.testing.assert_array_equal(out.log10_training_flop[keep], inputs.log10_training_flop[keep])
    at = inputs.log10_training_flop[inputs.year == 2026][0]
    np.testing.assert_allclose(out.log10_training_flop[~keep], at + 0.5 * (inputs.year[~keep] - 2026), rtol=0, atol=1e-12)
    np.testing.assert_allclose(out.training_growth(np.array([2030.5, 2040.5])), 0.5, atol=1e-12)
    for name in ("log_human", "log_automation_compute", "log_experiment_compute"):
        np.testing.assert_array_equal(getattr(out, name), getattr(inputs, name))
    with pytest.raises(ValueError, match="not a row"):
        spliced(inputs, 2100, 0.5)


def test_faster_compute_supply_means_earlier_milestones():
    # AIFM's own series grows 0.42 OOM/yr on average over 2026-2030 (inputs.csv, 53bc297); our measured
    # trends 0.63 OOM/yr, Cotra's 0.27: AC and ASI order accordingly, aifm-eli's own in between
    model = get_model("aifm")
    dates = {}
    for name in ("aifm-eli-measured-compute", "aifm-eli", "aifm-eli-cotra-compute"):
        sc = load_scenario(name)
        ev = model.simulate(sc.spec, model.point_parameters(sc), YEARS).event_years
        dates[name] = (ev["ac"][0], ev["asi"][0])
    ac = [d[0] for d in dates.values()]
    asi = [d[1] for d in dates.values()]
    assert ac == sorted(ac) and asi == sorted(asi)
    # aifm-eli itself is untouched by the option: AC 2031.3, ASI 2034.5 (front page; tests/test_model_aifm.py)
    assert dates["aifm-eli"] == pytest.approx((2031.33, 2034.55), abs=0.01)


@pytest.mark.parametrize("compute, needle", [
    ({"training": "trend", "splice_year": 2025, "spend_doubling_time_years": 1.0,
      "flop_per_dollar_doubling_time_years": 2.5, "run_length_growth_per_year": 1.0}, "before the present day"),
    ({"spend_doubling_time_years": 1.0}, "only apply with training"),
    ({"training": "trend", "spend_doubling_time_years": 1.0}, "needs its rates; set flop_per_dollar_doubling_time_years, "
                                                               "run_length_growth_per_year"),
    ({"training": "measured"}, "compute.training"),
])
def test_bad_compute_options_are_one_line_errors(compute, needle):
    with pytest.raises(BioanchorsError, match=needle):
        scenario_from_dict({"extends": "aifm-eli", "name": "t", "model": "aifm", "compute": compute})


@pytest.mark.parametrize("name", ["aifm-eli", "aifm-eli-measured-compute"])
def test_an_edited_scenario_reads_back_with_its_compute_section(name):
    """A scenario written out and validated again (every edit: Scenario.replace) keeps its compute section:
    the trend's rates have no defaults, so the inputs reading does not dump rates it then refuses."""
    import bioanchors

    sc = bioanchors.load_scenario(name)
    edited = sc.replace({"horizon.doubling_difficulty": 0.95})
    assert edited.spec.compute == sc.spec.compute


# ---------------------------------------------------------------- the METR horizon fit's bootstrap (issue 22 item 4)


def test_metr_bootstrap_is_a_pairs_bootstrap_of_the_fit():
    # oracle: the pairs bootstrap by hand, np.polyfit on each resample of the same seeded indices
    # (loglinear.resample_indices draws rng.integers(0, n, (n_boot, n)) in one call)
    from bioanchors.models.aifm import horizon

    t, y = horizon._metr_p80_points(2019.0)
    n_boot, seed = horizon.METR_BOOTSTRAP
    idx = np.random.default_rng(seed).integers(0, t.size, size=(n_boot, t.size))
    fits = [np.polyfit(t[i], y[i], 1) for i in idx if np.ptp(t[i]) > 0]
    slopes = np.sort([f[0] for f in fits])
    intercept, slope = horizon.metr_p80_bootstrap()
    np.testing.assert_allclose(slope, slopes, rtol=1e-6)
    # each replicate keeps its own level: the line through its points
    k = int(np.argmin(np.abs(np.array([f[0] for f in fits]) - slope[0])))
    assert intercept[0] == pytest.approx(fits[k][1], rel=1e-6)
    # the least-squares line's 6.66-month doubling (docs/models/aifm.md; tests/test_model_aifm.py) lies
    # inside the bootstrap's 5-95% range of doubling times
    lo, hi = 12 / np.quantile(slope, [0.95, 0.05])
    assert lo < 6.66 < hi


def test_metr_quantile_reads_a_bootstrap_replicate():
    model = get_model("aifm")
    sc = scenario_from_dict({"extends": "aifm-eli", "name": "t", "model": "aifm",
                             "requirement": {"source": "metr-horizon", "metr_quantile": 0.5}})
    params = {**model.point_parameters(sc), "requirement.metr_quantile": np.array([0.05, 0.5, 0.95])}
    ac = model.simulate(sc.spec, params, YEARS).event_years["ac"]
    # a faster METR doubling (higher slope quantile) brings AC earlier
    assert ac[0] > ac[1] > ac[2]
    # the median replicate is close to the least-squares line's AC, 2033.45 (docs/models/aifm.md)
    point = scenario_from_dict({"extends": "aifm-eli", "name": "t", "model": "aifm",
                                "requirement": {"source": "metr-horizon"}})
    ac_point = model.simulate(point.spec, model.point_parameters(point), YEARS).event_years["ac"][0]
    assert ac_point == pytest.approx(2033.45, abs=0.01)
    assert abs(ac[1] - ac_point) < 0.2
    with pytest.raises(BioanchorsError, match="metr_quantile only applies"):
        scenario_from_dict({"extends": "aifm-eli", "name": "t", "model": "aifm",
                            "requirement": {"metr_quantile": 0.5}})
