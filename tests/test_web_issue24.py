"""Issue 24 and issue 20 item 4 (dashboard part) through the API and the CLI, without a browser.

- Views asked of the model (/api/models, /api/scenario "views"), labels by each model's own event.
- Every CLI capability in the browser: Sobol and the output choice, the efficiency dataset, METR's
  horizon trend, the hindcast, an uncertain input's range; ``sensitivity --set`` in the CLI.
- Edited scenarios keep their identity; the samples box's limit is stated in samples and holds.
Reference numbers are the package's own (the same call the CLI makes), so each check is "the page
shows what the CLI prints".
"""

from __future__ import annotations

import json
import tomllib

import pytest
from fastapi.testclient import TestClient

import bioanchors
from bioanchors.presentation import edited_toml, event_of_scenario, forecast_json
from bioanchors.web import create_app
from bioanchors.web.limits import WebSettings
from web_server import post  # noqa: F401  (and the `client` fixture: conftest.py)


def test_models_say_which_views_they_have_and_what_they_forecast(client):
    models = {m["name"]: m for m in client.get("/api/models").json()}
    assert {"cotra2020", "metr-horizon", "semi-informative-priors", "direct-approach", "ensemble"} <= set(models)
    for m in models.values():
        assert m["event_label"] and m["headline_unit"] == "year" and "compare" in m["views"]
    # hypotheses and their requirements: the hypothesis views; read from the config, not the name
    assert {"hypotheses", "anchors", "retro"} <= set(models["cotra2020"]["views"])
    assert not {"hypotheses", "anchors", "retro"} & set(models["metr-horizon"]["views"])
    assert models["semi-informative-priors"]["event_label"].startswith("AGI")  # the model names its own event
    view = post(client, "/api/scenario", scenario="metr-horizon").json()
    assert view["views"] == models["metr-horizon"]["views"] and view["event_label"] == models["metr-horizon"]["event_label"]


def test_forecast_json_names_its_event_and_edits(client):
    body = post(client, "/api/forecast", scenario="semi-informative-priors").json()
    assert body["display_event"].startswith("AGI") and body["overrides"] == {} and body["display_name"] == "semi-informative-priors"
    # an ensemble of models with different events says so
    assert event_of_scenario(bioanchors.load_scenario("ensemble-2026"))[1] == "each member's own event"


def test_sensitivity_takes_the_clis_analysis_output_and_edits(client):
    # Sobol with N = 64 on metr-horizon (two uncertain inputs), as `sensitivity --method sobol --samples 64`
    r = post(client, "/api/sensitivity", scenario="metr-horizon", analysis="sobol", samples=64, output="p2030")
    assert r.status_code == 200, r.text
    data = r.json()
    want = bioanchors.sensitivity.sobol_indices(bioanchors.load_scenario("metr-horizon"), "p2030", 64, 0).to_frame()
    assert [i["label"] for i in data["indices"]] == list(want.index)
    assert data["indices"][0]["ST"] == pytest.approx(float(want.ST.iloc[0]), rel=1e-3)
    assert data["cli"] == "bioanchors sensitivity metr-horizon --method sobol --output p2030 --samples 64"
    # a tornado of P(by 2040) on an edited scenario: the edits are applied and written as --set
    edited = post(client, "/api/sensitivity", scenario="cotra2020-uncertain", output="p2040",
                  overrides={"spending.doubling_time_years": 1.5}).json()
    assert edited["unit"] == "probability" and 0 < edited["base_median"] < 1
    assert edited["cli"].endswith("--output p2040 --set spending.doubling_time_years=1.5")
    assert post(client, "/api/sensitivity", scenario="cotra2020", samples=100).status_code == 422  # N is a power of two


def test_efficiency_dataset_horizon_and_hindcast_views(client):
    eff = client.get("/api/efficiency", params={"dataset": "translation"}).json()
    assert eff["settings"]["dataset"] == "translation" and "translation" in eff["tables"][0]["title"]
    assert client.get("/api/efficiency", params={"dataset": "nope"}).status_code == 422
    hz = client.get("/api/horizon").json()
    from bioanchors.trends.metr_horizons import fit_horizon_trend, load_horizons

    fit = fit_horizon_trend(load_horizons(None))  # `bioanchors trends --horizon` at its defaults
    rows = dict(hz["tables"][0]["rows"])
    assert rows["doubling time [months]"] == pytest.approx(fit.doubling_time_months, rel=1e-3)
    band = hz["series"][0]["band"]
    assert all(lo[1] <= hi[1] for lo, hi in zip(band["lo"], band["hi"]))  # the fit's 90% band, ordered
    hc = client.get("/api/hindcast", params={"vantage": 2020, "window": 8}).json()
    from bioanchors.retro import hindcast
    from bioanchors.trends.epoch_loaders import load_data

    mae = hindcast(load_data(None), 2020, window_years=8).mean_abs_error()
    assert [r[1] for r in hc["tables"][0]["rows"]] == [pytest.approx(v["fitted"], rel=1e-2) for v in mae.values()]
    assert hc["settings"]["cli"] == "bioanchors retro --vantage 2020 --window 8"


def test_an_uncertain_inputs_range_is_editable_and_stays_uncertain(client):
    view = post(client, "/api/scenario", scenario="cotra2020-uncertain").json()
    p = next(x for x in view["parameters"] if x["path"] == "flop_per_dollar.doubling_time_years")
    fields = {f["path"]: f["value"] for f in p["dist_fields"]}
    assert fields["flop_per_dollar.doubling_time_years.p95"] == 3.5  # cotra2020-uncertain.toml (report p. 132)
    r = post(client, "/api/forecast", scenario="cotra2020-uncertain",
             overrides={"flop_per_dollar.doubling_time_years.p95": 5.0})
    assert r.status_code == 200, r.text
    sc = bioanchors.load_scenario("cotra2020-uncertain").replace({"flop_per_dollar.doubling_time_years.p95": 5.0})
    assert sc.uncertain_parameters["flop_per_dollar.doubling_time_years"].percentiles[0.95] == 5.0
    assert r.json()["p_by_year"] == forecast_json(bioanchors.forecast(sc))["p_by_year"]


def test_the_stated_sample_limit_is_the_real_one():
    with TestClient(create_app(warm_up=False, settings=WebSettings(work_budget=3_000_000))) as small:
        view = post(small, "/api/scenario", scenario="cotra2020").json()
        lim = view["sample_limits"]["monte-carlo"]
        assert lim["text"] == f"at most {lim['samples']:,} samples for 2025-2100"
        ok = post(small, "/api/forecast", scenario="cotra2020", method="monte-carlo", samples=lim["samples"])
        assert ok.status_code == 200, ok.text
        over = post(small, "/api/forecast", scenario="cotra2020", method="monte-carlo", samples=lim["samples"] + 1000)
        assert over.status_code == 422 and over.json()["detail"].count(lim["text"]) == 1
        assert not over.json()["detail"].startswith("samples:")  # the page adds the field once


def test_edited_toml_names_itself_and_drops_published_figures():
    base = bioanchors.load_scenario("cotra2020")
    edits = {"spending.doubling_time_years": 1.5}
    text = edited_toml(base.replace(edits), base, edits)
    data = tomllib.loads(text)
    assert data["name"] == "cotra2020-edited" and "published" not in data and "1.5" in data["description"]
    back = bioanchors.scenario_from_dict(data)
    assert bioanchors.forecast(back).median_year == bioanchors.forecast(base.replace(edits)).median_year
    assert edited_toml(base, base, {}) == base.to_toml()  # unedited: as it was


def test_cli_sensitivity_set_and_forecast_set_name_the_edit(cli, tmp_path):
    r = cli("sensitivity", "cotra2020-uncertain", "--set", "spending.doubling_time_years=1.5", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["overrides"] == {"spending.doubling_time_years": 1.5}
    r = cli("forecast", "cotra2020", "--set", "spending.doubling_time_years=1.5")
    assert "cotra2020 (edited: 1 change)" in r.stdout and "median ~2053" not in r.stdout  # not the unedited description
    r = cli("forecast", "cotra2020", "--set", "spending.doubling_time_years=1.5", "--out", str(tmp_path / "o"), "-q")
    assert r.exit_code == 0, r.output
    assert tomllib.loads((tmp_path / "o" / "scenario.toml").read_text())["name"] == "cotra2020-edited"
    assert json.loads((tmp_path / "o" / "results.json").read_text())["overrides"] == {"spending.doubling_time_years": 1.5}
    # compare accepts a scenario and its edited copy, labelled by their names
    r = cli("compare", "cotra2020", str(tmp_path / "o" / "scenario.toml"))
    assert r.exit_code == 0 and "cotra2020-edited" in r.stdout.replace("-\n", "-").replace(" ", "")
