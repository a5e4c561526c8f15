"""The stock of AI compute sold, in H100-equivalents, from Epoch AI's chip-sales data (issue 25).

Source: Epoch AI, "Data on AI Chip Sales" (CC BY 4.0), ``ai_chip_sales.zip`` member
``cumulative_timelines_by_designer.csv``. Its layout (one row per designer and quarter):
``Name``, ``Chip manufacturer``, ``Start date``, ``End date``, ``Number of units (median /
5th percentile / 95th percentile)``, ``Compute estimate in H100e (median / 5th percentile /
95th percentile)``, ``Power in MW (...)``, ``Incomplete``; each value is cumulative since the
designer's series starts. (The layout as read by public parsers of that ZIP; docs/data.md.)

A second member of the same ZIP, ``timelines_by_chip.csv``, has one row per chip type and
quarter (not cumulative): ``Name``, ``Chip manufacturer``, ``Chip type``, ``Start date``, ``End
date``, ``Number of Units``, ``Compute estimate in H100e (median)`` (5th and 95th percentiles where
given), ``Incomplete``. :func:`load_sales_by_chip` reads it and :func:`quarterly_totals` sums its
quarters through a date, per designer and per chip: the same stock counted from the shipments
(the sum of Epoch's quarterly Nvidia rows is how the ~22.2M H100e through Q3 2026 of issue 25 is
stated), with :func:`cross_check` comparing it with the cumulative table.

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


def _up_to(rows: pd.DataFrame, date: str | None, path: str) -> pd.DataFrame:
    """The rows dated on or before ``date`` (ISO; default: all); none is a one-line error."""
    if rows.empty:
        raise DataError(f"{path}: every quarter is flagged Incomplete; pass --include-incomplete.")
    upto = rows if date is None else rows[rows["date"] <= pd.Timestamp(date)]
    if upto.empty:
        raise DataError(f"{path}: no quarter ends on or before {clip(date)}.")
    return upto


def stock_at(sales: ChipSales, date: str | None = None, include_incomplete: bool = False) -> dict:
    """The stock [H100e] at ``date`` (ISO; default the latest quarter end) with its band and designers."""
    row = _up_to(stock_series(sales, include_incomplete), date, sales.report.path).iloc[-1]
    return {"date": str(row["date"].date()), "h100e_median": row["median"], "h100e_p5": row["p5"],
            "h100e_p95": row["p95"], "designers": int(row["designers"])}


def stock_trend(sales: ChipSales, since: float | None = None, *, n_boot: int = 1000, seed: int = 0) -> TrendFit:
    """Log-linear growth of the stock [x/yr, doubling time] over quarter ends from ``since`` [year] on."""
    s = stock_series(sales)
    s = s[(s["median"] > 0) & (s["year"] >= (since if since is not None else -np.inf))]
    return fit_loglinear(s["year"].to_numpy(), s["median"].to_numpy(), name="compute_stock_h100e", unit="H100e",
                         n_boot=n_boot, seed=seed, since=since, note="sum over designers of cumulative medians")


# --- the quarterly table by chip type (timelines_by_chip.csv) --------------------------------------

BY_CHIP_MEMBER = "timelines_by_chip.csv"
BY_CHIP_HINT = "Pass Epoch's timelines_by_chip.csv (from ai_chip_sales.zip)."
BY_CHIP_COLUMNS = {
    **COLUMNS,
    "chip": ("Chip type", "Chip"),
    "units": ("Number of Units", "Number of units (median)"),
}
BY_CHIP_REQUIRED = ("designer", "chip", "end", "h100e")


def load_sales_by_chip(path: str | Path) -> ChipSales:
    """Read the quarterly table by chip type: one row per chip and quarter, the quarter's own sales."""
    path = Path(path)
    report = LoadReport(str(path), "chip-sales (by chip)")
    df = read_layout(path, BY_CHIP_COLUMNS, BY_CHIP_REQUIRED, BY_CHIP_HINT, report)
    days, _, bad, years = parse_dates(df["end"], report, "End date", with_years=True)
    out = pd.DataFrame({"designer": df["designer"].str.strip(), "chip": df["chip"].str.strip(),
                        "date": days, "year": years})
    for col in ("h100e", "h100e_p5", "h100e_p95", "units"):
        if col in df:
            vals, _, unparsed = parse_numbers(df[col])
            report.skip(col, "unparseable number", int(np.sum(unparsed)))
            out[col] = vals
        else:
            out[col] = np.nan
    out["incomplete"] = parse_bools(df["incomplete"]).fillna(False).astype(bool) if "incomplete" in df else False
    report.skip("date", "unparseable date", int(bad.sum()))
    keep = np.isfinite(out["year"].to_numpy()) & np.isfinite(out["h100e"].to_numpy())
    out = out[keep].sort_values(["date", "designer", "chip"], kind="stable").reset_index(drop=True)
    if out.empty:
        raise DataError(f"{path}: no row has both an End date and a median H100e. {BY_CHIP_HINT}")
    report.n_rows = len(out)
    return ChipSales(out, report)


def quarterly_totals(by_chip: ChipSales, through: str | None = None, include_incomplete: bool = False) -> dict:
    """Sales [H100e] summed over the quarters ending on or before ``through`` (ISO; default the last
    quarter end): the total, per designer and per chip type (largest first), with the quarters counted.

    Medians are summed. A band is given only when every summed row has its 5th and 95th percentiles;
    it is their sum, the comonotone bound (as :func:`stock_at`), at least as wide as the sum's own band.
    """
    rows = by_chip.frame if include_incomplete else by_chip.frame[~by_chip.frame["incomplete"]]
    rows = _up_to(rows, through, by_chip.report.path)
    banded = bool(rows["h100e_p5"].notna().all() and rows["h100e_p95"].notna().all())

    def summed(frame: pd.DataFrame) -> dict:
        out = {"h100e_median": float(frame["h100e"].sum()), "quarters": int(frame["date"].nunique())}
        if banded:
            out.update(h100e_p5=float(frame["h100e_p5"].sum()), h100e_p95=float(frame["h100e_p95"].sum()))
        return out

    by_designer = {d: summed(g) for d, g in rows.groupby("designer", sort=False)}
    chips = rows.groupby(["designer", "chip"], sort=False)["h100e"].sum().sort_values(ascending=False)
    return {"date": str(pd.Timestamp(rows["date"].max()).date()), **summed(rows),
            "designers": dict(sorted(by_designer.items(), key=lambda kv: -kv[1]["h100e_median"])),
            "chips": [{"designer": str(k[0]), "chip": str(k[1]), "h100e_median": float(v)}
                      for k, v in zip(chips.index.tolist(), chips.to_numpy(), strict=True)]}


def cross_check(totals: dict, cumulative: ChipSales, include_incomplete: bool = False) -> dict:
    """Each designer's quarterly sum against the cumulative table at the same date: designer ->
    (sum of quarters, cumulative, relative difference). The two tables are Epoch's; they should agree."""
    rows = _designer_rows(cumulative.frame)
    if not include_incomplete:
        rows = rows[~rows["incomplete"]]
    rows = rows[rows["date"] <= pd.Timestamp(totals["date"])]
    latest = rows.sort_values("date").groupby("designer").tail(1).set_index("designer")["h100e"]
    out = {}
    for designer, t in totals["designers"].items():
        if designer in latest.index and latest[designer] > 0:
            cum = float(latest[designer])
            out[designer] = {"quarterly_sum": t["h100e_median"], "cumulative": cum,
                             "relative_difference": t["h100e_median"] / cum - 1.0}
    return out
