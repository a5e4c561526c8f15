"""One weight convention per table, named where it is shown (issue 23 item 4)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import bioanchors
from bioanchors.presentation import forecast_json
from bioanchors.weight_labels import weight_column

# Cotra 2020 best guess, report p. 131 (docs/model.md §2): the six hypotheses' weights, p_none the other 10%.
BEST_GUESS = {"lifetime": 0.05, "short_horizon": 0.20, "genome": 0.10, "medium_horizon": 0.30,
              "long_horizon": 0.15, "evolution": 0.10}


def test_cotra_table_shows_stated_weights_and_says_how_rows_use_them():
    res = bioanchors.forecast("cotra2020")
    col = weight_column(res)
    assert col.convention == "stated" and col.header == "stated\nweight"
    assert col.cells == tuple(f"{BEST_GUESS[c.name]:.0%}" for c in res.components)
    assert "sum to 90%" in col.note and "(1 - p_none) x weight / 90%" in col.note
    # the rows really are (1 - p_none) x weight / 0.9 x P_i, the note's formula
    for c in res.components:
        np.testing.assert_allclose(c.contribution, (1 - res.p_none) * BEST_GUESS[c.name] / 0.9 * c.p, rtol=1e-12)


def test_given_no_tai_shows_prior_and_posterior_shares_side_by_side(cli):
    """--given-no-tai-by used to switch the same column from stated (30%) to posterior shares (34%): an
    apparent update of 4 points where the real one is 33.3% -> 33.8%."""
    res = bioanchors.forecast("cotra2020-given-2025")
    col = weight_column(res)
    assert col.convention == "prior->posterior"
    cells = dict(zip((c.name for c in res.components), col.cells))
    post = res.evidence["posterior_weights"]["medium_horizon"]
    assert cells["medium_horizon"] == f"33.3→{post:.1%}"  # 30 / 90 = 33.3% (p. 131) before
    assert "before and after conditioning on no TAI by 2025" in col.note
    out = cli("forecast", "cotra2020-given-2025", env={"COLUMNS": "120"})
    assert out.exit_code == 0 and "prior→post" in out.output and f"33.3→{post:.1%}" in out.output
    d = json.loads(cli("forecast", "cotra2020-given-2025", "--format", "json").output)
    assert d["weight_meaning"]["convention"] == "prior->posterior"
    assert "posterior" in d["weight_meaning"]["weight"]  # the conditioned result's "weight" is the posterior


def test_semi_informative_priors_show_prior_and_posterior():
    """Davidson's hyper-prior weights (stated) beside the posterior the rows use."""
    res = bioanchors.forecast("semi-informative-priors")
    col = weight_column(res)
    assert col.convention == "prior->posterior"
    stated = np.array([c.stated_weight for c in res.components])
    for cell, prior, c in zip(col.cells, stated / stated.sum(), res.components):
        assert cell == f"{100 * prior:.1f}→{c.weight:.1%}"
        np.testing.assert_allclose(c.contribution, c.weight * c.p, rtol=1e-12)  # rows use the posterior
    assert forecast_json(res)["weight_meaning"]["weight"] == "as stated in the scenario (the prior)"


def test_ensemble_shows_normalised_shares():
    res = bioanchors.forecast("ensemble-2026", method="conditional", samples=1000, seed=0)
    col = weight_column(res)
    assert col.convention == "share"
    assert sum(c.weight for c in res.components) == pytest.approx(1.0)
    assert col.cells == tuple(f"{c.weight:.0%}" for c in res.components)


def test_sensitivity_central_is_labelled(cli):
    from bioanchors.sensitivity import one_at_a_time

    res = one_at_a_time("cotra2020-uncertain", "median_year")
    assert "every input at its median" in res.to_dict()["central_meaning"]
    assert "forecast's own figure averages the curves" in res.central_meaning
    out = cli("sensitivity", "cotra2020-uncertain", env={"COLUMNS": "200"})
    assert out.exit_code == 0 and "central = the median year, interpolated" in out.output
