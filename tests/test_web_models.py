"""The dashboard API takes a scenario of any registered model, and ensembles (issue 15 item 4).

Every built-in scenario of every model goes through /api/scenario, /api/forecast, the CSV and
TOML downloads and /api/compare, against the Python API (what `bioanchors forecast --format json`
prints). Uploaded ensembles (``[[models]]``) and a scenario of a test model (a closed-form
exponential arrival, registered for this module only) exercise the generic inputs panel,
overrides (``models.0.weight``), errors and the Cotra-only views.
"""

from __future__ import annotations

import html
import io
import json

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

import bioanchors
from bioanchors import builtin_names, load_scenario

# the API's forecast JSON: to_json_dict() plus weight_meaning and published_overlay (issue 23 items 4, 6(c))
from bioanchors.models import model_for
from bioanchors.presentation import forecast_json  # the JSON the CLI prints: result + event, overrides
from bioanchors.scenario import scenario_from_dict
from bioanchors.schema import iter_params
from bioanchors.web import create_app
from bioanchors.web.limits import WebSettings, forecast_cells
from toy_models import registered_hazard_model
from web_server import post  # noqa: F401  (and the `client` fixture: conftest.py)


@pytest.fixture(scope="module")
def hazard():
    with registered_hazard_model("test-web-hazard") as m:
        yield m


HAZARD_TOML = 'name = "toy"\nmodel = "test-web-hazard"\n[years]\nstart = 2025\nend = 2100\n[hazard]\nrate_per_year = 0.02\n'
ENSEMBLE_TOML = ('name = "mix"\n[[models]]\nscenario = "cotra2020"\nweight = 3\nlabel = "Cotra 2020"\n'
                 '[[models]]\nscenario = "cotra2022"\nweight = 1\n')
UNCERTAIN_ENSEMBLE_TOML = ('name = "mix-uncertain"\n[[models]]\nscenario = "cotra2020"\nweight = 1\n'
                           '[[models]]\nscenario = "cotra2022"\nweight = {dist = "uniform", low = 0.5, high = 2}\n')


def by_model() -> dict[str, list[str]]:
    """Model name -> its built-in scenarios."""
    out: dict[str, list[str]] = {}
    for n in builtin_names():
        out.setdefault(load_scenario(n).model, []).append(n)
    return out


# ---------------------------------------------------------------- every built-in scenario


def test_the_scenario_list_names_each_scenarios_model(client):
    listed = client.get("/api/scenarios").json()
    assert [s["name"] for s in listed] == builtin_names()
    for s in listed:
        assert s["model"] == load_scenario(s["name"]).model
        assert s["model_label"].startswith(s["model"] + ": ")  # "cotra2020: Cotra (2020) biological anchors"


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_scenario_goes_through_the_api(client, name):
    sc = load_scenario(name)
    view = post(client, "/api/scenario", scenario=name)
    assert view.status_code == 200, view.text
    v = view.json()
    assert v["model"] == sc.model and v["is_cotra"] == sc.has_hypotheses
    if not sc.has_hypotheses:  # every Param of the model's config is an input, in field order, with its value
        assert [p["path"] for p in v["parameters"]] == [k for k, _ in iter_params(sc.spec)]
        assert v["hypotheses"] == {} and v["anchors"] == [] and v["p_none"] is None
    for p in v["parameters"]:  # human labels: never the snake_case field name itself
        key = p["path"].rpartition(".")[2]
        assert p["label"] and ("_" not in key or key not in p["label"]), p
    # the forecast is the CLI's JSON
    res = post(client, "/api/forecast", scenario=name)
    assert res.status_code == 200, res.text
    assert res.json() == json.loads(json.dumps(forecast_json(bioanchors.forecast(name))))
    # CSV: ForecastResult.to_frame, one row per year
    csv = post(client, "/api/forecast/csv", scenario=name)
    assert csv.status_code == 200, csv.text
    frame = pd.read_csv(io.StringIO(csv.text), index_col=0)
    np.testing.assert_allclose(frame["p_tai"].to_numpy(), list(res.json()["p_by_year"].values()), rtol=1e-12)
    # TOML download reads back to the same scenario
    toml = post(client, "/api/scenario/toml", scenario=name)
    assert toml.status_code == 200
    again = post(client, "/api/scenario", scenario_toml=toml.text).json()
    assert again["content_hash"] == v["content_hash"]


def test_compare_takes_one_builtin_of_every_model():
    names = [scenarios[0] for scenarios in by_model().values()]
    if len(names) < 2:
        names.append("cotra2022")
    with TestClient(create_app(warm_up=False, settings=WebSettings(max_compare=len(names)))) as client:
        r = post(client, "/api/compare", scenarios=names)
    assert r.status_code == 200, r.text
    for n in names:
        assert r.json()[n] == json.loads(json.dumps(forecast_json(bioanchors.forecast(n))))


@pytest.mark.parametrize("name", [n for n in builtin_names() if not load_scenario(n).has_hypotheses])
def test_an_input_of_every_other_model_can_be_overridden(client, name):
    sc = load_scenario(name)
    ignored = getattr(model_for(sc), "inactive_inputs", lambda spec: {})(sc.spec)  # e.g. an anchor's requirement
    path, param = next((k, p) for k, p in iter_params(sc.spec) if k not in ignored)
    new = param.central * 0.9 if param.central else 0.1  # 10% lower stays within bounds (probabilities, orders)
    r = post(client, "/api/forecast", scenario=name, overrides={path: new})
    assert r.status_code == 200, r.text
    want = forecast_json(bioanchors.forecast(sc.replace({path: new})), {path: new})
    assert r.json() == json.loads(json.dumps(want))


@pytest.mark.parametrize("name", [n for n in builtin_names() if not load_scenario(n).has_hypotheses])
def test_cotra_only_views_say_so_for_other_models(client, name):
    for path in ("/api/anchors", "/api/retro"):
        r = post(client, path, scenario=name)
        assert r.status_code == 422 and "applies to Cotra's biological anchors model" in r.json()["detail"]
    # the HTML report: the model's inputs, no Cotra sections, and the retrospective says why it is absent
    rep = post(client, "/api/report", scenario=name)
    assert rep.status_code == 200, rep.text
    assert "Not shown for this scenario" in rep.text and "Compute trends" not in rep.text
    first_label = post(client, "/api/scenario", scenario=name).json()["parameters"][0]["label"]
    assert html.escape(first_label, quote=True) in rep.text


# ---------------------------------------------------------------- an uploaded ensemble


def test_an_uploaded_ensemble_lists_its_members_and_weights(client):
    v = post(client, "/api/scenario", scenario_toml=ENSEMBLE_TOML).json()
    assert v["model"] == "ensemble" and not v["is_cotra"]
    assert [(m["label"], m["scenario"], m["model"], m["weight"]) for m in v["members"]] == [
        ("Cotra 2020", "cotra2020", "cotra2020", 3.0), ("cotra2022", "cotra2022", "cotra2020", 1.0)]
    weights = {p["path"]: p for p in v["parameters"]}
    assert list(weights) == ["models.0.weight", "models.1.weight"]
    assert weights["models.0.weight"]["label"] == "Cotra 2020 (cotra2020): weight"
    assert weights["models.0.weight"]["group"] == "Ensemble weights" and weights["models.0.weight"]["min"] == 0


def test_ensemble_forecast_csv_and_weight_override(client):
    sc = scenario_from_dict(__import__("tomllib").loads(ENSEMBLE_TOML), "x")
    r = post(client, "/api/forecast", scenario_toml=ENSEMBLE_TOML)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body == json.loads(json.dumps(forecast_json(bioanchors.forecast(sc))))
    assert body["component_kind"] == "models" and set(body["models"]) == {"Cotra 2020", "cotra2022"}
    # weights 3:1 -> P = 0.75 P_2020 + 0.25 P_2022 (the mixture's definition, docs/architecture.md)
    p20, p22 = bioanchors.forecast("cotra2020").p_by_year, bioanchors.forecast("cotra2022").p_by_year
    got = pd.Series({int(k): v for k, v in body["p_by_year"].items()})
    np.testing.assert_allclose(got.to_numpy(), (0.75 * p20 + 0.25 * p22).loc[got.index].to_numpy(), rtol=1e-12)
    edited = post(client, "/api/forecast", scenario_toml=ENSEMBLE_TOML, overrides={"models.0.weight": 1}).json()
    np.testing.assert_allclose(list(edited["p_by_year"].values()),
                               (0.5 * p20 + 0.5 * p22).loc[got.index].to_numpy(), rtol=1e-12)
    # another member: its own forecast is mixed in (the loaded members are not reused for other references)
    swapped = post(client, "/api/forecast", scenario_toml=ENSEMBLE_TOML, overrides={"models.1.scenario": "cotra2020"}).json()
    np.testing.assert_allclose(list(swapped["p_by_year"].values()), p20.loc[got.index].to_numpy(), rtol=1e-12)
    csv = post(client, "/api/forecast/csv", scenario_toml=ENSEMBLE_TOML)
    assert csv.status_code == 200 and csv.text.startswith("year,p_tai")
    assert "p_Cotra 2020" in csv.text.splitlines()[0]


def test_ensemble_errors_name_the_field(client):
    r = post(client, "/api/forecast", scenario_toml=ENSEMBLE_TOML, overrides={"models.0.weight": -1})
    assert r.status_code == 422 and any("models.0.weight" in (e["field"] or "") for e in r.json()["errors"])
    r = post(client, "/api/forecast", scenario_toml=ENSEMBLE_TOML, overrides={"models.0.wieght": 1})
    assert r.status_code == 422
    # an uploaded file may not reach the file system through a member or a supply
    for text, field in ((ENSEMBLE_TOML.replace('"cotra2022"', '"/etc/passwd.toml"'), "models.1.scenario"),
                        ('name = "x"\nextends = "cotra2020"\nsupply = "../secret.toml"\n', "supply")):
        r = post(client, "/api/scenario", scenario_toml=text)
        assert r.status_code == 422 and "no file-system path" in r.json()["detail"], r.text
        assert [e["field"] for e in r.json()["errors"]] == [field]
    r = post(client, "/api/scenario", scenario_toml=ENSEMBLE_TOML.replace('"cotra2022"', '"cotra2099"'))
    assert r.status_code == 422 and "unknown scenario 'cotra2099'" in r.json()["detail"]


def test_cotra_only_views_answer_an_ensemble_plainly(client):
    for path in ("/api/anchors", "/api/retro"):
        r = post(client, path, scenario_toml=ENSEMBLE_TOML)
        assert r.status_code == 422, r.text
        assert "applies to Cotra's biological anchors model" in r.json()["detail"] and "'mix'" in r.json()["detail"]


def test_sensitivity_of_an_ensemble_varies_its_weights_with_human_labels(client):
    r = post(client, "/api/sensitivity", scenario_toml=UNCERTAIN_ENSEMBLE_TOML)
    assert r.status_code == 200, r.text
    data = r.json()
    assert [b["label"] for b in data["bars"]] == ["models.1.weight"]
    assert data["labels"]["models.1.weight"] == "cotra2022 (cotra2020): weight"
    # more weight on cotra2022 (a median near 2040, earlier than cotra2020's ~2052) moves the median earlier
    bar = data["bars"][0]
    assert bar["high_median"] < bar["low_median"]
    # a member's own uncertain inputs are varied too, named "<member>: <its label>"
    r = post(client, "/api/sensitivity", scenario_toml=ENSEMBLE_TOML.replace('"cotra2022"', '"cotra2020-uncertain"'))
    labels = r.json()["labels"]
    assert labels["models.1.flop_per_dollar.doubling_time_years"] == "cotra2020-uncertain: FLOP/$ doubling time"
    assert labels["models.1.hypotheses.genome.cap_oom"] == "cotra2020-uncertain: Genome anchor: cap on algorithmic progress"
    # nothing uncertain: a plain error, not a silent switch to another scenario
    r = post(client, "/api/sensitivity", scenario_toml=ENSEMBLE_TOML)
    assert r.status_code == 422 and "no uncertain inputs" in r.json()["detail"]


def test_report_of_an_ensemble_has_its_members_and_no_cotra_sections(client):
    r = post(client, "/api/report", scenario_toml=ENSEMBLE_TOML, overrides={"models.1.weight": 2})
    assert r.status_code == 200, r.text
    html = r.text
    assert "<h2>Models</h2>" in html and "Cotra 2020" in html
    assert "Compute trends" not in html
    assert "Not shown for this scenario" in html and "applies to Cotra&#x27;s" in html  # the retrospective (escaped)
    assert "Changed from" not in html or "models.1.weight" in html


def test_work_budget_counts_each_members_samples():
    ens = scenario_from_dict({"name": "m", "models": [{"scenario": "cotra2020-uncertain", "weight": 1},
                                                      {"scenario": "cotra2020", "weight": 1}]}, "x")
    member = forecast_cells(load_scenario("cotra2020-uncertain"), "monte-carlo", 1000, None, None)
    assert member > 0
    assert forecast_cells(ens, "monte-carlo", 1000, None, None) == member + forecast_cells(
        load_scenario("cotra2020"), "monte-carlo", 1000, None, None)
    # conditional: the point-valued member is exact (0 cells), the uncertain one is sampled
    assert forecast_cells(ens, "conditional", 1000, None, None) == forecast_cells(
        load_scenario("cotra2020-uncertain"), "conditional", 1000, None, None)
    # the budget reads the model's own cost, which the mixture computes per member as it runs them
    n_years = ens.spec.years.end - ens.spec.years.start + 1
    for method in ("monte-carlo", "conditional"):
        assert forecast_cells(ens, method, 1000, None, None) == model_for(ens).cost(ens, method, 1000, n_years)
    app = create_app(warm_up=False, settings=WebSettings(work_budget=member))
    with TestClient(app) as c:
        r = c.post("/api/forecast", json={"scenario_toml": UNCERTAIN_ENSEMBLE_TOML.replace('"cotra2022"', '"cotra2020-uncertain"'),
                                          "method": "monte-carlo", "samples": 2000})
        assert r.status_code in (413, 422) and "work units" in r.json()["detail"]


# ---------------------------------------------------------------- a model with no catalogue entries


def test_a_model_the_catalogue_does_not_know_still_gets_labelled_inputs(client, hazard):
    v = post(client, "/api/scenario", scenario_toml=HAZARD_TOML).json()
    assert v["model"] == "test-web-hazard" and v["forecasts"] == "exponential arrival"
    (p,) = v["parameters"]
    assert (p["path"], p["label"], p["value"]) == ("hazard.rate_per_year", "rate per year", 0.02)
    r = post(client, "/api/forecast", scenario_toml=HAZARD_TOML, overrides={"hazard.rate_per_year": 0.05})
    assert r.status_code == 200
    years = np.array([int(y) for y in r.json()["p_by_year"]])
    np.testing.assert_allclose(list(r.json()["p_by_year"].values()), 1 - np.exp(-0.05 * (years + 1 - 2020)), rtol=1e-12)
    csv = post(client, "/api/forecast/csv", scenario_toml=HAZARD_TOML)
    assert csv.status_code == 200 and csv.text.splitlines()[0].startswith("year,p_tai")
    rep = post(client, "/api/report", scenario_toml=HAZARD_TOML)
    assert rep.status_code == 200 and "rate per year" in rep.text
    bad = post(client, "/api/forecast", scenario_toml=HAZARD_TOML, overrides={"hazard.rate_per_yeer": 0.05})
    assert bad.status_code == 422


# ---------------------------------------------------------------- references and fuzz


@pytest.mark.parametrize("body, field", [
    ({"scenario_toml": 'name = "e"\n[[models]]\nname = "../x.toml"\nweight = 1\n'}, "models.0.name"),
    ({"scenario_toml": ENSEMBLE_TOML, "overrides": {"models.1.scenario": "/etc/passwd"}}, "models.1.scenario"),
    ({"scenario_toml": ENSEMBLE_TOML, "overrides": {"models.0.name": "/x.toml"}}, "models.0.name"),
    ({"scenario": "cotra2020", "overrides": {"models": [{"scenario": "a/b.toml", "weight": 1}]}}, "models.0.scenario"),
    ({"scenario": "cotra2020", "overrides": {"supply": "/etc/passwd"}}, "supply"),
])
def test_no_file_system_path_through_a_member_a_supply_or_an_override(client, body, field):
    """Overrides are request data as much as uploads (a path here was a 500 before)."""
    r = post(client, "/api/forecast", **body)
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [{"field": field, "message": "no file-system path is ever taken from a request"}]


def test_a_whole_list_entry_override_says_how_to_edit_it(client):
    r = post(client, "/api/forecast", scenario_toml=ENSEMBLE_TOML, overrides={"models.1": {"scenario": "cotra2020", "weight": 1}})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "models.1"
    assert "set one field of the entry (e.g. 'models.1.weight')" in r.json()["detail"]


def test_fuzzed_ensemble_overrides_get_a_sound_answer_or_a_short_4xx(client):
    """The property of tests/test_web_fuzz.py, on an uploaded ensemble: weights, members and paths under
    models.* set to hostile values give a finite, monotone forecast or a short 4xx, never a 500."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from test_web_fuzz import VALUE, _check_probabilities, _check_refusal

    paths = st.sampled_from(["models.0.weight", "models.1.weight", "models.0.scenario", "models.1.name", "models.0",
                             "models", "models.2.weight", "models.0.label", "models.0.weight.dist", "model"])
    value = st.one_of(VALUE, st.sampled_from(["cotra2022", "measured-2025", "ensemble", "../a.toml", "", 0, 2.5]))

    @settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
    @given(overrides=st.dictionaries(paths, value, max_size=3))
    def check(overrides):
        r = client.post("/api/forecast", content=json.dumps({"scenario_toml": ENSEMBLE_TOML, "overrides": overrides},
                                                            allow_nan=True), headers={"content-type": "application/json"})
        assert r.status_code != 500
        if r.status_code == 200:
            _check_probabilities(r.json()["p_by_year"].values())
        else:
            assert 400 <= r.status_code < 500, r.status_code
            _check_refusal(r)

    check()
