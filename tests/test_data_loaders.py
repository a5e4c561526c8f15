"""Loaders for what is new (issue 25 item 3): chip-sales stock, data-centre power, METR Time Horizon 1.1.

The fixtures follow the publishers' layouts with synthetic numbers from closed forms
(tests/data_fixtures.py), so each expected value below is computed by hand, not read back.
"""

from __future__ import annotations

import numpy as np
import pytest

import data_fixtures as fx
from bioanchors.datasets.chip_sales import (
    cross_check,
    load_chip_sales,
    load_sales_by_chip,
    quarterly_totals,
    stock_at,
    stock_series,
    stock_trend,
)
from bioanchors.datasets.data_centres import load_data_centres, power_at, supply_by_year
from bioanchors.errors import DataError
from bioanchors.trends.metr_horizons import fit_horizon_trend, load_horizons


@pytest.fixture
def chip_csv(tmp_path):
    p = tmp_path / "cumulative_timelines_by_designer.csv"
    p.write_text(fx.chip_sales_csv())
    return p


def test_chip_stock_sums_designers_and_leaves_incomplete_quarters_out(chip_csv):
    sales = load_chip_sales(chip_csv)
    s = stock_at(sales)
    # the last complete quarter is 2026-06-30 (2026-09-30 is flagged Incomplete); Nvidia + AMD (10%)
    from datetime import date

    want = fx.nvidia_h100e(date(2026, 6, 30)) * (1 + fx.CHIP_AMD_SHARE)
    assert s["date"] == "2026-06-30" and s["designers"] == 2
    assert s["h100e_median"] == pytest.approx(want, rel=1e-12)
    assert s["h100e_p5"] == pytest.approx(0.8 * want) and s["h100e_p95"] == pytest.approx(1.25 * want)
    with_incomplete = stock_at(sales, include_incomplete=True)
    assert with_incomplete["date"] == "2026-09-30"
    assert with_incomplete["h100e_median"] == pytest.approx(fx.nvidia_h100e(date(2026, 9, 30)) * 1.1, rel=1e-12)
    assert stock_at(sales, "2024-01-15")["date"] == "2023-12-31"


def test_chip_stock_doubling_time_is_recovered(chip_csv):
    t = stock_trend(load_chip_sales(chip_csv), n_boot=100)
    assert t.doubling_time_years == pytest.approx(fx.CHIP_DOUBLING_YEARS, rel=1e-9)
    assert len(stock_series(load_chip_sales(chip_csv))) == len(fx.QUARTER_ENDS) - 1


@pytest.fixture
def by_chip_csv(tmp_path):
    p = tmp_path / "timelines_by_chip.csv"
    p.write_text(fx.chip_sales_by_chip_csv())
    return p


def test_quarterly_sales_by_chip_sum_to_the_cumulative_stock(by_chip_csv, chip_csv):
    """The quarterly table summed through a date is the cumulative table at that date (the fixture's
    quarters are the cumulative values' differences, so the sum telescopes: computed by hand)."""
    from datetime import date

    t = quarterly_totals(load_sales_by_chip(by_chip_csv))
    nvidia = fx.nvidia_h100e(date(2026, 6, 30))  # last complete quarter: Q3 2026 is flagged Incomplete
    assert t["date"] == "2026-06-30" and t["quarters"] == len(fx.QUARTER_ENDS) - 1
    assert t["h100e_median"] == pytest.approx(nvidia * (1 + fx.CHIP_AMD_SHARE), rel=1e-9)
    assert t["h100e_p5"] == pytest.approx(0.8 * t["h100e_median"]) and t["h100e_p95"] == pytest.approx(1.25 * t["h100e_median"])
    assert list(t["designers"]) == ["Nvidia", "AMD"]
    assert t["designers"]["AMD"]["h100e_median"] == pytest.approx(fx.CHIP_AMD_SHARE * nvidia, rel=1e-9)
    # chips, largest first: H100 60% and B200 40% of Nvidia's, MI300X all of AMD's
    assert [c["chip"] for c in t["chips"]] == ["H100 SXM", "B200", "MI300X"]
    assert t["chips"][0]["h100e_median"] == pytest.approx(0.6 * nvidia, rel=1e-9)
    check = cross_check(t, load_chip_sales(chip_csv))
    assert set(check) == {"Nvidia", "AMD"}
    assert all(abs(c["relative_difference"]) < 1e-9 for c in check.values())
    # through a date, and with the incomplete quarter
    assert quarterly_totals(load_sales_by_chip(by_chip_csv), "2024-01-15")["h100e_median"] == pytest.approx(
        fx.nvidia_h100e(date(2023, 12, 31)) * (1 + fx.CHIP_AMD_SHARE), rel=1e-9)
    full = quarterly_totals(load_sales_by_chip(by_chip_csv), include_incomplete=True)
    assert full["date"] == "2026-09-30" and full["h100e_median"] == pytest.approx(
        fx.nvidia_h100e(date(2026, 9, 30)) * (1 + fx.CHIP_AMD_SHARE), rel=1e-9)


def test_quarterly_table_without_a_chip_column_is_a_one_line_error(tmp_path):
    p = tmp_path / "timelines_by_chip.csv"
    p.write_text(fx.chip_sales_by_chip_csv().replace("Chip type,", "Kind,", 1))
    with pytest.raises(DataError, match=r"the upstream column layout changed: no 'Chip type' column\. Columns found"):
        load_sales_by_chip(p)


def test_data_centre_supply_steps_forward_site_by_site(tmp_path):
    p = tmp_path / "data_center_timelines.csv"
    p.write_text(fx.data_centres_csv())
    dc = load_data_centres(p)
    # by hand from fx.SITES: end 2024: Alpha 100 + Beta 50; 2025: 300 + 50; 2026: 300 + 500 (Beta's
    # row dated 2026-12-31 counts at that year end); 2027: 1000 + 500; 2028: + Gamma 2000
    assert power_at(dc, "2024-12-31") == (150.0, 2)
    table = supply_by_year(dc, since=2023, until=2028, as_of="2026-06-30")
    assert table["power_mw"].tolist() == [100.0, 150.0, 350.0, 800.0, 1500.0, 3500.0]
    assert table["projected"].tolist() == [False, False, False, True, True, True]
    assert table["growth_per_year"].iloc[-1] == pytest.approx(3500 / 1500)


@pytest.mark.parametrize("text, load, old, new", [
    (fx.chip_sales_csv, load_chip_sales, "Compute estimate in H100e (median)", "H100e (p50)"),
    (fx.data_centres_csv, load_data_centres, "Power (MW)", "Facility MW"),
])
def test_a_changed_layout_names_the_column_and_the_columns_found(tmp_path, text, load, old, new):
    p = tmp_path / "t.csv"
    p.write_text(text().replace(old, new))
    with pytest.raises(DataError) as err:
        load(p)
    msg = str(err.value)
    assert "\n" not in msg and f"layout changed: no {old!r} column. Columns found: " in msg and repr(new) in msg


def test_time_horizon_1_1_layout_loads_and_fits(tmp_path):
    p = tmp_path / "benchmark_results_1_1.yaml"
    p.write_text(fx.horizons_1_1_yaml())
    data = load_horizons(p)
    assert data.benchmark == "METR-Horizon-v1.1" and len(data.frame) == 6
    assert set(data.frame["agent"]) == {"fixture_agent"} and data.frame["is_sota"].all()
    fit = fit_horizon_trend(data, n_boot=200, seed=0)
    # the YAML holds the horizons to 6 decimals: the slope is exact to ~1e-8
    assert fit.doubling_time_months == pytest.approx(fx.HORIZON_DOUBLING_MONTHS, rel=1e-7)
    assert np.isfinite(fit.doubling_interval_months(0.9)).all()


def test_the_bundled_v1_file_still_loads_the_same():
    # METR-Horizon-v1 (bundled): 27 models, 14 SOTA (docs/trends.md); the TH1.1 branch must not change it
    d = load_horizons()
    assert len(d.frame) == 27 and int(d.frame["is_sota"].sum()) == 14
