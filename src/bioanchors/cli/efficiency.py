"""``bioanchors efficiency``: estimate algorithmic progress from measurements."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer
from rich.table import Table

from ..errors import BioanchorsError
from .common import TableOrJson, console, print_json, run_guarded, write_plot


class Method(str, Enum):
    frontier = "frontier"
    compute_equivalent = "compute-equivalent"


def _fmt(x, spec=".3g"):
    return "unbounded" if x is None else format(x, spec)


def _print_trend_table(res, label: str) -> None:
    d = res.to_dict()
    t = Table(title=f"Algorithmic efficiency, Hernandez & Brown method: {label}", show_header=True)
    t.add_column("quantity")
    t.add_column("value", justify="right")
    ci = d["ci90_months"]
    pct = int(round(res.confidence * 100))
    t.add_row("halving time of compute needed [months]", f"{d['halving_time_months']:.1f}")
    if ci is not None:
        t.add_row(f"{pct}% CI, bootstrap over systems [months]", f"{_fmt(ci[0], '.1f')} - {_fmt(ci[1], '.1f')}")
    if d["ci90_months_ols"] is not None:
        lo, hi = d["ci90_months_ols"]
        t.add_row(f"{pct}% CI, OLS t-interval [months]", f"{_fmt(lo, '.1f')} - {_fmt(hi, '.1f')}")
    t.add_row("efficiency growth [x/yr]", f"{d['growth_per_year']:.3g}")
    t.add_row("efficiency growth [OOM/yr]", f"{d['oom_per_year']:.3g}")
    if d["reduction_factor"] is not None:
        t.add_row("reduction over the span, first/last record [x]", f"{d['reduction_factor']:.3g}")
    else:
        for task, rf in d["reduction_factor_by_task"].items():
            t.add_row(f"reduction over the span, {task} [x]", f"{rf:.3g}")
    for task, rf in d["stated_reduction_factor_by_task"].items():
        t.add_row(f"reduction stated in the table{', ' + task if len(d['tasks']) > 1 else ''} [x] (not used)",
                  f"{rf:.3g}")
    t.add_row("reduction over the span, fitted line [x]", f"{d['fitted_reduction_factor']:.3g}")
    t.add_row("points fitted", f"{d['n']} ({'all' if res.all_points else 'record-setting'})")
    t.add_row("span", f"{d['span'][0]} to {d['span'][1]}")
    if len(d["tasks"]) > 1:
        t.add_row("tasks (shared slope, own levels)", ", ".join(d["tasks"]))
    t.add_row("bootstrap resamples (skipped degenerate)", f"{d['bootstrap']} ({d['bootstrap_degenerate']})")
    console.print(t)
    for w in res.warnings:
        console.print(f"note: {w}", highlight=False, markup=False)


def _print_ce_table(res, label: str) -> None:
    d = res.to_dict()
    t = Table(title=f"Algorithmic progress, compute-equivalent method: {label}")
    t.add_column("quantity")
    t.add_column("value", justify="right")
    pct = int(round(res.confidence * 100))
    t.add_row("compute-equivalent gain c/b [OOM/yr]", f"{d['oom_per_year']:.3g}")
    if d["ci90_oom_per_year"] is not None:
        lo, hi = d["ci90_oom_per_year"]
        t.add_row(f"{pct}% CI [OOM/yr]", f"{lo:.3g} - {hi:.3g}")
    t.add_row("growth [x/yr]", f"{d['growth_per_year']:.3g}")
    t.add_row("halving time of compute needed [months]", _fmt(d["halving_time_months"], ".1f"))
    if d["ci90_months"] is not None:
        lo, hi = d["ci90_months"]
        t.add_row(f"{pct}% CI [months]", f"{_fmt(lo, '.1f')} - {_fmt(hi, '.1f')}")
    co = d["coefficients"]
    t.add_row("fit f(score) = a + b log10 C + c year", f"b={co['b']:.4g}, c={co['c']:.4g} ({d['transform']})")
    t.add_row("rows", str(d["n"]))
    t.add_row("span", f"{d['span'][0]} to {d['span'][1]}")
    t.add_row("bootstrap resamples (skipped degenerate)", f"{d['bootstrap']} ({d['bootstrap_degenerate']})")
    console.print(t)


def efficiency_command(
    file: Optional[Path],
    dataset: Optional[str],
    task: Optional[str],
    all_points: bool,
    fmt: TableOrJson,
    plot: Optional[Path],
    seed: int,
    bootstrap: int,
    table_dates: bool,
    method: Method,
    logit: bool,
) -> None:
    import numpy as np

    from ..efficiency import (
        DEFAULT_DATASET,
        estimate_efficiency_trend,
        fit_compute_equivalent,
        load_dataset,
        read_efficiency_csv,
    )
    from ..trends.inputs import check_count, check_seed

    if file is not None and dataset is not None:
        raise BioanchorsError("give either FILE or --dataset, not both")
    check_count(bootstrap, "--bootstrap", zero_ok=True)
    if table_dates and file is not None:
        raise BioanchorsError("--table-dates applies to bundled datasets only (with --dataset)")
    rng = np.random.default_rng(check_seed(seed))  # the only random state; passed down explicitly
    if method is Method.compute_equivalent:
        if file is None:
            raise BioanchorsError("--method compute-equivalent needs a FILE with date, compute and score columns")
        data = read_efficiency_csv(file, task=task, require_score=True)
        res: Any = fit_compute_equivalent(  # or an EfficiencyTrend below: same reporting interface
            data, transform="logit" if logit else "none", n_bootstrap=bootstrap, rng=rng, where=str(file)
        )
        label = str(file)
    else:
        if logit:
            raise BioanchorsError("--logit applies to --method compute-equivalent only")
        if file is not None:
            data = read_efficiency_csv(file, task=task)
            label = str(file)
        else:
            name = dataset or DEFAULT_DATASET
            data = load_dataset(name, task=task, table_dates=table_dates)
            label = f"dataset {name}"
        res = estimate_efficiency_trend(data, all_points=all_points, n_bootstrap=bootstrap, rng=rng, where=label)
        label += f" (task {task})" if task else ""

    if plot is not None:
        write_plot(lambda ax: res.plot(ax=ax), plot, figsize=(7, 4.5))

    if fmt is TableOrJson.json:
        print_json(res.to_dict())
    elif method is Method.compute_equivalent:
        _print_ce_table(res, label)
    else:
        _print_trend_table(res, label)


def register(app: typer.Typer) -> None:
    @app.command("efficiency")
    def efficiency(
        file: Optional[Path] = typer.Argument(
            None,
            help="CSV: system, date, compute to reach a fixed performance (+ units), optional task. "
            "Hernandez & Brown's efficiency_sota.csv loads as is. Default: --dataset alexnet.",
        ),
        dataset: Optional[str] = typer.Option(
            None, "--dataset", help="Bundled dataset: alexnet (default), resnet50, translation."
        ),
        task: Optional[str] = typer.Option(
            None, "--task", help="Keep only rows of this task / metric (e.g. AlexNet, Seq2Seq, GNMT)."
        ),
        all_points: bool = typer.Option(
            False, "--all-points", help="Fit every point, not only the record-setting ones."
        ),
        fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", help="Output format."),
        plot: Optional[Path] = typer.Option(None, "--plot", help="Write a figure (.png, .svg or .pdf)."),
        seed: int = typer.Option(0, "--seed", help="Seed of the bootstrap's random generator, 0 to 4294967295."),
        bootstrap: int = typer.Option(2000, "--bootstrap", help="Bootstrap resamples: 0 (no interval) or 100 to 10,000."),
        table_dates: bool = typer.Option(
            False, "--table-dates", help="Bundled data: use H&B's table dates unchanged (see docs/efficiency.md)."
        ),
        method: Method = typer.Option(
            Method.frontier,
            "--method",
            help="frontier: Hernandez & Brown fit; compute-equivalent: fit score = a + b log10 C + c year.",
        ),
        logit: bool = typer.Option(False, "--logit", help="compute-equivalent: logit-transform the score (0-1)."),
    ) -> None:
        """Estimate algorithmic progress: halving time of the compute needed for a fixed performance."""
        run_guarded(
            efficiency_command, file, dataset, task, all_points, fmt, plot, seed, bootstrap, table_dates, method, logit
        )
