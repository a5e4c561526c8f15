"""``bioanchors trends``: fit measured growth trends (compute, cost, duration, FLOP/$)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np
import typer
from rich import box
from rich.table import Table

from .common import TableOrJson, console, err_console, print_json, run_guarded, write_plot


def load_trend_data(paths, vintage=None, say: bool = True):
    """Load Epoch exports (bundled tables where a kind is missing); report counted skips on stderr.

    Without files, the data vintage is read (``vintage``, else the pinned one, else bundled) and
    named: on stderr when ``say`` (table output); JSON output carries it as ``data_vintage``
    (:func:`vintage_of`).
    """
    from ..trends.epoch_loaders import load_data

    if paths:
        if vintage is not None:
            from ..errors import BioanchorsError

            raise BioanchorsError("--data and --vintage: give one (files, or a vintage from 'bioanchors data list')")
        td = load_data(paths)
    else:
        from ..datasets.read import trend_data

        td, use = trend_data(vintage)
        td.vintage_use = use  # vintage_of(): which vintage the JSON names
        if say:
            err_console.print(use.line(), highlight=False, markup=False)
    for rep in td.reports:
        if rep.n_skipped or rep.warnings or rep.skipped.get(("date", "missing")):
            err_console.print(rep.summary(), highlight=False, markup=False)
    return td


def vintage_of(td) -> dict | None:
    """The data vintage ``td`` came from (None for files given with --data), for JSON output."""
    use = getattr(td, "vintage_use", None)
    return use.to_dict() if use is not None else None


# Human names of the fitted trends (the JSON keeps the keys).
TREND_NAMES = {"training_compute": "training compute", "training_cost": "training cost",
               "training_duration": "training duration", "flop_per_dollar": "FLOP per dollar"}


def _run(data, since, until, fmt, plot, frontier, top_n, residual_threshold, precision, cost_measure, seed, n_boot,
         accounting, algorithmic_progress, vintage=None):
    from ..trends.accounting import PUBLISHED_SETS, account, load_parameter_sets, measured_parameter_set
    from ..trends.fitting import fit_trends

    td = load_trend_data(data, vintage, say=fmt is not TableOrJson.json)
    report = fit_trends(td, since=since, until=until, frontier=frontier, top_n=top_n, residual_oom=residual_threshold,
                        precision=precision, cost_measure=cost_measure, seed=seed, n_boot=n_boot)
    accounts = []
    if accounting:
        sets = load_parameter_sets()
        accounts = [account(sets[n]) for n in PUBLISHED_SETS]
        accounts.append(account(measured_parameter_set(report, algorithmic_progress_per_year=algorithmic_progress,
                                                       algorithmic_source="--algorithmic-progress")))
    if plot is not None:
        write_plot(report.plot, plot)
    if fmt is TableOrJson.json:
        out = report.to_dict()
        out["load_reports"] = [r.to_dict() for r in td.reports]
        out["data_vintage"] = vintage_of(td)
        if accounts:
            out["accounting"] = {a.params.name: a.to_dict() for a in accounts}
        print_json(out)
        return
    s = report.settings
    table = Table(title=f"Measured trends, {s.since or 'start'}-{s.until or 'end'} "
                        f"(frontier: {s.frontier}, FLOP/$ precision: {s.precision}, cost: {report.cost_measure})")
    # Units in every header (the console reads no markup: "[yr]" is printed as written).
    for col in ("trend", "x/yr", "90% CI [x/yr]", "OOM/yr", "doubling [years]", "n"):
        table.add_column(col, justify="left" if col == "trend" else "right", no_wrap=True)
    for k, f in report.fits.items():
        table.add_row(TREND_NAMES.get(k, k.replace("_", " ")), f"{f.growth_per_year:.2f}",
                      f"{f.ci90[0]:.2f}-{f.ci90[1]:.2f}", f"{f.oom_per_year:.3f}",
                      f"{f.doubling_time_years:.2f}" if np.isfinite(f.doubling_time_years) else "none (flat)",
                      str(f.n))
    console.print(table)
    for note in report.notes:
        console.print(f"note: {note}", highlight=False)
    if accounts:
        t2 = Table(title="Effective-compute accounting [x/yr]", box=box.SIMPLE, pad_edge=False)
        for col in ("set", "spend", "FLOP/$", "run", "real", "algo", "eff", "direct", "ratio"):
            t2.add_column(col, justify="left" if col == "set" else "right", no_wrap=True)
        for a in accounts:
            p = a.params
            rl = f"{p.run_length.multiplier:.2f}" + ("†" if p.run_length_in_spend else "")
            t2.add_row(p.name + ("*" if p.uncertain else ""), f"{p.spend.multiplier:.2f}",
                       f"{p.flop_per_dollar.multiplier:.2f}", rl, f"{a.real_compute_per_year:.2f}",
                       f"{p.algorithmic.multiplier:.2f}", f"{a.effective_compute_per_year:.2f}",
                       "" if a.direct_compute_per_year is None else f"{a.direct_compute_per_year:.2f}",
                       "" if a.mismatch_per_year is None else f"{a.mismatch_per_year:.2f}")
        console.print(t2)
        console.print("* values flagged uncertain in parameter_sets.toml. † run length is inside the spend measure, not multiplied "
                      "again. eff = real x algo. ratio = direct / real (the check). "
                      "measured: algorithmic progress is not fitted (Epoch's published value unless "
                      "--algorithmic-progress is given).", highlight=False)


def _run_horizon(path, since, until, fmt, plot, models, intervals, seed, n_boot, vintage=None):
    """``--horizon``: fit METR's 50% time-horizon trend instead of the four Epoch trends."""
    from ..models.metr_horizon import WORK_MONTH_HOURS, crossing_year, log10_minutes_of_hours
    from ..trends.metr_horizons import fit_horizon_trend, load_horizons

    if path is None:
        from ..datasets.read import horizon_data

        data, use = horizon_data(vintage)
        if fmt is not TableOrJson.json:
            err_console.print(use.line(), highlight=False, markup=False)
    else:
        data, use = load_horizons(path), None
    if data.report.n_skipped:
        err_console.print(data.report.summary(), highlight=False, markup=False)
    fit = fit_horizon_trend(data, since=since, until=until, models=models, n_boot=n_boot, seed=seed,
                            interval_noise=intervals)
    if plot is not None:
        write_plot(fit.plot, plot)
    month = float(crossing_year(fit.log10_minutes_at_anchor, fit.anchor_year, fit.doubling_time_months,
                                log10_minutes_of_hours(WORK_MONTH_HOURS)))
    if fmt is TableOrJson.json:
        print_json({"p50_horizon": fit.to_dict(), "work_month_crossing_year": month, "data": data.describe(),
                    "settings": {"since": since, "until": until, "models": models, "interval_noise": intervals,
                                 "seed": seed, "n_boot": n_boot},
                    "load_reports": [data.report.to_dict()], "data_vintage": use.to_dict() if use else None})
        return
    _print_horizon_table(fit, data, since, until, month)


def _print_horizon_table(fit, data, since, until, month) -> None:
    f = fit.trend
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True,  # 80 columns with units
                  title=f"METR 50% time horizon, {since or 'start'}-{until or 'end'} "
                        f"({fit.models} models, {data.benchmark or 'METR'})")
    for col in ("trend", "x/yr", "90% CI", "OOM/yr", "doubling [months]", "90% CI [months]", "n"):
        table.add_column(col, justify="left" if col == "trend" else "right", no_wrap=True)
    lo, hi = fit.doubling_interval_months(0.90)
    table.add_row("50% horizon" if f.name == "p50_horizon" else f.name, f"{f.growth_per_year:.2f}",
                  f"{f.ci90[0]:.2f}-{f.ci90[1]:.2f}", f"{f.oom_per_year:.3f}",
                  f"{fit.doubling_time_months:.2f}", f"{lo:.2f}-{hi:.2f}", str(f.n))
    console.print(table)
    a_lo, a_hi = fit.anchor_interval_log10(0.90)
    console.print(f"note: trend level {10 ** fit.log10_minutes_at_anchor:.1f} min at {fit.anchor_year:.2f} "
                  f"(90% CI {10 ** a_lo:.1f}-{10 ** a_hi:.1f}); one work-month (167 h) on this trend in {month:.1f}",
                  highlight=False)
    console.print(f"note: {f.note}; METR (Kwa et al. 2025): 212-day doubling (95% CI 171-249) over 2019-2025",
                  highlight=False)


def _check_data_options(horizon: bool, data, horizon_data) -> None:
    """Each data option belongs to one mode: a file given to the other mode would be ignored (issue 23)."""
    from ..errors import BioanchorsError

    if horizon and data:
        raise BioanchorsError("--data reads Epoch AI CSVs for the Epoch trends and is not read with --horizon; "
                              "give METR's benchmark_results.yaml with --horizon-data instead")
    if not horizon and horizon_data is not None:
        raise BioanchorsError("--horizon-data is read only with --horizon; add --horizon, "
                              "or give Epoch AI CSVs with --data")


def register(app: typer.Typer) -> None:
    @app.command("trends")
    def trends(
        data: Optional[list[Path]] = typer.Option(
            None, "--data", help="Epoch AI CSV export(s): models and/or ml_hardware; repeat for several. "
                                 "Default: the bundled tables."),
        since: Optional[int] = typer.Option(2018, "--since", help="First year of the fit window (inclusive)."),
        until: Optional[int] = typer.Option(None, "--until", help="Last year of the fit window (inclusive)."),
        fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", help="Output format."),
        plot: Optional[Path] = typer.Option(None, "--plot", help="Write scatter + fit + 90% band (.png/.svg/.pdf)."),
        frontier: str = typer.Option("auto", "--frontier",
                                     help="auto (epoch-flag if the export has Epoch's flag, else top-n) | epoch-flag "
                                          "| top-n | residual."),
        top_n: int = typer.Option(10, "--top-n", help="N for --frontier top-n."),
        residual_threshold: float = typer.Option(0.5, "--residual-threshold",
                                                 help="OOM above the all-models trend for --frontier residual."),
        precision: str = typer.Option("best", "--precision",
                                      help="FLOP/$ precision: best | fp32 | tf32 | fp16 | fp16_tensor | fp16_plain "
                                           "| fp8 | fp64."),
        cost_measure: str = typer.Option("auto", "--cost-measure", help="auto | 2023usd | cloud | upfront."),
        seed: int = typer.Option(0, "--seed", help="Bootstrap seed, 0 to 4294967295."),
        n_boot: int = typer.Option(2000, "--n-boot", help="Bootstrap resamples, 100 to 10,000."),
        accounting: bool = typer.Option(False, "--accounting", help="Also print effective-compute accounting."),
        algorithmic_progress: Optional[float] = typer.Option(
            None, "--algorithmic-progress", help="x/yr for the 'measured' set (default: Epoch's published 3x/yr)."),
        horizon: bool = typer.Option(False, "--horizon",
                                     help="Fit METR's 50% task-completion time horizon instead (docs/trends.md)."),
        horizon_data: Optional[Path] = typer.Option(
            None, "--horizon-data", help="METR benchmark_results.yaml for --horizon. Default: the bundled "
                                         "METR-Horizon-v1 copy (GPT-2 2019 to GPT-5 Aug 2025)."),
        horizon_models: str = typer.Option("sota", "--horizon-models",
                                           help="sota (METR's state-of-the-art models, their headline trend) | all."),
        horizon_intervals: bool = typer.Option(
            True, "--horizon-intervals/--no-horizon-intervals",
            help="Also draw each model's horizon from its published 95% interval in the bootstrap."),
        vintage: Optional[str] = typer.Option(
            None, "--vintage", help="Data vintage to read when no file is given (default: pinned, else bundled; "
                                    "bioanchors data list)."),
    ) -> None:
        """Fit log-linear trends with 90% bootstrap CIs: frontier training compute, cost, duration, FLOP/$."""
        run_guarded(_check_data_options, horizon, data, horizon_data)
        if horizon:
            run_guarded(_run_horizon, horizon_data, since, until, fmt, plot, horizon_models, horizon_intervals, seed,
                        n_boot, vintage)
            return
        run_guarded(_run, data, since, until, fmt, plot, frontier, top_n, residual_threshold, precision, cost_measure,
                    seed, n_boot, accounting, algorithmic_progress, vintage)
