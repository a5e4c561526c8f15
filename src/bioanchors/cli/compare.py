"""``bioanchors compare A B [C ...]``: several forecasts side by side (issue 14, item 2).

Scenarios are built-in names or TOML files. ``--set FIELD=VALUE`` changes every
scenario; ``--set NAME:FIELD=VALUE`` only the scenario given as NAME on the
command line (e.g. ``--set cotra2020:evidence.vantage_year=2025``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from ..errors import BioanchorsError
from ..presentation import edited_name, event_of_result, forecast_json, p_by
from ..result import SUMMARY_YEARS, ForecastResult
from .common import (
    SEED_RANGE,
    TableOrJson,
    break_at,
    check_plot_path,
    check_samples,
    console,
    naming_origin,
    print_json,
    run_guarded,
    write_plot,
)
from .forecast import Method, parse_set_options

MAX_SCENARIOS = 12


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_command)


def compare_command(
    scenarios: Annotated[list[str], typer.Argument(help="two or more built-in names or .toml files; the first is "
                                                        "the reference for the median shift")],
    method: Annotated[Method, typer.Option(help="as in `bioanchors forecast`")] = Method["auto"],
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
    """One forecast per scenario, keyed by the name as given (the JSON's keys). Tables and plots label
    each by the scenario's own ``name`` (a file by the name inside it, as ``sensitivity`` does; two with
    the same name, such as a scenario and an edited copy of it, also by what was given), marked as
    edited when ``--set`` changed it (:func:`label_of`)."""
    from ..forecast import forecast, resolve_method
    from ..scenario import load_scenario

    if len(names) < 2 or len(names) > MAX_SCENARIOS:
        raise BioanchorsError(f"give 2 to {MAX_SCENARIOS} scenarios to compare, got {len(names)}")
    if len(set(names)) != len(names):
        raise BioanchorsError("a scenario is named twice; compare each once (an edited copy: give its file, or "
                              "`bioanchors forecast NAME --set ... --out DIR` writes one)")
    overrides = split_sets(sets, names)
    loaded = {n: load_scenario(n) for n in names}
    counts: dict[str, int] = {}
    for sc in loaded.values():
        counts[sc.name] = counts.get(sc.name, 0) + 1
    out = {}
    for n in names:
        sc = loaded[n]
        label = sc.name if counts[sc.name] == 1 else f"{sc.name} ({n})"
        label = edited_name(label, overrides[n])
        sc = sc.replace(overrides[n]) if overrides[n] else sc
        m, k = naming_origin(sc.origin, resolve_method, sc, method, samples)
        if m != "exact":
            check_samples(k, None, m)
        out[n] = naming_origin(sc.origin, forecast, sc, m, k, seed)
        _SHOWN[id(out[n])] = (label, overrides[n])
    return out


_SHOWN: dict[int, tuple[str, dict]] = {}  # result id -> (label, overrides): results are not hashable


def label_of(name: str, res: ForecastResult) -> str:
    """How tables and plots name a compared forecast (its scenario's name, marked when edited)."""
    return _SHOWN.get(id(res), (name, {}))[0]


def overrides_of(res: ForecastResult) -> dict:
    return _SHOWN.get(id(res), ("", {}))[1]


def median_shift(ref: int | None, other: int | None, end: int | None = None) -> str:
    """'N years earlier/later' of ``other``'s median against ``ref``'s ('the same'); a median beyond
    the window (None) is 'after END' ('at least N years later/earlier' when the other is in it)."""
    if ref is None and other is None:
        return "after the window, as"
    if other is None:
        assert ref is not None  # narrowing: both None returned above
        return f"after {end}, at least {end + 1 - ref} years later" if end is not None else "after the window"
    if ref is None:
        return f"at least {end + 1 - other} years earlier" if end is not None else "earlier (the other is after the window)"
    d = other - ref
    return "the same" if d == 0 else f"{abs(d)} year{'s' if abs(d) != 1 else ''} {'earlier' if d < 0 else 'later'}"


def _compare(names, method, samples, seed, sets, fmt, plot):
    check_plot_path(plot)
    results = run_all(names, method, samples, seed, sets)
    if fmt == "json":
        print_json({n: forecast_json(r, overrides_of(r)) for n, r in results.items()})
    else:
        console.print(compare_table(results))
        for line in shift_lines(results):
            console.print(line, highlight=False)
    if plot is not None:
        write_plot(lambda ax: overlay(results, ax), plot, figsize=(8, 5))


def compare_table(results: dict[str, ForecastResult]) -> Table:
    """One row per scenario: P by the headline years (2 decimals: fits 80 columns), 10/50/90% years."""
    years = [y for y in SUMMARY_YEARS if all(r.years[0] <= y <= r.years[-1] for r in results.values())]
    # No vertical rules: eleven columns fit 80 characters with the event key.
    t = Table(title=f"{p_by(common_event(results))} and percentile years", box=box.SIMPLE_HEAD,
              pad_edge=False, collapse_padding=True)
    t.add_column("scenario", min_width=12, overflow="fold")
    keys = event_keys(results)
    if keys:  # the forecasts are of different events: a short key per row, spelt out under the table
        t.add_column("event", no_wrap=True)
    for y in years:
        t.add_column(str(y), justify="right")
    for q in ("10%", "50%", "90%"):
        t.add_column(q, justify="right")
    for n, r in results.items():
        qs = r.quantiles
        fmt = lambda y: str(y) if y is not None else f">{int(r.years[-1])}"  # noqa: E731, B023 (used in this iteration only)
        key = [Text(keys[event_of_result(r)[1]])] if keys else []
        t.add_row(break_at(label_of(n, r) + (" *" if r.evidence else ""), 15, "-"), *key, *[f"{r.p_at(y):.2f}" for y in years],
                  fmt(qs[0.1]), fmt(qs[0.5]), fmt(qs[0.9]))
    return t


def common_event(results: dict[str, ForecastResult]) -> str:
    """The event every compared forecast is of, or "each model's own event" when they differ."""
    labels = {event_of_result(r)[1] for r in results.values()}
    return labels.pop() if len(labels) == 1 else "each model's own event"


def event_keys(results: dict[str, ForecastResult]) -> dict[str, str]:
    """Event label -> a short key (E1, E2, ...) when the forecasts are of different events; else empty."""
    labels = list(dict.fromkeys(event_of_result(r)[1] for r in results.values()))
    return {label: f"E{i + 1}" for i, label in enumerate(labels)} if len(labels) > 1 else {}


def event_lines(results: dict[str, ForecastResult]) -> list[Text]:
    """The table's event keys spelt out: 'E1 (cotra2020): P(... by year)', one line per event."""
    keys = event_keys(results)
    models: dict[str, list[str]] = {}
    for r in results.values():
        models.setdefault(event_of_result(r)[1], []).append(r.model)
    return [Text(f"{key} ({', '.join(dict.fromkeys(models[label]))}): {p_by(label)}")
            for label, key in keys.items()]


def shift_lines(results: dict[str, ForecastResult]) -> list[Text]:
    """'NAME: median N years earlier/later than FIRST', each model's event, what each * is conditioned on."""
    (ref_name, ref), *rest = results.items()
    end = int(min(r.years[-1] for r in results.values()))
    lines = [Text(f"{label_of(n, r)}: median {median_shift(ref.median_year, r.median_year, end)} than "
                  f"{label_of(ref_name, ref)}") for n, r in rest]
    lines += event_lines(results)
    lines += [Text(f"* {label_of(n, r)}: conditioned on no {event_of_result(r)[1]} by {r.evidence['vantage_year']} (reachable "
                   f"{r.evidence['realised_log10_effective_flop']:.2f} log10 2020-FLOP; docs/evidence.md)",
                   style="dim") for n, r in results.items() if r.evidence]
    return lines


def overlay(results: dict[str, ForecastResult], ax):
    """Every total curve on one Axes."""
    for n, r in results.items():
        ax.plot(r.years, r.p, lw=2, label=f"{label_of(n, r)}: {event_of_result(r)[1]} (median {r.median_year or 'later'})")
    ax.set_ylim(0, 1)
    ax.set_xlabel("year")
    ax.set_ylabel(p_by(common_event(results)))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    return ax
