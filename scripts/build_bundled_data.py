#!/usr/bin/env python3
"""Regenerate the bundled default tables from Epoch AI's CSV exports.

Maintainer tool, not used at run time. Usage::

    python scripts/build_bundled_data.py [EXPORT_DIR]   # default ../shared/data/epoch

Reads ``notable_ai_models.csv``, ``frontier_ai_models.csv`` and
``ml_hardware.csv`` (Epoch AI, epoch.ai/data, CC BY 4.0) with the package's
own loaders and writes

* ``src/bioanchors/data/frontier_training_runs.csv``: every notable model with
  a training-compute estimate published since 2010-01-01, plus any model of the
  frontier export missing from the notable export. Non-frontier models are kept
  on purpose: the ``top-n`` and ``residual`` frontier definitions need the
  whole field to rank against.
  ``frontier_flag`` = Epoch's flag in either export.
* ``src/bioanchors/data/ml_accelerators.csv``: every accelerator with a release
  date, a release price and at least one FLOP/s figure.

Every row carries one ``source``: the Epoch dataset and export, then the row's
own reference (link) from the export.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bioanchors.trends.epoch_loaders import PRECISIONS, load_hardware, load_models  # noqa: E402

SINCE = "2010-01-01"


def _stamp(frame: pd.DataFrame) -> str:
    return f"data through {pd.Timestamp(frame['date'].max()).date()}"


def _cite(dataset: str, stamp: str, ref: pd.Series) -> pd.Series:
    head = f"Epoch AI, {dataset} ({stamp}), CC BY 4.0"
    ref = ref.fillna("").astype(str).str.split().str[0].fillna("")  # first URL only: compact
    return np.where(ref != "", head + "; " + ref, head)


def build_models(export: Path) -> pd.DataFrame:
    notable = load_models(export / "notable_ai_models.csv").frame
    frontier = load_models(export / "frontier_ai_models.csv").frame
    raw_n = pd.read_csv(export / "notable_ai_models.csv", dtype=str)
    raw_f = pd.read_csv(export / "frontier_ai_models.csv", dtype=str)
    notable["ref"] = raw_n["Link"].fillna(raw_n["Reference"])
    frontier["ref"] = raw_f["Link"].fillna(raw_f["Reference"])
    notable["cite"] = _cite("Notable AI Models", _stamp(notable), notable["ref"])
    frontier["cite"] = _cite("Frontier AI Models", _stamp(frontier), frontier["ref"])
    flagged = set(frontier["model"].dropna())
    notable["frontier_flag"] = notable["frontier_flag"].fillna(False) | notable["model"].isin(flagged)
    frontier["frontier_flag"] = True
    extra = frontier[~frontier["model"].isin(set(notable["model"].dropna()))]
    both = pd.concat([notable, extra], ignore_index=True)
    keep = both["training_flop"].notna() & (both["date"] >= pd.Timestamp(SINCE))
    out = both[keep].sort_values(["date", "model"])
    return pd.DataFrame({
        "model": out["model"],
        "publication_date": pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d"),
        "training_flop": out["training_flop"],
        "cost_2023usd": out["cost_2023usd"].round(0),
        "cost_cloud": out["cost_cloud"].round(0),
        "cost_upfront": out["cost_upfront"].round(0),
        "training_hours": out["training_hours"],
        "hardware_quantity": out["hardware_quantity"],
        "hardware": out["hardware"],
        "frontier_flag": out["frontier_flag"].astype(bool),
        "source": out["cite"],
    })


def build_hardware(export: Path) -> pd.DataFrame:
    hw = load_hardware(export / "ml_hardware.csv").frame
    raw = pd.read_csv(export / "ml_hardware.csv", dtype=str)
    hw["ref"] = raw["Source for the price"].fillna(raw["Link to datasheet"])
    stamp = _stamp(hw)
    perf = [f"flops_{k}" for k in PRECISIONS]
    keep = hw["date"].notna() & hw["price_usd"].notna() & hw[perf].notna().any(axis=1)
    out = hw[keep].sort_values(["date", "hardware"])
    frame = pd.DataFrame({
        "hardware": out["hardware"],
        "release_date": pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d"),
        "price_usd": out["price_usd"],
    })
    for c in perf:
        frame[c] = out[c]
    frame["source"] = _cite("Machine Learning Hardware", stamp, out["ref"])
    return frame


def main(argv: list[str]) -> None:
    export = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data" / "epoch"
    dest = ROOT / "src" / "bioanchors" / "data"
    models = build_models(export)
    hardware = build_hardware(export)
    models.to_csv(dest / "frontier_training_runs.csv", index=False, float_format="%.6g")
    hardware.to_csv(dest / "ml_accelerators.csv", index=False, float_format="%.6g")
    print(f"wrote {len(models)} training runs ({int(models['frontier_flag'].sum())} frontier) "
          f"and {len(hardware)} accelerators to {dest}")


if __name__ == "__main__":
    main(sys.argv)
