"""The takeoff view's data, the data vintage and the scorecard through the API (issue 21 item 7,
issue 22 item 7, issue 25 item 6), without a browser (tests/test_web_takeoff_browser.py draws them).

- A simulation model has the ``takeoff`` view (asked of the model: it has series), and its scenario says
  which series are its headline charts, which inputs its headline controls and which events its
  milestones: the catalogue's ``[views.takeoff]``, checked against what the model has; without a
  declaration, defaults (shown on a toy model the catalogue does not know).
- ``/api/vintage`` names the vintage in use as the data commands resolve it (pinned, else bundled).
- ``/api/scorecard`` is ``bioanchors scorecard``: its tables and charts are the package's numbers.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from bioanchors import builtin_names, load_scenario
from bioanchors.errors import BioanchorsError
from toy_models import registered_takeoff_model
from web_server import post  # noqa: F401  (and the `client` fixture: conftest.py)

TOY = "test-web-takeoff-api"
TOY_TOML = (f'model = "{TOY}"\nname = "toy-takeoff"\n[years]\nstart = 2025\nend = 2060\n'
            '[takeoff]\nstart_year = 2031.5\ntakeoff_years = 3.0\n')


def _simulations():
    """Every built-in scenario of a model with a takeoff view (FTM's and the AI Futures Model's today)."""
    from bioanchors.web.models import model_views

    return [n for n in builtin_names() if "takeoff" in model_views(load_scenario(n).model)]


@pytest.fixture(scope="module")
def toy():
    with registered_takeoff_model(TOY) as m:
        yield m


def test_the_takeoff_models_have_the_view_and_the_others_do_not(client):
    sims = set(_simulations())
    # issue 21's five presets and issue 22's three built-ins are simulations; Cotra's and METR's are not
    assert {"ftm-best-guess", "ftm-aggressive", "ftm-conservative", "ftm-uncertain", "ftm-measured",
            "aifm-eli", "aifm-daniel", "aifm-uncertain"} <= sims
    assert not {"cotra2020", "metr-horizon", "direct-approach"} & sims
    for name in ("cotra2020", "metr-horizon"):
        view = post(client, "/api/scenario", scenario=name).json()
        assert "takeoff" not in view["views"] and view["takeoff"] is None


@pytest.mark.parametrize("name", _simulations())
def test_every_declared_chart_control_and_milestone_is_the_models_own(client, name):
    view = post(client, "/api/scenario", scenario=name).json()
    assert "takeoff" in view["views"]
    layout = view["takeoff"]
    from bioanchors.models import get_model

    model = get_model(view["model"])
    series = {s.name: s for s in model.series_specs}
    assert layout["charts"] and all(s["name"] in series and s["unit"] == series[s["name"]].unit
                                    for c in layout["charts"] for s in c["series"])
    inputs = {p["path"] for p in view["parameters"]}
    assert len(layout["controls"]) == 5 and set(layout["controls"]) <= inputs  # issues 21 and 22: five headline inputs
    assert set(layout["milestones"]) <= {e.name for e in model.events}


def test_the_headline_inputs_are_the_ones_the_issues_name(client):
    """Issue 21 item 7: training requirement, FLOP gap, returns to software and hardware, substitution;
    issue 22 item 7 (the front page's Daniel preset, scenarios/aifm-daniel.toml): doubling time, doubling
    difficulty, AC horizon, median-to-top taste, taste slope. Checked by the inputs' catalogue labels."""
    def labels(name):
        view = post(client, "/api/scenario", scenario=name).json()
        by_path = {p["path"]: p["label"] for p in view["parameters"]}
        return [by_path[c] for c in view["takeoff"]["controls"]]

    ftm = labels("ftm-best-guess")
    for words in ("training FLOP", "FLOP gap", "returns to software", "returns to hardware", "substitution"):
        assert sum(words in label for label in ftm) == 1, (words, ftm)
    aifm = labels("aifm-eli")
    for words in ("doubling time", "doubling difficulty", "AC time horizon", "research taste ratio", "taste growth"):
        assert sum(words in label for label in aifm) == 1, (words, aifm)
    # the charts: automation fractions and GWP growth (issue 21); horizon and AI R&D speed-up (issue 22)
    def charts(name):
        return [s["name"] for c in post(client, "/api/scenario", scenario=name).json()["takeoff"]["charts"] for s in c["series"]]

    assert charts("ftm-best-guess") == ["automation_goods", "automation_rnd", "gwp_growth"]
    assert charts("aifm-eli") == ["horizon", "ai_rd_uplift"]


def test_the_forecast_carries_what_the_view_draws(client):
    """The page draws the forecast JSON's series, events and metrics: every declared name is in it."""
    for name in ("ftm-best-guess", "aifm-eli"):
        layout = post(client, "/api/scenario", scenario=name).json()["takeoff"]
        body = post(client, "/api/forecast", scenario=name).json()
        assert {s["name"] for c in layout["charts"] for s in c["series"]} <= set(body["series"])
        assert all(body["events"][e]["central_year"] is not None for e in layout["milestones"][:1])
        assert body["metrics"] and all(m["unit"] for m in body["metrics"].values())


def test_a_model_without_a_declaration_gets_the_defaults(client, toy):
    """A simulation model the catalogue does not know: its first series, its inputs, every event."""
    view = post(client, "/api/scenario", scenario_toml=TOY_TOML).json()
    assert "takeoff" in view["views"]
    assert view["takeoff"] == {
        "charts": [{"title": "years since the first milestone", "ymax": None,
                    "series": [{"name": "since_start", "label": "years since the first milestone", "unit": "years"}]}],
        "controls": ["takeoff.start_year", "takeoff.takeoff_years"], "milestones": ["finish", "start"]}
    body = post(client, "/api/forecast", scenario_toml=TOY_TOML).json()
    assert body["events"]["start"]["central_year"] == 2031.5 and body["metrics"]["takeoff"]["value"] == 3.0


def test_a_declared_name_the_model_lacks_is_a_one_line_error(monkeypatch):
    from bioanchors import catalogue
    from bioanchors.web.models import takeoff_layout

    sc = load_scenario("aifm-eli")
    for bad, field in (({"charts": [{"title": "x", "series": ["gwp"]}]}, "charts.series"),
                       ({"controls": ["horizon.no_such_input"]}, "controls"), ({"milestones": ["agi"]}, "milestones")):
        monkeypatch.setattr(catalogue, "views", lambda model, bad=bad: {"takeoff": bad})
        with pytest.raises(BioanchorsError, match=rf"data/parameters/aifm.toml \[views.takeoff\]: {field} names") as exc:
            takeoff_layout(sc)
        assert "\n" not in str(exc.value)


# ---------------------------------------------------------------- the data vintage


def _pulled_vintage(root, vid="2026-12-01T000000Z"):
    """A pulled vintage in a cache at ``root`` (the manifest ``data pull`` writes; docs/data.md)."""
    folder = root / "vintages" / vid
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"vintage": vid, "created": "2026-12-01T00:00:00+00:00", "datasets": {
        "ml-hardware": {"file": "ml_hardware.csv", "rows": 180, "latest_date": "2025-12-01", "retrieved": "2026-12-01T00:00:00+00:00",
                        "licence": "CC BY 4.0", "attribution": "Epoch AI", "address": "https://example.invalid/x.csv", "sha256": "0"}}}))
    return vid


def test_the_vintage_in_use_is_the_bundled_one_or_the_pin(client, tmp_path, monkeypatch):
    from bioanchors import vintages

    monkeypatch.setenv("BIOANCHORS_DATA_DIR", str(tmp_path))
    body = client.get("/api/vintage").json()
    assert body["name"] == "bundled" and body["chosen"] == "default" and body["available"] == ["bundled"]
    assert set(body["datasets"]) == set(vintages.load_vintage("bundled").datasets)
    assert all(d["licence"] and d["attribution"] for d in body["datasets"].values())
    vid = _pulled_vintage(tmp_path)
    vintages.write_pin(vid)
    body = client.get("/api/vintage").json()
    assert (body["name"], body["chosen"], body["available"]) == (vid, "pinned", ["bundled", vid])
    assert body["datasets"]["ml-hardware"]["rows"] == 180 and body["datasets"]["ml-hardware"]["latest_date"] == "2025-12-01"
    # a pin whose vintage was deleted: the CLI's one-line error, not a silent fallback
    (tmp_path / "vintages" / vid / "manifest.json").unlink()
    r = client.get("/api/vintage")
    assert r.status_code == 422 and "no longer in" in r.json()["detail"]


def test_a_scenario_names_its_own_vintage(client):
    assert post(client, "/api/scenario", scenario="cotra2020").json()["data_vintage"] is None
    text = 'extends = "cotra2020"\nname = "pinned-data"\ndata_vintage = "bundled"\n'
    assert post(client, "/api/scenario", scenario_toml=text).json()["data_vintage"] == "bundled"


# ---------------------------------------------------------------- the scorecard


@pytest.fixture(scope="module")
def scored(client):
    """The endpoint's answer and the package's scorecard for the same scenarios (the CLI's call)."""
    from bioanchors.retro.scorecard import scorecard
    from bioanchors.web.views import SCORECARD_DRAWS

    names = ["cotra2020", "direct-approach"]
    r = client.get("/api/scorecard", params={"scenario": names})
    assert r.status_code == 200, r.text
    return r.json(), scorecard(names, draws=SCORECARD_DRAWS)


def test_the_scorecard_tables_are_the_packages_numbers(scored):
    body, res = scored
    assert body["cli"] == "bioanchors scorecard cotra2020 direct-approach" and body["vintage"] == res.vintage
    summary = body["tables"][0]
    assert summary["key"] == "summary" and len(summary["rows"]) == len(res.summary())
    for row, (_, want) in zip(summary["rows"], res.summary().iterrows()):
        assert row[0] == want["scenario"] and row[3] == want["n"]
        assert row[4] == pytest.approx(want["mean_abs_error_oom"], abs=1e-3)
        assert row[6] == (want["inside90"] if isinstance(want["inside90"], str) else "no band")
    frame = res.to_frame()
    for table in body["tables"][1:]:  # one per quantity: the error of each year, inside the 90% band or not
        rows = frame[frame["quantity"] == table["key"]]
        assert [r[:2] for r in table["rows"]] == [[s, int(y)] for s, y in zip(rows["scenario"], rows["year"])]
        assert [r[4] for r in table["rows"]] == pytest.approx(rows["error_oom"].to_list(), abs=2e-3)
        assert [r[5] for r in table["rows"]] == ["no band" if v is None or v != v else "yes" if v else "no" for v in rows["inside90"]]
    # direct-approach has a band (uncertain inputs) and both answers occur; cotra2020 has none
    inside = [r[5] for t in body["tables"][1:] for r in t["rows"] if r[0] == "direct-approach"]
    assert {"yes", "no"} <= set(inside)


def test_the_scorecard_draws_a_chart_per_quantity(scored):
    body, res = scored
    assert [s["key"] for s in body["series"]] == [t["key"] for t in body["tables"][1:]]
    for s in body["series"]:
        real = res.realised[s["key"]]
        assert all(v == pytest.approx(10 ** real[y], rel=1e-3) for y, v in s["points"])  # the realised values
        for line, p in zip(s["lines"], [p for p in res.projections if p.quantity == s["key"]]):
            keep = p.years >= p.made_in
            assert [y for y, _ in line["points"]] == p.years[keep].tolist()
            if s["key"] != "flop_per_usd":  # levels; FLOP/$ is scored by growth and starts on the data
                assert [v for _, v in line["points"]] == pytest.approx(10 ** p.central[keep], rel=1e-3)
            assert ("band" in line) == (p.low is not None and s["key"] != "flop_per_usd")
            if "band" in line:
                assert [v for _, v in line["band"]["hi"]] == pytest.approx(10 ** p.high[keep], rel=1e-3)
    fpd = next(s for s in body["series"] if s["key"] == "flop_per_usd")
    cotra = fpd["lines"][0]  # started on the realised value of its first scored year, then Cotra's growth
    assert cotra["points"][0] == [2020, pytest.approx(10 ** res.realised["flop_per_usd"][2020], rel=1e-3)]
    p = next(p for p in res.projections if p.quantity == "flop_per_usd" and p.scenario == "cotra2020")
    growth = np.log10([v for _, v in cotra["points"]])
    assert np.diff(growth) == pytest.approx(np.diff(p.central[p.years >= 2020]), abs=1e-3)


def test_scorecard_requests_name_built_ins_and_vintages_only(client):
    r = client.get("/api/scorecard", params={"scenario": ["../x.toml"]})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "scenario.0"
    r = client.get("/api/scorecard", params={"scenario": ["cotra2002"]})
    assert r.status_code == 422 and "unknown scenario" in r.json()["detail"]
    r = client.get("/api/scorecard", params={"vintage": "2019"})
    assert r.status_code == 422 and "unknown data vintage '2019'" in r.json()["detail"]
    r = client.get("/api/scorecard", params={"scenario": ["semi-informative-priors"]})  # no dated projections
    assert r.status_code == 422 and "declares no dated projections" in r.json()["detail"]
