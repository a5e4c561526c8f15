"""Read a vintage's datasets for the analyses: trends, horizons, chip sales, data centres, diffs.

Every reader returns what it read and a ``provenance`` line naming the vintage and the files
(a dataset the vintage lacks falls back to the bundled copy, and the line says so), so each
command can print which vintage it used.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import vintages
from ..errors import DataError
from .inspect import find_column, member_bytes, read_csv_rows

#: Model exports in the order a vintage's trend data prefers them (the bundled table was built from the
#: frontier and notable exports; overlapping rows are kept once, the first file's).
MODEL_EXPORTS = ("frontier-models", "notable-models", "large-scale-models", "all-models")


@dataclass
class VintageUse:
    """Which vintage a command used, why, and where each dataset came from."""

    vintage: str
    why: str  # given | pinned | default
    used: dict[str, str] = field(default_factory=dict)  # dataset -> vintage it came from (bundled when absent)

    def line(self) -> str:
        parts = [f"data vintage: {self.vintage} ({self.why})"]
        fallbacks = sorted(d for d, v in self.used.items() if v != self.vintage)
        if fallbacks:
            parts.append(f"bundled copy for {', '.join(fallbacks)} (not in {self.vintage})")
        return "; ".join(parts)

    def to_dict(self) -> dict:
        return {"name": self.vintage, "chosen": self.why, "datasets": dict(self.used)}


def open_vintage(name: str | None) -> tuple[vintages.Vintage, VintageUse]:
    vid, why = vintages.resolve(name)
    return vintages.load_vintage(vid), VintageUse(vid, why)


def dataset_path(v: vintages.Vintage, use: VintageUse, dataset: str, *, fallback: bool = True) -> Path | None:
    """The checked file of ``dataset`` in ``v``, else the bundled copy (``fallback``), else None."""
    if dataset in v.datasets:
        use.used[dataset] = v.name
        return v.verify(dataset)
    if fallback and not v.is_bundled:
        b = vintages.load_vintage(vintages.BUNDLED)
        if dataset in b.datasets:
            use.used[dataset] = vintages.BUNDLED
            return b.verify(dataset)
    return None


def table(v: vintages.Vintage, dataset: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a tabular dataset in ``v`` (the ZIP's member for ZIP exports)."""
    spec = vintages.get_spec(dataset)
    path = v.verify(dataset)
    raw = member_bytes(spec, path.read_bytes(), f"vintage {v.name}, {dataset}")
    return read_csv_rows(raw.decode("utf-8-sig", errors="replace"))


def trend_data(name: str | None = None):
    """:class:`~bioanchors.trends.epoch_loaders.TrendData` of a vintage, and its :class:`VintageUse`."""
    from ..trends.epoch_loaders import load_data

    v, use = open_vintage(name)
    if v.is_bundled:
        use.used.update({"frontier-models": v.name, "ml-hardware": v.name})
        return load_data(None), use
    paths: list[str | Path] = [p for d in MODEL_EXPORTS if (p := dataset_path(v, use, d, fallback=False)) is not None]
    for d in (() if paths else ("frontier-models",)) + ("ml-hardware",):
        p = dataset_path(v, use, d)  # a kind the vintage lacks: the bundled copy
        if p is not None:
            paths.append(p)
    return load_data(paths), use


def horizon_data(name: str | None = None):
    """METR horizons of a vintage (Time Horizon 1.1 when pulled, else 1.0) and its :class:`VintageUse`."""
    from ..trends.metr_horizons import load_horizons

    v, use = open_vintage(name)
    path = dataset_path(v, use, "metr-horizons", fallback=False) or dataset_path(v, use, "metr-horizons-v1")
    return load_horizons(path), use


def member_file(v: vintages.Vintage, use: VintageUse, dataset: str, where: str, member: str | None = None) -> Path:
    """A readable file of a dataset's table (a ZIP's member is written to a temporary file); ``member``
    names another file of the same ZIP than the dataset's own table."""
    path = dataset_path(v, use, dataset, fallback=False)
    if path is None:
        raise DataError(f"{where}: vintage {v.name} has no '{dataset}' (it is not bundled); "
                        f"run 'bioanchors data pull {dataset}' (needs network), or pass a file.")
    spec = vintages.get_spec(dataset)
    if spec["format"] != "zip":
        return path
    if member is not None:
        spec = {**spec, "member": member}
    out = Path(tempfile.mkdtemp(prefix="bioanchors-")) / spec["member"]
    out.write_bytes(member_bytes(spec, path.read_bytes(), f"vintage {v.name}, {dataset}"))
    return out


def key_of(spec: dict, header: list[str]) -> list[int]:
    """Indices of the key columns of a dataset in ``header`` (first column when none is found)."""
    cols = [find_column(header, aliases) for aliases in spec.get("key", [])]
    idx = [header.index(c) for c in cols if c is not None]
    return idx or [0]
