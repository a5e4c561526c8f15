"""The stock of AI compute sold, in H100-equivalents, from Epoch AI's chip-sales data (issue 25).

Source: Epoch AI, "Data on AI Chip Sales" (CC BY 4.0), ``ai_chip_sales.zip`` member
``cumulative_timelines_by_designer.csv``. Its layout (one row per designer and quarter):
``Name``, ``Chip manufacturer``, ``Start date``, ``End date``, ``Number of units (median /
5th percentile / 95th percentile)``, ``Compute estimate in H100e (median / 5th percentile /
95th percentile)``, ``Power in MW (...)``, ``Incomplete``; each value is cumulative since the
designer's series starts. (The layout as read by public parsers of that ZIP; docs/data.md.)

The stock at a date ``D`` [H100e] is the sum over designers of each designer's latest
cumulative estimate dated on or before ``D`` (quarters flagged ``Incomplete`` are left out
unless asked for). Medians are summed; the 5-95% band is the sum of the designers' 5th and
95th percentiles, which assumes the designers' errors move together (comonotone), so it is
at least as wide as the band of the sum. The stock's growth is :mod:`bioanchors.loglinear`'s
line through log10 stock against the quarter-end date.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..trends.epoch_loaders import LoadReport, parse_bools, parse_dates, parse_numbers
from ..trends.fitting import TrendFit, fit_loglinear
from ..trends.inputs import clip
from .inspect import read_layout

HINT = "Pass Epoch's cumulative_timelines_by_designer.csv (from ai_chip_sales.zip)."
COLUMNS = {
    "name": ("Name",),
    "designer": ("Chip manufacturer", "Designer"),
    "end": ("End date",),
    "h100e": ("Compute estimate in H100e (median)",),
    "h100e_p5": ("Compute estimate in H100e (5th percentile)",),
    "h100e_p95": ("Compute estimate in H100e (95th percentile)",),
    "incomplete": ("Incomplete",),
}
REQUIRED = ("designer", "end", "h100e")


@dataclass
class ChipSales:
    """One row per designer and quarter end: cumulative H100e (median, 5th, 95th)."""

    frame: pd.DataFrame  # designer, name, date [datetime64], year [decimal yr], h100e, h100e_p5, h100e_p95, incomplete
    report: LoadReport


def load_chip_sales(path: str | Path) -> ChipSales:
    """Read the cumulative-by-designer table; unusable cells are skipped and counted, never guessed."""
    path = Path(path)
    report = LoadReport(str(path), "chip-sales")
    df = read_layout(path, COLUMNS, REQUIRED, HINT, report)
    days, _, bad, years = parse_dates(df["end"], report, "End date", with_years=True)
    out = pd.DataFrame({"designer": df["designer"].str.strip(), "name": df.get("name", df["designer"]),
                        "date": days, "year": years})
    for col in ("h100e", "h100e_p5", "h100e_p95"):
        vals, _, unparsed = parse_numbers(df[col]) if col in df else (np.full(len(df), np.nan),) * 3
        if col in df:
            report.skip(col, "unparseable number", int(np.sum(unparsed)))
        out[col] = vals
    out["incomplete"] = parse_bools(df["incomplete"]).fillna(False).astype(bool) if "incomplete" in df else False
    report.skip("date", "unparseable date", int(bad.sum()))
    keep = np.isfinite(out["year"].to_numpy()) & np.isfinite(out["h100e"].to_numpy())
    out = out[keep].sort_values(["date", "designer"], kind="stable").reset_index(drop=True)
    if out.empty:
        raise DataError(f"{path}: no row has both an End date and a median H100e. {HINT}")
    report.n_rows = len(out)
    return ChipSales(out, report)


def _designer_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per designer and date: the designer's '... total' row when it has one, else its rows summed."""
    total = frame["name"].astype(str).str.lower().str.contains("total")
    has_total = frame.groupby("designer")["name"].transform(lambda s: s.astype(str).str.lower().str.contains(
        "total").any())
    use = frame[total | ~has_total]
    return use.groupby(["designer", "date"], as_index=False).agg(
        year=("year", "first"), h100e=("h100e", "sum"), h100e_p5=("h100e_p5", "sum"),
        h100e_p95=("h100e_p95", "sum"), incomplete=("incomplete", "any"))


def stock_series(sales: ChipSales, include_incomplete: bool = False) -> pd.DataFrame:
    """Stock [H100e] at every quarter end: date, year, median, p5, p95, designers counted."""
    rows = _designer_rows(sales.frame)
    if not include_incomplete:
        rows = rows[~rows["incomplete"]]
    dates = np.sort(rows["date"].unique())
    out = []
    for d in dates:  # a few dozen quarter ends: each designer's latest value on or before d
        latest = rows[rows["date"] <= d].sort_values("date").groupby("designer").tail(1)
        out.append({"date": pd.Timestamp(d), "year": float(rows.loc[rows["date"] == d, "year"].iloc[0]),
                    "median": float(latest["h100e"].sum()), "p5": float(latest["h100e_p5"].sum()),
                    "p95": float(latest["h100e_p95"].sum()), "designers": len(latest)})
    return pd.DataFrame(out)


def stock_at(sales: ChipSales, date: str | None = None, include_incomplete: bool = False) -> dict:
    """The stock [H100e] at ``date`` (ISO; default the latest quarter end) with its band and designers."""
    series = stock_series(sales, include_incomplete)
    if series.empty:
        raise DataError(f"{sales.report.path}: every quarter is flagged Incomplete; pass --include-incomplete.")
    when = series["date"].max() if date is None else pd.Timestamp(date)
    upto = series[series["date"] <= when]
    if upto.empty:
        raise DataError(f"{sales.report.path}: no quarter ends on or before {clip(date)}.")
    row = upto.iloc[-1]
    return {"date": str(row["date"].date()), "h100e_median": row["median"], "h100e_p5": row["p5"],
            "h100e_p95": row["p95"], "designers": int(row["designers"])}


def stock_trend(sales: ChipSales, since: float | None = None, *, n_boot: int = 1000, seed: int = 0) -> TrendFit:
    """Log-linear growth of the stock [x/yr, doubling time] over quarter ends from ``since`` [year] on."""
    s = stock_series(sales)
    s = s[(s["median"] > 0) & (s["year"] >= (since if since is not None else -np.inf))]
    return fit_loglinear(s["year"].to_numpy(), s["median"].to_numpy(), name="compute_stock_h100e", unit="H100e",
                         n_boot=n_boot, seed=seed, since=since, note="sum over designers of cumulative medians")
