"""Power of the frontier AI data centres Epoch tracks, observed and planned (issue 25).

Source: Epoch AI, "Frontier Data Centers" (CC BY 4.0), ``data_centers.zip`` member
``data_center_timelines.csv``: dated milestones per site, columns ``Data center``, ``Date``,
``Construction status``, ``IT power (MW)``, ``Power (MW)`` (total facility power), ``Water use
(MGD)``, ``Capital cost ($)``, ``Source`` (the layout as read by public parsers of that file;
docs/data.md). Rows dated after the file was published are Epoch's projections.

Supply at a date ``D`` [MW] is the sum over sites of each site's latest ``Power (MW)`` dated on
or before ``D`` (a site keeps its capacity until a later row says otherwise, never interpolated).
Evaluated at year ends up to ``until`` (default 2028, the horizon of Epoch's planned builds), it
is the power-limited supply of frontier compute; a year end after ``as_of`` is flagged
``projected``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..trends.epoch_loaders import LoadReport, parse_dates, parse_numbers
from .inspect import read_layout

HINT = "Pass Epoch's data_center_timelines.csv (from data_centers.zip)."
COLUMNS = {"site": ("Data center",), "date": ("Date",), "power_mw": ("Power (MW)",),
           "it_power_mw": ("IT power (MW)",), "status": ("Construction status",)}
REQUIRED = ("site", "date", "power_mw")


@dataclass
class DataCentres:
    frame: pd.DataFrame  # site, date [datetime64], year [decimal yr], power_mw, it_power_mw, status
    report: LoadReport


def load_data_centres(path: str | Path) -> DataCentres:
    """Read the timelines table; rows without a date or a power figure are skipped and counted."""
    path = Path(path)
    report = LoadReport(str(path), "data-centres")
    df = read_layout(path, COLUMNS, REQUIRED, HINT, report)
    days, _, bad, years = parse_dates(df["date"], report, report.column_map["date"], with_years=True)
    power, _, unparsed = parse_numbers(df["power_mw"])
    it = parse_numbers(df["it_power_mw"])[0] if "it_power_mw" in df else np.full(len(df), np.nan)
    report.skip("date", "unparseable date", int(bad.sum()))
    report.skip("power_mw", "unparseable number", int(unparsed.sum()))
    out = pd.DataFrame({"site": df["site"].str.strip(), "date": days, "year": years, "power_mw": power,
                        "it_power_mw": it, "status": df.get("status", "")})
    out = out[np.isfinite(out["year"]) & np.isfinite(out["power_mw"]) & (out["site"] != "")]
    if out.empty:
        raise DataError(f"{path}: no row has a site, a date and a power figure. {HINT}")
    report.n_rows = len(out)
    return DataCentres(out.sort_values(["date", "site"], kind="stable").reset_index(drop=True), report)


def power_at(dc: DataCentres, when) -> tuple[float, int]:
    """(total facility power [MW], sites counted) at date ``when``: each site's latest row on or before it."""
    rows = dc.frame[dc.frame["date"] <= pd.Timestamp(when)]
    latest = rows.sort_values("date", kind="stable").groupby("site").tail(1)
    return float(latest["power_mw"].sum()), len(latest)


def supply_by_year(dc: DataCentres, *, since: int | None = None, until: int = 2028, as_of=None) -> pd.DataFrame:
    """Power [MW and GW] of the tracked sites at each year end, flagged projected after ``as_of`` (default today)."""
    as_of = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp.today().normalize()
    first = since if since is not None else int(np.floor(dc.frame["year"].min()))
    rows = []
    for y in range(first, until + 1):
        end = pd.Timestamp(f"{y}-12-31")
        mw, n = power_at(dc, end)
        rows.append({"year": y, "power_mw": mw, "power_gw": mw / 1e3, "sites": n, "projected": bool(end > as_of)})
    out = pd.DataFrame(rows)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["growth_per_year"] = out["power_mw"] / out["power_mw"].shift(1)
    return out
