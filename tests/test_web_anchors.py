"""Issue 13 items 3 and 5 in the API: the anchors' inputs, Cotra's classic picture, the retrospective's series."""

from __future__ import annotations

import re

import numpy as np
import pytest

import bioanchors
from web_server import post  # noqa: F401  (and the `client` fixture: conftest.py)

BRAIN_P50 = "requirements.ingredients.brain_log10_flop_per_s.p50"


@pytest.fixture(scope="module")
def view(client):
    return post(client, "/api/scenario", scenario="cotra2020").json()


# ---------------------------------------------------------------- the inputs


def test_every_ingredient_horizon_and_p_none_is_an_input(view):
    """Item 3: everything [requirements.ingredients] of cotra2020 holds, each NN horizon, and p_none."""
    sc = bioanchors.load_scenario("cotra2020")
    params = {p["param"] for p in view["anchors"]}
    assert {f"requirements.ingredients.{k}" for k, _ in sc.spec.requirements.ingredients} <= params
    for name in ("short_horizon", "medium_horizon", "long_horizon"):
        assert {f"hypotheses.{name}.requirement.log10_horizon_s_low",
                f"hypotheses.{name}.requirement.log10_horizon_s_high"} <= params
    assert {"breakthrough.p_none_start", "breakthrough.p_none_end"} <= params
    values = {p["path"]: p["value"] for p in view["anchors"]}
    # report p. 36: brain median 1e15 FLOP/s; p. 128: p_none 10% in 2025, 3% by 2100; docs/model.md §3:
    # the medium horizon spans 1e3 to 1e6 subjective seconds
    assert values[BRAIN_P50] == 15.0
    assert values["breakthrough.p_none_start"] == 0.10 and values["breakthrough.p_none_end"] == 0.03
    assert values["hypotheses.medium_horizon.requirement.log10_horizon_s_high"] == 6.0
    for p in view["anchors"]:  # every input is labelled with its unit, no snake_case on screen
        assert "_" not in p["label"], p["label"]


def test_a_percentile_edit_changes_that_entry_of_the_table():
    # cotra2020's brain FLOP/s: percentiles p1 11, p50 15, p99 20 (report pp. 36-37).
    sc = bioanchors.load_scenario("cotra2020").replace({BRAIN_P50: 16.0, "spending.doubling_time_years": 1.5})
    assert sc.spec.requirements.ingredients.brain_log10_flop_per_s.percentiles == {0.01: 11.0, 0.5: 16.0, 0.99: 20.0}
    with pytest.raises(bioanchors.ScenarioError):  # a weight is a number, not a percentile table
        bioanchors.load_scenario("cotra2020").replace({"hypotheses.genome.weight.p50": 1})


def test_ingredient_edit_moves_the_forecast_as_the_python_api_does(client):
    r = post(client, "/api/forecast", scenario="cotra2020", overrides={BRAIN_P50: 16.0})
    assert r.status_code == 200, r.text
    sc = bioanchors.load_scenario("cotra2020")
    table = {"dist": "percentiles", "p1": 11.0, "p50": 16.0, "p99": 20.0}
    want = bioanchors.forecast(sc.replace({"requirements.ingredients.brain_log10_flop_per_s": table}))
    got = r.json()
    assert got["median_year"] == want.median_year
    assert got["p_by_year"]["2036"] == pytest.approx(float(want.p_by_year[2036]), abs=1e-12)
    base = post(client, "/api/forecast", scenario="cotra2020").json()
    assert got["median_year"] > base["median_year"]  # a brain 10x costlier to match: TAI later


def test_horizon_and_p_none_edits_take_effect(client):
    base = post(client, "/api/forecast", scenario="cotra2020").json()
    longer = post(client, "/api/forecast", scenario="cotra2020",
                  overrides={"hypotheses.short_horizon.requirement.log10_horizon_s_high": 5.0}).json()
    assert longer["hypotheses"]["short_horizon"]["p_by_year"]["2050"] < base["hypotheses"]["short_horizon"]["p_by_year"]["2050"]
    sure = post(client, "/api/forecast", scenario="cotra2020", overrides={"breakthrough.p_none_start": 0.0,
                                                                          "breakthrough.p_none_end": 0.0}).json()
    assert sure["p_by_year"]["2100"] > base["p_by_year"]["2100"]


def test_bad_anchor_edits_name_the_field(client):
    r = post(client, "/api/forecast", scenario="cotra2020", overrides={BRAIN_P50: 25.0})  # above its p99 (20)
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"requirements.ingredients.brain_log10_flop_per_s"}
    assert "percentile" in r.json()["detail"]
    r = post(client, "/api/anchors", scenario="cotra2020",
             overrides={"hypotheses.long_horizon.requirement.log10_horizon_s_low": 10.0})  # above its high end (9)
    assert r.status_code == 422
    assert "log10_horizon_s_high must be >= log10_horizon_s_low" in r.json()["detail"]


# ---------------------------------------------------------------- the classic picture


@pytest.fixture(scope="module")
def picture(client):
    r = post(client, "/api/anchors", scenario="cotra2020")
    assert r.status_code == 200, r.text
    return r.json()


def test_classic_picture_has_one_cdf_per_hypothesis(picture):
    sc = bioanchors.load_scenario("cotra2020")
    assert list(picture["hypotheses"]) == list(sc.spec.hypotheses)
    n = len(picture["years"])
    for name, h in picture["hypotheses"].items():
        x, p = np.array(h["cdf"]).T
        assert np.all(np.diff(x) > 0) and np.all(np.diff(p) >= 0) and 0 <= p[0] < 0.01 and p[-1] > 0.99, name
        assert len(h["reach_log10_flop"]) == len(h["p_by_year"]) == len(h["p_by_year_without_progress"]) == n
        # algorithmic progress only ever helps: with it, at least as likely as without
        assert np.all(np.array(h["p_by_year"]) >= np.array(h["p_by_year_without_progress"]) - 1e-12)
        assert h["quantiles"]["0.1"] < h["quantiles"]["0.5"] < h["quantiles"]["0.9"]
    assert sum(h["share"] for h in picture["hypotheses"].values()) == pytest.approx(1.0, abs=1e-5)


def test_classic_picture_affordable_compute_is_the_reports(picture):
    # Report p. 136: "up to ~3e29 FLOP ... in 2036" (the scenario's published affordable_log10_flop_2036 = 29.48)
    k = picture["years"].index(2036)
    assert picture["affordable_log10_flop"][k] == pytest.approx(29.48, abs=0.2)


def test_classic_picture_agrees_with_the_forecast(client, picture):
    """The picture's numbers are the forecast's: weights x P_i with progress, times 1 - p_none, is P(TAI by t)."""
    fc = post(client, "/api/forecast", scenario="cotra2020").json()
    for k, year in enumerate(picture["years"]):
        for name, h in picture["hypotheses"].items():
            assert h["p_by_year"][k] == pytest.approx(fc["hypotheses"][name]["p_by_year"][str(year)], abs=1e-5)
        assert picture["affordable_log10_flop"][k] == pytest.approx(fc["affordable_log10_flop"][str(year)], abs=1e-3)


def test_classic_picture_moves_with_an_input(client, picture):
    moved = post(client, "/api/anchors", scenario="cotra2020", overrides={BRAIN_P50: 16.0}).json()
    # the brain feeds every hypothesis but evolution's (docs/model.md §3); a 10x dearer brain moves them up
    # (less than 1 OOM: the other ingredients' spread, up to 5 OOM for the lifetime multiplier, dilutes it)
    for name in ("lifetime", "short_horizon", "medium_horizon", "long_horizon"):
        assert moved["hypotheses"][name]["quantiles"]["0.5"] > picture["hypotheses"][name]["quantiles"]["0.5"] + 0.1
    assert moved["hypotheses"]["evolution"]["cdf"] == picture["hypotheses"]["evolution"]["cdf"]
    cheaper = post(client, "/api/anchors", scenario="cotra2020", overrides={"spending.doubling_time_years": 1.0}).json()
    k = picture["years"].index(2040)
    assert cheaper["affordable_log10_flop"][k] > picture["affordable_log10_flop"][k]


def test_classic_picture_of_an_uncertain_scenario_says_it_uses_medians(client):
    r = post(client, "/api/anchors", scenario="cotra2020-uncertain")
    assert r.status_code == 200
    assert any("medians" in n for n in r.json()["notes"])


# ---------------------------------------------------------------- the retrospective as pictures


def test_retro_series_draw_epoch_points_against_cotras_projections(client):
    """Item 5: Cotra's 2020 curves (compute, spend, FLOP/$) against Epoch's points since 2020, from the retro module."""
    from bioanchors.retro.series import projection_series
    from bioanchors.trends.epoch_loaders import load_data

    data = post(client, "/api/retro", scenario="cotra2020").json()
    series = {s["key"]: s for s in data["series"]}
    assert set(series) == {"training_compute", "training_cost", "flop_per_dollar"}
    want = projection_series(load_data(None), 2020)
    for key, s in series.items():
        assert s["points"] and all(x >= 2020 for x, _ in s["points"])
        assert len(s["points"]) == len(want.factors[key].data_year)
        proj = next(line for line in s["lines"] if line["kind"] == "projection")
        assert proj["points"][0][0] == 2020.5
        assert proj["points"][-1][1] == pytest.approx(want.factors[key].cotra_value[-1], rel=1e-3)
        assert "_" not in s["name"]
    # Cotra's spend, p. 136 / cotra2020 scenario: ~$1M in 2020 rising to $1B in 2025
    cost = dict((round(x, 2), y) for x, y in next(line for line in series["training_cost"]["lines"]
                                                  if line["kind"] == "projection")["points"])
    assert 5e8 < cost[2025.0] < 2e9


def test_retro_growth_figures_state_their_windows(client):
    """Issue 23 item 1: every growth figure the Retrospective tab sends states its window; Cotra's near-term
    ramp and long-run rate are both named, and the table's columns carry their years."""
    data = post(client, "/api/retro", scenario="cotra2020").json()
    series = {s["key"]: s for s in data["series"]}
    for key in ("training_compute", "training_cost"):
        proj = next(line for line in series[key]["lines"] if line["kind"] == "projection")["name"]
        assert "near-term ramp 2020.5-2025" in proj and "long-run rate 2025-" in proj, proj
    # her spend: ~$1M (2020, p. 136) -> $1B (2025, pp. 124, 133); the curve starts at mid-2020 on the same
    # log-linear ramp, so 10 ** 0.6 = 3.98x/yr over 2020.5-2025; then a 2-year doubling (1.41x/yr)
    cost = series["training_cost"]["label"]
    assert "ramp 2020.5-2025: 3.98x/yr" in cost and ": 1.41x/yr" in cost, cost
    for s in data["series"]:
        fit = next(line for line in s["lines"] if line["kind"] == "fit")["name"]
        assert re.search(r"fit to the data, 20\d\d-20\d\d \(", fit), fit
        assert re.search(r"over 20\d\d-20\d\d$", s["label"]), s["label"]
    cols = data["tables"][0]["columns"]
    assert cols[1:3] == ["cotra2020-ramp (2020-25)", "cotra2020 (after 2025)"]
    assert "measured (2018-25)" in cols
    assert any("14.9x/yr against the post's 10.7x/yr" in n for n in data["notes"])


STATED = '''extends = "cotra2020"
name = "stated"

[hypotheses.genome]
requirement = {dist = "percentiles", p10 = 30.0, p50 = 34.5, p90 = 39.0}

[hypotheses.evolution]
requirement = {dist = "normal", mean = 41.0, sd = 2.0}
'''


def test_a_stated_requirement_is_edited_through_its_median_and_spread(client):
    """Item 3: for a hypothesis given as a distribution, its median and spread are inputs (the README's example
    percentiles; a normal's mean and sd)."""
    view = post(client, "/api/scenario", scenario_toml=STATED).json()
    paths = {p["path"]: p for p in view["anchors"]}
    assert {"hypotheses.genome.requirement.p10", "hypotheses.genome.requirement.p50",
            "hypotheses.genome.requirement.p90", "hypotheses.evolution.requirement.mean",
            "hypotheses.evolution.requirement.sd"} <= set(paths)
    assert paths["hypotheses.evolution.requirement.sd"]["unit"] == "OOM"
    base = post(client, "/api/anchors", scenario_toml=STATED).json()
    # the stated median 34.5, nudged up a little by the update against values below 1e27 (pp. 13-14)
    g0 = base["hypotheses"]["genome"]["quantiles"]["0.5"]
    assert 34.5 <= g0 < 34.6
    moved = post(client, "/api/anchors", scenario_toml=STATED,
                 overrides={"hypotheses.genome.requirement.p50": 35.5, "hypotheses.evolution.requirement.sd": 4.0}).json()
    assert moved["hypotheses"]["genome"]["quantiles"]["0.5"] - g0 == pytest.approx(1.0, abs=0.05)
    ev, ev0 = moved["hypotheses"]["evolution"]["quantiles"], base["hypotheses"]["evolution"]["quantiles"]
    # a normal's 10-90% range is 2 x 1.2816 sd: doubling the sd doubles it
    assert ev["0.9"] - ev["0.1"] == pytest.approx(2 * (ev0["0.9"] - ev0["0.1"]), rel=0.02)
    assert ev["0.5"] == pytest.approx(ev0["0.5"], abs=0.02)


def test_report_lists_an_anchor_edit_with_its_base_value(client):
    r = post(client, "/api/report", scenario="cotra2020", overrides={BRAIN_P50: 16.0})
    assert r.status_code == 200
    # report p. 36: Cotra's median brain is 1e15 FLOP/s
    assert f"<td>{BRAIN_P50}</td><td>15.0</td><td>16.0</td>" in r.text
