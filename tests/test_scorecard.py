"""``bioanchors scorecard``: each model's dated projections against a data vintage (issue 25 item 4)."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

import data_fixtures as fx
from bioanchors.retro import scorecard as S
from bioanchors.retro.scorecard import DatedProjection, score_projection, scorecard


@pytest.fixture(scope="module")
def bundled():
    return scorecard(draws=300)


def _score(res, scenario, quantity, year):
    return next(s for s in res.scores if (s.scenario, s.quantity, s.year) == (scenario, quantity, year))


def test_realised_values_are_the_year_maxima_of_the_vintage(bundled):
    real = bundled.realised["largest_run_flop"]
    # bundled Epoch data: Gemini 1.0 Ultra (2023-12-06) 5e25 FLOP, Grok 4 (2025-07-09) 5e26 FLOP
    assert real[2023] == pytest.approx(np.log10(5e25)) and real[2025] == pytest.approx(np.log10(5e26))
    assert 2026 not in real  # the bundled models export stops in April 2026: 2026 is not a complete year


def test_cotra_projection_is_her_scenario_and_the_error_sign_is_projection_minus_realised(bundled):
    s = _score(bundled, "cotra2020", "largest_run_flop", 2025)
    # cotra2020 scenario: $1e9 (report p. 133) x 10^17.6 FLOP/$ (pp. 122-123) in 2025 = 10^26.6 FLOP
    assert s.projected == pytest.approx(26.6) and s.error_oom == pytest.approx(26.6 - np.log10(5e26))
    assert s.inside90 is None  # cotra2020 is point-valued: no band
    assert min(x.year for x in bundled.scores if x.scenario == "cotra2020") == 2020  # scored from her report's year


def test_uncertain_scenarios_have_bands_around_their_central_path(bundled):
    for p in bundled.projections:
        if p.scenario in ("measured-2025", "direct-approach", "metr-horizon"):
            assert p.low is not None and np.all(p.low <= p.high)
        if p.scenario == "cotra2020":
            assert p.low is None
    inside = [s.inside90 for s in bundled.scores if s.scenario == "direct-approach"]
    assert inside and all(isinstance(b, bool) for b in inside)


def test_score_projection_by_hand():
    years = np.arange(2020, 2026)
    p = DatedProjection("toy", "largest_run_flop", years, np.array([20.0, 21, 22, 23, 24, 25]),
                        np.array([19.5, 20.5, 21.5, 22.5, 23.5, 24.5]), np.array([20.5, 21.5, 22.5, 23.5, 24.5, 25.5]),
                        made_in=2022)
    real = {2021: 0.0, 2022: 22.2, 2023: 24.0, 2025: 25.0}
    got = [(s.year, s.error_oom, s.inside90) for s in score_projection(p, real)]
    assert got == [(2022, pytest.approx(-0.2), True), (2023, pytest.approx(-1.0), False), (2025, 0.0, True)]
    g = DatedProjection("toy", "flop_per_usd", years, np.array([17.0, 17.1, 17.2, 17.3, 17.4, 17.5]), made_in=2021)
    got = [(s.year, s.projected, s.realised) for s in score_projection(g, {2021: 10.0, 2023: 10.5})]
    # growth only: changes since 2021, the first scored year (which scores nothing itself)
    assert got == [(2023, pytest.approx(0.2), pytest.approx(0.5))]


def test_a_new_model_declares_its_projections_with_one_registration(monkeypatch):
    def stock(sc, years, n, rng):
        return [DatedProjection(sc.name, "largest_run_flop", years, np.full(len(years), 25.0), made_in=2023)]

    monkeypatch.setitem(S.PROJECTORS, "semi-informative-priors", stock)
    res = scorecard(["semi-informative-priors"], draws=100)
    assert [(s.year, s.error_oom) for s in res.scores] == [
        (2023, pytest.approx(25 - np.log10(5e25))), (2024, pytest.approx(25 - res.realised["largest_run_flop"][2024])),
        (2025, pytest.approx(25 - np.log10(5e26)))]


def test_a_pulled_vintage_scores_the_horizon_and_the_stock(tmp_path, monkeypatch):
    from bioanchors.datasets.pull import pull
    from bioanchors.trends.inputs import decimal_year_of
    from data_fixtures import serve, write_exports

    monkeypatch.setenv("BIOANCHORS_DATA_DIR", str(tmp_path / "cache"))
    with serve(write_exports(tmp_path / "x")) as base:
        v = pull(["metr-horizons", "chip-sales"], mirror=f"{base}/ok", timeout=2)
    res = scorecard(["metr-horizon"], vintage=v.name, draws=200)
    # fixture TH1.1: the 2025 model (2025-08-07) is that year's longest horizon; 2026 data make 2025 complete
    h = 4.0 * 2 ** ((decimal_year_of(date(2025, 8, 7)) - decimal_year_of(date(2023, 3, 14))) * 2)
    assert res.realised["metr_horizon_minutes"][2025] == pytest.approx(np.log10(h), abs=1e-6)
    assert [s.year for s in res.scores] == [2025] and res.vintage["name"] == v.name
    stock = res.realised["compute_stock_h100e"]
    assert stock[2025] == pytest.approx(np.log10(fx.nvidia_h100e(date(2025, 12, 31)) * 1.1))


def test_cli_scorecard_json_and_chart(cli, tmp_path):
    r = cli("scorecard", "cotra2020", "metr-horizon", "--draws", "100", "--format", "json", "--plot", tmp_path / "s.png")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["vintage"]["name"] == "bundled" and "data vintage: bundled" in r.stderr
    assert {row["scenario"] for row in out["summary"]} == {"cotra2020"}
    assert any("metr-horizon metr_horizon_minutes: no complete year" in n for n in out["notes"])
    assert (tmp_path / "s.png").stat().st_size > 1000
    r = cli("scorecard", "semi-informative-priors")
    assert r.exit_code == 2 and "declares no dated projections" in r.stderr


def test_a_trajectory_model_declares_its_series_as_projections(monkeypatch):
    """A takeoff model maps its own named series to a quantity (scorecard_series); nothing else changes."""
    from bioanchors.scenario import Scenario
    from toy_models import registered_takeoff_model

    with registered_takeoff_model("toy-scored") as m:
        # the toy's series since_start(t) = t - s [years]; read as log10 FLOP for the test
        monkeypatch.setattr(m, "scorecard_series", {"since_start": "largest_run_flop"}, raising=False)
        spec = m.config_schema.model_validate({"name": "toy", "model": "toy-scored", "years": {"start": 2023},
                                               "takeoff": {"start_year": {"dist": "uniform", "low": 1998,
                                                                          "high": 2000},
                                                           "takeoff_years": 1.0}})
        res = scorecard([Scenario(spec, "toy")], draws=400)
    got = {s.year: s for s in res.scores}
    assert sorted(got) == [2023, 2024, 2025]
    # central start 1999: since_start(2025) = 26; the band over U(1998, 2000) spans 25.1-26.9 (5-95%)
    assert got[2025].projected == pytest.approx(26.0)
    assert got[2025].error_oom == pytest.approx(26.0 - np.log10(5e26))
    p = next(p for p in res.projections if p.scenario == "toy")
    assert p.low[-1] == pytest.approx(25.1, abs=0.1) and p.high[-1] == pytest.approx(26.9, abs=0.1)
    assert got[2025].inside90 is True  # log10(5e26) = 26.7 lies in [25.1, 26.9]


def test_ftm_is_scored_on_its_physical_largest_run_its_cost_and_hardware_growth():
    """Davidson's model (issue 25 item 4: the takeoff models as they land) projects the largest run in
    physical FLOP (effective FLOP less software efficiency), its cost and FLOP/yr per $ on sale."""
    from bioanchors.retro.scorecard import projections

    projs = {p.quantity: p for p in projections("ftm-best-guess", np.arange(2022, 2027))}
    assert set(projs) == {"largest_run_flop", "largest_run_cost_usd", "flop_per_usd"}
    # 2022 (start of the year): the preset's initial run, 3e24 FLOP (../shared/data/ftm/presets.json,
    # initial_biggest_training_run), physical = effective while software efficiency is 1
    assert projs["largest_run_flop"].central[0] == pytest.approx(np.log10(3e24), abs=1e-9)
    # physical = effective - software, year by year (the series' definition, report §2.3)
    import bioanchors

    series = bioanchors.forecast("ftm-best-guess").series
    y = list(series["largest_run"].years).index(2025)
    eff, phys, soft = (float(series[k].value[y]) for k in ("largest_run", "largest_run_physical", "software"))
    assert phys == pytest.approx(eff - soft, abs=1e-12) and soft > 0
