"""``bioanchors compare A B [C ...]``: several forecasts side by side (issue 14, item 2).

Scenarios are built-in names or TOML files. ``--set FIELD=VALUE`` changes every
scenario; ``--set NAME:FIELD=VALUE`` only the scenario given as NAME on the
command line (e.g. ``--set cotra2020:evidence.vantage_year=2025``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text

from ..errors import BioanchorsError
from ..result import SUMMARY_YEARS, ForecastResult
from .common import (SEED_RANGE, TableOrJson, check_plot_path, check_samples, console, naming_origin, print_json,
                     run_guarded, write_plot)
from .forecast import Method, parse_set_options

MAX_SCENARIOS = 12


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_command)


def compare_command(
    scenarios: Annotated[list[str], typer.Argument(help="two or more built-in names or .toml files; the first is "
                                                        "the reference for the median shift")],
    method: Annotated[Method, typer.Option(help="as in `bioanchors forecast`")] = Method.auto,
    samples: Annotated[Optional[int], typer.Option(help="Monte Carlo samples or trend draws")] = None,
    seed: Annotated[int, typer.Option(help="seed of every sampled forecast", **SEED_RANGE)] = 0,
    set_: Annotated[Optional[list[str]], typer.Option(
        "--set", help="FIELD=VALUE for every scenario, or NAME:FIELD=VALUE for the one given as NAME")] = None,
    format: Annotated[TableOrJson, typer.Option("--format", help="table, or json {scenario: forecast JSON}")]
    = TableOrJson.table,
    plot: Annotated[Optional[Path], typer.Option(help="overlay the curves in this .png/.svg/.pdf")] = None,
) -> None:
    """Compare forecasts: P by the headline years, 10/50/90% years, median shift against the first."""
    run_guarded(_compare, scenarios, method.value, samples, seed, set_ or [], format.value, plot)


def split_sets(items: list[str], names: list[str]) -> dict[str, dict]:
    """``--set`` items -> {scenario name: overrides}; an item without ``NAME:`` goes to every scenario."""
    out: dict[str, dict] = {n: {} for n in names}
    for item in items:
        key = item.split("=", 1)[0]
        target, sep, rest = key.partition(":")
        if not sep:
            for n in names:
                out[n].update(parse_set_options([item]))
            continue
        if target not in out:
            raise BioanchorsError(f"--set {item!r}: '{target}' is not one of the compared scenarios "
                                  f"({', '.join(names)}); write NAME:FIELD=VALUE with NAME as given")
        out[target].update(parse_set_options([rest + item[len(key):]]))
    return out


def run_all(names: list[str], method: str, samples, seed: int, sets: list[str]) -> dict[str, ForecastResult]:
    """One forecast per scenario, keyed by the name as given."""
    from ..forecast import forecast, resolve_method
    from ..scenario import load_scenario

    if len(names) < 2 or len(names) > MAX_SCENARIOS:
        raise BioanchorsError(f"give 2 to {MAX_SCENARIOS} scenarios to compare, got {len(names)}")
    if len(set(names)) != len(names):
        raise BioanchorsError("a scenario is named twice; compare each once (copy a file to vary it)")
    overrides = split_sets(sets, names)
    out = {}
    for n in names:
        sc = load_scenario(n)
        sc = sc.replace(overrides[n]) if overrides[n] else sc
        m, k = naming_origin(sc.origin, resolve_method, sc, method, samples)
        if m != "exact":
            check_samples(k, None, m)
        out[n] = naming_origin(sc.origin, forecast, sc, m, k, seed)
    return out


def median_shift(ref: int | None, other: int | None, end: int | None = None) -> str:
    """'N years earlier/later' of ``other``'s median against ``ref``'s ('the same'); a median beyond
    the window (None) is 'after END' ('at least N years later/earlier' when the other is in it)."""
    if ref is None and other is None:
        return "after the window, as"
    if other is None:
        return f"after {end}, at least {end + 1 - ref} years later" if end is not None else "after the window"
    if ref is None:
        return f"at least {end + 1 - other} years earlier" if end is not None else "earlier (the other is after the window)"
    d = other - ref
    return "the same" if d == 0 else f"{abs(d)} year{'s' if abs(d) != 1 else ''} {'earlier' if d < 0 else 'later'}"


def _compare(names, method, samples, seed, sets, fmt, plot):
    check_plot_path(plot)
    results = run_all(names, method, samples, seed, sets)
    if fmt == "json":
        from ..weight_labels import forecast_json

        print_json({n: forecast_json(r) for n, r in results.items()})
    else:
        console.print(compare_table(results))
        for line in shift_lines(results):
            console.print(line, highlight=False)
    if plot is not None:
        write_plot(lambda ax: overlay(results, ax), plot, figsize=(8, 5))


def compare_table(results: dict[str, ForecastResult]) -> Table:
    """One row per scenario: P by the headline years (2 decimals: fits 80 columns), 10/50/90% years."""
    years = [y for y in SUMMARY_YEARS if all(r.years[0] <= y <= r.years[-1] for r in results.values())]
    t = Table(title="P(TAI by year) and percentile years")
    t.add_column("scenario", min_width=12, overflow="fold")
    for y in years:
        t.add_column(str(y), justify="right")
    for q in ("10%", "50%", "90%"):
        t.add_column(q, justify="right")
    for n, r in results.items():
        qs = r.quantiles
        fmt = lambda y: str(y) if y is not None else f">{int(r.years[-1])}"  # noqa: E731
        t.add_row(Text(n + (" *" if r.evidence else "")), *[f"{r.p_at(y):.2f}" for y in years],
                  fmt(qs[0.1]), fmt(qs[0.5]), fmt(qs[0.9]))
    return t


def shift_lines(results: dict[str, ForecastResult]) -> list[Text]:
    """'NAME: median N years earlier/later than FIRST', and what each * is conditioned on."""
    (ref_name, ref), *rest = results.items()
    end = int(min(r.years[-1] for r in results.values()))
    lines = [Text(f"{n}: median {median_shift(ref.median_year, r.median_year, end)} than {ref_name}")
             for n, r in rest]
    lines += [Text(f"* {n}: conditioned on no TAI by {r.evidence['vantage_year']} (reachable "
                   f"{r.evidence['realised_log10_effective_flop']:.2f} log10 2020-FLOP; docs/evidence.md)",
                   style="dim") for n, r in results.items() if r.evidence]
    return lines


def overlay(results: dict[str, ForecastResult], ax):
    """Every total curve on one Axes."""
    for n, r in results.items():
        ax.plot(r.years, r.p, lw=2, label=f"{n} (median {r.median_year or 'later'})")
    ax.set_ylim(0, 1)
    ax.set_xlabel("year")
    ax.set_ylabel("P(TAI by year)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    return ax
