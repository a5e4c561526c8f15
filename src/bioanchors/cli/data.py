"""``bioanchors data``: pull, list, pin and diff vintages of the public datasets; chip-sales and data-centre summaries."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from .common import TableOrJson, console, err_console, print_json, run_guarded

data_app = typer.Typer(help="Data vintages: pull Epoch AI's and METR's exports, list, pin and diff them (docs/data.md).",
                       no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")


def say_vintage(use) -> None:
    """Every command that reads data says which vintage it used (stderr, so JSON on stdout stays clean)."""
    err_console.print(use.line(), highlight=False, markup=False)


@data_app.command("pull")
def pull_command(
    datasets: Annotated[list[str] | None, typer.Argument(help="datasets to pull (default: all; see 'data list')")] = None,
    mirror: Annotated[str | None, typer.Option(help="pull from this folder URL instead (file names as upstream)")] = None,
    timeout: Annotated[float, typer.Option(help="longest wait for any one network step [s]", min=0.1, max=600)] = 30.0,
    deadline: Annotated[float, typer.Option(help="longest download of one file [s]", min=0.1, max=3600)] = 300.0,
) -> None:
    """Download exports into a new vintage (all or nothing; the vintage in use is never replaced by a failed pull)."""
    run_guarded(_pull, datasets, mirror, timeout, deadline)


def _pull(datasets, mirror, timeout, deadline) -> None:
    from ..datasets.pull import pull

    v = pull(datasets or None, mirror=mirror, timeout=timeout, deadline=deadline)
    t = Table(title=f"new vintage {v.name} (use it: --vintage {v.name}, or 'bioanchors data pin {v.name}')")
    for col in ("dataset", "rows", "latest date", "sha256", "from"):
        t.add_column(col)
    for name, e in v.datasets.items():
        t.add_row(name, str(e["rows"]), str(e["latest_date"] or ""), e["sha256"][:12],
                  f"carried from {e['carried_from']}" if e.get("carried_from") else e["address"])
    console.print(t)


@data_app.command("list")
def list_command(format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table) -> None:
    """Vintages side by side: rows and latest date of each dataset; the one in use is marked."""
    run_guarded(_list, format)


def _list(fmt) -> None:
    from .. import vintages

    ids = vintages.all_ids()
    use = vintages.default_vintage()
    vs = [vintages.load_vintage(i) for i in ids]
    if fmt == TableOrJson.json:
        print_json({"in_use": use, "cache": str(vintages.cache_dir()),
                    "vintages": {v.name: {"created": v.created, "datasets": v.datasets} for v in vs}})
        return
    t = Table(title=f"data vintages (in use: {use}; cache {vintages.cache_dir()})")
    t.add_column("dataset")
    for v in vs:
        t.add_column(v.name + (" *" if v.name == use else ""), justify="right")
    for name in vintages.dataset_specs():
        t.add_row(name, *[_cell(v, name) for v in vs])
    console.print(t)
    console.print("cells: rows, latest date; bundled: shipped with the package; * in use", style="dim", highlight=False)


def _cell(v, name: str) -> str:
    e = v.datasets.get(name)
    if e is None:
        return ""
    if v.is_bundled:
        return "bundled"
    return f"{e['rows']}, {e['latest_date'] or '-'}" + (" (carried)" if e.get("carried_from") else "")


@data_app.command("pin")
def pin_command(vintage: Annotated[str, typer.Argument(help="a vintage id from 'data list', or bundled")]) -> None:
    """Use this vintage by default from now on (a scenario's data_vintage or --vintage still wins)."""
    run_guarded(_pin, vintage)


def _pin(vintage) -> None:
    from .. import vintages

    path = vintages.write_pin(vintage)
    console.print(f"pinned data vintage {vintage} ({path})", highlight=False)


@data_app.command("diff")
def diff_command(
    old: Annotated[str, typer.Argument(help="older vintage (or bundled)")],
    new: Annotated[str, typer.Argument(help="newer vintage")],
    format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
    show: Annotated[int, typer.Option(help="rows listed per dataset and kind of change", min=0, max=10_000)] = 10,
) -> None:
    """Added, removed and changed rows per dataset; every trend re-fitted on both vintages."""
    run_guarded(_diff, old, new, format, show)


def _diff(old, new, fmt, show) -> None:
    from ..datasets.diff import diff_vintages

    res = diff_vintages(old, new)
    if fmt == TableOrJson.json:
        print_json(res)
        return
    for name, d in res["datasets"].items():
        head = (f"{name}: +{len(d['added'])} added, -{len(d['removed'])} removed, {len(d['changed'])} changed"
                + (f" ({d['note']})" if d["note"] else ""))
        console.print(head, highlight=False, markup=False)
        for label, items in (("+", d["added"]), ("-", d["removed"])):
            for k in items[:show]:
                console.print(f"  {label} {k}", highlight=False, markup=False)
        for c in d["changed"][:show]:
            console.print(f"  ~ {c['key']}: {', '.join(c['columns'][:6])}", highlight=False, markup=False)
        if d["columns_added"] or d["columns_removed"]:
            console.print(f"  columns +{d['columns_added'][:6]} -{d['columns_removed'][:6]}", highlight=False,
                          markup=False)
    _refit_table(res)


def _fmt(entry: dict | None) -> str:
    if not entry:
        return ""
    v = float(entry.get("growth_per_year", entry.get("value")) or 0.0)
    ci = entry.get("ci90")
    big = abs(v) >= 1e4
    text = f"{v:.3g}" if big else f"{v:.2f}"
    if ci and None not in ci:
        text += f" [{ci[0]:.3g}, {ci[1]:.3g}]" if big else f" [{ci[0]:.2f}, {ci[1]:.2f}]"
    return text


def _refit_table(res: dict) -> None:
    a, b = res["refits"]["old"], res["refits"]["new"]
    t = Table(title="re-fitted on both vintages (x/yr with 90% CI; METR doubling in months; stock in H100e)")
    for col in ("fit", res["old"], res["new"]):
        t.add_column(col, justify="left" if col == "fit" else "right")
    for k in dict.fromkeys([*a["fits"], *b["fits"]]):
        t.add_row(k, _fmt(a["fits"].get(k)), _fmt(b["fits"].get(k)))
    console.print(t)
    for side, r in (("old", a), ("new", b)):
        for n in r["notes"]:
            console.print(f"note ({res[side]}): {n}", highlight=False, markup=False)


@data_app.command("stock")
def stock_command(
    vintage: Annotated[str | None, typer.Option(help="data vintage (default: pinned, else bundled)")] = None,
    file: Annotated[Path | None, typer.Option(help="cumulative_timelines_by_designer.csv instead of a vintage")] = None,
    date: Annotated[str | None, typer.Option(help="stock at this date (ISO; default: latest quarter end)")] = None,
    since: Annotated[int | None, typer.Option(help="first year of the growth fit")] = None,
    include_incomplete: Annotated[bool, typer.Option(help="count quarters Epoch flags Incomplete")] = False,
    by_chip: Annotated[bool, typer.Option(help="sum the quarterly table by chip type (timelines_by_chip.csv) "
                                          "instead, per designer and chip, checked against the cumulative table")] = False,
    format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
) -> None:
    """AI compute stock sold, in H100-equivalents, from Epoch's chip-sales data: level, 5-95% band, growth."""
    if by_chip:
        run_guarded(_stock_by_chip, vintage, file, date, include_incomplete, format)
    else:
        run_guarded(_stock, vintage, file, date, since, include_incomplete, format)


def _source_file(vintage, file, dataset: str, what: str):
    from ..datasets import read

    if file is not None:
        return file, None
    v, use = read.open_vintage(vintage)
    path = read.member_file(v, use, dataset, what)
    say_vintage(use)
    return path, use


def _stock(vintage, file, date, since, include_incomplete, fmt) -> None:
    from ..datasets.chip_sales import load_chip_sales, stock_at, stock_trend

    path, use = _source_file(vintage, file, "chip-sales", "data stock")
    sales = load_chip_sales(path)
    s = stock_at(sales, date, include_incomplete)
    trend = stock_trend(sales, since)
    out = {**s, "growth": trend.to_dict(), "vintage": use.to_dict() if use else None, "file": str(path)}
    if fmt == TableOrJson.json:
        print_json(out)
        return
    console.print(f"compute stock sold by {s['date']}: {s['h100e_median'] / 1e6:.2f}M H100e (5-95%: "
                  f"{s['h100e_p5'] / 1e6:.2f}-{s['h100e_p95'] / 1e6:.2f}M; {s['designers']} designers)",
                  highlight=False)
    console.print(f"growth: {trend.growth_per_year:.2f}x/yr [{trend.ci90[0]:.2f}, {trend.ci90[1]:.2f}], doubling "
                  f"{trend.doubling_time_years * 12:.1f} months (n={trend.n} quarter ends)", highlight=False)


def _stock_by_chip(vintage, file, date, include_incomplete, fmt) -> None:
    from ..datasets import read
    from ..datasets.chip_sales import BY_CHIP_MEMBER, cross_check, load_chip_sales, load_sales_by_chip, quarterly_totals

    if file is not None:
        path, use, cumulative = file, None, None
    else:
        v, use = read.open_vintage(vintage)
        path = read.member_file(v, use, "chip-sales", "data stock --by-chip", member=BY_CHIP_MEMBER)
        cumulative = load_chip_sales(read.member_file(v, use, "chip-sales", "data stock --by-chip"))
        say_vintage(use)
    totals = quarterly_totals(load_sales_by_chip(path), date, include_incomplete)
    check = cross_check(totals, cumulative, include_incomplete) if cumulative is not None else {}
    out = {**totals, "cumulative_check": check, "vintage": use.to_dict() if use else None, "file": str(path)}
    if fmt == TableOrJson.json:
        print_json(out)
        return
    band = (f" (5-95%: {totals['h100e_p5'] / 1e6:.2f}-{totals['h100e_p95'] / 1e6:.2f}M, the sum of the quarters' "
            "bands)") if "h100e_p5" in totals else ""
    console.print(f"compute sold through {totals['date']}, summed over {totals['quarters']} quarters: "
                  f"{totals['h100e_median'] / 1e6:.2f}M H100e{band}", highlight=False)
    table = Table("designer", "sum of quarters, M H100e", "cumulative table, M H100e", "difference")
    for d, t in totals["designers"].items():
        c = check.get(d)
        table.add_row(d, f"{t['h100e_median'] / 1e6:.3f}", f"{c['cumulative'] / 1e6:.3f}" if c else "-",
                      f"{100 * c['relative_difference']:+.1f}%" if c else "-")
    console.print(table)
    top = Table("chip type", "designer", "sum of quarters, M H100e", title="largest chip types")
    for row in totals["chips"][:10]:
        top.add_row(row["chip"], row["designer"], f"{row['h100e_median'] / 1e6:.3f}")
    console.print(top)


@data_app.command("centres")
def centres_command(
    vintage: Annotated[str | None, typer.Option(help="data vintage (default: pinned, else bundled)")] = None,
    file: Annotated[Path | None, typer.Option(help="data_center_timelines.csv instead of a vintage")] = None,
    since: Annotated[int | None, typer.Option(help="first year end shown")] = None,
    until: Annotated[int, typer.Option(help="last year end shown", min=1900, max=2100)] = 2028,
    as_of: Annotated[str | None, typer.Option(help="dates after this are projections (default: today)")] = None,
    format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
) -> None:
    """Power of the frontier data centres Epoch tracks, by year end: observed, then Epoch's planned builds."""
    run_guarded(_centres, vintage, file, since, until, as_of, format)


def _centres(vintage, file, since, until, as_of, fmt) -> None:
    from ..datasets.data_centres import load_data_centres, supply_by_year
    from ..retro.scorecard import records

    path, use = _source_file(vintage, file, "data-centres", "data centres")
    table = supply_by_year(load_data_centres(path), since=since, until=until, as_of=as_of)
    if fmt == TableOrJson.json:
        print_json({"by_year": [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in r.items()}
                                for r in records(table)],
                    "vintage": use.to_dict() if use else None, "file": str(path)})
        return
    t = Table(title="frontier data centres: total facility power at year end")
    for col in ("year", "GW", "x/yr", "sites", ""):
        t.add_column(col, justify="right")
    for r in records(table):
        g = r["growth_per_year"]
        t.add_row(str(r["year"]), f"{r['power_gw']:.2f}", "" if g is None or not math.isfinite(g) else f"{g:.2f}",
                  str(r["sites"]), "projected (Epoch)" if r["projected"] else "")
    console.print(t)
