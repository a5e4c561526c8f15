"""FTM's own simulated 2022-2026 growth beside the measured growth in the retrospective (issue 21 item 5;
retro/simulated.py): recomputed here from the model's full-run series, not typed in."""

from __future__ import annotations

import numpy as np
import pytest

from bioanchors.models import get_model
from bioanchors.retro.simulated import ROW_SERIES, growth_per_year, simulated_growth
from bioanchors.scenario import load_scenario


@pytest.fixture(scope="module")
def growth():
    return simulated_growth("ftm-best-guess", 2022, 2026)


def test_growth_is_recomputed_from_the_full_runs_series(growth):
    # oracle: the full run (to 2100, FTM's t_end) of ftm-best-guess, series at the start of 2022 and 2026;
    # the retrospective cuts the run at 2027.5, which must not change the series before it
    sc = load_scenario("ftm-best-guess")
    model = get_model("ftm")
    years = np.arange(2022, 2101)
    series = model.simulate(sc.spec, model.point_parameters(sc), years).series
    for row, name in ROW_SERIES.items():
        v = np.ravel(series[name])
        want = 10.0 ** ((v[4] - v[0]) / 4.0)
        assert growth.factors[row] == pytest.approx(want, rel=1e-12), row
        assert growth_per_year(v, years, 2022, 2026) == pytest.approx(want, rel=1e-12)
    assert growth.factors["real_compute"] == pytest.approx(growth.factors["effective_compute"]
                                                           / growth.factors["algorithmic"], rel=1e-12)
    assert np.isnan(growth.factors["run_length"])  # FTM has no training-run length


def test_growth_matches_the_documented_figures(growth):
    # docs/models/ftm.md, "Why the 2022 start matters": FTM best guess, start of 2022 to start of 2026
    # (our run reproduces FTM's code at 99dc907 to 1e-11 in log10, tests/test_model_ftm.py): largest run
    # effective FLOP 3.27x/yr, software 1.27x/yr, largest run's cost 2.02x/yr, hardware FLOP/$ 1.27x/yr
    f = growth.factors
    assert round(f["effective_compute"], 2) == 3.27
    assert round(f["algorithmic"], 2) == 1.27
    assert round(f["spend"], 2) == 2.02
    assert round(f["flop_per_dollar"], 2) == 1.27
    # the model's start grows far slower than what was measured: the retrospective's Epoch/Croxton
    # column, 10.7x/yr effective compute (data/retrospective_2026.toml, ACX 12 Feb 2026)
    assert f["effective_compute"] < 10.7 / 3


def test_retrospective_shows_the_column_with_its_window(growth):
    from bioanchors.retro import retrospective
    from bioanchors.trends.accounting import load_parameter_sets

    sets = load_parameter_sets()
    res = retrospective(sets, "davidson2023")
    df = res.to_frame()
    assert "ftm-best-guess" in df.columns
    assert df.loc["effective_compute", "ftm-best-guess"] == pytest.approx(growth.factors["effective_compute"])
    assert res.windows()["ftm-best-guess"] == "simulated 2022-2026"
    d = res.to_dict()
    assert d["factors"]["run_length"]["ftm-best-guess"] is None  # JSON null, not NaN
    assert d["simulated"][0]["window"] == [2022, 2026]
    assert any("ftm-best-guess's own run (simulated 2022-2026)" in line for line in res.gap_lines())
    assert "ftm-best-guess" not in retrospective(sets, "davidson2023", simulated=False).to_frame().columns
