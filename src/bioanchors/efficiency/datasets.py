"""Reading efficiency measurements: user CSV files and the bundled datasets.

Every loader returns a :class:`pandas.DataFrame` with one row per system and
the columns

========== =====================================================================
system     name of the system (model / publication)
task       the fixed performance level it was trained to (e.g. ``AlexNet``)
date       publication date [datetime64]
year       the same date as a decimal year [yr] (1 January = ``year.0``)
compute    compute needed to reach the task's performance [FLOP]
score      performance (only for the compute-equivalent estimator)
source     where the row comes from (bundled data; empty for user files)
========== =====================================================================

Input files are read tolerantly: column names are matched case-insensitively
against a few aliases (``system``/``model``/``publication``, ``date``/
``publication date``, ``task``/``metric``, ...), compute units come from a
``units`` column or from the compute column's own name (``Compute
(teraflops-s/days)``), and dates may be ISO (``2019-05-28``), US ``m/d/yyyy``
(``5/28/2019``, as in Hernandez & Brown's table) or decimal years (``2019.41``).
"""

from __future__ import annotations

import io
import re
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..trends.inputs import clip, decimal_year_of, parse_date_cells, read_bytes
from ..units import FLOP_PER_PETAFLOP_S_DAY, FLOP_PER_TERAFLOP_S_DAY

# name -> (bundled file under bioanchors/data, description)
DATASETS: dict[str, tuple[str, str]] = {
    "alexnet": (
        "efficiency_alexnet.csv",
        "ImageNet, compute to reach AlexNet-level top-5 accuracy; 6 record points 2012-2019 "
        "(Hernandez & Brown 2020)",
    ),
    "resnet50": (
        "efficiency_resnet50.csv",
        "ImageNet, compute to reach ResNet-50-level accuracy; 2 points 2015-2019 "
        "(Hernandez & Brown 2020)",
    ),
    "translation": (
        "efficiency_translation.csv",
        "WMT'14 English-French, compute to reach Seq2Seq-level and GNMT-level BLEU "
        "(tasks 'Seq2Seq' and 'GNMT'); 2 points each, 2014-2017 (Hernandez & Brown 2020)",
    ),
}
DEFAULT_DATASET = "alexnet"

# Compute units: aliases are compared after lower-casing and dropping every
# character that is not a letter or digit, so "teraflop/s-days",
# "teraflops-s/days" (H&B's header) and "Teraflop/s days" are all one unit.
_UNIT_FLOP = {
    "flop": 1.0,
    "flops": 1.0,
    "petaflopsdays": FLOP_PER_PETAFLOP_S_DAY,
    "petaflopsday": FLOP_PER_PETAFLOP_S_DAY,
    "petaflopssdays": FLOP_PER_PETAFLOP_S_DAY,
    "pfsdays": FLOP_PER_PETAFLOP_S_DAY,
    "pfsday": FLOP_PER_PETAFLOP_S_DAY,
    "teraflopsdays": FLOP_PER_TERAFLOP_S_DAY,
    "teraflopsday": FLOP_PER_TERAFLOP_S_DAY,
    "teraflopssdays": FLOP_PER_TERAFLOP_S_DAY,
    "tfsdays": FLOP_PER_TERAFLOP_S_DAY,
    "tfsday": FLOP_PER_TERAFLOP_S_DAY,
}
KNOWN_UNITS = "FLOP, petaflop/s-days (pfs-days), teraflop/s-days (tfs-days)"

_SYSTEM_ALIASES = ("system", "model", "publication", "name", "system name")
_DATE_ALIASES = ("date", "publication date", "publication_date", "year", "decimal year")
_TASK_ALIASES = ("task", "metric", "benchmark", "threshold")
_UNITS_ALIASES = ("units", "unit", "compute units", "compute_units")
_SCORE_ALIASES = ("score", "performance", "accuracy")
#: the reduction factor a table states (H&B's "Reduction Factor"), kept to compare with the compute column
_STATED_REDUCTION_ALIASES = ("reduction factor", "reduction factor in table", "reduction_factor_in_table")
_SOURCE_ALIASES = ("source", "reference", "publication link", "link", "url")


def _norm_header(name: str) -> str:
    return re.sub(r"\s+", " ", str(name).strip().lower().replace("_", " "))


def _norm_unit(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def compute_unit_factor(unit: str, *, where: str) -> float:
    """FLOP per one ``unit`` of compute [FLOP/unit]; ``where`` names the input for errors."""
    key = _norm_unit(unit)
    if key not in _UNIT_FLOP:
        raise DataError(f"{where}: unknown compute unit {clip(unit)!r}; use one of {KNOWN_UNITS}")
    return _UNIT_FLOP[key]


def _find_column(columns, aliases) -> str | None:
    normed = {_norm_header(c): c for c in columns}
    for alias in aliases:
        if alias in normed:
            return normed[alias]
    return None


def _find_compute_column(columns) -> tuple[str | None, str | None]:
    """(column, unit stated in its name or None)."""
    for c in columns:
        h = _norm_header(c)
        if not (h.startswith("compute") or h.startswith("training compute")):
            continue
        if h in ("compute units", "compute unit"):
            continue
        # "compute (teraflops-s/days)", "compute [FLOP]", "training compute (FLOP)"
        m = re.search(r"[\(\[](.+?)[\)\]]", h)
        if m:
            return c, m.group(1)
        # "compute_flop", "compute pfs-days"
        rest = h.split("compute", 1)[1].strip()
        if rest:
            return c, rest
        return c, None
    return None, None


# --- dates -----------------------------------------------------------------

def date_to_decimal_year(d) -> float:
    """Calendar date -> decimal year [yr]: ``year + (day_of_year - 1) / days_in_year``."""
    return decimal_year_of(pd.Timestamp(d).date())


def decimal_year_to_timestamp(y: float) -> pd.Timestamp:
    """Decimal year [yr] -> the instant it denotes (for plotting fitted lines)."""
    year = int(np.floor(y))
    start = pd.Timestamp(year=year, month=1, day=1)
    end = pd.Timestamp(year=year + 1, month=1, day=1)
    return start + (y - year) * (end - start)


def decimal_year_to_date(y: float) -> pd.Timestamp:
    """Decimal year [yr] -> the calendar day it falls on (inverse of date_to_decimal_year)."""
    return decimal_year_to_timestamp(y).normalize()


def parse_dates(values, *, where: str, column: str) -> tuple[np.ndarray, list[pd.Timestamp]]:
    """Dates -> (decimal years [yr], calendar dates), by the one date rule of
    :mod:`bioanchors.trends.inputs` (ISO, ``a/b/YYYY`` ordered per column,
    month names, decimal years read exactly; a bare ``2019`` is 1 July, the
    middle of the year; 1900-2100 only). An empty or unreadable cell is an error here.
    """
    years, days, missing, bad, _ = parse_date_cells(list(values), where=where, column=column)
    for mask, what in ((missing, "empty date"), (bad, "cannot read date")):
        if mask.any():
            i = int(np.flatnonzero(mask)[0])
            shown = "" if what == "empty date" else f" {clip(str(values[i]).strip())!r}"
            raise DataError(
                f"{where}, row {i + 1}, column {clip(column)!r}: {what}{shown}; use ISO (2019-05-28), "
                "m/d/yyyy (5/28/2019) or a decimal year (2019.41), one order per column"
            )
    return years, [pd.Timestamp(d) for d in days]


# --- files -------------------------------------------------------------------


def _read_table(path: Path) -> pd.DataFrame:
    raw = read_bytes(path, "Give a CSV file of efficiency measurements (docs/efficiency.md).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text (byte {exc.start}); re-save the file as UTF-8") from None
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, skipinitialspace=True, comment=None)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: file is empty; expected a CSV with a header row") from None
    except pd.errors.ParserError as exc:
        raise DataError(f"{path}: not a readable CSV file ({clip(exc)})") from None
    return df


def tidy_efficiency_table(
    df: pd.DataFrame,
    *,
    where: str,
    task: str | None = None,
    require_score: bool = False,
) -> pd.DataFrame:
    """Normalise a raw table (strings) to the columns listed in the module docstring.

    ``where`` names the input (file or dataset) in error messages; ``task``
    keeps only rows whose task matches (case-insensitive). Steps: find the
    columns; keep the task's rows; compute in FLOP; dates as decimal years.
    """
    cols = _locate_columns(list(df.columns), where, require_score)
    df = df.dropna(how="all").reset_index(drop=True)
    if df.empty:
        raise DataError(f"{where}: no data rows")
    df, tasks = _select_task(df, cols["task"], task, where)
    compute = _compute_in_flop(df, cols, where)
    years, dates = parse_dates(df[cols["date"]].tolist(), where=where, column=cols["date"])
    system_col, source_col = cols["system"], cols["source"]
    out = pd.DataFrame(
        {
            "system": (
                df[system_col].fillna("").astype(str).str.strip()
                if system_col is not None
                else [f"row {i + 1}" for i in range(len(df))]
            ),
            "task": tasks.to_numpy(),
            "date": pd.to_datetime(dates),
            "year": years,
            "compute": compute,
            "source": df[source_col].fillna("").astype(str) if source_col is not None else "",
        }
    )
    if cols["stated"] is not None:
        # informative only (never fitted): unreadable cells become NaN
        out["stated_reduction"] = pd.to_numeric(df[cols["stated"]].astype(str).str.strip(), errors="coerce").to_numpy(
            dtype=float)
    if require_score:
        out["score"] = _numbers(df, cols["score"], "score", where)
    return out


def _locate_columns(cols: list, where: str, require_score: bool) -> dict:
    """Column name for each role (None where absent), and the unit stated in the compute header."""
    found = clip(", ".join(repr(clip(c, 40)) for c in cols), 300)
    date_col = _find_column(cols, _DATE_ALIASES)
    if date_col is None:
        raise DataError(f"{where}: no date column (found {found}); name one 'date' or 'publication date'")
    comp_col, header_unit = _find_compute_column(cols)
    if comp_col is None:
        raise DataError(
            f"{where}: no compute column (found {found}); add 'compute' with a 'units' column, "
            "or name it like 'compute (FLOP)'"
        )
    out = {"date": date_col, "compute": comp_col, "header_unit": header_unit}
    for role, aliases in (("units", _UNITS_ALIASES), ("system", _SYSTEM_ALIASES), ("task", _TASK_ALIASES),
                          ("source", _SOURCE_ALIASES), ("score", _SCORE_ALIASES),
                          ("stated", _STATED_REDUCTION_ALIASES)):
        out[role] = _find_column(cols, aliases)
    if require_score and out["score"] is None:
        raise DataError(f"{where}: no score column (found {found}); name one 'score' (or 'performance', 'accuracy')")
    return out


def _select_task(df: pd.DataFrame, task_col: str | None, task: str | None, where: str):
    """(rows, task label per row) keeping only ``task`` (case-insensitive) when given."""
    tasks = (
        df[task_col].fillna("").astype(str).str.strip() if task_col is not None else pd.Series([""] * len(df))
    )
    if task is None:
        return df, tasks
    known = sorted({t for t in tasks if t})
    keep = tasks.str.lower() == task.strip().lower()
    if not keep.any():
        listing = ", ".join(known) if known else "none: the file has no task/metric column"
        raise DataError(f"{where}: no rows with task {clip(task)!r}; tasks in the file: {clip(listing, 300)}")
    return df[keep.values].reset_index(drop=True), tasks[keep.values].reset_index(drop=True)  # type: ignore[index]


def _compute_in_flop(df: pd.DataFrame, cols: dict, where: str) -> np.ndarray:
    """Compute [FLOP], converted row by row (a units column may mix units); positive numbers only."""
    comp_col, units_col = cols["compute"], cols["units"]
    raw = df[comp_col].astype(str).str.strip().str.replace(",", "", regex=False)
    compute = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(compute)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"{where}, row {i + 1}, column {clip(comp_col)!r}: compute {clip(df[comp_col].iloc[i])!r} is not a number; "
            "give a positive number"
        )
    if (compute <= 0).any():
        i = int(np.flatnonzero(compute <= 0)[0])
        raise DataError(
            f"{where}, row {i + 1}, column {comp_col!r}: compute must be positive, got {compute[i]:g}; "
            "remove the row or fix the value (zero or negative compute has no logarithm)"
        )
    if units_col is not None:
        factors = np.array(
            [
                compute_unit_factor(u, where=f"{where}, row {i + 1}, column {units_col!r}")
                for i, u in enumerate(df[units_col].fillna("").astype(str))
            ]
        )
    elif cols["header_unit"] is not None:
        factors = np.full(len(df), compute_unit_factor(cols["header_unit"], where=f"{where}, column {comp_col!r}"))
    else:
        raise DataError(
            f"{where}: column {comp_col!r} does not state its units; add a 'units' column "
            f"({KNOWN_UNITS}) or rename it e.g. 'compute (FLOP)'"
        )
    return compute * factors


def _numbers(df: pd.DataFrame, col: str, what: str, where: str) -> np.ndarray:
    """Column ``col`` as floats; a DataError naming the first cell that is not a number."""
    values = pd.to_numeric(df[col].astype(str).str.strip(), errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(f"{where}, row {i + 1}, column {clip(col)!r}: {what} {clip(df[col].iloc[i])!r} is not a number")
    return values


def read_efficiency_csv(path, *, task: str | None = None, require_score: bool = False) -> pd.DataFrame:
    """Read a CSV of efficiency measurements (see module docstring for accepted columns).

    Parameters
    ----------
    path : path-like
        CSV file; Hernandez & Brown's ``efficiency_sota.csv`` loads as is.
    task : str, optional
        Keep only rows whose task/metric column equals this (case-insensitive).
    require_score : bool
        Also read a ``score`` column (for :func:`fit_compute_equivalent`).
    """
    path = Path(path)
    return tidy_efficiency_table(_read_table(path), where=str(path), task=task, require_score=require_score)


def dataset_names() -> list[str]:
    return list(DATASETS)


def load_dataset(name: str = DEFAULT_DATASET, *, task: str | None = None, table_dates: bool = False) -> pd.DataFrame:
    """A bundled dataset by name (``alexnet``, ``resnet50``, ``translation``).

    Dates are the ones in Hernandez & Brown's table except where that date lies
    outside the month encoded in the row's own arXiv identifier (five rows; the
    ``note`` column of the CSV says which); ``table_dates=True`` uses the table's
    dates unchanged (column ``date_in_table``), to reproduce it exactly.
    """
    key = name.strip().lower().replace("-", "").replace("_", "")
    if key not in DATASETS:
        raise DataError(f"unknown dataset {name!r}; known datasets: {', '.join(DATASETS)}")
    filename = DATASETS[key][0]
    ref = resources.files("bioanchors") / "data" / filename
    with resources.as_file(ref) as path:
        raw = _read_table(Path(path))
    if table_dates:
        raw = raw.drop(columns=["date"]).rename(columns={"date_in_table": "date"})
    else:
        raw = raw.drop(columns=["date_in_table"])
    return tidy_efficiency_table(raw, where=f"dataset {key} ({filename})", task=task)
