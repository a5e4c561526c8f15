"""``bioanchors retro``: what happened with bio anchors, re-runnable on new data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text

from .common import TableOrJson, console, print_json, run_guarded, write_plot
from .trends import load_trend_data, vintage_of

ROW_LABELS = {"spend": "spend", "flop_per_dollar": "FLOP/$", "run_length": "run length", "real_compute": "real compute",
              "algorithmic": "algorithmic progress", "effective_compute": "effective compute"}


def register(app: typer.Typer) -> None:
    app.command("retro")(retro_command)


def retro_command(
    data: Annotated[Optional[list[Path]], typer.Option("--data", help="Epoch AI CSV export(s); bundled data otherwise")] = None,
    since: Annotated[int, typer.Option(help="first year of the 'measured' fits")] = 2018,
    against: Annotated[str, typer.Option(help="parameter set whose values replace Cotra's: measured or epoch")] = "measured",
    efficiency: Annotated[Optional[Path], typer.Option(
        help="efficiency CSV: its fitted trend is the measured algorithmic progress")] = None,
    efficiency_dataset: Annotated[Optional[str], typer.Option(help="bundled efficiency dataset (alexnet, ...) to use instead")] = None,
    vantage: Annotated[Optional[int], typer.Option(help="hindcast: fit with data before this year, score what followed")] = None,
    window: Annotated[int, typer.Option(help="hindcast: years of data before the vantage to fit")] = 8,
    bootstrap: Annotated[int, typer.Option(help="bootstrap resamples for the fits, 100 to 10,000")] = 500,
    seed: Annotated[int, typer.Option(help="bootstrap seed, 0 to 4294967295")] = 0,
    format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
    plot: Annotated[Optional[Path], typer.Option(help="write the re-run medians chart (.png/.svg)")] = None,
    data_vintage: Annotated[Optional[str], typer.Option(
        "--data-vintage", help="data vintage to read when no --data is given (default: pinned, else bundled)")] = None,
) -> None:
    """What happened with bio anchors: growth by parameter set, re-runs with measured inputs, hindcast."""
    run_guarded(_run, data, since, against, efficiency, efficiency_dataset, vantage, window, bootstrap, seed, format, plot,
                data_vintage)


def _algorithmic_from_efficiency(path, dataset, seed):
    """(x/yr, source) from the efficiency estimator, or (None, None)."""
    if path is None and dataset is None:
        return None, None
    from ..efficiency import estimate_efficiency_trend, load_dataset, read_efficiency_csv

    rows = read_efficiency_csv(path) if path is not None else load_dataset(dataset)
    est = estimate_efficiency_trend(rows, rng=seed, where=str(path or dataset))
    d = est.to_dict()
    return float(d["growth_per_year"]), (f"bioanchors efficiency on {path or dataset}: halving every "
                                         f"{d['halving_time_months']:.1f} months")


def _run(data, since, against, eff_path, eff_dataset, vantage, window, n_boot, seed, fmt, plot, data_vintage=None):
    from ..errors import BioanchorsError
    from ..retro import hindcast, retrospective
    from ..trends.accounting import get_parameter_set, load_parameter_sets
    from ..trends.inputs import check_count, check_seed, clip

    if against not in {"measured", "epoch"}:
        raise BioanchorsError(f"--against {clip(against)}: choose measured or epoch")
    check_count(n_boot, "--bootstrap")
    check_seed(seed)
    td = load_trend_data(data, data_vintage, say=fmt != TableOrJson.json)
    algo, algo_source = _algorithmic_from_efficiency(eff_path, eff_dataset, seed)
    sets = load_parameter_sets()
    sets["measured"] = get_parameter_set("measured", data=td, since=since, n_boot=n_boot, seed=seed,
                                         algorithmic_progress_per_year=algo, algorithmic_source=algo_source)
    hc = hindcast(td, vantage, window_years=window, seed=seed, n_boot=n_boot) if vantage is not None else None
    # e.g. the frontier fallback on an export without Epoch's flag
    notes = [n for n in sets["measured"].notes if "Frontier model" in n]
    if algo is not None:
        notes.append(f"measured algorithmic progress: {algo:.2f}x/yr ({algo_source})")
    res = retrospective(sets, against, hc, notes)
    if fmt == TableOrJson.json:
        print_json({**res.to_dict(), "data_vintage": vintage_of(td)})
    else:
        _tables(res)
    if plot is not None:
        write_plot(res.plot, plot)


def _published_columns(res) -> dict[str, dict[str, float]]:
    """Column title -> row -> published x/yr, for the sets the post publishes."""
    from ..retro.published import TOOL_ROW

    cols: dict[str, dict[str, float]] = {}
    if res.published is not None:
        for set_name, cells in res.published.to_dict().items():
            cols[f"{set_name} (ACX)"] = {TOOL_ROW[f]: v for f, v in cells.items()}
    return cols


def _tables(res) -> None:
    df = res.to_frame()
    pub = _published_columns(res)
    t = Table(title="What happened with bio anchors: yearly growth multipliers [x/yr], each column over the "
                    "years under its name; (ACX) = the retrospective's table as published (Feb 2026)")
    t.add_column("factor")
    windows = res.windows()
    for col in [*df.columns, *pub]:
        t.add_column(f"{col}\n{windows[col]}" if windows.get(col) else col, justify="right")
    for key, row in df.iterrows():
        bold = key in {"real_compute", "effective_compute"}
        cells = ["" if v != v else f"{v:.2f}" for v in row] + [f"{pub[c][key]:.1f}" if key in pub[c] else "" for c in pub]
        t.add_row(*[Text(c, style="bold" if bold else "") for c in (ROW_LABELS[key], *cells)])
    console.print(t)
    if res.published is not None:
        src = res.published.source
        console.print(f"Published: {src.get('author', '')}, \"{src.get('title', '')}\", {src.get('venue', '')}, "
                      f"{src.get('date', '')}, {src.get('url', '')}. Blank: not published in the post's text.",
                      highlight=False, markup=False)
        from ..retro.published import difference_lines  # lazy: retro pulls in pandas

        for line in difference_lines(res.published_rows()):
            console.print(f"  {line}", highlight=False, markup=False)
    for line in res.gap_lines():
        console.print(f"  {line}", highlight=False, markup=False)
    for name, pset in res.sets.items():
        console.print(f"  {name}: spend = {pset.spend_measure}" + (" (includes run length)" if pset.run_length_in_spend else ""),
                      style="dim", highlight=False, markup=False)
    check = res.to_dict()["direct_compute_check"]
    for name, ratio in check.items():
        if ratio is not None:
            console.print(f"  check ({name}, {res.sets[name].window}): measured compute growth / (spend x FLOP/$ "
                          f"[x run length]) = {ratio:.2f} (1 = the factors account for all of it)", style="dim",
                          highlight=False, markup=False)
    rr = res.reruns_frame()
    t2 = Table(title=f"cotra2020 re-run with {res.against} values, one input at a time (levels and ceilings kept)")
    for col in ("replaced", "median year", "P(2030)", "P(2036)", "P(2040)", "P(2050)"):
        t2.add_column(col, justify="left" if col == "replaced" else "right")
    for name, row in rr.iterrows():
        med = "after 2100" if row.median_year is None or row.median_year != row.median_year else str(int(row.median_year))
        t2.add_row(name.replace("algorithmic_caps", "caps lifted").replace("progress_from_2020", "counted from 2020"), med,
                   *[f"{row[c]:.3f}" for c in ("p2030", "p2036", "p2040", "p2050")])
    console.print(t2)
    for note in res.notes:
        console.print(f"note: {note}", highlight=False)
    console.print(res.summary_line(), highlight=False)
    if res.hindcast is not None:
        h = res.hindcast
        t3 = Table(title=f"Hindcast from {h.vantage}: mean |projection - realised| [OOM], {int(h.years[0])}-{int(h.years[-1])}")
        before, since = f"{h.vantage - h.window_years}-{h.vantage - 1}", f"{h.vantage}-{int(h.years[-1])}"
        for col in ("factor", f"fit to {before}", "Cotra 2020 inputs", f"growth {before} [x/yr]",
                    f"growth {since} [x/yr]"):
            t3.add_column(col, justify="left" if col == "factor" else "right")
        for k, v in h.mean_abs_error().items():
            t3.add_row(k, f"{v['fitted']:.2f}", f"{v['cotra2020']:.2f}", f"{h.fitted_growth[k]:.2f}",
                       f"{h.realised_growth[k]:.2f}")
        console.print(t3)
