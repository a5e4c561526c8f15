"""``bioanchors scorecard`` (each model's dated projections against a data vintage) and ``bioanchors backtest``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from .common import (
    SEED_RANGE,
    TableOrJson,
    check_plot_path,
    console,
    err_console,
    print_json,
    run_guarded,
    write_plot,
)


def register(app: typer.Typer) -> None:
    app.command("scorecard")(scorecard_command)
    app.command("backtest")(backtest_command)


def scorecard_command(
    scenarios: Annotated[list[str] | None, typer.Argument(
        help="scenarios to score (default: cotra2020 measured-2025 direct-approach metr-horizon)")] = None,
    vintage: Annotated[str | None, typer.Option(help="data vintage (default: pinned, else bundled)")] = None,
    draws: Annotated[int, typer.Option(help="parameter draws for the 90% bands", min=100, max=100_000)] = 2000,
    seed: Annotated[int, typer.Option(help="seed of the draws", **SEED_RANGE)] = 0,
    format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
    plot: Annotated[Path | None, typer.Option(help="write one chart per quantity (.png/.svg/.pdf)")] = None,
) -> None:
    """Model versus reality: log error per year and whether the realised value fell in the model's 90% band."""
    run_guarded(_scorecard, scenarios, vintage, draws, seed, format, plot)


def _scorecard(scenarios, vintage, draws, seed, fmt, plot) -> None:
    from ..retro.scorecard import DEFAULT_SCENARIOS, records, scorecard

    check_plot_path(plot)
    res = scorecard(scenarios or DEFAULT_SCENARIOS, vintage=vintage, draws=draws, seed=seed)
    v = res.vintage
    err_console.print(f"data vintage: {v['name']} ({v['chosen']})", highlight=False, markup=False)
    if plot is not None:
        write_plot(res.plot, plot)
    if fmt == TableOrJson.json:
        print_json(res.to_dict())
        return
    t = Table(title=f"Scorecard against data vintage {v['name']}: projection - realised [OOM]")
    for col in ("scenario", "quantity", "years", "mean |error|", "mean error", "inside 90%"):
        t.add_column(col, justify="left" if col in ("scenario", "quantity") else "right", no_wrap=True)
    for r in records(res.summary()):
        t.add_row(r["scenario"], r["quantity"], r["years"], f"{r['mean_abs_error_oom']:.2f}",
                  f"{r['mean_error_oom']:+.2f}", r["inside90"] or "no band")
    console.print(t)
    for n in res.notes:
        console.print(f"note: {n}", highlight=False, markup=False)


def backtest_command(
    vintage: Annotated[str | None, typer.Option(help="data vintage (default: pinned, else bundled)")] = None,
    first: Annotated[int, typer.Option("--from", help="first vantage year", min=1950, max=2100)] = 2016,
    last: Annotated[int, typer.Option("--to", help="last vantage year", min=1950, max=2100)] = 2023,
    window: Annotated[int, typer.Option(help="years of data before each vantage to fit", min=2, max=50)] = 8,
    bootstrap: Annotated[int, typer.Option(help="bootstrap resamples of each fit, 100 to 10,000")] = 500,
    seed: Annotated[int, typer.Option(help="bootstrap seed", **SEED_RANGE)] = 0,
    format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
    plot: Annotated[Path | None, typer.Option(help="write mean |error| by vantage (.png/.svg/.pdf)")] = None,
) -> None:
    """Fit on data before each vantage year only, project, score against what followed (fitted, Cotra, Davidson)."""
    run_guarded(_backtest, vintage, first, last, window, bootstrap, seed, format, plot)


def _backtest(vintage, first, last, window, n_boot, seed, fmt, plot) -> None:
    from ..datasets.read import trend_data
    from ..errors import BioanchorsError
    from ..retro.backtest import backtest
    from ..retro.scorecard import records
    from ..trends.inputs import check_count

    if last < first:
        raise BioanchorsError(f"--from {first} is after --to {last}")
    check_count(n_boot, "--bootstrap")
    check_plot_path(plot)
    td, use = trend_data(vintage)
    err_console.print(use.line(), highlight=False, markup=False)
    res = backtest(td, range(first, last + 1), window_years=window, n_boot=n_boot, seed=seed)
    if plot is not None:
        write_plot(res.plot, plot, figsize=(6, 4))
    if fmt == TableOrJson.json:
        print_json({**res.to_dict(), "vintage": use.to_dict()})
        return
    t = Table(title=f"Backtests {first}-{last}: mean |projection - realised| [OOM] and 90% coverage")
    for col in ("method", "factor", "cells", "mean |error|", "mean error", "coverage 90%"):
        t.add_column(col, justify="left" if col in ("method", "factor") else "right")
    for r in records(res.summary()):
        cov = "no band" if r["coverage90"] is None else f"{r['coverage90']:.0%}"
        t.add_row(r["method"], r["factor"], str(r["n"]), f"{r['mean_abs_error_oom']:.2f}",
                  f"{r['mean_error_oom']:+.2f}", cov)
    console.print(t)
    bv = res.by_vantage()
    t2 = Table(title="mean |error| [OOM] by vantage year")
    t2.add_column("vantage")
    for m in bv.columns:
        t2.add_column(m, justify="right")
    for v, row in bv.iterrows():
        t2.add_row(str(v), *[f"{x:.2f}" for x in row])
    console.print(t2)
    for n in res.notes:
        console.print(f"note: {n}", highlight=False, markup=False)
