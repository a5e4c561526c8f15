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
    ({"training": "trend", "splice_year": 2025}, "before the present day"),
    ({"spend_doubling_time_years": 1.0}, "only apply with training"),
    ({"training": "measured"}, "compute.training"),
])
def test_bad_compute_options_are_one_line_errors(compute, needle):
    with pytest.raises(BioanchorsError, match=needle):
        scenario_from_dict({"extends": "aifm-eli", "name": "t", "model": "aifm", "compute": compute})
