"""Backtests from vantage years 2016-2023 (issue 25 item 5), and the guarantee that nothing leaks.

The leak test changes every row dated on or after the vantage (values x1000, plus a
fabricated frontier run) and requires every projection to stay bit-identical; it is
shown to fail when a fit is allowed past its window and the truncation is removed.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from bioanchors.retro import backtest as B
from bioanchors.retro.hindcast import hindcast
from bioanchors.trends.epoch_loaders import load_data

VANTAGES = range(2016, 2024)


@pytest.fixture(scope="module")
def data():
    return load_data(None)


def _poisoned(data, vantage: int):
    """``data`` with every row dated from ``vantage`` on changed beyond recognition, and one fake run added."""
    m = data.models.frame.copy()
    late = m["year"].to_numpy(dtype=float) >= vantage
    for col in ("training_flop", "cost_2023usd", "cost_cloud", "cost_upfront", "training_hours"):
        m.loc[late, col] = m.loc[late, col] * 1000.0
    fake = m.iloc[[-1]].assign(model="fabricated", year=float(vantage) + 0.1, training_flop=1e40, frontier_flag=True)
    h = data.hardware.frame.copy()
    hl = h["year"].to_numpy(dtype=float) >= vantage
    h.loc[hl, "price_usd"] = h.loc[hl, "price_usd"] / 1000.0
    return replace(data, models=replace(data.models, frame=pd.concat([m, fake], ignore_index=True)),
                   hardware=replace(data.hardware, frame=h))


def _projections(data, vantage, known=None):
    mid = np.arange(vantage, 2026) + 0.5
    return B.project(known if known is not None else B.data_before(data, vantage), vantage, mid, n_boot=100)["paths"]


def _same(a, b) -> bool:
    return all(np.array_equal(x, y) for m in a for f in a[m] for x, y in zip(a[m][f], b[m][f]) if x is not None)


@pytest.mark.parametrize("vantage", VANTAGES)
def test_no_data_after_the_vantage_reaches_a_projection(data, vantage):
    known = B.data_before(data, vantage)
    assert np.nanmax(known.models.frame["year"]) < vantage and np.nanmax(known.hardware.frame["year"]) < vantage
    assert _same(_projections(data, vantage), _projections(_poisoned(data, vantage), vantage))


def test_the_leak_test_detects_a_leak(data, monkeypatch):
    """A fit that ignores its window end leaks when the truncation is removed too: the check above sees it."""
    real_fit = B.fit_trends
    monkeypatch.setattr(B, "fit_trends", lambda d, **kw: real_fit(d, **{**kw, "until": None}))
    v = 2020
    assert not _same(_projections(data, v, known=data), _projections(data, v, known=_poisoned(data, v)))
    # with data_before in place even that leaky window sees nothing from the vantage on
    assert _same(_projections(data, v), _projections(_poisoned(data, v), v))


def test_fitted_method_at_2020_is_the_retrospectives_hindcast(data):
    res = B.backtest(data, [2020])
    h = hindcast(data, 2020, n_boot=500)
    df = res.to_frame()
    for f, err in h.fitted_error.items():
        got = df[(df.method == "fitted") & (df.factor == f)].sort_values("year")
        assert got["year"].tolist() == h.years.tolist()
        np.testing.assert_allclose(got["error_oom"], err, atol=1e-12)


def test_assumption_methods_grow_at_their_parameter_sets_rates(data):
    growth = B.set_growth()
    # cotra2020 set: spend doubling 2 yr (1.414x/yr) x FLOP/$ doubling 2.5 yr (1.32x/yr) = 1.87x/yr real compute
    # (docs/trends.md "Accounting"; Cotra 2020 pp. 122-125); davidson2023: 2.85x/yr
    assert growth["cotra2020"]["training_compute"][0] == pytest.approx(2 ** 0.5 * 2 ** 0.4, rel=1e-9)
    assert growth["davidson2023"]["training_compute"][0] == pytest.approx(2.85, abs=0.005)
    paths = _projections(data, 2019)
    fitted, cotra = paths["fitted"]["training_compute"], paths["cotra2020"]["training_compute"]
    np.testing.assert_allclose(np.diff(cotra[0]), np.log10(2 ** 0.9), rtol=1e-12)  # one year apart
    assert cotra[0][0] == fitted[0][0]  # both start from the level fitted before the vantage


def test_backtest_2016_to_2023_scores_every_method(data):
    res = B.backtest(data, VANTAGES, n_boot=200)
    s = res.summary()
    assert set(s["method"]) == set(B.METHODS) and sorted(res.by_vantage().index) == list(VANTAGES)
    fitted = s[s.method == "fitted"]
    assert fitted["coverage90"].between(0, 1).all() and (fitted["mean_abs_error_oom"] > 0).all()
    # Cotra's cost and compute growth were far below what happened: her errors are negative on average
    cotra = s[(s.method == "cotra2020") & s.factor.isin(["training_compute", "training_cost"])]
    assert (cotra["mean_error_oom"] < 0).all()


def test_cli_backtest(cli):
    r = cli("backtest", "--from", "2019", "--to", "2020", "--bootstrap", "100", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert "data vintage: bundled" in r.stderr
    r = cli("backtest", "--from", "2024", "--to", "2026")
    assert r.exit_code == 2 and "the last vantage year can be" in r.stderr
