"""``bioanchors data diff OLD NEW``: what changed between two vintages, and what it does to the fits.

Rows are matched on each dataset's key columns (``data/datasets.toml``: the model name for
Epoch's model exports, the hardware name, designer + quarter end for chip sales, site + date
for data centres, the model key for METR). Cells are compared as text on the columns both
vintages have (columns only one has are listed, not compared cell by cell). A key that occurs
twice in a table is told apart by its occurrence number.

Then every trend is fitted on both vintages with the same settings (since 2018, the default
frontier rule, seed 0): the four Epoch trends, METR's horizon doubling time, the ``measured``
parameter set's real and effective compute (the retrospective's columns) and, where both
vintages hold it, the compute stock of chip sales.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import vintages
from ..errors import DataError
from . import read
from .inspect import norm

#: Bootstrap resamples of the re-fits (fewer than the trends default: the diff compares point growth rates).
DIFF_N_BOOT = 500
DIFF_SINCE = 2018


@dataclass
class DatasetDiff:
    dataset: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)  # key, columns that differ
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    note: str = ""

    def to_dict(self) -> dict:
        return {"added": self.added, "removed": self.removed,
                "changed": [{"key": k, "columns": c} for k, c in self.changed],
                "columns_added": self.columns_added, "columns_removed": self.columns_removed, "note": self.note}


def _keyed(spec: dict, header: list[str], rows: list[list[str]]) -> dict[str, dict[str, str]]:
    idx = read.key_of(spec, header)
    out: dict[str, dict[str, str]] = {}
    for r in rows:
        base = " | ".join(r[i].strip() if i < len(r) else "" for i in idx)
        key, n = base, 1
        while key in out:
            n += 1
            key = f"{base} #{n}"
        out[key] = {norm(h): (r[j].strip() if j < len(r) else "") for j, h in enumerate(header)}
    return out


def diff_tables(spec: dict, old: tuple[list[str], list[list[str]]], new: tuple[list[str], list[list[str]]]) -> DatasetDiff:
    """Added, removed and changed rows between two (header, rows) tables of one dataset."""
    a, b = _keyed(spec, *old), _keyed(spec, *new)
    ha, hb = {norm(h): h for h in old[0]}, {norm(h): h for h in new[0]}
    common = [k for k in hb if k in ha]
    d = DatasetDiff(spec["name"], sorted(set(b) - set(a)), sorted(set(a) - set(b)))
    d.columns_added = [hb[k] for k in hb if k not in ha]
    d.columns_removed = [ha[k] for k in ha if k not in hb]
    for key in sorted(set(a) & set(b)):
        cols = [hb[c] for c in common if a[key].get(c, "") != b[key].get(c, "")]
        if cols:
            d.changed.append((key, cols))
    return d


def _horizon_table(path) -> tuple[list[str], list[list[str]]]:
    from ..trends.metr_horizons import load_horizons

    f = load_horizons(path).frame
    header = ["model", "release_date", "p50_minutes", "p50_ci_low_minutes", "p50_ci_high_minutes", "is_sota"]
    return header, [[str(v) for v in row] for row in f[header].itertuples(index=False)]


def _table_of(v: vintages.Vintage, dataset: str):
    if vintages.get_spec(dataset)["format"] == "yaml":
        return _horizon_table(v.verify(dataset))
    return read.table(v, dataset)


def diff_datasets(old: vintages.Vintage, new: vintages.Vintage) -> list[DatasetDiff]:
    """One :class:`DatasetDiff` per dataset either vintage holds (a dataset only one holds says so)."""
    out = []
    for name in sorted(set(old.datasets) | set(new.datasets)):
        spec = vintages.get_spec(name)
        if name not in old.datasets or name not in new.datasets:
            side = new.name if name in new.datasets else old.name
            out.append(DatasetDiff(name, note=f"only in {side}"))
            continue
        d = diff_tables(spec, _table_of(old, name), _table_of(new, name))
        if old.is_bundled or new.is_bundled:
            d.note = "the bundled copy is a curated table (docs/trends.md), not the raw export: columns differ"
        out.append(d)
    return out


def _trend_numbers(name: str) -> dict:
    from ..trends.accounting import account, measured_parameter_set
    from ..trends.fitting import fit_trends

    td, _ = read.trend_data(name)
    rep = fit_trends(td, since=DIFF_SINCE, n_boot=DIFF_N_BOOT, seed=0)
    out = {k: {"growth_per_year": f.growth_per_year, "ci90": list(f.ci90), "n": f.n} for k, f in rep.fits.items()}
    if not rep.failures:
        acc = account(measured_parameter_set(rep))
        out["retro_measured_real_compute"] = {"growth_per_year": float(acc.real_compute_per_year)}
        out["retro_measured_effective_compute"] = {"growth_per_year": float(acc.effective_compute_per_year)}
    return out


def _horizon_numbers(name: str) -> dict:
    from ..trends.metr_horizons import fit_horizon_trend

    data, _ = read.horizon_data(name)
    fit = fit_horizon_trend(data, n_boot=DIFF_N_BOOT, seed=0)
    return {"metr_doubling_months": {"value": fit.doubling_time_months,
                                     "ci90": list(fit.doubling_interval_months(0.90)), "n": fit.trend.n,
                                     "benchmark": data.benchmark}}


def _stock_numbers(name: str) -> dict:
    from .chip_sales import load_chip_sales, stock_at

    v, use = read.open_vintage(name)
    if "chip-sales" not in v.datasets:
        return {}
    s = stock_at(load_chip_sales(read.member_file(v, use, "chip-sales", "data diff")))
    return {"compute_stock_h100e": {"value": s["h100e_median"], "ci90": [s["h100e_p5"], s["h100e_p95"]],
                                    "date": s["date"]}}


def refit(name: str) -> dict:
    """The fitted numbers of one vintage (a fit that cannot run is a note, not a failure of the diff)."""
    out, notes = {}, []
    for part in (_trend_numbers, _horizon_numbers, _stock_numbers):
        try:
            out.update(part(name))
        except DataError as exc:
            notes.append(f"{part.__name__.strip('_').replace('_numbers', '')}: {exc}")
    return {"fits": out, "notes": notes}


def diff_vintages(old: str, new: str) -> dict:
    """Rows and fits of two vintages side by side (JSON-ready)."""
    a, b = vintages.load_vintage(vintages.check_vintage(old)), vintages.load_vintage(vintages.check_vintage(new))
    return {"old": a.name, "new": b.name, "datasets": {d.dataset: d.to_dict() for d in diff_datasets(a, b)},
            "refits": {"old": refit(a.name), "new": refit(b.name)}}
