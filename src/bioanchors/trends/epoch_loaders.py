"""Loaders for Epoch AI's CSV exports and for the bundled default tables.

Two kinds of table are read:

* **models** -- Epoch's AI models datasets (all / notable / large-scale /
  frontier exports, epoch.ai/data, CC BY 4.0) or the bundled
  ``frontier_training_runs.csv``. Canonical columns:

  ``model``, ``date`` [datetime64], ``year`` [decimal year], ``training_flop``
  [FLOP], ``cost_2023usd``, ``cost_cloud``, ``cost_upfront`` [USD],
  ``training_hours`` [h], ``frontier_flag`` [bool or <NA>],
  ``hardware_quantity`` [chips], ``hardware`` [text], ``source`` [text].

* **hardware** -- Epoch's ML hardware dataset (``ml_hardware.csv``) or the
  bundled ``ml_accelerators.csv``. Canonical columns: ``hardware``, ``date``,
  ``year``, ``price_usd`` [USD], and one ``flops_<precision>`` [FLOP/s] column
  per precision in :data:`PRECISIONS`, plus ``source``.

Epoch renames columns between export versions, so headers are matched after
normalisation (case, spaces, punctuation ignored) against a list of aliases.
A missing *required* column is a :class:`~bioanchors.errors.DataError` that
lists the columns found. Cells that cannot be used (unparseable text,
unparseable dates, zero or negative values) are skipped and *counted* in a
:class:`LoadReport`; nothing is dropped silently. Empty cells are counted
separately as ``missing`` (most rows lack cost or duration; that is normal).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from .inputs import clip, display_path, parse_date_cells, read_bytes

# ---------------------------------------------------------------- columns

#: Precisions for FLOP/s; key -> header aliases in Epoch's ML hardware export.
#: ``fp16`` means the best dense FP16/BF16 rate (tensor cores when present),
#: because that is what ML training actually runs at on recent accelerators.
PRECISIONS: dict[str, tuple[str, ...]] = {
    "fp64": ("FP64 (double precision) performance (FLOP/s)", "FP64 performance (FLOP/s)", "flops_fp64"),
    "fp32": ("FP32 (single precision) performance (FLOP/s)", "FP32 performance (FLOP/s)", "flops_fp32"),
    "tf32": ("TF32 (TensorFloat-32) performance (FLOP/s)", "TF32 performance (FLOP/s)", "flops_tf32"),
    "fp16_tensor": ("Tensor-FP16/BF16 performance (FLOP/s)", "Tensor FP16 performance (FLOP/s)",
                    "BF16 performance (FLOP/s)", "flops_fp16_tensor"),
    "fp16_plain": ("FP16 (half precision) performance (FLOP/s)", "FP16 performance (FLOP/s)", "flops_fp16_plain"),
    "fp8": ("FP8 performance (FLOP/s)", "flops_fp8"),
    "fp4": ("FP4 performance (FLOP/s)", "flops_fp4"),
}

#: Precisions a user can select; derived ones are computed from the above.
#: ``fp16`` = max(tensor FP16/BF16, plain FP16); ``best`` = the highest
#: floating-point rate the chip offers at FP8 or wider (the precision a
#: frontier run of its day would use).
SELECTABLE_PRECISIONS = ("fp64", "fp32", "tf32", "fp16", "fp16_tensor", "fp16_plain", "fp8", "best")

MODEL_COLUMNS: dict[str, tuple[str, ...]] = {
    "model": ("Model", "System", "Model name", "Name"),
    "date": ("Publication date", "Publication Date", "Date", "Release date", "publication_date"),
    "training_flop": ("Training compute (FLOP)", "Training compute (FLOPs)", "Training compute",
                      "Training FLOP", "training_flop", "Compute (FLOP)"),
    "cost_2023usd": ("Training compute cost (2023 USD)", "Training cost (2023 USD)",
                     "Training compute cost (2023 USD, amortized)", "cost_2023usd"),
    "cost_cloud": ("Training compute cost (cloud)", "Training cost (cloud)", "cost_cloud"),
    "cost_upfront": ("Training compute cost (upfront)", "Training cost (upfront)", "cost_upfront"),
    "training_hours": ("Training time (hours)", "Training time (h)", "Training duration (hours)",
                       "training_hours"),
    "frontier_flag": ("Frontier model", "Frontier", "Is frontier model", "frontier_flag"),
    "hardware_quantity": ("Hardware quantity", "Number of chips", "hardware_quantity"),
    "hardware": ("Training hardware", "Hardware", "hardware"),
    "source": ("source", "Reference", "Link"),
    "link": ("Link",),
}
MODEL_REQUIRED = ("date", "training_flop")

HARDWARE_COLUMNS: dict[str, tuple[str, ...]] = {
    "hardware": ("Hardware name", "Hardware model", "Name", "Hardware", "hardware"),
    "date": ("Release date", "Release Date", "Date", "release_date"),
    "price_usd": ("Release price (USD)", "Release price", "Price (USD)", "Launch price (USD)", "price_usd"),
    **{f"flops_{k}": v for k, v in PRECISIONS.items()},
    "source": ("source", "Source for the price", "Link to datasheet"),
}
HARDWARE_REQUIRED = ("date", "price_usd")

POSITIVE_COLUMNS = {"training_flop", "cost_2023usd", "cost_cloud", "cost_upfront", "training_hours",
                    "hardware_quantity", "price_usd", *(f"flops_{k}" for k in PRECISIONS)}

BUNDLED_MODELS = "frontier_training_runs.csv"
BUNDLED_HARDWARE = "ml_accelerators.csv"


def _norm(name: str) -> str:
    """Header key: lower case, letters and digits only ('Training compute (FLOP)' -> 'trainingcomputeflop')."""
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


# ---------------------------------------------------------------- report

@dataclass
class LoadReport:
    """What a loader did with a file: rows kept and every skipped cell, counted."""

    path: str
    kind: str
    n_rows: int = 0
    columns_found: list[str] = field(default_factory=list)
    column_map: dict[str, str] = field(default_factory=dict)  # canonical -> header used
    skipped: Counter = field(default_factory=Counter)  # (column, reason) -> count
    warnings: list[str] = field(default_factory=list)

    def skip(self, column: str, reason: str, count: int) -> None:
        if count:
            self.skipped[(column, reason)] += int(count)

    @property
    def n_skipped(self) -> int:
        return int(sum(n for (_, reason), n in self.skipped.items() if reason != "missing"))

    def summary(self) -> str:
        """One line per problem, for the CLI and for logs."""
        lines = [f"{self.path}: {self.n_rows} rows ({self.kind})"]
        for (col, reason), n in sorted(self.skipped.items()):
            if reason != "missing":
                lines.append(f"  skipped {n} cell(s) in '{self.column_map.get(col, col)}': {reason}")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "path": self.path, "kind": self.kind, "n_rows": self.n_rows,
            "column_map": dict(self.column_map),
            "skipped": [{"column": c, "reason": r, "count": n} for (c, r), n in sorted(self.skipped.items())],
            "warnings": list(self.warnings),
        }


@dataclass
class LoadedTable:
    """A canonical table plus the report of how it was read."""

    frame: pd.DataFrame
    reports: list[LoadReport]
    kind: str  # "models" | "hardware"

    @property
    def sources(self) -> list[str]:
        return [r.path for r in self.reports]


# ---------------------------------------------------------------- reading text

DATA_HINT = "Pass a CSV export from epoch.ai/data (or a bundled-format table) to --data."


def _columns(names) -> str:
    """Headers for a message, each and all clipped (a binary file must not echo garbage)."""
    return clip(", ".join(repr(clip(c, 40)) for c in names), 200)


def _read_text(path: Path, report: LoadReport) -> str:
    """File -> text. UTF-8 (BOM tolerated). Bytes that are not UTF-8 become U+FFFD and are counted."""
    raw = read_bytes(path, DATA_HINT)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # Excel's "Unicode text" export: decode rather than misread as garbage.
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(f"{path}: starts like UTF-16 but is not valid UTF-16. {DATA_HINT}") from None
        report.warnings.append("file is UTF-16; decoded as UTF-16")
        return text
    text = raw.decode("utf-8-sig", errors="replace")
    n_bad = text.count("\ufffd")
    if n_bad > max(8, 0.05 * len(text)):
        # mostly undecodable: a binary or foreign-encoded file; echoing its "headers" would print garbage
        raise DataError(f"{path}: not UTF-8 text ({n_bad} invalid byte sequences in {len(raw)} bytes). "
                        "Re-save it as a UTF-8 CSV.")
    if n_bad:
        # Why not fail: names with a stray Latin-1 byte still carry usable
        # numbers; any numeric/date cell hit by a bad byte fails to parse and
        # is counted as skipped below.
        lines = [i + 1 for i, line in enumerate(text.splitlines()) if "\ufffd" in line]
        report.warnings.append(
            f"{n_bad} byte sequence(s) are not valid UTF-8 (lines {', '.join(map(str, lines[:5]))}"
            f"{'...' if len(lines) > 5 else ''}); shown as U+FFFD. Re-save the file as UTF-8 to silence this."
        )
    return text


def _read_csv(path: Path, report: LoadReport) -> pd.DataFrame:
    text = _read_text(path, report)
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: no header row. Re-download the export from epoch.ai/data.") from None
    except pd.errors.ParserError as exc:
        raise DataError(f"{path}: not a readable CSV ({clip(exc)}). Check the delimiter is ',' and quotes are balanced.") from None
    report.columns_found = [str(c) for c in df.columns]
    if len(df) == 0:
        raise DataError(f"{path}: header only, no data rows. Re-download the export from epoch.ai/data.")
    return df


def _map_columns(df: pd.DataFrame, spec: dict[str, tuple[str, ...]], required: tuple[str, ...],
                 report: LoadReport) -> dict[str, str]:
    """canonical name -> header in the file, using normalised aliases."""
    by_key: dict[str, str] = {}
    for col in df.columns:
        by_key.setdefault(_norm(col), col)
    mapping: dict[str, str] = {}
    for canon, aliases in spec.items():
        for alias in (canon, *aliases):
            hit = by_key.get(_norm(alias))
            if hit is not None:
                mapping[canon] = hit
                break
    missing = [c for c in required if c not in mapping]
    if missing:
        wanted = " and ".join(f"'{spec[c][0]}'" for c in missing)
        found = _columns(df.columns)
        raise DataError(
            f"{report.path}: missing required column(s) for a {report.kind} table: {wanted}. "
            f"Columns found: {found}. Rename the columns (accepted names: docs/trends.md) or pass the right export."
        )
    report.column_map = dict(mapping)
    return mapping


# ---------------------------------------------------------------- cell parsers

_NUM_CLEAN = re.compile(r"[,$\s_]")


def parse_numbers(cells: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Text cells -> (values [float], missing mask, unparseable mask).

    Accepts '1e24', '1.2E+24', '1,000,000', '$3,000'. Anything else (e.g.
    '~1e24', 'unknown') is unparseable, not zero.
    """
    s = cells.fillna("").astype(str).str.strip()
    missing = (s == "") | s.str.lower().isin({"nan", "na", "n/a", "none", "null", "-"})
    cleaned = s.str.replace(_NUM_CLEAN, "", regex=True)
    values = pd.to_numeric(cleaned.where(~missing), errors="coerce").to_numpy(dtype=float, copy=True)
    bad = ~missing.to_numpy() & ~np.isfinite(values)
    values[bad] = np.nan
    return values, missing.to_numpy(), bad


def parse_dates(cells: pd.Series, report: LoadReport | None = None, column: str = "date", with_years: bool = False):
    """Text cells -> (datetime64[ns] array, missing mask, unparseable mask[, decimal years]).

    The one date rule of :mod:`bioanchors.trends.inputs` (full dates as given;
    month- or year-only dates at the middle of the period; decimal years
    exactly; ``a/b/YYYY`` order decided per column, a warning when every such
    cell is ambiguous; years outside 1900-2100 refused, naming file and row).
    """
    where = report.path if report is not None else "data"
    years, days, missing, bad, ambiguous = parse_date_cells(list(cells), where=where, column=column)
    if ambiguous and report is not None:
        report.warnings.append(
            f"'{clip(column)}': date(s) like 01/02/2023 are ambiguous; read as month/day/year. "
            "Use ISO dates (2023-02-01) to be explicit."
        )
    out = days.astype("datetime64[ns]"), missing, bad
    return (*out, years) if with_years else out


def decimal_year(dates) -> np.ndarray:
    """datetime64 -> decimal year [yr] (e.g. 2020-07-02 -> ~2020.5)."""
    idx = pd.DatetimeIndex(np.asarray(dates, dtype="datetime64[ns]"))
    start = pd.to_datetime(idx.year.astype("Int64").astype(str) + "-01-01", errors="coerce")
    days = np.where(idx.is_leap_year, 366.0, 365.0)
    return (idx.year + (idx - start).days / days).to_numpy(dtype=float)


def parse_bools(cells: pd.Series) -> pd.Series:
    """'True'/'checked'/'yes'/'1' -> True, 'False'/'no'/'0' -> False, empty -> <NA>."""
    s = cells.fillna("").astype(str).str.strip().str.lower()
    out = pd.Series(pd.NA, index=cells.index, dtype="boolean")
    out[s.isin({"true", "t", "yes", "y", "1", "checked", "x"})] = True
    out[s.isin({"false", "f", "no", "n", "0"})] = False
    return out


# ---------------------------------------------------------------- table builders

def _canonicalise(df: pd.DataFrame, spec, required, report: LoadReport) -> pd.DataFrame:
    mapping = _map_columns(df, spec, required, report)
    out = pd.DataFrame(index=df.index)
    for canon, header in mapping.items():
        col = df[header]
        if canon == "date":
            vals, missing, bad, years = parse_dates(col, report, header, with_years=True)
            out["year"] = years  # exact for decimal-year cells
            report.skip(canon, "missing", missing.sum())
            report.skip(canon, "unparseable date", bad.sum())
            out["date"] = vals
        elif canon == "frontier_flag":
            out[canon] = parse_bools(col)
        elif canon in POSITIVE_COLUMNS:
            vals, missing, bad = parse_numbers(col)
            nonpos = np.isfinite(vals) & (vals <= 0)
            report.skip(canon, "missing", missing.sum())
            report.skip(canon, "unparseable number", bad.sum())
            # Zero or negative cannot be a FLOP count, a price or a duration
            # and cannot be logged: treat as unusable, counted.
            report.skip(canon, "zero or negative", nonpos.sum())
            vals = np.where(nonpos, np.nan, vals)
            out[canon] = vals
        else:
            out[canon] = col.astype(str).str.strip().replace("", pd.NA)
    for canon in spec:
        if canon not in out:
            out[canon] = pd.NA if canon in ("model", "hardware", "source", "link", "frontier_flag") else np.nan
    report.n_rows = len(out)
    if "year" not in out:
        out["year"] = decimal_year(out["date"])
    out["year"] = out.pop("year")  # keep 'year' after the canonical columns
    out["file"] = report.path
    return out


def load_models(path: str | Path) -> LoadedTable:
    """Read one Epoch AI models export (any of all/notable/large-scale/frontier) [CSV].

    Required columns: publication date and training compute (FLOP), under any
    known alias. Rows whose date is missing/unparseable are kept in the frame
    (with NaT) but are excluded by every fit; the count is in the report.
    """
    path = Path(path)
    report = LoadReport(display_path(path), "models")
    df = _read_csv(path, report)
    out = _canonicalise(df, MODEL_COLUMNS, MODEL_REQUIRED, report)
    # One citation per row: the row's own reference, else its link.
    out["source"] = out["source"].fillna(out["link"])
    out = out.drop(columns=["link"])
    return LoadedTable(out, [report], "models")


def load_hardware(path: str | Path) -> LoadedTable:
    """Read Epoch AI's ML hardware export or the bundled accelerator table [CSV].

    Required: release date and release price (USD). At least one FLOP/s column
    must be present. Adds derived ``flops_fp16`` (max of tensor and plain FP16)
    and ``flops_best`` (max over FP32/TF32/FP16/FP8) [FLOP/s].
    """
    path = Path(path)
    report = LoadReport(display_path(path), "hardware")
    df = _read_csv(path, report)
    out = _canonicalise(df, HARDWARE_COLUMNS, HARDWARE_REQUIRED, report)
    perf = [f"flops_{k}" for k in PRECISIONS if f"flops_{k}" in report.column_map]
    if not perf:
        raise DataError(
            f"{path}: no FLOP/s column found. Expected at least one of: "
            + ", ".join(f"'{v[0]}'" for v in PRECISIONS.values())
            + f". Columns found: {_columns(report.columns_found)}."
        )
    _add_derived_precisions(out)
    return LoadedTable(out, [report], "hardware")


def _add_derived_precisions(out: pd.DataFrame) -> None:
    out["flops_fp16"] = out[["flops_fp16_tensor", "flops_fp16_plain"]].max(axis=1, skipna=True)
    out["flops_best"] = out[["flops_fp32", "flops_tf32", "flops_fp16_tensor", "flops_fp16_plain", "flops_fp8"]].max(
        axis=1, skipna=True)


def sniff_kind(path: str | Path) -> str:
    """'models' or 'hardware' from a file's header (for ``--data FILE ...``)."""
    path = Path(path)
    report = LoadReport(display_path(path), "unknown")
    text = _read_text(path, report)
    try:
        header = [str(c) for c in pd.read_csv(io.StringIO(text), nrows=0, dtype=str).columns]
    except (pd.errors.EmptyDataError, pd.errors.ParserError):
        raise DataError(f"{path}: not a readable CSV header. Re-download the export from epoch.ai/data.") from None
    keys = {_norm(h) for h in header}
    if keys & {_norm(a) for a in ("training_flop", *MODEL_COLUMNS["training_flop"])}:
        return "models"
    hw_perf = {_norm(a) for k, v in PRECISIONS.items() for a in (f"flops_{k}", *v)}
    if keys & ({_norm(a) for a in ("price_usd", *HARDWARE_COLUMNS["price_usd"])} | hw_perf):
        return "hardware"
    if keys & {_norm("Price per chip-hour (on-demand)"), _norm("Price (hardware purchase)")}:
        raise DataError(
            f"{path}: this looks like Epoch's hardware_prices.csv (cloud and purchase prices). "
            "For FLOP per dollar pass ml_hardware.csv (release price and FLOP/s per chip)."
        )
    if keys & {_norm(a) for a in ("model", *MODEL_COLUMNS["model"])}:
        # A model-name column without a compute column: a models table whose
        # headers we do not know; load_models names the missing columns.
        return "models"
    if keys & {_norm(a) for a in ("hardware", *HARDWARE_COLUMNS["hardware"])}:
        return "hardware"
    raise DataError(
        f"{path}: cannot tell what this table is. A models export needs a 'Training compute (FLOP)' column; "
        "a hardware export needs 'Release price (USD)' and FLOP/s columns. "
        f"Columns found: {_columns(header)}"
    )


def concat_tables(tables: list[LoadedTable]) -> LoadedTable:
    """Stack tables of one kind; rows repeated across exports (same name and date) are kept once."""
    kind = tables[0].kind
    frame = pd.concat([t.frame for t in tables], ignore_index=True)
    key = "model" if kind == "models" else "hardware"
    if len(tables) > 1:
        # The notable and frontier exports overlap; keep the first file's row.
        dup = frame[key].notna() & frame.duplicated(subset=[key, "date"], keep="first")
        frame = frame[~dup].reset_index(drop=True)
    return LoadedTable(frame, [r for t in tables for r in t.reports], kind)


def _bundled_path(name: str) -> Path:
    return Path(str(resources.files("bioanchors") / "data" / name))


def load_bundled_models() -> LoadedTable:
    """The curated frontier-training-runs table shipped with the package (no download)."""
    return load_models(_bundled_path(BUNDLED_MODELS))


def load_bundled_hardware() -> LoadedTable:
    """The curated ML-accelerator table shipped with the package (no download)."""
    return load_hardware(_bundled_path(BUNDLED_HARDWARE))


@dataclass
class TrendData:
    """The inputs to every trend fit: a models table and a hardware table."""

    models: LoadedTable
    hardware: LoadedTable
    #: which data vintage the tables came from (``datasets.read.VintageUse``), None for files given directly
    vintage_use: object = field(default=None, repr=False, compare=False)

    @property
    def reports(self) -> list[LoadReport]:
        return self.models.reports + self.hardware.reports

    def describe(self) -> dict:
        return {"models": self.models.sources, "hardware": self.hardware.sources}


def load_data(paths: list[str | Path] | None = None) -> TrendData:
    """Files (any mix of models and hardware exports) -> :class:`TrendData`.

    Kinds are recognised from the headers. A kind not given falls back to the
    bundled table, so ``load_data([notable.csv])`` still fits FLOP per dollar.
    """
    models, hardware = [], []
    for p in paths or []:
        kind = sniff_kind(p)
        (models if kind == "models" else hardware).append(load_models(p) if kind == "models" else load_hardware(p))
    m = concat_tables(models) if models else load_bundled_models()
    h = concat_tables(hardware) if hardware else load_bundled_hardware()
    return TrendData(m, h)
