"""Check a downloaded export and describe it: rows, latest date, columns (issue 25).

Every pulled file passes through :func:`describe` before it may enter a vintage. What it
refuses, each with one line naming the dataset:

* an HTML page where data was expected (a login, error or moved page served with 200);
* a ZIP that does not open, or lacks the CSV it should hold (``member``);
* a CSV whose header lacks a required column (the upstream layout changed: the message
  lists the columns found), or whose last row is cut short (a truncated download);
* YAML that does not parse, or has no ``results`` mapping of models (METR's layout).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import numpy as np

from ..errors import DataError
from ..trends.inputs import clip, parse_date_cells


def norm(name: str) -> str:
    """Header key: lower case, letters and digits only (the loaders' rule, docs/trends.md)."""
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


def find_column(header: list[str], aliases: list[str]) -> str | None:
    """The header cell matching one of ``aliases`` (normalised), or None."""
    by_key = {norm(h): h for h in header}
    return next((by_key[norm(a)] for a in aliases if norm(a) in by_key), None)


def _looks_html(raw: bytes) -> bool:
    head = raw[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head[:200]


def member_bytes(spec: dict, raw: bytes, where: str) -> bytes:
    """The bytes of the table inside ``raw``: the ZIP's ``member`` (matched by file name), or ``raw``."""
    if spec["format"] != "zip":
        return raw
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = [n for n in zf.namelist() if n.rsplit("/", 1)[-1] == spec["member"]]
            if not names:
                found = ", ".join(clip(n, 60) for n in zf.namelist()[:8])
                raise DataError(f"{where}: the ZIP has no {spec['member']} (the upstream layout changed?); "
                                f"files found: {found}.")
            return zf.read(names[0])
    except zipfile.BadZipFile:
        raise DataError(f"{where}: not a readable ZIP archive (corrupted or truncated download).") from None


def read_csv_rows(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise ValueError("empty")
    return [h.strip() for h in rows[0]], rows[1:]


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{where}: not UTF-8 text (corrupted download?).") from None


def _describe_csv(spec: dict, raw: bytes, where: str) -> dict:
    text = _decode(member_bytes(spec, raw, where), where)
    try:
        header, rows = read_csv_rows(text)
    except (ValueError, csv.Error):
        raise DataError(f"{where}: not a readable CSV (empty or malformed).") from None
    missing = [aliases[0] for aliases in spec.get("required", []) if find_column(header, aliases) is None]
    if missing:
        found = clip(", ".join(repr(clip(h, 40)) for h in header), 300)
        raise DataError(f"{where}: the upstream column layout changed: no {', '.join(repr(m) for m in missing)} "
                        f"column. Columns found: {found}.")
    if not rows:
        raise DataError(f"{where}: header only, no data rows.")
    if len(rows[-1]) < len(header) or not text.endswith(("\n", "\r")):
        # A complete export ends its last row with a line break and a full set of cells.
        raise DataError(f"{where}: the last row is cut short ({len(rows[-1])} of {len(header)} cells): "
                        "a truncated download.")
    date_col = find_column(header, spec.get("date", []))
    latest = None
    if date_col is not None:
        i = header.index(date_col)
        years, days, *_ = parse_date_cells([r[i] if i < len(r) else "" for r in rows], where=where, column=date_col)
        ok = np.isfinite(years)
        latest = str(days[ok][np.argmax(years[ok])]) if ok.any() else None
    return {"rows": len(rows), "latest_date": latest, "columns": header}


def _describe_yaml(spec: dict, raw: bytes, where: str) -> dict:
    import yaml

    try:
        doc = yaml.safe_load(_decode(raw, where))
    except yaml.YAMLError:
        raise DataError(f"{where}: not valid YAML (corrupted or truncated download).") from None
    results = doc.get("results") if isinstance(doc, dict) else None
    if not isinstance(results, dict) or not results:
        keys = ", ".join(map(str, doc)) if isinstance(doc, dict) else type(doc).__name__
        raise DataError(f"{where}: the upstream layout changed: no 'results' mapping of models. Found: {clip(keys)}.")
    dates = [str(e.get("release_date")) for e in results.values() if isinstance(e, dict) and e.get("release_date")]
    return {"rows": len(results), "latest_date": max(dates) if dates else None,
            "columns": sorted({k for e in results.values() if isinstance(e, dict) for k in e}),
            "benchmark": str(doc.get("benchmark_name") or "")}


def read_layout(path, columns: dict[str, tuple[str, ...]], required: tuple[str, ...], hint: str, report):
    """A publisher's CSV as text cells with its columns renamed to ``columns``' keys (absent optional columns
    are left out); a missing required column is a one-line error naming the columns found."""
    import pandas as pd

    from ..trends.inputs import read_bytes

    text = read_bytes(path, hint).decode("utf-8-sig", errors="replace")
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.EmptyDataError, pd.errors.ParserError):
        raise DataError(f"{path}: not a readable CSV. {hint}") from None
    header = [str(c) for c in df.columns]
    cols = {k: find_column(header, list(v)) for k, v in columns.items()}
    missing = [columns[k][0] for k in required if cols[k] is None]
    if missing:
        raise DataError(f"{path}: the upstream column layout changed: no {', '.join(repr(m) for m in missing)} "
                        f"column. Columns found: {clip(', '.join(map(repr, header)), 300)}.")
    report.columns_found, report.column_map = header, {k: v for k, v in cols.items() if v}
    return df.rename(columns={v: k for k, v in cols.items() if v})[[k for k, v in cols.items() if v]]


def describe(spec: dict, raw: bytes, where: str) -> dict:
    """Rows, latest date [ISO] and columns of a download, or a one-line :class:`DataError` naming ``where``."""
    if not raw:
        raise DataError(f"{where}: the download is empty.")
    if _looks_html(raw):
        raise DataError(f"{where}: the server sent an HTML page, not the {spec['format'].upper()} export "
                        "(a moved, login or error page).")
    if spec["format"] == "yaml":
        return _describe_yaml(spec, raw, where)
    return _describe_csv(spec, raw, where)
