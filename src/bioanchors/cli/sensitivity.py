"""``bioanchors sensitivity``: which inputs drive the forecast."""

from __future__ import annotations

from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from ..errors import BioanchorsError
from .common import (
    SEED_RANGE,
    TableOrJson,
    break_at,
    check_plot_path,
    console,
    err_console,
    finite_float,
    naming_origin,
    print_json,
    run_guarded,
    show_progress,
    write_plot,
)

MAX_SOBOL_SAMPLES = 2**16  # Sobol base samples N; N*(k+2) exact evaluations (docs/limits.md)


class Output(str, Enum):
    median_year = "median_year"
    p2030 = "p2030"
    p2040 = "p2040"
    p2050 = "p2050"


class SensMethod(str, Enum):
    oat = "oat"
    sobol = "sobol"


def register(app: typer.Typer) -> None:
    app.command("sensitivity")(sensitivity_command)


def sensitivity_command(
    scenario: Annotated[str, typer.Argument(help="scenario with uncertain inputs (e.g. cotra2020-uncertain)")] = "cotra2020-uncertain",
    output: Annotated[Output, typer.Option(help="the forecast quantity analysed (of the headline event, or of --event)")
                      ] = Output.median_year,
    event: Annotated[Optional[str], typer.Option(
        help="analyse this event's curve instead of the headline's (e.g. automation_goods_20 of ftm)")] = None,
    metric: Annotated[Optional[str], typer.Option(
        help="analyse a model metric per parameter set instead (e.g. goods_20_to_100 of ftm; undefined values "
             "count as the largest defined one)")] = None,
    method: Annotated[SensMethod, typer.Option(help="oat (tornado) or sobol (variance-based)")] = SensMethod.oat,
    samples: Annotated[int, typer.Option(help="Sobol base samples N (a power of two, 16 to 65536); "
                                              "N*(k+2) exact evaluations")] = 1024,
    seed: Annotated[int, typer.Option(help="seed of the Sobol sequence and bootstrap", **SEED_RANGE)] = 0,
    low: Annotated[float, typer.Option(help="OAT: low end of each input's interval, as a percentile",
                                       callback=finite_float)] = 5.0,
    high: Annotated[float, typer.Option(help="OAT: high end, as a percentile", callback=finite_float)] = 95.0,
    group: Annotated[bool, typer.Option("--group", help="Sobol: indices of model components, not single inputs")] = False,
    set_: Annotated[Optional[list[str]], typer.Option(
        "--set", help="override a field first, as in `bioanchors forecast`: --set spending.doubling_time_years=1.5 "
                      "(a distribution: --set 'x={dist=\"uniform\", low=1, high=3}')")] = None,
    format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
    plot: Annotated[Optional[Path], typer.Option(help="write the tornado / index chart (.png or .svg)")] = None,
) -> None:
    """Sensitivity of the forecast to its uncertain inputs; names the dominant one."""
    run_guarded(_run, scenario, (output.value, event, metric), method.value, samples, seed, low, high, group, format, plot,
                set_ or [])


def _output_name(output: str, event: str | None, metric: str | None) -> str:
    """The analysed output's name (sensitivity.outputs.parse_output): ``metric:<m>``, ``<output>@<event>``."""
    from ..sensitivity.outputs import EVENT_SEP, METRIC_PREFIX

    if metric is not None and event is not None:
        raise BioanchorsError("--metric and --event: give one (a metric is already of its own events)")
    if metric is not None:
        return f"{METRIC_PREFIX}{metric}"
    return output if event is None else f"{output}{EVENT_SEP}{event}"


def _run(scenario, output, method, samples, seed, low, high, group, fmt, plot, sets=()):
    from ..presentation import edited_name
    from ..scenario import load_scenario
    from ..sensitivity import one_at_a_time, sobol_indices
    from .forecast import apply_cli_overrides, parse_set_options

    check_plot_path(plot)  # before any work
    output = _output_name(*output)
    if method == "sobol" and not 16 <= samples <= MAX_SOBOL_SAMPLES:
        raise BioanchorsError(f"--samples {samples}: Sobol needs a power of two between 16 and {MAX_SOBOL_SAMPLES:,}")
    sc = naming_origin(scenario, apply_cli_overrides, load_scenario(scenario), list(sets))
    # Sobol evaluates N*(k+2) parameter sets and OAT 2k+1: seconds on large scenarios, so say it is running.
    with err_console.status(f"{'Sobol indices' if method == 'sobol' else 'one-at-a-time'} of {output} on {sc.name}",
                            spinner="dots") if show_progress(False) else nullcontext():
        if method == "oat":
            res = naming_origin(sc.origin, one_at_a_time, sc, output, (low / 100.0, high / 100.0))
        else:
            res = naming_origin(sc.origin, sobol_indices, sc, output, samples, seed, group_by_component=group)
    if fmt == TableOrJson.json:
        print_json({**res.to_dict(), "overrides": parse_set_options(list(sets))} if sets else res.to_dict())
    else:
        _table(res)
        if sets:
            console.print(Text(f"{edited_name(sc.name, parse_set_options(list(sets)))}: {', '.join(sets)}"),
                          highlight=False)
    if plot is not None:
        write_plot(res.plot, plot)


def _path_width(df) -> int:
    """The input column's width: the longest dotted path (at most 40), so a path is not cut mid-word."""
    return min(36, max((len(str(n)) for n in df.index), default=10))


def _table(res) -> None:
    from ..sensitivity import OATResult
    from ..sensitivity.outputs import unit_of
    df = res.to_frame()
    unit = unit_of(res.output)
    if isinstance(res, OATResult):
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True,
                  title=f"{res.scenario}: one-at-a-time sensitivity of {res.output} [{unit}] "
                        f"(central {res.central:.4g}; inputs at p{res.interval[0] * 100:g} / p{res.interval[1] * 100:g})")
        for col in ("input", "low / high", "Δ at low", "Δ at high", "swing"):
            t.add_column(col, justify="left" if col == "input" else "right", min_width=_path_width(df) if col == "input"
                         else None, overflow="fold" if col == "input" else "ellipsis")  # dotted paths in full
        for name, r in df.iterrows():
            t.add_row(break_at(name, _path_width(df)), f"{r.low:.4g} / {r.high:.4g}", f"{r.effect_low:+.3g}", f"{r.effect_high:+.3g}",
                      f"{r.swing:.3g}")
        t.caption = res.central_meaning + "."
    else:
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True,
                  title=f"{res.scenario}: Sobol indices of {res.output} (N = {res.base_samples}, "
                        f"{res.to_dict()['evaluations']:,} exact evaluations; ± is the 95% interval)")
        for col in ("input", "S1", "ST"):
            t.add_column(col, justify="left" if col == "input" else "right", min_width=_path_width(df) if col == "input"
                         else None, overflow="fold" if col == "input" else "ellipsis")  # dotted paths in full
        for name, r in df.iterrows():
            t.add_row(break_at(name, _path_width(df)), f"{r.S1:.3f} ± {r.S1_conf:.3f}", f"{r.ST:.3f} ± {r.ST_conf:.3f}")
    console.print(t)
    console.print(Text(f"Dominant input for {res.output}: ") + Text(str(res.dominant), style="bold"), highlight=False)
    if res.output.startswith("median_year"):
        err_console.print("median_year is interpolated between years; 'not by the end' counts as end year + 1.",
                          style="dim")
    elif res.output.startswith("metric:"):
        err_console.print(f"{res.output} where undefined (its end event not in the window) counts as the "
                          "largest defined value among the evaluated sets.", style="dim")
