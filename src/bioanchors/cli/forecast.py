"""``bioanchors forecast``: run the model on a scenario and report."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from ..errors import BioanchorsError
from ..evaluation.registry import ESTIMATORS
from ..forecast import METHODS, resolve_method
from ..forecast import forecast as run_forecast
from ..presentation import SE_NOTE, edited_name, edited_toml, event_of_result, forecast_json, p_by, se_text, se_value
from ..result import SUMMARY_YEARS, ForecastResult
from .common import (
    SEED_RANGE,
    YEAR_RANGE,
    TableJsonCsv,
    check_out_dir,
    check_plot_path,
    check_samples,
    console,
    err_console,
    finite_float,
    naming_origin,
    print_json,
    run_guarded,
    show_progress,
    write_plot,
)
from .events import events_table, metrics_table

# The method choices come from the estimator registry (issue 20 item 1): a registered estimator
# is a CLI choice without editing this file.
Method = Enum("Method", {name.replace("-", "_"): name for name in METHODS}, type=str)  # type: ignore[misc]
METHOD_HELP = "auto (the model's choice), " + ", ".join(f"{n} ({e.description.split(';')[0].split(':')[0]})"
                                                         for n, e in ESTIMATORS.items())


def register(app: typer.Typer) -> None:
    app.command("forecast")(forecast_command)


def forecast_command(
    scenario: Annotated[str, typer.Argument(help="built-in scenario name or path to a .toml file")] = "cotra2020",
    method: Annotated[Method, typer.Option(help=METHOD_HELP)] = Method["auto"],
    samples: Annotated[Optional[int], typer.Option(
        help="Monte Carlo samples or conditional draws (default: the model's own, by method: cotra2020 200,000 / "
             "10,000; `bioanchors models` lists every model's; at most 2,000,000)")] = None,
    seed: Annotated[int, typer.Option(help="Monte Carlo seed", **SEED_RANGE)] = 0,
    start_year: Annotated[
        Optional[int], typer.Option(help="first year (default: the scenario's)", **YEAR_RANGE)
    ] = None,
    end_year: Annotated[
        Optional[int], typer.Option(help="last year (default: the scenario's)", **YEAR_RANGE)
    ] = None,
    algorithmic_halving_years: Annotated[
        Optional[float], typer.Option(help="set every hypothesis's algorithmic halving time [years]",
                                      callback=finite_float)
    ] = None,
    algorithmic_halving_scale: Annotated[
        Optional[float], typer.Option(help="multiply every hypothesis's halving time by this factor",
                                      callback=finite_float)
    ] = None,
    set_: Annotated[
        Optional[list[str]], typer.Option("--set", help="override a field: --set spending.doubling_time_years=1.5")
    ] = None,
    format: Annotated[TableJsonCsv, typer.Option("--format", help="output format")] = TableJsonCsv.table,
    plot: Annotated[Optional[Path], typer.Option(help="write the CDF plot (.png or .svg)")] = None,
    out: Annotated[Optional[Path], typer.Option(help="write results, scenario and manifest to this new (or empty) "
                                                     "folder")] = None,
    force: Annotated[bool, typer.Option("--force", help="let --out write into a folder that is not empty")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    progress: Annotated[bool, typer.Option(
        "--progress", help="a progress bar on stderr even when it is not a terminal (sampling methods; "
                           "automatic at a terminal)")] = False,
    given_no_tai_by: Annotated[Optional[int], typer.Option(
        help="condition on no TAI by this year (docs/evidence.md); P(by then) = 0", **YEAR_RANGE)] = None,
    realised_log10_flop: Annotated[Optional[float], typer.Option(
        help="with --given-no-tai-by: largest run [log10 FLOP] (default: bundled Epoch data)",
        callback=finite_float)] = None,
    realised_algorithmic_oom: Annotated[Optional[float], typer.Option(
        help="with --given-no-tai-by: algorithmic progress since 2020 [OOM] (default: 8-month halving)",
        callback=finite_float)] = None,
    rebase: Annotated[bool, typer.Option(
        "--rebase", help="with --given-no-tai-by: re-anchor the spending trend at the realised largest run "
        "(docs/evidence.md)")] = False,
) -> None:
    """Forecast P(event by year) for any model's scenario: Cotra's P(training compute for TAI affordable), or
    the model's own event (`bioanchors models` lists them). Default samples: each model's own, by method
    (`bioanchors models` lists them)."""
    run_guarded(
        _forecast, scenario, method.value, samples, seed, start_year, end_year, algorithmic_halving_years,
        algorithmic_halving_scale, set_ or [], format.value, plot, out, "off" if quiet else "on" if progress else "auto",
        force, (given_no_tai_by, realised_log10_flop, realised_algorithmic_oom, rebase),
    )


def parse_set_options(items: list[str]) -> dict:
    """``["a.b=1.5", "c=true"]`` -> ``{"a.b": 1.5, "c": True}`` (values parsed as TOML).

    ``nan``/``inf`` parse as floats and are then refused by the schema like any file value.
    """
    import tomllib

    from ..scenario import MAX_NESTING_DEPTH, ScenarioError, check_depth

    out = {}
    for item in items:
        if "=" not in item:
            raise BioanchorsError(f"--set {item!r}: expected FIELD=VALUE, e.g. spending.doubling_time_years=1.5")
        key, raw = (part.strip() for part in item.split("=", 1))
        if not key or any(not part for part in key.split(".")):
            raise BioanchorsError(f"--set {item!r}: empty field name; e.g. spending.doubling_time_years=1.5")
        try:
            out[key] = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            out[key] = raw  # a bare word: let the schema say what it expected
        except RecursionError:
            raise ScenarioError(f"--set {key}: value nested deeper than {MAX_NESTING_DEPTH} levels") from None
        check_depth(out[key], f"--set {key}")
    return out


def cli_override_dict(sets: list[str], halving_years: float | None = None, halving_scale: float | None = None) -> dict:
    """``--set`` and the halving-time options as one dict of dotted path -> value."""
    overrides = parse_set_options(sets)
    if halving_years is not None:
        overrides["algorithmic_progress.halving_time_years_all"] = halving_years
    if halving_scale is not None:
        overrides["algorithmic_progress.halving_time_scale"] = halving_scale
    return overrides


def apply_cli_overrides(sc, sets: list[str], halving_years: float | None = None, halving_scale: float | None = None):
    """The scenario with ``--set`` and the halving-time options applied (re-validated)."""
    overrides = cli_override_dict(sets, halving_years, halving_scale)
    return sc.replace(overrides) if overrides else sc


def evidence_overrides(given: tuple = (None, None, None, False)) -> dict:
    """``--given-no-tai-by V``, the realised values and ``--rebase`` as scenario overrides ([evidence])."""
    year, flop, oom, rebase = (tuple(given) + (False,))[:4]
    if year is None:
        if flop is not None or oom is not None:
            raise BioanchorsError("--realised-log10-flop and --realised-algorithmic-oom need --given-no-tai-by YEAR")
        return {"evidence.rebase": True} if rebase else {}
    out = {"evidence.vantage_year": year}
    if rebase:
        out["evidence.rebase"] = True
    if flop is not None:
        out["evidence.realised_log10_flop"] = flop
    if oom is not None:  # a realised multiplier is the "measured" reading (docs/evidence.md)
        out["evidence.realised_log10_algorithmic_multiplier"] = oom
        out["evidence.algorithmic_progress"] = "measured"
    return out


def _forecast(scenario, method, samples, seed, start_year, end_year, halving_years, halving_scale, sets, fmt, plot,
              out, bar_mode="auto", force=False, given=(None, None, None, False)):
    """``bar_mode``: "auto" (a progress bar at a terminal), "on" (--progress), "off" (--quiet)."""
    from ..models import model_for
    from ..scenario import load_scenario

    if samples is not None:
        check_samples(samples)
    sc = apply_cli_overrides(load_scenario(scenario), sets, halving_years, halving_scale)
    ev = evidence_overrides(given)
    if set(ev) - {"evidence.vantage_year"} and not hasattr(model_for(sc), "forecast_given"):
        raise BioanchorsError(f"{sc.origin}: --rebase and the realised values update Cotra's hypotheses "
                              f"(docs/evidence.md); a '{sc.model}' scenario takes --given-no-tai-by YEAR alone")
    if ev.get("evidence.rebase") and "evidence.vantage_year" not in ev and sc.spec.evidence is None:
        raise BioanchorsError("--rebase needs --given-no-tai-by YEAR (or a scenario with an [evidence] section)")
    sc = sc.replace(ev) if ev else sc
    y0 = sc.spec.years.start if start_year is None else start_year
    y1 = sc.spec.years.end if end_year is None else end_year
    method, samples = naming_origin(sc.origin, resolve_method, sc, method, samples)
    sampling = method != "exact"
    if sampling:
        check_samples(samples, max(y1 - y0 + 1, 1), method)
    check_plot_path(plot)  # refuse bad output paths before the computation (these may create the folders)
    check_out_dir(out, force)

    use_bar = sampling and (bar_mode == "on" or (bar_mode == "auto" and show_progress(False)))
    if use_bar:  # at a terminal the bar disappears when done; asked for elsewhere (a log), its last state stays
        with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeRemainingColumn(), console=err_console, transient=err_console.is_terminal) as bar:
            task = bar.add_task("Monte Carlo" if method == "monte-carlo" else f"{method} draws", total=samples)
            res = naming_origin(sc.origin, run_forecast, sc, method, samples, seed, start_year, end_year,
                                progress=lambda k: bar.advance(task, k))
    else:
        res = naming_origin(sc.origin, run_forecast, sc, method, samples, seed, start_year, end_year)

    edits = {**cli_override_dict(sets, halving_years, halving_scale), **ev}
    if fmt == "json":
        print_json(forecast_json(res, edits))
    elif fmt == "csv":
        sys.stdout.write(res.to_frame().to_csv(float_format="%.6g"))
    else:
        print_table(res, edits)
    if plot is not None:
        _plot(res, plot, edits)
    if out is not None:
        write_outputs(res, out, edits, base=load_scenario(scenario))


_KIND_SINGULAR = {"hypotheses": "hypothesis", "models": "model", "components": "component"}


def print_table(res: ForecastResult, overrides: dict | None = None) -> None:
    sc = res.scenario
    if overrides:  # the file's description (its published figures) no longer describes this forecast
        changes = ", ".join(f"{k} = {v}" for k, v in overrides.items())
        console.print(Text(edited_name(sc.name, overrides), style="bold")
                      + Text(f": {sc.name} with {changes}; its description is of the unedited scenario"),
                      highlight=False)
    else:
        console.print(Text(sc.name, style="bold") + Text(f": {sc.description}"), highlight=False)
    console.print(_table(res))
    if res.components:
        from ..weight_labels import weight_column

        console.print(weight_column(res).note, style="dim", highlight=False, markup=False)
    console.print(_percentile_line(res), highlight=False)
    for extra in (events_table(res), metrics_table(res)):  # several milestones, takeoff metrics
        if extra is not None:
            console.print(extra)
    from ..overlay import overlay_line, published_overlay

    ov = published_overlay(res)
    if ov is not None:
        console.print(overlay_line(ov), highlight=False, markup=False)
    if res.evidence is not None:
        console.print(evidence_line(res.evidence), highlight=False)
        console.print("Rows are conditioned on that: P(by V) = 0, and each hypothesis's weight is its posterior "
                      "weight; p_none and the affordable compute are the scenario's (not conditioned).", style="dim")


def evidence_line(ev: dict) -> Text:
    """One line saying what the forecast is conditioned on (docs/evidence.md)."""
    lik = ev["likelihood"]
    return Text(f"Given none by {ev['vantage_year']}: reachable effective compute "
                f"{ev['realised_log10_effective_flop']:.2f} log10 2020-FLOP (lag {lik['lag_years']:g} yr, ramp "
                f"{lik['ramp_log10_flop']:g} OOM, p_none {lik['p_none']}); shares shown prior→posterior."
                + ("" if not ev.get("rebase") else f" Spending trend rebased by {ev['rebase']['shift_log10_usd']:+.2f} "
                   f"OOM at {ev['rebase']['year']:g}."))


def _what(res: ForecastResult) -> str:
    """What the table's probabilities are of: the model's own event (presentation.event_of_result)."""
    return p_by(event_of_result(res)[1])


def _table(res: ForecastResult) -> Table:
    """Components (hypotheses for Cotra's model) when the model has them, the total, then diagnostics."""
    summary = [y for y in SUMMARY_YEARS if res.years[0] <= y <= res.years[-1]]
    t = Table(title=_title(res))
    # 14 = "Medium-horizon", the longest word of a label: rich wraps at spaces only and cuts a longer word.
    t.add_column(_KIND_SINGULAR.get(res.component_kind, res.component_kind), min_width=14)
    from ..weight_labels import weight_column

    col = weight_column(res) if res.components else None  # one named convention per table (issue 23 item 4)
    t.add_column(col.header if col else "weight", justify="right")
    for y in summary:
        t.add_column(str(y), justify="right")
    idx = [int(y - res.years[0]) for y in summary]
    for c, w in zip(res.components, col.cells if col else ()):
        t.add_row(Text(c.label), w, *[f"{c.contribution[i]:.3f}" for i in idx])
    se = res.standard_errors
    t.add_row(Text("total", style="bold"), "", *[Text(f"{res.p[i]:.3f}", style="bold") for i in idx],
              end_section=se is None)
    if se is not None:  # its own row keeps the columns narrow enough for 80 characters
        t.add_row(Text(f"± {SE_NOTE[1:-1]}"), "", *[se_value(se[i]) for i in idx], end_section=True)
    if res.forecast is None or "p_none" in res.forecast.diagnostics:
        t.add_row("p_none", "", *[f"{res.p_none[i]:.3f}" for i in idx])
    if res.log10_affordable_flop is not None:
        central = " at central trends" if res.scenario.uncertain_parameters else ""
        t.add_row(Text(f"affordable{central} [log10 FLOP]"), "",
                  *[f"{res.log10_affordable_flop[i]:.2f}" for i in idx])
    return t


def _title(res: ForecastResult) -> str:
    """'P(EVENT by year | no EVENT by V), method: M, N samples': the conditioning named, and no sample count
    claimed when nothing was sampled (a sampled method on a scenario without uncertain inputs)."""
    label = event_of_result(res)[1]
    what = p_by(label) if res.evidence is None else f"P({label} by year | none by {res.evidence['vantage_year']})"
    sampled = res.samples and (res.method == "monte-carlo" or res.scenario.uncertain_parameters)
    count = f", {res.samples:,} samples" if sampled else (", nothing sampled (no uncertain inputs)" if res.samples else "")
    return f"{what}, method: {res.method}{count}"


def _percentile_line(res: ForecastResult) -> Text:
    """The 10th / 50th / 90th percentile years, then (sampled methods) the interpolated dates with their
    standard errors, whose SE is that of the date, not of the whole year (issue 23 item 3)."""
    q, dates = res.quantiles, res.quantile_dates
    qse = res.quantile_standard_errors()

    def year(p):
        return str(q[p]) if q[p] is not None else f"after {int(res.years[-1])}"

    line = (Text(f"10th / 50th / 90th percentile years: {year(0.1)} / ") + Text(year(0.5), style="bold")
            + Text(f" / {year(0.9)}"))
    shown = [(dates[p], se) for p in (0.1, 0.5, 0.9) if (se := qse[p]) is not None]
    if shown:
        line += Text("; interpolated dates: " + ", ".join(
            f"{d:.1f} {se_text(se, 'yr', note=False)}" for d, se in shown) + f" {SE_NOTE}")
    return line


def _plot(res: ForecastResult, path: Path, overrides: dict | None = None) -> None:
    def draw(ax):
        res.plot(ax=ax)
        ax.set_ylabel(_what(res))  # the model's own event (the result's plot says TAI for every model)
        ax.set_title(edited_name(res.scenario.name, overrides))
        return ax

    write_plot(draw, path, figsize=(8, 5))


def write_outputs(res: ForecastResult, out: Path, overrides: dict | None = None, base=None) -> None:
    """results.json, results.csv, scenario.toml and manifest.json in ``out`` (checked by :func:`check_out_dir`).

    An edited scenario (``overrides``, applied to ``base``) is written as edited: a new name, a description
    saying what changed, no ``[published]`` figures (:func:`bioanchors.presentation.edited_toml`).
    """
    try:
        _write_outputs(res, out, overrides or {}, base or res.scenario)
    except OSError as exc:
        raise BioanchorsError(f"--out {out}: cannot write: {exc.strerror or exc}; choose another folder") from None
    err_console.print(Text(f"wrote results and manifest to {out}"))


def _write_outputs(res: ForecastResult, out: Path, overrides: dict, base) -> None:
    from .. import __version__
    from ..scenario import display_name
    from ..vintages import manifest_record

    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(forecast_json(res, overrides), indent=2))
    res.to_frame().to_csv(out / "results.csv", float_format="%.6g")
    (out / "scenario.toml").write_text(edited_toml(res.scenario, base, overrides))
    manifest = {
        "scenario": res.scenario.name,
        "display_name": display_name(res.scenario, overrides),  # "NAME (edited: N changes)" when overridden
        "overrides": overrides,  # what --set and the options changed; scenario.toml holds the result
        "scenario_origin": res.scenario.origin,
        "scenario_hash": res.scenario.content_hash,
        "method": res.method,
        "seed": res.seed,
        "samples": res.samples,
        "years": [int(res.years[0]), int(res.years[-1])],
        "bioanchors_version": __version__,
        # which data vintage the run names (docs/data.md): the scenario's data_vintage, else the pinned one
        "data_vintage": manifest_record(getattr(res.scenario.spec, "data_vintage", None)),
        "files": ["results.json", "results.csv", "scenario.toml"],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
