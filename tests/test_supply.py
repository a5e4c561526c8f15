"""Compute supply shared between scenarios: `supply = "<scenario>"` (issue 12 item 4; docs/scenarios.md),
and the checks that moved from evaluation to load time (issue 12 item 2)."""

from __future__ import annotations

import numpy as np
import pytest

import bioanchors
from bioanchors.evaluation.parameters import point_parameters
from bioanchors.evaluation.trajectories import trajectories
from bioanchors.scenario import load_supply, scenario_from_dict

SUPPLY = ("flop_per_dollar", "spending", "run_length")
YEARS = np.arange(2025, 2101)


def _supply_curves(spec):
    t = trajectories(spec, point_parameters(spec), YEARS)
    return t.log10_flop_per_usd, t.log10_spend_usd, t.log10_run_length


def test_supply_from_measured_2025_gives_its_trajectories():
    mixed = scenario_from_dict({"extends": "cotra2020", "name": "cotra-requirements-measured-supply",
                                "supply": "measured-2025"})
    measured, cotra = bioanchors.load_scenario("measured-2025"), bioanchors.load_scenario("cotra2020")
    for section in SUPPLY:
        assert getattr(mixed.spec, section) == getattr(measured.spec, section), section
    for a, b in zip(_supply_curves(mixed.spec), _supply_curves(measured.spec)):
        np.testing.assert_array_equal(a, b)
    # Everything that is not supply stays cotra2020's (measured-2025 also changes algorithmic progress).
    assert mixed.spec.algorithmic_progress == cotra.spec.algorithmic_progress
    assert mixed.spec.hypotheses == cotra.spec.hypotheses and mixed.spec.breakthrough == cotra.spec.breakthrough
    assert mixed.spec.algorithmic_progress != measured.spec.algorithmic_progress


def test_local_values_win_key_by_key():
    sc = scenario_from_dict({"extends": "cotra2020", "name": "x", "supply": "measured-2025",
                             "spending": {"log10_usd": 8.7}})
    measured = bioanchors.load_scenario("measured-2025").spec
    assert sc.spec.spending.log10_usd.value == 8.7
    assert sc.spec.spending.doubling_time_years == measured.spending.doubling_time_years


def test_supply_replaces_what_extends_brought_whole():
    # measured-2025 grows run length; cotra2020's supply does not: taking cotra2020's supply turns it off.
    sc = scenario_from_dict({"extends": "measured-2025", "name": "x", "supply": "cotra2020"})
    cotra = bioanchors.load_scenario("cotra2020").spec
    for section in SUPPLY:
        assert getattr(sc.spec, section) == getattr(cotra, section), section
    assert not sc.spec.run_length.enabled


def test_same_hash_as_the_values_written_out():
    # Like `extends`, `supply` records provenance; the hash is of the resolved values.
    sc = scenario_from_dict({"extends": "cotra2020", "name": "x", "supply": "measured-2025"})
    written = bioanchors.load_scenario("measured-2025").to_dict()
    manual = {"extends": "cotra2020", "name": "x", **{s: written[s] for s in SUPPLY}}
    assert sc.content_hash == scenario_from_dict(manual).content_hash
    assert "supply" not in sc.to_toml()
    import tomllib

    assert scenario_from_dict(tomllib.loads(sc.to_toml())).content_hash == sc.content_hash


def test_unknown_supply_lists_the_builtins(cli, tmp_path):
    with pytest.raises(bioanchors.ScenarioError, match="field 'supply': unknown scenario 'mesured-2025'.*measured-2025"):
        scenario_from_dict({"extends": "cotra2020", "name": "x", "supply": "mesured-2025"})
    path = tmp_path / "s.toml"
    path.write_text('extends = "cotra2020"\nname = "s"\nsupply = "nope"\n')
    res = cli("forecast", path)
    assert res.exit_code == 2 and "supply" in res.output and "cotra2020-uncertain" in res.output
    assert "Traceback" not in res.output


def test_a_supply_file_with_only_the_supply_sections(cli, tmp_path):
    measured = bioanchors.load_scenario("measured-2025").to_dict()
    import tomli_w

    (tmp_path / "supplies").mkdir()
    (tmp_path / "supplies" / "world.toml").write_text(tomli_w.dumps({s: measured[s] for s in SUPPLY}))
    path = tmp_path / "model.toml"
    path.write_text('extends = "cotra2020"\nname = "m"\nsupply = "supplies/world.toml"\n')  # relative to this file
    sc = bioanchors.load_scenario(path)
    for a, b in zip(_supply_curves(sc.spec), _supply_curves(bioanchors.load_scenario("measured-2025").spec)):
        np.testing.assert_array_equal(a, b)
    assert set(load_supply(str(tmp_path / "supplies" / "world.toml"))) == set(SUPPLY)
    res = cli("show", path, "--format", "json")
    assert res.exit_code == 0 and '"supply": "supplies/world.toml"' in res.output


def test_replace_with_a_supply_then_overrides():
    sc = bioanchors.load_scenario("cotra2020").replace({"supply": "measured-2025", "spending.log10_usd": 8.7})
    measured = bioanchors.load_scenario("measured-2025").spec
    assert sc.spec.flop_per_dollar == measured.flop_per_dollar and sc.spec.spending.log10_usd.value == 8.7


def test_builtin_numbers_unchanged_and_no_builtin_names_a_supply():
    for name in bioanchors.builtin_names():
        assert bioanchors.load_scenario(name).spec.supply is None


# --- checks at load time (same messages as at evaluation) ----------------------------------


def test_bad_correlations_fail_at_load(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('extends = "cotra2020-uncertain"\nname = "c"\n[[correlations]]\n'
                    'a = "spending.doubling_time_years"\nb = "spending.nope"\nrank_correlation = 0.3\n')
    with pytest.raises(bioanchors.ScenarioError, match=r"c\.toml: field 'correlations.0': 'spending.nope' is not a parameter"):
        bioanchors.load_scenario(path)
    with pytest.raises(bioanchors.ScenarioError, match="fixed value"):
        scenario_from_dict({"extends": "cotra2020-uncertain", "name": "c", "correlations": [
            {"a": "spending.doubling_time_years", "b": "breakthrough.p_none_start", "rank_correlation": 0.3}]})


def test_weights_that_can_all_be_zero_fail_at_load():
    data = {"extends": "cotra2020", "name": "w",
            "hypotheses": {k: {"weight": {"dist": "uniform", "low": 0.0, "high": 1.0}}
                           for k in bioanchors.load_scenario("cotra2020").spec.hypotheses}}
    with pytest.raises(bioanchors.ScenarioError, match="weights must sum to a positive number in every sample"):
        scenario_from_dict(data)
    # One weight that stays above 0 is enough.
    data["hypotheses"]["genome"]["weight"] = {"dist": "uniform", "low": 0.01, "high": 1.0}
    assert scenario_from_dict(data).spec.hypotheses["genome"].weight.dist == "uniform"


def test_a_model_that_does_not_read_the_shared_supply_refuses_it_in_one_line(tmp_path):
    # Issue 20 item 4: `supply = "measured-2025"` on the Direct Approach failed with three unknown-key
    # errors; the shared supply is Cotra's sections (docs/scenarios.md), so other models refuse it by name.
    path = tmp_path / "da.toml"
    path.write_text('extends = "direct-approach"\nname = "da"\nsupply = "measured-2025"\n')
    with pytest.raises(bioanchors.BioanchorsError) as info:
        bioanchors.load_scenario(str(path))
    assert "field 'supply'" in str(info.value) and "direct-approach" in str(info.value)
    assert "\n" not in str(info.value)
