"""Effective-compute accounting and the parameter sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from bioanchors.errors import DataError
from bioanchors.trends.accounting import (
    ALL_SETS,
    Factor,
    account,
    cotra_weighted_algorithmic_multiplier,
    effective_compute_multiplier,
    get_parameter_set,
    load_parameter_sets,
    real_compute_multiplier,
)
from bioanchors.trends.epoch_loaders import load_data
from bioanchors.trends.fitting import fit_trends

EXPORTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "epoch"
needs_exports = pytest.mark.skipif(not EXPORTS.is_dir(), reason="../shared/data/epoch absent")


def test_products():
    assert real_compute_multiplier(2.0, 1.5, 1.3, run_length_in_spend=True) == pytest.approx(3.0)
    assert real_compute_multiplier(2.0, 1.5, 1.3, run_length_in_spend=False) == pytest.approx(3.9)
    assert effective_compute_multiplier(2.0, 1.5, 3.0) == pytest.approx(9.0)


def test_every_published_number_has_a_source():
    sets = load_parameter_sets()
    assert set(sets) == {"cotra2020", "davidson2023", "epoch"}
    for s in sets.values():
        for k in ("spend", "flop_per_dollar", "run_length", "algorithmic"):
            assert getattr(s, k).source.strip()
    assert sets["davidson2023"].uncertain


def test_cotra2020_effective_growth():
    # 2026 retrospective "What Happened With Bio Anchors?" (docs/model.md §8): Cotra's inputs imply ~2.4x/yr.
    a = account(get_parameter_set("cotra2020"))
    assert a.effective_compute_per_year == pytest.approx(2.4, abs=0.05)  # published to one decimal
    # Cotra 2020 p.125/132: spend doubles every 2 years, FLOP/$ every 2.5 years.
    p = a.params
    assert p.spend.multiplier == pytest.approx(2 ** 0.5)
    assert p.flop_per_dollar.multiplier == pytest.approx(2 ** 0.4)


def test_cotra_weighted_alternative():
    # docs/model.md §2 and 4 weights and halving times; documented alternative to the 2.75-year midpoint.
    assert cotra_weighted_algorithmic_multiplier() == pytest.approx(1.35, abs=0.01)


def test_epoch_effective_growth_and_mismatch():
    # The epoch set from its cited inputs: Cottier et al. 2024 cost 2.4x/yr, Hobbhahn & Besiroglu 2022
    # FLOP/$ doubling 2.07 yr, Ho et al. 2024 3x/yr (the retrospective's 10.7 differs: see test_retro).
    a = account(get_parameter_set("epoch"))
    real = 2.4 * 2 ** (1 / 2.07)
    assert a.effective_compute_per_year == pytest.approx(real * 3.0, rel=1e-9)
    # Sevilla & Roldan (2024) 4-5x/yr direct (midpoint 4.5) vs that product: the gap is reported.
    assert a.mismatch_per_year == pytest.approx(4.5 / real, rel=1e-9)
    assert any("ratio" in n for n in a.notes)


def test_measured_set_from_bundled_data():
    a = account(get_parameter_set("measured"))
    p = a.params
    assert "NOT FITTED" in p.algorithmic.note
    assert p.algorithmic.multiplier == get_parameter_set("epoch").algorithmic.multiplier
    assert 4.0 <= p.direct_compute.multiplier <= 5.5  # Sevilla & Roldan (2024): 4-5x/yr
    # The spend x FLOP/$ product should come close to the direct measurement on the bundled data.
    assert 0.8 < a.mismatch_per_year < 1.25


def test_measured_with_caller_algorithmic_progress():
    p = get_parameter_set("measured", algorithmic_progress_per_year=2.0, algorithmic_source="my estimate")
    assert p.algorithmic.multiplier == 2.0 and p.algorithmic.source == "my estimate"
    with pytest.raises(DataError):
        get_parameter_set("measured", algorithmic_progress_per_year=-1.0)


def test_upfront_cost_multiplies_run_length():
    trends = fit_trends(load_data(), since=2018, cost_measure="upfront", n_boot=200)
    p = get_parameter_set("measured", trends=trends)
    assert not p.run_length_in_spend
    assert p.real_compute_per_year == pytest.approx(
        p.spend.multiplier * p.flop_per_dollar.multiplier * p.run_length.multiplier)


def test_unknown_set_and_bad_toml(tmp_path):
    with pytest.raises(DataError, match="unknown"):
        get_parameter_set("bogus")
    bad = tmp_path / "p.toml"
    bad.write_text('[x]\ndescription="d"\nspend_measure="s"\nrun_length_in_spend=true\n'
                   '[x.spend]\nmultiplier=2\n[x.flop_per_dollar]\nmultiplier=1.3\nsource="s"\n'
                   '[x.run_length]\nmultiplier=1\nsource="s"\n[x.algorithmic]\nmultiplier=1.3\nsource="s"\n')
    with pytest.raises(DataError, match="source"):
        load_parameter_sets(bad)
    bad.write_text("not = [toml")
    with pytest.raises(DataError, match="TOML"):
        load_parameter_sets(bad)


def test_doubling_times_for_retro():
    d = get_parameter_set("cotra2020").doubling_times()
    assert d["spend_doubling_years"] == pytest.approx(2.0)
    assert d["flop_per_dollar_doubling_years"] == pytest.approx(2.5)
    assert d["algorithmic_halving_years"] == pytest.approx(2.75)
    assert d["run_length_growth_per_year"] == 1.0


def test_with_factor_and_outputs():
    p = get_parameter_set("cotra2020").with_factor(algorithmic=Factor(3.0, "Ho et al. 2024"))
    a = account(p)
    assert a.effective_compute_per_year == pytest.approx(2 ** 0.5 * 2 ** 0.4 * 3.0)
    assert "effective_compute" in a.to_frame().index
    assert a.to_dict()["factors"]["algorithmic"]["source"] == "Ho et al. 2024"
    import matplotlib

    matplotlib.use("Agg")
    ax = a.plot()
    assert "effective" in ax.get_title() and len(ax.patches) == 3  # spend, FLOP/$, algorithmic (run length in spend)


@needs_exports
@pytest.mark.shared_data
def test_measured_from_exports():
    data = load_data([EXPORTS / "notable_ai_models.csv", EXPORTS / "ml_hardware.csv"])
    a = account(get_parameter_set("measured", data=data, n_boot=300))
    # Sevilla & Roldan (2024), Epoch AI: 4-5x/yr frontier compute; issue: 4-5.5 since 2018.
    assert 4.0 <= a.direct_compute_per_year <= 5.5
    assert set(ALL_SETS) == {"cotra2020", "davidson2023", "epoch", "measured"}
