"""The parameter catalogue (issue 12 item 4): one description of every scenario field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bioanchors
from bioanchors import catalogue
from bioanchors.cli.scenarios import _rows
from bioanchors.schema import Param

DOCS = Path(__file__).resolve().parents[1] / "docs" / "scenarios.md"


def test_docs_table_is_the_catalogue():
    # docs/scenarios.md cannot drift: regenerate with `python -m bioanchors.catalogue docs/scenarios.md`.
    text = DOCS.read_text(encoding="utf-8")
    assert catalogue.markdown_table() in text
    assert catalogue.update_docs(text) == text


@pytest.mark.parametrize("name", bioanchors.builtin_names())
def test_every_field_of_every_builtin_is_catalogued(name):
    spec = bioanchors.load_scenario(name).spec
    for path, _ in _rows(spec):
        # free text like a description (same_event: a mixture's statement of what its members forecast, from main)
        if path.endswith((".source", ".note")) or path.split(".")[-1] in {"name", "description", "extends", "model",
                                                                          "same_event"}:
            continue
        if path.startswith("published"):
            continue
        entry = catalogue.lookup(path)
        assert entry.label and entry.unit_words and entry.explanation and entry.source, path


def test_entries_are_complete_and_pages_exist():
    # Pages cite Cotra (2020): the report's text has pages 1-170ish (=== PAGE N === markers).
    for e in catalogue.entries().values():
        assert e.section in catalogue.all_sections(), e.path
        assert e.explanation.endswith("."), e.path
        if e.model != "cotra2020":
            continue  # other models cite their own papers (docs/models/)
        for num in e.pages.replace("pp.", "").replace("p.", "").replace("-", ",").split(","):
            if num.strip():
                assert 1 <= int(num) <= 200, e.path


def test_unknown_path_suggests_the_close_one():
    with pytest.raises(KeyError, match="did you mean 'spending.doubling_time_years'"):
        catalogue.lookup("spending.doubling_time_yeras")
    assert catalogue.lookup("hypotheses.anything.weight").path == "hypotheses.*.weight"
    assert catalogue.unit_of("no.such.field") == ""


def test_the_issue_examples_of_human_units():
    # issue 12: units in words, one description (no "fraction per year" vs "per year").
    assert catalogue.lookup("flop_per_dollar.doubling_time_years").unit_words == "years per doubling"
    assert catalogue.lookup("flop_per_dollar.log10_flop_per_usd").unit_words == "log10 FLOP per USD"
    assert catalogue.lookup("spending.log10_usd").unit_words == "USD (log10)"
    assert catalogue.lookup("breakthrough.p_none_start").unit_words == "probability"


@pytest.mark.parametrize("path", [p for p, e in catalogue.entries().items() if "*" not in p])
def test_bounds_are_the_schemas(path):
    """A value just outside the catalogue's bounds is refused by the schema, naming the field."""
    entry = catalogue.lookup(path)
    lo, hi = entry.bounds
    if lo is None and hi is None:
        return  # nothing to refuse (a text field such as an ensemble's same_event)
    from bioanchors.scenario import builtin_names

    # each model ships a built-in scenario of its name (a mixture: its first built-in)
    name = next(n for n in [entry.model, *builtin_names()] if n in builtin_names()
                and bioanchors.load_scenario(n).model == entry.model)
    sc = bioanchors.load_scenario(name)
    for bad in ([hi + max(1.0, abs(hi))] if hi is not None else []) + ([lo - max(1.0, abs(lo))] if lo is not None else []):
        value = int(bad) if isinstance(hi if hi is not None else lo, int) else bad
        with pytest.raises(bioanchors.BioanchorsError, match=path.rsplit(".", 1)[-1]):
            sc.replace({path: value})


def test_probability_bounds_read_from_the_bounded_types():
    assert catalogue.lookup("breakthrough.p_none_end").bounds == (0.0, 1.0)  # ProbabilityParam
    assert catalogue.lookup("spending.ceiling_gdp_share").bounds == (0.0, 1.0)  # ShareParam
    assert catalogue.lookup("run_length.growth_per_year").bounds == (1.0, None)  # GrowthMultiplierParam
    assert catalogue.lookup("correlations.*.rank_correlation").bounds == (-1.0, 1.0)  # Field(ge, le)


def test_show_and_the_web_api_give_the_same_units_and_labels(cli):
    from fastapi.testclient import TestClient

    from bioanchors.web.app import create_app

    shown = {r["field"]: r for r in json.loads(cli("show", "cotra2020", "--format", "json").output)["parameters"]}
    view = TestClient(create_app(warm_up=False)).get("/api/scenarios/cotra2020").json()
    assert view["parameters"]
    for p in view["parameters"]:
        entry = catalogue.lookup(p["path"])
        assert p["unit"] == shown[p["path"]]["unit"] == entry.unit, p["path"]
        assert p["explanation"] == entry.explanation and p["unit_words"] == shown[p["path"]]["unit_words"]
        assert p["label"].endswith(entry.label)


def test_sampled_parameters_keep_their_order_and_split_honestly():
    spec = bioanchors.load_scenario("measured-2025").spec
    sampled = [p for p, _ in catalogue.sampled_parameters(spec)]
    # The order fixes the Monte Carlo design's columns (seeded samples): the sections as before, then hypotheses.
    old_order = ("flop_per_dollar", "spending", "run_length", "algorithmic_progress", "breakthrough")
    first = [p.split(".")[0] for p in sampled if not p.startswith("hypotheses.")]
    assert first == sorted(first, key=old_order.index)
    assert sampled == [p for p, _ in bioanchors.scenario.iter_trend_params(spec)]
    trends = {p for p, _ in catalogue.trend_parameters(spec)}
    assert trends and not any(p.startswith(("hypotheses.", "breakthrough.")) for p in trends)
    assert {p for p, _ in catalogue.breakthrough_parameters(spec)} == {"breakthrough.p_none_start",
                                                                      "breakthrough.p_none_end"}
    supply = {p for p, _ in catalogue.supply_parameters(spec)}
    assert supply < trends and "run_length.growth_per_year" in supply
    assert set(sampled) == trends | {p for p, _ in catalogue.breakthrough_parameters(spec)} | {
        p for p, _ in catalogue.hypothesis_parameters(spec)}
    assert all(isinstance(v, Param) for _, v in catalogue.sampled_parameters(spec))


def test_sobol_groups_come_from_the_catalogue():
    from bioanchors.sensitivity.sobol import component_of

    assert component_of("flop_per_dollar.doubling_time_years") == "FLOP per dollar"
    assert component_of("breakthrough.p_none_end") == "breakthrough (p_none)"
    assert component_of("hypotheses.genome.weight") == "hypothesis weights"
    assert component_of("hypotheses.genome.cap_oom") == "algorithmic progress"


def test_labels_for_sensitivity_inputs_are_human():
    spec = bioanchors.load_scenario("cotra2020-uncertain").spec
    labels = [catalogue.label_of(p, spec) for p in catalogue.uncertain_parameters(spec)]
    assert labels and not [x for x in labels if "_" in x], labels
    assert catalogue.label_of("hypotheses.genome.weight", spec) == "Genome anchor: weight"
    assert catalogue.label_of("hypotheses.genome.weight") == "genome: weight"
