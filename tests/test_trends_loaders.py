"""Loaders for Epoch AI exports: tolerant columns, counted skips, clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bioanchors.errors import DataError
from bioanchors.trends.epoch_loaders import (
    decimal_year,
    load_bundled_hardware,
    load_bundled_models,
    load_data,
    load_hardware,
    load_models,
    parse_dates,
    sniff_kind,
)

FIX = Path(__file__).parent / "fixtures" / "epoch"
EXPORTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "epoch"
needs_exports = pytest.mark.skipif(not EXPORTS.is_dir(), reason="../shared/data/epoch absent")


def test_small_models_table_canonical_columns():
    t = load_models(FIX / "models_small.csv")
    f = t.frame
    assert list(f["model"]) == ["A", "B", "C", "D", "E", "small"]
    assert f["training_flop"].iloc[2] == 1e24
    assert f["frontier_flag"].tolist() == [True] * 5 + [False]
    assert f["source"].iloc[0] == "https://example.org/a"  # Link used when there is no Reference
    assert f["year"].iloc[0] == pytest.approx(2018.0)
    assert t.reports[0].n_skipped == 0


def test_renamed_and_extra_columns_are_matched():
    t = load_models(FIX / "models_renamed_extra.csv")
    rep = t.reports[0]
    assert rep.column_map["model"] == "System"
    assert rep.column_map["training_flop"] == "Training compute (FLOPs)"
    assert rep.column_map["cost_2023usd"] == "Training cost (2023 USD)"
    assert rep.column_map["training_hours"] == "Training time (h)"
    assert t.frame["frontier_flag"].all()  # Airtable exports write 'checked'
    assert "Some new column" not in t.frame.columns


def test_missing_required_column_lists_columns_found():
    with pytest.raises(DataError) as exc:
        load_models(FIX / "models_missing_compute.csv")
    msg = str(exc.value)
    assert "models_missing_compute.csv" in msg
    assert "Training compute (FLOP)" in msg
    assert "'Parameters'" in msg and "Columns found" in msg


@pytest.mark.parametrize("name, words", [("empty.csv", "empty"), ("header_only.csv", "no data rows"),
                                          ("does_not_exist.csv", "not found")])
def test_empty_and_missing_files(name, words):
    with pytest.raises(DataError, match=words):
        load_models(FIX / name)


def test_directory_is_a_clear_error():
    with pytest.raises(DataError, match="directory"):
        load_models(FIX)


def test_non_utf8_bytes_are_counted_not_fatal():
    t = load_models(FIX / "non_utf8.csv")
    rep = t.reports[0]
    assert any("not valid UTF-8" in w for w in rep.warnings)
    assert "\ufffd" in t.frame["model"].iloc[0]  # name kept, bad byte visible
    # The bad byte inside a number makes that cell unparseable: counted skip.
    assert rep.skipped[("training_flop", "unparseable number")] == 1
    assert np.isnan(t.frame["training_flop"].iloc[3])


def test_bom_is_tolerated():
    t = load_hardware(FIX / "hardware_bom.csv")
    assert t.reports[0].column_map["hardware"] == "Hardware name"  # not '\ufeffHardware name'
    assert len(t.frame) == 3


def test_date_formats():
    t = load_models(FIX / "date_formats.csv")
    f = t.frame.set_index("model")
    d = pd.Timestamp("2019-03-15")
    for name in ("iso", "slash_iso", "dmy", "words_dmy", "words_mdy", "with_time"):
        assert f.loc[name, "date"] == d, name
    # one rule (trends/inputs.py): a month- or year-only date is the middle of that period
    assert f.loc["month_year", "date"] == pd.Timestamp("2019-03-15")
    assert f.loc["year_month", "date"] == pd.Timestamp("2019-03-15")
    assert f.loc["year_only", "date"] == pd.Timestamp("2019-07-01")
    assert pd.isna(f.loc["garbage", "date"]) and pd.isna(f.loc["empty", "date"])
    rep = t.reports[0]
    assert rep.skipped[("date", "unparseable date")] == 1
    assert rep.skipped[("date", "missing")] == 1


def test_ambiguous_slashed_dates_warn_and_read_month_first():
    t = load_models(FIX / "ambiguous_dates.csv")
    assert t.frame["date"].iloc[0] == pd.Timestamp("2019-03-04")
    assert any("ambiguous" in w for w in t.reports[0].warnings)


def test_day_first_inferred_from_column():
    vals, _, bad = parse_dates(pd.Series(["03/04/2019", "25/12/2019"]))
    assert not bad.any()
    assert pd.Timestamp(vals[0]) == pd.Timestamp("2019-04-03")


def test_zero_negative_and_text_values_are_counted_skips():
    t = load_models(FIX / "bad_values.csv")
    rep = t.reports[0]
    assert rep.skipped[("training_flop", "zero or negative")] == 2
    assert rep.skipped[("training_flop", "unparseable number")] == 2  # 'unknown', '~1e26'
    assert rep.skipped[("cost_2023usd", "zero or negative")] == 1
    f = t.frame.set_index("model")
    assert f.loc["ok1", "cost_2023usd"] == 1000  # '1,000'
    assert f.loc["text", "cost_2023usd"] == 2.7e6  # '$2700000'
    assert rep.skipped[("training_hours", "missing")] == 1  # 'n/a' is missing, not an error
    assert "skipped 2 cell(s) in 'Training compute (FLOP)': zero or negative" in rep.summary()


def test_hardware_loader_and_derived_precisions():
    f = load_hardware(FIX / "hardware_small.csv").frame
    assert f["flops_fp16"].iloc[1] == 1e14
    assert f["flops_best"].iloc[0] == 1e13  # only FP32 known
    assert f["flops_best"].iloc[3] == 9e14


@pytest.mark.parametrize("name, words", [("hardware_missing_price.csv", "Release price"),
                                          ("hardware_no_flops.csv", "no FLOP/s column")])
def test_hardware_errors(name, words):
    with pytest.raises(DataError, match=words):
        load_hardware(FIX / name)


def test_sniff_kind():
    assert sniff_kind(FIX / "models_small.csv") == "models"
    assert sniff_kind(FIX / "hardware_small.csv") == "hardware"
    with pytest.raises(DataError, match="hardware_prices"):
        sniff_kind(FIX / "hardware_prices_like.csv")
    # a model-name column without compute: a models table, reported with what it lacks
    assert sniff_kind(FIX / "models_missing_compute.csv") == "models"
    with pytest.raises(DataError, match="models table: 'Training compute"):
        load_data([FIX / "models_missing_compute.csv"])


def test_models_header_with_flops_word_is_not_a_hardware_table(tmp_path):
    # issue 10: header model,released,flops was reported as a malformed hardware table
    p = tmp_path / "m.csv"
    p.write_text("model,released,flops\nA,2020-01-01,1e20\n")
    with pytest.raises(DataError) as e:
        load_data([p])
    msg = str(e.value)
    assert "models table" in msg and "hardware" not in msg and str(p) in msg


def test_unrecognised_header_cannot_tell(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("alpha,beta\n1,2\n")
    with pytest.raises(DataError, match="cannot tell"):
        sniff_kind(p)


def test_load_data_falls_back_to_bundled_hardware():
    d = load_data([FIX / "models_small.csv"])
    assert d.models.sources == [str(FIX / "models_small.csv")]
    assert d.hardware.sources[0].endswith("ml_accelerators.csv")


def test_decimal_year():
    y = decimal_year(np.array(["2020-01-01", "2021-07-02"], dtype="datetime64[ns]"))
    assert y[0] == 2020.0 and y[1] == pytest.approx(2021.5, abs=0.003)


def test_bundled_tables_are_clean_and_cited():
    m, h = load_bundled_models(), load_bundled_hardware()
    for t in (m, h):
        assert t.reports[0].n_skipped == 0 and not t.reports[0].warnings
        assert t.frame["source"].notna().all()
        assert t.frame["source"].str.startswith("Epoch AI, ").all()
    assert 300 <= len(m.frame) <= 600 and len(h.frame) >= 40
    assert m.frame["frontier_flag"].sum() >= 80


@needs_exports
@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["frontier_ai_models.csv", "notable_ai_models.csv", "large_scale_ai_models.csv"])
def test_real_model_exports_load(name):
    t = load_models(EXPORTS / name)
    assert len(t.frame) > 100
    assert t.frame["training_flop"].notna().sum() > 100
    # Cost columns differ between exports; whichever exist are mapped.
    assert {"cost_cloud", "cost_upfront"} <= set(t.reports[0].column_map)


@needs_exports
@pytest.mark.shared_data
def test_real_hardware_export_loads():
    t = load_hardware(EXPORTS / "ml_hardware.csv")
    assert (t.frame["price_usd"].notna() & t.frame["flops_best"].notna()).sum() >= 40
    with pytest.raises(DataError, match="hardware_prices"):
        load_data([EXPORTS / "hardware_prices.csv"])  # BOM-prefixed header still recognised


def test_decimal_year_cells_keep_their_exact_year(tmp_path):
    # one date rule (trends/inputs.py): a decimal year is read exactly, not rounded to a day
    p = tmp_path / "m.csv"
    p.write_text("model,date,training_flop\nA,2019.41,1e20\nB,2020-01-01,1e21\n")
    f = load_models(p).frame
    assert f["year"].iloc[0] == 2019.41
    assert f["date"].iloc[0] == pd.Timestamp("2019-05-30")  # day 150 of 365 (0.41 x 365 = 149.65)

